"""FlowBot AI semantics the spec cannot state (seed 001, platforms.md §D,
docs/flowbot-fidelity.md), the scenarios that send nothing: the three kinds of credentials
and their refusals, the documented answers of login and tokens, reads of flows and
conversations, and refused triggers. test_flowbot_sending.py holds the scenarios that send
to the test phone, answer as the customer on a sandbox, and generate flows.

Seed 001 documents the success bodies; every error status and message below is the
sandbox's assumption (`{"error": ...}` is the documented envelope). A failure of those
checks on a real deployment says the assumption is wrong, which docs/flowbot-fidelity.md
then needs to learn.

Refused requests name made-up flows and conversations, or carry a fictional phone number,
so these scenarios run with --read-only too (the one refusal that names the user's real
flow, a wrongly signed lead, is marked `writes`).
"""

from __future__ import annotations

import json
import uuid

import pytest

from conformance.platforms.flowbot import jwt_algorithm, missing_uuid
from conformance.plugin import Client
from conformance.run import Run
from conformance.scenarios.flowbot_common import (
    CONVERSATION_KEYS,
    FLOW_KEYS,
    NO_FLOW,
    NOBODY,
    SCAN,
    STATS_KEYS,
    USER_KEYS,
    answer,
    bearer,
    error,
    option,
    signed,
)

# -- credentials and their refusals (nothing is sent) ---------------------------------------------


def test_requests_without_credentials_are_401(client: Client) -> None:
    for method, path in (
        ("GET", "/api/flows"),
        ("GET", "/api/conversations"),
        ("POST", f"/api/conversations/{missing_uuid('c')}/reply"),
        ("POST", "/api/webhook/outbound"),
    ):
        response = client.request(method, path, auth=False, json={})
        assert answer(response, 401) == error("Authentication required"), (method, path)


def test_a_token_the_deployment_did_not_issue_is_401(client: Client, unique: str) -> None:
    # A well-formed HS256 JWT signed with a secret of the kit's own, and no JWT at all.
    header = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
    claims = "eyJzdWIiOiJ6ei1mc2J4IiwiZXhwIjo0MTAyNDQ0ODAwfQ"
    forged = f"{header}.{claims}.c2lnbmF0dXJlLW9mLXRoZS1raXQ"
    for token in (forged, unique):
        response = client.get("/api/flows", auth=False, headers=bearer(token))
        assert answer(response, 401) == error("Invalid or expired token")
    response = client.get("/api/flows", auth=False, cookies={"token": unique})
    assert answer(response, 401) == error("Invalid or expired token")


def test_unknown_client_credentials_get_no_token(client: Client, unique: str) -> None:
    made_up = {"clientId": f"aiflow_{unique}", "apiKey": f"sk_{unique}", "ttlSec": 60}
    response = client.post("/api/auth/api-token", auth=False, json=made_up)
    assert answer(response, 401) == error("Invalid client credentials")
    response = client.post(
        "/api/auth/api-token", auth=False, json={"clientId": made_up["clientId"]}
    )
    assert answer(response, 400) == error("clientId and apiKey are required")


@pytest.mark.needs("flowbot_client_id", "flowbot_api_key")
def test_client_credentials_are_exchanged_for_an_hs256_bearer_jwt(client: Client, run: Run) -> None:
    client_id = option(run, "client_id")
    body = {"clientId": client_id, "apiKey": option(run, "api_key"), "ttlSec": 600}
    response = client.post("/api/auth/api-token", auth=False, json=body)
    assert response.status_code == 200, response.status_code
    issued = response.json()
    token = issued.pop("accessToken")  # kept out of any assertion message
    assert jwt_algorithm(token) == "HS256"
    assert set(issued) == {"success", "tokenType", "expiresInSec", "clientNumber", "clientId"}
    assert (issued["success"], issued["tokenType"], issued["expiresInSec"]) == (
        True,
        "Bearer",
        600,
    )
    assert issued["clientId"] == client_id
    uuid.UUID(issued["clientNumber"])
    # The new token opens the API as the run's own does.
    mine = answer(client.get("/api/flows"))
    theirs = client.get("/api/flows", auth=False, headers=bearer(token))
    assert answer(theirs) == mine


@pytest.mark.needs("flowbot_username", "flowbot_password")
def test_login_sets_an_httponly_session_cookie_that_authenticates(
    client: Client, run: Run, unique: str
) -> None:
    username = option(run, "username")
    body = {"username": username, "password": option(run, "password")}
    response = client.post("/api/auth/login", auth=False, json=body)
    user = answer(response)["user"]
    assert set(user) == USER_KEYS
    assert (user["username"], user["role"] in ("admin", "user")) == (username, True)
    uuid.UUID(user["id"])
    cookie = response.cookies.get("token")
    assert cookie, "no `token` session cookie"
    assert "httponly" in response.headers["Set-Cookie"].lower()
    # The cookie alone opens the other endpoints.
    by_cookie = client.get("/api/flows", auth=False, cookies={"token": cookie})
    assert answer(by_cookie) == answer(client.get("/api/flows"))
    nobody = {"username": unique, "password": unique}
    response = client.post("/api/auth/login", auth=False, json=nobody)
    assert answer(response, 401) == error("Invalid username or password")


