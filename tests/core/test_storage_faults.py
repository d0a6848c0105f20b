"""The store under write faults: a commit that cannot be journalled whole (a full disk, a
failed fsync, a string UTF-8 cannot encode) is rolled back and refused, never half kept;
what is written after it survives a restart; the background writer outlives a failure."""

from __future__ import annotations

import errno
import json
import logging
import os
import tempfile
import time
from pathlib import Path

import pytest

from sandbox.core.storage import WORKSPACE_KEY, Store, StoreError
from tests.core.faults import EIO, ENOSPC, DiskFull
from tests.core.test_storage import PEOPLE, insert, snapshot
from tests.core.test_storage_journal import ANA, BRUNO, crash_copy, reopened

CARLA = {"name": "Carla"}


def open_store(tmp_path: Path, **options: object) -> tuple[Store, Path]:
    path = tmp_path / "live" / "db.json"
    store = Store(path, flush_interval=60, **options)  # type: ignore[arg-type]
    return store, path.with_name("db.json.journal")


@pytest.mark.parametrize("room", [0, 10])
def test_a_commit_the_full_disk_cuts_off_is_rolled_back_and_later_ones_survive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, room: int
) -> None:
    store, journal = open_store(tmp_path)
    insert(store, PEOPLE, "acme", ANA)
    before = journal.read_bytes()
    disk = DiskFull(monkeypatch, journal, room=room)

    with pytest.raises(StoreError) as raised:
        insert(store, PEOPLE, "acme", BRUNO)

    assert str(raised.value) == (
        f"cannot write to {journal}: {ENOSPC}; the transaction was rolled back"
    )
    assert getattr(raised.value, "code", None) == 500  # answered as the vendor's 500
    assert disk.refused == 1
    assert snapshot(store, [PEOPLE]) == {PEOPLE: {"acme": [(1, ANA)]}}  # no phantom record
    assert journal.read_bytes() == before  # the partial line was cut off
    assert store.write_failures == 1

    disk.room = None  # space comes back
    assert insert(store, PEOPLE, "acme", CARLA) == [3]  # id 2 stays used, as a sequence's
    copy = crash_copy(journal.with_name("db.json"), tmp_path / "crashed")
    store.close()
    assert reopened(copy)[PEOPLE] == {"acme": [(1, ANA), (3, CARLA)]}


def test_a_partial_line_that_cannot_be_cut_off_does_not_hide_what_follows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, journal = open_store(tmp_path)
    insert(store, PEOPLE, "acme", ANA)
    disk = DiskFull(monkeypatch, journal, room=10)
    real_ftruncate = os.ftruncate

    def ftruncate(fd: int, length: int) -> None:
        if disk.is_target(fd):
            raise EIO
        real_ftruncate(fd, length)

    monkeypatch.setattr(os, "ftruncate", ftruncate)
    with pytest.raises(StoreError):
        insert(store, PEOPLE, "acme", BRUNO)
    disk.room = None
    insert(store, PEOPLE, "acme", CARLA)
    copy = crash_copy(journal.with_name("db.json"), tmp_path / "crashed")
    store.close()

    reopened_store = Store(copy)
    try:
        assert snapshot(reopened_store, [PEOPLE]) == {PEOPLE: {"acme": [(1, ANA), (3, CARLA)]}}
        # The 10 bytes of Bruno's line, ended by the marker, are one damaged line.
        assert reopened_store.recovery.lines_skipped == 1
        assert reopened_store.recovery.kept_aside == ["db.json.journal.damaged"]
    finally:
        reopened_store.close()


def test_a_commit_whose_fsync_fails_is_rolled_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, journal = open_store(tmp_path, fsync=True)
    insert(store, PEOPLE, "acme", ANA)
    before = journal.read_bytes()
    target = os.stat(journal)
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        found = os.fstat(fd)
        if (found.st_dev, found.st_ino) == (target.st_dev, target.st_ino):
            raise EIO
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(StoreError) as raised:
        insert(store, PEOPLE, "acme", BRUNO)

    assert str(raised.value) == f"cannot write to {journal}: {EIO}; the transaction was rolled back"
    assert snapshot(store, [PEOPLE]) == {PEOPLE: {"acme": [(1, ANA)]}}
    assert journal.read_bytes() == before
    store.close()


