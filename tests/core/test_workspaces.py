"""Workspaces: the default one, creating, naming, credentials, lookups, removal."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from sandbox.app import create_app
from sandbox.config import SandboxConfig
from sandbox.core.sandbox import CONTEXTS_KEPT, Sandbox
from sandbox.core.workspaces import Workspace, WorkspaceError, Workspaces
from sandbox.platforms import PLATFORMS
from tests.conftest import DEMO, NAME_RULES

#: The vendors' credential formats each new workspace gets (see each platform's auth.py).
FORMATS: dict[str, dict[str, str]] = {
    "rapidpro": {
        "token": r"[0-9a-f]{40}",
        "email": r"user-[0-9a-f]{8}@flow-sandbox\.local",
        "username": r"user-[0-9a-f]{8}@flow-sandbox\.local",  # v9.2.5 logs in by e-mail
    },
    # <user id>-<7 letters><10-digit Unix time><7 letters>, like the vendor's generator
    "xerochat": {
        "admin_key": r"1-[A-Za-z0-9]{7}[1-9]\d{9}[A-Za-z0-9]{7}",
        "member_key": r"2-[A-Za-z0-9]{7}[1-9]\d{9}[A-Za-z0-9]{7}",
    },
    "flochat": {"api_key": r"[A-Za-z0-9]{44}"},
    "flowxo": {"api_key": r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{43}"},  # an HS256 JWT
    "flowbot": {
        "client_id": r"aiflow_[0-9a-f]{16}",
        "api_key": r"sk_[0-9a-f]{32}",
        "username": r"user-[0-9a-f]{6}",
        "password": r"[A-Za-z0-9]{20}",
    },
}


@pytest.fixture
def workspaces(sandbox: Sandbox) -> Workspaces:
    return sandbox.workspaces


def rapidpro_section(*names: str) -> dict[str, Any]:
    return {"rapidpro": {"contacts": [{"name": name} for name in names]}}


def test_the_default_workspace_exists_with_every_platforms_demo_credentials(
    workspaces: Workspaces,
) -> None:
    assert workspaces.get("default") == Workspace("default", DEMO)


def test_the_default_rapidpro_token_is_the_documented_demo_token(workspaces: Workspaces) -> None:
    default = workspaces.get("default")

    assert default is not None
    assert default.credentials_for("rapidpro") == {
        "token": "fcd60351118eb5c4d44f469892bbde1ed5308a45",
        "email": "demo@flow-sandbox.local",
        "username": "demo",
    }


def test_a_new_sandbox_has_only_the_default_workspace(workspaces: Workspaces) -> None:
    assert [w.name for w in workspaces.all()] == ["default"]


def test_create_with_a_name(workspaces: Workspaces) -> None:
    created = workspaces.create("ci-job-42")

    assert created.name == "ci-job-42"
    assert workspaces.get("ci-job-42") == created
    assert [w.name for w in workspaces.all()] == ["default", "ci-job-42"]


def test_create_without_a_name_generates_one(workspaces: Workspaces) -> None:
    first = workspaces.create()
    second = workspaces.create()

    assert re.fullmatch(r"ws-[0-9a-f]{8}", first.name)
    assert re.fullmatch(r"ws-[0-9a-f]{8}", second.name)
    assert first.name != second.name
    assert workspaces.get(first.name) == first


@pytest.mark.parametrize("platform", FORMATS)
def test_a_new_workspace_gets_fresh_credentials_in_the_vendors_format(
    workspaces: Workspaces, platform: str
) -> None:
    credentials = workspaces.create("fresh").credentials_for(platform)

    assert set(credentials) == set(FORMATS[platform])
    for key, pattern in FORMATS[platform].items():
        assert re.fullmatch(pattern, credentials[key]), (key, credentials[key])


def test_a_new_workspace_has_credentials_for_every_platform(workspaces: Workspaces) -> None:
    assert set(workspaces.create("fresh").credentials) == set(PLATFORMS)


def test_fresh_credentials_differ_between_workspaces(workspaces: Workspaces) -> None:
    first = workspaces.create("first")
    second = workspaces.create("second")

    for platform, keys in FORMATS.items():
        for key in keys:
            values = {
                DEMO[platform][key],
                first.credentials_for(platform)[key],
                second.credentials_for(platform)[key],
            }
            assert len(values) == 3, (platform, key)


def test_workspaces_created_with_the_same_seed_get_the_same_names_and_credentials() -> None:
    def created() -> list[Workspace]:
        app = create_app(SandboxConfig(db=":memory:", seed=99))
        try:
            return [app.sandbox.workspaces.create(), app.sandbox.workspaces.create("named")]
        finally:
            app.close()

    assert created() == created()


@pytest.mark.parametrize(
    "name",
    ["", "bad name", "-leading-dash", "_leading_underscore", ".hidden", "a/b", "ünïcode", "a" * 65],
)
def test_an_invalid_name_is_refused(workspaces: Workspaces, name: str) -> None:
    with pytest.raises(WorkspaceError) as raised:
        workspaces.create(name)

    assert str(raised.value) == f"invalid workspace name {name!r}: {NAME_RULES}"
    assert [w.name for w in workspaces.all()] == ["default"]


@pytest.mark.parametrize("name", ["a", "7", "A" * 64, "ci-job_42.v2"])
def test_valid_names_are_accepted(workspaces: Workspaces, name: str) -> None:
    assert workspaces.create(name).name == name


@pytest.mark.parametrize("name", ["default", "taken"])
def test_a_duplicate_name_is_refused(workspaces: Workspaces, name: str) -> None:
    workspaces.create("taken")
    before = workspaces.all()

    with pytest.raises(WorkspaceError) as raised:
        workspaces.create(name)

    assert str(raised.value) == f"workspace {name!r} already exists"
    assert workspaces.all() == before


def test_given_credentials_are_used_and_the_others_generated(workspaces: Workspaces) -> None:
    given = {"token": "ab" * 20, "email": "ci@example.com", "username": "ci"}

    created = workspaces.create("ci", {"rapidpro": given})

    assert created.credentials_for("rapidpro") == given
    assert created.credentials_for("flowxo") != DEMO["flowxo"]
    assert set(created.credentials) == set(PLATFORMS)


def test_a_credential_already_used_by_another_workspace_is_refused(
    workspaces: Workspaces,
) -> None:
    with pytest.raises(WorkspaceError) as raised:
        workspaces.create("copycat", {"flowxo": {"api_key": DEMO["flowxo"]["api_key"]}})

    assert str(raised.value) == (
        f"flowxo credential {DEMO['flowxo']['api_key']!r} is already used by workspace 'default'"
    )
    assert workspaces.get("copycat") is None


def test_a_secret_of_a_created_workspace_cannot_be_reused(workspaces: Workspaces) -> None:
    first = workspaces.create("first")
    token = first.credentials_for("rapidpro")["token"]

    with pytest.raises(WorkspaceError) as raised:
        workspaces.create("second", {"rapidpro": {"token": token}})

    assert (
        str(raised.value) == f"rapidpro credential {token!r} is already used by workspace 'first'"
    )


def test_a_key_used_under_another_name_by_another_workspace_is_refused(
    workspaces: Workspaces,
) -> None:
    # XeroChat looks a key up as admin key, then as member key: they must not collide.
    admin_key = DEMO["xerochat"]["admin_key"]

    with pytest.raises(WorkspaceError) as raised:
        workspaces.create("copycat", {"xerochat": {"admin_key": "9-x", "member_key": admin_key}})

    assert str(raised.value) == (
        f"xerochat credential {admin_key!r} is already used by workspace 'default'"
    )


def test_rapidpro_user_names_are_not_unique_and_may_be_shared(workspaces: Workspaces) -> None:
    created = workspaces.create(
        "same-user",
        {"rapidpro": {"token": "cd" * 20, "email": "demo@flow-sandbox.local", "username": "demo"}},
    )

    assert created.credentials_for("rapidpro")["username"] == "demo"


def test_credentials_for_an_unknown_platform_are_refused(workspaces: Workspaces) -> None:
    with pytest.raises(WorkspaceError) as raised:
        workspaces.create("x", {"zzz": {"token": "a"}, "nope": {"key": "b"}})

    assert str(raised.value) == "credentials for unknown platform(s): nope, zzz"


def test_find_by_credential_returns_the_owner(workspaces: Workspaces) -> None:
    created = workspaces.create("ci")
    member_key = created.credentials_for("xerochat")["member_key"]

    assert workspaces.find_by_credential("xerochat", "member_key", member_key) == created
    assert workspaces.find_by_credential(
        "rapidpro", "token", DEMO["rapidpro"]["token"]
    ) == workspaces.get("default")


@pytest.mark.parametrize(
    ("platform", "key", "value"),
    [
        ("rapidpro", "token", "0" * 40),
        # another platform's key with the same name
        ("flochat", "api_key", DEMO["flowxo"]["api_key"]),
        # the right value under another key of the same platform
        ("xerochat", "admin_key", DEMO["xerochat"]["member_key"]),
    ],
)
def test_find_by_credential_without_an_owner_returns_none(
    workspaces: Workspaces, platform: str, key: str, value: str
) -> None:
    assert workspaces.find_by_credential(platform, key, value) is None


def test_lookups_remembered_by_credential_follow_every_change(sandbox: Sandbox) -> None:
    # Lookups by credential are cached; every change to the directory must show at once.
    workspaces = sandbox.workspaces
    created = workspaces.create("ci")
    old_key = created.credentials_for("flowxo")["api_key"]
    assert workspaces.find_by_credential("flowxo", "api_key", old_key) == created
    assert workspaces.find_by_credential("flowxo", "api_key", "new-key") is None

    rotated = workspaces.set_credentials("ci", {"flowxo": {"api_key": "new-key"}})

    assert workspaces.find_by_credential("flowxo", "api_key", old_key) is None
    assert workspaces.find_by_credential("flowxo", "api_key", "new-key") == rotated

    with pytest.raises(RuntimeError), sandbox.store.transaction():
        workspaces.set_credentials("ci", {"flowxo": {"api_key": "rolled-back"}})
        assert workspaces.find_by_credential("flowxo", "api_key", "rolled-back") is not None
        raise RuntimeError("roll back")

    assert workspaces.find_by_credential("flowxo", "api_key", "rolled-back") is None
    assert workspaces.find_by_credential("flowxo", "api_key", "new-key") == rotated

    workspaces.remove("ci")

    assert workspaces.find_by_credential("flowxo", "api_key", "new-key") is None


def test_a_context_is_reused_only_for_the_same_workspace(sandbox: Sandbox) -> None:
    created = sandbox.workspaces.create("ci")
    first = sandbox.context(created)
    assert sandbox.context(created) is first  # asked for once or twice per request

    rotated = sandbox.workspaces.set_credentials("ci", {"flowxo": {"api_key": "new-key"}})
    other = sandbox.workspaces.get("default")

    assert sandbox.context(rotated).workspace.credentials_for("flowxo")["api_key"] == "new-key"
    assert other is not None and sandbox.context(other).workspace.name == "default"
    assert sandbox.context(created).workspace is created


def test_requests_of_several_workspaces_in_turn_reuse_their_contexts(sandbox: Sandbox) -> None:
    first, second = sandbox.workspaces.create("ci-1"), sandbox.workspaces.create("ci-2")
    contexts = sandbox.context(first), sandbox.context(second)

    for _ in range(3):
        assert (sandbox.context(first), sandbox.context(second)) == contexts
        assert sandbox.context(first) is contexts[0] and sandbox.context(second) is contexts[1]


def test_the_contexts_kept_are_bounded(sandbox: Sandbox) -> None:
    for number in range(CONTEXTS_KEPT * 2):
        workspace = Workspace(f"ws-{number}", {})
        assert sandbox.context(workspace).workspace is workspace
        assert len(sandbox._contexts) <= CONTEXTS_KEPT


def test_set_credentials_replaces_only_the_given_platforms(workspaces: Workspaces) -> None:
    created = workspaces.create("ci")
    new = {"api_key": "f" * 40}

    updated = workspaces.set_credentials("ci", {"flowxo": new})

    assert updated == Workspace("ci", {**created.credentials, "flowxo": new})
    assert workspaces.get("ci") == updated


def test_set_credentials_refuses_another_workspaces_secret(workspaces: Workspaces) -> None:
    created = workspaces.create("ci")

    with pytest.raises(WorkspaceError) as raised:
        workspaces.set_credentials("ci", {"rapidpro": {"token": DEMO["rapidpro"]["token"]}})

    assert str(raised.value) == (
        f"rapidpro credential {DEMO['rapidpro']['token']!r} is already used by workspace 'default'"
    )
    assert workspaces.get("ci") == created


def test_set_credentials_of_an_unknown_workspace_raises(workspaces: Workspaces) -> None:
    with pytest.raises(WorkspaceError, match=r"^no workspace named 'ghost'$"):
        workspaces.set_credentials("ghost", {"flowxo": {"api_key": "x"}})


def test_remove_deletes_the_workspace_and_all_its_data(sandbox: Sandbox) -> None:
    gone_section = {"rapidpro": {"profile": "upstream", "fields": [{"label": "Age"}]}}
    gone_section["rapidpro"].update(rapidpro_section("Ana", "Bruno")["rapidpro"])
    sandbox.load_fixtures({"workspaces": {"gone": gone_section, "kept": rapidpro_section("Cid")}})
    with sandbox.store.transaction():
        sandbox.store.insert("custom.table", "gone", {"anything": True})
    tables = ("custom.table", "rapidpro.contacts", "rapidpro.fields", "rapidpro.settings")
    assert all("gone" in sandbox.store.workspaces_in(table) for table in tables)
    kept_before = sandbox.export("kept")
    gone = sandbox.workspaces.get("gone")
    assert gone is not None

    sandbox.workspaces.remove("gone")

    assert sandbox.workspaces.get("gone") is None
    assert [w.name for w in sandbox.workspaces.all()] == ["default", "kept"]
    assert [t for t in tables if "gone" in sandbox.store.workspaces_in(t)] == []
    assert sandbox.export("kept") == kept_before
    for platform, values in gone.credentials.items():
        for key, value in values.items():
            assert sandbox.workspaces.find_by_credential(platform, key, value) is None


def test_a_removed_name_can_be_created_again_and_starts_empty(sandbox: Sandbox) -> None:
    sandbox.load_fixtures({"workspaces": {"again": rapidpro_section("Ana")}})
    sandbox.workspaces.remove("again")

    recreated = sandbox.workspaces.create("again")

    assert sandbox.export("again") == {
        "version": 1,
        "workspaces": {"again": {"credentials": recreated.credentials}},
    }


def test_removing_an_unknown_workspace_raises(workspaces: Workspaces) -> None:
    with pytest.raises(WorkspaceError) as raised:
        workspaces.remove("ghost")

    assert str(raised.value) == "no workspace named 'ghost'"


def test_workspaces_survive_a_restart_on_a_database_file(tmp_path: Path) -> None:
    config = SandboxConfig(db=str(tmp_path / "db.json"), seed=5)
    app = create_app(config)
    created = app.sandbox.workspaces.create("ci")
    app.close()

    reopened = create_app(config)
    try:
        assert reopened.sandbox.workspaces.all() == [Workspace("default", DEMO), created]
    finally:
        reopened.close()
