"""AUTO_INCREMENT counters: the next id of a table of one workspace, never given twice.

Platforms whose ids are MySQL AUTO_INCREMENT columns (Flochat, XeroChat) hand out "one
more than the last id the table ever had". Computing that from the table (the highest id
stored) cost a scan of the whole table per insert: 3,000 XeroChat contacts made a create
13 times slower than the first. Here each counter is one record, `{"name": <table>,
"last": <last id given>}`, in a table of counters the platform names, found through the
store's index on `name`: a call costs the same at any size.

What the counter relies on: every id that reaches a table without `next()` (a fixture's
explicit id) is `reserve()`d, so the counter always stands at or above the highest id
the table has held. A deleted row's id is never given again, as InnoDB's counter does
not go back.

The one exception is a counter that has no record yet while its table has rows (a store
written before the counter existed, or rows loaded by code that predates `reserve`):
`next()` then asks `floor()`, once, for the highest id already there. After that first
call the record exists and no table is read again.
"""

from __future__ import annotations

from collections.abc import Callable

from sandbox.core.storage import Record, Store


class Counters:
    """The counters of one workspace, kept as records of `table` (one per counter name)."""

    def __init__(self, store: Store, table: str, workspace: str) -> None:
        self.store = store
        self.table = table
        self.workspace = workspace

    def _record(self, name: str) -> Record | None:
        # `name=` is an indexed equality: one dict lookup, whatever the number of counters.
        return self.store.first(self.table, self.workspace, name=name)

    def last(self, name: str) -> int:
        """The last number counter `name` gave or reserved (0 before any)."""
        record = self._record(name)
        return int(record["last"]) if record is not None else 0

    def next(self, name: str, at_least: int = 1, *, floor: Callable[[], int] | None = None) -> int:
        """The next number of counter `name` (one more than the last), and at least
        `at_least`. `floor`, asked only while the counter has no record, gives the highest
        number already in use (see the module's docstring)."""
        record = self._record(name)
        if record is None:
            number = max(at_least, floor() + 1 if floor is not None else 1)
            self.store.insert(self.table, self.workspace, {"name": name, "last": number})
            return number
        number = max(int(record["last"]) + 1, at_least)
        self.store.update(self.table, record.id, {"last": number})
        return number

    def reserve(self, name: str, number: int, *, floor: Callable[[], int] | None = None) -> None:
        """Note that `number` is taken (an id a fixture chose): `next()` goes on after it,
        even once its row is deleted. A number below the counter changes nothing. `floor`
        is as for `next()`."""
        record = self._record(name)
        if record is None:
            last = max(number, floor() if floor is not None else 0)
            self.store.insert(self.table, self.workspace, {"name": name, "last": last})
        elif record["last"] < number:
            self.store.update(self.table, record.id, {"last": number})
