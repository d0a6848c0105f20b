"""Workspaces are separate XeroChat installations: their own keys, users, ids and data.

A second workspace is made through the control API (POST /_sandbox/workspaces), as a CI
job would; the default one holds the seed installation.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from werkzeug.test import Client

from tests.platforms.xerochat.helpers import (
    CARLAS_ADDRESSES,
    KEY_INVALID,
    XeroChatClient,
    error,
    key_user_info,
)

KEY_FORMAT = r"{}-[A-Za-z0-9]{{7}}[1-9]\d{{9}}[A-Za-z0-9]{{7}}"


class Workspace:
    """A workspace made through the control API, with clients for its two keys."""

    def __init__(self, client: Client, body: dict[str, Any]) -> None:
        self.name: str = body["name"]
        keys = body["credentials"]["xerochat"]
        self.admin = XeroChatClient(client, keys["admin_key"])
        self.member = XeroChatClient(client, keys["member_key"])


def create_workspace(client: Client, **body: Any) -> Workspace:
    response = client.post("/_sandbox/workspaces", json=body)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.json is not None
    return Workspace(client, response.json)


@pytest.fixture
def ci(client: Client, member: XeroChatClient, installed: None) -> Workspace:
    """A new, empty workspace `ci` next to the seeded default one (clock frozen)."""
    return create_workspace(client, name="ci")


def test_a_new_workspace_gets_keys_in_the_vendors_format(ci: Workspace) -> None:
    assert re.fullmatch(KEY_FORMAT.format(1), ci.admin.key)
    assert re.fullmatch(KEY_FORMAT.format(2), ci.member.key)


def test_a_new_workspace_is_an_empty_installation(ci: Workspace) -> None:
    assert ci.member.ok("GET", "get_flow_campaigns") == []
    assert ci.admin.ok("GET", "get_all_packages") == {"status": "success", "packages": []}
    assert ci.member.ok("GET", "get_contact", contact_id="1") == error(
        "The contact ID does not exist"
    )
    assert ci.member.ok("GET", "get_all_labels", page_id="109876543210987") == error(
        "No Matching Label Found"
    )


def test_a_new_workspaces_keys_belong_to_its_own_users(ci: Workspace) -> None:
    # User 2 of `ci` is its member, not the default workspace's Ana Souza.
    assert ci.admin.ok("GET", "get_user_info", user_id="2") == key_user_info(2, "Member")
    assert ci.admin.ok("GET", "get_user_info", email="ana@lojadaana.com.br") == error(
        "No Matching User Found"
    )


def test_writes_stay_in_their_workspace(ci: Workspace, member: XeroChatClient) -> None:
    # Ids count per installation: `ci`'s first group is 1, while the default one has 1-4.
    assert ci.member.ok("POST", "create_contact_group", name="Só no CI") == {
        "status": "success",
        "contact_type_id": 1,
    }
    assert member.ok("POST", "create_contact_group", name="Default") == {
        "status": "success",
        "contact_type_id": 5,
    }

    assert ci.member.ok("GET", "get_contact_group", contact_type_id="1")["type"] == "Só no CI"
    assert member.ok("GET", "get_contact_group", contact_type_id="1")["type"] == "Clientes"
    assert ci.member.ok("GET", "get_contact_group", contact_type_id="5") == error(
        "The contact type ID does not exist"
    )


def test_email_uniqueness_is_per_installation(ci: Workspace) -> None:
    ci.member.post("create_contact_group", name="CI")

    # carla.mendes@example.com is taken in the default workspace, not in `ci`.
    response = ci.member.post("create_contact", **CARLAS_ADDRESSES)

    assert (response.status_code, response.json) == (
        200,
        {"status": "success", "new_contact_id": 1},
    )


def test_a_default_key_does_not_reach_another_workspace(
    ci: Workspace, member: XeroChatClient
) -> None:
    ci.member.post("create_contact_group", name="A")
    ci.member.post("create_contact_group", name="B")
    ci.member.post("create_contact_group", name="C")
    ci.member.post("create_contact_group", name="D")
    ci.member.post("create_contact_group", name="E")

    assert member.ok("GET", "get_contact_group", contact_type_id="5") == error(
        "The contact type ID does not exist"
    )


def test_a_workspace_created_with_a_xerochat_section(
    client: Client, member: XeroChatClient, installed: None
) -> None:
    shop = create_workspace(
        client,
        name="shop2",
        xerochat={"contact_groups": [{"name": "Só aqui", "created_at": "2026-01-01 10:00:00"}]},
    )

    assert shop.member.ok("GET", "get_contact_group", contact_type_id="1") == {
        "id": "1",
        "user_id": "2",
        "type": "Só aqui",
        "created_at": "2026-01-01 10:00:00",
        "deleted": "0",
    }
    assert member.ok("GET", "get_contact_group", contact_type_id="1")["type"] == "Clientes"


def test_a_deleted_workspaces_keys_stop_working(client: Client, ci: Workspace) -> None:
    assert client.delete(f"/_sandbox/workspaces/{ci.name}").status_code == 204

    assert ci.member.ok("GET", "get_flow_campaigns") == KEY_INVALID
    assert ci.admin.ok("GET", "get_all_packages") == KEY_INVALID


def test_resetting_a_workspace_clears_only_its_installation(
    client: Client, ci: Workspace, member: XeroChatClient
) -> None:
    ci.member.post("create_contact_group", name="CI")

    assert client.post("/_sandbox/reset", json={"workspace": "ci"}).status_code == 200

    assert ci.member.ok("GET", "get_contact_group", contact_type_id="1") == error(
        "The contact type ID does not exist"
    )
    assert member.ok("GET", "get_contact_group", contact_type_id="1")["type"] == "Clientes"
