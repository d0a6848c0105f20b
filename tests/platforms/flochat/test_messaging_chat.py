"""A subscriber's chat: status, agents, subscription and opt-ins; the agent activity log
and the conversations they make."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from sandbox.platforms.flochat.models.messaging import simulate_inbound
from tests.platforms.flochat import helpers
from tests.platforms.flochat.helpers import OK, FlochatClient, answer, error, load_team
from tests.platforms.flochat.test_messaging_support import (
    messaging_team,
    sent_texts,
    stored,
    team,
)

__all__ = ["team"]


def at(sandbox: Sandbox, minute: int, second: int = 0) -> None:
    """Set the sandbox clock to 12:<minute>:<second> on 2026-03-01 (UTC)."""
    sandbox.clock.freeze(datetime(2026, 3, 1, 12, minute, second, tzinfo=timezone.utc))


def activity(flochat: FlochatClient, **params: Any) -> list[dict[str, Any]]:
    body = answer(flochat.get("/flow/agent-activity-log/data", **params))
    assert body["status"] == "ok"
    data: list[dict[str, Any]] = body["data"]
    return data


def log(action: str, moment: str, *, agent_id: int = 0, conv_id: int = 0, **extra: Any) -> dict:
    return {
        "agent_id": agent_id,
        "user_ns": "f123u1",
        "conv_id": conv_id,
        "created_at": f"2026-03-01 {moment}",
        "source_type": "api",
        "action": action,
        **extra,
    }


def test_a_conversation_from_open_to_done(flochat: FlochatClient, team: Sandbox) -> None:
    post = flochat.post
    assert answer(post("/subscriber/move-chat-to", {"user_ns": "f123u1", "status": "open"})) == OK
    at(team, 1)
    with team.store.transaction():
        simulate_inbound(
            team.context(team.workspaces.get("default")), flow=123, user_ns="f123u1", text="Oi?"
        )
    at(team, 2)
    assert answer(post("/subscriber/assign-agent", {"user_ns": "f123u1", "agent_id": 7})) == OK
    assert stored(team, "f123u1")["agent_id"] == 7
    at(team, 3)
    assert answer(post("/subscriber/send-text", {"user_ns": "f123u1", "content": "Já vai"}))
    at(team, 5)
    assert answer(post("/subscriber/move-chat-to", {"user_ns": "f123u1", "status": "done"})) == OK
    assert stored(team, "f123u1")["chat_status"] == "done"
    assert activity(flochat) == [
        log("close", "12:05:00", conv_id=1),
        log("assign", "12:02:00", agent_id=7, conv_id=1),
        log("open", "12:00:00", conv_id=1),
    ]
    conversations = answer(flochat.get("/flow/conversations/data"))
    assert conversations == {
        "data": [
            {
                "id": 1,
                "flow_ns": "f123",
                "user_ns": "f123u1",
                "first_assign_agent_id": 7,
                "first_reply_agent_id": 0,
                "last_assign_agent_id": 7,
                "first_close_agent_id": 0,
                "last_close_agent_id": 0,
                "is_new_bot_user": 1,
                "created_at": "2026-03-01 12:00:00",
                "source_type": "new_user",
                "first_open_at": "2026-03-01 12:00:00",
                "first_close_at": "2026-03-01 12:05:00",
                "last_open_at": "2026-03-01 12:00:00",
                "last_close_at": "2026-03-01 12:05:00",
                "first_assign_at": "2026-03-01 12:02:00",
                "first_reply_at": "",
                "last_assign_at": "2026-03-01 12:02:00",
                "first_reply_after_last_assign_at": "",
                "first_open_to_first_assign": 120,
                "first_open_to_first_reply": 0,
                "first_reply_after_first_assign": 0,
                "first_reply_after_last_assign": 0,
                "first_assign_to_first_close": 180,
                "first_reply_to_first_close": 0,
                "first_open_to_first_close": 300,
                "last_assign_to_last_close": 180,
                "first_open_to_last_close": 300,
                "handling_time": 180,
                "avg_response_time": 0,
                "avg_subsequent_response_time": 0,
                "in_messages": 1,
                "agent_messages": 0,
                "bot_messages": 1,
                "number_of_agent_replies": 0,
                "number_of_notes": 0,
                "number_of_unique_agents": 1,
                "number_of_assignments": 1,
                "number_of_opens": 1,
                "number_of_closes": 1,
                "opened_source": "api",
                "closed_source": "api",
            }
        ],
        "status": "ok",
    }


def test_the_customers_message_reopens_a_done_chat(flochat: FlochatClient, team: Sandbox) -> None:
    assert answer(flochat.post("/subscriber/move-chat-to", {"user_ns": "f123u1", "status": "done"}))
    at(team, 10)
    with team.store.transaction():
        simulate_inbound(
            team.context(team.workspaces.get("default")), flow=123, user_ns="f123u1", text="Oi"
        )
    assert stored(team, "f123u1")["chat_status"] == "open"
    assert activity(flochat, action="open") == [
        log("open", "12:10:00", conv_id=2, source_type="bot_user")
    ]
    at(team, 20)
    assert answer(flochat.post("/subscriber/move-chat-to", {"user_ns": "f123u1", "status": "done"}))
    second = answer(flochat.get("/flow/conversations/data", start_id=2))["data"]
    assert [(c["id"], c["source_type"], c["is_new_bot_user"]) for c in second] == [
        (2, "return_user", 0)
    ]
    assert (second[0]["opened_source"], second[0]["in_messages"]) == ("bot_user", 1)


def test_conversation_data_reads_the_agents_replies(client: Client, sandbox: Sandbox) -> None:
    """A conversation from fixtures, with the agent's reply among its messages."""
    team_data = messaging_team()
    team_data["flows"][0]["conversations"] = [
        {
            "id": 50,
            "user_ns": "f123u1",
            "created_at": "2026-03-01 11:00:00",
            "first_assign_at": "2026-03-01 11:01:00",
            "last_assign_at": "2026-03-01 11:01:00",
            "first_assign_agent_id": 7,
            "last_assign_agent_id": 7,
            "agents": [7],
            "last_close_at": "2026-03-01 11:10:00",
            "last_close_agent_id": 7,
            "closed_source": "agent",
            "number_of_assignments": 1,
            "number_of_closes": 1,
        }
    ]
    load_team(sandbox, team_data)
    [found] = answer(FlochatClient(client).get("/flow/conversations/data"))["data"]
    assert {key: found[key] for key in READ_FROM_MESSAGES} == {
        "first_reply_agent_id": 7,
        "first_reply_at": "2026-03-01 11:02:00",
        "first_reply_after_last_assign_at": "2026-03-01 11:02:00",
        "first_open_to_first_reply": 120,
        "first_reply_after_first_assign": 60,
        "first_reply_to_first_close": 480,
        "avg_response_time": 120,
        "in_messages": 1,
        "agent_messages": 1,
        "bot_messages": 1,
        "number_of_agent_replies": 1,
        "number_of_unique_agents": 1,
        "first_close_at": "2026-03-01 11:10:00",
        "closed_source": "agent",
    }


