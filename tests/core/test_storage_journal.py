"""The store's engine: every commit is in the journal before it is acknowledged, damaged
files still load, compaction keeps plain TinyDB files, indexes follow every write, and
concurrent writers never lose an update or share an id."""

from __future__ import annotations

import gc
import json
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tinydb import TinyDB

from sandbox.core.storage import (
    SNAPSHOT_SLICE,
    WORKSPACE_KEY,
    Contains,
    IEquals,
    Store,
    StoreError,
    _journal_line,
    _snapshot_text,
)
from tests.core.conftest import run_threads
from tests.core.test_storage import PEOPLE, PETS, insert, snapshot

ANA = {"name": "Ana", "uuid": "u-1", "urns": ["tel:+1"]}
BRUNO = {"name": "Bruno", "uuid": "u-2", "urns": ["tel:+2"]}


def crash_copy(path: Path, into: Path) -> Path:
    """What a `kill -9` at this moment leaves: the files as they are, copied elsewhere
    (the store that wrote them is still open and never closed)."""
    into.mkdir()
    for found in path.parent.iterdir():
        shutil.copy2(found, into / found.name)
    return into / path.name


def reopened(path: Path) -> dict[str, object]:
    store = Store(path)
    try:
        return snapshot(store, [PEOPLE, PETS])
    finally:
        store.close()


# -- durability ---------------------------------------------------------------------------------


def test_a_committed_write_survives_a_crash_without_any_flush(tmp_path: Path) -> None:
    path = tmp_path / "live" / "db.json"
    store = Store(path, flush_interval=60)
    insert(store, PEOPLE, "acme", ANA)
    with store.transaction():
        store.update(PEOPLE, 1, {"name": "Ana Maria"})
        store.insert(PETS, "acme", {"name": "Rex"})
    copy = crash_copy(path, tmp_path / "crashed")
    store.close()

    assert not copy.exists()  # no snapshot was ever written: all of it is in the journal
    assert reopened(copy) == {
        PEOPLE: {"acme": [(1, {**ANA, "name": "Ana Maria"})]},
        PETS: {"acme": [(1, {"name": "Rex"})]},
    }


def test_rolled_back_writes_never_reach_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "live" / "db.json"
    store = Store(path, flush_interval=60)
    insert(store, PEOPLE, "acme", ANA)
    with pytest.raises(ZeroDivisionError), store.transaction():
        store.insert(PEOPLE, "acme", BRUNO)
        store.remove(PEOPLE, 1)
        raise ZeroDivisionError
    copy = crash_copy(path, tmp_path / "crashed")
    store.close()

    assert reopened(copy) == {PEOPLE: {"acme": [(1, ANA)]}, PETS: {}}


def test_every_commit_is_fsynced_with_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd))[1])
    store = Store(tmp_path / "db.json", fsync=True, flush_interval=60)
    insert(store, PEOPLE, "acme", ANA)
    insert(store, PEOPLE, "acme", BRUNO)
    assert len(synced) == 2
    store.close()


def test_without_fsync_a_commit_is_written_but_not_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd))
    store = Store(tmp_path / "db.json", flush_interval=60)
    insert(store, PEOPLE, "acme", ANA)
    assert synced == []
    assert (tmp_path / "db.json.journal").stat().st_size > 0
    store.close()


# -- damaged files ------------------------------------------------------------------------------


def journal_with(tmp_path: Path, *docs: dict[str, object]) -> Path:
    """A database of only a journal (no snapshot yet), one committed insert per doc."""
    path = tmp_path / "live" / "db.json"
    store = Store(path, flush_interval=60)
    for doc in docs:
        insert(store, PEOPLE, "acme", doc)
    copy = crash_copy(path, tmp_path / "crashed")
    store.close()
    return copy


@pytest.mark.parametrize("cut", [1, 5, 20])
def test_a_torn_last_journal_line_is_ignored(tmp_path: Path, cut: int) -> None:
    path = journal_with(tmp_path, ANA, BRUNO)
    journal = path.with_name("db.json.journal")
    data = journal.read_bytes()
    journal.write_bytes(data[:-cut])  # the second commit was cut off mid-write

    store = Store(path)
    assert snapshot(store, [PEOPLE]) == {PEOPLE: {"acme": [(1, ANA)]}}
    # The torn tail is dropped, so what is committed next follows a valid line.
    insert(store, PEOPLE, "acme", {"name": "Carla"})
    store.close()
    assert reopened(path)[PEOPLE] == {"acme": [(1, ANA), (2, {"name": "Carla"})]}


