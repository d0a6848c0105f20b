"""`/_sandbox/outbox` and `/_sandbox/inbound`: the control API's view of what messaging
platforms "send" and its way to simulate a customer's message. The platform side is a
hook (`Platform.conversations`); here a recording fake stands in for it, and each
platform's own tests check its hook."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.app import SandboxApp, create_app
from sandbox.config import SandboxConfig
from sandbox.core.context import Context
from sandbox.platforms import PLATFORMS
from tests.core.test_control_api import bad_request, not_found

KNOWN = "conv-1"


class FakeConversations:
    """Remembers every call; one conversation exists; an inbound "!" is invalid."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str | None, str | None]] = []

    def outbox(self, ctx: Context, conversation: str | None) -> list[dict[str, Any]]:
        self.calls.append(("outbox", ctx.workspace.name, conversation, None))
        if conversation not in (None, KNOWN):
            raise LookupError(f"no conversation {conversation!r}")
        return [{"conversation": KNOWN, "text": "Hello"}]

    def inbound(self, ctx: Context, conversation: str, text: str) -> dict[str, Any]:
        self.calls.append(("inbound", ctx.workspace.name, conversation, text))
        if conversation != KNOWN:
            raise LookupError(f"no conversation {conversation!r}")
        if text == "!":
            raise ValueError("a message needs words")
        return {"conversation": conversation, "text": text, "type": "in"}


@pytest.fixture
def fake() -> FakeConversations:
    return FakeConversations()


@pytest.fixture
def app(fake: FakeConversations) -> Iterator[SandboxApp]:
    platforms = dict(PLATFORMS)
    platforms["flowbot"] = dataclasses.replace(PLATFORMS["flowbot"], conversations=fake)
    platforms["rapidpro"] = dataclasses.replace(PLATFORMS["rapidpro"], conversations=None)
    sandbox_app = create_app(SandboxConfig(db=":memory:"), platforms)
    yield sandbox_app
    sandbox_app.close()


@pytest.fixture
def control(app: SandboxApp) -> Client:
    return Client(app)


def test_the_outbox_lists_what_the_platform_sent(control: Client, fake: FakeConversations) -> None:
    response = control.get("/_sandbox/outbox", query_string={"platform": "flowbot"})
    assert (response.status_code, response.json) == (
        200,
        {"messages": [{"conversation": KNOWN, "text": "Hello"}]},
    )
    control.get("/_sandbox/outbox?platform=flowbot&workspace=default&conversation=conv-1")
    assert fake.calls == [
        ("outbox", "default", None, None),
        ("outbox", "default", KNOWN, None),
    ]


def test_inbound_records_a_customers_message(control: Client, fake: FakeConversations) -> None:
    body = {"platform": "flowbot", "conversation": KNOWN, "text": "Hi!"}
    response = control.post("/_sandbox/inbound", json=body)
    assert (response.status_code, response.json) == (
        201,
        {"message": {"conversation": KNOWN, "text": "Hi!", "type": "in"}},
    )
    assert fake.calls == [("inbound", "default", KNOWN, "Hi!")]


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "message"),
    [
        ("GET", "/_sandbox/outbox?platform=nope", None, 404, "no platform named 'nope'"),
        (
            "GET",
            "/_sandbox/outbox?platform=rapidpro",
            None,
            400,
            "rapidpro sends no messages: it has no outbox",
        ),
        (
            "GET",
            "/_sandbox/outbox?platform=flowbot&workspace=ghost",
            None,
            404,
            "no workspace named 'ghost'",
        ),
        (
            "GET",
            "/_sandbox/outbox?platform=flowbot&conversation=conv-9",
            None,
            404,
            "no conversation 'conv-9'",
        ),
        (
            "POST",
            "/_sandbox/inbound",
            {"platform": "flowbot", "conversation": "conv-9", "text": "Hi"},
            404,
            "no conversation 'conv-9'",
        ),
        (
            "POST",
            "/_sandbox/inbound",
            {"platform": "flowbot", "conversation": KNOWN, "text": "!"},
            400,
            "a message needs words",
        ),
    ],
)
def test_unknown_names_and_invalid_messages_are_refused(
    control: Client,
    method: str,
    path: str,
    body: dict[str, str] | None,
    status: int,
    message: str,
) -> None:
    response = control.open(path, method=method, json=body)
    expected = not_found(message) if status == 404 else bad_request(message)
    assert (response.status_code, response.json) == (status, expected)


def test_inbound_needs_a_platform_a_conversation_and_text(control: Client) -> None:
    response = control.post("/_sandbox/inbound", json={"platform": "flowbot"})
    assert response.status_code == 400
    assert response.json["errors"]["json"] == {
        "conversation": ["Missing data for required field."],
        "text": ["Missing data for required field."],
    }
