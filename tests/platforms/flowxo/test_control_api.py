"""The control API's conversations hook for Flow XO (`/_sandbox/outbox`,
`/_sandbox/inbound`): what the account's bots and agents said, and a user's message."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.context import Context
from sandbox.core.sandbox import Sandbox
from sandbox.platforms.flowxo.models import FlowXO
from sandbox.platforms.flowxo.models.end_users import EndUsers
from tests.platforms.flowxo.helpers import (
    ANA,
    ANA_CONVERSATION,
    ANA_PATH,
    BOB_PATH,
    NOW,
    NOW_HEX,
    OBJECT_ID,
    SHOP_BOT,
    SIMON_CONVERSATION,
    SIMON_PATH,
    SUPPORT_BOT,
    FlowXOClient,
)

pytestmark = pytest.mark.usefixtures("seeded")

SIMON_REPLY = SIMON_CONVERSATION["last_message"]
ANA_BOT = {
    "id": "65df40821a2b3c4d5e6f7b04",
    "role": "bot",
    "conversation": ANA_PATH,
    "from": SHOP_BOT,
    "agent_mode": False,
    "type": "message",
    "message": "Vou chamar uma atendente.",
    "timestamp": "2026-02-28T18:40:02.000Z",
}
ANA_AGENT = ANA_CONVERSATION["last_message"]


def outbox(client: Client, conversation: str | None = None) -> tuple[int, Any]:
    query = {"platform": "flowxo"}
    if conversation is not None:
        query["conversation"] = conversation
    response = client.get("/_sandbox/outbox", query_string=query)
    return response.status_code, response.json


def inbound(client: Client, conversation: str, text: str, **extra: str) -> tuple[int, Any]:
    body = {"platform": "flowxo", "conversation": conversation, "text": text, **extra}
    response = client.post("/_sandbox/inbound", json=body)
    return response.status_code, response.json


def end_user(sandbox: Sandbox, path: str, workspace: str = "default") -> dict[str, Any]:
    users = sandbox.export(workspace)["workspaces"][workspace]["flowxo"]["end_users"]
    return next(u for u in users if f"{u['connection']}/c/{u['channel']}" == path)


def test_the_outbox_lists_bot_and_agent_messages_oldest_first(client: Client) -> None:
    assert outbox(client) == (200, {"messages": [SIMON_REPLY, ANA_BOT, ANA_AGENT]})


def test_the_outbox_of_one_conversation(client: Client) -> None:
    assert outbox(client, ANA_PATH) == (200, {"messages": [ANA_BOT, ANA_AGENT]})
    assert outbox(client, BOB_PATH) == (200, {"messages": []})


@pytest.mark.parametrize(
    "conversation", [f"{SHOP_BOT}/c/1", ANA, "65b2f1a0c3d4e5f6a7b8c9ff/c/1", ""]
)
def test_the_outbox_of_an_unknown_conversation_is_404(client: Client, conversation: str) -> None:
    assert outbox(client, conversation) == (
        404,
        {"code": 404, "status": "Not Found", "message": f"no conversation {conversation!r}"},
    )


def test_inbound_records_the_users_message(client: Client, flowxo: FlowXOClient) -> None:
    status, body = inbound(client, SIMON_PATH, "Where is my order?")

    message = body["message"]
    assert OBJECT_ID.match(message["id"]) and message["id"].startswith(NOW_HEX)
    assert (status, message) == (
        201,
        {
            "id": message["id"],
            "role": "user",
            "conversation": SIMON_PATH,
            "from": "876631178",
            "agent_mode": False,
            "type": "message",
            "message": "Where is my order?",
            "timestamp": NOW,
        },
    )
    conversations = flowxo.get("/api/conversations").json["conversations"]
    assert conversations[0] == {**SIMON_CONVERSATION, "last_message": message}
    # A user's message is received, not sent.
    assert outbox(client, SIMON_PATH) == (200, {"messages": [SIMON_REPLY]})


def test_inbound_keeps_the_conversations_agent_mode(client: Client) -> None:
    assert inbound(client, ANA_PATH, "Obrigada!")[1]["message"]["agent_mode"] is True


def test_inbound_opens_a_24_hour_window(client: Client, sandbox: Sandbox) -> None:
    inbound(client, SIMON_PATH, "Hi")

    assert end_user(sandbox, SIMON_PATH)["last_inbound_at"] == NOW
    ctx = sandbox.context(sandbox.workspaces.get("default"))  # type: ignore[arg-type]
    users = EndUsers(FlowXO(ctx))
    simon = users.get(SUPPORT_BOT, "876631178")
    assert simon is not None and users.window_open(simon)
    sandbox.clock.advance(24 * 3600 - 1)
    assert users.window_open(simon)
    sandbox.clock.advance(1)
    assert not users.window_open(simon)


def test_inbound_refreshes_an_open_window(client: Client, sandbox: Sandbox) -> None:
    # Ana last wrote at 2026-02-28 18:40 (from the fixture's messages).
    assert end_user(sandbox, ANA_PATH)["last_inbound_at"] == "2026-02-28T18:40:00.000Z"
    sandbox.clock.advance(3600)

    inbound(client, ANA_PATH, "Ainda aí?")

    assert end_user(sandbox, ANA_PATH)["last_inbound_at"] == "2026-03-01T13:00:00.000Z"


def test_a_first_message_from_a_new_channel_id_creates_the_user(
    client: Client, flowxo: FlowXOClient, sandbox: Sandbox
) -> None:
    path = f"{SUPPORT_BOT}/c/555000111"

    status, body = inbound(client, path, "/start")

    assert status == 201
    first = flowxo.get("/api/conversations").json["conversations"][0]
    assert first == {
        "agent_mode": False,
        "last_message": body["message"],
        "created_at": NOW,
        "id": path,
        "id_url_encoded": f"{SUPPORT_BOT}%2Fc%2F555000111",
        "bot_id": SUPPORT_BOT,
        "bot_name": "Acme Support",
        "platform": "telegram",
        "user_id": "555000111",
        "user_name": None,
    }
    assert end_user(sandbox, path)["last_inbound_at"] == NOW


@pytest.mark.parametrize(
    "conversation",
    ["65b2f1a0c3d4e5f6a7b8c9ff/c/1", "876631178", f"{SUPPORT_BOT}/c/", f"/c/{ANA}", ""],
)
def test_inbound_to_no_bot_of_the_account_is_404(
    client: Client, sandbox: Sandbox, conversation: str
) -> None:
    before = sandbox.export()

    assert inbound(client, conversation, "Hi") == (
        404,
        {"code": 404, "status": "Not Found", "message": f"no conversation {conversation!r}"},
    )
    assert sandbox.export() == before


@pytest.mark.parametrize("text", ["", "   "])
def test_inbound_without_text_is_400(client: Client, sandbox: Sandbox, text: str) -> None:
    before = sandbox.export()

    assert inbound(client, f"{SUPPORT_BOT}/c/9", text) == (
        400,
        {"code": 400, "status": "Bad Request", "message": "a message needs some text"},
    )
    assert sandbox.export() == before


def test_the_hook_works_in_the_workspace_it_is_given(client: Client, sandbox: Sandbox) -> None:
    client.post("/_sandbox/workspaces", json={"name": "ci", "flowxo": {"bots": []}})

    status, body = outbox_in(client, "ci")
    assert (status, body) == (200, {"messages": []})
    assert inbound(client, SIMON_PATH, "Hi", workspace="ci")[0] == 404


def outbox_in(client: Client, workspace: str) -> tuple[int, Any]:
    response = client.get(
        "/_sandbox/outbox", query_string={"platform": "flowxo", "workspace": workspace}
    )
    return response.status_code, response.json


def test_the_hook_is_the_platforms(sandbox: Sandbox) -> None:
    hook = sandbox.platforms["flowxo"].conversations
    assert hook is not None
    ctx: Context = sandbox.context(sandbox.workspaces.get("default"))  # type: ignore[arg-type]
    assert [m["id"] for m in hook.outbox(ctx, None)] == [
        SIMON_REPLY["id"],
        ANA_BOT["id"],
        ANA_AGENT["id"],
    ]
