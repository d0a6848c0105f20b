"""The control API on FlowBot: `/_sandbox/outbox` lists what the workspace "sent" and
`/_sandbox/inbound` simulates a customer's message (by conversation id or phone)."""

from __future__ import annotations

from datetime import datetime

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flowbot.helpers import (
    AVI,
    AVI_PHONE,
    DANA,
    DANA_PHONE,
    NOW,
    RONIT,
    RONIT_PHONE,
    YOSSI,
    YOSSI_PHONE,
    FlowBotClient,
    inbound,
    outbox,
)

DANA_SENT = [
    {
        "messageId": "wamid.HBgMOTcyNTAxMjM0NTY3FQIAERgUOTQ0OENGMzA2NkREQjEyNjczODYA",
        "conversationId": DANA,
        "to": DANA_PHONE,
        "type": "template",
        "template": {"name": "order_update", "language": "en", "params": ["ORD-1001", "shipped"]},
        "text": "Hi! There is an update on your order ORD-1001: shipped. Reply to this message "
        "for the details.",
        "timestamp": "2026-02-28T09:00:00.000Z",
    },
    {
        "messageId": "wamid.HBgMOTcyNTAxMjM0NTY3FQIAERgUMzYwNzE4OEFDRTU4Mzk1ODNBNTcA",
        "conversationId": DANA,
        "to": DANA_PHONE,
        "type": "text",
        "text": "Hi Dana Levi! Your order ORD-1001 is on its way. Reply 1 to track it or 2 to "
        "talk to us.",
        "timestamp": "2026-03-01T10:15:02.000Z",
    },
]


def test_the_outbox_lists_every_sent_message_oldest_first(client: Client, deployed: None) -> None:
    messages = outbox(client)

    # By time across conversations, not in the order the fixture lists them.
    assert [(m["conversationId"], m["timestamp"]) for m in messages] == [
        (RONIT, "2026-02-20T13:07:30.000Z"),
        (YOSSI, "2026-02-27T18:40:00.000Z"),
        (DANA, "2026-02-28T09:00:00.000Z"),
        (AVI, "2026-03-01T08:25:00.000Z"),
        (DANA, "2026-03-01T10:15:02.000Z"),
    ]
    assert [messages[2], messages[4]] == DANA_SENT


def test_the_outbox_of_one_conversation_by_id_or_phone(client: Client, deployed: None) -> None:
    assert outbox(client, DANA) == DANA_SENT
    assert outbox(client, DANA_PHONE) == DANA_SENT
    assert outbox(client, "+972 50-123-4567") == DANA_SENT


def test_an_inbound_message_is_recorded_and_opens_the_window(
    client: Client, sandbox: Sandbox, noa: FlowBotClient
) -> None:
    sandbox.clock.advance(30)

    response = inbound(client, RONIT, "Is the sofa back in stock?")

    assert response.status_code == 201
    message = response.json["message"]
    assert message.pop("messageId").startswith("wamid.HBgMOTcyNTI5OTk4ODc3")
    assert message == {
        "conversationId": RONIT,
        "from": RONIT_PHONE,
        "type": "text",
        "text": "Is the sofa back in stock?",
        "timestamp": "2026-03-01T12:00:30.000Z",
    }
    row = next(c for c in noa.get("/api/conversations").json if c["id"] == RONIT)
    assert (row["status"], row["lastCustomerMessageAt"], row["lastMessage"]) == (
        "active",
        "2026-03-01T12:00:30.000Z",
        "Is the sofa back in stock?",
    )
    # An inbound message is not in the outbox: nothing was sent.
    assert [m["timestamp"] for m in outbox(client, RONIT)] == ["2026-02-20T13:07:30.000Z"]


def test_by_phone_the_message_goes_to_the_most_recent_conversation(
    client: Client, sandbox: Sandbox, deployed: None
) -> None:
    response = inbound(client, AVI_PHONE, "Here is the photo")

    assert response.json["message"]["conversationId"] == AVI


def test_a_reply_to_a_pending_conversation_resumes_its_flow(client: Client, deployed: None) -> None:
    inbound(client, YOSSI_PHONE, "Hi, call me at 5")

    last = outbox(client, YOSSI)[-1]
    assert (last["type"], last["timestamp"]) == ("text", NOW)


@pytest.mark.parametrize(
    "conversation", ["nope", "+972500000000", "00000000-0000-4000-8000-000000000000"]
)
def test_an_unknown_conversation_is_404(client: Client, deployed: None, conversation: str) -> None:
    outbox_response = client.get(
        "/_sandbox/outbox", query_string={"platform": "flowbot", "conversation": conversation}
    )
    inbound_response = inbound(client, conversation, "Hi")

    expected = {"code": 404, "status": "Not Found", "message": f"no conversation {conversation!r}"}
    assert (outbox_response.status_code, outbox_response.json) == (404, expected)
    assert (inbound_response.status_code, inbound_response.json) == (404, expected)


def test_an_empty_inbound_text_is_refused_and_changes_nothing(
    client: Client, deployed: None
) -> None:
    response = inbound(client, RONIT, "   ")

    assert (response.status_code, response.json) == (
        400,
        {"code": 400, "status": "Bad Request", "message": "text must not be empty"},
    )
    assert inbound(client, RONIT, "ok").json["message"]["conversationId"] == RONIT


def test_each_workspace_has_its_own_outbox(
    client: Client, sandbox: Sandbox, frozen: datetime
) -> None:
    sandbox.workspaces.create("other")

    assert outbox(client, workspace="other") == []
    response = inbound(client, DANA, "Hi", workspace="other")
    assert response.status_code == 404
