"""FlowBot AI semantics the spec cannot state (seed 001, platforms.md §D,
docs/flowbot-fidelity.md): the three kinds of credentials and their refusals, the
documented answers of login, tokens, triggers and replies, WhatsApp's 24-hour rule, and
generated flows.

Seed 001 documents the success bodies; every error status and message below is the
sandbox's assumption (`{"error": ...}` is the documented envelope). A failure of those
checks on a real deployment says the assumption is wrong, which docs/flowbot-fidelity.md
then needs to learn.

Sending is real on a real deployment: scenarios that trigger a flow, send a lead or reply
need `--flowbot-test-phone` (a phone the user owns) and send only to it. The others send
nothing: refused requests name made-up flows and conversations, or carry a fictional
phone number, so they run with --read-only too (the one refusal that names the user's real
flow, a wrongly signed lead, is marked `writes`). Generated flows cannot be deleted
through the API: that scenario is `permanent`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from http.cookiejar import DefaultCookiePolicy
from typing import Any

import pytest

from conformance.platforms import Created
from conformance.platforms.flowbot import (
    DRAWFLOW_NODE_KEYS,
    WAMID,
    drawflow_problems,
    fictional_phone,
    jwt_algorithm,
    missing_uuid,
)
from conformance.plugin import Client
from conformance.run import Run, current
from conformance.sandbox_control import control_headers, control_url

# The run's session must not keep the session cookie a login sets (the login scenario's,
# or schemathesis' logins with the spec's example user on a sandbox): every later request,
# generated or not, would carry it, and refusals of requests without credentials would
# turn into answers. Scenarios send a cookie explicitly when they mean to. Collection
# imports this module before any request of the run is sent.
current().session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))

USER_KEYS = {"id", "username", "displayName", "email", "role"}
FLOW_KEYS = {"id", "name", "description", "status", "createdAt", "updatedAt"}
CONVERSATION_KEYS = {
    "id",
    "waPhoneNumber",
    "customerName",
    "flowId",
    "status",
    "lastMessage",
    "startedAt",
    "lastCustomerMessageAt",
}
STATS_KEYS = {
    "total",
    "active",
    "pending",
    "closed",
    "windowOpen",
    "messagesSent",
    "messagesReceived",
}
#: A made-up flow and a fictional phone: a trigger naming them can reach nobody.
NO_FLOW = missing_uuid("flow")
NOBODY = fictional_phone("nobody")
RE_ENGAGEMENT = (
    "(#131047) Re-engagement message: Message failed to send because more than 24 hours "
    "have passed since the customer last replied to this number."
)
#: How many conversations the scenarios read to find the test phone's.
SCAN = 200


def answer(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, f"{response.status_code}: {response.text[:300]}"
    return response.json()


def error(message: str) -> dict[str, str]:
    return {"error": message}


def option(run: Run, name: str) -> str:
    return str(run.settings.option(f"flowbot_{name}"))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def signed(secret: str, body: bytes) -> dict[str, str]:
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-Signature-256": signature}


def conversation_with(client: Client, phone: str) -> dict[str, Any]:
    """The user's most recent conversation with `phone`."""
    listed = answer(client.get("/api/conversations", params={"limit": SCAN}))
    found = [c for c in listed if c["waPhoneNumber"] == phone]
    assert found, f"no conversation with {phone} among the {len(listed)} most recent"
    return found[0]


def trigger_body(run: Run, data: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "phone": option(run, "test_phone"),
        "flowId": option(run, "flow_id"),
        "data": data,
    }
    if run.settings.option("flowbot_template_group_id"):
        body["templateGroupId"] = option(run, "template_group_id")
    return body


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


# -- sending to the test phone ------------------------------------------------------------------


@pytest.mark.writes
@pytest.mark.needs("flowbot_flow_id", "flowbot_test_phone")
def test_an_outbound_trigger_answers_as_documented_and_opens_a_conversation(
    client: Client, run: Run, unique: str
) -> None:
    phone, flow_id = option(run, "test_phone"), option(run, "flow_id")
    body = trigger_body(run, {"customerName": unique})
    response = client.post("/api/webhook/outbound", json=body)
    assert answer(response) == {
        "success": True,
        "message": f"Outbound flow triggered for {phone}",
        "flowId": flow_id,
    }
    conversation = conversation_with(client, phone)
    assert (conversation["flowId"], conversation["customerName"]) == (flow_id, unique)
    assert conversation["status"] in ("active", "pending")


@pytest.mark.writes
@pytest.mark.needs("flowbot_flow_id", "flowbot_outbound_token", "flowbot_test_phone")
def test_the_flows_outbound_token_triggers_it(client: Client, run: Run) -> None:
    phone, flow_id = option(run, "test_phone"), option(run, "flow_id")
    token = bearer(option(run, "outbound_token"))
    response = client.post(
        "/api/webhook/outbound", auth=False, headers=token, json=trigger_body(run, {})
    )
    assert answer(response) == {
        "success": True,
        "message": f"Outbound flow triggered for {phone}",
        "flowId": flow_id,
    }


@pytest.mark.writes
@pytest.mark.needs("flowbot_flow_id", "flowbot_hmac_secret", "flowbot_test_phone")
def test_a_signed_lead_starts_the_flow_and_lists_its_variables(
    client: Client, run: Run, unique: str
) -> None:
    phone = option(run, "test_phone")
    body = json.dumps({"phone": phone, "name": unique, "source": "zz-fsbx-kit"}).encode()
    path = f"/api/webhook/flow/{option(run, 'flow_id')}/lead"
    response = client.post(
        path, auth=False, headers=signed(option(run, "hmac_secret"), body), data=body
    )
    assert answer(response) == {
        "success": True,
        "message": "Lead received and flow started",
        "variables": ["phone", "name", "source"],
    }
    assert conversation_with(client, phone)["flowId"] == option(run, "flow_id")


