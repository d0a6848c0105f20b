"""The sandbox's state: named tables of JSON documents, each owned by one workspace.

This is the only module that knows how state is kept. The rest of the code sees `Store`,
whose interface is narrow (get / find / count / insert / update / remove, plus
transactions, and `memo` for values derived from a table until it changes).

How it is kept, and why:
- In memory, table by table: documents by id, the ids of each workspace, and indexes
  built the first time a query filters on a field (equality, list membership,
  case-insensitive equality) and kept up to date by every write. A lookup by id or by an
  indexed value costs the same whatever the number of records; a query costs what its
  results cost. TinyDB's own Table rebuilds the table on every write, and its JSON storage
  rewrites the whole file, so each request used to cost time in proportion to everything
  stored.
- On disk, plain TinyDB: the database file is TinyDB's JSON (`{"table": {"1": {...}}}`,
  which `tinydb.TinyDB(path)` opens), read with TinyDB's JSONStorage at start. Between
  snapshots every committed transaction is appended to a journal (`<db>.journal`), one
  checksummed line each, before the request that made it is answered: a write a client saw
  acknowledged survives `kill -9` (and power loss with `fsync=True`). A background thread
  compacts the journal into a new snapshot once the journal is as long as the snapshot (8 MB
  at least, so rewriting the store costs each write the same share at any size). The
  snapshot is encoded a slice of documents at a time (one encoder call would hold the GIL,
  and stop every request, for the whole store) and written atomically (temporary file,
  fsync, rename); the previous snapshot is kept as `<db>.bak` with the journal since it
  (`<db>.journal.old`, read only when the snapshot is damaged and the backup is loaded).
  Journal operations are full-state (put a whole document, delete an id), so replaying a
  journal over a snapshot that already has its effects is harmless. The journal's format,
  and what happens when a line cannot be written or read back, is `journal.py`'s; a
  commit that cannot be journalled whole is rolled back and raises `StoreWriteError` (a
  500). What loading had to repair (backup used, damaged lines skipped, torn tail dropped,
  damaged files kept aside) is in `Store.recovery`. Loading pauses the cyclic garbage
  collector, which would otherwise walk the growing heap again and again.
- Concurrency: a transaction that writes holds the write lock from its first write (or
  from `begin(write=True)`) to its end, so writers are serialised: no lost update, no
  duplicate id. Readers take no lock and run alongside a writer; they may see the
  writer's changes before it commits (the sandbox does not promise isolation).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sandbox.core.journal import (
    JournalWriter,
    Recovery,
    StoreWriteError,
    free_name,
    journal_line,
    repair_journal,
    scan_journal,
)
from sandbox.core.snapshot import (
    SNAPSHOT_SLICE,
    StoreError,
    append_file,
    gc_paused,
    keep_as_backup,
    read_snapshot,
    snapshot_text,
    write_atomically,
)

__all__ = [
    "MEMORY",
    "SNAPSHOT_SLICE",
    "WORKSPACE_KEY",
    "Contains",
    "IEquals",
    "Record",
    "Recovery",
    "Store",
    "StoreError",
    "StoreWriteError",
]

# The names these helpers had here before they moved out, for the code and tests using them.
_journal_line = journal_line
_snapshot_text = snapshot_text

logger = logging.getLogger("flow_sandbox.storage")

WORKSPACE_KEY = "_ws"
#: Values `Store.memo` remembers at most.
MEMO_SIZE = 4096
T = TypeVar("T")
MEMORY = ":memory:"
#: Compact once the journal holds this many bytes, or as many as the snapshot if that is
#: more (and at close).
COMPACT_AT_BYTES = 8 * 1024 * 1024


class Record(dict):
    """A stored document (a plain dict of JSON values) plus its id within its table."""

    __slots__ = ("id",)

    def __init__(self, value: Mapping[str, Any], record_id: int) -> None:
        super().__init__(value)
        self.id = record_id


@dataclass(frozen=True)
class Contains:
    """Condition: the stored list contains `value`."""

    value: Any


@dataclass(frozen=True)
class IEquals:
    """Condition: the stored string equals `value`, ignoring case."""

    value: str


_CONTAINERS = (dict, list)


def _clone(value: Any) -> Any:
    """Copy JSON-like data, so callers never share mutable state with the store."""
    # Scalars, most of any document, are taken as they are without a call each.
    if isinstance(value, dict):
        return {k: _clone(v) if isinstance(v, _CONTAINERS) else v for k, v in value.items()}
    if isinstance(value, list):
        return [_clone(v) if isinstance(v, _CONTAINERS) else v for v in value]
    return value


# -- indexes -----------------------------------------------------------------------------------

_MISSING = object()
_NO_IDS: dict[int, None] = {}


@functools.lru_cache(maxsize=1024)
def _path(name: str) -> tuple[str, ...]:
    """`a.b` as ("a", "b"); the field names of conditions are few and asked for often."""
    return tuple(name.split("."))


def _lookup(doc: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    """The value at a dotted path (`credentials.rapidpro.token`), or _MISSING."""
    value: Any = doc
    for part in path:
        # Stored documents are plain JSON: dict, not the slower isinstance of Mapping.
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _key(value: Any) -> Any:
    """A hashable stand-in for a JSON value: scalars as they are (so 1 == 1.0 == True, as
    Python compares them), lists and objects as canonical JSON."""
    if isinstance(value, (dict, list)):
        return ("json", json.dumps(value, sort_keys=True, separators=(",", ":")))
    return value


@dataclass
class _Index:
    """Record ids by (workspace, key) for one kind of condition on one field."""

    kind: str  # "eq", "contains" or "ieq"
    path: tuple[str, ...]
    entries: dict[tuple[str, Any], dict[int, None]] = field(default_factory=dict)

    def keys(self, doc: Mapping[str, Any]) -> list[Any]:
        value = _lookup(doc, self.path)
        if value is _MISSING:
            return []
        if self.kind == "eq":
            return [_key(value)]
        if self.kind == "contains":
            return [_key(item) for item in value] if isinstance(value, list) else []
        return [value.casefold()] if isinstance(value, str) else []

    def add(self, record_id: int, doc: Mapping[str, Any]) -> None:
        workspace = doc[WORKSPACE_KEY]
        for key in self.keys(doc):
            self.entries.setdefault((workspace, key), {})[record_id] = None

    def discard(self, record_id: int, doc: Mapping[str, Any]) -> None:
        workspace = doc[WORKSPACE_KEY]
        for key in self.keys(doc):
            ids = self.entries.get((workspace, key))
            if ids is not None:
                ids.pop(record_id, None)
                if not ids:
                    del self.entries[(workspace, key)]

    def candidates(self, workspace: str, condition: Any) -> dict[int, None]:
        """The ids matching `condition`: the index's own live entry, not a copy, so that
        choosing the most selective index costs nothing for the others."""
        if self.kind == "ieq":
            key = condition.value.casefold()
        elif self.kind == "contains":
            key = _key(condition.value)
        else:
            key = _key(condition)
        return self.entries.get((workspace, key), _NO_IDS)


def _condition_kind(condition: Any) -> str:
    if isinstance(condition, Contains):
        return "contains"
    if isinstance(condition, IEquals):
        return "ieq"
    return "eq"


def _matches(doc: Mapping[str, Any], path: tuple[str, ...], condition: Any) -> bool:
    value = _lookup(doc, path)
    if value is _MISSING:
        return False
    if isinstance(condition, Contains):
        return isinstance(value, list) and condition.value in value
    if isinstance(condition, IEquals):
        return isinstance(value, str) and value.casefold() == condition.value.casefold()
    return bool(value == condition)


@dataclass
class _Table:
    name: str
    #: Stored documents (with their owner under WORKSPACE_KEY). A document is never
    #: changed in place: a write stores a new dict, so a shallow copy is a snapshot.
    docs: dict[int, dict[str, Any]] = field(default_factory=dict)
    by_workspace: dict[str, dict[int, None]] = field(default_factory=dict)
    indexes: dict[tuple[str, tuple[str, ...]], _Index] = field(default_factory=dict)
    next_id: int = 1
    #: Bumped by every change (an undo included), so a cache of reads can tell it is stale.
    version: int = 0

    def put(self, record_id: int, doc: dict[str, Any]) -> dict[str, Any] | None:
        """Store `doc` under `record_id`; returns the document it replaced."""
        self.version += 1
        before = self.docs.get(record_id)
        if before is not None:
            self._unindex(record_id, before)
        self.docs[record_id] = doc
        self.by_workspace.setdefault(doc[WORKSPACE_KEY], {})[record_id] = None
        for index in self.indexes.values():
            index.add(record_id, doc)
        self.next_id = max(self.next_id, record_id + 1)
        return before

    def load(self, docs: Iterable[tuple[int, dict[str, Any]]]) -> None:
        """`put` for each of many documents, at startup: the same result, in a fraction of
        the time when no index exists yet (they are built on first use)."""
        if self.indexes:
            for record_id, doc in docs:
                self.put(record_id, doc)
            return
        self.version += 1
        stored = self.docs
        owners = self.by_workspace
        for record_id, doc in docs:
            before = stored.get(record_id)
            if before is not None:
                self._unindex(record_id, before)
            stored[record_id] = doc
            owned = owners.get(doc[WORKSPACE_KEY])
            if owned is None:
                owned = owners[doc[WORKSPACE_KEY]] = {}
            owned[record_id] = None
        if stored:
            self.next_id = max(self.next_id, max(stored) + 1)

    def delete(self, record_id: int) -> dict[str, Any] | None:
        self.version += 1
        before = self.docs.pop(record_id, None)
        if before is not None:
            self._unindex(record_id, before)
        return before

    def _unindex(self, record_id: int, doc: dict[str, Any]) -> None:
        owned = self.by_workspace.get(doc[WORKSPACE_KEY])
        if owned is not None:
            owned.pop(record_id, None)
            if not owned:
                del self.by_workspace[doc[WORKSPACE_KEY]]
        for index in self.indexes.values():
            index.discard(record_id, doc)


@dataclass
class _Transaction:
    depth: int = 1
    undo: list[Callable[[], object]] = field(default_factory=list)
    ops: list[list[Any]] = field(default_factory=list)
    holds_write_lock: bool = False


class Store:
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

    # -- files ------------------------------------------------------------------------

    @property
    def _journal(self) -> Path:
        assert self.path is not None
        return self.path.with_name(self.path.name + ".journal")

    @property
    def _journal_pending(self) -> Path:
        """The journal a compaction in progress is folding into the new snapshot."""
        assert self.path is not None
        return self.path.with_name(self.path.name + ".journal.pending")

    @property
    def _journal_old(self) -> Path:
        """The journal from the backup snapshot to the current one."""
        assert self.path is not None
        return self.path.with_name(self.path.name + ".journal.old")

    @property
    def _backup(self) -> Path:
        assert self.path is not None
        return self.path.with_name(self.path.name + ".bak")

    def _recover(self) -> None:
        """Load the snapshot (or, if it is damaged, the backup), then replay the journals."""
        # Decoding a big snapshot creates millions of objects, and the cyclic collector
        # would walk the growing heap again and again: loading took twice as long.
        with gc_paused():
            self._load_files()

    def _load_files(self) -> None:
        assert self.path is not None
        journals = [self._journal_pending, self._journal]
        try:
            # A missing snapshot next to a backup: a compaction stopped between its renames.
            if not self.path.exists() and self._backup.exists():
                raise StoreError(f"{self.path.name} is missing")
            data = read_snapshot(self.path, empty_is_damaged=self._backup.exists())
            loaded = self.path
        except StoreError as error:
            if not self._backup.exists():
                raise
            try:
                data = read_snapshot(self._backup, empty_is_damaged=True)
            except StoreError as backup_error:
                # Both problems: the snapshot's is the one to look at first.
                raise StoreError(
                    f"{error}; the backup cannot be loaded either: {backup_error}"
                ) from error
            loaded = self._backup
            self.recovery.backup = self._backup.name
            self.recovery.snapshot_problem = str(error)
            # The old journal leads from the backup to the snapshot; a readable snapshot
            # already holds it (it is renamed into place only after that snapshot is).
            journals.insert(0, self._journal_old)
        self._snapshot_bytes = loaded.stat().st_size if loaded.exists() else 0
        for name, docs in data.items():
            self._table(name).load(
                # A table TinyDB users added by hand is left out.
                (int(key), doc)
                for key, doc in docs.items()
                if WORKSPACE_KEY in doc
            )
        for journal in journals:
            scan = scan_journal(journal)
            for ops in scan.transactions:
                self._apply(ops)
            # Before anything is appended: no later line may follow a damaged one.
            self.recovery.note(scan, repair_journal(journal, scan))
        if loaded == self._backup:
            self._settle_on_backup()

    def _settle_on_backup(self) -> None:
        """After loading the backup: keep the damaged snapshot aside, and make the pending
        journal lead from the backup, so the next compaction (owed now) and any crash
        before it both start from the backup with every journal since."""
        assert self.path is not None
        if self.path.exists():
            aside = free_name(self.path, ".damaged")
            os.replace(self.path, aside)
            self.recovery.kept_aside.append(aside.name)
        if self._journal_old.exists():
            if self._journal_pending.exists():
                append_file(self._journal_pending, self._journal_old)
            os.replace(self._journal_old, self._journal_pending)
        self._needs_snapshot = True

    def _apply(self, ops: list[list[Any]]) -> None:
        """Replay one committed transaction (full-state operations: idempotent)."""
        for op in ops:
            if op[0] == "put":
                self._table(op[1]).put(int(op[2]), op[3])
            elif op[0] == "del":
                self._table(op[1]).delete(int(op[2]))
            elif op[0] == "drop":
                for name in op[2]:
                    table = self._table(name)
                    for record_id in list(table.by_workspace.get(op[1], ())):
                        table.delete(record_id)

    def _open_journal(self) -> None:
        if self.path is not None:
            self._journal_file.open(self._journal)

    def _close_journal(self) -> None:
        self._journal_file.close()

    # -- transactions -------------------------------------------------------------

    @property
    def _tx(self) -> _Transaction | None:
        return getattr(self._local, "tx", None)

    def begin(self, *, write: bool = False) -> None:
        """Start a transaction, or join the one this thread already has open. A transaction
        that will write says so (`write=True`) to take the write lock before it reads."""
        tx = self._tx
        if tx is None:
            tx = self._local.tx = _Transaction()
        else:
            tx.depth += 1
        if write:
            self._hold_write_lock(tx)

    def _hold_write_lock(self, tx: _Transaction) -> None:
        if not tx.holds_write_lock:
            self._write_lock.acquire()
            tx.holds_write_lock = True

    def end(self, *, commit: bool) -> None:
        """Close the innermost `begin()`; the outermost one commits or rolls back."""
        tx = self._tx
        if tx is None:
            raise RuntimeError("end() without begin()")
        tx.depth -= 1
        if tx.depth > 0:
            return
        self._local.tx = None
        try:
            if not commit:
                self._undo(tx)
            elif tx.ops:
                try:
                    self._log(tx.ops)
                except StoreWriteError:
                    # Not journalled, so not committed: readers must not see it either.
                    self._undo(tx)
                    raise
        finally:
            if tx.holds_write_lock:
                self._write_lock.release()

    @staticmethod
    def _undo(tx: _Transaction) -> None:
        for step in reversed(tx.undo):
            step()

    def _log(self, ops: list[list[Any]]) -> None:
        """Append a committed transaction to the journal (called with the write lock), or
        raise StoreWriteError with nothing of it written."""
        if self.path is None:
            return
        try:
            line = journal_line(ops)
        except (TypeError, ValueError) as error:  # a lone surrogate, a value JSON lacks
            raise self._write_failed("cannot encode the transaction", error) from error
        try:
            self._open_journal()
            self._journal_file.append(line)
        except OSError as error:
            raise self._write_failed(f"cannot write to {self._journal}", error) from error
        if self._journal_due():
            self._wake.set()

    def _write_failed(self, what: str, error: Exception) -> StoreWriteError:
        self.write_failures += 1
        message = f"{what}: {error}; the transaction was rolled back"
        logger.error("flow-sandbox storage: %s", message)
        return StoreWriteError(message)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen together, or (on an exception) not at all."""
        self.begin(write=True)
        try:
            yield
        except BaseException:
            self.end(commit=False)
            raise
        self.end(commit=True)

    def _writing(self) -> _Transaction:
        """The open transaction, with the write lock; writes outside one are refused."""
        tx = self._tx
        if tx is None:
            raise RuntimeError("store writes must happen inside a transaction")
        self._hold_write_lock(tx)
        return tx

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
        return sum(1 for _ in self._matching(found, workspace, conditions))

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

    def _index(self, table: _Table, kind: str, path: tuple[str, ...]) -> _Index:
        """The index for this kind of condition on this field, built on first use (under
        the write lock, so no write slips past the build)."""
        index = table.indexes.get((kind, path))
        if index is not None:
            return index
        with self._write_lock:
            index = table.indexes.get((kind, path))
            if index is None:
                index = _Index(kind, path)
                for record_id, doc in list(table.docs.items()):
                    index.add(record_id, doc)
                table.indexes[(kind, path)] = index
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

    # -- persistence ---------------------------------------------------------------

    def resume_writer(self) -> None:
        """Open the journal and start the background compactor (at creation, and in a
        forked child that owns the store)."""
        if self.path is None or self._closed:
            return
        self._open_journal()
        self._stop.clear()
        self._writer = threading.Thread(
            target=self._compact_behind, name="store-writer", daemon=True
        )
        self._writer.start()

    def suspend_writer(self) -> None:
        """Compact, stop the background writer and close the journal, e.g. before forking a
        process that will own the store (no thread may be mid-write when a process forks)."""
        self._stop.set()
        self._wake.set()
        if self._writer is not None:
            self._writer.join(timeout=30)
            self._writer = None
        self._wake.clear()
        self.flush()
        with self._write_lock:
            self._close_journal()

    def _compact_behind(self) -> None:
        failures = 0
        while not self._stop.is_set():
            if failures:
                # After failures, wait longer (up to a minute) before trying again, whatever
                # the commits say: a failed compaction leaves the journal due, so every
                # commit wakes the writer, and each attempt encodes the whole store (196
                # commits made 196 attempts in two seconds). Only closing cuts it short.
                self._stop.wait(min(60.0, self._flush_interval * 2**failures))
            else:
                self._wake.wait(self._flush_interval)
            self._wake.clear()
            if self._stop.is_set():
                return
            if not self._journal_due():
                continue
            try:
                self.flush()
            except Exception:
                # The journal still holds every commit: log, and try again later. A thread
                # that died here left the journal to grow without end.
                failures = min(failures + 1, 16)
                self.compaction_failures += 1
                self._needs_snapshot = True
                logger.exception("flow-sandbox storage: compaction failed, will retry")
            else:
                if failures:
                    logger.warning("flow-sandbox storage: compaction succeeded again")
                failures = 0

    def _journal_due(self) -> bool:
        """Whether the journal is long enough to compact. A compaction rewrites the whole
        store, so the journal may grow as long as the snapshot: the rewriting then costs
        each write the same share whatever the size of the store (with a fixed threshold,
        100,000 contacts were rewritten every 8 MB of writes, a tenth of the create rate).
        A restart after a crash replays at most about one snapshot's worth of journal."""
        if self._needs_snapshot:
            return True
        return self._journal_file.size >= max(self._compact_at, self._snapshot_bytes)

    def flush(self) -> None:
        """Fold the journal into a new snapshot now (if anything was committed since the
        last one). The journal alone already keeps every commit; this bounds its size."""
        if self.path is None:
            return
        with self._flush_lock:
            with self._write_lock:
                if (
                    self._journal_file.size == 0
                    and not self._journal_pending.exists()
                    and not self._needs_snapshot
                ):
                    return
                snapshot = {name: dict(table.docs) for name, table in self._tables.items()}
                self._close_journal()
                if self._journal.exists():
                    # A pending journal left by an interrupted compaction stays first in line.
                    if self._journal_pending.exists():
                        append_file(self._journal, self._journal_pending)
                        self._journal.unlink()
                    else:
                        os.replace(self._journal, self._journal_pending)
                self._journal_file.size = 0
                if not self._closed:
                    self._open_journal()
            text = snapshot_text(snapshot)
            if self.path.exists():
                keep_as_backup(self.path, self._backup)
            write_atomically(self.path, text)
            self._snapshot_bytes = self.path.stat().st_size
            # The journal since the backup is the one just folded in: it replaces the old.
            if self._journal_pending.exists():
                os.replace(self._journal_pending, self._journal_old)
            self._needs_snapshot = False

    def close(self) -> None:
        """Stop the background writer, write a final snapshot and close the journal (an
        empty journal is removed)."""
        if self._closed:
            return
        self.suspend_writer()
        self._closed = True
        if self.path is not None and self._journal.exists() and not self._journal.stat().st_size:
            self._journal.unlink()
