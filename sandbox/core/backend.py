"""A workspace's storage as one platform's models see it, built once per request.

A platform's `authenticate()` says who is calling: a `Principal` (the workspace, plus
whatever the vendor's credentials carry: a bot, scopes, a user id). The core turns it
into the platform's backend, a `WorkspaceBackend` subclass, the first time a view or
model asks for it (`current_backend()`), and keeps it for the rest of the request.
Resources receive the backend; they never import the platform's facade back.

    class Team(WorkspaceBackend):
        def __init__(self, ctx: Context, principal: Principal) -> None:
            super().__init__(ctx, principal)
            self.flow_id = principal.claims["flow"]

    PLATFORM = Platform(..., backend=Team)

Ids: `next_id(table)` is the table's AUTO_INCREMENT (never reused, O(1) per call);
`reserve_id(table, id)` moves it past an id a fixture chose.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from flask import current_app, g

from sandbox.core.clock import Clock
from sandbox.core.context import Context, current_context
from sandbox.core.counters import Counters
from sandbox.core.platform import PLATFORM_EXTENSION, Principal
from sandbox.core.storage import Record, Store

#: The table of a platform's counters unless it names its own: one record per
#: (workspace, counter name).
COUNTERS = "_sandbox.counters"
B = TypeVar("B", bound="WorkspaceBackend")


class WorkspaceBackend:
    """One workspace's tables, as a platform reads and writes them.

    Every read is scoped to the workspace; lookups by field values use the store's
    indexes (`first(table, email=...)` costs the same at 10 or 100,000 records), so
    the fast way is the only way a resource can write.
    """

    #: Where this platform keeps its counters (a platform with stored data of its own
    #: keeps the table it always used).
    COUNTERS_TABLE = COUNTERS

    def __init__(self, ctx: Context, principal: Principal | None = None) -> None:
        self.ctx = ctx
        self.store: Store = ctx.store
        self.clock: Clock = ctx.clock
        self.workspace: str = ctx.workspace.name
        self.principal = principal or Principal(ctx.workspace)
        self.counters = Counters(self.store, self.COUNTERS_TABLE, self.workspace)

    # -- reads ------------------------------------------------------------------------

    def get(self, table: str, record_id: int) -> Record | None:
        return self.store.get(table, self.workspace, record_id)

    def find(self, table: str, **conditions: Any) -> list[Record]:
        return self.store.find(table, self.workspace, **conditions)

    def first(self, table: str, **conditions: Any) -> Record | None:
        return self.store.first(table, self.workspace, **conditions)

    def count(self, table: str, **conditions: Any) -> int:
        return self.store.count(table, self.workspace, **conditions)

    def exists(self, table: str, **conditions: Any) -> bool:
        return self.first(table, **conditions) is not None

    def page(
        self,
        table: str,
        order_by: str = "id",
        *,
        limit: int,
        offset: int = 0,
        descending: bool = False,
        **conditions: Any,
    ) -> list[Record]:
        """`limit` records after the first `offset`, ordered by `order_by` (then id): a
        page of a listing, costing what the page and the records before it cost (as a SQL
        OFFSET does), not the table (the store keeps an order index)."""
        found = self.store.ordered(
            table,
            self.workspace,
            order_by,
            descending=descending,
            limit=offset + limit,
            **conditions,
        )
        return found[offset:]

    # -- writes -----------------------------------------------------------------------

    def insert(self, table: str, row: Mapping[str, Any]) -> Record:
        return self.store.insert(table, self.workspace, row)

    def update(self, table: str, record: Record | int, changes: Mapping[str, Any]) -> Record:
        return self.store.update(table, _id_of(record), changes)

    def remove(self, table: str, record: Record | int) -> None:
        self.store.remove(table, _id_of(record))

    # -- counters ---------------------------------------------------------------------

    def next_id(self, table: str) -> int:
        """The next id of `table` in this workspace: an AUTO_INCREMENT, never reused, one
        indexed lookup and one write whatever the table's size."""
        return self.counters.next(table, floor=lambda: self._highest_id(table))

    def reserve_id(self, table: str, row_id: int) -> None:
        """Note an id given explicitly (by a fixture): `next_id` goes on after it, so the
        id is not handed out again even once its row is deleted."""
        self.counters.reserve(table, row_id, floor=lambda: self._highest_id(table))

    def _highest_id(self, table: str) -> int:
        # Read once per counter, only when the counter has no record yet (core.counters).
        return max((r["id"] for r in self.find(table)), default=0)


def _id_of(record: Record | int) -> int:
    return record if isinstance(record, int) else record.id


def current_principal() -> Principal:
    """Who the current request's credentials name (set by the core after authenticate)."""
    principal = g.get("sandbox_principal")
    if principal is None:
        return Principal(current_context().workspace)
    return principal  # type: ignore[no-any-return]


def current_backend(kind: type[B] | None = None) -> B:
    """The request's backend of its platform, built on first use from the principal.

    `kind` only narrows the type for the caller (and checks it): the platform decides
    which backend class serves its requests.
    """
    backend = g.get("sandbox_backend")
    if backend is None:
        platform = current_app.extensions[PLATFORM_EXTENSION]
        factory = platform.backend or WorkspaceBackend
        backend = g.sandbox_backend = factory(current_context(), current_principal())
    if kind is not None and not isinstance(backend, kind):
        raise TypeError(f"this request's backend is a {type(backend).__name__}, not {kind}")
    return backend  # type: ignore[no-any-return]
