"""The triggers: outbound flows and leads, under WhatsApp's 24-hour rule (combined mode),
with a user's JWT, a flow's legacy outbound token, or a signed body (leads)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import pytest
from werkzeug.test import Client, TestResponse

from sandbox.core.sandbox import Sandbox
from tests.platforms.flowbot.helpers import (
    API_KEY,
    CLIENT_ID,
    DANA,
    DANA_PHONE,
    LEADS,
    LEADS_SECRET,
    LEADS_TOKEN,
    NOW,
    ORDERS,
    ORDERS_SECRET,
    ORDERS_TOKEN,
    RETURNS,
    RONIT,
    RONIT_PHONE,
    SALE,
    SUPPORT,
    WAMID_PATTERN,
    YOSSI,
    FlowBotClient,
    api_token,
    bearer,
    error,
    inbound,
    outbox,
    sends_nothing,
    sign,
)

NEW_PHONE = "+972541234567"
ORDER_UPDATE = "Hi! There is an update on your order {}: {}. Reply to this message for the details."
LEAD_WELCOME = (
    "Hi! Thanks for contacting Shefa Home. Reply to this message and a consultant will "
    "continue the conversation here."
)


def triggered(phone: str, flow: str = ORDERS) -> dict[str, Any]:
    return {"success": True, "message": f"Outbound flow triggered for {phone}", "flowId": flow}


def without_id(message: dict[str, Any]) -> dict[str, Any]:
    assert re.fullmatch(WAMID_PATTERN, message["messageId"]), message["messageId"]
    return {k: v for k, v in message.items() if k != "messageId"}


def conversations(client: FlowBotClient) -> dict[str, dict[str, Any]]:
    """The user's conversations by phone number."""
    return {c["waPhoneNumber"]: c for c in client.get("/api/conversations", limit=200).json}


# -- outbound: the 24-hour window --------------------------------------------------------------


def test_inside_the_window_the_flows_first_message_is_sent(
    client: Client, noa: FlowBotClient
) -> None:
    response = noa.post(
        "/api/webhook/outbound",
        {"phone": DANA_PHONE, "flowId": ORDERS, "data": {"orderId": "ORD-1002"}},
    )

    assert (response.status_code, response.json) == (200, triggered(DANA_PHONE))
    assert [without_id(m) for m in outbox(client, DANA)][-1] == {
        "conversationId": DANA,
        "to": DANA_PHONE,
        "type": "text",
        "text": "Hi Dana Levi! Your order ORD-1002 is on its way. Reply 1 to track it or 2 "
        "to talk to us.",
        "timestamp": NOW,
    }
    assert conversations(noa)[DANA_PHONE]["status"] == "active"


def test_outside_the_window_the_template_goes_first_and_the_flow_waits(
    client: Client, noa: FlowBotClient
) -> None:
    response = noa.post(
        "/api/webhook/outbound",
        {
            "phone": NEW_PHONE,
            "flowId": ORDERS,
            "templateGroupId": "tg_order_update",
            "data": {
                "customerName": "Gil Amar",
                "orderId": "ORD-2001",
                "templateParams": ["ORD-2001", "ready for pickup"],
            },
        },
    )

    assert (response.status_code, response.json) == (200, triggered(NEW_PHONE))
    conversation = conversations(noa)[NEW_PHONE]
    assert {k: v for k, v in conversation.items() if k != "id"} == {
        "waPhoneNumber": NEW_PHONE,
        "customerName": "Gil Amar",
        "flowId": ORDERS,
        "status": "pending",
        "lastMessage": ORDER_UPDATE.format("ORD-2001", "ready for pickup"),
        "startedAt": NOW,
        "lastCustomerMessageAt": None,
    }
    assert [without_id(m) for m in outbox(client, conversation["id"])] == [
        {
            "conversationId": conversation["id"],
            "to": NEW_PHONE,
            "type": "template",
            "template": {
                "name": "order_update",
                "language": "en",
                "params": ["ORD-2001", "ready for pickup"],
            },
            "text": ORDER_UPDATE.format("ORD-2001", "ready for pickup"),
            "timestamp": NOW,
        }
    ]


