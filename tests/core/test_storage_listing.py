"""`Store.ordered`: the first records of a workspace in (field, id) order, from an order
index kept by every write, give exactly what sorting everything `find` returns gives; and
RapidPro's first page of contacts reads that page, not every contact."""

from __future__ import annotations

import random
from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from sandbox.core.storage import Record, Store, ordered
from sandbox.platforms.flowbot.models.common import CONVERSATIONS as FLOWBOT_CONVERSATIONS
from tests.core.conftest import count_copies
from tests.platforms.flowbot.helpers import API_KEY, CLIENT_ID, api_token, load_deployment

ROWS = "test.rows"


def by_sorting(store: Store, workspace: str, descending: bool, **conditions: Any) -> list[int]:
    found = [r for r in store.find(ROWS, workspace, **conditions) if isinstance(r.get("at"), str)]
    found.sort(key=lambda r: (r["at"], r.id), reverse=descending)
    return [r.id for r in found]


def ids(records: list[Record]) -> list[int]:
    return [r.id for r in records]


@pytest.mark.parametrize("block", [2, 3, ordered.BLOCK])
def test_ordered_pages_equal_a_full_sort_through_writes(
    store: Store, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ordered, "BLOCK", block)  # small blocks: many splits and merges
    rng = random.Random(14)
    live: list[int] = []
    # The order index exists from the start, so every write below goes through it.
    assert store.ordered(ROWS, "acme", "at", limit=5) == []
    for step in range(400):
        with store.transaction():
            action = rng.random()
            if action < 0.55 or not live:
                doc = {"at": f"2026-01-{rng.randint(1, 9):02d}", "on": rng.random() < 0.8}
                live.append(store.insert(ROWS, rng.choice(["acme", "acme", "other"]), doc).id)
            elif action < 0.85:
                changes = {"at": f"2026-01-{rng.randint(1, 9):02d}", "on": rng.random() < 0.8}
                store.update(ROWS, rng.choice(live), changes)
            else:
                store.remove(ROWS, live.pop(rng.randrange(len(live))))
        if step % 20 == 0:
            for descending in (True, False):
                for limit in (1, 7, 1000):
                    expected = by_sorting(store, "acme", descending, on=True)[:limit]
                    got = store.ordered(
                        ROWS, "acme", "at", descending=descending, limit=limit, on=True
                    )
                    assert ids(got) == expected
    everything = store.ordered(ROWS, "acme", "at", descending=True, limit=10_000)
    assert ids(everything) == by_sorting(store, "acme", True)
    assert len(everything) > 50


def test_an_index_built_on_existing_records_and_a_rollback_keep_the_order(store: Store) -> None:
    with store.transaction():
        for day in (3, 1, 2, 1):
            store.insert(ROWS, "acme", {"at": f"d{day}"})
    assert ids(store.ordered(ROWS, "acme", "at", limit=10)) == [2, 4, 3, 1]
    with pytest.raises(RuntimeError), store.transaction():
        store.update(ROWS, 2, {"at": "d9"})
        store.remove(ROWS, 1)
        raise RuntimeError("undo both")
    assert ids(store.ordered(ROWS, "acme", "at", descending=True, limit=2)) == [1, 3]


def test_values_that_cannot_be_ordered_are_left_out_and_numbers_come_first(
    store: Store,
) -> None:
    with store.transaction():
        for value in ("b", 2, None, True, [1], "a", 1.5):
            store.insert(ROWS, "acme", {"at": value})
        store.insert(ROWS, "acme", {"other": 1})
    records = store.ordered(ROWS, "acme", "at", limit=100)
    assert [r["at"] for r in records] == [1.5, 2, "a", "b"]
    assert store.ordered(ROWS, "acme", "at", limit=0) == []
    assert store.ordered("test.none", "acme", "at", limit=3) == []
    assert store.ordered(ROWS, "nobody", "at", limit=3) == []


# -- RapidPro's contact list ------------------------------------------------------------------

TOKEN = "fcd60351118eb5c4d44f469892bbde1ed5308a45"  # the default workspace's demo token
CONTACTS_PATH = "/rapidpro/api/v2/contacts.json"


def test_rapidpro_first_page_reads_only_that_page(
    client: Client, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = {"Authorization": f"Token {TOKEN}"}
    for n in range(300):
        made = client.post(CONTACTS_PATH, json={"name": f"C{n}"}, headers=headers)
        assert made.status_code == 201
    copies = count_copies(monkeypatch)
    newest = client.get(CONTACTS_PATH, headers=headers).get_json()
    assert [c["name"] for c in newest["results"]] == [f"C{n}" for n in range(299, 49, -1)]
    assert newest["next"] is not None and newest["previous"] is None
    # The page and the one after it (whether there is a next page), plus a few lookups
    # (the org, its groups): not the 300 contacts.
    assert 251 <= len(copies) <= 260
    copies.clear()
    oldest = client.get(CONTACTS_PATH, query_string={"reverse": "true"}, headers=headers)
    assert [c["name"] for c in oldest.get_json()["results"]][:2] == ["C0", "C1"]
    assert 251 <= len(copies) <= 260
    # The next page still comes from the whole ordered list, and joins the first.
    second = client.get(newest["next"], headers=headers).get_json()
    assert [c["name"] for c in second["results"]] == [f"C{n}" for n in range(49, -1, -1)]


def test_a_scan_in_id_order_follows_find_and_reads_only_what_is_taken(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.transaction():
        for n in range(30):
            store.insert(ROWS, "acme" if n % 3 else "other", {"n": n, "even": n % 2 == 0})
        store.update(ROWS, 2, {"n": 99})  # a rewrite keeps its place in id order
        store.remove(ROWS, 5)
    assert ids(list(store.scan(ROWS, "acme", None))) == ids(store.find(ROWS, "acme"))
    assert ids(list(store.scan(ROWS, "acme", None, descending=True, even=True))) == list(
        reversed(ids(store.find(ROWS, "acme", even=True)))
    )
    copies: list[int] = []
    record = Store._record
    monkeypatch.setattr(
        Store, "_record", staticmethod(lambda i, doc: copies.append(i) or record(i, doc))
    )
    assert ids(store.ordered(ROWS, "acme", None, limit=3)) == [2, 3, 6]
    assert copies == [2, 3, 6]


# -- FlowBot's conversation list ---------------------------------------------------------------


def test_flowbot_lists_a_page_of_conversations_from_the_order_index(
    client: Client, sandbox: Sandbox, frozen: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_deployment(sandbox)
    headers = {"Authorization": f"Bearer {api_token(client, CLIENT_ID, API_KEY)}"}
    path = "/flowbot/api/conversations"
    every = client.get(path, query_string={"stats": "true"}, headers=headers).json
    assert len(every["conversations"]) == 3  # the full sort, for the statistics
    sizes: list[int] = []
    find = sandbox.store.find

    def logged(table: str, workspace: str, **conditions: Any) -> list[Record]:
        found = find(table, workspace, **conditions)
        if table == FLOWBOT_CONVERSATIONS:
            sizes.append(len(found))
        return found

    monkeypatch.setattr(sandbox.store, "find", logged)
    for limit in (1, 2, 3, 50):
        page = client.get(path, query_string={"limit": limit}, headers=headers).json
        assert page == every["conversations"][:limit]
    assert sizes == []  # no read of every conversation
