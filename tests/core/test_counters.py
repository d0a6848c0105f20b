"""AUTO_INCREMENT counters (`sandbox/core/counters.py`): ids are never given twice, fixtures
reserve theirs, a counter survives a reload from the journal, and a call reads one counter
record, not the table it numbers (XeroChat's and Flochat's creates used to read every row).
Also the `Keyed` condition their uniqueness checks use instead of scans."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from sandbox.core.counters import Counters
from sandbox.core.sandbox import Sandbox
from sandbox.core.storage import Keyed, Record, Store
from sandbox.platforms.flochat.models.api import FLOW_SCOPE, TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.common import SUBSCRIBERS
from sandbox.platforms.flochat.models.subscriber_data import SubscriberProfiles
from sandbox.platforms.flochat.models.subscriber_search import SubscriberSearch
from sandbox.platforms.xerochat import errors
from sandbox.platforms.xerochat.errors import XeroChatError
from sandbox.platforms.xerochat.models.common import CONTACTS, LABELS
from sandbox.platforms.xerochat.models.contacts import Contacts
from sandbox.platforms.xerochat.models.facebook import Facebook
from tests.core.conftest import count_copies
from tests.core.test_storage_journal import crash_copy
from tests.platforms.flochat.helpers import FLOW, load_team
from tests.platforms.xerochat.helpers import INSTALLATION, PAGE, load_xerochat, xerochat_model

COUNTERS = "test.counters"
ROWS = "test.rows"


def seed_team_profiles(
    sandbox: Sandbox, subscriber: Callable[[int], dict[str, str]]
) -> tuple[Flochat, SubscriberProfiles]:
    """The seed team loaded and 40 subscribers created (`subscriber(n)`, n = 0..39, gives
    each one's fields); its default flow's API (both scopes) and subscriber profiles."""
    load_team(sandbox)
    ctx = sandbox.context(sandbox.workspaces.get("default"))  # type: ignore[arg-type]
    api = Flochat(ctx, FLOW, frozenset({FLOW_SCOPE, TEAM_SCOPE}))
    profiles = SubscriberProfiles(api)
    with sandbox.store.transaction():
        for n in range(40):
            profiles.create(subscriber(n))
    return api, profiles


def take(counters: Counters, name: str = ROWS, **options: Any) -> int:
    with counters.store.transaction():
        return counters.next(name, **options)


def test_ids_count_up_from_one_per_name_and_workspace(store: Store) -> None:
    acme = Counters(store, COUNTERS, "acme")
    other = Counters(store, COUNTERS, "other")
    assert [take(acme), take(acme), take(acme, "test.more"), take(other)] == [1, 2, 1, 1]
    assert acme.last(ROWS) == 2
    assert acme.last("test.never") == 0


def test_an_id_is_never_given_again_after_its_row_is_deleted(store: Store) -> None:
    counters = Counters(store, COUNTERS, "acme")
    with store.transaction():
        for _ in range(3):
            store.insert(ROWS, "acme", {"id": counters.next(ROWS)})
    with store.transaction():
        for row in store.find(ROWS, "acme"):
            store.remove(ROWS, row.id)
    assert take(counters) == 4


def test_reserved_ids_move_the_counter_past_them_never_back(store: Store) -> None:
    counters = Counters(store, COUNTERS, "acme")
    with store.transaction():
        counters.reserve(ROWS, 10)
        counters.reserve(ROWS, 7)  # below the counter: changes nothing
    assert take(counters) == 11
    with store.transaction():
        counters.reserve(ROWS, 11)
    assert take(counters) == 12
    assert take(counters, at_least=20) == 20


def test_a_rolled_back_id_is_given_again(store: Store) -> None:
    counters = Counters(store, COUNTERS, "acme")
    assert take(counters) == 1
    with pytest.raises(RuntimeError), store.transaction():
        counters.next(ROWS)
        raise RuntimeError("the request failed")
    assert take(counters) == 2  # the failed request's id was never stored


def test_the_floor_is_asked_only_while_the_counter_has_no_record(store: Store) -> None:
    counters = Counters(store, COUNTERS, "acme")
    asked: list[int] = []

    def floor() -> int:
        asked.append(1)
        return 41  # the highest id a store written before counters existed holds

    assert [take(counters, floor=floor) for _ in range(3)] == [42, 43, 44]
    assert asked == [1]


def test_a_counter_survives_a_reload_from_the_journal(tmp_path: Path) -> None:
    path = tmp_path / "live" / "db.json"
    store = Store(path, flush_interval=60)
    counters = Counters(store, COUNTERS, "acme")
    assert [take(counters), take(counters)] == [1, 2]
    with store.transaction():
        counters.reserve(ROWS, 9)
    # What a kill -9 leaves: nothing compacted, the counter only in the journal.
    copy = crash_copy(path, tmp_path / "crashed")
    store.close()
    reopened = Store(copy)
    try:
        assert take(Counters(reopened, COUNTERS, "acme")) == 10
    finally:
        reopened.close()


# -- the platforms' creates read counters and indexes, not whole tables ------------------------


class ReadLog:
    """The sizes of what `store.find` answered, per table, from when it is installed."""

    def __init__(self, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sizes: dict[str, list[int]] = {}
        find: Callable[..., list[Record]] = store.find

        def logged(table: str, workspace: str, **conditions: Any) -> list[Record]:
            found = find(table, workspace, **conditions)
            self.sizes.setdefault(table, []).append(len(found))
            return found

        monkeypatch.setattr(store, "find", logged)

    def largest(self, table: str) -> int:
        return max(self.sizes.get(table, [0]))


def test_a_xerochat_contact_create_reads_no_table_in_full(
    sandbox: Sandbox, frozen: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_xerochat(sandbox, INSTALLATION)
    model = xerochat_model(sandbox)
    contacts = Contacts(model)
    group = model.find("xerochat.contact_groups", user_id=2)[0]["id"]
    with sandbox.store.transaction():
        for n in range(40):
            contacts.create_contact(
                {"contact_type_id": group, "email": f"c{n}@example.com", "phone_number": f"{n}"}
            )
    reads = ReadLog(sandbox.store, monkeypatch)
    with sandbox.store.transaction():
        made = contacts.create_contact(
            {"contact_type_id": group, "email": "new@example.com", "phone_number": "99"}
        )
    assert reads.largest(CONTACTS) <= 1
    stored = model.find(CONTACTS)
    assert len(stored) > 40
    assert made["new_contact_id"] == max(row["id"] for row in stored)


def test_xerochat_uniqueness_is_mysqls_comparison_through_the_index(
    sandbox: Sandbox, frozen: datetime
) -> None:
    load_xerochat(sandbox, INSTALLATION)
    contacts = Contacts(xerochat_model(sandbox))
    group = xerochat_model(sandbox).find("xerochat.contact_groups", user_id=2)[0]["id"]
    with sandbox.store.transaction():
        contacts.create_contact(
            {"contact_type_id": group, "email": "Ann@Example.com", "phone_number": "1"}
        )
    for taken in ("ann@example.com", "ANN@EXAMPLE.COM  "):
        with pytest.raises(XeroChatError) as refused:
            contacts.create_contact({"contact_type_id": group, "email": taken, "phone_number": "2"})
        assert refused.value.args == XeroChatError(errors.TRY_OTHER_EMAIL).args
    with sandbox.store.transaction():  # a different address is not taken
        contacts.create_contact(
            {"contact_type_id": group, "email": "ann@example.org", "phone_number": "2"}
        )


def test_a_flochat_subscriber_create_reads_no_table_in_full(
    sandbox: Sandbox, frozen: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, profiles = seed_team_profiles(
        sandbox, lambda n: {"phone": f"+1555000{n:04d}", "email": f"s{n}@example.com"}
    )
    reads = ReadLog(sandbox.store, monkeypatch)
    with sandbox.store.transaction():
        made = profiles.create({"phone": "+1 555 999 0000", "email": "new@example.com"})
    assert made["user_id"] == "15559990000"
    assert reads.largest(SUBSCRIBERS) <= 1
    for field, value in (("phone", "1-555-000-0007"), ("email", "S7@EXAMPLE.COM")):
        with pytest.raises(Exception, match=f"The {field} has already been taken."):
            profiles.create({field: value})


# -- Keyed: equality under a key function, indexed ---------------------------------------------


def digits(value: Any) -> str | None:
    found = "".join(c for c in value if c.isdigit()) if isinstance(value, str) else ""
    return found or None


def test_keyed_finds_equal_keys_and_follows_updates(store: Store) -> None:
    with store.transaction():
        ana = store.insert(ROWS, "acme", {"phone": "+1 (555) 01"})
        store.insert(ROWS, "acme", {"phone": "no digits"})
        store.insert(ROWS, "other", {"phone": "155501"})
    assert [r.id for r in store.find(ROWS, "acme", phone=Keyed("1-555-01", digits))] == [ana.id]
    assert store.find(ROWS, "acme", phone=Keyed("none", digits)) == []  # None matches nothing
    with store.transaction():
        store.update(ROWS, ana.id, {"phone": "+1 555 02"})
    assert store.find(ROWS, "acme", phone=Keyed("155501", digits)) == []
    assert store.count(ROWS, "acme", phone=Keyed("155502", digits)) == 1


def test_a_flochat_fixture_load_checks_uniqueness_through_the_index(
    sandbox: Sandbox, frozen: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = {
        "team": {"name": "Loja"},
        "flows": [
            {
                "id": FLOW,
                "name": "Loja",
                "default": True,
                "subscribers": [
                    {"user_ns": f"f{FLOW}u{n}", "user_id": str(5500 + n)} for n in range(1, 41)
                ],
            }
        ],
    }
    reads = ReadLog(sandbox.store, monkeypatch)
    assert load_team(sandbox, team)["subscribers"] == 40
    # Other sections read the flow's subscribers a fixed number of times (3 today); the
    # uniqueness check read them once per entry (40 times).
    assert len([size for size in reads.sizes[SUBSCRIBERS] if size > 1]) <= 5
    twice = {**team, "flows": [{**team["flows"][0], "subscribers": [{"user_ns": "f123u1"}] * 2}]}
    with pytest.raises(Exception, match="another subscriber has user_ns 'f123u1'"):
        load_team(sandbox, twice)


def test_flochat_lists_read_their_page_and_xerochat_labels_their_page(
    sandbox: Sandbox, frozen: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    api, _ = seed_team_profiles(sandbox, lambda n: {"email": f"s{n}@example.com"})
    every = [s["user_ns"] for s in api.find_in_flow(SUBSCRIBERS)]
    copies = count_copies(monkeypatch)
    search = SubscriberSearch(api)
    assert [s["user_ns"] for s in search.flow({"limit": 5, "page": 2})] == every[5:10]
    assert len(copies) <= 10
    assert [s["user_ns"] for s in search.flow({"email": "s3@", "limit": 5})] == [every[5]]
    assert [s["user_ns"] for s in search.flow({"page": 99})] == []
    monkeypatch.undo()

    load_xerochat(sandbox, INSTALLATION)
    model = xerochat_model(sandbox)
    reads = ReadLog(sandbox.store, monkeypatch)
    labels = Facebook(model).all_labels(PAGE)["label_info"]
    assert [label["label_name"] for label in labels] == ["VIP", "Leads"]
    assert reads.largest(LABELS) == 2  # the page's labels, not the user's every label
