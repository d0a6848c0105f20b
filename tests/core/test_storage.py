"""The store: records per workspace, conditions, copies, transactions, the file, threads."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from sandbox.core.storage import Contains, IEquals, Store, StoreError
from tests.core.conftest import run_threads

PEOPLE = "people"
PETS = "pets"

#: {table: {workspace: [(id, value), ...]}}, everything the store holds in those tables.
Snapshot = dict[str, dict[str, list[tuple[int, dict[str, Any]]]]]


def snapshot(store: Store, tables: Iterable[str] = (PEOPLE, PETS)) -> Snapshot:
    """The full contents of `tables`, every workspace, every record with its id."""
    return {
        table: {
            workspace: [(record.id, dict(record)) for record in store.find(table, workspace)]
            for workspace in sorted(store.workspaces_in(table))
        }
        for table in tables
    }


def snapshot_of(path: Path, tables: Iterable[str] = (PEOPLE, PETS)) -> Snapshot:
    """snapshot() of a store opened afresh on `path` (and closed again)."""
    store = Store(path)
    try:
        return snapshot(store, tables)
    finally:
        store.close()


def insert(store: Store, table: str, workspace: str, *docs: dict[str, Any]) -> list[int]:
    """Insert committed documents and return their ids."""
    with store.transaction():
        return [store.insert(table, workspace, doc).id for doc in docs]


@pytest.fixture
def filled(store: Store) -> Store:
    """Two workspaces with records in two tables."""
    insert(
        store,
        PEOPLE,
        "acme",
        {"name": "Ana", "tags": ["vip", "new"], "address": {"city": "Recife", "zip": "50000"}},
        {"name": "Bruno", "tags": ["new"], "address": {"city": "Maceió", "zip": "57000"}},
        {"name": "Carla", "tags": [], "address": {"city": "Recife", "zip": "50010"}},
    )
    insert(store, PEOPLE, "globex", {"name": "Dora", "tags": ["vip"], "address": {"city": "Natal"}})
    insert(store, PETS, "acme", {"name": "Rex", "owner": "Ana"})
    insert(store, PETS, "globex", {"name": "Tom", "owner": "Dora"})
    return store


# -- basic operations --------------------------------------------------------------------------


def test_insert_returns_the_stored_value_with_its_id(store: Store) -> None:
    with store.transaction():
        first = store.insert(PEOPLE, "acme", {"name": "Ana"})
        second = store.insert(PEOPLE, "acme", {"name": "Bruno"})

    assert (first.id, dict(first)) == (1, {"name": "Ana"})
    assert (second.id, dict(second)) == (2, {"name": "Bruno"})


def test_insert_many_returns_records_in_the_given_order(store: Store) -> None:
    with store.transaction():
        records = store.insert_many(PEOPLE, "acme", [{"name": "Ana"}, {"name": "Bruno"}])

    assert [(r.id, dict(r)) for r in records] == [(1, {"name": "Ana"}), (2, {"name": "Bruno"})]
    assert snapshot(store, [PEOPLE]) == {
        PEOPLE: {"acme": [(1, {"name": "Ana"}), (2, {"name": "Bruno"})]}
    }


def test_get_returns_the_record_with_that_id(filled: Store) -> None:
    record = filled.get(PEOPLE, "acme", 2)

    assert record is not None
    assert (record.id, dict(record)) == (
        2,
        {"name": "Bruno", "tags": ["new"], "address": {"city": "Maceió", "zip": "57000"}},
    )


@pytest.mark.parametrize(("table", "record_id"), [(PEOPLE, 99), ("no-such-table", 1)])
def test_get_of_a_missing_record_returns_none(filled: Store, table: str, record_id: int) -> None:
    assert filled.get(table, "acme", record_id) is None


def test_find_without_conditions_returns_every_record_oldest_first(filled: Store) -> None:
    assert [r["name"] for r in filled.find(PEOPLE, "acme")] == ["Ana", "Bruno", "Carla"]


def test_find_by_equality(filled: Store) -> None:
    assert [r.id for r in filled.find(PEOPLE, "acme", name="Bruno")] == [2]


def test_find_requires_every_condition(filled: Store) -> None:
    found = filled.find(PEOPLE, "acme", tags=Contains("new"), **{"address.city": "Recife"})

    assert [r["name"] for r in found] == ["Ana"]


def test_find_by_dotted_nested_key(filled: Store) -> None:
    found = filled.find(PEOPLE, "acme", **{"address.city": "Recife"})

    assert [r["name"] for r in found] == ["Ana", "Carla"]


def test_find_contains_matches_list_members(filled: Store) -> None:
    assert [r["name"] for r in filled.find(PEOPLE, "acme", tags=Contains("new"))] == [
        "Ana",
        "Bruno",
    ]


def test_find_contains_does_not_match_substrings_of_a_string(filled: Store) -> None:
    assert filled.find(PEOPLE, "acme", name=Contains("An")) == []


def test_find_iequals_ignores_case(filled: Store) -> None:
    assert [r.id for r in filled.find(PEOPLE, "acme", name=IEquals("bRUNO"))] == [2]


def test_find_iequals_folds_case_beyond_ascii(store: Store) -> None:
    insert(store, PEOPLE, "acme", {"street": "Hauptstraße"})

    assert len(store.find(PEOPLE, "acme", street=IEquals("HAUPTSTRASSE"))) == 1


def test_find_iequals_does_not_match_non_strings(store: Store) -> None:
    insert(store, PEOPLE, "acme", {"code": 12}, {"code": ["12"]})

    assert store.find(PEOPLE, "acme", code=IEquals("12")) == []


def test_first_returns_the_oldest_match(filled: Store) -> None:
    first = filled.first(PEOPLE, "acme", **{"address.city": "Recife"})

    assert first is not None
    assert first.id == 1


def test_first_without_a_match_returns_none(filled: Store) -> None:
    assert filled.first(PEOPLE, "acme", name="Nobody") is None


def test_count_with_and_without_conditions(filled: Store) -> None:
    assert filled.count(PEOPLE, "acme") == 3
    assert filled.count(PEOPLE, "acme", tags=Contains("vip")) == 1
    assert filled.count(PEOPLE, "acme", name="Nobody") == 0


def test_update_sets_the_given_keys_and_keeps_the_others(filled: Store) -> None:
    with filled.transaction():
        updated = filled.update(PEOPLE, 2, {"name": "Bruna", "age": 30})

    expected = {
        "name": "Bruna",
        "tags": ["new"],
        "address": {"city": "Maceió", "zip": "57000"},
        "age": 30,
    }
    assert (updated.id, dict(updated)) == (2, expected)
    assert filled.get(PEOPLE, "acme", 2) == expected


def test_update_of_a_missing_record_raises_key_error(filled: Store) -> None:
    with pytest.raises(KeyError, match="people has no record 99"), filled.transaction():
        filled.update(PEOPLE, 99, {"name": "Ghost"})


def test_remove_deletes_the_record(filled: Store) -> None:
    with filled.transaction():
        filled.remove(PEOPLE, 2)

    assert filled.get(PEOPLE, "acme", 2) is None
    assert [r.id for r in filled.find(PEOPLE, "acme")] == [1, 3]


def test_remove_of_a_missing_record_changes_nothing(filled: Store) -> None:
    before = snapshot(filled)
    with filled.transaction():
        filled.remove(PEOPLE, 99)

    assert snapshot(filled) == before


def test_remove_workspace_removes_only_that_workspaces_records(filled: Store) -> None:
    with filled.transaction():
        filled.remove_workspace("acme")

    assert snapshot(filled) == {
        PEOPLE: {"globex": [(4, {"name": "Dora", "tags": ["vip"], "address": {"city": "Natal"}})]},
        PETS: {"globex": [(2, {"name": "Tom", "owner": "Dora"})]},
    }


def test_remove_workspace_limited_to_some_tables(filled: Store) -> None:
    with filled.transaction():
        filled.remove_workspace("acme", tables=[PETS])

    assert filled.count(PEOPLE, "acme") == 3
    assert filled.count(PETS, "acme") == 0


def test_workspaces_in_lists_the_owners_of_a_tables_records(filled: Store) -> None:
    assert filled.workspaces_in(PEOPLE) == {"acme", "globex"}
    assert filled.workspaces_in("empty") == set()


# -- records are copies ------------------------------------------------------------------------


def test_mutating_a_fetched_record_does_not_change_the_store(filled: Store) -> None:
    before = snapshot(filled)
    record = filled.get(PEOPLE, "acme", 1)
    assert record is not None
    record["name"] = "Changed"
    record["tags"].append("mutated")
    record["address"]["city"] = "Elsewhere"
    for found in filled.find(PEOPLE, "acme"):
        found["tags"].clear()

    assert snapshot(filled) == before


#: A document with nested values (the mutation tests insert a deep copy and expect this back).
NESTED_ANA: dict[str, Any] = {"name": "Ana", "tags": ["vip"], "address": {"city": "Recife"}}


def test_mutating_an_inserted_dict_afterwards_does_not_change_the_store(store: Store) -> None:
    doc: dict[str, Any] = copy.deepcopy(NESTED_ANA)
    with store.transaction():
        store.insert(PEOPLE, "acme", doc)
    doc["name"] = "Changed"
    doc["tags"].append("mutated")
    doc["address"]["city"] = "Elsewhere"

    assert store.get(PEOPLE, "acme", 1) == NESTED_ANA


@pytest.mark.parametrize("many", [False, True], ids=["insert", "insert_many"])
def test_mutating_the_record_an_insert_returns_does_not_change_the_store(
    store: Store, many: bool
) -> None:
    doc = copy.deepcopy(NESTED_ANA)
    with store.transaction():
        if many:
            [returned] = store.insert_many(PEOPLE, "acme", [doc])
        else:
            returned = store.insert(PEOPLE, "acme", doc)
    returned["tags"].append("mutated")
    returned["address"]["city"] = "Elsewhere"

    assert store.get(PEOPLE, "acme", 1) == NESTED_ANA


def test_mutating_update_changes_or_result_afterwards_does_not_change_the_store(
    filled: Store,
) -> None:
    changes: dict[str, Any] = {"tags": ["a"]}
    with filled.transaction():
        updated = filled.update(PEOPLE, 3, changes)
    changes["tags"].append("b")
    updated["tags"].append("c")

    record = filled.get(PEOPLE, "acme", 3)
    assert record is not None
    assert record["tags"] == ["a"]


# -- workspace isolation -----------------------------------------------------------------------


def test_get_does_not_return_another_workspaces_record(filled: Store) -> None:
    assert filled.get(PEOPLE, "globex", 1) is None
    assert filled.get(PEOPLE, "acme", 4) is None


def test_find_and_count_see_only_the_workspaces_records(filled: Store) -> None:
    assert [r["name"] for r in filled.find(PEOPLE, "globex", tags=Contains("vip"))] == ["Dora"]
    assert filled.count(PEOPLE, "globex") == 1
    assert filled.first(PEOPLE, "globex", name="Ana") is None


def test_an_unknown_workspace_sees_nothing(filled: Store) -> None:
    assert filled.find(PEOPLE, "initech") == []
    assert filled.count(PEOPLE, "initech") == 0


# -- transactions ------------------------------------------------------------------------------


class Boom(Exception):
    pass


def _insert_some(store: Store) -> None:
    store.insert(PEOPLE, "acme", {"name": "Eve"})
    store.insert_many(PETS, "globex", [{"name": "Kit"}, {"name": "Bob"}])


def _update_some(store: Store) -> None:
    store.update(PEOPLE, 1, {"name": "Ana Maria", "tags": ["changed"], "extra": True})
    store.update(PEOPLE, 1, {"name": "Twice"})
    store.update(PETS, 2, {"owner": "Nobody"})


def _remove_some(store: Store) -> None:
    store.remove(PEOPLE, 2)
    store.remove(PETS, 1)


def _remove_workspaces(store: Store) -> None:
    store.remove_workspace("acme")
    store.remove_workspace("globex", tables=[PETS])


def _everything(store: Store) -> None:
    _insert_some(store)
    _update_some(store)
    store.update(PEOPLE, 5, {"name": "Eve updated"})  # the record inserted above
    _remove_some(store)
    store.remove(PEOPLE, 5)
    _remove_workspaces(store)
    store.insert(PEOPLE, "acme", {"name": "After"})


WRITES: dict[str, Callable[[Store], None]] = {
    "insert": _insert_some,
    "update": _update_some,
    "remove": _remove_some,
    "remove_workspace": _remove_workspaces,
    "all kinds together": _everything,
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_a_failing_transaction_undoes_its_writes_exactly(
    filled: Store, write: Callable[[Store], None]
) -> None:
    before = snapshot(filled)

    with pytest.raises(Boom), filled.transaction():
        write(filled)
        raise Boom

    assert snapshot(filled) == before


def test_a_committed_transaction_keeps_all_its_writes(filled: Store) -> None:
    with filled.transaction():
        _everything(filled)

    assert snapshot(filled) == {
        PEOPLE: {
            "acme": [(6, {"name": "After"})],
            "globex": [(4, {"name": "Dora", "tags": ["vip"], "address": {"city": "Natal"}})],
        },
        PETS: {},
    }


def test_a_rolled_back_remove_restores_the_record_under_its_id(filled: Store) -> None:
    with pytest.raises(Boom), filled.transaction():
        filled.remove(PEOPLE, 2)
        raise Boom

    record = filled.get(PEOPLE, "acme", 2)
    assert record is not None
    assert record.id == 2
    assert record["name"] == "Bruno"


def test_the_store_works_normally_after_a_rollback(filled: Store) -> None:
    with pytest.raises(Boom), filled.transaction():
        _everything(filled)
        raise Boom

    with filled.transaction():
        new = filled.insert(PEOPLE, "acme", {"name": "Fresh"})

    assert filled.get(PEOPLE, "acme", new.id) == {"name": "Fresh"}
    assert filled.count(PEOPLE, "acme") == 4
    assert len({r.id for r in filled.find(PEOPLE, "acme")}) == 4


def test_a_nested_transaction_is_undone_when_the_outer_one_fails(filled: Store) -> None:
    before = snapshot(filled)

    with pytest.raises(Boom), filled.transaction():
        with filled.transaction():
            filled.insert(PEOPLE, "acme", {"name": "Inner"})
            filled.update(PEOPLE, 1, {"name": "Inner update"})
        filled.insert(PEOPLE, "acme", {"name": "Outer"})
        raise Boom

    assert snapshot(filled) == before


def test_a_nested_transaction_commits_with_the_outer_one(store: Store) -> None:
    with store.transaction():
        with store.transaction():
            store.insert(PEOPLE, "acme", {"name": "Inner"})
        store.insert(PEOPLE, "acme", {"name": "Outer"})

    assert [r["name"] for r in store.find(PEOPLE, "acme")] == ["Inner", "Outer"]


def test_begin_and_end_without_commit_roll_back(filled: Store) -> None:
    before = snapshot(filled)
    filled.begin()
    filled.insert(PEOPLE, "acme", {"name": "Temp"})
    filled.end(commit=False)

    assert snapshot(filled) == before


OUTSIDE: dict[str, Callable[[Store], Any]] = {
    "insert": lambda s: s.insert(PEOPLE, "acme", {"name": "Stray"}),
    "insert_many": lambda s: s.insert_many(PEOPLE, "acme", [{"name": "Stray"}]),
    "update": lambda s: s.update(PEOPLE, 1, {"name": "Stray"}),
    "remove": lambda s: s.remove(PEOPLE, 1),
    "remove_workspace": lambda s: s.remove_workspace("acme"),
}


@pytest.mark.parametrize("write", OUTSIDE.values(), ids=OUTSIDE.keys())
def test_a_write_outside_a_transaction_raises(filled: Store, write: Callable[[Store], Any]) -> None:
    with pytest.raises(RuntimeError, match="store writes must happen inside a transaction"):
        write(filled)


@pytest.mark.parametrize("write", OUTSIDE.values(), ids=OUTSIDE.keys())
def test_a_refused_write_outside_a_transaction_changes_nothing(
    filled: Store, write: Callable[[Store], Any]
) -> None:
    before = snapshot(filled)

    with pytest.raises(RuntimeError):
        write(filled)

    assert snapshot(filled) == before


# -- the database file -------------------------------------------------------------------------


def _fill(store: Store) -> Store:
    insert(store, PEOPLE, "acme", {"name": "Ana", "tags": ["vip"]}, {"name": "Bruno"})
    insert(store, PETS, "globex", {"name": "Rex", "nested": {"a": [1, 2, {"b": None}]}})
    with store.transaction():
        store.update(PEOPLE, 1, {"name": "Ana Maria"})
        store.remove(PEOPLE, 2)
    return store


def test_a_reopened_file_store_shows_the_committed_data(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    first = Store(path)
    filled_before = snapshot(_fill(first))
    first.close()

    assert snapshot_of(path) == filled_before


def test_close_writes_every_committed_transaction(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = Store(path)
    for number in range(20):
        insert(store, PEOPLE, "acme", {"n": number})
    store.close()

    reopened = Store(path)
    try:
        assert [r["n"] for r in reopened.find(PEOPLE, "acme")] == list(range(20))
    finally:
        reopened.close()


def test_flush_writes_committed_data_while_the_store_stays_open(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = Store(path)
    try:
        insert(store, PEOPLE, "acme", {"name": "Ana"})
        store.flush()
        assert snapshot_of(path, [PEOPLE]) == {PEOPLE: {"acme": [(1, {"name": "Ana"})]}}
    finally:
        store.close()


def test_rolled_back_writes_never_reach_the_file(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = Store(path)
    insert(store, PEOPLE, "acme", {"name": "Kept"})
    with pytest.raises(Boom), store.transaction():
        store.insert(PEOPLE, "acme", {"name": "Lost"})
        store.update(PEOPLE, 1, {"name": "Lost too"})
        raise Boom
    store.close()

    assert snapshot_of(path, [PEOPLE]) == {PEOPLE: {"acme": [(1, {"name": "Kept"})]}}


def test_inserts_after_reopening_do_not_reuse_ids(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = Store(path)
    insert(store, PEOPLE, "acme", {"name": "Ana"}, {"name": "Bruno"})
    store.close()

    reopened = Store(path)
    try:
        [new_id] = insert(reopened, PEOPLE, "acme", {"name": "Carla"})
        assert [(r.id, r["name"]) for r in reopened.find(PEOPLE, "acme")] == [
            (1, "Ana"),
            (2, "Bruno"),
            (new_id, "Carla"),
        ]
        assert new_id == 3
    finally:
        reopened.close()


def test_the_file_and_its_directory_are_created_on_first_write(tmp_path: Path) -> None:
    path = tmp_path / "state" / "nested" / "db.json"
    store = Store(path)
    insert(store, PEOPLE, "acme", {"name": "Ana"})
    store.close()

    assert path.is_file()


def test_no_temporary_file_is_left_after_writing(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    store = Store(path)
    insert(store, PEOPLE, "acme", {"name": "Ana"})
    store.flush()
    insert(store, PEOPLE, "acme", {"name": "Bruno"})
    store.close()

    # The snapshot, the previous one and the journal between them (test_storage_journal.py
    # shows what they recover); no temporary file, and no empty journal.
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "db.json",
        "db.json.bak",
        "db.json.journal.old",
    ]


def test_a_leftover_temporary_file_from_a_crashed_write_does_not_stop_loading(
    tmp_path: Path,
) -> None:
    path = tmp_path / "db.json"
    store = Store(path)
    insert(store, PEOPLE, "acme", {"name": "Ana"})
    store.close()
    (tmp_path / ".db.json.123.tmp").write_text('{"people": {"1": {"na', encoding="utf-8")

    assert snapshot_of(path, [PEOPLE]) == {PEOPLE: {"acme": [(1, {"name": "Ana"})]}}


def test_a_temporary_file_without_the_database_file_starts_an_empty_store(
    tmp_path: Path,
) -> None:
    (tmp_path / ".db.json.456.tmp").write_text("{", encoding="utf-8")

    store = Store(tmp_path / "db.json")
    try:
        assert store.workspaces_in(PEOPLE) == set()
    finally:
        store.close()


def test_an_empty_file_loads_as_an_empty_store(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_text("", encoding="utf-8")

    store = Store(path)
    try:
        assert store.find(PEOPLE, "acme") == []
    finally:
        store.close()


def test_a_file_that_is_not_json_raises_store_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_text("not json at all", encoding="utf-8")

    with pytest.raises(StoreError) as raised:
        Store(path)

    assert str(raised.value) == (
        f"cannot read the database file {path}: Expecting value: line 1 column 1 (char 0)"
    )


@pytest.mark.parametrize("text", ["[1, 2]", '{"people": []}', '"text"'])
def test_json_that_is_not_a_tinydb_database_raises_store_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "db.json"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(StoreError) as raised:
        Store(path)

    assert str(raised.value) == f"{path} is not a TinyDB database file"


@pytest.mark.parametrize("location", [None, ":memory:"])
def test_a_memory_store_writes_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, location: str | None
) -> None:
    monkeypatch.chdir(tmp_path)
    store = Store(location)
    insert(store, PEOPLE, "acme", {"name": "Ana"})
    store.flush()
    store.close()

    assert list(tmp_path.iterdir()) == []


# -- threads -----------------------------------------------------------------------------------


def test_concurrent_transactions_keep_every_insert_with_unique_ids(store: Store) -> None:
    threads, inserts = 8, 50

    def work(index: int) -> None:
        for number in range(inserts):
            with store.transaction():
                store.insert(PEOPLE, "acme", {"thread": index, "n": number})

    run_threads(threads, work)

    records = store.find(PEOPLE, "acme")
    assert len(records) == threads * inserts
    assert len({r.id for r in records}) == threads * inserts
    assert {(r["thread"], r["n"]) for r in records} == {
        (t, n) for t in range(threads) for n in range(inserts)
    }


def test_concurrent_failing_transactions_undo_only_their_own_writes(store: Store) -> None:
    threads, rounds = 8, 30

    def work(index: int) -> None:
        for number in range(rounds):
            try:
                with store.transaction():
                    store.insert(PEOPLE, "acme", {"thread": index, "n": number})
                    if number % 2:
                        raise Boom
            except Boom:
                pass

    run_threads(threads, work)

    assert sorted((r["thread"], r["n"]) for r in store.find(PEOPLE, "acme")) == [
        (t, n) for t in range(threads) for n in range(0, rounds, 2)
    ]