READ_FROM_MESSAGES = (
    "first_reply_agent_id",
    "first_reply_at",
    "first_reply_after_last_assign_at",
    "first_open_to_first_reply",
    "first_reply_after_first_assign",
    "first_reply_to_first_close",
    "avg_response_time",
    "in_messages",
    "agent_messages",
    "bot_messages",
    "number_of_agent_replies",
    "number_of_unique_agents",
    "first_close_at",
    "closed_source",
)


def test_only_closed_conversations_are_listed(flochat: FlochatClient, team: Sandbox) -> None:
    assert answer(flochat.post("/subscriber/move-chat-to", {"user_ns": "f123u1", "status": "open"}))
    assert answer(flochat.get("/flow/conversations/data")) == {"data": [], "status": "ok"}


def test_conversation_data_filters(flochat: FlochatClient, team: Sandbox) -> None:
    for user_ns in ("f123u1", "f123u2", "f123u3"):
        body = {"user_ns": user_ns, "status": "done"}
        assert answer(flochat.post("/subscriber/move-chat-to", body))
    get = flochat.get
    ids = [c["id"] for c in answer(get("/flow/conversations/data"))["data"]]
    assert ids == [1, 2, 3]
    assert [c["id"] for c in answer(get("/flow/conversations/data", user_ns="f123u2"))["data"]] == [
        2
    ]
    assert [c["id"] for c in answer(get("/flow/conversations/data", limit=2))["data"]] == [1, 2]
    later = answer(get("/flow/conversations/data", start_time=1772366401))["data"]
    assert later == []


@pytest.mark.parametrize(
    ("params", "message_text"),
    [
        ({"limit": 1001}, "The limit must be between 1 and 1000."),
        ({"start_id": "x"}, "The start id must be an integer."),
        ({"end_time": "now"}, "The end time must be an integer."),
    ],
)
def test_conversation_data_errors(
    flochat: FlochatClient, team: Sandbox, params: dict[str, Any], message_text: str
) -> None:
    assert answer(flochat.get("/flow/conversations/data", **params), 400) == error(message_text)


def test_move_chat_to_pending_and_spam_are_logged(flochat: FlochatClient, team: Sandbox) -> None:
    for status in ("pending", "spam"):
        body = {"user_ns": "f123u2", "status": status}
        assert answer(flochat.post("/subscriber/move-chat-to", body)) == OK
        assert stored(team, "f123u2")["chat_status"] == status
    counts = answer(flochat.get("/flow/bot-users-count"))["data"]
    assert {"status": "spam", "num": 1} in counts
    assert [row["action"] for row in activity(flochat, user_ns="f123u2")] == ["spam", "pending"]


