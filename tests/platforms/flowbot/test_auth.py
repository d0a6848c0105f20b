"""Authentication: login (session cookie), API tokens (HS256 JWTs on the sandbox clock),
the credentials every endpoint takes, and workspaces kept apart by them."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import jwt
import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from sandbox.platforms.flowbot.models.common import USERS
from tests.conftest import MakeApp
from tests.platforms.flowbot.helpers import (
    API_KEY,
    BASE,
    CLIENT_ID,
    DEMO_USER,
    EITAN_CLIENT,
    MAYA,
    MAYA_CLIENT,
    ORDERS,
    ORDERS_TOKEN,
    PASSWORD,
    USERNAME,
    FlowBotClient,
    api_token,
    bearer,
    error,
)

#: FROZEN_AT as a Unix time.
FROZEN_EPOCH = 1772366400
#: The default workspace's credentials user before any fixture names it: uuid5 of
#: "default/demo", the same on every run.
CREDENTIALS_USER = "d4e82648-2ae6-5325-a9b8-b80a9291e7d9"
GUESSED = "a-guessed-secret-that-is-long-enough!"
JWT_HEADER = {"alg": "HS256", "typ": "JWT"}
SESSION_COOKIE = re.compile(
    r"^token=(eyJ[\w-]+\.[\w-]+\.[\w-]+); Max-Age=604800; HttpOnly; Path=/; SameSite=Lax$"
)
INVALID_TOKEN = error("Invalid or expired token")
NO_CREDENTIALS = error("Authentication required")
#: Every endpoint that wants credentials, with a body it would accept.
PROTECTED = [
    ("GET", "/api/flows", None),
    ("GET", "/api/conversations", None),
    ("POST", "/api/flows/generate", {"prompt": "Create a flow"}),
    ("POST", f"/api/conversations/{'c7a1e3f5-9b2d-4e6f-8a0c-2d4f6b8e0a13'}/reply", {}),
    ("POST", "/api/webhook/outbound", {"phone": "+972501234567", "flowId": ORDERS}),
    ("POST", f"/api/webhook/flow/{ORDERS}/lead", {"phone": "+972501234567"}),
]


def claims(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    header = jwt.get_unverified_header(token)
    return header, jwt.decode(token, options={"verify_signature": False})


def login(client: Client, username: str = USERNAME, password: str = PASSWORD) -> Any:
    return client.post(f"{BASE}/api/auth/login", json={"username": username, "password": password})


# -- login ---------------------------------------------------------------------------------


def test_login_answers_the_user_and_sets_an_httponly_session_cookie(
    client: Client, deployed: None
) -> None:
    response = login(client)

    assert (response.status_code, response.json) == (
        200,
        {
            "user": {
                "id": DEMO_USER,
                "username": "demo",
                "displayName": "Noa Levi",
                "email": "noa@shefa-home.co.il",
                "role": "admin",
            }
        },
    )
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    cookie = SESSION_COOKIE.match(response.headers["Set-Cookie"])
    assert cookie is not None, response.headers["Set-Cookie"]
    assert claims(cookie.group(1)) == (
        JWT_HEADER,
        {
            "sub": DEMO_USER,
            "username": "demo",
            "role": "admin",
            "type": "session",
            "iat": FROZEN_EPOCH,
            "exp": FROZEN_EPOCH + 7 * 24 * 3600,
        },
    )


def test_a_fixture_user_logs_in_with_their_password(client: Client, deployed: None) -> None:
    response = login(client, "maya", "maya-password")

    assert response.json == {
        "user": {
            "id": MAYA,
            "username": "maya",
            "displayName": "Maya Cohen",
            "email": "maya@shefa-home.co.il",
            "role": "user",
        }
    }


def test_the_credentials_user_exists_without_fixtures(client: Client, frozen: datetime) -> None:
    response = login(client)

    assert response.json == {
        "user": {
            "id": CREDENTIALS_USER,
            "username": "demo",
            "displayName": "demo",
            "email": "demo@flow-sandbox.local",
            "role": "admin",
        }
    }


def test_the_session_cookie_authenticates_the_other_endpoints(
    client: Client, deployed: None
) -> None:
    assert client.get(f"{BASE}/api/flows").json == NO_CREDENTIALS
    login(client, "maya", "maya-password")  # the client keeps the cookie

    response = client.get(f"{BASE}/api/flows")

    assert response.status_code == 200
    assert [flow["name"] for flow in response.json] == ["Customer support"]


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"username": "demo"}, 400, "Username and password are required"),
        ({"password": "demo-password"}, 400, "Username and password are required"),
        ({"username": "", "password": ""}, 400, "Username and password are required"),
        ({"username": 7, "password": ["x"]}, 400, "Username and password are required"),
        ({"username": "demo", "password": "wrong"}, 401, "Invalid username or password"),
        ({"username": "DEMO", "password": "demo-password"}, 401, "Invalid username or password"),
        ({"username": "nobody", "password": "demo-password"}, 401, "Invalid username or password"),
    ],
)
def test_a_bad_login_is_refused(
    client: Client, deployed: None, body: dict[str, Any], status: int, message: str
) -> None:
    response = client.post(f"{BASE}/api/auth/login", json=body)

    assert (response.status_code, response.json) == (status, error(message))
    assert "Set-Cookie" not in response.headers


def test_a_body_that_is_not_json_is_refused_or_ignored(client: Client) -> None:
    broken = client.post(
        f"{BASE}/api/auth/login", data='{"username": ', content_type="application/json"
    )
    form = client.post(f"{BASE}/api/auth/login", data={"username": "demo", "password": "x"})

    assert (broken.status_code, broken.json) == (400, error("Invalid JSON body"))
    # express.json() reads JSON bodies only: a form body is no body at all.
    assert (form.status_code, form.json) == (400, error("Username and password are required"))


# -- API tokens ----------------------------------------------------------------------------


def test_client_credentials_are_exchanged_for_a_bearer_jwt(
    client: Client, frozen: datetime
) -> None:
    response = client.post(
        f"{BASE}/api/auth/api-token", json={"clientId": CLIENT_ID, "apiKey": API_KEY, "ttlSec": 900}
    )

    assert response.status_code == 200
    body = response.json
    token = body.pop("accessToken")
    assert body == {
        "success": True,
        "tokenType": "Bearer",
        "expiresInSec": 900,
        "clientNumber": CREDENTIALS_USER,
        "clientId": CLIENT_ID,
    }
    assert token.startswith("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.")  # as the vendor's example
    assert claims(token) == (
        JWT_HEADER,
        {
            "sub": CREDENTIALS_USER,
            "clientId": CLIENT_ID,
            "role": "admin",
            "type": "api",
            "iat": FROZEN_EPOCH,
            "exp": FROZEN_EPOCH + 900,
        },
    )
    assert client.get(f"{BASE}/api/flows", headers=bearer(token)).status_code == 200


def test_the_token_lives_an_hour_by_default(client: Client, frozen: datetime) -> None:
    response = client.post(
        f"{BASE}/api/auth/api-token", json={"clientId": CLIENT_ID, "apiKey": API_KEY}
    )

    assert response.json["expiresInSec"] == 3600
    assert claims(response.json["accessToken"])[1]["exp"] == FROZEN_EPOCH + 3600


def test_a_fixture_users_approved_client_gets_a_token(client: Client, deployed: None) -> None:
    response = client.post(
        f"{BASE}/api/auth/api-token",
        json={"clientId": MAYA_CLIENT[0], "apiKey": MAYA_CLIENT[1], "ttlSec": 60},
    )

    assert response.json["clientNumber"] == MAYA
    assert response.json["clientId"] == MAYA_CLIENT[0]


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"apiKey": API_KEY}, 400, "clientId and apiKey are required"),
        ({"clientId": CLIENT_ID}, 400, "clientId and apiKey are required"),
        ({"clientId": CLIENT_ID, "apiKey": ""}, 400, "clientId and apiKey are required"),
        *[
            (
                {"clientId": CLIENT_ID, "apiKey": API_KEY, "ttlSec": ttl},
                400,
                "ttlSec must be an integer between 60 and 86400",
            )
            for ttl in (59, 86401, 0, -5, "3600", 3600.5, True, None)
        ],
        ({"clientId": CLIENT_ID, "apiKey": "sk_wrong"}, 401, "Invalid client credentials"),
        (
            {"clientId": "aiflow_0000000000000000", "apiKey": API_KEY},
            401,
            "Invalid client credentials",
        ),
        (
            {"clientId": EITAN_CLIENT[0], "apiKey": EITAN_CLIENT[1]},
            403,
            "API access has not been approved for this account",
        ),
    ],
)
def test_a_bad_token_request_is_refused(
    client: Client, deployed: None, body: dict[str, Any], status: int, message: str
) -> None:
    response = client.post(f"{BASE}/api/auth/api-token", json=body)

    assert (response.status_code, response.json) == (status, error(message))


def test_the_range_of_lifetimes_is_inclusive(client: Client, frozen: datetime) -> None:
    for ttl in (60, 86400):
        response = client.post(
            f"{BASE}/api/auth/api-token",
            json={"clientId": CLIENT_ID, "apiKey": API_KEY, "ttlSec": ttl},
        )
        assert (response.status_code, response.json["expiresInSec"]) == (200, ttl)


def test_a_token_expires_on_the_sandbox_clock(
    client: Client, sandbox: Sandbox, frozen: datetime
) -> None:
    token = api_token(client, CLIENT_ID, API_KEY, ttl=60)

    sandbox.clock.advance(59)
    assert client.get(f"{BASE}/api/flows", headers=bearer(token)).status_code == 200
    sandbox.clock.advance(1)
    response = client.get(f"{BASE}/api/flows", headers=bearer(token))
    assert (response.status_code, response.json) == (401, INVALID_TOKEN)


def test_a_session_expires_after_seven_days(
    client: Client, sandbox: Sandbox, frozen: datetime
) -> None:
    login(client)
    sandbox.clock.advance(7 * 24 * 3600 - 1)
    assert client.get(f"{BASE}/api/flows").status_code == 200
    sandbox.clock.advance(1)
    assert client.get(f"{BASE}/api/flows").json == INVALID_TOKEN


def test_withdrawing_the_approval_stops_the_users_tokens(
    client: Client, sandbox: Sandbox, deployed: None
) -> None:
    token = api_token(client, *MAYA_CLIENT)
    with sandbox.store.transaction():
        record = sandbox.store.first(USERS, "default", username="maya")
        assert record is not None
        sandbox.store.update(USERS, record.id, {"apiAccessApproved": False})

    response = client.get(f"{BASE}/api/flows", headers=bearer(token))

    assert (response.status_code, response.json) == (401, INVALID_TOKEN)


# -- what every endpoint takes ---------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "body"), PROTECTED)
def test_every_endpoint_wants_credentials(
    client: Client, deployed: None, method: str, path: str, body: Any
) -> None:
    response = client.open(f"{BASE}{path}", method=method, json=body)

    assert (response.status_code, response.json) == (401, NO_CREDENTIALS)


@pytest.mark.parametrize(("method", "path", "body"), PROTECTED)
@pytest.mark.parametrize(
    "token",
    [
        "not-a-jwt",
        jwt.encode(
            {"sub": DEMO_USER, "exp": FROZEN_EPOCH + 60},
            "a-guessed-secret-that-is-long-enough!",
            algorithm="HS256",
        ),
        jwt.encode({"sub": DEMO_USER, "exp": FROZEN_EPOCH + 60}, None, algorithm="none"),
    ],
)
def test_a_token_the_sandbox_did_not_sign_is_refused(
    client: Client, deployed: None, method: str, path: str, body: Any, token: str
) -> None:
    response = client.open(f"{BASE}{path}", method=method, json=body, headers=bearer(token))

    assert (response.status_code, response.json) == (401, INVALID_TOKEN)


def test_a_bad_session_cookie_is_refused(client: Client, deployed: None) -> None:
    client.set_cookie("token", "eyJhbGciOiJIUzI1NiJ9.e30.c2ln")

    response = client.get(f"{BASE}/api/flows")

    assert (response.status_code, response.json) == (401, INVALID_TOKEN)


def test_a_flows_outbound_token_opens_only_the_triggers(client: Client, deployed: None) -> None:
    response = client.get(f"{BASE}/api/flows", headers=bearer(ORDERS_TOKEN))

    assert (response.status_code, response.json) == (401, INVALID_TOKEN)


def test_the_bearer_scheme_is_read_without_regard_to_case(client: Client, frozen: datetime) -> None:
    token = api_token(client, CLIENT_ID, API_KEY)

    response = client.get(f"{BASE}/api/flows", headers={"Authorization": f"bearer {token}"})

    assert response.status_code == 200


# -- workspaces ----------------------------------------------------------------------------


def test_a_token_opens_only_the_workspace_that_issued_it(
    client: Client, sandbox: Sandbox, deployed: None
) -> None:
    other = sandbox.workspaces.create("other")
    credentials = other.credentials_for("flowbot")
    theirs = FlowBotClient(
        client, bearer(api_token(client, credentials["client_id"], credentials["api_key"]))
    )

    assert theirs.get("/api/flows").json == []
    assert theirs.get("/api/conversations").json == []
    response = theirs.post("/api/webhook/outbound", {"phone": "+972501234567", "flowId": ORDERS})
    assert (response.status_code, response.json) == (404, error("Flow not found"))


def test_resetting_a_workspace_drops_its_tokens(client: Client, demo: FlowBotClient) -> None:
    assert demo.get("/api/flows").status_code == 200

    client.post("/_sandbox/reset", json={"workspace": "default"})

    assert demo.get("/api/flows").json == INVALID_TOKEN


def test_tokens_survive_a_restart_of_a_sandbox_with_a_database_file(
    make_app: MakeApp, tmp_path: Path
) -> None:
    db = str(tmp_path / "sandbox.json")
    first = make_app(db=db, seed=5)
    token = api_token(Client(first), CLIENT_ID, API_KEY, ttl=86400)
    first.close()

    again = Client(make_app(db=db, seed=5))

    assert again.get(f"{BASE}/api/flows", headers=bearer(token)).status_code == 200


# -- routing -------------------------------------------------------------------------------


def test_a_wrong_method_is_405_with_allow(client: Client) -> None:
    response = client.get(f"{BASE}/api/auth/login")

    assert (response.status_code, response.json) == (405, error("Method Not Allowed"))
    assert response.headers["Allow"] == "POST"


def test_a_trailing_slash_is_the_same_route(client: Client, demo: FlowBotClient) -> None:
    response = client.get(f"{BASE}/api/flows/", headers=demo.headers)

    assert (response.status_code, response.json) == (200, [])