def test_a_complete_line_whose_checksum_fails_is_skipped(tmp_path: Path) -> None:
    path = journal_with(tmp_path, ANA, BRUNO)
    journal = path.with_name("db.json.journal")
    first, second = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(first + second.replace(b"Bruno", b"Brunx"))

    assert reopened(path)[PEOPLE] == {"acme": [(1, ANA)]}


def test_a_truncated_snapshot_is_recovered_from_the_backup_and_the_journals(
    tmp_path: Path,
) -> None:
    path = tmp_path / "live" / "db.json"
    store = Store(path, flush_interval=60)
    insert(store, PEOPLE, "acme", ANA)
    store.flush()  # snapshot 1
    insert(store, PEOPLE, "acme", BRUNO)
    store.flush()  # snapshot 2; snapshot 1 is the backup
    with store.transaction():
        store.update(PEOPLE, 1, {"name": "Ana Maria"})
    copy = crash_copy(path, tmp_path / "crashed")
    store.close()
    copy.write_text(copy.read_text()[:25], encoding="utf-8")  # a damaged snapshot 2

    assert reopened(copy)[PEOPLE] == {"acme": [(1, {**ANA, "name": "Ana Maria"}), (2, BRUNO)]}


def test_a_readable_snapshot_is_not_replayed_over_with_the_old_journal(tmp_path: Path) -> None:
    # The old journal leads from the backup to the snapshot, so it is only read when the
    # snapshot is not; replaying it on every start cost as long as loading the snapshot.
    path = tmp_path / "db.json"
    store = Store(path, flush_interval=60)
    insert(store, PEOPLE, "acme", ANA)
    store.close()
    stale = [["put", PEOPLE, 1, {**ANA, "name": "Stale", WORKSPACE_KEY: "acme"}]]
    path.with_name("db.json.journal.old").write_bytes(_journal_line(stale))

    assert reopened(path)[PEOPLE] == {"acme": [(1, ANA)]}


def test_a_compaction_cut_between_its_renames_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "live" / "db.json"
    store = Store(path, flush_interval=60)
    insert(store, PEOPLE, "acme", ANA)
    store.flush()
    insert(store, PEOPLE, "acme", BRUNO)
    copy = crash_copy(path, tmp_path / "crashed")
    store.close()
    # The snapshot moved to the backup, the new one not yet in place, the journal pending.
    os.replace(copy, copy.with_name("db.json.bak"))
    os.replace(copy.with_name("db.json.journal"), copy.with_name("db.json.journal.pending"))

    assert reopened(copy)[PEOPLE] == {"acme": [(1, ANA), (2, BRUNO)]}


def test_replaying_a_journal_already_in_the_snapshot_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "live" / "db.json"
    store = Store(path, flush_interval=60)
    insert(store, PEOPLE, "acme", ANA, BRUNO)
    with store.transaction():
        store.remove(PEOPLE, 2)
        store.update(PEOPLE, 1, {"name": "Ana Maria"})
    with store.transaction():  # drops are journalled too
        store.remove_workspace("acme", [PETS])
    journal = path.with_name("db.json.journal").read_bytes()
    store.flush()
    store.close()
    # A crash after the snapshot, before its journal was moved aside: replayed again.
    path.with_name("db.json.journal").write_bytes(journal)

    assert reopened(path)[PEOPLE] == {"acme": [(1, {**ANA, "name": "Ana Maria"})]}


def test_a_damaged_snapshot_without_a_backup_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_text('{"people": {"1": {"na', encoding="utf-8")
    with pytest.raises(StoreError) as raised:
        Store(path)
    assert str(raised.value).startswith(f"cannot read the database file {path}: ")


# -- compaction -----------------------------------------------------------------------------------


