"""`Flochat`: one workspace's UChat team, as the request's API key sees it."""

from __future__ import annotations

import re
from typing import Any

from flask import g

from sandbox.core.context import Context
from sandbox.core.counters import Counters
from sandbox.core.storage import Record, Store
from sandbox.platforms.flochat.models.common import COUNTERS, NS_LETTERS, laravel_datetime

FLOW_SCOPE = "flow"  # "Manage Flow"
TEAM_SCOPE = "team"  # "Manage Team"
SCOPE_NAMES = {FLOW_SCOPE: "Manage Flow", TEAM_SCOPE: "Manage Team"}


class Flochat:
    """The team of one workspace; `flow_id` is the bot the API key belongs to."""

    def __init__(self, ctx: Context, flow_id: int = 0, scopes: frozenset[str] = frozenset()):
        self.ctx = ctx
        self.store: Store = ctx.store
        self.workspace = ctx.workspace.name
        self.flow_id = flow_id
        self.scopes = scopes
        self.counters = Counters(self.store, COUNTERS, self.workspace)

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

    def next_id(self, table: str) -> int:
        """The next team-wide integer id of a table (an AUTO_INCREMENT: never reused), from
        its counter record: the table itself is not read (it is only while the counter has
        no record yet, in a store written before counters were kept for every table)."""
        return self.counters.next(table, floor=lambda: self._highest_id(table))

    def reserve_id(self, table: str, row_id: int) -> None:
        """Note an id given explicitly (by a fixture): AUTO_INCREMENT goes on after it, so
        the id is not handed out again even once its row is deleted."""
        self.counters.reserve(table, row_id, floor=lambda: self._highest_id(table))

    def _highest_id(self, table: str) -> int:
        return max((r["id"] for r in self.store.find(table, self.workspace)), default=0)

    def _count(self, name: str, at_least: int = 1) -> int:
        """The next number of counter `name`, and at least `at_least`."""
        return self.counters.next(name, at_least)

    # -- storage of this workspace (flow rows are those of the key's flow) --------------------

    def find(self, table: str, **conditions: Any) -> list[Record]:
        return self.store.find(table, self.workspace, **conditions)

    def first(self, table: str, **conditions: Any) -> Record | None:
        return self.store.first(table, self.workspace, **conditions)

    def find_in_flow(self, table: str, **conditions: Any) -> list[Record]:
        return self.find(table, flow=self.flow_id, **conditions)

    def first_in_flow(self, table: str, **conditions: Any) -> Record | None:
        return self.first(table, flow=self.flow_id, **conditions)

    def insert(self, table: str, row: dict[str, Any]) -> Record:
        return self.store.insert(table, self.workspace, row)

    def update(self, table: str, record: Record, changes: dict[str, Any]) -> Record:
        return self.store.update(table, record.id, changes)

    def remove(self, table: str, record: Record) -> None:
        self.store.remove(table, record.id)


def current_flochat() -> Flochat:
    """The team and flow of the request (set by authentication)."""
    api = g.get("flochat")
    if api is None:
        raise RuntimeError("the Flochat API key has not been checked for this request")
    return api