def test_the_customers_reply_resumes_the_flow_with_its_first_message(
    client: Client, noa: FlowBotClient
) -> None:
    noa.post(
        "/api/webhook/outbound",
        {
            "phone": NEW_PHONE,
            "flowId": ORDERS,
            "templateName": "order_update",
            "data": {"customerName": "Gil", "orderId": "ORD-7", "templateParams": ["ORD-7", "x"]},
        },
    )
    conversation = conversations(noa)[NEW_PHONE]["id"]

    assert inbound(client, conversation, "What is it?").status_code == 201

    sent = outbox(client, conversation)
    assert [m["type"] for m in sent] == ["template", "text"]
    assert sent[1]["text"] == (
        "Hi Gil! Your order ORD-7 is on its way. Reply 1 to track it or 2 to talk to us."
    )
    after = conversations(noa)[NEW_PHONE]
    assert (after["status"], after["lastCustomerMessageAt"]) == ("active", NOW)


@pytest.mark.parametrize(
    ("choice", "name", "language", "params", "text"),
    [
        ({"templateId": "1187302465521908"}, "order_update", "he", ["A", "B"], None),
        ({"templateName": "verification_code"}, "verification_code", "en", ["482913"], None),
        ({"templateGroupId": "tg_verification"}, "verification_code", "en", ["482913"], None),
        ({}, "order_update", "en", ["A", "B"], ORDER_UPDATE.format("A", "B")),  # the default
    ],
)
def test_the_template_is_chosen_by_id_name_group_or_the_flows_default(
    client: Client,
    noa: FlowBotClient,
    choice: dict[str, str],
    name: str,
    language: str,
    params: list[str],
    text: str | None,
) -> None:
    body = {"phone": NEW_PHONE, "flowId": ORDERS, **choice, "data": {"templateParams": params}}

    assert noa.post("/api/webhook/outbound", body).status_code == 200

    [sent] = outbox(client, NEW_PHONE)
    assert sent["template"] == {"name": name, "language": language, "params": params}
    if text is not None:
        assert sent["text"] == text


def test_a_numeric_template_param_is_sent_as_text(client: Client, noa: FlowBotClient) -> None:
    body = {
        "phone": NEW_PHONE,
        "flowId": ORDERS,
        "templateName": "verification_code",
        "data": {"templateParams": [482913]},
    }

    assert noa.post("/api/webhook/outbound", body).status_code == 200
    assert outbox(client, NEW_PHONE)[0]["text"] == "482913 is your Shefa Home verification code."


def test_a_trigger_resumes_the_conversation_with_that_phone(
    client: Client, noa: FlowBotClient
) -> None:
    # Ronit's conversation is closed and her window too: the template reopens it.
    response = noa.post(
        "/api/webhook/outbound",
        {
            "phone": "+972 52-999-8877",
            "flowId": ORDERS,
            "data": {"orderId": "ORD-3", "templateParams": ["ORD-3", "delayed"]},
        },
    )

    assert response.json == triggered(RONIT_PHONE)
    listed = conversations(noa)
    assert len(listed) == 3
    assert (listed[RONIT_PHONE]["id"], listed[RONIT_PHONE]["status"]) == (RONIT, "pending")
    assert outbox(client, RONIT)[-1]["text"] == ORDER_UPDATE.format("ORD-3", "delayed")


