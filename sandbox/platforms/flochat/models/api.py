"""`Flochat`: one workspace's UChat team, as the request's API key sees it; and the
resource base its models stand on (`FlochatResource`, `FlowResource`)."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from sandbox.core.backend import WorkspaceBackend
from sandbox.core.context import Context
from sandbox.core.platform import Principal
from sandbox.core.resources import Resource
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.common import (
    COUNTERS,
    DEFAULT_LIMIT,
    NS_LETTERS,
    laravel_datetime,
)
from sandbox.platforms.flochat.models.team_common import path_id

FLOW_SCOPE = "flow"  # "Manage Flow"
TEAM_SCOPE = "team"  # "Manage Team"
SCOPE_NAMES = {FLOW_SCOPE: "Manage Flow", TEAM_SCOPE: "Manage Team"}


class Flochat(WorkspaceBackend):
    """The team of one workspace; `flow_id` is the bot the API key belongs to."""

    COUNTERS_TABLE = COUNTERS

    def __init__(
        self,
        ctx: Context,
        flow_id: int = 0,
        scopes: frozenset[str] = frozenset(),
        principal: Principal | None = None,
    ):
        super().__init__(ctx, principal)
        self.flow_id = flow_id
        self.scopes = scopes

    @classmethod
    def of(cls, ctx: Context, principal: Principal) -> Flochat:
        """The team as a request's key sees it (its flow and scopes: flochat.auth)."""
        return cls(ctx, principal.claims["flow"], principal.claims["scopes"], principal)

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


class FlochatResource(Resource[Flochat]):
    """A team-level table of Flochat's (one row set per workspace), answering a missing
    row with the vendor's 400 `{"status": "error", "message": NOT_FOUND}`."""

    DEFAULT_LIMIT = DEFAULT_LIMIT
    #: The field of the vendor's string id (`tag_ns`, `template_ns`), for `by_ns`.
    NS_FIELD: ClassVar[str] = ""

    def missing(self) -> Exception:
        return FlochatError(self.NOT_FOUND)

    def list(self, name: str | None, limit: int | None, page_number: int | None) -> list[Record]:
        """A page of the rows whose name contains `name`: `?name=&limit=&page=`."""
        return self.listing(name, limit, page_number)

    def add_named(self, name: str, row: dict[str, Any], exists: str) -> Record:
        """Insert `row` named `name` (trimmed), unless a row has that name (any case)
        already: the vendor's 400 `exists`."""
        if self.find_by_name(name) is not None:
            raise FlochatError(exists)
        return self.add({**row, self.NAME_FIELD: name.strip()})

    def by_ns(self, ns: str) -> Record:
        return self.by_key(**{self.NS_FIELD: ns})

    def by_path_id(self, value: str) -> Record:
        """The row of the integer id a path carries; anything else is not found."""
        number = path_id(value)
        if number is None:
            raise self.missing()
        return self.by_key(id=number)


class FlowResource(FlochatResource):
    """A flow-level table: the rows of the API key's flow only."""

    def scope(self) -> dict[str, Any]:
        return {"flow": self.api.flow_id}
