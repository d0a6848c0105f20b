"""POST /_sandbox/workspaces {"template": ...}: a new workspace seeded from a fixture file."""

from __future__ import annotations

from typing import Any

from werkzeug.test import Client

from sandbox.core.control.templates import TEMPLATE_DIR, template_section
from sandbox.core.fixtures import read_document
from tests.conftest import DEMO

BOT = "65ed7690d1a43ff112100fe0"  # the demo's WhatsApp bot (its Connection ID)


def bad_request(message: str) -> dict[str, Any]:
    return {"code": 400, "status": "Bad Request", "message": message}


def test_the_demo_template_seeds_a_workspace_the_flowxo_seed_example_works_in(
    client: Client,
) -> None:
    created = client.post("/_sandbox/workspaces", json={"name": "ci-1", "template": "demo"})

    assert created.status_code == 201
    body = created.get_json()
    assert body["name"] == "ci-1"
    # Its own fresh credentials, not the demo ones.
    assert set(body["credentials"]) == set(DEMO)
    assert body["credentials"]["flowxo"] != DEMO["flowxo"]
    assert body["loaded"]["flowxo"] == {"bots": 5, "workflows": 5, "end_users": 5, "messages": 9}
    assert body["loaded"]["rapidpro"] == {"fields": 6, "groups": 4, "contacts": 7}
    assert "flowbot" not in body["loaded"]  # left out: its users authenticate globally

    key = body["credentials"]["flowxo"]["api_key"]
    profile = {"user_name": "Rita Alves", "user_first_name": "Rita", "user_last_name": "Alves"}
    answer = client.post(
        "/flowxo/api/end_users",
        json={"connection": BOT, "channel": "5511955554444", "profile": profile},
        headers={"Authorization": f"Bearer {key}"},
    )

    assert answer.status_code == 200
    user = answer.get_json()["end_user"]
    assert sorted(user) == [
        "_id",
        "channel",
        "connection",
        "created_at",
        "platform",
        "profile",
        "response_path",
        "updated_at",
    ]
    assert {k: user[k] for k in ("connection", "channel", "response_path", "platform")} == {
        "connection": BOT,
        "channel": "5511955554444",
        "response_path": f"{BOT}/c/5511955554444",
        "platform": "whatsapp",
    }
    assert user["profile"] == profile


def test_the_demo_bot_is_not_in_the_default_workspace_the_template_does_not_touch(
    client: Client,
) -> None:
    assert client.post("/_sandbox/workspaces", json={"template": "demo"}).status_code == 201

    answer = client.post(
        "/flowxo/api/end_users",
        json={"connection": BOT, "channel": "5511955554444"},
        headers={"Authorization": f"Bearer {DEMO['flowxo']['api_key']}"},
    )

    assert answer.status_code == 404


def test_two_workspaces_from_the_template_and_given_credentials(client: Client) -> None:
    token = "0123456789abcdef0123456789abcdef01234567"
    fixed = {"rapidpro": {"token": token, "email": "me@example.com", "username": "me"}}
    first = client.post("/_sandbox/workspaces", json={"template": "demo.yaml"})
    second = client.post(
        "/_sandbox/workspaces", json={"name": "ci-2", "template": "demo", "credentials": fixed}
    )

    assert (first.status_code, second.status_code) == (201, 201)
    assert second.get_json()["credentials"]["rapidpro"] == fixed["rapidpro"]
    contacts = client.get(
        "/rapidpro/api/v2/contacts.json", headers={"Authorization": f"Token {token}"}
    )
    assert len(contacts.get_json()["results"]) == 6  # the 7th is a deleted one


def test_a_platform_section_of_the_body_replaces_the_templates(client: Client) -> None:
    created = client.post(
        "/_sandbox/workspaces",
        json={"template": "demo", "rapidpro": {"contacts": [{"name": "Zed"}]}},
    )

    assert created.status_code == 201
    assert created.get_json()["loaded"]["rapidpro"] == {"fields": 0, "groups": 0, "contacts": 1}


def test_an_unknown_template_is_refused_naming_the_known_ones(client: Client) -> None:
    answer = client.post("/_sandbox/workspaces", json={"name": "ci-3", "template": "nope"})

    assert answer.status_code == 400
    assert answer.get_json() == bad_request("unknown template 'nope': the known templates are demo")
    assert client.get("/_sandbox/workspaces/ci-3").status_code == 404  # nothing created


def test_a_template_that_is_not_a_bare_file_name_is_refused(client: Client) -> None:
    for name in ("../pyproject.toml", "/etc/passwd", "..", ".hidden", "sub\\demo", ""):
        answer = client.post("/_sandbox/workspaces", json={"template": name})

        assert answer.status_code == 400, name
        assert answer.get_json() == bad_request(
            f"template must be a bare file name in the fixtures directory, not {name!r}"
        )


def test_the_template_is_the_demo_documents_default_workspace_without_flowbot() -> None:
    demo = read_document(TEMPLATE_DIR / "demo.yaml")["workspaces"]["default"]

    assert template_section("demo") == {k: v for k, v in demo.items() if k != "flowbot"}


def test_the_checkouts_demo_file_is_the_packaged_one() -> None:
    checkout = TEMPLATE_DIR.parents[1] / "fixtures" / "demo.yaml"

    assert checkout.resolve() == (TEMPLATE_DIR / "demo.yaml").resolve()