@pytest.mark.parametrize(
    ("path", "body", "message_text"),
    [
        (
            "/subscriber/move-chat-to",
            {"user_ns": "f123u1", "status": "closed"},
            "The selected status is invalid.",
        ),
        ("/subscriber/move-chat-to", {"user_ns": "f123u1"}, "The status field is required."),
        (
            "/subscriber/move-chat-to",
            {"user_ns": "f123u9", "status": "open"},
            "Subscriber not found",
        ),
        ("/subscriber/assign-agent", {"user_ns": "f123u1", "agent_id": 99}, "Agent not found"),
        # Iara (8) works on the Instagram bot only: she is no agent of this one.
        ("/subscriber/assign-agent", {"user_ns": "f123u1", "agent_id": 8}, "Agent not found"),
        (
            "/subscriber/assign-agent",
            {"user_ns": "f123u1", "agent_id": "x"},
            "The agent id must be an integer.",
        ),
        ("/subscriber/assign-agent", {"user_ns": "f123u9", "agent_id": 7}, "Subscriber not found"),
        (
            "/subscriber/assign-agent-group",
            {"user_ns": "f123u1", "agent_group_id": 99},
            "Agent group not found",
        ),
        (
            "/subscriber/assign-agent-group",
            {"user_ns": "f123u1"},
            "The agent group id field is required.",
        ),
        ("/subscriber/unassign-agent", {"user_ns": "f123u9"}, "Subscriber not found"),
    ],
)
def test_chat_state_errors_change_nothing(
    flochat: FlochatClient, team: Sandbox, path: str, body: dict[str, Any], message_text: str
) -> None:
    before = stored(team, "f123u1")
    assert answer(flochat.post(path, body), 400) == error(message_text)
    assert stored(team, "f123u1") == before
    assert activity(flochat) == []


def test_assign_agent_group_then_unassign(flochat: FlochatClient, team: Sandbox) -> None:
    post = flochat.post
    assert answer(post("/subscriber/assign-agent", {"user_ns": "f123u1", "agent_id": 7})) == OK
    body = {"user_ns": "f123u1", "agent_group_id": 3}
    assert answer(post("/subscriber/assign-agent-group", body)) == OK
    row = stored(team, "f123u1")
    assert (row["agent_id"], row["agent_group_id"]) == (7, 3)
    assert answer(post("/subscriber/unassign-agent", {"user_ns": "f123u1"})) == OK
    row = stored(team, "f123u1")
    assert (row["agent_id"], row["agent_group_id"]) == (None, None)
    assert activity(flochat) == [
        log("assign", "12:00:00", conv_id=1),
        log("assign", "12:00:00", conv_id=1),
        log("assign", "12:00:00", agent_id=7, conv_id=1),
    ]


def test_unsubscribe_then_subscribe_again(flochat: FlochatClient, team: Sandbox) -> None:
    body = {"user_ns": "f123u1"}
    assert answer(flochat.delete("/subscriber/unsubscribe-from-bot", body)) == OK
    assert stored(team, "f123u1")["subscribed"] == ""
    response = flochat.post("/subscriber/send-text", {**body, "content": "Oi"})
    assert answer(response, 400) == error("Subscriber is unsubscribed")
    at(team, 30)
    assert answer(flochat.post("/subscriber/subscribe-to-bot", body)) == OK
    assert answer(flochat.post("/subscriber/subscribe-to-bot", body)) == OK  # already: no log
    assert stored(team, "f123u1")["subscribed"] == "2026-03-01 12:30:00"
    assert answer(flochat.post("/subscriber/send-text", {**body, "content": "Oi"})) == OK
    assert [row["action"] for row in activity(flochat)] == [
        "subscribe_to_bot",
        "unsubscribe_from_bot",
    ]