def test_each_message_gets_a_new_wamid_of_the_recipient(client: Client, noa: FlowBotClient) -> None:
    for _ in range(2):
        noa.post("/api/webhook/outbound", {"phone": DANA_PHONE, "flowId": ORDERS})

    ids = [m["messageId"] for m in outbox(client, DANA)]
    assert len(set(ids)) == len(ids) == 4
    for wamid in ids[-2:]:
        assert len(wamid) <= 128
        assert re.fullmatch(WAMID_PATTERN, wamid)


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"flowId": ORDERS}, 400, "phone and flowId are required"),
        ({"phone": DANA_PHONE}, 400, "phone and flowId are required"),
        ({"phone": "", "flowId": ORDERS}, 400, "phone and flowId are required"),
        (
            {"phone": "0501234567", "flowId": ORDERS},
            400,
            "Invalid phone number: 0501234567. Use E.164 format, e.g. +972501234567",
        ),
        (
            {"phone": "+97250", "flowId": ORDERS},
            400,
            "Invalid phone number: +97250. Use E.164 format, e.g. +972501234567",
        ),
        (
            {"phone": 972501234567, "flowId": ORDERS},
            400,
            "Invalid phone number: 972501234567. Use E.164 format, e.g. +972501234567",
        ),
        ({"phone": DANA_PHONE, "flowId": ORDERS, "data": []}, 400, "data must be an object"),
        ({"phone": DANA_PHONE, "flowId": "nope"}, 404, "Flow not found"),
        (
            {"phone": DANA_PHONE, "flowId": "00000000-0000-4000-8000-000000000000"},
            404,
            "Flow not found",
        ),
        ({"phone": DANA_PHONE, "flowId": SALE}, 400, "Flow is not active"),
        ({"phone": DANA_PHONE, "flowId": RETURNS}, 400, "Flow is not active"),
        (
            {"phone": DANA_PHONE, "flowId": ORDERS, "templateName": "nope"},
            404,
            "Template not found",
        ),
        (
            {"phone": DANA_PHONE, "flowId": ORDERS, "templateId": "771254096312558"},
            404,
            "Template not found",
        ),
        (
            {"phone": DANA_PHONE, "flowId": ORDERS, "templateGroupId": "tg_lead_welcome"},
            404,
            "Template not found",
        ),
        (
            {
                "phone": NEW_PHONE,
                "flowId": ORDERS,
                "templateName": "order_update",
                "data": {"templateParams": ["only one"]},
            },
            400,
            "(#132000) Number of parameters does not match the expected number of params: "
            "template order_update (en) expects 2, got 1.",
        ),
        (
            {"phone": NEW_PHONE, "flowId": ORDERS, "data": {"templateParams": "A,B"}},
            400,
            "templateParams must be an array of strings",
        ),
    ],
)
def test_a_bad_trigger_is_refused_and_sends_nothing(
    client: Client, noa: FlowBotClient, body: dict[str, Any], status: int, message: str
) -> None:
    assert sends_nothing(client, noa, "/api/webhook/outbound", body) == (status, error(message))
    assert len(conversations(noa)) == 3


def test_a_closed_window_needs_a_template(
    client: Client, sandbox: Sandbox, frozen: datetime
) -> None:
    # A flow without a default template cannot open a closed window by itself.
    flow = {"id": SALE, "name": "No templates", "firstMessage": "Hi"}
    sandbox.load_fixtures({"workspaces": {"default": {"flowbot": {"flows": [flow]}}}})
    user = FlowBotClient(client, bearer(api_token(client, CLIENT_ID, API_KEY)))

    response = user.post("/api/webhook/outbound", {"phone": NEW_PHONE, "flowId": SALE})

    assert (response.status_code, response.json) == (
        400,
        error(
            f"The 24-hour window with {NEW_PHONE} is closed: send templateGroupId, "
            "templateName or templateId to open the conversation with an approved template"
        ),
    )
    assert outbox(client) == []


def test_a_template_is_checked_even_inside_the_window(noa: FlowBotClient) -> None:
    response = noa.post(
        "/api/webhook/outbound", {"phone": DANA_PHONE, "flowId": ORDERS, "templateName": "x"}
    )

    assert (response.status_code, response.json) == (404, error("Template not found"))


# -- outbound: who may trigger ---------------------------------------------------------------


def test_a_user_triggers_only_their_own_flows(maya: FlowBotClient) -> None:
    mine = maya.post("/api/webhook/outbound", {"phone": "+14155550123", "flowId": SUPPORT})
    theirs = maya.post("/api/webhook/outbound", {"phone": DANA_PHONE, "flowId": ORDERS})

    assert (mine.status_code, mine.json) == (200, triggered("+14155550123", SUPPORT))
    assert (theirs.status_code, theirs.json) == (404, error("Flow not found"))


def test_an_admin_triggers_any_flow_of_the_deployment(client: Client, noa: FlowBotClient) -> None:
    response = noa.post("/api/webhook/outbound", {"phone": "+14155550123", "flowId": SUPPORT})

    assert response.json == triggered("+14155550123", SUPPORT)
    # The conversation is the flow owner's (Maya's chat with Avi), resumed.
    assert outbox(client)[-1]["text"] == (
        "Hi Avi Katz, this is Shefa Home support. How can we help?"
    )


