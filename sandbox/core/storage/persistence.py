"""The files of a `Store`: loading the snapshot (or its backup) and replaying the journals,
appending each commit to the journal, and compacting the journal into a new snapshot in a
background thread, and at close."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    StoreError,
    append_file,
    gc_paused,
    keep_as_backup,
    read_snapshot,
    snapshot_text,
    write_atomically,
)
from sandbox.core.storage.records import WORKSPACE_KEY
from sandbox.core.storage.tables import _Table

logger = logging.getLogger("flow_sandbox.storage")

#: Compact once the journal holds this many bytes, or as many as the snapshot if that is
#: more (and at close).
COMPACT_AT_BYTES = 8 * 1024 * 1024


class _Beside:
    """A file next to the snapshot: the snapshot's name and `suffix`."""

    def __init__(self, suffix: str) -> None:
        self.suffix = suffix

    def __get__(self, store: _Persistence, owner: type[_Persistence] | None = None) -> Path:
        assert store.path is not None
        return store.path.with_name(store.path.name + self.suffix)


class _Persistence:
    """The persistence half of `Store` (a base class of it): `Store.__init__` makes the
    state used here, and `_table` is the store's."""

    path: Path | None
    recovery: Recovery
    write_failures: int
    compaction_failures: int
    _compact_at: int
    _snapshot_bytes: int
    _tables: dict[str, _Table]
    _write_lock: threading.RLock
    _journal_file: JournalWriter
    _needs_snapshot: bool
    _flush_lock: threading.Lock
    _wake: threading.Event
    _stop: threading.Event
    _flush_interval: float
    _writer: threading.Thread | None
    _closed: bool

    if TYPE_CHECKING:

        def _table(self, name: str) -> _Table: ...

    # -- files ------------------------------------------------------------------------

    _journal = _Beside(".journal")
    #: The journal a compaction in progress is folding into the new snapshot.
    _journal_pending = _Beside(".journal.pending")
    #: The journal from the backup snapshot to the current one.
    _journal_old = _Beside(".journal.old")
    _backup = _Beside(".bak")

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
