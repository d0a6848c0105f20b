"""One server per database file: an exclusive lock on `<db>.lock`, taken before the store opens.

Two servers on one file would each keep their own state in memory and append to the same
journal, and after a restart one server's writes would be gone. The lock is a `flock` on a
file next to the database: the kernel releases it when its holder dies, however it dies
(even SIGKILL), so a crash never leaves a stale lock behind, and the holder's PID written in
the file names the server to stop. The lock file itself stays (deleting it could release a
lock a newer server holds); it is empty of meaning without a live holder.
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path


class DatabaseError(Exception):
    """The database cannot be used by this server: one readable line for the user."""


class DatabaseLock:
    """The held lock; `release` (or the process's end) lets the next server in."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the last descriptor releases the flock
            self._fd = None


def lock_database(db: str, *, create_directory: bool = False) -> DatabaseLock | None:
    """Lock the database file `db` for this process (None for ":memory:").

    A missing directory is created only with `create_directory` (the default database's
    `.flow-sandbox/`): a directory the user named that does not exist is more likely a
    typo or an unmounted volume than a wish, and state written there would be lost from
    view. Raises DatabaseError when the directory is missing, cannot be created or
    written, or another live process holds the lock."""
    if db == ":memory:":
        return None
    path = Path(db)
    directory = path.parent
    if directory.exists() and not directory.is_dir():
        raise DatabaseError(f"cannot use {directory} as the database directory: not a directory")
    if not directory.exists() and not create_directory:
        raise DatabaseError(
            f"the database directory {directory} does not exist; create it first "
            f"(mkdir -p {directory}) or choose another --db"
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseError(
            f"cannot create the database directory {directory}: {_why(error, directory)}"
        ) from error
    # The lock file's creation would pass where the journal's and the compacted file's
    # later fail (an existing lock file in a read-only directory): ask for the directory.
    if not os.access(directory, os.W_OK | os.X_OK):
        error = PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        raise DatabaseError(
            f"cannot write to the database directory {directory}: {_why(error, directory)}"
        )
    lock_path = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError as error:
        raise DatabaseError(
            f"cannot create the lock file {lock_path}: {_why(error, directory)}"
        ) from error
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        holder = _read_pid(fd)
        os.close(fd)
        if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
            raise DatabaseError(f"cannot lock {lock_path}: {error.strerror}") from error
        who = f"another flow-sandbox server (PID {holder})" if holder else "another process"
        raise DatabaseError(
            f"the database {db} is in use by {who}; stop it or choose another --db"
        ) from error
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return DatabaseLock(lock_path, fd)


def _read_pid(fd: int) -> int | None:
    """The PID the holder wrote, if it has written it yet."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _why(error: OSError, directory: Path) -> str:
    """The OS's reason, plus who owns the directory when it is a permission problem: a
    container's volume owned by root while the server runs as another user, typically."""
    reason = error.strerror or str(error)
    if error.errno not in (errno.EACCES, errno.EPERM):
        return reason
    owner = _closest_existing(directory)
    try:
        owner_uid = owner.stat().st_uid
    except OSError:
        return reason
    return f"{reason} (this server runs as uid {os.geteuid()}; {owner} belongs to uid {owner_uid})"


def _closest_existing(directory: Path) -> Path:
    while not directory.exists() and directory != directory.parent:
        directory = directory.parent
    return directory
