"""Flochat through the control API: `/_sandbox/outbox` lists what the API "sent" (a
conversation is a subscriber's user_ns) and `/_sandbox/inbound` simulates a subscriber
writing, which opens WhatsApp's 24-hour window for free-form messages."""

from __future__ import annotations

from typing import Any

from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flochat.helpers import FlochatClient, answer, error
from tests.platforms.flochat.test_messaging_support import NOW, RE_ENGAGEMENT, team

__all__ = ["team"]  # the fixture, used by name


def outbox(client: Client, **query: str) -> Any:
    response = client.get("/_sandbox/outbox", query_string={"platform": "flochat", **query})
    assert response.status_code == 200, response.json
    return response.json


def inbound(client: Client, conversation: str, text: str) -> Any:
    body = {"platform": "flochat", "conversation": conversation, "text": text}
    return client.post("/_sandbox/inbound", json=body)


def test_a_subscriber_who_writes_opens_the_window_and_the_reply_is_in_the_outbox(
    client: Client, flochat: FlochatClient, team: Sandbox
) -> None:
    # Diego (f123u2) never wrote: a free-form message is refused as WhatsApp refuses it.
    refused = flochat.post("/subscriber/send-text", {"user_ns": "f123u2", "content": "Oi"})
    assert (refused.status_code, refused.json) == (400, error(RE_ENGAGEMENT))

    written = inbound(client, "f123u2", "Ainda tem o vestido azul?")
    assert written.status_code == 201
    message = written.json["message"]
    assert (message["user_ns"], message["type"], message["content"], message["ts"]) == (
        "f123u2",
        "in",
        "Ainda tem o vestido azul?",
        NOW,
    )

    sent = flochat.post("/subscriber/send-text", {"user_ns": "f123u2", "content": "Tem sim!"})
    assert answer(sent) == {"status": "ok"}
    found = outbox(client, conversation="f123u2")["messages"]
    assert [(m["user_ns"], m["type"], m["content"], m["status"]) for m in found] == [
        ("f123u2", "out", "Tem sim!", "sent")
    ]


def test_the_workspace_outbox_holds_every_subscribers_messages(
    client: Client, flochat: FlochatClient, team: Sandbox
) -> None:
    before = len(outbox(client)["messages"])
    assert answer(flochat.post("/subscriber/send-text", {"user_ns": "f123u1", "content": "A"}))
    after = outbox(client)["messages"]
    assert len(after) == before + 1
    assert (after[-1]["user_ns"], after[-1]["content"]) == ("f123u1", "A")


def test_an_unknown_subscriber_is_no_conversation(client: Client, team: Sandbox) -> None:
    response = client.get(
        "/_sandbox/outbox", query_string={"platform": "flochat", "conversation": "f123u99"}
    )
    assert (response.status_code, response.json["message"]) == (
        404,
        "no conversation 'f123u99'",
    )
    written = inbound(client, "f123u99", "Oi")
    assert (written.status_code, written.json["message"]) == (404, "no conversation 'f123u99'")