@pytest.mark.writes
@pytest.mark.needs("flowbot_flow_id", "flowbot_test_phone", "flowbot_template")
def test_replies_follow_the_24_hour_rule(client: Client, run: Run) -> None:
    answer(client.post("/api/webhook/outbound", json=trigger_body(run, {})))
    conversation = conversation_with(client, option(run, "test_phone"))
    path = f"/api/conversations/{conversation['id']}/reply"
    name, _, language = option(run, "template").partition(":")
    template = {"messageType": "template", "templateName": name, "templateLanguage": language}

    sent = answer(client.post(path, json=template))  # templates are always allowed
    assert set(sent) == {"success", "messageId", "windowOpen"} and sent["success"] is True
    assert WAMID.match(sent["messageId"]) and len(sent["messageId"]) <= 128
    assert isinstance(sent["windowOpen"], bool)

    bad = client.post(path, json={"messageType": "sticker"})
    assert answer(bad, 400) == error(
        "messageType must be one of: text, image, video, document, template"
    )
    text = client.post(path, json={"messageType": "text", "text": "zz-fsbx: a kit test"})
    if sent["windowOpen"]:
        replied = answer(text)
        assert (replied["success"], replied["windowOpen"]) == (True, True)
        assert replied["messageId"] != sent["messageId"]
    else:
        assert answer(text, 400) == error(RE_ENGAGEMENT)


# -- the customer's side (a flow-sandbox's control API) ------------------------------------------


class Control:
    """The control API of the sandbox under test, for one workspace."""

    def __init__(self, client: Client, run: Run) -> None:
        self.client = client
        self.url = control_url(run.target.base_url, "flowbot")
        self.workspace = option(run, "sandbox_workspace")

    def outbox(self, conversation: str) -> list[dict[str, Any]]:
        params = {"platform": "flowbot", "workspace": self.workspace}
        response = self.client.get(
            f"{self.url}/outbox",
            auth=False,
            headers=control_headers(),
            params={**params, "conversation": conversation},
        )
        messages: list[dict[str, Any]] = answer(response)["messages"]
        return messages

    def inbound(self, conversation: str, text: str) -> dict[str, Any]:
        body = {
            "platform": "flowbot",
            "workspace": self.workspace,
            "conversation": conversation,
            "text": text,
        }
        message: dict[str, Any] = answer(
            self.client.post(
                f"{self.url}/inbound", auth=False, headers=control_headers(), json=body
            ),
            201,
        )["message"]
        return message


@pytest.mark.writes
@pytest.mark.needs("flowbot_sandbox_workspace", "flowbot_flow_id")
def test_a_closed_window_gets_the_template_first_and_the_reply_resumes_the_flow(
    client: Client, run: Run, unique: str
) -> None:
    control = Control(client, run)
    # A new number (sandbox only: nothing leaves it), so the window is closed.
    phone = "+97250" + f"{int(hashlib.sha1(unique.encode()).hexdigest(), 16) % 10**7:07d}"
    body = {**trigger_body(run, {"customerName": unique}), "phone": phone}
    answer(client.post("/api/webhook/outbound", json=body))
    conversation = conversation_with(client, phone)
    assert (conversation["status"], conversation["lastCustomerMessageAt"]) == ("pending", None)
    [template] = control.outbox(phone)
    assert template["type"] == "template" and template["to"] == phone

    path = f"/api/conversations/{conversation['id']}/reply"
    refused = client.post(path, json={"messageType": "text", "text": "zz-fsbx"})
    assert answer(refused, 400) == error(RE_ENGAGEMENT)
    assert control.outbox(phone) == [template]  # nothing was sent

    control.inbound(phone, "zz-fsbx: the customer answers")
    resumed = control.outbox(phone)
    assert [m["type"] for m in resumed] == ["template", "text"]  # the flow's first message
    assert unique in resumed[-1]["text"]
    conversation = conversation_with(client, phone)
    assert conversation["status"] == "active"
    assert conversation["lastCustomerMessageAt"] is not None

    replied = answer(client.post(path, json={"messageType": "text", "text": "zz-fsbx"}))
    assert replied["windowOpen"] is True
    assert control.outbox(phone)[-1]["messageId"] == replied["messageId"]


# -- generated flows (the API cannot delete them) -------------------------------------------------


@pytest.mark.permanent
def test_a_generated_flow_is_a_listed_draft_in_drawflows_format(
    client: Client, run: Run, unique: str
) -> None:
    prompt = f"Create a flow named {unique}. Greet the customer. What is your name?"
    response = client.post("/api/flows/generate", files={"prompt": (None, prompt)})
    body = answer(response)
    flow = body["flow"]
    run.session.created.append(Created("flows", str(flow["id"])))
    assert set(body) == {"success", "flow", "nodeCount", "message"} and body["success"] is True
    assert set(flow) == {"id", "name", "status", "drawflowData"}
    assert flow["status"] == "draft"
    uuid.UUID(flow["id"])
    assert drawflow_problems(flow["drawflowData"]) == []
    nodes = flow["drawflowData"]["drawflow"]["Home"]["data"]
    assert all(set(node) == DRAWFLOW_NODE_KEYS for node in nodes.values())
    assert body["nodeCount"] == len(nodes)
    assert body["message"] == f"Flow generated with {len(nodes)} nodes"
    listed = {f["id"]: f for f in answer(client.get("/api/flows"))}
    assert listed[flow["id"]]["status"] == "draft"
    assert listed[flow["id"]]["name"] == flow["name"]
