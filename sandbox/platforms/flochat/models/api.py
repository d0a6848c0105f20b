"""`Flochat`: one workspace's UChat team, as the request's API key sees it."""

from __future__ import annotations

import re
from typing import Any

from sandbox.core.backend import WorkspaceBackend
from sandbox.core.context import Context
from sandbox.core.platform import Principal
from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.common import COUNTERS, NS_LETTERS, laravel_datetime

FLOW_SCOPE = "flow"  # "Manage Flow"
TEAM_SCOPE = "team"  # "Manage Team"
SCOPE_NAMES = {FLOW_SCOPE: "Manage Flow", TEAM_SCOPE: "Manage Team"}


class Flochat(WorkspaceBackend):
    """The team of one workspace; `flow_id` is the bot the API key belongs to."""

    COUNTERS_TABLE = COUNTERS

    def __init__(self, ctx: Context, flow_id: int = 0, scopes: frozenset[str] = frozenset()):
        super().__init__(ctx)
        self.flow_id = flow_id
        self.scopes = scopes

    @classmethod
    def of(cls, ctx: Context, principal: Principal) -> Flochat:
        """The team as a request's key sees it (its flow and scopes: flochat.auth)."""
        return cls(ctx, principal.claims["flow"], principal.claims["scopes"])

    # -- services ----------------------------------------------------------------------------

    def now(self) -> str:
        return laravel_datetime(self.ctx.clock.now())

    def timestamp(self) -> int:
        return int(self.ctx.clock.now().timestamp())

    def ns(self, kind: str) -> str:
        """A new flow-scoped id, `f<flow><letter><n>` (`f123u4` for the 4th user); `kind`
        is a key of NS_LETTERS, or the letter(s) itself for kinds not listed there."""
        letter = NS_LETTERS.get(kind, kind)
        return f"f{self.flow_id}{letter}{self._count(f'{self.flow_id}:{letter}')}"

    def claim_ns(self, value: str) -> None:
        """Make sure `ns()` never gives out `value` (an id a fixture chose): the counter of
        its letter moves past its number. Values not of this flow's form are ignored."""
        match = re.fullmatch(rf"f{self.flow_id}([a-z]+)(\d+)", value)
        if match is not None:
            name = f"{self.flow_id}:{match.group(1)}"
            self._count(name, at_least=int(match.group(2)))

    def _count(self, name: str, at_least: int = 1) -> int:
        """The next number of counter `name`, and at least `at_least`."""
        return self.counters.next(name, at_least)

    # -- storage of this workspace (flow rows are those of the key's flow) --------------------

    def find_in_flow(self, table: str, **conditions: Any) -> list[Record]:
        return self.find(table, flow=self.flow_id, **conditions)

    def first_in_flow(self, table: str, **conditions: Any) -> Record | None:
        return self.first(table, flow=self.flow_id, **conditions)
