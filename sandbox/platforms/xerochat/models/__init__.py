"""XeroChat domain logic: the only XeroChat code that touches the store.

`api.XeroChat` is one workspace's installation (the platform's backend); the resources
(`Users`, `Facebook`, `Contacts`, `Flows`) are built on it by whoever uses them;
`load_fixture` / `export_fixture` implement the platform's fixture section.
"""

from __future__ import annotations

from sandbox.core.context import Context
from sandbox.core.platform import Principal
from sandbox.platforms.xerochat.models import api
from sandbox.platforms.xerochat.models.contacts import Contacts
from sandbox.platforms.xerochat.models.facebook import Facebook
from sandbox.platforms.xerochat.models.fixtures import export_fixture, load_fixture
from sandbox.platforms.xerochat.models.flows import Flows
from sandbox.platforms.xerochat.models.users import Users


class Installation(api.XeroChat):
    """The backend as user `user_id` sees it, with every resource built on it: what code
    outside a request (the models' tests) used to get from the facade."""

    def __init__(self, ctx: Context, user_id: int = 0) -> None:
        super().__init__(ctx, Principal(ctx.workspace, {"user_id": user_id}))
        self.users = Users(self)
        self.facebook = Facebook(self)
        self.contacts = Contacts(self)
        self.flows = Flows(self)


#: The name the models' tests know `Installation` by.
XeroChat = Installation

__all__ = [
    "Contacts",
    "Facebook",
    "Flows",
    "Installation",
    "Users",
    "XeroChat",
    "export_fixture",
    "load_fixture",
]
