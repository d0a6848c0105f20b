"""XeroChat domain logic: the only XeroChat code that touches the store.

`api.XeroChat` is one workspace's installation (the platform's backend); the resources
(`Users`, `Facebook`, `Contacts`, `Flows`) are built on it by whoever uses them;
`load_fixture` / `export_fixture` implement the platform's fixture section, and
`provision` stores the users of a new or cleared workspace's API keys.
"""

from __future__ import annotations

from sandbox.platforms.xerochat.models.contacts import Contacts
from sandbox.platforms.xerochat.models.facebook import Facebook
from sandbox.platforms.xerochat.models.fixtures import export_fixture, load_fixture, provision
from sandbox.platforms.xerochat.models.flows import Flows
from sandbox.platforms.xerochat.models.users import Users

__all__ = [
    "Contacts",
    "Facebook",
    "Flows",
    "Users",
    "export_fixture",
    "load_fixture",
    "provision",
]
