"""The resource base (`sandbox/core/resources.py`): a table seen through a scope, lookups
by an indexed key or a name answering the platform's not-found error, fixture ids, and a
listing's page (Laravel's offset paging) that reads the table only as far as the page.
Flochat's models stand on it (`FlochatResource`, `FlowResource`)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from sandbox.core.backend import WorkspaceBackend
from sandbox.core.fixtures import FixtureError
from sandbox.core.resources import Resource, fixture_id, name_matches, page_of, pick
from sandbox.core.sandbox import Sandbox
from sandbox.core.storage import Record, Store
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import FLOW_SCOPE, Flochat
from sandbox.platforms.flochat.models.common import FLOW_SETTINGS, page
from sandbox.platforms.flochat.models.subflows import FlowSettings, SubFlows
from sandbox.platforms.flochat.models.tags import Tags

PETS = "test.pets"


class Missing(LookupError):
    pass


class Pets(Resource[WorkspaceBackend]):
    """The pets of owner 1 (the scope), by name, 3 a page unless asked."""

    TABLE = PETS
    NOT_FOUND = "Pet not found"
    DEFAULT_LIMIT = 3

    def scope(self) -> dict[str, Any]:
        return {"owner": 1}

    def missing(self) -> Exception:
        return Missing(self.NOT_FOUND)


class PetsByAge(Pets):
    ORDER_BY = "age"
    NAME_FIELD = "nick"


def names(rows: list[Record]) -> list[str]:
    return [row["name"] for row in rows]


def add_pets(backend: WorkspaceBackend, count: int) -> None:
    """`count` pets of owner 1 (`pet0`, `pet1`, ...; every tenth a `Rex`), each followed
    by one of owner 2 that owner 1's listings must pass over."""
    for n in range(count):
        name = f"Rex{n}" if n % 10 == 0 else f"pet{n}"
        backend.insert(PETS, {"owner": 1, "name": name, "nick": name, "age": count - n})
        backend.insert(PETS, {"owner": 2, "name": f"Rex-other{n}", "nick": "x", "age": 0})


# -- page_of: Laravel's offset paging ------------------------------------------------------------


@pytest.mark.parametrize(
    ("limit", "page_number", "expected"),
    [
        (None, None, [0, 1, 2]),  # the default size, page 1
        (0, 0, [0, 1, 2]),  # 0 means "not given" for both
        (4, 2, [4, 5, 6, 7]),
        (4, 3, [8, 9]),  # the last page is short
        (4, 4, []),  # past the end
        # Outside the schemas' bounds: a list slice's answer, as the slice always gave.
        (-2, 1, [0, 1, 2, 3, 4, 5, 6, 7]),
        (2, -1, [6, 7]),
    ],
)
def test_page_of_is_a_list_slice_of_the_page(
    limit: int | None, page_number: int | None, expected: list[int]
) -> None:
    assert page_of(range(10), limit, page_number, 3) == expected
    size = limit or 3
    start = ((page_number or 1) - 1) * size
    assert expected == list(range(10))[start : start + size]


def test_page_of_reads_no_further_than_the_page() -> None:
    endless = itertools.count()  # an iterable read to its end would never answer
    assert page_of(endless, 5, 3, 15) == [10, 11, 12, 13, 14]
    assert next(endless) == 15


def test_flochat_page_keeps_its_default_of_15() -> None:
    assert page(list(range(40)), None, 2) == list(range(15, 30))
    assert page(list(range(40)), 100, 1) == list(range(40))


def test_pick_takes_the_keys_in_the_order_asked() -> None:
    row = {"a": 1, "b": None, "c": [2]}
    assert list(pick(row, "c", "a").items()) == [("c", [2]), ("a", 1)]
    with pytest.raises(KeyError):
        pick(row, "d")


def test_name_matches_is_a_case_blind_contains() -> None:
    assert name_matches("ReX")("a rex b") and name_matches(None)(None)
    assert not name_matches("rex")(None) and not name_matches("rex")("re x")


# -- Resource --------------------------------------------------------------------------------


def test_rows_are_the_scope_s_only_and_writes_carry_it(backend: WorkspaceBackend) -> None:
    pets = Pets(backend)
    made = pets.add({"name": "Ann", "age": 3})
    assert made["owner"] == 1 and list(made) == ["owner", "name", "age"]
    add_pets(backend, 2)
    assert names(pets.all()) == ["Ann", "Rex0", "pet1"]
    assert pets.change(made, {"age": 4})["age"] == 4
    pets.delete(made)
    assert names(pets.all()) == ["Rex0", "pet1"]


def test_lookups_answer_the_platform_s_not_found(backend: WorkspaceBackend) -> None:
    add_pets(backend, 3)
    pets = Pets(backend)
    assert pets.by_key(name="pet1")["age"] == 2
    assert pets.by_name("  rEX0 ")["name"] == "Rex0"  # blanks and case aside
    assert pets.find_by_name("Rex-other0") is None  # owner 2's
    with pytest.raises(Missing, match="Pet not found"):
        pets.by_key(name="Rex-other1")
    with pytest.raises(Missing, match="Pet not found"):
        pets.by_name("nobody")


