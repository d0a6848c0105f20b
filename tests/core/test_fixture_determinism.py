"""Loading the same fixture document gives the same state: whatever a load generates
(uuids, credentials, tokens) comes from the document, not from the sandbox's generator."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sandbox.app import SandboxApp
from sandbox.core.fixtures import read_document
from sandbox.core.ids import IdFactory
from tests.conftest import MakeApp

DEMO = read_document(Path(__file__).resolve().parents[2] / "fixtures" / "demo.yaml")
#: The default workspace's demo token: a workspace the document creates gets another.
DEMO_TOKEN = "fcd60351118eb5c4d44f469892bbde1ed5308a45"
LOADED_AT = datetime(2026, 3, 4, 5, 6, 7, 890000, tzinfo=timezone.utc)


def loaded(app: SandboxApp, document: dict[str, Any]) -> dict[str, Any]:
    """Load `document` with the clock at LOADED_AT (timestamps the document leaves out
    are the time of the load) and export the state."""
    app.sandbox.clock.freeze(LOADED_AT)
    app.sandbox.load_fixtures(document)
    return app.sandbox.export()


def test_the_demo_loads_into_two_fresh_sandboxes_identically(make_app: MakeApp) -> None:
    first = loaded(make_app(), DEMO)
    second = loaded(make_app(), DEMO)
    assert first == second
    # Generated values are there, and they are the same: credentials of a workspace the
    # document creates, uuids of groups and contacts the document does not give.
    upstream = first["workspaces"]["acme-upstream"]
    assert upstream["credentials"] == second["workspaces"]["acme-upstream"]["credentials"]
    assert upstream["credentials"]["rapidpro"]["token"] != DEMO_TOKEN


def test_the_generated_values_do_not_depend_on_the_seed(make_app: MakeApp) -> None:
    assert loaded(make_app(seed=1), DEMO) == loaded(make_app(seed=2), DEMO)


def test_loading_the_same_document_twice_gives_the_same_state(make_app: MakeApp) -> None:
    app = make_app()
    assert loaded(app, DEMO) == loaded(app, DEMO)


def test_a_workspace_reset_gives_back_what_the_startup_load_generated(
    make_app: MakeApp, tmp_path: Path
) -> None:
    fixture = tmp_path / "groups.json"
    fixture.write_text('{"workspaces": {"default": {"rapidpro": {"groups": [{"name": "A"}]}}}}')
    app = make_app(fixtures=fixture)
    before = app.sandbox.export()
    app.sandbox.reset("default")
    after = app.sandbox.export()
    assert group_uuid(after) == group_uuid(before)


def group_uuid(exported: dict[str, Any]) -> str:
    return exported["workspaces"]["default"]["rapidpro"]["groups"][0]["uuid"]


def test_different_workspaces_of_one_document_get_different_values(make_app: MakeApp) -> None:
    section = {"rapidpro": {"groups": [{"name": "A"}]}}
    exported = loaded(make_app(), {"workspaces": {"one": section, "two": section}})
    one, two = exported["workspaces"]["one"], exported["workspaces"]["two"]
    assert one["rapidpro"]["groups"][0]["uuid"] != two["rapidpro"]["groups"][0]["uuid"]
    assert one["credentials"] != two["credentials"]


def test_ids_drawn_after_a_seeded_block_go_on_from_the_usual_generator() -> None:
    ids, reference = IdFactory(7), IdFactory(7)
    with ids.drawing_from(99):
        inside = ids.uuid4()
    assert inside == IdFactory(99).uuid4()
    assert ids.uuid4() == reference.uuid4()


def test_editing_a_workspaces_data_keeps_its_generated_credentials(make_app: MakeApp) -> None:
    def credentials(group: str) -> dict[str, Any]:
        section = {"rapidpro": {"groups": [{"name": group}]}}
        exported = loaded(make_app(), {"workspaces": {"team": section}})
        return exported["workspaces"]["team"]["credentials"]

    assert credentials("A") == credentials("B")


def test_editing_one_platforms_data_keeps_the_values_generated_for_another(
    make_app: MakeApp,
) -> None:
    page = {"id": 1, "page_id": "109876543210987", "page_name": "Loja", "bot_enabled": True}

    def page_token(group: str) -> str:
        section = {"rapidpro": {"groups": [{"name": group}]}, "xerochat": {"pages": [page]}}
        exported = loaded(make_app(), {"workspaces": {"team": section}})
        return exported["workspaces"]["team"]["xerochat"]["pages"][0]["page_access_token"]

    assert page_token("A") == page_token("B")
    assert page_token("A").startswith("EAAG")
