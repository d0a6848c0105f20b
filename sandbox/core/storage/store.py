"""`Store`: tables of documents, each owned by a workspace, read and written through a
narrow interface (its transactions and files are its base classes')."""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from sandbox.core.journal import JournalWriter, Recovery
from sandbox.core.storage.indexes import _condition_kind, _Index, _matches, _path
from sandbox.core.storage.ordered import ORDER, _OrderIndex
from sandbox.core.storage.persistence import COMPACT_AT_BYTES, _Persistence
from sandbox.core.storage.records import _CONTAINERS, WORKSPACE_KEY, Record, _clone
from sandbox.core.storage.tables import _Table
from sandbox.core.storage.transactions import _Transactions

#: Values `Store.memo` remembers at most.
MEMO_SIZE = 4096
T = TypeVar("T")
IndexT = TypeVar("IndexT", _Index, _OrderIndex)
MEMORY = ":memory:"


class Store(_Transactions, _Persistence):
    """Tables of documents, each document owned by a workspace."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        flush_interval: float = 0.2,
        *,
        fsync: bool = False,
        compact_at: int = COMPACT_AT_BYTES,
    ) -> None:
        """Open the store at `path` (created on first write), or in memory for None/":memory:".

        `fsync=True` makes every commit wait until its journal line is on disk (surviving
        power loss, not only a crash of the process); `flush_interval` is how often the
        background writer looks at the journal's size; `compact_at` is the size that
        triggers a compaction, or the snapshot's size when that is larger.
        """
        path_text = os.fspath(path) if path is not None else None
        self.path = None if path_text in (None, MEMORY) else Path(path_text)
        self._compact_at = compact_at
        self._snapshot_bytes = 0
        self._tables: dict[str, _Table] = {}
        self._memo: dict[tuple[str, Hashable], tuple[int, Any]] = {}
        self._write_lock = threading.RLock()
        self._local = threading.local()
        self._journal_file = JournalWriter(fsync)
        #: What loading had to repair (empty when the files were sound).
        self.recovery = Recovery()
        #: Commits refused because their journal line could not be written, and
        #: compactions that failed (each retried later), since the store was opened.
        self.write_failures = 0
        self.compaction_failures = 0
        #: A snapshot is owed (the backup was loaded, or a compaction failed).
        self._needs_snapshot = False
        self._flush_lock = threading.Lock()  # one compaction at a time
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._flush_interval = flush_interval
        self._writer: threading.Thread | None = None
        self._closed = False
        if self.path is not None:
            self._recover()
        self.resume_writer()

    def _table(self, name: str) -> _Table:
        table = self._tables.get(name)
        if table is None:
            table = self._tables.setdefault(name, _Table(name))
        return table

    # -- reads -------------------------------------------------------------------

    def get(self, table: str, workspace: str, record_id: int) -> Record | None:
        found = self._tables.get(table)
        doc = found.docs.get(record_id) if found is not None else None
        if doc is None or doc.get(WORKSPACE_KEY) != workspace:
            return None
        return self._record(record_id, doc)

    def find(self, table: str, workspace: str, **conditions: Any) -> list[Record]:
        """Every record of `workspace` matching all conditions, oldest first.

        Conditions are keyword arguments: the key names a field (`a.b` for a nested one),
        the value is what it must equal, or `Contains(value)` for list membership, or
        `IEquals(text)` for case-insensitive equality. `**{"a.b": value}` passes a dotted key.
        """
        found = self._tables.get(table)
        if found is None:
            return []
        return [self._record(i, doc) for i, doc in self._matching(found, workspace, conditions)]

    def first(self, table: str, workspace: str, **conditions: Any) -> Record | None:
        found = self._tables.get(table)
        if found is None:
            return None
        for record_id, doc in self._matching(found, workspace, conditions):
            return self._record(record_id, doc)
        return None

    def count(self, table: str, workspace: str, **conditions: Any) -> int:
        found = self._tables.get(table)
        if found is None:
            return 0
        if not conditions:  # what a listing's total asks: the workspace's ids, counted
            return len(found.by_workspace.get(workspace, ()))
        return sum(1 for _ in self._matching(found, workspace, conditions))

    def ordered(
        self,
        table: str,
        workspace: str,
        order_by: str | None,
        *,
        descending: bool = False,
        limit: int,
        **conditions: Any,
    ) -> list[Record]:
        """The first `limit` records of `scan(...)`: the first page of a listing, at the
        cost of that page."""
        if limit <= 0:
            return []
        return list(
            itertools.islice(
                self.scan(table, workspace, order_by, descending=descending, **conditions), limit
            )
        )

    def scan(
        self,
        table: str,
        workspace: str,
        order_by: str | None,
        *,
        descending: bool = False,
        **conditions: Any,
    ) -> Iterator[Record]:
        """The records of `workspace` matching all conditions (as `find`'s), ordered by
        (`order_by`, id), or by id alone for None (oldest first, as `find` orders them),
        descending for `descending=True`; lazily, from an order index built on first use,
        so a caller that stops after a page reads that page.

        Only records whose `order_by` value is a string or a number are ordered (strings
        after numbers); the others are left out. Checking the conditions costs a look
        at each record passed over, so this suits conditions most records meet (not
        deleted, of one flow); a selective condition is `find`'s."""
        found = self._tables.get(table)
        if found is None:
            return
        checks = [(_path(name), value) for name, value in conditions.items()]
        index = self._order_index(found, _path(order_by) if order_by else ())
        docs = found.docs
        for record_id in index.ids(workspace, descending):
            doc = docs.get(record_id)
            if doc is None or doc.get(WORKSPACE_KEY) != workspace:
                continue  # removed by a writer since the ids were read
            if all(_matches(doc, path, condition) for path, condition in checks):
                yield self._record(record_id, doc)

    def _order_index(self, table: _Table, path: tuple[str, ...]) -> _OrderIndex:
        return self._built(table, (ORDER, path), _OrderIndex, path)

    def version(self, table: str) -> int:
        """A number that changes whenever anything in `table` changes (never goes back)."""
        found = self._tables.get(table)
        return found.version if found is not None else 0

    def memo(self, table: str, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, remembered until anything in `table` changes: for what every
        request derives from a few records (the workspace of an API key, an org's
        settings). The value is shared between requests, so it must not be changed."""
        # The version is read before `compute` reads the table: a write landing in between
        # makes the entry look stale next time, never the other way round.
        version = self.version(table)
        entry = self._memo.get((table, key))
        if entry is not None and entry[0] == version:
            return entry[1]  # type: ignore[no-any-return]
        value = compute()
        if len(self._memo) >= MEMO_SIZE:
            self._memo.clear()  # a client guessing keys must not grow it without end
        self._memo[(table, key)] = (version, value)
        return value

    def workspaces_in(self, table: str) -> set[str]:
        found = self._tables.get(table)
        return {ws for ws, ids in list(found.by_workspace.items()) if ids} if found else set()

    def _matching(
        self, table: _Table, workspace: str, conditions: Mapping[str, Any]
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        """(id, stored document) of the matches, oldest first: the candidates come from
        the most selective index, and only they are checked."""
        checks = [(_path(name), value) for name, value in conditions.items()]
        smallest: Any = None
        for path, condition in checks:
            ids = self._index(table, _condition_kind(condition), path).candidates(
                workspace, condition
            )
            if smallest is None or len(ids) < len(smallest):
                smallest = ids
            if not smallest:
                return
        if smallest is None:
            smallest = table.by_workspace.get(workspace, ())
        # One copy, of the smallest set only (sorted() copies a dict's keys in C, without a
        # thread switch).
        docs = table.docs
        for record_id in sorted(smallest):
            doc = docs.get(record_id)
            if doc is None or doc.get(WORKSPACE_KEY) != workspace:
                continue  # removed by a writer since the candidates were read
            for path, condition in checks:
                if not _matches(doc, path, condition):
                    break
            else:
                yield record_id, doc

    def _index(self, table: _Table, kind: Any, path: tuple[str, ...]) -> _Index:
        return self._built(table, (kind, path), _Index, kind, path)

    def _built(
        self, table: _Table, key: tuple[Any, tuple[str, ...]], cls: type[IndexT], *args: Any
    ) -> IndexT:
        """The table's index under `key` (a condition's kind, or ORDER, and a field path),
        `cls(*args)` built on first use (under the write lock, so no write slips past the
        build)."""
        index = table.indexes.get(key)
        if isinstance(index, cls):
            return index
        with self._write_lock:
            index = table.indexes.get(key)
            if not isinstance(index, cls):
                index = cls(*args)
                for record_id, doc in list(table.docs.items()):
                    index.add(record_id, doc)
                table.indexes[key] = index
        return index

    @staticmethod
    def _record(record_id: int, doc: Mapping[str, Any]) -> Record:
        # A shallow copy in C, then copies of the few containers: a comprehension over
        # every key cost a read of one contact more than its lookup did.
        record = Record(doc, record_id)
        record.pop(WORKSPACE_KEY, None)
        for key, value in record.items():
            if isinstance(value, _CONTAINERS):
                record[key] = _clone(value)  # replaces a value: the dict does not resize
        return record

    # -- writes (inside a transaction) ----------------------------------------------

    def insert(self, table: str, workspace: str, doc: Mapping[str, Any]) -> Record:
        return self.insert_many(table, workspace, [doc])[0]

    def insert_many(
        self, table: str, workspace: str, docs: Iterable[Mapping[str, Any]]
    ) -> list[Record]:
        tx = self._writing()
        target = self._table(table)
        records = []
        for doc in docs:
            stored = _clone(doc if isinstance(doc, dict) else dict(doc))
            stored[WORKSPACE_KEY] = workspace
            record_id = target.next_id
            target.put(record_id, stored)
            tx.undo.append(lambda t=target, i=record_id: t.delete(i))
            tx.ops.append(["put", table, record_id, stored])
            records.append(self._record(record_id, stored))
        return records

    def insert_owned(self, table: str, workspace: str, docs: Iterable[dict[str, Any]]) -> int:
        """`insert_many` for documents the caller gives up (built for the store, no
        reference kept to them or their containers): stored as they are, without the copy
        and the returned record `insert_many` makes of each; returns how many. A fixture
        load of 100,000 contacts spent half its time on those two copies."""
        tx = self._writing()
        target = self._table(table)
        ids: list[int] = []
        # One undo for them all, in place before the first: `docs` may be a generator
        # that raises half-way (a bad entry), and what was stored until then goes back.
        tx.undo.append(lambda: [target.delete(i) for i in reversed(ids)])
        for stored in docs:
            stored[WORKSPACE_KEY] = workspace
            record_id = target.next_id
            target.put(record_id, stored)
            ids.append(record_id)
            tx.ops.append(["put", table, record_id, stored])
        return len(ids)

    def update(self, table: str, record_id: int, changes: Mapping[str, Any]) -> Record:
        """Set the given keys of a record (other keys are kept) and return the result."""
        tx = self._writing()
        target = self._tables.get(table)
        before = target.docs.get(record_id) if target is not None else None
        if target is None or before is None:
            raise KeyError(f"{table} has no record {record_id}")
        after = {**before, **_clone(dict(changes)), WORKSPACE_KEY: before[WORKSPACE_KEY]}
        target.put(record_id, after)
        tx.undo.append(lambda: target.put(record_id, before))
        tx.ops.append(["put", table, record_id, after])
        return self._record(record_id, after)

    def remove(self, table: str, record_id: int) -> None:
        tx = self._writing()
        target = self._tables.get(table)
        before = target.delete(record_id) if target is not None else None
        if target is None or before is None:
            return
        tx.undo.append(lambda: target.put(record_id, before))
        tx.ops.append(["del", table, record_id])

    def remove_workspace(self, workspace: str, tables: Iterable[str] | None = None) -> None:
        """Remove every record `workspace` owns, in `tables` or in every table."""
        tx = self._writing()
        names = list(tables) if tables is not None else list(self._tables)
        touched = []
        for name in names:
            target = self._tables.get(name)
            if target is None:
                continue
            for record_id in list(target.by_workspace.get(workspace, ())):
                before = target.delete(record_id)
                if before is not None:
                    tx.undo.append(lambda t=target, i=record_id, d=before: t.put(i, d))
            touched.append(name)
        if touched:
            tx.ops.append(["drop", workspace, touched])

    def restart_numbering(self) -> None:
        """Number the records of every empty table from 1 again, as a new store does, so
        that after a full reset the same requests get the same record ids (RapidPro's
        cursors show them) as after a start. Undone with the transaction. The journal does
        not record it: a replay numbers on from the highest id it saw, which is just as
        unique."""
        tx = self._writing()
        for table in self._tables.values():
            if not table.docs and table.next_id != 1:
                previous, table.next_id = table.next_id, 1
                tx.undo.append(lambda t=table, n=previous: setattr(t, "next_id", n))
