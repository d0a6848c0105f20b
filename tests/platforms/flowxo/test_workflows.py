"""GET /api/workflows/simple and PUT /api/workflows/{id} (article 279, fidelity §3)."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.core.sandbox import Sandbox
from tests.platforms.flowxo.helpers import (
    ABANDONED_CART,
    ORDER_STATUS,
    WELCOME,
    FlowXOClient,
    answer,
    load_flowxo,
)

ALL = [
    {"_id": ABANDONED_CART, "name": "Abandoned cart", "active": False},
    {"_id": ORDER_STATUS, "name": "Order status", "active": True},
    {"_id": WELCOME, "name": "Welcome", "active": True},
]


@pytest.mark.usefixtures("seeded")
def test_the_list_has_the_documented_shape_by_name(flowxo: FlowXOClient) -> None:
    assert answer(flowxo.get("/api/workflows/simple")) == (200, ALL)


def test_names_sort_as_stored_text(flowxo: FlowXOClient, sandbox: Sandbox) -> None:
    # The documented example: "A Pause" before "Add Salesforce Lead" before "Basic Test".
    names = ["Basic Test", "Add Salesforce Lead", "A Pause", "a lower"]
    load_flowxo(sandbox, {"workflows": [{"name": name} for name in names]})

    listed = answer(flowxo.get("/api/workflows/simple"))[1]

    assert [w["name"] for w in listed] == [
        "A Pause",
        "Add Salesforce Lead",
        "Basic Test",
        "a lower",
    ]
    assert all(w["active"] is True for w in listed)


def test_an_account_without_workflows_lists_none(flowxo: FlowXOClient) -> None:
    assert answer(flowxo.get("/api/workflows/simple")) == (200, [])


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("workflow", "active", "expected"),
    [
        (ABANDONED_CART, True, ALL[0] | {"active": True}),
        (WELCOME, False, ALL[2] | {"active": False}),
        (WELCOME, True, ALL[2]),  # already active: no change
    ],
)
def test_enable_or_disable_a_workflow(
    flowxo: FlowXOClient, workflow: str, active: bool, expected: dict[str, Any]
) -> None:
    assert answer(flowxo.put(f"/api/workflows/{workflow}", {"active": active})) == (200, expected)

    listed = flowxo.get("/api/workflows/simple").json
    assert [w for w in listed if w["_id"] == workflow] == [expected]
    assert [w for w in listed if w["_id"] != workflow] == [w for w in ALL if w["_id"] != workflow]


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "active is required"),
        ({"active": None}, "active is required"),
        ({"active": "true"}, "active must be a boolean"),
        ({"active": 1}, "active must be a boolean"),
        ([True], "active is required"),
    ],
)
def test_an_unusable_body_is_400(flowxo: FlowXOClient, body: Any, message: str) -> None:
    assert answer(flowxo.put(f"/api/workflows/{WELCOME}", body)) == (400, {"message": message})
    assert flowxo.get("/api/workflows/simple").json == ALL


@pytest.mark.usefixtures("seeded")
@pytest.mark.parametrize(
    "workflow", ["65c0aa11b2c3d4e5f6a7b8ff", "simplex", "Welcome", WELCOME.upper()]
)
def test_an_unknown_workflow_is_404_even_with_a_bad_body(
    flowxo: FlowXOClient, workflow: str
) -> None:
    assert answer(flowxo.put(f"/api/workflows/{workflow}", {"active": "no"})) == (
        404,
        {"message": "Workflow not found"},
    )


@pytest.mark.usefixtures("seeded")
def test_a_workflow_has_no_get(flowxo: FlowXOClient) -> None:
    response = flowxo.get(f"/api/workflows/{WELCOME}")

    assert answer(response) == (405, {"message": "Method Not Allowed"})
    assert response.headers["Allow"] == "PUT"


@pytest.mark.usefixtures("seeded")
def test_the_lists_url_is_no_workflow_id(flowxo: FlowXOClient) -> None:
    response = flowxo.put("/api/workflows/simple", {"active": True})

    assert answer(response) == (405, {"message": "Method Not Allowed"})
    assert response.headers["Allow"] == "GET, HEAD"


@pytest.mark.usefixtures("seeded")
def test_a_trailing_slash_is_the_same_url(flowxo: FlowXOClient) -> None:
    assert answer(flowxo.get("/api/workflows/simple/")) == (200, ALL)
    assert answer(flowxo.put(f"/api/workflows/{WELCOME}/", {"active": False}))[0] == 200
