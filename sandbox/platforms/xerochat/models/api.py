"""`XeroChat`: one workspace's XeroChat installation, as the authenticated user sees it."""

from __future__ import annotations

from typing import Any

from flask import g

from sandbox.core.context import Context
from sandbox.core.counters import Counters
from sandbox.core.storage import Record, Store
from sandbox.platforms.xerochat.models.common import (
    AUTO_INCREMENT,
    DEFAULT_TIMEZONE,
    SETTINGS,
    php_date,
)


class XeroChat:
    """The installation of one workspace; `user_id` is the user the API key belongs to."""

    def __init__(self, ctx: Context, user_id: int = 0) -> None:
        from sandbox.platforms.xerochat.models.contacts import Contacts
        from sandbox.platforms.xerochat.models.facebook import Facebook
        from sandbox.platforms.xerochat.models.flows import Flows
        from sandbox.platforms.xerochat.models.users import Users

        self.ctx = ctx
        self.store: Store = ctx.store
        self.workspace = ctx.workspace.name
        self.user_id = user_id
        self.counters = Counters(self.store, AUTO_INCREMENT, self.workspace)
        settings = self.store.first(SETTINGS, self.workspace)
        self.timezone: str = (settings or {}).get("timezone", DEFAULT_TIMEZONE)
        self.users = Users(self)
        self.facebook = Facebook(self)
        self.contacts = Contacts(self)
        self.flows = Flows(self)

    def now(self) -> str:
        """`date("Y-m-d H:i:s")`: the sandbox clock in the installation's timezone."""
        return php_date(self.ctx.clock.now(), self.timezone)

    def next_id(self, table: str) -> int:
        """The next AUTO_INCREMENT id of a table of this installation: one more than the
        highest id the table has held, so the id of a deleted row is never given again
        (the API's deletes are real DELETEs, and InnoDB's counter does not go back). It
        comes from the table's counter record; the table itself is read only while that
        record does not exist yet (a fresh fixture load: MySQL, too, recomputes the
        counter from the highest id on a restart)."""
        return self.counters.next(table, floor=lambda: self._highest_id(table))

    def reserve_id(self, table: str, row_id: int) -> None:
        """Note an id given explicitly: AUTO_INCREMENT goes on after it."""
        self.counters.reserve(table, row_id, floor=lambda: self._highest_id(table))

    def _highest_id(self, table: str) -> int:
        return max((r["id"] for r in self.store.find(table, self.workspace)), default=0)

    def find(self, table: str, **conditions: Any) -> list[Record]:
        return self.store.find(table, self.workspace, **conditions)

    def first(self, table: str, **conditions: Any) -> Record | None:
        return self.store.first(table, self.workspace, **conditions)


def current_xerochat() -> XeroChat:
    """The installation and user of the request (set by the API key check)."""
    api = g.get("xerochat")
    if api is None:
        raise RuntimeError("the XeroChat API key has not been checked for this request")
    return api