def test_opt_in_and_out_of_sms_and_email(flochat: FlochatClient, team: Sandbox) -> None:
    body = {"user_ns": "f123u1"}
    sms = {**body, "content": "Código 1"}
    assert answer(flochat.post("/subscriber/send-sms", sms), 400) == error(
        "Subscriber has not opted in to SMS"
    )
    assert answer(flochat.post("/subscriber/opt-in-sms", body)) == OK
    assert stored(team, "f123u1")["opted_in_sms"] == "2026-03-01 12:00:00"
    assert answer(flochat.post("/subscriber/send-sms", sms)) == OK
    assert answer(flochat.delete("/subscriber/opt-out-sms", body)) == OK
    assert stored(team, "f123u1")["opted_in_sms"] == ""
    assert answer(flochat.post("/subscriber/send-sms", sms), 400) == error(
        "Subscriber has not opted in to SMS"
    )
    assert answer(flochat.post("/subscriber/opt-in-email", body)) == OK
    assert stored(team, "f123u1")["opted_in_email"] == "2026-03-01 12:00:00"
    assert answer(flochat.post("/subscriber/send-email", {**body, "content": "Oi"})) == OK
    assert answer(flochat.delete("/subscriber/opt-out-email", body)) == OK
    assert stored(team, "f123u1")["opted_in_email"] == ""
    assert sent_texts(team, "f123u1") == ["Código 1", "Oi"]
    assert [row["action"] for row in activity(flochat)] == [
        "opt_out_email",
        "opt_in_email",
        "opt_out_sms",
        "opt_in_sms",
    ]


@pytest.mark.parametrize(
    ("method", "path", "user_ns", "message_text"),
    [
        ("POST", "/subscriber/opt-in-sms", "f123u4", "Subscriber has no phone number"),
        ("POST", "/subscriber/opt-in-email", "f123u2", "Subscriber has no email address"),
        ("DELETE", "/subscriber/opt-out-sms", "f123u9", "Subscriber not found"),
        ("DELETE", "/subscriber/opt-out-email", "f123u9", "Subscriber not found"),
        ("POST", "/subscriber/subscribe-to-bot", "f123u9", "Subscriber not found"),
        ("DELETE", "/subscriber/unsubscribe-from-bot", "", "The user ns field is required."),
    ],
)
def test_subscription_errors(
    flochat: FlochatClient, team: Sandbox, method: str, path: str, user_ns: str, message_text: str
) -> None:
    response = flochat.request(method, path, {"user_ns": user_ns})
    assert answer(response, 400) == error(message_text)


def test_activity_log_filters(flochat: FlochatClient, team: Sandbox) -> None:
    post = flochat.post
    assert answer(post("/subscriber/assign-agent", {"user_ns": "f123u1", "agent_id": 7}))
    at(team, 10)
    assert answer(post("/subscriber/move-chat-to", {"user_ns": "f123u2", "status": "done"}))
    assert [r["action"] for r in activity(flochat, agent_id=7)] == ["assign"]
    assert [r["user_ns"] for r in activity(flochat, action="close")] == ["f123u2"]
    assert [r["conv_id"] for r in activity(flochat, conv_id=2)] == [2]
    assert activity(flochat, source_type="agent") == []
    assert [r["action"] for r in activity(flochat, start_time=1772367000)] == ["close"]
    assert [r["action"] for r in activity(flochat, end_time=1772366400)] == ["assign"]
    assert [r["action"] for r in activity(flochat, limit=1)] == ["close"]


@pytest.mark.parametrize(
    ("params", "message_text"),
    [
        ({"action": "reopen"}, "The selected action is invalid."),
        ({"source_type": "robot"}, "The selected source type is invalid."),
        ({"limit": 0}, "The limit must be between 1 and 1000."),
        ({"agent_id": "me"}, "The agent id must be an integer."),
    ],
)
def test_activity_log_errors(
    flochat: FlochatClient, team: Sandbox, params: dict[str, Any], message_text: str
) -> None:
    response = flochat.get("/flow/agent-activity-log/data", **params)
    assert answer(response, 400) == error(message_text)


def test_chat_state_needs_the_manage_flow_scope(
    flochat: FlochatClient, client: Client, team: Sandbox
) -> None:
    team_only = FlochatClient(client, helpers.TEAM_ONLY_KEY)
    body = {"user_ns": "f123u1"}
    for method, path, extra in [
        ("POST", "/subscriber/pause-bot", {"minutes": 5}),
        ("POST", "/subscriber/resume-bot", {}),
        ("POST", "/subscriber/move-chat-to", {"status": "done"}),
        ("POST", "/subscriber/assign-agent", {"agent_id": 7}),
        ("POST", "/subscriber/assign-agent-group", {"agent_group_id": 3}),
        ("POST", "/subscriber/unassign-agent", {}),
        ("POST", "/subscriber/subscribe-to-bot", {}),
        ("DELETE", "/subscriber/unsubscribe-from-bot", {}),
        ("POST", "/subscriber/opt-in-sms", {}),
        ("DELETE", "/subscriber/opt-out-sms", {}),
        ("POST", "/subscriber/opt-in-email", {}),
        ("DELETE", "/subscriber/opt-out-email", {}),
        ("GET", "/flow/conversations/data", {}),
        ("GET", "/flow/agent-activity-log/data", {}),
    ]:
        response = team_only.request(method, path, {**body, **extra})
        assert answer(response, 403) == error("Invalid ability provided.")
    assert activity(flochat) == []
