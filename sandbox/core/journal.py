"""The store's journal: one checksummed line per committed transaction, and what happens
when a line cannot be written or read back.

The format is the one the journal has always had, so every existing journal still loads:
`<CRC-32 of the payload, 8 hex digits> <payload>\\n`, the payload being the transaction's
operations as compact UTF-8 JSON (which never holds a raw newline).

Faults, and why each is handled the way it is:
- A line that cannot be encoded (a lone surrogate in a string) or written in full (a full
  disk, a short write) is never half kept: the writer cuts the file back to the end of the
  last good line and raises `StoreWriteError`, the store rolls the transaction back in
  memory, and the request is answered with the platform's own 500. Should even the cut
  fail, the next line starts with a marker that ends the partial one as a damaged line,
  so what is written after it is read back.
- Reading checks every line on its own: a damaged line (a flipped bit) is skipped and the
  lines after it are kept; the damaged file is kept aside and rewritten without that
  line. A last line without its newline is a write a crash cut off (never acknowledged):
  it is dropped. `Recovery` counts all of it, and the server says so at startup and in
  `/_sandbox/health`.
"""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werkzeug.exceptions import InternalServerError

from sandbox.core.jsontext import text_encoder
from sandbox.core.snapshot import StoreError, write_atomically, write_temporary

#: Written before a line when the previous write could not be cut back: it ends the
#: partial line (which then fails its checksum) without being a valid line itself.
LINE_BREAK = b"~\n"


class StoreWriteError(StoreError, InternalServerError):
    """A commit could not be journalled in full, so it was rolled back.

    An `InternalServerError`: every platform's renderer answers it in the vendor's own
    500 shape, as the vendor's own stack would answer a failing disk.
    """

    def __init__(self, message: str) -> None:
        InternalServerError.__init__(self, description=message)

    def __str__(self) -> str:
        return self.description or ""


_journal_text = text_encoder(ensure_ascii=False, separators=(",", ":"))


def journal_line(ops: list[Any]) -> bytes:
    """The line of one transaction; raises ValueError (UnicodeEncodeError included) or
    TypeError for what JSON in UTF-8 cannot hold."""
    payload = _journal_text(ops).encode("utf-8")
    return b"%08x %s\n" % (zlib.crc32(payload), payload)