def test_without_a_platform_error_a_missing_row_is_a_lookup_error(
    backend: WorkspaceBackend,
) -> None:
    class Plain(Resource[WorkspaceBackend]):
        TABLE = PETS

    with pytest.raises(LookupError, match=f"^no row of {PETS} has that key$"):
        Plain(backend).by_key(name="nobody")


def test_a_listing_pages_the_scope_s_rows_in_order(backend: WorkspaceBackend) -> None:
    add_pets(backend, 7)
    pets = Pets(backend)
    assert names(pets.listing(None, None, None)) == ["Rex0", "pet1", "pet2"]
    assert names(pets.listing(None, 3, 3)) == ["pet6"]
    assert names(pets.listing("PET", 2, 2)) == ["pet3", "pet4"]
    assert names(pets.listing("pet", 2, 2, where=lambda p: p["age"] % 2 == 0)) == [
        "pet5",
    ]
    by_age = PetsByAge(backend)  # youngest first; searched by nick
    assert names(by_age.listing(None, 3, 1)) == ["pet6", "pet5", "pet4"]
    assert names(by_age.listing("rex", None, None)) == ["Rex0"]
    assert names(by_age.all())[0] == "pet6"


def test_a_searched_listing_reads_as_far_as_its_page(
    backend: WorkspaceBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_pets(backend, 1000)  # 2,000 rows, 100 of owner 1 named Rex
    built: list[int] = []
    record = Store._record

    def counted(record_id: int, doc: dict[str, Any]) -> Record:
        built.append(record_id)
        return record(record_id, doc)

    monkeypatch.setattr(Store, "_record", staticmethod(counted))
    first = Pets(backend).listing("rex", 3, 1)
    assert names(first) == ["Rex0", "Rex10", "Rex20"]
    assert len(built) <= 21  # owner 1's first 21 rows, not 2,000
    built.clear()
    assert names(Pets(backend).listing(None, 3, 2)) == ["pet3", "pet4", "pet5"]
    assert len(built) == 6


def test_fixture_ids_are_reserved_and_unique(backend: WorkspaceBackend) -> None:
    pets = Pets(backend)
    assert pets.fixture_id(5, ["pets", 0], "pet") == 5
    pets.add({"id": 5, "name": "Five"})
    assert fixture_id(backend, PETS, None, ["pets", 1], "pet") == 6  # goes on after 5
    with pytest.raises(FixtureError, match=r"pets\[2\]\.id: another pet has id 5"):
        pets.fixture_id(5, ["pets", 2], "pet")


# -- Flochat's flow resources ------------------------------------------------------------------


def test_a_flochat_flow_resource_sees_its_flow_only(sandbox: Sandbox) -> None:
    ctx = sandbox.context(sandbox.workspaces.get("default"))  # type: ignore[arg-type]
    mine, other = Flochat(ctx, 1, frozenset({FLOW_SCOPE})), Flochat(ctx, 2, frozenset())
    with sandbox.store.transaction():
        created = Tags(mine).create(" VIP ")
        Tags(other).create("vip")
        assert created["flow"] == 1 and created["name"] == "VIP"
        assert Tags(mine).by_name("vip")["tag_ns"] == created["tag_ns"]
        assert [t["flow"] for t in Tags(mine).list("v", None, None)] == [1]
        with pytest.raises(FlochatError) as raised:
            Tags(mine).by_ns(Tags(other).by_name("vip")["tag_ns"])
        assert (raised.value.code, raised.value.body) == (400, "Tag not found")


def test_flow_settings_are_one_row_per_flow_written_by_the_model(sandbox: Sandbox) -> None:
    ctx = sandbox.context(sandbox.workspaces.get("default"))  # type: ignore[arg-type]
    mine, other = Flochat(ctx, 1, frozenset({FLOW_SCOPE})), Flochat(ctx, 2, frozenset())
    with sandbox.store.transaction():
        sub_flow = SubFlows(mine).add({"sub_flow_ns": "f1s1", "name": "Start", "is_main": True})
        FlowSettings(mine).set_start_flow("default_start_flow", "f1s1")
        FlowSettings(mine).set(stt_model="whisper-1")
        FlowSettings(other).set_start_flow("web_chat_start_flow", "main")
        rows = mine.find(FLOW_SETTINGS)
        assert [{k: v for k, v in row.items()} for row in rows] == [
            {"flow": 1, "default_start_flow": sub_flow["sub_flow_ns"], "stt_model": "whisper-1"},
            {"flow": 2, "web_chat_start_flow": "main"},
        ]
        with pytest.raises(FlochatError) as raised:  # a sub flow of another flow
            FlowSettings(other).set_start_flow("default_start_flow", "f1s1")
        assert raised.value.body == "Sub flow not found"
