"""Conversations: the list (with its optional statistics) and replies under WhatsApp's
24-hour customer-service window (error 131047 outside it; templates always)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flowbot.helpers import (
    AVI,
    AVI_PHONE,
    DANA,
    DANA_PHONE,
    LEADS,
    NOW,
    ORDERS,
    RE_ENGAGEMENT,
    RONIT,
    RONIT_PHONE,
    SUPPORT,
    WAMID_PATTERN,
    YOSSI,
    YOSSI_PHONE,
    FlowBotClient,
    error,
    inbound,
    outbox,
    sends_nothing,
)

DANA_ROW = {
    "id": DANA,
    "waPhoneNumber": DANA_PHONE,
    "customerName": "Dana Levi",
    "flowId": ORDERS,
    "status": "active",
    "lastMessage": "Hi Dana Levi! Your order ORD-1001 is on its way. Reply 1 to track it or 2 to "
    "talk to us.",
    "startedAt": "2026-02-28T09:00:00.000Z",
    "lastCustomerMessageAt": "2026-03-01T10:15:00.000Z",
}
YOSSI_ROW = {
    "id": YOSSI,
    "waPhoneNumber": YOSSI_PHONE,
    "customerName": "Yossi Mizrahi",
    "flowId": LEADS,
    "status": "pending",
    "lastMessage": "Hi! Thanks for contacting Shefa Home. Reply to this message and a consultant "
    "will continue the conversation here.",
    "startedAt": "2026-02-27T18:40:00.000Z",
    "lastCustomerMessageAt": None,
}
RONIT_ROW = {
    "id": RONIT,
    "waPhoneNumber": RONIT_PHONE,
    "customerName": "Ronit Ben-David",
    "flowId": ORDERS,
    "status": "closed",
    "lastMessage": "Great, thanks!",
    "startedAt": "2026-02-20T13:05:00.000Z",
    "lastCustomerMessageAt": "2026-02-20T13:09:10.000Z",
}
TEXT = {"messageType": "text", "text": "Your parcel arrives tomorrow between 9 and 12."}


def sent(response: Any, window_open: bool) -> str:
    """The wamid of a successful reply, after checking the rest of the answer."""
    assert response.status_code == 200, response.json
    body = dict(response.json)
    message_id = body.pop("messageId")
    assert re.fullmatch(WAMID_PATTERN, message_id)
    assert body == {"success": True, "windowOpen": window_open}
    return message_id


# -- the list ------------------------------------------------------------------------------


def test_the_list_is_the_users_conversations_most_recent_first(noa: FlowBotClient) -> None:
    response = noa.get("/api/conversations")

    assert (response.status_code, response.json) == (200, [DANA_ROW, YOSSI_ROW, RONIT_ROW])


def test_another_user_sees_only_their_own(maya: FlowBotClient) -> None:
    assert maya.get("/api/conversations").json == [
        {
            "id": AVI,
            "waPhoneNumber": AVI_PHONE,
            "customerName": "Avi Katz",
            "flowId": SUPPORT,
            "status": "active",
            "lastMessage": "Sorry to hear that, Avi! Could you send us a photo?",
            "startedAt": "2026-03-01T08:20:00.000Z",
            "lastCustomerMessageAt": "2026-03-01T08:20:00.000Z",
        }
    ]


def test_limit_keeps_the_most_recent(noa: FlowBotClient) -> None:
    assert noa.get("/api/conversations", limit=2).json == [DANA_ROW, YOSSI_ROW]
    assert noa.get("/api/conversations", limit=1000).json == [DANA_ROW, YOSSI_ROW, RONIT_ROW]


def test_new_activity_moves_a_conversation_to_the_top(
    client: Client, sandbox: Sandbox, noa: FlowBotClient
) -> None:
    sandbox.clock.advance(60)
    inbound(client, RONIT, "Is the sofa back in stock?")

    listed = noa.get("/api/conversations").json

    assert [row["id"] for row in listed] == [RONIT, DANA, YOSSI]
    assert listed[0] == {
        **RONIT_ROW,
        "status": "active",
        "lastMessage": "Is the sofa back in stock?",
        "lastCustomerMessageAt": "2026-03-01T12:01:00.000Z",
    }


@pytest.mark.parametrize("limit", ["0", "-1", "ten", "1.5"])
def test_a_bad_limit_is_refused(noa: FlowBotClient, limit: str) -> None:
    response = noa.get("/api/conversations", limit=limit)

    assert (response.status_code, response.json) == (
        400,
        error("limit must be a positive integer"),
    )


@pytest.mark.parametrize("flag", ["true", "1", "TRUE"])
def test_statistics_come_with_the_list_on_request(noa: FlowBotClient, flag: str) -> None:
    response = noa.get("/api/conversations", stats=flag, limit=1)

    assert (response.status_code, response.json) == (
        200,
        {
            "conversations": [DANA_ROW],
            "stats": {
                "total": 3,
                "active": 1,
                "pending": 1,
                "closed": 1,
                "windowOpen": 1,
                "messagesSent": 4,
                "messagesReceived": 3,
            },
        },
    )


def test_statistics_false_is_the_plain_list(noa: FlowBotClient) -> None:
    assert noa.get("/api/conversations", stats="false").json == [DANA_ROW, YOSSI_ROW, RONIT_ROW]


# -- replies inside and outside the window ---------------------------------------------------


def test_a_text_inside_the_window_is_sent(client: Client, noa: FlowBotClient) -> None:
    message_id = sent(noa.post(f"/api/conversations/{DANA}/reply", TEXT), window_open=True)

    assert outbox(client, DANA)[-1] == {
        "messageId": message_id,
        "conversationId": DANA,
        "to": DANA_PHONE,
        "type": "text",
        "text": "Your parcel arrives tomorrow between 9 and 12.",
        "timestamp": NOW,
    }
    assert noa.get("/api/conversations").json[0]["lastMessage"] == TEXT["text"]


@pytest.mark.parametrize(
    ("body", "content"),
    [
        (
            {"messageType": "image", "mediaUrl": "https://cdn.shefa-home.co.il/p/1.jpg"},
            {"type": "image", "mediaUrl": "https://cdn.shefa-home.co.il/p/1.jpg", "caption": None},
        ),
        (
            {
                "messageType": "video",
                "mediaUrl": "http://cdn.shefa-home.co.il/v/assembly.mp4",
                "caption": "How to assemble it",
            },
            {
                "type": "video",
                "mediaUrl": "http://cdn.shefa-home.co.il/v/assembly.mp4",
                "caption": "How to assemble it",
            },
        ),
        (
            {
                "messageType": "document",
                "mediaUrl": "https://cdn.shefa-home.co.il/invoices/1001.pdf",
                "filename": "invoice-1001.pdf",
            },
            {
                "type": "document",
                "mediaUrl": "https://cdn.shefa-home.co.il/invoices/1001.pdf",
                "caption": None,
                "filename": "invoice-1001.pdf",
            },
        ),
    ],
)
def test_media_inside_the_window_is_sent(
    client: Client, noa: FlowBotClient, body: dict[str, Any], content: dict[str, Any]
) -> None:
    message_id = sent(noa.post(f"/api/conversations/{DANA}/reply", body), window_open=True)

    assert outbox(client, DANA)[-1] == {
        "messageId": message_id,
        "conversationId": DANA,
        "to": DANA_PHONE,
        **content,
        "timestamp": NOW,
    }


@pytest.mark.parametrize(
    "body",
    [
        TEXT,
        {"messageType": "image", "mediaUrl": "https://cdn.shefa-home.co.il/p/1.jpg"},
        {"messageType": "document", "mediaUrl": "https://cdn.shefa-home.co.il/d.pdf"},
    ],
)
@pytest.mark.parametrize("conversation", [RONIT, YOSSI])
def test_a_free_form_message_outside_the_window_is_refused_as_whatsapp_does(
    client: Client, noa: FlowBotClient, body: dict[str, Any], conversation: str
) -> None:
    path = f"/api/conversations/{conversation}/reply"
    assert sends_nothing(client, noa, path, body) == (400, error(RE_ENGAGEMENT))


def test_a_template_is_sent_outside_the_window(client: Client, noa: FlowBotClient) -> None:
    response = noa.post(
        f"/api/conversations/{RONIT}/reply",
        {
            "messageType": "template",
            "templateName": "order_update",
            "templateLanguage": "he",
            "templateParams": ["ORD-12345", "נשלחה"],
        },
    )

    message_id = sent(response, window_open=False)
    assert outbox(client, RONIT)[-1] == {
        "messageId": message_id,
        "conversationId": RONIT,
        "to": RONIT_PHONE,
        "type": "template",
        "template": {"name": "order_update", "language": "he", "params": ["ORD-12345", "נשלחה"]},
        "text": "שלום! יש עדכון בהזמנה ORD-12345: נשלחה. השיבו להודעה זו לפרטים.",
        "timestamp": NOW,
    }


def test_a_template_inside_the_window_says_so(noa: FlowBotClient) -> None:
    response = noa.post(
        f"/api/conversations/{DANA}/reply",
        {"messageType": "template", "templateName": "verification_code", "templateParams": ["1"]},
    )

    sent(response, window_open=True)


def test_the_window_closes_24_hours_after_the_customers_last_message(
    sandbox: Sandbox, noa: FlowBotClient
) -> None:
    # Dana wrote at 10:15; the sandbox clock stands at 12:00.
    sandbox.clock.advance(22 * 3600 + 15 * 60 - 1)
    sent(noa.post(f"/api/conversations/{DANA}/reply", TEXT), window_open=True)

    sandbox.clock.advance(1)
    response = noa.post(f"/api/conversations/{DANA}/reply", TEXT)

    assert (response.status_code, response.json) == (400, error(RE_ENGAGEMENT))


def test_the_customers_message_reopens_the_window(client: Client, noa: FlowBotClient) -> None:
    assert noa.post(f"/api/conversations/{RONIT}/reply", TEXT).status_code == 400

    inbound(client, RONIT_PHONE, "Hello again")

    sent(noa.post(f"/api/conversations/{RONIT}/reply", TEXT), window_open=True)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "messageType must be one of: text, image, video, document, template"),
        (
            {"messageType": "audio"},
            "messageType must be one of: text, image, video, document, template",
        ),
        ({"messageType": "text"}, "text is required"),
        ({"messageType": "text", "text": "   "}, "text is required"),
        ({"messageType": "text", "text": 5}, "text is required"),
        ({"messageType": "text", "text": "x" * 4097}, "text must be at most 4096 characters"),
        ({"messageType": "image"}, "mediaUrl is required"),
        (
            {"messageType": "video", "mediaUrl": "ftp://x/y.mp4"},
            "mediaUrl must be an http or https URL",
        ),
        (
            {"messageType": "image", "mediaUrl": "photo.jpg"},
            "mediaUrl must be an http or https URL",
        ),
        (
            {"messageType": "image", "mediaUrl": "https://x.io/a.png", "caption": 1},
            "caption must be a string",
        ),
        (
            {"messageType": "image", "mediaUrl": "https://x.io/a.png", "caption": "x" * 1025},
            "caption must be at most 1024 characters",
        ),
        (
            {"messageType": "document", "mediaUrl": "https://x.io/a.pdf", "filename": ["a"]},
            "filename must be a string",
        ),
        ({"messageType": "template"}, "templateName is required"),
        (
            {"messageType": "template", "templateName": "order_update", "templateLanguage": ""},
            "templateLanguage must be a language code, e.g. en",
        ),
        (
            {"messageType": "template", "templateName": "order_update", "templateParams": "A"},
            "templateParams must be an array of strings",
        ),
        (
            {"messageType": "template", "templateName": "order_update", "templateParams": [True]},
            "templateParams must be an array of strings",
        ),
        (
            {"messageType": "template", "templateName": "order_confirmed"},
            "(#132001) Template name does not exist in the translation: order_confirmed (en).",
        ),
        (
            {
                "messageType": "template",
                "templateName": "verification_code",
                "templateLanguage": "he",
            },
            "(#132001) Template name does not exist in the translation: verification_code (he).",
        ),
        (
            # Maya's template: the conversation's owner (Noa) has no such template.
            {
                "messageType": "template",
                "templateName": "support_followup",
                "templateParams": ["A"],
            },
            "(#132001) Template name does not exist in the translation: support_followup (en).",
        ),
        (
            {"messageType": "template", "templateName": "order_update", "templateParams": ["A"]},
            "(#132000) Number of parameters does not match the expected number of params: "
            "template order_update (en) expects 2, got 1.",
        ),
    ],
)
def test_a_bad_reply_is_refused_and_sends_nothing(
    client: Client, noa: FlowBotClient, body: dict[str, Any], message: str
) -> None:
    path = f"/api/conversations/{DANA}/reply"
    assert sends_nothing(client, noa, path, body) == (400, error(message))


def test_a_bad_message_is_its_own_error_even_outside_the_window(noa: FlowBotClient) -> None:
    response = noa.post(f"/api/conversations/{RONIT}/reply", {"messageType": "text"})

    assert (response.status_code, response.json) == (400, error("text is required"))


@pytest.mark.parametrize("conversation", ["nope", "00000000-0000-4000-8000-000000000000", DANA])
def test_a_conversation_the_user_cannot_see_is_404(maya: FlowBotClient, conversation: str) -> None:
    # Dana's conversation is Noa's: to Maya (no admin) it does not exist.
    response = maya.post(f"/api/conversations/{conversation}/reply", TEXT)

    assert (response.status_code, response.json) == (404, error("Conversation not found"))


def test_an_admin_replies_in_any_conversation(client: Client, noa: FlowBotClient) -> None:
    response = noa.post(f"/api/conversations/{AVI}/reply", TEXT)

    sent(response, window_open=True)
    assert outbox(client, AVI)[-1]["text"] == TEXT["text"]


def test_the_list_of_another_workspace_is_its_own(
    client: Client, sandbox: Sandbox, noa: FlowBotClient
) -> None:
    other = sandbox.workspaces.create("other")
    credentials = other.credentials_for("flowbot")
    token = client.post(
        "/flowbot/api/auth/api-token",
        json={"clientId": credentials["client_id"], "apiKey": credentials["api_key"]},
    ).json["accessToken"]
    theirs = FlowBotClient(client, {"Authorization": f"Bearer {token}"})

    assert theirs.get("/api/conversations").json == []
    response = theirs.post(f"/api/conversations/{DANA}/reply", TEXT)
    assert (response.status_code, response.json) == (404, error("Conversation not found"))
