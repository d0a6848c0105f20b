"""The exclusive lock on a database file (sandbox/core/dblock.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sandbox.core.dblock import DatabaseError, lock_database


def test_memory_state_takes_no_lock() -> None:
    assert lock_database(":memory:") is None


def test_a_held_database_is_refused_with_the_holders_pid_until_released(tmp_path: Path) -> None:
    db = tmp_path / "state" / "db.json"
    held = lock_database(str(db), create_directory=True)
    assert held is not None
    assert held.path.read_text() == f"{os.getpid()}\n"
    with pytest.raises(DatabaseError) as refused:
        lock_database(str(db))
    assert str(refused.value) == (
        f"the database {db} is in use by another flow-sandbox server (PID {os.getpid()}); "
        "stop it or choose another --db"
    )
    held.release()
    again = lock_database(str(db))
    assert again is not None
    again.release()


def test_a_lock_file_left_by_a_dead_server_does_not_block(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    Path(f"{db}.lock").write_text("999999\n")  # its holder is gone: no flock on it
    held = lock_database(str(db))
    assert held is not None
    assert held.path.read_text() == f"{os.getpid()}\n"
    held.release()


def test_a_missing_directory_is_refused_unless_asked_to_create_it(tmp_path: Path) -> None:
    db = tmp_path / "missing" / "db.json"
    with pytest.raises(DatabaseError) as refused:
        lock_database(str(db))
    assert str(refused.value) == (
        f"the database directory {db.parent} does not exist; create it first "
        f"(mkdir -p {db.parent}) or choose another --db"
    )
    assert not db.parent.exists()
    created = lock_database(str(db), create_directory=True)
    assert created is not None
    assert db.parent.is_dir()
    created.release()