def decode_line(line: bytes) -> list[Any] | None:
    """The operations of one line without its newline, or None if it is damaged."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    payload = line[9:]
    try:
        checksum = int(line[:8], 16)
    except ValueError:
        return None
    if zlib.crc32(payload) != checksum:
        return None
    try:
        ops = json.loads(payload)
    except ValueError:
        return None
    return ops if isinstance(ops, list) else None


@dataclass
class JournalScan:
    """What reading one journal file found."""

    transactions: list[list[Any]] = field(default_factory=list)
    #: Bytes in the file.
    size: int = 0
    #: Where the last complete line ends: anything after it is a torn last write.
    complete: int = 0
    #: (start, end) of each complete line that failed its checksum, newline included.
    damaged: list[tuple[int, int]] = field(default_factory=list)

    @property
    def torn_bytes(self) -> int:
        return self.size - self.complete


def scan_journal(path: Path) -> JournalScan:
    """Every valid transaction of a journal file, skipping (and noting) damaged lines."""
    scan = JournalScan()
    if not path.exists():
        return scan
    data = path.read_bytes()
    scan.size = len(data)
    start = 0
    while True:
        end = data.find(b"\n", start)
        if end < 0:
            break
        ops = decode_line(data[start:end])
        if ops is not None:
            scan.transactions.append(ops)
        else:
            scan.damaged.append((start, end + 1))
        start = end + 1
    scan.complete = start
    return scan


def repair_journal(path: Path, scan: JournalScan) -> Path | None:
    """Leave only the valid lines in the file: a torn tail is cut off; a file with damaged
    lines is kept aside (its new name is returned) and replaced by a copy without them.

    The original stays at `path` until the repaired copy, written and synced beside it,
    replaces it: a crash at any point leaves one of the two there, and the next start
    reads every good line. (Moving the original aside first left, for a moment, no
    journal at all: a crash then started from the snapshot alone, the acknowledged
    writes sitting unread in the damaged file.)"""
    if scan.damaged:
        data = path.read_bytes()
        kept = []
        start = 0
        for bad_start, bad_end in scan.damaged:
            kept.append(data[start:bad_start])
            start = bad_end
        kept.append(data[start : scan.complete])
        repaired = write_temporary(path, b"".join(kept))
        try:
            aside = free_name(path, ".damaged")
            try:
                os.link(path, aside)  # a second name for the original, which stays in place
            except OSError:  # no links on this file system: a copy
                write_atomically(aside, data)
            os.replace(repaired, path)
        except BaseException:
            repaired.unlink(missing_ok=True)
            raise
        return aside
    if scan.torn_bytes:
        with path.open("r+b") as file:
            file.truncate(scan.complete)
    return None


def free_name(path: Path, suffix: str) -> Path:
    """`path` + `suffix`, numbered if taken: an earlier damaged file is never overwritten."""
    candidate = path.with_name(path.name + suffix)
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}{suffix}-{number}")
    return candidate


class JournalWriter:
    """The open journal file: appends whole lines or nothing."""

    def __init__(self, fsync: bool) -> None:
        self.fsync = fsync
        self.fd: int | None = None
        #: The file's length, all of it valid lines (unless `broken`).
        self.size = 0
        #: A failed write left a partial line that could not be cut off.
        self.broken = False

    def open(self, path: Path) -> None:
        if self.fd is not None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
        self.fd = os.open(path, flags, 0o644)
        self.size = os.fstat(self.fd).st_size

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def append(self, line: bytes) -> None:
        """Write `line` whole (and sync it with `fsync`), or raise OSError having cut the
        file back to where it was."""
        assert self.fd is not None
        data = LINE_BREAK + line if self.broken else line
        written = 0
        try:
            while written < len(data):
                count = os.write(self.fd, data[written:] if written else data)
                if count <= 0:  # a short write that makes no progress: the disk is full
                    raise OSError(28, "no space left on device (nothing written)")
                written += count
            if self.fsync:
                os.fsync(self.fd)
        except OSError:
            if written:
                self._cut_back()
            raise
        self.size += written
        self.broken = False

    def _cut_back(self) -> None:
        assert self.fd is not None
        try:
            os.ftruncate(self.fd, self.size)
        except OSError:
            # The partial line stays; the next line's marker ends it (see LINE_BREAK).
            self.broken = True
            self.size = os.fstat(self.fd).st_size


@dataclass
class Recovery:
    """What loading the database had to repair: empty when the files were sound."""

    #: Why the snapshot was not used, when the backup was loaded instead.
    snapshot_problem: str | None = None
    backup: str | None = None
    lines_skipped: int = 0
    torn_bytes: int = 0
    #: Damaged files moved aside, kept for inspection.
    kept_aside: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.backup or self.lines_skipped or self.torn_bytes or self.kept_aside)

    def note(self, scan: JournalScan, aside: Path | None) -> None:
        self.lines_skipped += len(scan.damaged)
        self.torn_bytes += scan.torn_bytes
        if aside is not None:
            self.kept_aside.append(aside.name)

    def as_dict(self) -> dict[str, Any]:
        """The report as `/_sandbox/health` gives it."""
        return {
            "recovered": bool(self),
            "warning": self.summary() if self else None,
            "backup_loaded": self.backup,
            "snapshot_problem": self.snapshot_problem,
            "journal_lines_skipped": self.lines_skipped,
            "torn_bytes_dropped": self.torn_bytes,
            "kept_aside": list(self.kept_aside),
        }

    def summary(self) -> str:
        """One line saying what was recovered and how, with counts."""
        parts = []
        if self.backup is not None:
            parts.append(f"loaded the backup {self.backup} ({self.snapshot_problem})")
        if self.lines_skipped:
            plural = "s" if self.lines_skipped != 1 else ""
            parts.append(f"skipped {self.lines_skipped} damaged journal line{plural}")
        if self.torn_bytes:
            parts.append(f"dropped a torn last journal write ({self.torn_bytes} bytes)")
        if self.kept_aside:
            parts.append(f"damaged files kept as {', '.join(self.kept_aside)}")
        return "storage recovered: " + "; ".join(parts)
