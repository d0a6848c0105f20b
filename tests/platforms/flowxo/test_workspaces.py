"""Workspaces are separate Flow XO accounts: their own key, bots, users and workflows.

A second workspace is made through the control API (POST /_sandbox/workspaces), as a CI
job would; the default one holds the seed account.
"""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from tests.platforms.flowxo.helpers import (
    ACCOUNT,
    SHOP_BOT,
    SIMON_PATH,
    UNAUTHORIZED,
    WELCOME,
    FlowXOClient,
    answer,
)


def create_workspace(client: Client, **body: Any) -> FlowXOClient:
    response = client.post("/_sandbox/workspaces", json=body)
    assert response.status_code == 201, response.get_data(as_text=True)
    return FlowXOClient(client, response.json["credentials"]["flowxo"]["api_key"])


@pytest.fixture
def ci(client: Client, seeded: None) -> FlowXOClient:
    """A new, empty workspace `ci` next to the seeded default one (clock frozen)."""
    return create_workspace(client, name="ci")


def test_a_new_workspace_is_an_empty_account(ci: FlowXOClient) -> None:
    assert answer(ci.get("/api/workflows/simple")) == (200, [])
    assert answer(ci.get("/api/conversations")) == (
        200,
        {"total": 0, "skip": 0, "limit": 25, "conversations": []},
    )


def test_another_accounts_ids_name_nothing(ci: FlowXOClient) -> None:
    assert answer(ci.post("/api/end_users", {"connection": SHOP_BOT, "channel": "1"})) == (
        404,
        {"message": "Connection not found"},
    )
    assert answer(ci.put("/api/end_users", {"response_path": SIMON_PATH, "profile": {}})) == (
        404,
        {"message": "End user not found"},
    )
    assert answer(ci.put(f"/api/workflows/{WELCOME}", {"active": False})) == (
        404,
        {"message": "Workflow not found"},
    )


def test_writes_stay_in_their_workspace(client: Client, seeded: None, flowxo: FlowXOClient) -> None:
    shop = create_workspace(client, name="shop", flowxo=ACCOUNT)

    shop.put(f"/api/workflows/{WELCOME}", {"active": False})
    shop.post("/api/end_users", {"connection": SHOP_BOT, "channel": "5511900000001"})

    assert [w["active"] for w in flowxo.get("/api/workflows/simple").json] == [False, True, True]
    assert [w["active"] for w in shop.get("/api/workflows/simple").json] == [False, True, False]
    assert flowxo.get("/api/conversations").json["total"] == 3
    assert shop.get("/api/conversations").json["total"] == 4


def test_a_deleted_workspaces_key_stops_working(client: Client, ci: FlowXOClient) -> None:
    assert client.delete("/_sandbox/workspaces/ci").status_code == 204

    assert answer(ci.get("/api/workflows/simple")) == (401, UNAUTHORIZED)


def test_resetting_a_workspace_clears_only_its_account(
    client: Client, flowxo: FlowXOClient, seeded: None
) -> None:
    shop = create_workspace(client, name="shop", flowxo=ACCOUNT)

    assert client.post("/_sandbox/reset", json={"workspace": "shop"}).status_code == 200

    assert shop.get("/api/workflows/simple").json == []
    assert len(flowxo.get("/api/workflows/simple").json) == 3
