"""`XeroChat`: one workspace's XeroChat installation as the API key's user sees it, the
platform's per-request backend (built by the core from auth's Principal)."""

from __future__ import annotations

from sandbox.core.backend import WorkspaceBackend
from sandbox.core.context import Context
from sandbox.core.platform import Principal
from sandbox.platforms.xerochat.models.common import (
    AUTO_INCREMENT,
    DEFAULT_TIMEZONE,
    SETTINGS,
    php_date,
)


class XeroChat(WorkspaceBackend):
    """The installation of one workspace; `user_id` is the user the API key belongs to
    (the principal's `user_id` claim; 0 outside a request, for fixtures)."""

    # The installation's AUTO_INCREMENT counters keep the table they always had: one more
    # than the highest id a table has held, so the id of a deleted row is never given
    # again (the API's deletes are real DELETEs, and InnoDB's counter does not go back).
    COUNTERS_TABLE = AUTO_INCREMENT

    def __init__(self, ctx: Context, principal: Principal | None = None) -> None:
        super().__init__(ctx, principal)
        self.user_id: int = int(self.principal.claims.get("user_id", 0))
        settings = self.first(SETTINGS)
        self.timezone: str = (settings or {}).get("timezone", DEFAULT_TIMEZONE)

    @classmethod
    def as_user(cls, ctx: Context, user_id: int) -> XeroChat:
        """The installation as user `user_id` sees it, without a request."""
        return cls(ctx, Principal(ctx.workspace, {"user_id": user_id}))

    def now(self) -> str:
        """`date("Y-m-d H:i:s")`: the sandbox clock in the installation's timezone."""
        return php_date(self.clock.now(), self.timezone)
