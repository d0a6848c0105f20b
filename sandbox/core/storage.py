"""The sandbox's state: named tables of JSON documents, each owned by one workspace.

This is the only module that imports TinyDB. The rest of the code sees `Store`, whose
interface is kept narrow (get / find / count / insert / update / remove, plus
transactions) so the engine under it can change without touching the platforms.

Guarantees:
- Thread-safe: one re-entrant lock serialises every access (TinyDB itself is not).
- Atomic: writes happen inside a transaction; if it fails, every write it made is undone,
  so a request that fails leaves nothing half-written.
- Crash-safe file: the database file is replaced atomically (write a temporary file,
  fsync, rename), so whatever a crashed process leaves behind is a complete TinyDB JSON
  file that loads. Commits are written behind by a background thread within
  `flush_interval` seconds, and `close()` writes everything that is left.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB, where
from tinydb.queries import QueryLike
from tinydb.storages import Storage
from tinydb.table import Document

WORKSPACE_KEY = "_ws"
MEMORY = ":memory:"


class Record(dict):
    """A stored document (a plain dict of JSON values) plus its id within its table."""

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


class StoreError(Exception):
    """The database file cannot be used (unreadable, not TinyDB JSON, ...)."""


class _CachedFileStorage(Storage):
    """TinyDB storage that keeps the database in memory and writes it to disk on demand.

    TinyDB's own JSONStorage re-reads and rewrites the file on every operation; here the
    file is read once at start and written (atomically) by `Store.flush()`.
    """

    def __init__(self, path: str | None) -> None:
        self.path = Path(path) if path else None
        self.memory: dict[str, dict[str, Any]] = self._load()

    def _load(self) -> dict[str, dict[str, Any]]:
        if self.path is None or not self.path.exists() or self.path.stat().st_size == 0:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise StoreError(f"cannot read the database file {self.path}: {error}") from error
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise StoreError(f"{self.path} is not a TinyDB database file")
        return data

    def read(self) -> dict[str, dict[str, Any]]:
        return self.memory

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.memory = data


def _clone(value: Any) -> Any:
    """Copy JSON-like data, so callers never share mutable state with the store."""
    if isinstance(value, dict):
        return {key: _clone(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clone(item) for item in value]
    return value


def _path(field: str) -> Query:
    """`a.b.c` addresses a nested key, as in `credentials.rapidpro.token`."""
    query = Query()
    for part in field.split("."):
        query = query[part]
    return query


def _query(workspace: str, conditions: Mapping[str, Any]) -> QueryLike:
    query = where(WORKSPACE_KEY) == workspace
    for field, expected in conditions.items():
        if isinstance(expected, Contains):
            query &= _path(field).test(
                lambda stored, item=expected.value: isinstance(stored, list) and item in stored
            )
        elif isinstance(expected, IEquals):
            folded = expected.value.casefold()
            query &= _path(field).test(
                lambda stored, folded=folded: (
                    isinstance(stored, str) and stored.casefold() == folded
                )
            )
        else:
            query &= _path(field) == expected
    return query


class Store:
    """Tables of documents, each document owned by a workspace."""

    def __init__(self, path: str | os.PathLike[str] | None = None, flush_interval: float = 0.2):
        """Open the store at `path` (created on first write), or in memory for None/":memory:"."""
        path_text = os.fspath(path) if path is not None else None
        self.path = None if path_text in (None, MEMORY) else Path(path_text)
        self._db = TinyDB(storage=_CachedFileStorage, path=str(self.path) if self.path else None)
        self._storage: _CachedFileStorage = self._db.storage  # type: ignore[assignment]
        self._lock = threading.RLock()
        self._undo: list[Callable[[], object]] | None = None
        self._depth = 0
        self._unsaved = False  # commits not yet written to the file (guarded by _lock)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._flush_lock = threading.Lock()
        self._closed = False
        self._flush_interval = flush_interval
        self._flusher: threading.Thread | None = None
        self._stopping = False
        self.resume_writer()

    # -- transactions -------------------------------------------------------------

    def begin(self) -> None:
        """Start a transaction, or join the one this thread already has open."""
        self._lock.acquire()
        if self._undo is None:
            self._undo = []
            self._depth = 1
        else:
            self._depth += 1

    def end(self, *, commit: bool) -> None:
        """Close the innermost `begin()`; the outermost one commits or rolls back."""
        try:
            self._depth -= 1
            if self._depth == 0:
                undo, self._undo = self._undo or [], None
                if not commit:
                    for step in reversed(undo):
                        step()
                elif undo and self.path is not None:
                    self._unsaved = True
                    self._wake.set()
        finally:
            self._lock.release()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen together, or (on an exception) not at all."""
        self.begin()
        try:
            yield
        except BaseException:
            self.end(commit=False)
            raise
        self.end(commit=True)

    def _require_transaction(self) -> list[Callable[[], object]]:
        """The open transaction's undo log; writes outside a transaction are refused."""
        if self._undo is None:
            raise RuntimeError("store writes must happen inside a transaction")
        return self._undo

    # -- reads -------------------------------------------------------------------

    def get(self, table: str, workspace: str, record_id: int) -> Record | None:
        with self._lock:
            doc = self._db.table(table, cache_size=0).get(doc_id=record_id)
            if doc is None or doc.get(WORKSPACE_KEY) != workspace:
                return None
            return self._record(doc)

    def find(self, table: str, workspace: str, **conditions: Any) -> list[Record]:
        """Every record of `workspace` matching all conditions, oldest first.

        Conditions are keyword arguments: the key names a field (`a.b` for a nested one),
        the value is what it must equal, or `Contains(value)` for list membership, or
        `IEquals(text)` for case-insensitive equality. `**{"a.b": value}` passes a dotted key.
        """
        with self._lock:
            docs = self._db.table(table, cache_size=0).search(_query(workspace, conditions))
            return [self._record(doc) for doc in sorted(docs, key=lambda d: d.doc_id)]

    def first(self, table: str, workspace: str, **conditions: Any) -> Record | None:
        found = self.find(table, workspace, **conditions)
        return found[0] if found else None

    def count(self, table: str, workspace: str, **conditions: Any) -> int:
        with self._lock:
            return self._db.table(table, cache_size=0).count(_query(workspace, conditions))

    def workspaces_in(self, table: str) -> set[str]:
        with self._lock:
            return {doc[WORKSPACE_KEY] for doc in self._db.table(table, cache_size=0).all()}

    @staticmethod
    def _record(doc: Document) -> Record:
        value = _clone(dict(doc))
        del value[WORKSPACE_KEY]
        return Record(value, doc.doc_id)

    # -- writes (inside a transaction) ----------------------------------------------

    def insert(self, table: str, workspace: str, doc: Mapping[str, Any]) -> Record:
        return self.insert_many(table, workspace, [doc])[0]

    def insert_many(
        self, table: str, workspace: str, docs: Iterable[Mapping[str, Any]]
    ) -> list[Record]:
        with self._lock:
            undo = self._require_transaction()
            stored = [{**_clone(dict(doc)), WORKSPACE_KEY: workspace} for doc in docs]
            tiny = self._db.table(table, cache_size=0)
            ids = tiny.insert_multiple(stored)
            undo.append(lambda: tiny.remove(doc_ids=ids))
            return [
                Record(_clone({k: v for k, v in doc.items() if k != WORKSPACE_KEY}), record_id)
                for doc, record_id in zip(stored, ids, strict=True)
            ]

    def update(self, table: str, record_id: int, changes: Mapping[str, Any]) -> Record:
        """Set the given keys of a record (other keys are kept) and return the result."""
        with self._lock:
            undo = self._require_transaction()
            tiny = self._db.table(table, cache_size=0)
            before = tiny.get(doc_id=record_id)
            if before is None:
                raise KeyError(f"{table} has no record {record_id}")
            before_value = _clone(dict(before))
            tiny.update(_clone(dict(changes)), doc_ids=[record_id])
            undo.append(lambda: self._replace(tiny.name, record_id, before_value))
            return self._record(tiny.get(doc_id=record_id))  # type: ignore[arg-type]

    def _replace(self, table: str, record_id: int, value: dict[str, Any]) -> None:
        def replace(doc: MutableMapping[str, Any]) -> None:
            doc.clear()
            doc.update(value)

        self._db.table(table, cache_size=0).update(replace, doc_ids=[record_id])

    def remove(self, table: str, record_id: int) -> None:
        with self._lock:
            undo = self._require_transaction()
            tiny = self._db.table(table, cache_size=0)
            before = tiny.get(doc_id=record_id)
            if before is None:
                return
            before_value = _clone(dict(before))
            tiny.remove(doc_ids=[record_id])
            undo.append(lambda: tiny.insert(Document(before_value, record_id)))

    def remove_workspace(self, workspace: str, tables: Iterable[str] | None = None) -> None:
        """Remove every record `workspace` owns, in `tables` or in every table."""
        with self._lock:
            undo = self._require_transaction()
            names = list(tables) if tables is not None else list(self._db.tables())
            for name in names:
                tiny = self._db.table(name, cache_size=0)
                owned = tiny.search(where(WORKSPACE_KEY) == workspace)
                if not owned:
                    continue
                saved = [Document(_clone(dict(doc)), doc.doc_id) for doc in owned]
                tiny.remove(doc_ids=[doc.doc_id for doc in owned])
                undo.append(lambda tiny=tiny, saved=saved: tiny.insert_multiple(saved))

    # -- persistence ---------------------------------------------------------------

    def resume_writer(self) -> None:
        """Start the background writer (at creation, and in a forked child that owns the store)."""
        if self.path is None or self._closed:
            return
        self._stopping = False
        self._stop.clear()
        self._flusher = threading.Thread(
            target=self._flush_behind, name="store-writer", daemon=True
        )
        self._flusher.start()

    def suspend_writer(self) -> None:
        """Write everything and stop the background writer, e.g. before forking a process
        that will own the store (a thread must not be mid-write when the process forks)."""
        self._stopping = True
        self._stop.set()
        self._wake.set()
        if self._flusher is not None:
            self._flusher.join(timeout=10)
            self._flusher = None
        self._wake.clear()
        self.flush()

    def _flush_behind(self) -> None:
        while not self._stopping:
            self._wake.wait()
            self._wake.clear()
            # Coalesce a burst of commits into one write; a stop request cuts the wait short.
            self._stop.wait(self._flush_interval)
            self.flush()

    def flush(self) -> None:
        """Write the database file now (atomically) if anything changed since the last write."""
        if self.path is None:
            return
        with self._flush_lock:
            with self._lock:
                if not self._unsaved:
                    return
                self._unsaved = False
                text = json.dumps(self._storage.memory, ensure_ascii=False)
            _write_atomically(self.path, text)

    def close(self) -> None:
        """Stop the background writer and write whatever is left."""
        if self._closed:
            return
        self.suspend_writer()
        self._closed = True


def _write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a crash leaves either the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