# -- flows and conversations (reads) ------------------------------------------------------------


def test_flows_are_listed_with_the_documented_fields(client: Client) -> None:
    flows = answer(client.get("/api/flows"))
    assert isinstance(flows, list)
    for flow in flows:
        assert set(flow) == FLOW_KEYS
        assert flow["status"] in ("active", "draft", "inactive")
    created = [flow["createdAt"] for flow in flows]
    assert created == sorted(created, reverse=True), "newest first"


@pytest.mark.needs("flowbot_flow_id")
def test_the_flow_to_trigger_is_listed_and_active(client: Client, run: Run) -> None:
    flows = {flow["id"]: flow for flow in answer(client.get("/api/flows"))}
    flow_id = option(run, "flow_id")
    assert flow_id in flows, "--flowbot-flow-id is not one of the user's flows"
    assert flows[flow_id]["status"] == "active"


def test_conversations_take_a_limit_and_optional_statistics(client: Client) -> None:
    listed = answer(client.get("/api/conversations", params={"limit": SCAN}))
    assert isinstance(listed, list)
    for conversation in listed:
        assert set(conversation) == CONVERSATION_KEYS
        assert conversation["status"] in ("active", "pending", "closed")
    # Ids only: a customer may write in between, and change a conversation's last message.
    first = [c["id"] for c in listed[:1]]
    one = answer(client.get("/api/conversations", params={"limit": 1}))
    assert [c["id"] for c in one] == first
    with_stats = answer(client.get("/api/conversations", params={"limit": 1, "stats": "true"}))
    assert set(with_stats) == {"conversations", "stats"}
    assert [c["id"] for c in with_stats["conversations"]] == first
    stats = with_stats["stats"]
    assert set(stats) == STATS_KEYS
    assert stats["total"] == stats["active"] + stats["pending"] + stats["closed"]
    assert stats["total"] >= len(listed) and 0 <= stats["windowOpen"] <= stats["total"]
    for limit in ("0", "ten", "-5"):
        response = client.get("/api/conversations", params={"limit": limit})
        assert answer(response, 400) == error("limit must be a positive integer")


def test_a_reply_to_an_unknown_conversation_is_404(client: Client) -> None:
    path = f"/api/conversations/{missing_uuid('conversation')}/reply"
    response = client.post(path, json={"messageType": "text", "text": "zz-fsbx"})
    assert answer(response, 404) == error("Conversation not found")


# -- trigger refusals (nothing can be sent) ---------------------------------------------------


def test_triggers_refuse_a_bad_phone_and_a_missing_flow(client: Client) -> None:
    outbound = "/api/webhook/outbound"
    assert answer(client.post(outbound, json={}), 400) == error("phone and flowId are required")
    bad_phone = client.post(outbound, json={"phone": "12345", "flowId": NO_FLOW})
    assert answer(bad_phone, 400) == error(
        "Invalid phone number: 12345. Use E.164 format, e.g. +972501234567"
    )
    no_flow = client.post(outbound, json={"phone": NOBODY, "flowId": NO_FLOW})
    assert answer(no_flow, 404) == error("Flow not found")
    lead = client.post(f"/api/webhook/flow/{NO_FLOW}/lead", json={"phone": NOBODY})
    assert answer(lead, 404) == error("Flow not found")


@pytest.mark.writes
@pytest.mark.needs("flowbot_flow_id")
def test_a_lead_with_a_wrong_signature_is_401(client: Client, run: Run) -> None:
    # Were the signature ignored, the lead would go to a number reserved for fiction.
    body = json.dumps({"phone": NOBODY, "name": "zz-fsbx-kit"}).encode()
    headers = signed("zz-fsbx-not-the-secret", body)
    path = f"/api/webhook/flow/{option(run, 'flow_id')}/lead"
    response = client.post(path, auth=False, headers=headers, data=body)
    assert answer(response, 401) == error("Invalid signature")
    headers["X-Signature-256"] = "sha256=" + headers["X-Signature-256"]
    response = client.post(path, auth=False, headers=headers, data=body)
    assert answer(response, 401) == error("Invalid signature")


@pytest.mark.needs("flowbot_outbound_token")
def test_a_flows_outbound_token_opens_its_triggers_only(client: Client, run: Run) -> None:
    token = bearer(option(run, "outbound_token"))
    response = client.get("/api/flows", auth=False, headers=token)
    assert answer(response, 401) == error("Invalid or expired token")
    body = {"phone": NOBODY, "flowId": NO_FLOW}
    response = client.post("/api/webhook/outbound", auth=False, headers=token, json=body)
    assert answer(response, 403) == error("This token is not valid for this flow")
