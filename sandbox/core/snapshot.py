"""The store's snapshot: the whole database as TinyDB's JSON, written and read whole."""

from __future__ import annotations

import gc
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb.storages import JSONStorage

_SNAPSHOT_ENCODER = json.JSONEncoder(ensure_ascii=False)
#: Documents encoded per call while writing a snapshot (about a millisecond's work).
SNAPSHOT_SLICE = 256


class StoreError(Exception):
    """The database cannot be used (unreadable file, not TinyDB JSON, ...)."""


def snapshot_text(snapshot: Mapping[str, Mapping[int, Any]]) -> str:
    """The snapshot as TinyDB's JSON, encoded a slice of documents at a time.

    The encoder runs in C and keeps the GIL until it returns, so one call for the whole
    snapshot stopped every request for as long as it took (about half a second at 100k
    contacts), each time the background writer compacted. Between slices, requests run.
    """
    encode = _SNAPSHOT_ENCODER.encode
    tables = []
    for name, docs in snapshot.items():
        if not docs:
            continue
        # Sorting the ids alone (already in order, mostly) is a few milliseconds at 100k;
        # sorting (id, document) pairs held the GIL for a tenth of a second.
        ids = sorted(docs)
        slices = [
            encode({str(i): docs[i] for i in ids[start : start + SNAPSHOT_SLICE]})[1:-1]
            for start in range(0, len(ids), SNAPSHOT_SLICE)
        ]
        tables.append(f"{encode(name)}: {{{', '.join(slices)}}}")
    return "{" + ", ".join(tables) + "}"


def read_snapshot(path: Path, *, empty_is_damaged: bool) -> dict[str, dict[str, Any]]:
    """The tables of a snapshot file ({} when there is none).

    The store never writes an empty file (an empty store is `{}`), so a 0-byte file next
    to a backup is damage (a crash the file system did not survive whole) and raises
    StoreError; without a backup it is taken as TinyDB takes it, an empty database.
    """
    if not path.exists():
        return {}
    if path.stat().st_size == 0:
        if empty_is_damaged:
            raise StoreError(f"the database file {path} is empty")
        return {}
    try:
        storage = JSONStorage(str(path), access_mode="r", encoding="utf-8")
        try:
            data = storage.read()
        finally:
            storage.close()
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise StoreError(f"cannot read the database file {path}: {error}") from error
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise StoreError(f"{path} is not a TinyDB database file")
    return data


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while containers are made by the hundred
    thousand (a snapshot read, a fixture load): each collection would walk the growing
    heap again (it took 40% of the CPU time of a load of 100,000 contacts)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_temporary(path: Path, content: str | bytes) -> Path:
    """A new file next to `path` holding `content`, synced to disk: what `os.replace` then
    puts in place of `path` whole (on failure, nothing is left behind)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def write_atomically(path: Path, content: str | bytes) -> None:
    """Replace `path` with `content` so that a crash leaves either the old or the new file."""
    temporary = write_temporary(path, content)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def keep_as_backup(path: Path, backup: Path) -> None:
    """Make the snapshot at `path` the backup while it stays in place (a second link to
    the same file), so there is never a moment without a snapshot: a crash between a
    rename and the new snapshot's write left only the backup, and the next start had to
    recover from it. Where the file system has no links, the snapshot is renamed."""
    temporary = backup.with_name(backup.name + ".tmp")
    try:
        temporary.unlink(missing_ok=True)
        os.link(path, temporary)
    except OSError:
        os.replace(path, backup)
        return
    os.replace(temporary, backup)


def append_file(source: Path, target: Path) -> None:
    """Append `source` to `target`, or (on failure) leave `target` as it was: a partial
    copy followed by a second, whole one would merge two lines into one damaged line."""
    data = source.read_bytes()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(fd).st_size
        try:
            written = 0
            while written < len(data):
                count = os.write(fd, data[written:])
                if count <= 0:
                    raise OSError(28, "no space left on device (nothing written)")
                written += count
            os.fsync(fd)
        except BaseException:
            os.ftruncate(fd, size)
            raise
    finally:
        os.close(fd)
