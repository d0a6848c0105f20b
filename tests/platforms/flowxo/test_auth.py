"""`Authorization: Bearer <API key>` (seed 000, platforms.md §C.1); the refusal is
assumed (fidelity §1): 401 `{"message": "Unauthorized"}`."""

from __future__ import annotations

import re

import jwt
import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flowxo.helpers import (
    DEMO_KEY,
    SHOP_BOT,
    UNAUTHORIZED,
    WELCOME,
    FlowXOClient,
    answer,
)

#: Every operation: (method, path, body).
OPERATIONS = [
    ("POST", "/api/end_users", {"connection": SHOP_BOT, "channel": "1"}),
    ("PUT", "/api/end_users", {"response_path": f"{SHOP_BOT}/c/1", "profile": {}}),
    ("GET", "/api/workflows/simple", None),
    ("PUT", f"/api/workflows/{WELCOME}", {"active": True}),
    ("GET", "/api/conversations", None),
]
#: A key of the vendor's shape, signed with the sandbox's secret, that no workspace has.
STRANGER = jwt.encode(
    {
        "_id": "65a0b1c2d3e4f5a6b7c8d9e0",
        "role": "user",
        "features": [],
        "api_key": True,
        "iat": 1704981428,
    },
    "flow-sandbox: flowxo key signing secret (not the vendor's)",
    algorithm="HS256",
)


@pytest.mark.parametrize(("method", "path", "body"), OPERATIONS)
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
        {"Authorization": DEMO_KEY},
        {"Authorization": f"Token {DEMO_KEY}"},
        {"Authorization": f"Basic {DEMO_KEY}"},
        {"Authorization": f"Bearer {STRANGER}"},
        {"Authorization": f"Bearer {DEMO_KEY[:-1]}"},
        {"Authorization": f"Bearer {DEMO_KEY.lower()}"},
    ],
    ids=lambda h: h.get("Authorization", "none")[:16],
)
def test_a_missing_or_unknown_key_is_401(
    client: Client, method: str, path: str, body: object, headers: dict[str, str]
) -> None:
    response = client.open(f"/flowxo{path}", method=method, json=body, headers=headers)

    assert answer(response) == (401, UNAUTHORIZED)


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_the_scheme_is_read_without_regard_to_case(client: Client, scheme: str) -> None:
    response = client.get(
        "/flowxo/api/workflows/simple", headers={"Authorization": f"{scheme} {DEMO_KEY}"}
    )

    assert answer(response) == (200, [])


def test_a_refused_request_writes_nothing(client: Client, sandbox: Sandbox) -> None:
    before = sandbox.export()

    FlowXOClient(client, STRANGER).post("/api/end_users", {"connection": SHOP_BOT, "channel": "1"})

    assert sandbox.export() == before


def test_the_demo_key_is_a_jwt_of_the_vendors_shape() -> None:
    assert jwt.get_unverified_header(DEMO_KEY) == {"alg": "HS256", "typ": "JWT"}
    payload = jwt.decode(
        DEMO_KEY,
        "flow-sandbox: flowxo key signing secret (not the vendor's)",
        algorithms=["HS256"],
    )
    assert payload == {
        "_id": "67748580d3e0c0ffee5a4db0",
        "role": "user",
        "features": [],
        "api_key": True,
        "iat": 1735689600,
    }


def test_a_new_workspace_gets_a_key_of_the_vendors_shape(client: Client) -> None:
    created = client.post("/_sandbox/workspaces", json={"name": "ci"}).json
    key = created["credentials"]["flowxo"]["api_key"]

    payload = jwt.decode(
        key, "flow-sandbox: flowxo key signing secret (not the vendor's)", algorithms=["HS256"]
    )
    assert key.startswith("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.")
    assert list(payload) == ["_id", "role", "features", "api_key", "iat"]
    assert re.fullmatch(r"[0-9a-f]{24}", payload["_id"])
    # An ObjectId starts with its creation time: the account's, when the key was issued.
    assert int(payload["_id"][:8], 16) == payload["iat"]
    assert 1_577_836_800 <= payload["iat"] <= 1_767_225_600
    assert (payload["role"], payload["features"], payload["api_key"]) == ("user", [], True)
    assert key != DEMO_KEY
    assert answer(FlowXOClient(client, key).get("/api/workflows/simple")) == (200, [])


def test_any_key_a_fixture_gives_a_workspace_works(client: Client, sandbox: Sandbox) -> None:
    sandbox.load_fixtures({"workspaces": {"ci": {"credentials": {"flowxo": {"api_key": "k-1"}}}}})

    assert answer(FlowXOClient(client, "k-1").get("/api/workflows/simple")) == (200, [])


@pytest.mark.parametrize("path", ["/api", "/api/end_users/1", "/api/workflows", "/x"])
def test_unknown_urls_are_404_whoever_asks(client: Client, path: str) -> None:
    for headers in ({}, {"Authorization": f"Bearer {DEMO_KEY}"}):
        response = client.get(f"/flowxo{path}", headers=headers)
        assert answer(response) == (404, {"message": "Not Found"})


def test_a_wrong_method_without_a_key_is_refused_first(client: Client) -> None:
    assert answer(client.delete("/flowxo/api/end_users")) == (401, UNAUTHORIZED)


def test_the_spec_needs_no_key(client: Client) -> None:
    spec = client.get("/flowxo/openapi.json").json

    assert spec["components"]["securitySchemes"] == {
        "BearerAuth": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "The account owner's API key (User Profile), a JWT.",
        }
    }
    assert sorted(spec["paths"]) == [
        "/api/conversations",
        "/api/end_users",
        "/api/workflows/simple",
        "/api/workflows/{id}",
    ]