def test_a_flows_outbound_token_triggers_that_flow(client: Client, deployed: None) -> None:
    legacy = FlowBotClient(client, bearer(ORDERS_TOKEN))

    response = legacy.post("/api/webhook/outbound", {"phone": DANA_PHONE, "flowId": ORDERS})
    other = legacy.post("/api/webhook/outbound", {"phone": DANA_PHONE, "flowId": LEADS})
    unknown = legacy.post("/api/webhook/outbound", {"phone": DANA_PHONE, "flowId": "nope"})

    assert (response.status_code, response.json) == (200, triggered(DANA_PHONE))
    assert (other.status_code, other.json) == (403, error("This token is not valid for this flow"))
    assert (unknown.status_code, unknown.json) == (
        403,
        error("This token is not valid for this flow"),
    )


def test_an_unknown_outbound_token_is_refused(client: Client, deployed: None) -> None:
    response = FlowBotClient(client, bearer("0" * 48)).post(
        "/api/webhook/outbound", {"phone": DANA_PHONE, "flowId": ORDERS}
    )

    assert (response.status_code, response.json) == (401, error("Invalid or expired token"))


# -- leads ---------------------------------------------------------------------------------

LEAD = {
    "phone": NEW_PHONE,
    "name": "Tamar Golan",
    "email": "tamar@example.com",
    "source": "website",
    "product": "Premium Plan",
}
LEAD_ANSWER = {
    "success": True,
    "message": "Lead received and flow started",
    "variables": ["phone", "name", "email", "source", "product"],
}


def test_a_lead_starts_the_flow_and_lists_its_variables(client: Client, noa: FlowBotClient) -> None:
    response = noa.post(f"/api/webhook/flow/{LEADS}/lead", LEAD)

    assert (response.status_code, response.json) == (200, LEAD_ANSWER)
    conversation = conversations(noa)[NEW_PHONE]
    assert (conversation["customerName"], conversation["flowId"], conversation["status"]) == (
        "Tamar Golan",
        LEADS,
        "pending",
    )
    [template] = outbox(client, conversation["id"])
    assert (template["template"], template["text"]) == (
        {"name": "lead_welcome", "language": "en", "params": []},
        LEAD_WELCOME,
    )
    # The lead's fields are the flow's variables once the customer answers.
    inbound(client, conversation["id"], "Hi!")
    assert outbox(client, conversation["id"])[-1]["text"] == (
        "Hi Tamar Golan, thanks for your interest in Premium Plan! When would be a good time "
        "for a short call?"
    )


def test_a_lead_inside_the_window_gets_the_first_message(
    client: Client, noa: FlowBotClient
) -> None:
    response = noa.post(
        f"/api/webhook/flow/{LEADS}/lead", {"phone": DANA_PHONE, "product": "Duvet"}
    )

    assert response.json == {**LEAD_ANSWER, "variables": ["phone", "product"]}
    assert outbox(client, DANA)[-1]["text"] == (
        "Hi {{name}}, thanks for your interest in Duvet! When would be a good time for a short "
        "call?"
    )


def signed_post(client: Client, path: str, body: bytes, signature: str) -> TestResponse:
    """POST raw JSON `body` to /flowbot`path` with `signature` as its X-Signature-256."""
    headers = {"Content-Type": "application/json", "X-Signature-256": signature}
    return client.post(f"/flowbot{path}", data=body, headers=headers)


@pytest.mark.parametrize("prefix", ["sha256=", "", "SHA256="])
@pytest.mark.parametrize("upper", [False, True])
def test_a_signed_lead_needs_no_token(
    client: Client, deployed: None, prefix: str, upper: bool
) -> None:
    body = json.dumps(LEAD).encode()
    signature = sign(LEADS_SECRET, body)

    response = signed_post(
        client,
        f"/api/webhook/flow/{LEADS}/lead",
        body,
        prefix + (signature.upper() if upper else signature),
    )

    assert (response.status_code, response.json) == (200, LEAD_ANSWER)


