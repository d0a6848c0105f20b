"""Broadcasts of a sub flow: by user_ns list, by user id, by tag and by segment; the
recipients the sending rules refuse are skipped; scheduled and rate-limited sends."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from sandbox.platforms.flochat.models.messaging_common import BROADCASTS
from tests.platforms.flochat.helpers import OK, TEAM_ONLY_KEY, FlochatClient, answer, error
from tests.platforms.flochat.test_messaging_support import (
    NOW,
    RE_ENGAGEMENT,
    chat,
    sent,
    stored,
    team,
)

__all__ = ["team"]

ORDER_STATUS = ["Your order is on its way", "Track it at loja.com/t"]


def broadcasts(sandbox: Sandbox) -> list[dict[str, Any]]:
    rows = sandbox.store.find(BROADCASTS, "default")
    return [{k: v for k, v in row.items() if k not in ("flow", "created_at")} for row in rows]


def received(sandbox: Sandbox) -> dict[str, list[str]]:
    """What each subscriber got from broadcasts."""
    found: dict[str, list[str]] = {}
    for message in sent(sandbox):
        if message["kind"] == "broadcast":
            found.setdefault(message["user_ns"], []).append(message["content"])
    return found


def test_broadcast_sends_to_each_subscriber_the_rules_allow(
    flochat: FlochatClient, team: Sandbox
) -> None:
    body = {"user_ns_list": "f123u1, f123u2,f123u4,f123u5,f123u9", "sub_flow_ns": "f123s3"}
    assert answer(flochat.post("/subscriber/broadcast", body)) == OK
    assert received(team) == {"f123u1": ORDER_STATUS, "f123u4": ORDER_STATUS}
    assert broadcasts(team) == [
        {
            "id": 1,
            "name": "",
            "sub_flow_ns": "f123s3",
            "type": None,
            "message_tag": None,
            "scheduled_time": None,
            "max_per_minute": 60,
            "recipients": ["f123u1", "f123u4"],
            "skipped": {
                "f123u9": "Subscriber not found",
                "f123u2": RE_ENGAGEMENT,
                "f123u5": "Subscriber is unsubscribed",
            },
        }
    ]
    assert sent(team, "f123u4")[0]["details"] == {"broadcast_id": 1, "sub_flow_ns": "f123s3"}


@pytest.mark.parametrize(
    ("kind", "recipients", "via"),
    [
        ("WHATSAPP_TEMPLATE", ["f123u1", "f123u2", "f123u3"], "whatsapp_cloud"),
        ("SMS", ["f123u3"], "sms"),
        ("EMAIL", ["f123u3"], "email"),
    ],
)
def test_broadcast_types_choose_how_and_to_whom(
    flochat: FlochatClient, team: Sandbox, kind: str, recipients: list[str], via: str
) -> None:
    body = {"user_ns_list": "f123u1,f123u2,f123u3,f123u4", "sub_flow_ns": "f123s1", "type": kind}
    assert answer(flochat.post("/subscriber/broadcast", body)) == OK
    assert sorted(received(team)) == recipients
    assert {m["via"] for m in sent(team) if m["kind"] == "broadcast"} == {via}


def test_a_scheduled_broadcast_shows_when_the_clock_reaches_it(
    flochat: FlochatClient, team: Sandbox
) -> None:
    later = NOW + 3600
    body = {"user_ns_list": "f123u1", "sub_flow_ns": "f123s1", "scheduled_time": later}
    assert answer(flochat.post("/subscriber/broadcast", body)) == OK
    [item] = [m for m in sent(team, "f123u1") if m["kind"] == "broadcast"]
    assert (item["ts"], item["status"]) == (later, "scheduled")
    assert broadcasts(team)[0]["scheduled_time"] == later
    assert [m["content"] for m in chat(flochat, "f123u1")] == [
        "Vou verificar!",
        "Hi there!",
        "Oi, meu pedido chegou?",
    ]
    assert stored(team, "f123u1")["last_message_at"] == ""
    team.clock.freeze(datetime(2026, 3, 1, 13, 0, 0, tzinfo=timezone.utc))
    assert chat(flochat, "f123u1")[0]["content"] == "Hi there!"
    assert chat(flochat, "f123u1")[0]["ts"] == later
    assert sent(team, "f123u1")[-1]["status"] == "sent"


def test_a_past_scheduled_time_sends_now(flochat: FlochatClient, team: Sandbox) -> None:
    body = {"user_ns_list": "f123u1", "sub_flow_ns": "f123s1", "scheduled_time": NOW - 60}
    assert answer(flochat.post("/subscriber/broadcast", body)) == OK
    assert sent(team, "f123u1")[-1]["ts"] == NOW
    assert broadcasts(team)[0]["scheduled_time"] is None


def test_max_per_minute_spreads_the_recipients(flochat: FlochatClient, team: Sandbox) -> None:
    body = {"user_ns_list": "f123u1,f123u4", "sub_flow_ns": "f123s1", "max_per_minute": 1}
    assert answer(flochat.post("/subscriber/broadcast", body)) == OK
    times = {m["user_ns"]: m["ts"] for m in sent(team) if m["kind"] == "broadcast"}
    assert times == {"f123u1": NOW, "f123u4": NOW + 60}


@pytest.mark.parametrize(
    ("changes", "message_text"),
    [
        (
            {"user_ns_list": ",".join(f"f123u{n}" for n in range(201))},
            "The user ns list must not have more than 200 items.",
        ),
        ({"user_ns_list": ""}, "The user ns list field is required."),
        ({"sub_flow_ns": "f123s99"}, "Sub flow not found"),
        ({"type": "FAX"}, "The selected type is invalid."),
        ({"scheduled_time": "tomorrow"}, "The scheduled time must be an integer."),
        # Year 10000: no date to show; the sandbox takes times up to 2099.
        (
            {"scheduled_time": 253402300800},
            "The scheduled time must not be greater than 4102444799.",
        ),
        ({"max_per_minute": 0}, "The max per minute must be at least 1."),
    ],
)
def test_broadcast_errors(
    flochat: FlochatClient, team: Sandbox, changes: dict[str, Any], message_text: str
) -> None:
    body = {"user_ns_list": "f123u1", "sub_flow_ns": "f123s1", **changes}
    assert answer(flochat.post("/subscriber/broadcast", body), 400) == error(message_text)
    assert broadcasts(team) == []


def test_broadcast_by_user_id(flochat: FlochatClient, team: Sandbox) -> None:
    body = {"user_id_list": "5511987654321,2400001,999", "sub_flow_ns": "f123s1"}
    assert answer(flochat.post("/subscriber/broadcast-by-user-id", body)) == OK
    assert received(team) == {"f123u1": ["Hi there!"], "f123u4": ["Hi there!"]}
    assert broadcasts(team)[0]["skipped"] == {"999": "Subscriber not found"}
    body["user_id_list"] = ",".join(str(n) for n in range(201))
    response = flochat.post("/subscriber/broadcast-by-user-id", body)
    assert answer(response, 400) == error("The user id list must not have more than 200 items.")


def test_broadcast_by_tag_sets_the_user_fields_of_its_recipients(
    flochat: FlochatClient, team: Sandbox
) -> None:
    body = {
        "tags": ["f123t1"],
        "exclude_tags": ["f123t2"],
        "sub_flow_ns": "f123s1",
        "name": "Clientes",
        "user_fields": [{"var_ns": "f123v1", "value": "Olinda"}],
    }
    assert answer(flochat.post("/subscriber/broadcast-by-tag", body)) == OK
    assert received(team) == {"f123u1": ["Hi there!"]}
    [row] = broadcasts(team)
    assert (row["name"], row["recipients"], row["skipped"]) == (
        "Clientes",
        ["f123u1"],
        {"f123u5": "Subscriber is unsubscribed"},
    )
    assert stored(team, "f123u1")["user_fields"] == {"f123v1": "Olinda", "f123v2": 3}
    assert stored(team, "f123u5")["user_fields"] == {}


def test_a_facebook_notification_goes_to_facebook_subscribers(
    flochat: FlochatClient, team: Sandbox
) -> None:
    body = {"tags": ["f123t2"], "sub_flow_ns": "f123s1", "type": "FACEBOOK_NOTIFICATION"}
    response = flochat.post("/subscriber/broadcast-by-tag", body)
    assert answer(response, 400) == error(
        "The message tag field is required when type is FACEBOOK_NOTIFICATION."
    )
    body["message_tag"] = "POST_PURCHASE_UPDATE"
    assert answer(flochat.post("/subscriber/broadcast-by-tag", body)) == OK
    assert received(team) == {"f123u4": ["Hi there!"]}
    assert broadcasts(team)[0]["skipped"] == {"f123u3": "Subscriber is not a Facebook user"}


@pytest.mark.parametrize(
    ("changes", "message_text"),
    [
        ({"tags": ["f123t9"]}, "Tag not found"),
        ({"exclude_tags": ["f456t1"]}, "Tag not found"),
        ({"tags": []}, "The tags field is required."),
        ({"tags": [f"f123t{n}" for n in range(11)]}, "The tags must not have more than 10 items."),
        ({"user_fields": [{"var_ns": "f123v9", "value": "x"}]}, "Field not found"),
        (
            {"user_fields": [{"var_ns": "f123v2", "value": "many"}]},
            "Invalid value for number field",
        ),
        ({"user_fields": [{"value": "x"}]}, "The user fields.0.var ns field is required."),
        ({"message_tag": "URGENT"}, "The selected message tag is invalid."),
    ],
)
def test_broadcast_by_tag_errors(
    flochat: FlochatClient, team: Sandbox, changes: dict[str, Any], message_text: str
) -> None:
    body = {"tags": ["f123t1"], "sub_flow_ns": "f123s1", **changes}
    assert answer(flochat.post("/subscriber/broadcast-by-tag", body), 400) == error(message_text)
    assert broadcasts(team) == []


def test_broadcast_by_segment_sets_bot_fields(flochat: FlochatClient, team: Sandbox) -> None:
    body = {
        "segment_ns": "f123sg1",
        "sub_flow_ns": "f123s1",
        "bot_fields": [{"var_ns": "f123v3", "value": "8-20"}],
    }
    assert answer(flochat.post("/subscriber/broadcast-by-segment", body)) == OK
    assert received(team) == {"f123u1": ["Hi there!"], "f123u4": ["Hi there!"]}
    fields = answer(flochat.get("/flow/bot-fields"))["data"]
    assert [f["value"] for f in fields if f["var_ns"] == "f123v3"] == ["8-20"]


@pytest.mark.parametrize(
    ("changes", "message_text"),
    [
        ({"segment_ns": "f123sg1,f123sg9"}, "Segment not found"),
        ({"segment_ns": ","}, "The segment ns field is required."),
        (
            {"segment_ns": ",".join(f"f123sg{n}" for n in range(11))},
            "The segment ns must not have more than 10 items.",
        ),
        ({"bot_fields": [{"var_ns": "f123v1", "value": "x"}]}, "Field not found"),
    ],
)
def test_broadcast_by_segment_errors(
    flochat: FlochatClient, team: Sandbox, changes: dict[str, Any], message_text: str
) -> None:
    body = {"segment_ns": "f123sg1", "sub_flow_ns": "f123s1", **changes}
    response = flochat.post("/subscriber/broadcast-by-segment", body)
    assert answer(response, 400) == error(message_text)
    assert broadcasts(team) == []


def test_broadcasts_need_the_manage_flow_scope(client: Client, team: Sandbox) -> None:
    team_only = FlochatClient(client, TEAM_ONLY_KEY)
    for path, body in [
        ("/subscriber/broadcast", {"user_ns_list": "f123u1", "sub_flow_ns": "f123s1"}),
        ("/subscriber/broadcast-by-user-id", {"user_id_list": "1", "sub_flow_ns": "f123s1"}),
        ("/subscriber/broadcast-by-tag", {"tags": ["f123t1"], "sub_flow_ns": "f123s1"}),
        ("/subscriber/broadcast-by-segment", {"segment_ns": "f123sg1", "sub_flow_ns": "f123s1"}),
    ]:
        assert answer(team_only.post(path, body), 403) == error("Invalid ability provided.")
    assert broadcasts(team) == []
