"""Store.insert_owned: documents the caller gives up are stored as they are (what fixture
loads use for their many records), with the guarantees of insert_many."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sandbox.core.storage import Contains, Store

PEOPLE = "people"


def people(*names: str) -> Iterator[dict[str, Any]]:
    for name in names:
        yield {"name": name, "tags": [name.lower()]}


def test_insert_owned_stores_every_document_and_counts_them() -> None:
    store = Store()
    with store.transaction():
        assert store.insert_owned(PEOPLE, "acme", people("Ana", "Bruno")) == 2
    assert [(r.id, dict(r)) for r in store.find(PEOPLE, "acme")] == [
        (1, {"name": "Ana", "tags": ["ana"]}),
        (2, {"name": "Bruno", "tags": ["bruno"]}),
    ]
    assert [r.id for r in store.find(PEOPLE, "acme", tags=Contains("bruno"))] == [2]
    assert store.find(PEOPLE, "globex") == []


def test_insert_owned_after_insert_many_goes_on_with_the_ids() -> None:
    store = Store()
    with store.transaction():
        store.insert_many(PEOPLE, "acme", [{"name": "Ana"}])
        store.insert_owned(PEOPLE, "acme", people("Bruno"))
    assert [r.id for r in store.find(PEOPLE, "acme")] == [1, 2]


def test_a_generator_that_raises_half_way_leaves_nothing_stored() -> None:
    store = Store()
    with store.transaction():
        store.insert_many(PEOPLE, "acme", [{"name": "Before"}])

    def broken() -> Iterator[dict[str, Any]]:
        yield from people("Ana", "Bruno")
        raise ValueError("a bad entry")

    with pytest.raises(ValueError, match="a bad entry"), store.transaction():
        store.insert_owned(PEOPLE, "acme", broken())
    assert [dict(r) for r in store.find(PEOPLE, "acme")] == [{"name": "Before"}]
    assert store.find(PEOPLE, "acme", tags=Contains("ana")) == []
    with store.transaction():
        store.insert_owned(PEOPLE, "acme", people("Carla"))
    assert [r["name"] for r in store.find(PEOPLE, "acme")] == ["Before", "Carla"]


def test_owned_documents_are_journalled(tmp_path: Path) -> None:
    database = tmp_path / "db.json"
    store = Store(str(database))
    with store.transaction():
        store.insert_owned(PEOPLE, "acme", people("Ana", "Bruno"))
    store.close()
    reopened = Store(str(database))
    assert [dict(r) for r in reopened.find(PEOPLE, "acme")] == [
        {"name": "Ana", "tags": ["ana"]},
        {"name": "Bruno", "tags": ["bruno"]},
    ]
    reopened.close()
