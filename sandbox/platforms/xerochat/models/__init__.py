"""XeroChat domain logic: the only XeroChat code that touches the store.

`XeroChat(ctx)` is one workspace's installation; `load_fixture` / `export_fixture`
implement the platform's fixture section.
"""

from sandbox.platforms.xerochat.models.api import XeroChat, current_xerochat
from sandbox.platforms.xerochat.models.fixtures import export_fixture, load_fixture

__all__ = ["XeroChat", "current_xerochat", "export_fixture", "load_fixture"]
