"""The messaging fixture sections (load and export round trip, mistakes reported with
their path) and the control API's hooks: the outbox and a customer's inbound message."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from sandbox.core.fixtures import FixtureError
from sandbox.core.sandbox import Sandbox
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.flows import BOTH_SCOPES
from sandbox.platforms.flochat.models.messaging import (
    FLOW_SECTIONS,
    TEAM_SECTIONS,
    outbox,
    simulate_inbound,
)
from tests.platforms.flochat.helpers import OK, FlochatClient, answer, error, load_team
from tests.platforms.flochat.test_messaging_support import (
    NOW,
    RE_ENGAGEMENT,
    messaging_team,
    sent,
    stored,
    team,
)

__all__ = ["team"]


def full_team() -> dict[str, Any]:
    """messaging_team() with an entry in every messaging section."""
    data = messaging_team()
    flow = data["flows"][0]
    flow["custom_event_logs"] = [
        {
            "event": "Purchase",
            "user_ns": "f123u1",
            "text_value": "Tênis",
            "price_value": 199.9,
            "number_value": 1,
            "created_at": "2026-02-20 10:00:00",
        }
    ]
    flow["app_triggers"] = [
        {
            "user_ns": "f123u1",
            "trigger_name": "coupon_used",
            "context": {"code": "MARCO10"},
            "created_at": "2026-02-21 10:00:00",
        }
    ]
    flow["broadcasts"] = [
        {
            "name": "Março",
            "sub_flow_ns": "f123s2",
            "type": "WHATSAPP_TEMPLATE",
            "scheduled_time": "2026-03-05 09:00:00",
            "created_at": "2026-02-28 18:00:00",
            "recipients": ["f123u1", "f123u2"],
            "skipped": {"f123u5": "Subscriber is unsubscribed"},
        }
    ]
    flow["conversations"] = [
        {
            "user_ns": "f123u1",
            "created_at": "2026-03-01 11:00:00",
            "status": "open",
            "first_assign_at": "2026-03-01 11:01:00",
            "first_assign_agent_id": 7,
            "agents": [7],
        }
    ]
    flow["agent_activity_log"] = [
        {
            "user_ns": "f123u1",
            "agent_id": 7,
            "conv_id": 1,
            "action": "assign",
            "created_at": "2026-03-01 11:01:00",
        }
    ]
    return data


def export_sections(sandbox: Sandbox, flow: int = 123) -> dict[str, Any]:
    ctx = sandbox.context(sandbox.workspaces.get("default"))
    api = Flochat(ctx, flow, BOTH_SCOPES)
    with sandbox.store.transaction():
        exported = {s.key: s.export(api) for s in FLOW_SECTIONS}
    return {key: entries for key, entries in exported.items() if entries}


def test_sections_load_and_export_the_same(sandbox: Sandbox, frozen: object) -> None:
    data = full_team()
    counts = load_team(sandbox, data)
    assert {key: counts[key] for key in ("messages", "whatsapp_templates", "broadcasts")} == {
        "messages": 3,
        "whatsapp_templates": 2,
        "broadcasts": 1,
    }
    first = export_sections(sandbox)
    assert sorted(first) == sorted(s.key for s in FLOW_SECTIONS)
    assert TEAM_SECTIONS == []
    assert first["messages"][2] == {
        "user_ns": "f123u1",
        "mid": 3,
        "type": "agent",
        "msg_type": "text",
        "content": "Vou verificar!",
        "payload": {"text": "Vou verificar!"},
        "sender_id": "7",
        "at": "2026-03-01 11:02:00",
        "via": "whatsapp_cloud",
        "kind": "history",
    }
    assert first["custom_event_logs"] == [{"id": 1, **data["flows"][0]["custom_event_logs"][0]}]
    assert stored(sandbox, "f123u1")["events"] == ["f123e1"]
    assert first["broadcasts"][0]["scheduled_time"] == "2026-03-05 09:00:00"
    assert first["conversations"][0]["first_open_at"] == "2026-03-01 11:00:00"
    # Load what was exported in a fresh team: the export is the same.
    sandbox.reset()
    sandbox.clock.freeze(frozen)  # type: ignore[arg-type]
    reloaded = messaging_team()
    reloaded["flows"][0].update(first)
    load_team(sandbox, reloaded)
    assert export_sections(sandbox) == first


def test_sent_messages_export_with_their_details(flochat: FlochatClient, team: Sandbox) -> None:
    body = {"user_ns": "f123u3", "content": "Oi", "subject": "Olá"}
    assert answer(flochat.post("/subscriber/send-email", body)) == OK
    assert export_sections(team)["messages"][-1] == {
        "user_ns": "f123u3",
        "mid": 4,
        "type": "out",
        "msg_type": "text",
        "content": "Oi",
        "payload": {"text": "Oi"},
        "sender_id": "",
        "at": "2026-03-01 12:00:00",
        "via": "email",
        "kind": "email",
        "details": {"subject": "Olá"},
    }


@pytest.mark.parametrize(
    ("section", "entries", "where", "message_text"),
    [
        (
            "messages",
            [{"user_ns": "f123u9", "at": "2026-03-01 10:00:00"}],
            "messages[0].user_ns",
            "no subscriber 'f123u9'",
        ),
        (
            "messages",
            [{"user_ns": "f123u1", "mid": 5, "at": "2026-03-01 10:00:00"}] * 2,
            "messages[1].mid",
            "another row has mid 5",
        ),
        (
            "broadcasts",
            [{"id": 2, "sub_flow_ns": "f123s1", "created_at": "2026-03-01 10:00:00"}] * 2,
            "broadcasts[1].id",
            "another row has id 2",
        ),
        (
            "custom_event_logs",
            [{"id": 4, "event": "Signup", "user_ns": "f123u1", "created_at": "2026-03-01"}] * 2,
            "custom_event_logs[1].id",
            "another row has id 4",
        ),
        (
            "conversations",
            [{"id": 0, "user_ns": "f123u1", "created_at": "2026-03-01 10:00:00"}],
            "conversations[0].id",
            "must be at least 1",
        ),
        (
            "messages",
            [{"user_ns": "f123u1", "at": "yesterday"}],
            "messages[0].at",
            "must be a datetime like 2026-03-01 12:00:00",
        ),
        (
            "messages",
            [{"user_ns": "f123u1", "at": "2026-03-01 10:00:00", "type": "note"}],
            "messages[0].type",
            "must be one of: in, out, agent",
        ),
        (
            "whatsapp_templates",
            [{"name": "Promo", "components": [{"type": "BODY", "text": "x"}]}],
            "whatsapp_templates[0].name",
            "must be lowercase letters, digits and underscores",
        ),
        (
            "whatsapp_templates",
            [{"name": "a", "components": []}, {"name": "a", "components": []}],
            "whatsapp_templates[1]",
            "Template already exists",
        ),
        (
            "custom_events",
            [{"name": "A"}, {"name": "a"}],
            "custom_events[1].name",
            "another event is named 'a'",
        ),
        (
            "custom_event_logs",
            [{"event": "Nope", "user_ns": "f123u1", "created_at": "2026-03-01 10:00:00"}],
            "custom_event_logs[0].event",
            "no custom event 'Nope'",
        ),
        (
            "broadcasts",
            [{"sub_flow_ns": "f123s9", "created_at": "2026-03-01 10:00:00"}],
            "broadcasts[0].sub_flow_ns",
            "no sub flow 'f123s9'",
        ),
        (
            "conversations",
            [{"user_ns": "f123u9", "created_at": "2026-03-01 10:00:00"}],
            "conversations[0].user_ns",
            "no subscriber 'f123u9'",
        ),
        (
            "agent_activity_log",
            [{"user_ns": "f123u1", "action": "dance", "created_at": "2026-03-01 10:00:00"}],
            "agent_activity_log[0].action",
            "must be one of",
        ),
        (
            "app_triggers",
            [{"user_ns": "f123u9", "trigger_name": "x", "created_at": "2026-03-01 10:00:00"}],
            "app_triggers[0].user_ns",
            "no subscriber 'f123u9'",
        ),
    ],
)
def test_fixture_mistakes_name_their_place(
    sandbox: Sandbox, section: str, entries: list[Any], where: str, message_text: str
) -> None:
    data = messaging_team()
    data["flows"][0][section] = entries
    with pytest.raises(FixtureError) as raised:
        load_team(sandbox, data)
    assert f"flows[0].{where}: {message_text}" in str(raised.value)


def test_a_subscribers_chat_state_exports_and_loads_back(
    flochat: FlochatClient, team: Sandbox
) -> None:
    """What pause-bot and the assignments change is in the subscriber's fixture entry,
    so a reloaded export still has the bot paused and the chat assigned."""
    body = {"user_ns": "f123u1"}
    assert answer(flochat.post("/subscriber/pause-bot", {**body, "minutes": 90})) == OK
    assert answer(flochat.post("/subscriber/assign-agent", {**body, "agent_id": 7})) == OK
    assert answer(flochat.post("/subscriber/assign-agent-group", {**body, "agent_group_id": 3}))
    exported = team.export("default")
    [carla] = [
        entry
        for entry in exported["workspaces"]["default"]["flochat"]["flows"][0]["subscribers"]
        if entry["user_ns"] == "f123u1"
    ]
    assert (carla["bot_paused_until"], carla["agent_id"], carla["agent_group_id"]) == (
        "2026-03-01 13:30:00",
        7,
        3,
    )
    team.reset()
    team.clock.freeze(datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc))
    team.load_fixtures(exported)
    assert team.export("default") == exported
    response = flochat.post("/subscriber/send-main-flow", body)
    assert answer(response, 400) == error("Bot is paused for this subscriber")


@pytest.mark.parametrize(
    ("key", "value", "message_text"),
    [
        ("agent_id", 99, "no member has id 99"),
        ("agent_group_id", 99, "no agent group has id 99"),
    ],
)
def test_a_subscriber_is_assigned_to_the_teams_agents(
    sandbox: Sandbox, key: str, value: int, message_text: str
) -> None:
    data = messaging_team()
    data["flows"][0]["subscribers"][0][key] = value
    with pytest.raises(FixtureError) as raised:
        load_team(sandbox, data)
    assert f"flows[0].subscribers[0].{key}: {message_text}" in str(raised.value)


def test_a_deleted_subscribers_chat_goes_with_it(flochat: FlochatClient, team: Sandbox) -> None:
    """Its messages, logged events, conversations, activity and app triggers are
    deleted too: nothing is left that names it, so the export loads back."""
    body = {"user_ns": "f123u1"}
    answer(flochat.post("/subscriber/log-custom-event", {**body, "event_name": "Purchase"}))
    answer(flochat.post("/subscriber/app-trigger", {**body, "trigger_name": "coupon_used"}))
    answer(flochat.post("/subscriber/move-chat-to", {**body, "status": "done"}))
    assert answer(flochat.delete("/subscriber/delete", body)) == OK
    assert sent(team) == []  # Carla's conversation was the only one
    assert "f123u1" not in str(export_sections(team))
    empty = {"data": [], "status": "ok"}
    assert answer(flochat.get("/flow/custom-events/data", event_ns="f123e1")) == empty
    assert answer(flochat.get("/flow/conversations/data")) == empty
    assert answer(flochat.get("/flow/agent-activity-log/data")) == empty
    # Its message ids (1 to 3, from the fixture) are not handed out again.
    answer(flochat.post("/subscriber/send-text", {"user_ns": "f123u4", "content": "Oi"}))
    assert [m["mid"] for m in sent(team)] == [4]
    exported = team.export("default")
    team.reset()
    team.load_fixtures(exported)
    assert team.export("default") == exported


# -- the control API's hooks --------------------------------------------------------------------


def test_outbox_lists_what_was_sent_oldest_first(flochat: FlochatClient, team: Sandbox) -> None:
    assert answer(flochat.post("/subscriber/send-text", {"user_ns": "f123u4", "content": "A"}))
    assert answer(flochat.post("/subscriber/send-text", {"user_ns": "f123u1", "content": "B"}))
    ctx = team.context(team.workspaces.get("default"))
    everything = outbox(ctx)
    assert [(m["user_ns"], m["content"], m["type"]) for m in everything] == [
        ("f123u1", "Hi there!", "out"),
        ("f123u1", "Vou verificar!", "agent"),
        ("f123u4", "A", "out"),
        ("f123u1", "B", "out"),
    ]
    assert [m["content"] for m in outbox(ctx, user_ns="f123u4")] == ["A"]
    assert [m["content"] for m in outbox(ctx, flow=123, user_ns="f123u4")] == ["A"]
    assert outbox(ctx, flow=456) == []
    with pytest.raises(LookupError, match="Subscriber not found"):
        outbox(ctx, user_ns="f123u9")
    with pytest.raises(LookupError, match="Subscriber not found"):
        outbox(ctx, flow=456, user_ns="f123u4")


def test_an_inbound_message_opens_the_window(flochat: FlochatClient, team: Sandbox) -> None:
    body = {"user_ns": "f123u2", "content": "Seu pedido chegou"}
    assert answer(flochat.post("/subscriber/send-text", body), 400) == error(RE_ENGAGEMENT)
    ctx = team.context(team.workspaces.get("default"))
    with team.store.transaction():
        message = simulate_inbound(ctx, flow=123, user_ns="f123u2", text="Oi, tudo bem?")
    assert message == {
        "flow": 123,
        "user_ns": "f123u2",
        "mid": 4,
        "type": "in",
        "msg_type": "text",
        "content": "Oi, tudo bem?",
        "payload": {"text": "Oi, tudo bem?"},
        "sender_id": "f123u2",
        "ts": NOW,
        "via": "whatsapp_cloud",
        "kind": "inbound",
        "details": {},
        "status": "sent",
    }
    row = stored(team, "f123u2")
    assert {k: row[k] for k in ("last_inbound_at", "last_interaction", "last_message_at")} == {
        "last_inbound_at": "2026-03-01 12:00:00",
        "last_interaction": "2026-03-01 12:00:00",
        "last_message_at": "2026-03-01 12:00:00",
    }
    assert answer(flochat.post("/subscriber/send-text", body)) == OK
    chat = answer(flochat.get("/subscriber/chat-messages", user_ns="f123u2"))["data"]
    assert [m["content"] for m in chat] == ["Oi, tudo bem?"]
    assert [m["content"] for m in sent(team, "f123u2")] == ["Seu pedido chegou"]


def test_inbound_errors(team: Sandbox) -> None:
    ctx = team.context(team.workspaces.get("default"))
    with team.store.transaction():
        with pytest.raises(LookupError, match="Subscriber not found"):
            simulate_inbound(ctx, flow=123, user_ns="f123u9", text="Oi")
        with pytest.raises(LookupError, match="Subscriber not found"):
            simulate_inbound(ctx, flow=456, user_ns="f123u1", text="Oi")
        with pytest.raises(ValueError, match=r"The text must not be empty\."):
            simulate_inbound(ctx, flow=123, user_ns="f123u1", text="  ")