def test_a_string_utf8_cannot_encode_is_refused_before_anything_is_kept(tmp_path: Path) -> None:
    store, journal = open_store(tmp_path)
    insert(store, PEOPLE, "acme", ANA)
    before = journal.read_bytes()

    with pytest.raises(StoreError) as raised:
        insert(store, PEOPLE, "acme", {"name": "H\ud800x"})

    assert str(raised.value) == (
        "cannot encode the transaction: 'utf-8' codec can't encode character '\\ud800' in "
        "position 29: surrogates not allowed; the transaction was rolled back"
    )
    assert snapshot(store, [PEOPLE]) == {PEOPLE: {"acme": [(1, ANA)]}}
    assert journal.read_bytes() == before
    store.flush()  # nothing unencodable is left for the snapshot either
    store.close()
    assert reopened(journal.with_name("db.json"))[PEOPLE] == {"acme": [(1, ANA)]}


def test_the_background_writer_outlives_a_failed_compaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "db.json"
    real_mkstemp = tempfile.mkstemp
    attempts: list[str] = []

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        attempts.append("snapshot")
        if len(attempts) == 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_mkstemp(*args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    caplog.set_level(logging.WARNING, logger="flow_sandbox.storage")
    store = Store(path, flush_interval=0.01, compact_at=1)
    insert(store, PEOPLE, "acme", ANA)
    deadline = time.monotonic() + 10
    # Until the thread has written the snapshot and said so (or the deadline passes).
    while len(caplog.records) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)

    assert path.exists()  # compacted on the second try, by the same thread
    assert store.compaction_failures == 1
    assert [r.getMessage() for r in caplog.records] == [
        "flow-sandbox storage: compaction failed, will retry",
        "flow-sandbox storage: compaction succeeded again",
    ]
    insert(store, PEOPLE, "acme", BRUNO)
    store.close()
    assert reopened(path)[PEOPLE] == {"acme": [(1, ANA), (2, BRUNO)]}


def test_a_compaction_leaves_the_snapshot_in_place_until_the_new_one_replaces_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A crash while the new snapshot is written then finds the last one where it was, not
    # only a backup to recover from.
    path = tmp_path / "db.json"
    store = Store(path, flush_interval=60)
    insert(store, PEOPLE, "acme", ANA)
    store.flush()
    insert(store, PEOPLE, "acme", BRUNO)
    on_disk: list[object] = []
    real_mkstemp = tempfile.mkstemp

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        on_disk.append(json.loads(path.read_text(encoding="utf-8")))
        return real_mkstemp(*args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    store.flush()
    store.close()

    first = {PEOPLE: {"1": {**ANA, WORKSPACE_KEY: "acme"}}}
    assert on_disk[0] == first  # while the second snapshot was being written
    assert json.loads(path.with_name("db.json.bak").read_text(encoding="utf-8")) == first
    assert reopened(path)[PEOPLE] == {"acme": [(1, ANA), (2, BRUNO)]}


def test_commits_do_not_cut_the_backoff_after_a_failed_compaction_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each attempt encodes the whole store: a commit's wake-up must not bring the next one
    # forward, or a busy server compacts (and fails) once per write.
    path = tmp_path / "db.json"
    real_mkstemp = tempfile.mkstemp
    attempts: list[float] = []
    disk_full = True

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        if disk_full:
            attempts.append(time.monotonic())
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_mkstemp(*args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    store = Store(path, flush_interval=2, compact_at=1)
    insert(store, PEOPLE, "acme", ANA)
    deadline = time.monotonic() + 10
    while not attempts and time.monotonic() < deadline:
        time.sleep(0.01)
    assert attempts  # the first commit made the journal due
    # 50 commits well inside the first backoff (4 s): no further attempt.
    for number in range(50):
        insert(store, PEOPLE, "acme", {"name": f"Person {number}"})
        time.sleep(0.01)
    assert len(attempts) == 1
    assert store.compaction_failures == 1

    disk_full = False
    started = time.monotonic()
    store.close()  # stops the writer mid-backoff at once, and writes the snapshot owed
    assert time.monotonic() - started < 1
    assert len(reopened(path)[PEOPLE]["acme"]) == 51  # type: ignore[index]
