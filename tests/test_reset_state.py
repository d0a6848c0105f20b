"""A full reset returns the sandbox to the state a fresh start gives it: the platform
packages' tests share one app per package on that promise, and a recorded demo replayed
after `POST /_sandbox/reset` expects the very same responses."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.app import SandboxApp, create_app
from sandbox.config import SandboxConfig
from sandbox.core.storage import Store
from tests.conftest import FROZEN_AT, RAPIDPRO_AUTH, fresh_state
from tests.platforms.xerochat.fresh_install import pin_real_time

CONTACTS = "/rapidpro/api/v2/contacts.json"


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    """One real time for every app here: a workspace's XeroChat key users are added when it
    is made (their add_date), and a reset and a fresh start a second apart would differ."""
    pin_real_time(monkeypatch, FROZEN_AT)


def fresh() -> SandboxApp:
    return create_app(SandboxConfig(db=":memory:", seed=1234))


def second_page_link(app: SandboxApp) -> str:
    """The `next` link of 251 contacts created one by one: its cursor holds a record id."""
    app.sandbox.clock.freeze(FROZEN_AT)
    client = Client(app)
    for number in range(251):
        created = client.post(CONTACTS, json={"name": f"c{number}"}, headers=RAPIDPRO_AUTH)
        assert created.status_code == 201, created.text
    listed = client.get(CONTACTS, headers=RAPIDPRO_AUTH)
    assert listed.status_code == 200
    return listed.json["next"]


def use(app: SandboxApp) -> None:
    """Leave a mark on everything a reset must undo: workspaces, data of each platform,
    the clock, the id generator."""
    sandbox = app.sandbox
    sandbox.load_fixtures(
        {
            "version": 1,
            "workspaces": {
                "default": {
                    "rapidpro": {"contacts": [{"name": "Ana"}]},
                    # Throttling keeps a setting and counts (in the export, and below).
                    "throttle": {"rapidpro": {"v2.contacts": "5/minute"}},
                },
                "other": {"rapidpro": {"profile": "upstream", "groups": [{"name": "G"}]}},
            },
        }
    )
    client = Client(app)
    assert client.post(CONTACTS, json={"name": "Bo"}, headers=RAPIDPRO_AUTH).status_code == 201
    sandbox.ids.uuid4()
    sandbox.clock.freeze(FROZEN_AT)
    sandbox.clock.advance(60)


def test_a_full_reset_gives_the_cursors_of_a_fresh_start() -> None:
    # Before the fix, records were numbered on from where the used app was, and the
    # cursor of the same page after a reset named record 253 instead of 2.
    started = fresh()
    expected = second_page_link(started)
    cursor = base64.b64decode(expected.split("cursor=")[1]).decode()
    assert cursor == "p=2026-03-01T12%3A00%3A00.000000Z%7C000000000002"  # record 2

    response = Client(started).post("/_sandbox/reset", json={"seed": 1234})
    assert response.status_code == 200, response.text

    assert second_page_link(started) == expected
    started.close()


def test_a_full_reset_gives_the_state_of_a_fresh_start() -> None:
    used = fresh()
    use(used)
    assert fresh_state(used) != fresh_state(fresh())  # the marks show

    used.sandbox.reset(seed=1234)

    assert fresh_state(used) == fresh_state(fresh())
    used.close()


def test_a_reset_that_is_rolled_back_keeps_the_numbering() -> None:
    # A record inserted after the rollback must not take the id of one the rollback restored.
    store = Store(":memory:")
    with store.transaction():
        store.insert_many("t", "ws", [{"n": 1}, {"n": 2}])
    with pytest.raises(RuntimeError, match="abandon"), store.transaction():
        store.remove_workspace("ws")
        store.restart_numbering()
        raise RuntimeError("abandon")

    with store.transaction():
        added = store.insert("t", "ws", {"n": 3})

    assert added.id == 3
    assert [(record.id, record["n"]) for record in store.find("t", "ws")] == [
        (1, 1),
        (2, 2),
        (3, 3),
    ]
    store.close()


def test_numbering_restarts_only_in_empty_tables() -> None:
    store = Store(":memory:")
    with store.transaction():
        store.insert_many("emptied", "ws", [{"n": 1}, {"n": 2}])
        store.insert_many("kept", "other", [{"n": 1}, {"n": 2}])
    with store.transaction():
        store.remove_workspace("ws")
        store.restart_numbering()
    with store.transaction():
        ids = [store.insert(table, "ws", {"n": 0}).id for table in ("emptied", "kept")]

    assert ids == [1, 3]
    store.close()


def test_the_state_compared_covers_numbering_clock_ids_and_data() -> None:
    # `fresh_state` is what the shared apps' reset is checked against: each part of it
    # must tell a used app from a fresh one.
    base: dict[str, Any] = fresh_state(fresh())
    marks = {
        "numbering": lambda app: app.sandbox.store.insert("t", "x", {}),
        "clock": lambda app: app.sandbox.clock.advance(1),
        "ids": lambda app: app.sandbox.ids.uuid4(),
        "data": lambda app: app.sandbox.workspaces.remove("default"),
        # A refused request writes nothing, but the journal keeps it.
        "journal": lambda app: Client(app).get(CONTACTS, headers={"Authorization": "Token no"}),
    }
    for part, mark in marks.items():
        app = fresh()
        with app.sandbox.store.transaction():
            mark(app)
        changed = fresh_state(app)
        assert [key for key in base if changed[key] != base[key]] == [part], part
        app.close()