def test_compaction_writes_a_file_tinydb_opens(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = Store(path, flush_interval=60)
    insert(store, PEOPLE, "acme", ANA, BRUNO)
    store.close()

    database = TinyDB(path, access_mode="r")
    try:
        assert [dict(doc) for doc in database.table(PEOPLE).all()] == [
            {**ANA, "_ws": "acme"},
            {**BRUNO, "_ws": "acme"},
        ]
    finally:
        database.close()
    assert json.loads(path.read_text())[PEOPLE]["2"]["name"] == "Bruno"


def wait_for(condition: Callable[[], bool]) -> bool:
    for _ in range(500):
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_the_background_writer_compacts_a_big_journal(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    journal = path.with_name("db.json.journal")
    store = Store(path, flush_interval=0.01, compact_at=2_000)
    for number in range(40):
        insert(store, PEOPLE, "acme", {"name": f"Person {number}", "bio": "x" * 50})

    def compacted() -> bool:
        # The journal is folded in once it reaches 2,000 bytes or the snapshot's size.
        limit = max(2_000, path.stat().st_size if path.exists() else 0)
        return path.exists() and journal.stat().st_size < limit

    assert wait_for(compacted), "the journal was not compacted"
    store.close()
    assert len(reopened(path)[PEOPLE]["acme"]) == 40


def test_the_journal_may_grow_as_long_as_the_snapshot_before_compaction(tmp_path: Path) -> None:
    # A compaction rewrites the whole store: with a fixed threshold its cost per write would
    # grow with the store.
    path = tmp_path / "db.json"
    journal = path.with_name("db.json.journal")
    store = Store(path, flush_interval=0.01, compact_at=1_000)
    insert(store, PEOPLE, "acme", *({"name": f"P{n}", "bio": "x" * 200} for n in range(50)))
    assert wait_for(lambda: path.exists() and journal.stat().st_size == 0)
    snapshot_bytes = path.stat().st_size
    assert snapshot_bytes > 10_000

    pets = 0
    while pets < 25:  # about half the snapshot: past 1,000 bytes, short of the snapshot
        insert(store, PETS, "acme", {"name": "Rex", "bio": "y" * 200})
        pets += 1
    written = journal.stat().st_size
    assert 1_000 < written < snapshot_bytes
    time.sleep(0.2)  # twenty looks of the background writer
    assert journal.stat().st_size == written
    assert path.stat().st_size == snapshot_bytes

    while pets < 60:  # now longer than the snapshot
        insert(store, PETS, "acme", {"name": "Rex", "bio": "y" * 200})
        pets += 1
    assert wait_for(lambda: path.stat().st_size > snapshot_bytes), "no compaction"
    store.close()


def test_the_threshold_starts_from_the_snapshot_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    journal = path.with_name("db.json.journal")
    store = Store(path, compact_at=1_000)
    insert(store, PEOPLE, "acme", *({"name": f"P{n}", "bio": "x" * 200} for n in range(50)))
    store.close()  # compacts: a big snapshot, an empty journal
    reopened_store = Store(path, flush_interval=0.01, compact_at=1_000)
    insert(reopened_store, PETS, "acme", {"name": "Rex", "bio": "y" * 2_000})
    time.sleep(0.2)
    assert journal.stat().st_size > 1_000  # over compact_at, under the snapshot: kept
    reopened_store.close()


# -- indexes follow every write ---------------------------------------------------------------


def test_lookups_follow_updates_removals_and_rollbacks(tmp_path: Path) -> None:
    store = Store()
    insert(store, PEOPLE, "acme", ANA, BRUNO)
    assert [r.id for r in store.find(PEOPLE, "acme", uuid="u-1")] == [1]  # index built
    assert store.first(PEOPLE, "acme", urns=Contains("tel:+2")) == {**BRUNO}
    assert store.count(PEOPLE, "acme", name=IEquals("ANA")) == 1
    with store.transaction():
        store.update(PEOPLE, 1, {"uuid": "u-9", "urns": ["tel:+9"], "name": "Zoe"})
    assert store.find(PEOPLE, "acme", uuid="u-1") == []
    assert [r.id for r in store.find(PEOPLE, "acme", uuid="u-9")] == [1]
    assert store.find(PEOPLE, "acme", urns=Contains("tel:+1")) == []
    assert store.count(PEOPLE, "acme", name=IEquals("zoe")) == 1
    with pytest.raises(ZeroDivisionError), store.transaction():
        store.remove(PEOPLE, 1)
        store.insert(PEOPLE, "acme", {"uuid": "u-9"})
        raise ZeroDivisionError
    assert [r.id for r in store.find(PEOPLE, "acme", uuid="u-9")] == [1]
    with store.transaction():
        store.remove(PEOPLE, 1)
    assert store.find(PEOPLE, "acme", uuid="u-9") == []
    store.close()


def test_an_index_keeps_workspaces_apart(tmp_path: Path) -> None:
    store = Store()
    insert(store, PEOPLE, "acme", ANA)
    insert(store, PEOPLE, "globex", ANA)
    assert [r.id for r in store.find(PEOPLE, "globex", uuid="u-1")] == [2]
    with store.transaction():
        store.remove_workspace("acme")
    assert store.find(PEOPLE, "acme", uuid="u-1") == []
    assert [r.id for r in store.find(PEOPLE, "globex", uuid="u-1")] == [2]
    store.close()


def test_unhashable_values_are_looked_up_by_equality(tmp_path: Path) -> None:
    store = Store()
    insert(store, PEOPLE, "acme", {"address": {"city": "Recife"}}, {"address": ["a"]})
    assert [r.id for r in store.find(PEOPLE, "acme", address={"city": "Recife"})] == [1]
    assert [r.id for r in store.find(PEOPLE, "acme", address=["a"])] == [2]
    assert [r.id for r in store.find(PEOPLE, "acme", **{"address.city": "Recife"})] == [1]
    store.close()


# -- concurrency --------------------------------------------------------------------------------


def test_concurrent_writers_lose_no_update_and_share_no_id(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = Store(path, flush_interval=0.01, compact_at=4_000)
    insert(store, PETS, "acme", {"name": "counter", "value": 0})
    threads, writes = 8, 50

    def work(number: int) -> None:
        for step in range(writes):
            with store.transaction():
                store.insert(PEOPLE, "acme", {"thread": number, "step": step})
                counter = store.get(PETS, "acme", 1)
                assert counter is not None
                store.update(PETS, 1, {"value": counter["value"] + 1})
            # Readers run alongside the writers.
            store.find(PEOPLE, "acme", thread=number)

    run_threads(threads, work)  # re-raises the first error of any worker

    people = store.find(PEOPLE, "acme")
    assert len(people) == threads * writes
    assert len({person.id for person in people}) == threads * writes
    assert store.get(PETS, "acme", 1) == {"name": "counter", "value": threads * writes}
    store.close()
    after = reopened(path)
    assert len(after[PEOPLE]["acme"]) == threads * writes  # type: ignore[index]
    assert after[PETS]["acme"] == [(1, {"name": "counter", "value": threads * writes})]  # type: ignore[index]


def test_a_reader_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    store = Store()
    insert(store, PEOPLE, "acme", ANA)
    store.begin(write=True)  # a writer holds the write lock in this thread...
    seen: list[int] = []
    reader = threading.Thread(target=lambda: seen.append(store.count(PEOPLE, "acme")))
    reader.start()
    reader.join(timeout=5)
    assert not reader.is_alive() and seen == [1]  # ...and another thread reads meanwhile
    store.end(commit=True)
    store.close()


def test_a_tables_version_moves_on_with_every_change_and_undo(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json")
    try:
        seen = [store.version(PEOPLE)]
        insert(store, PEOPLE, "acme", ANA)
        seen.append(store.version(PEOPLE))
        with store.transaction():
            store.update(PEOPLE, 1, {"name": "Ana Maria"})
        seen.append(store.version(PEOPLE))
        with pytest.raises(RuntimeError), store.transaction():
            store.remove(PEOPLE, 1)
            raise RuntimeError("roll back")
        seen.append(store.version(PEOPLE))

        assert seen == sorted(set(seen))  # every step moved it on, never back
        assert store.version(PETS) == 0  # a table nobody wrote to
    finally:
        store.close()


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path, enabled: bool) -> None:
    path = tmp_path / "db.json"
    Store(path).close()
    (gc.enable if enabled else gc.disable)()
    try:
        Store(path).close()
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_a_memo_is_recomputed_once_its_table_changes() -> None:
    store = Store(None)
    calls: list[str] = []

    def names() -> list[str]:
        calls.append("computed")
        return [record["name"] for record in store.find(PEOPLE, "acme")]

    assert store.memo(PEOPLE, "names", names) == []
    insert(store, PETS, "acme", {"name": "Rex"})  # another table: the memo holds
    assert store.memo(PEOPLE, "names", names) == []
    insert(store, PEOPLE, "acme", ANA)
    assert store.memo(PEOPLE, "names", names) == ["Ana"]
    assert store.memo(PEOPLE, "names", names) == ["Ana"]

    assert calls == ["computed", "computed"]


def test_a_snapshot_written_a_slice_at_a_time_is_the_json_of_the_whole() -> None:
    # Slices keep one encoder call from holding the GIL through a whole big snapshot.
    count = SNAPSHOT_SLICE * 2 + 3
    snapshot = {
        PEOPLE: {i: {"name": f"Ana {i}", "tags": ["ç", {"x": None}]} for i in range(count, 0, -1)},
        PETS: {},
        "notes": {7: {"text": "one"}},
    }
    whole = {
        name: {str(i): doc for i, doc in sorted(docs.items())}
        for name, docs in snapshot.items()
        if docs
    }

    assert _snapshot_text(snapshot) == json.dumps(whole, ensure_ascii=False)
    assert _snapshot_text({}) == "{}"
