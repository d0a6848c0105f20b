"""The users of a workspace's API keys (fidelity §1.2): stored when the workspace is made
or cleared (`models.provision`, run by the core), so reads see stored rows that do not
change between them, an export holds them, and the key check never writes."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.conftest import MakeApp
from tests.platforms.xerochat.helpers import (
    ADMIN_KEY,
    XeroChatClient,
    exported,
    key_user_info,
    load_xerochat,
)

USERS = "xerochat.users"


def stored_users(sandbox: Sandbox, workspace: str = "default") -> int:
    return sandbox.store.count(USERS, workspace)


def key_users(sandbox: Sandbox, workspace: str = "default") -> list[tuple[Any, ...]]:
    """(id, name, user_type) of the users a workspace's export holds."""
    return [(u["id"], u["name"], u["user_type"]) for u in exported(sandbox, workspace)["users"]]


def test_a_key_users_add_date_stays_on_a_running_clock(client: Client, sandbox: Sandbox) -> None:
    # Before, a workspace no write had touched showed its key users as made "now": the
    # add_date of one GET was not the next one's.
    admin = XeroChatClient(client, ADMIN_KEY)

    first = admin.ok("GET", "get_user_info", user_id="2")
    sandbox.clock.advance(3600)
    second = admin.ok("GET", "get_user_info", user_id="2")

    assert sandbox.clock.state().frozen is False
    assert second == first
    assert first["user_info"]["add_date"] != sandbox.clock.now().strftime("%Y-%m-%d %H:%M:%S")


def test_a_key_users_add_date_is_when_the_workspace_was_made(sandbox: Sandbox) -> None:
    # helpers.DUBLIN_NOW is FROZEN_AT; a workspace reset at another moment has that one.
    sandbox.clock.freeze(datetime(2026, 7, 4, 8, 30, tzinfo=timezone.utc))
    sandbox.reset("default")  # Europe/Dublin is on summer time (UTC+1) in July
    sandbox.clock.advance(86400)

    users = exported(sandbox)["users"]

    assert [(u["id"], u["add_date"]) for u in users] == [
        (1, "2026-07-04 09:30:00"),
        (2, "2026-07-04 09:30:00"),
    ]


def test_a_get_with_a_key_stores_no_user(
    client: Client, sandbox: Sandbox, frozen: datetime
) -> None:
    # The key check of every request reads the users the workspace was made with; it
    # stores nothing (it inserted them on every request once, GETs included).
    admin = XeroChatClient(client, ADMIN_KEY)
    assert stored_users(sandbox) == 2

    assert admin.ok("GET", "get_user_info", user_id="2") == key_user_info(2, "Member")
    assert admin.ok("GET", "get_all_packages") == {"status": "success", "packages": []}
    assert stored_users(sandbox) == 2


def test_a_write_on_a_key_user_changes_the_stored_one(
    client: Client, sandbox: Sandbox, frozen: datetime
) -> None:
    admin = XeroChatClient(client, ADMIN_KEY)

    assert admin.ok("POST", "update_user/2", name="Ana") == {"status": "success"}

    assert stored_users(sandbox) == 2
    expected = key_user_info(2, "Member")
    expected["user_info"]["name"] = "Ana"
    assert admin.ok("GET", "get_user_info", user_id="2") == expected


def test_a_created_user_takes_no_key_users_id_or_email(
    client: Client, sandbox: Sandbox, frozen: datetime
) -> None:
    admin = XeroChatClient(client, ADMIN_KEY)
    form = {"name": "N", "password": "p", "expired_date": "2027-01-01"}
    with sandbox.store.transaction():
        sandbox.store.insert("xerochat.packages", "default", {"id": 1, "deleted": "0"})

    taken = admin.ok(
        "POST", "create_system_user", email="member2@xerochat.local", package_id="1", **form
    )
    made = admin.ok("POST", "create_system_user", email="n@example.com", package_id="1", **form)

    assert taken == {"status": "error", "message": "Email already exists"}
    assert made == {"status": "success", "id": 3}


def test_a_new_workspaces_export_holds_its_key_users(client: Client, sandbox: Sandbox) -> None:
    given = {"xerochat": {"admin_key": "7-SomeAdminKey", "member_key": "9-SomeMemberKey"}}
    created = client.post("/_sandbox/workspaces", json={"name": "ci", "credentials": given})
    assert created.status_code == 201, created.text

    assert key_users(sandbox, "ci") == [(7, "Admin", "Admin"), (9, "Member", "Member")]
    assert key_users(sandbox) == [(1, "Admin", "Admin"), (2, "Member", "Member")]


def test_a_workspace_a_fixture_names_first_has_its_key_users(sandbox: Sandbox) -> None:
    # A section of another platform only: the workspace is new all the same.
    sandbox.load_fixtures({"workspaces": {"fresh": {"rapidpro": {}}}})

    ids = sorted(u["id"] for u in exported(sandbox, "fresh")["users"])
    found = sandbox.workspaces.get("fresh")
    assert found is not None
    credentials = found.credentials_for("xerochat")
    expected = sorted(int(credentials[key].split("-")[0]) for key in ("admin_key", "member_key"))
    assert ids == expected


def test_a_reset_keeps_the_key_users(client: Client, sandbox: Sandbox) -> None:
    admin = XeroChatClient(client, ADMIN_KEY)
    assert admin.ok("POST", "update_user/2", name="Ana") == {"status": "success"}

    sandbox.reset("default")
    assert key_users(sandbox) == [(1, "Admin", "Admin"), (2, "Member", "Member")]
    assert admin.ok("POST", "update_user/2", name="Bo") == {"status": "success"}

    sandbox.reset()
    assert key_users(sandbox) == [(1, "Admin", "Admin"), (2, "Member", "Member")]


def test_a_fixtures_users_with_the_keys_ids_win(sandbox: Sandbox, frozen: datetime) -> None:
    load_xerochat(
        sandbox,
        {"users": [{"id": 2, "name": "Marina", "email": "m@example.com", "user_type": "Member"}]},
    )

    users = exported(sandbox)["users"]

    assert [(u["id"], u["name"], u["email"]) for u in users] == [
        (2, "Marina", "m@example.com"),
        (1, "Admin", "admin1@xerochat.local"),  # the key user the fixture left out
    ]


def test_a_stored_workspace_without_its_key_users_gets_them_at_startup(
    make_app: MakeApp, tmp_path: Path
) -> None:
    # A store kept on disk from before they were stored when a workspace is made.
    db = str(tmp_path / "sandbox.db")
    first = make_app(db=db)
    with first.sandbox.store.transaction():
        first.sandbox.store.remove_workspace("default", [USERS])
    assert stored_users(first.sandbox) == 0
    first.close()

    again = make_app(db=db)

    assert key_users(again.sandbox) == [(1, "Admin", "Admin"), (2, "Member", "Member")]
