"""One table of a platform as its models read it: the shapes most resource classes repeat.

A platform's resource (tags, labels, shop locations, ...) is a table, the conditions
every one of its rows meets (a flow, a bot), a not-found error in the vendor's words, and
the same handful of reads and writes: a lookup by an indexed key, a lookup by name (any
case), a page of a listing searched by name, insert / update / remove.

    class Tags(FlochatResource):
        TABLE = TAGS
        NOT_FOUND = "Tag not found"

    Tags(api).by_key(tag_ns="f1t2")  # FlochatError("Tag not found") when there is none
    Tags(api).listing("vip", limit=20, page_number=2)

A listing costs its page: without a search it reads the page from the store's order
index; with one it reads rows in order until the page is full (`name LIKE %x%` cannot
use an index, but it need not read past the page either).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, ClassVar, Generic, TypeVar

from sandbox.core.backend import WorkspaceBackend
from sandbox.core.fixtures import FixtureError
from sandbox.core.storage import Record
from sandbox.core.storage.records import IEquals

B = TypeVar("B", bound=WorkspaceBackend)
T = TypeVar("T")


def name_matches(search: str | None) -> Callable[[str | None], bool]:
    """`name LIKE %search%` under MySQL's case-insensitive collation (everything for no
    search)."""
    if not search:
        return lambda name: True
    needle = search.casefold()
    return lambda name: needle in (name or "").casefold()


def pick(row: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    """`row`'s values of `keys`, in that order: most of a vendor object is its stored
    fields as they are."""
    return {key: row[key] for key in keys}


def page_of(
    items: Iterable[T], limit: int | None, page_number: int | None, default_limit: int
) -> list[T]:
    """One page of `items`, Laravel's offset paging (page 1 is the first; no limit or 0
    is `default_limit`, no page or 0 is page 1), reading `items` no further than the page.
    """
    size = limit or default_limit
    start = ((page_number or 1) - 1) * size
    if start < 0 or size < 0:
        # Out of the bounds the schemas allow: a list slice's answer (negative indexes
        # count from the end), which needs the whole listing.
        return list(items)[start : start + size]
    return list(itertools.islice(items, start, start + size))


def fixture_id(
    api: WorkspaceBackend, table: str, wanted: int | None, where: list[str | int], what: str
) -> int:
    """The id of a row of `table` a fixture loads: the one it names (reserved, so
    `next_id` never hands it out again) or the next; ids are unique in the workspace, so
    another row holding it is a FixtureError at `where`'s `id` ("another <what> has id")."""
    row_id = wanted or api.next_id(table)
    api.reserve_id(table, row_id)
    if api.first(table, id=row_id) is not None:
        raise FixtureError([*where, "id"], f"another {what} has id {row_id}")
    return row_id


class Resource(Generic[B]):
    """The rows of `TABLE` a backend's caller may see (those meeting `scope()`).

    A subclass names its table, its not-found message and how the platform raises it
    (`missing()`); it may order its listings by a field (`ORDER_BY`) rather than by
    insertion, and search them on another field than `name` (`NAME_FIELD`).
    """

    TABLE: ClassVar[str]
    NOT_FOUND: ClassVar[str] = "Not found"
    #: Order of `all()` and of listings: a field (then insertion), or None for insertion.
    ORDER_BY: ClassVar[str | None] = None
    #: The field a listing's search and `by_name` read.
    NAME_FIELD: ClassVar[str] = "name"
    #: A listing's page size when the request gives none.
    DEFAULT_LIMIT: ClassVar[int] = 15
    #: The field holding a row's own id, for `by_text_id`.
    ID_FIELD: ClassVar[str] = "id"

    def __init__(self, api: B, table: str | None = None) -> None:
        self.api = api
        #: `TABLE`, or the table of this instance for a class serving several (alike
        #: tables of different things, as Flochat's user and bot fields).
        self.table: str = table or self.TABLE

    def scope(self) -> dict[str, Any]:
        """Conditions every row of this resource meets (a platform's tenant inside the
        workspace, such as a flow); they are also written into every inserted row."""
        return {}

    def missing(self) -> Exception:
        """The platform's error for a row that is not there: a platform whose lookups
        answer the vendor's not-found overrides it; the default, a LookupError naming the
        table, suits code outside a request (a fixture loader, a tool)."""
        return LookupError(f"no row of {self.table} has that key")

    # -- reads ------------------------------------------------------------------------

    def all(self) -> list[Record]:
        return list(self.rows())

    def rows(self) -> Iterator[Record]:
        """The rows in listing order, lazily (from an order index: a caller that stops
        early has read only what it took)."""
        return self.api.store.scan(self.table, self.api.workspace, self.ORDER_BY, **self.scope())

    def first(self, **conditions: Any) -> Record | None:
        """The oldest row meeting `conditions`, by the store's indexes."""
        return self.api.first(self.table, **self.scope(), **conditions)

    def by_text_id(self, row_id: Any) -> Record | None:
        """The row a request's string id names, or None: an id that is not a string (a
        JSON body's number, list or null) names no row rather than reaching the index."""
        if not isinstance(row_id, str):
            return None
        return self.first(**{self.ID_FIELD: row_id})

    def by_key(self, **conditions: Any) -> Record:
        """The row of an indexed key (`tag_ns=...`, `id=...`), or the not-found error."""
        found = self.first(**conditions)
        if found is None:
            raise self.missing()
        return found

    def find_by_name(self, name: str) -> Record | None:
        """The row named `name` (surrounding blanks and case aside), indexed."""
        return self.first(**{self.NAME_FIELD: IEquals(name.strip())})

    def by_name(self, name: str) -> Record:
        found = self.find_by_name(name)
        if found is None:
            raise self.missing()
        return found

    def listing(
        self,
        search: str | None,
        limit: int | None,
        page_number: int | None,
        *,
        where: Callable[[Record], bool] | None = None,
    ) -> list[Record]:
        """A page of the rows whose name contains `search` (any case) and that pass
        `where`, read in order only as far as the page."""
        matches = name_matches(search)
        rows: Iterable[Record] = self.rows()
        if search:
            rows = (row for row in rows if matches(row[self.NAME_FIELD]))
        if where is not None:
            rows = filter(where, rows)
        return page_of(rows, limit, page_number, self.DEFAULT_LIMIT)

    # -- writes -----------------------------------------------------------------------

    def fixture_id(self, wanted: int | None, where: list[str | int], what: str) -> int:
        return fixture_id(self.api, self.table, wanted, where, what)

    def add(self, row: Mapping[str, Any]) -> Record:
        """Insert `row` with the scope's fields first (a flow row's `flow`)."""
        return self.api.insert(self.table, {**self.scope(), **row})

    def change(self, record: Record, changes: Mapping[str, Any]) -> Record:
        return self.api.update(self.table, record, changes)

    def delete(self, record: Record) -> None:
        self.api.remove(self.table, record)
