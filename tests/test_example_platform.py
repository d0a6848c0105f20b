"""The example platform of docs/adding-a-platform.md (examples/notes), built only from the
toolkit, served by the core like the real ones: what the recipe promises it gives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest
from werkzeug.test import Client

from examples.notes import PLATFORM
from sandbox.app import SandboxApp, create_app
from sandbox.config import SandboxConfig
from sandbox.core.fixtures import FixtureError

KEY = {"Authorization": "Bearer notes-demo-key"}
CREATED_AT = "2026-03-01 12:00:00"


@pytest.fixture
def app() -> Iterator[SandboxApp]:
    built = create_app(SandboxConfig(db=":memory:", seed=7), platforms={"notes": PLATFORM})
    built.sandbox.clock.freeze(datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc))
    yield built
    built.close()


@pytest.fixture
def client(app: SandboxApp) -> Client:
    return Client(app)


def answer(response: Any) -> tuple[int, Any]:
    return response.status_code, response.get_json()


def test_create_get_and_list(client: Client) -> None:
    created = client.post("/notes/notes", json={"title": "Groceries", "body": "Milk"}, headers=KEY)
    note = {"id": 1, "title": "Groceries", "body": "Milk", "created_at": CREATED_AT}
    assert answer(created) == (200, {"data": note})
    second = client.post("/notes/notes", json={"title": "Call Ana"}, headers=KEY)
    assert second.get_json()["data"]["id"] == 2
    assert answer(client.get("/notes/notes/1", headers=KEY)) == (200, {"data": note})
    listed = client.get("/notes/notes", headers=KEY).get_json()["data"]
    assert [item["id"] for item in listed] == [2, 1]  # newest first


def test_pages_of_twenty(client: Client) -> None:
    for number in range(25):
        client.post("/notes/notes", json={"title": f"n{number}"}, headers=KEY)
    first = client.get("/notes/notes?page=1", headers=KEY).get_json()["data"]
    second = client.get("/notes/notes?page=2", headers=KEY).get_json()["data"]
    assert [item["id"] for item in first] == list(range(25, 5, -1))
    assert [item["id"] for item in second] == [5, 4, 3, 2, 1]


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    [
        ("POST", "/notes/notes", {}, (400, {"message": "The title field is required."})),
        ("POST", "/notes/notes", {"title": 5}, (400, {"message": "The title must be a string."})),
        ("GET", "/notes/notes?page=0", None, (400, {"message": "The page must be at least 1."})),
        ("GET", "/notes/notes/9", None, (404, {"message": "Note not found."})),
        ("GET", "/notes/nowhere", None, (404, {"message": "Not found."})),
    ],
)
def test_vendor_errors(
    client: Client, method: str, path: str, body: Any, expected: tuple[int, Any]
) -> None:
    assert answer(client.open(path, method=method, json=body, headers=KEY)) == expected


def test_unauthenticated_and_wrong_method(client: Client) -> None:
    assert answer(client.get("/notes/notes")) == (401, {"message": "Unauthenticated."})
    wrong = client.delete("/notes/notes/1", headers=KEY)
    assert answer(wrong) == (405, {"message": "Method not allowed."})
    assert wrong.headers["Allow"] == "GET, HEAD"


def test_workspaces_are_isolated(client: Client, app: SandboxApp) -> None:
    other = app.sandbox.workspaces.create("other")
    other_key = {"Authorization": f"Bearer {other.credentials_for('notes')['api_key']}"}
    client.post("/notes/notes", json={"title": "mine"}, headers=KEY)
    assert answer(client.get("/notes/notes/1", headers=other_key)) == (
        404,
        {"message": "Note not found."},
    )
    # Each workspace numbers its own notes.
    created = client.post("/notes/notes", json={"title": "theirs"}, headers=other_key)
    assert created.get_json()["data"]["id"] == 1


def test_fixture_load_export_and_ids_after_it(client: Client, app: SandboxApp) -> None:
    document = {
        "version": 1,
        "workspaces": {"default": {"notes": {"notes": [{"id": 7, "title": "Seeded"}]}}},
    }
    assert app.sandbox.load_fixtures(document) == {"default": {"notes": {"notes": 1}}}
    seeded = {"id": 7, "title": "Seeded", "body": None, "created_at": "2026-01-01 00:00:00"}
    assert app.sandbox.export("default")["workspaces"]["default"]["notes"] == {"notes": [seeded]}
    created = client.post("/notes/notes", json={"title": "next"}, headers=KEY)
    assert created.get_json()["data"]["id"] == 8  # after the fixture's id


def test_fixture_errors_name_their_path(app: SandboxApp) -> None:
    document = {"version": 1, "workspaces": {"default": {"notes": {"notes": [{"id": 1}]}}}}
    with pytest.raises(FixtureError) as raised:
        app.sandbox.load_fixtures(document)
    assert str(raised.value) == (
        "workspaces.default.notes.notes[0].title: Missing data for required field."
    )


def test_spec_documents_what_the_operations_do(client: Client) -> None:
    spec = client.get("/notes/openapi.json").get_json()
    create = spec["paths"]["/notes"]["post"]
    assert create["x-fidelity"] == "assumed"
    assert create["x-fidelity-source"] == "docs/adding-a-platform.md: a made-up vendor"
    assert sorted(create["responses"]) == ["200", "400", "401"]
    body = create["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/NoteInput"}
    assert spec["components"]["schemas"]["NoteInput"]["required"] == ["title"]
    listing = spec["paths"]["/notes"]["get"]
    assert [p["name"] for p in listing["parameters"]] == ["page"]
    assert sorted(spec["paths"]["/notes/{note_id}"]["get"]["responses"]) == ["200", "401", "404"]
