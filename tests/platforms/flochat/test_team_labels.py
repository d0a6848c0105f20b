"""Team labels: listing, creating, and deleting them (which takes them off subscribers of
every bot)."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flochat import helpers
from tests.platforms.flochat.helpers import OK, FlochatClient, answer, error, load_team

VIP = {"id": 1, "name": "VIP"}
WHOLESALE = {"id": 2, "name": "Wholesale"}


def _with_instagram_vip() -> dict[str, Any]:
    """The seed team, with a VIP subscriber in the Instagram bot too."""
    flows = [dict(flow) for flow in helpers.SEED_TEAM["flows"]]
    flows[1]["subscribers"] = [
        {"user_ns": "f456u1", "first_name": "Eva", "labels": ["VIP", "Wholesale"]}
    ]
    return {**helpers.SEED_TEAM, "flows": flows}


@pytest.fixture
def team(sandbox: Sandbox, frozen: object) -> dict[str, int]:
    return load_team(sandbox, _with_instagram_vip())


def _labels_of(sandbox: Sandbox) -> dict[str, list[str]]:
    exported = sandbox.export("default")["workspaces"]["default"]["flochat"]
    return {
        s["user_ns"]: s["labels"] for flow in exported["flows"] for s in flow.get("subscribers", [])
    }


def test_labels_are_listed(flochat: FlochatClient, team: object) -> None:
    assert answer(flochat.get("/team/labels")) == {"data": [VIP, WHOLESALE]}
    assert answer(flochat.get("/team/labels", name="whole")) == {"data": [WHOLESALE]}
    assert answer(flochat.get("/team/labels", limit=1, page=2)) == {"data": [WHOLESALE]}


def test_a_new_label_is_answered_bare_and_listed(flochat: FlochatClient, team: object) -> None:
    assert answer(flochat.post("/team/create-label", {"name": " Atacado "})) == {
        "id": 3,
        "name": "Atacado",
    }
    assert answer(flochat.get("/team/labels"))["data"][-1] == {"id": 3, "name": "Atacado"}


def test_any_key_of_the_team_sees_the_same_labels(client: Client, team: object) -> None:
    other = FlochatClient(client, helpers.OTHER_FLOW_KEY)
    assert answer(other.get("/team/labels")) == {"data": [VIP, WHOLESALE]}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"name": "vip"}, "Label already exists"),
        ({}, "The name field is required."),
        ({"name": 3}, "The name must be a string."),
    ],
)
def test_create_label_refusals(
    flochat: FlochatClient, team: object, body: dict[str, Any], message: str
) -> None:
    assert answer(flochat.post("/team/create-label", body), 400) == error(message)
    assert answer(flochat.get("/team/labels")) == {"data": [VIP, WHOLESALE]}


def test_deleting_a_label_takes_it_off_every_bots_subscribers(
    flochat: FlochatClient, sandbox: Sandbox, team: object
) -> None:
    assert _labels_of(sandbox) == {"f123u1": ["VIP"], "f123u2": [], "f456u1": ["VIP", "Wholesale"]}
    assert answer(flochat.delete("/team/delete-label", {"id": 1})) == OK
    assert answer(flochat.get("/team/labels")) == {"data": [WHOLESALE]}
    assert _labels_of(sandbox) == {"f123u1": [], "f123u2": [], "f456u1": ["Wholesale"]}


def test_deleting_a_label_by_name_ignores_case(
    flochat: FlochatClient, sandbox: Sandbox, team: object
) -> None:
    assert answer(flochat.delete("/team/delete-label-by-name", {"name": "WHOLESALE"})) == OK
    assert answer(flochat.get("/team/labels")) == {"data": [VIP]}
    assert _labels_of(sandbox)["f456u1"] == ["VIP"]


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("/team/delete-label", {"id": 99}, "Label not found"),
        ("/team/delete-label", {}, "The id field is required."),
        ("/team/delete-label", {"id": "one"}, "The id must be an integer."),
        ("/team/delete-label-by-name", {"name": "Gold"}, "Label not found"),
        ("/team/delete-label-by-name", {}, "The name field is required."),
    ],
)
def test_delete_label_refusals(
    flochat: FlochatClient, team: object, path: str, body: dict[str, Any], message: str
) -> None:
    assert answer(flochat.delete(path, body), 400) == error(message)
    assert answer(flochat.get("/team/labels")) == {"data": [VIP, WHOLESALE]}


def test_a_label_id_is_never_reused(flochat: FlochatClient, team: object) -> None:
    answer(flochat.delete("/team/delete-label", {"id": 2}))
    assert answer(flochat.post("/team/create-label", {"name": "New"}))["id"] == 3


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/team/labels", None),
        ("POST", "/team/create-label", {"name": "X"}),
        ("DELETE", "/team/delete-label", {"id": 1}),
        ("DELETE", "/team/delete-label-by-name", {"name": "VIP"}),
    ],
)
def test_labels_need_manage_team(
    client: Client, team: object, method: str, path: str, body: Any
) -> None:
    flow_only = FlochatClient(client, helpers.FLOW_ONLY_KEY)
    response = flow_only.request(method, path, body)
    assert answer(response, 403) == error("Invalid ability provided.")
    assert answer(FlochatClient(client).get("/team/labels")) == {"data": [VIP, WHOLESALE]}


def test_labels_round_trip(sandbox: Sandbox, flochat: FlochatClient, team: object) -> None:
    answer(flochat.post("/team/create-label", {"name": "Atacado"}))
    exported = sandbox.export("default")["workspaces"]["default"]["flochat"]
    assert exported["labels"] == [VIP, WHOLESALE, {"id": 3, "name": "Atacado"}]
    sandbox.reset()
    load_team(sandbox, exported)
    assert answer(flochat.get("/team/labels")) == {"data": exported["labels"]}
