"""Disk faults for storage tests, injected by monkeypatching `os`: they run anywhere, as any
user, without a small file system to fill."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
EIO = OSError(errno.EIO, os.strerror(errno.EIO))


class DiskFull:
    """Writes to one file (found by its inode, whatever descriptor the store holds) find
    `room` bytes free, then fail with ENOSPC, as on a full disk: the write that crosses
    the limit is cut short, the next one fails. `room = None` frees the disk again."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, path: Path, room: int | None) -> None:
        self.room = room
        found = os.stat(path)
        self._file = (found.st_dev, found.st_ino)
        self.refused = 0
        real_write = os.write

        def write(fd: int, data: bytes) -> int:
            if self.room is None or not self.is_target(fd):
                return real_write(fd, data)
            if self.room == 0:
                self.refused += 1
                raise ENOSPC
            count = real_write(fd, bytes(data[: self.room]))
            self.room -= count
            return count

        monkeypatch.setattr(os, "write", write)

    def is_target(self, fd: int) -> bool:
        found = os.fstat(fd)
        return (found.st_dev, found.st_ino) == self._file


def flip_bit(path: Path, line_number: int, text: bytes) -> bytes:
    """Flip the lowest bit of the first `text` in line `line_number` (from 1) of `path`, as a
    failing disk might; returns the file's bytes before."""
    data = path.read_bytes()
    lines = data.splitlines(keepends=True)
    line = lines[line_number - 1]
    at = line.index(text)
    lines[line_number - 1] = line[:at] + bytes([line[at] ^ 1]) + line[at + 1 :]
    path.write_bytes(b"".join(lines))
    return data
