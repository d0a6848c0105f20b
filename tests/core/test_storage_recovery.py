"""Loading damaged files: exactly what is damaged is left out, the damaged file is kept
aside, the backup is loaded when the snapshot is empty or unreadable, and the store says
what it recovered (`Store.recovery`)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from sandbox.core.storage import Store, StoreError
from tests.core.faults import flip_bit
from tests.core.test_storage import PEOPLE, insert, snapshot
from tests.core.test_storage_journal import crash_copy, journal_with

PEOPLE_50 = [{"name": f"Person {n:02}"} for n in range(1, 51)]
NO_RECOVERY = {
    "recovered": False,
    "warning": None,
    "backup_loaded": None,
    "snapshot_problem": None,
    "journal_lines_skipped": 0,
    "torn_bytes_dropped": 0,
    "kept_aside": [],
}


def fifty_commits(tmp_path: Path) -> Path:
    """A crashed database of 50 committed inserts, all in the journal: one line each."""
    return journal_with(tmp_path, *PEOPLE_50)


def people(path: Path) -> tuple[list[tuple[int, dict[str, object]]], dict[str, object]]:
    """The people a reopened store holds, and its recovery report."""
    store = Store(path)
    try:
        return snapshot(store, [PEOPLE])[PEOPLE].get("acme", []), store.recovery.as_dict()
    finally:
        store.close()


def test_a_flipped_bit_loses_exactly_its_line_and_the_damaged_file_is_kept(
    tmp_path: Path,
) -> None:
    path = fifty_commits(tmp_path)
    journal = path.with_name("db.json.journal")
    original = flip_bit(journal, 10, b"Person 10")
    damaged = journal.read_bytes()

    store = Store(path, flush_interval=60)
    found = snapshot(store, [PEOPLE])[PEOPLE]["acme"]
    recovery = store.recovery.as_dict()
    # Rewritten without it before anything is appended (closing would compact it away).
    lines = original.splitlines(keepends=True)
    assert journal.read_bytes() == b"".join(lines[:9] + lines[10:])
    store.close()

    assert found == [(n, PEOPLE_50[n - 1]) for n in range(1, 51) if n != 10]
    assert recovery == {
        **NO_RECOVERY,
        "recovered": True,
        "warning": "storage recovered: skipped 1 damaged journal line; "
        "damaged files kept as db.json.journal.damaged",
        "journal_lines_skipped": 1,
        "kept_aside": ["db.json.journal.damaged"],
    }
    assert path.with_name("db.json.journal.damaged").read_bytes() == damaged
    # Nothing is left to recover: the next start is silent, and keeps the same data.
    assert people(path) == (found, NO_RECOVERY)


def test_damaged_files_kept_aside_are_never_overwritten(tmp_path: Path) -> None:
    path = fifty_commits(tmp_path)
    journal = path.with_name("db.json.journal")
    flip_bit(journal, 10, b"Person 10")
    damaged = journal.read_bytes()
    people(path)
    journal.write_bytes(damaged)  # the same damage once more (replaying is harmless)

    found, recovery = people(path)

    assert [n for n, _ in found] == [n for n in range(1, 51) if n != 10]
    assert recovery["kept_aside"] == ["db.json.journal.damaged-2"]
    assert path.with_name("db.json.journal.damaged").read_bytes() == damaged
    assert path.with_name("db.json.journal.damaged-2").read_bytes() == damaged


def test_a_torn_last_write_is_dropped_and_reported(tmp_path: Path) -> None:
    path = fifty_commits(tmp_path)
    journal = path.with_name("db.json.journal")
    whole = journal.read_bytes()
    journal.write_bytes(whole[:-7])
    torn = len(whole.splitlines()[-1]) + 1 - 7  # the last line, less the 7 bytes cut off

    found, recovery = people(path)

    assert [n for n, _ in found] == list(range(1, 50))
    assert recovery == {
        **NO_RECOVERY,
        "recovered": True,
        "warning": f"storage recovered: dropped a torn last journal write ({torn} bytes)",
        "torn_bytes_dropped": torn,
    }


def backed_up(tmp_path: Path) -> Path:
    """A crashed database whose snapshot holds 5 people, its backup the first 3."""
    path = tmp_path / "live" / "db.json"
    store = Store(path, flush_interval=60)
    insert(store, PEOPLE, "acme", *PEOPLE_50[:3])
    store.flush()
    insert(store, PEOPLE, "acme", *PEOPLE_50[3:5])
    store.flush()
    copy = crash_copy(path, tmp_path / "crashed")
    store.close()
    return copy


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "the database file {path} is empty"),
        (b'{"people": {"1"', "cannot read the database file {path}: Expecting ':' delimiter: "),
    ],
)
def test_an_empty_or_unreadable_snapshot_is_recovered_from_the_backup(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = backed_up(tmp_path)
    path.write_bytes(content)

    found, recovery = people(path)

    assert found == [(n, PEOPLE_50[n - 1]) for n in range(1, 6)]
    assert str(recovery["snapshot_problem"]).startswith(problem.format(path=path))
    assert recovery == {
        **NO_RECOVERY,
        "recovered": True,
        "warning": f"storage recovered: loaded the backup db.json.bak "
        f"({recovery['snapshot_problem']}); damaged files kept as db.json.damaged",
        "backup_loaded": "db.json.bak",
        "snapshot_problem": recovery["snapshot_problem"],
        "kept_aside": ["db.json.damaged"],
    }
    assert path.with_name("db.json.damaged").read_bytes() == content


def test_after_recovering_from_the_backup_a_new_snapshot_is_owed_and_chained(
    tmp_path: Path,
) -> None:
    path = backed_up(tmp_path)
    path.write_bytes(b"")
    store = Store(path, flush_interval=60)
    insert(store, PEOPLE, "acme", PEOPLE_50[5])
    store.flush()  # owed: the snapshot was set aside
    store.close()
    assert people(path) == ([(n, PEOPLE_50[n - 1]) for n in range(1, 7)], NO_RECOVERY)

    # The new snapshot damaged in turn: its backup and journals still lead to all of it.
    path.write_bytes(b"")
    found, recovery = people(path)
    assert found == [(n, PEOPLE_50[n - 1]) for n in range(1, 7)]
    assert recovery["backup_loaded"] == "db.json.bak"


def test_an_empty_snapshot_without_a_backup_is_an_empty_database(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.touch()  # what TinyDB opens as an empty database too
    assert people(path) == ([], NO_RECOVERY)


def test_a_journal_written_before_this_version_loads_as_it_is(tmp_path: Path) -> None:
    # The line format is unchanged: a line as the previous version wrote it (checksum,
    # space, compact JSON) replays.
    path = tmp_path / "db.json"
    path.with_name("db.json.journal").write_bytes(
        b'b67a8bd1 [["put","people",1,{"name":"Ana","_ws":"acme"}]]\n'
    )
    assert people(path) == ([(1, {"name": "Ana"})], NO_RECOVERY)


class Crash(BaseException):
    """The process dies here."""


@pytest.mark.parametrize("step", ["tempfile.mkstemp", "os.fsync", "os.link", "os.replace"])
def test_a_crash_while_repairing_the_journal_loses_no_good_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    # At every instant of the repair, the journal (the original or the repaired copy) is
    # in place: a start after a crash there reads every good line again.
    path = fifty_commits(tmp_path)
    journal = path.with_name("db.json.journal")
    flip_bit(journal, 10, b"Person 10")
    module, name = step.split(".")
    target = tempfile if module == "tempfile" else os
    real = getattr(target, name)
    crashed: list[Path] = []

    def crash(*args: object, **kwargs: object) -> object:
        if crashed:
            return real(*args, **kwargs)
        crashed.append(crash_copy(path, tmp_path / "crashed-in-repair"))
        raise Crash

    monkeypatch.setattr(target, name, crash)
    with pytest.raises(Crash):
        Store(path, flush_interval=60)
    monkeypatch.undo()

    good = [(n, PEOPLE_50[n - 1]) for n in range(1, 51) if n != 10]
    for after_crash in [crashed[0], path]:  # as the crash left it / as the raise left it
        found, recovery = people(after_crash)
        assert found == good
        assert recovery["journal_lines_skipped"] in (0, 1)
        assert people(after_crash) == (good, NO_RECOVERY)


def test_when_the_backup_is_unreadable_too_both_problems_are_named(tmp_path: Path) -> None:
    path = backed_up(tmp_path)
    path.write_bytes(b'{"people": {"1"')
    path.with_name("db.json.bak").write_bytes(b"")

    with pytest.raises(StoreError) as raised:
        Store(path)

    message = str(raised.value)
    assert message.startswith(f"cannot read the database file {path}: Expecting ':' delimiter")
    assert f"the database file {path.with_name('db.json.bak')} is empty" in message