@pytest.mark.parametrize(
    "signature",
    [
        sign(ORDERS_SECRET, json.dumps(LEAD).encode()),  # another flow's secret
        sign(LEADS_SECRET, json.dumps({**LEAD, "name": "Someone else"}).encode()),
        "sha256=",
        "not hex at all",
    ],
)
def test_a_wrong_signature_is_refused(client: Client, deployed: None, signature: str) -> None:
    response = signed_post(
        client, f"/api/webhook/flow/{LEADS}/lead", json.dumps(LEAD).encode(), signature
    )

    assert (response.status_code, response.json) == (401, error("Invalid signature"))


def test_a_signature_for_an_unknown_flow_is_404(client: Client, deployed: None) -> None:
    body = json.dumps(LEAD).encode()

    path = "/api/webhook/flow/00000000-0000-4000-8000-000000000000/lead"
    response = signed_post(client, path, body, sign(LEADS_SECRET, body))

    assert (response.status_code, response.json) == (404, error("Flow not found"))


def test_a_signature_is_no_credential_for_outbound(client: Client, deployed: None) -> None:
    body = json.dumps({"phone": DANA_PHONE, "flowId": ORDERS}).encode()

    response = signed_post(client, "/api/webhook/outbound", body, sign(ORDERS_SECRET, body))

    assert (response.status_code, response.json) == (401, error("Authentication required"))


def test_a_lead_with_a_flows_outbound_token(client: Client, deployed: None) -> None:
    legacy = FlowBotClient(client, bearer(LEADS_TOKEN))

    mine = legacy.post(f"/api/webhook/flow/{LEADS}/lead", LEAD)
    other = legacy.post(f"/api/webhook/flow/{ORDERS}/lead", LEAD)

    assert (mine.status_code, mine.json) == (200, LEAD_ANSWER)
    assert (other.status_code, other.json) == (403, error("This token is not valid for this flow"))


def test_template_params_of_a_lead_fill_the_default_template(
    client: Client, noa: FlowBotClient
) -> None:
    response = noa.post(
        f"/api/webhook/flow/{ORDERS}/lead",
        {"phone": NEW_PHONE, "orderId": "ORD-9", "templateParams": ["ORD-9", "packed"]},
    )

    assert response.json == {**LEAD_ANSWER, "variables": ["phone", "orderId"]}
    assert outbox(client, NEW_PHONE)[0]["text"] == ORDER_UPDATE.format("ORD-9", "packed")


@pytest.mark.parametrize(
    ("flow", "body", "status", "message"),
    [
        (LEADS, {"name": "No phone"}, 400, "phone is required"),
        (
            LEADS,
            {"phone": "+1 234"},
            400,
            "Invalid phone number: +1 234. Use E.164 format, e.g. +972501234567",
        ),
        (SALE, {"phone": NEW_PHONE}, 400, "Flow is not active"),
        ("nope", {"phone": NEW_PHONE}, 404, "Flow not found"),
        (
            ORDERS,
            {"phone": NEW_PHONE},
            400,
            "(#132000) Number of parameters does not match the expected number of params: "
            "template order_update (en) expects 2, got 0.",
        ),
    ],
)
def test_a_bad_lead_is_refused_and_sends_nothing(
    client: Client, noa: FlowBotClient, flow: str, body: dict[str, Any], status: int, message: str
) -> None:
    path = f"/api/webhook/flow/{flow}/lead"
    assert sends_nothing(client, noa, path, body) == (status, error(message))


def test_a_user_sends_leads_to_their_own_flows_only(maya: FlowBotClient) -> None:
    response = maya.post(f"/api/webhook/flow/{LEADS}/lead", LEAD)

    assert (response.status_code, response.json) == (404, error("Flow not found"))


def test_the_yossi_lead_waits_for_its_reply(client: Client, noa: FlowBotClient) -> None:
    # The fixture's pending conversation resumes when Yossi answers.
    inbound(client, YOSSI, "Tomorrow morning works")

    assert outbox(client, YOSSI)[-1]["text"] == (
        "Hi Yossi Mizrahi, thanks for your interest in Premium Mattress! When would be a good "
        "time for a short call?"
    )
