"""Usage summaries of the team's bots and agents, computed from subscribers and the
messages table (the clock is frozen on Sunday 2026-03-01 12:00 UTC)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from sandbox.platforms.flochat.models.common import MESSAGES, SUBSCRIBERS
from sandbox.platforms.flochat.models.team_summaries import days_of
from tests.platforms.flochat import helpers
from tests.platforms.flochat.helpers import FlochatClient, answer, error, load_team

ZERO = {
    "total_bot_users": 0,
    "day_active_bot_users": 0,
    "day_new_bot_users": 0,
    "day_total_messages": 0,
    "day_in_messages": 0,
    "day_out_messages": 0,
    "day_agent_messages": 0,
    "day_note_messages": 0,
    "day_assigned": 0,
    "day_done": 0,
    "day_email_sent": 0,
    "day_email_open": 0,
    "avg_agent_response_time": 0,
    "avg_resolve_time": 0,
}


def _ts(moment: str) -> int:
    parsed = datetime.strptime(moment, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)
    return int(parsed.timestamp())


def _message(user_ns: str, kind: str, moment: str, **extra: Any) -> dict[str, Any]:
    return {
        "flow": 123,
        "user_ns": user_ns,
        "type": kind,
        "msg_type": "text",
        "content": "...",
        "sender_id": extra.pop("sender_id", None),
        "ts": _ts(moment),
        "via": extra.pop("via", "whatsapp_cloud"),
        "kind": "text",
        **extra,
    }


MESSAGE_ROWS = [
    # Carla writes twice, the bot answers, then agent 43 replies 5 minutes after her first
    # message, and follows up (a follow-up answers nobody waiting).
    _message("f123u1", "in", "2026-02-28 10:00:00"),
    _message("f123u1", "out", "2026-02-28 10:00:05"),
    _message("f123u1", "in", "2026-02-28 10:01:00"),
    _message("f123u1", "agent", "2026-02-28 10:05:00", sender_id=43),
    _message("f123u1", "agent", "2026-02-28 10:06:00", sender_id=43),
    _message("f123u1", "out", "2026-02-28 12:00:00", via="email"),
    # Diego writes on the 27th and again on the 28th; agent 44 answers 30 seconds after
    # the second, so Diego had waited since the first: 17 hours and 30 seconds.
    _message("f123u2", "in", "2026-02-27 18:00:00"),
    _message("f123u2", "in", "2026-02-28 11:00:00"),
    _message("f123u2", "agent", "2026-02-28 11:00:30", sender_id=44),
]


@pytest.fixture
def team(sandbox: Sandbox, frozen: object) -> dict[str, int]:
    """The seed team, the messages above (as the sending group stores them), and Diego
    subscribed yesterday, assigned to agent 44 and done."""
    counts = load_team(sandbox, helpers.SEED_TEAM)
    store = sandbox.store
    with store.transaction():
        for row in MESSAGE_ROWS:
            store.insert(MESSAGES, "default", row)
        diego = store.first(SUBSCRIBERS, "default", user_ns="f123u2")
        assert diego is not None
        changes = {"subscribed": "2026-02-28 09:00:00", "agent_id": 44, "chat_status": "done"}
        store.update(SUBSCRIBERS, diego.id, changes)
    return counts


def test_yesterdays_flow_summary(flochat: FlochatClient, team: object) -> None:
    assert answer(flochat.get("/flow-summary")) == {
        "data": [
            {
                "flow_ns": "f123",
                "summary_date": "2026-02-28",
                **ZERO,
                "total_bot_users": 2,
                "day_active_bot_users": 2,
                "day_new_bot_users": 1,
                "day_total_messages": 7,
                "day_in_messages": 3,
                "day_out_messages": 1,
                "day_agent_messages": 3,
                "day_assigned": 1,
                "day_done": 1,
                "day_email_sent": 1,
                "avg_agent_response_time": (300 + 61230) // 2,
            },
            {"flow_ns": "f456", "summary_date": "2026-02-28", **ZERO},
        ]
    }


def test_a_range_for_one_bot(flochat: FlochatClient, team: object) -> None:
    rows = answer(flochat.get("/flow-summary", range="last_7_days", flow_ns="f123"))["data"]
    assert [row["summary_date"] for row in rows] == [f"2026-02-{d}" for d in range(22, 29)]
    assert {row["flow_ns"] for row in rows} == {"f123"}
    the_27th = rows[5]
    assert the_27th == {
        "flow_ns": "f123",
        "summary_date": "2026-02-27",
        **ZERO,
        "total_bot_users": 1,
        "day_active_bot_users": 1,
        "day_total_messages": 1,
        "day_in_messages": 1,
    }
    assert rows[0]["total_bot_users"] == 1  # Carla subscribed in January


def test_yesterdays_agent_summary(flochat: FlochatClient, team: object) -> None:
    assert answer(flochat.get("/flow-agent-summary")) == {
        "data": [
            {
                "flow_ns": "f123",
                "summary_date": "2026-02-28",
                "agent_id": 43,
                "day_reply_bot_users": 1,
                "day_agent_messages": 2,
                "day_note_messages": 0,
                "day_assigned": 0,
                "day_done": 0,
                "avg_agent_response_time": 300,
                "avg_resolve_time": 0,
            },
            {
                "flow_ns": "f123",
                "summary_date": "2026-02-28",
                "agent_id": 44,
                "day_reply_bot_users": 1,
                "day_agent_messages": 1,
                "day_note_messages": 0,
                "day_assigned": 1,
                "day_done": 1,
                "avg_agent_response_time": 61230,
                "avg_resolve_time": 0,
            },
        ]
    }


def test_days_without_agent_activity_have_no_rows(flochat: FlochatClient, team: object) -> None:
    rows = answer(flochat.get("/flow-agent-summary", range="last_week"))["data"]
    assert rows == []
    rows = answer(flochat.get("/flow-agent-summary", flow_ns="f456"))["data"]
    assert rows == []


@pytest.mark.parametrize("path", ["/flow-summary", "/flow-agent-summary"])
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"range": "today"}, "The selected range is invalid."),
        ({"flow_ns": "f999"}, "Flow not found"),
        ({"flow_ns": "123"}, "Flow not found"),
    ],
)
def test_summary_refusals(
    flochat: FlochatClient, team: object, path: str, params: dict[str, str], message: str
) -> None:
    assert answer(flochat.get(path, **params), 400) == error(message)


@pytest.mark.parametrize("path", ["/flow-summary", "/flow-agent-summary"])
def test_summaries_need_manage_team(client: Client, team: object, path: str) -> None:
    response = FlochatClient(client, helpers.FLOW_ONLY_KEY).get(path)
    assert answer(response, 403) == error("Invalid ability provided.")


@pytest.mark.parametrize(
    ("range_name", "first", "last"),
    [
        ("yesterday", date(2026, 2, 28), date(2026, 2, 28)),
        ("last_7_days", date(2026, 2, 22), date(2026, 2, 28)),
        ("last_week", date(2026, 2, 16), date(2026, 2, 22)),
        ("last_30_days", date(2026, 1, 30), date(2026, 2, 28)),
        ("last_month", date(2026, 2, 1), date(2026, 2, 28)),
        ("last_3_months", date(2025, 12, 1), date(2026, 2, 28)),
    ],
)
def test_what_days_a_range_covers(range_name: str, first: date, last: date) -> None:
    days = days_of(range_name, date(2026, 3, 1))
    assert (days[0], days[-1]) == (first, last)
    assert len(days) == (last - first).days + 1


def test_last_week_from_a_monday() -> None:
    days = days_of("last_week", date(2026, 3, 2))
    assert (days[0], days[-1]) == (date(2026, 2, 23), date(2026, 3, 1))


def test_a_month_range_in_the_summary(flochat: FlochatClient, team: object) -> None:
    rows = answer(flochat.get("/flow-summary", range="last_month", flow_ns="f456"))["data"]
    assert len(rows) == 28
    assert rows[0] == {"flow_ns": "f456", "summary_date": "2026-02-01", **ZERO}


def test_what_the_api_sends_and_receives_is_counted_the_next_day(
    flochat: FlochatClient, client: Client, sandbox: Sandbox, seeded: object
) -> None:
    """The summary reads the messages the sending operations and the control API's
    inbound record: a bot text to Carla, a message from Diego, counted once the day is
    over. Carla is active too: the seed team says she last wrote at 11:00 that day."""
    text = {"user_ns": "f123u1", "content": "Seu pedido saiu!"}
    assert answer(flochat.post("/subscriber/send-text", text)) == {"status": "ok"}
    inbound = {"platform": "flochat", "conversation": "f123u2", "text": "Oi"}
    assert client.post("/_sandbox/inbound", json=inbound).status_code == 201
    assert answer(flochat.get("/flow-summary", flow_ns="f123"))["data"][0]["summary_date"] == (
        "2026-02-28"
    )
    sandbox.clock.advance(86400)
    assert answer(flochat.get("/flow-summary", flow_ns="f123")) == {
        "data": [
            {
                "flow_ns": "f123",
                "summary_date": "2026-03-01",
                **ZERO,
                "total_bot_users": 2,
                "day_active_bot_users": 2,
                "day_total_messages": 2,
                "day_in_messages": 1,
                "day_out_messages": 1,
            }
        ]
    }
