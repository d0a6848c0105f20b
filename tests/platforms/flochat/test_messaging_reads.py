"""Chat messages, WhatsApp templates, custom events (definitions, logging, summary, data)
and app triggers."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from sandbox.platforms.flochat.models.messaging_common import APP_TRIGGERS
from tests.platforms.flochat import helpers
from tests.platforms.flochat.helpers import OK, FlochatClient, answer, error, text_message
from tests.platforms.flochat.test_messaging_support import PURCHASE, stored, team

__all__ = ["team"]

CUSTOMER_IN = text_message(1, "in", "Oi, meu pedido chegou?", "f123u1", 1772362800)
BOT_OUT = text_message(2, "out", "Hi there!", "", 1772362805)
AGENT_OUT = text_message(3, "agent", "Vou verificar!", "7", 1772362920)


# -- chat messages ------------------------------------------------------------------------------


def test_chat_messages_leave_the_bot_out_by_default(flochat: FlochatClient, team: Sandbox) -> None:
    response = flochat.get("/subscriber/chat-messages", user_ns="f123u1")
    assert answer(response) == {"data": [AGENT_OUT, CUSTOMER_IN]}


def test_chat_messages_with_the_bot_newest_first(flochat: FlochatClient, team: Sandbox) -> None:
    response = flochat.get("/subscriber/chat-messages", user_id="5511987654321", include_bot=1)
    assert answer(response) == {"data": [AGENT_OUT, BOT_OUT, CUSTOMER_IN]}


@pytest.mark.parametrize(
    ("params", "ids"),
    [
        ({"start_time": 1772362801}, [3, 2]),
        ({"end_time": 1772362805}, [2, 1]),
        ({"start_time": 1772362801, "end_time": 1772362900}, [2]),
        ({"limit": 2}, [3, 2]),
    ],
)
def test_chat_messages_time_range_and_limit(
    flochat: FlochatClient, team: Sandbox, params: dict[str, Any], ids: list[int]
) -> None:
    response = flochat.get("/subscriber/chat-messages", user_ns="f123u1", include_bot=1, **params)
    assert [m["id"] for m in answer(response)["data"]] == ids


@pytest.mark.parametrize(
    ("params", "message_text"),
    [
        ({}, "The user ns field is required when user id is not present."),
        ({"user_ns": "f123u9"}, "Subscriber not found"),
        ({"user_id": "000"}, "Subscriber not found"),
        ({"user_ns": "f123u1", "include_bot": 2}, "The include bot must be between 0 and 1."),
        ({"user_ns": "f123u1", "limit": 101}, "The limit must be between 1 and 100."),
        ({"user_ns": "f123u1", "start_time": "today"}, "The start time must be an integer."),
    ],
)
def test_chat_messages_errors(
    flochat: FlochatClient, team: Sandbox, params: dict[str, Any], message_text: str
) -> None:
    response = flochat.get("/subscriber/chat-messages", **params)
    assert answer(response, 400) == error(message_text)


def test_chat_messages_of_another_flow_are_not_seen(client: Client, team: Sandbox) -> None:
    other = FlochatClient(client, helpers.OTHER_FLOW_KEY)
    response = other.get("/subscriber/chat-messages", user_ns="f123u1")
    assert answer(response, 400) == error("Subscriber not found")
    response = other.post("/subscriber/chat-messages-by-mids", {"mids": ["1"]})
    assert answer(response) == {"data": []}


def test_chat_messages_by_mids_oldest_first(flochat: FlochatClient, team: Sandbox) -> None:
    response = flochat.post("/subscriber/chat-messages-by-mids", {"mids": ["3", 1, "999"]})
    assert answer(response) == {"data": [CUSTOMER_IN, AGENT_OUT]}


@pytest.mark.parametrize(
    ("body", "message_text"),
    [
        ({}, "The mids field is required."),
        ({"mids": []}, "The mids field is required."),
        ({"mids": "1,2"}, "The mids must be an array."),
        ({"mids": [True]}, "The mids.0 must be a string."),
        ({"mids": [str(n) for n in range(101)]}, "The mids must not have more than 100 items."),
    ],
)
def test_chat_messages_by_mids_errors(
    flochat: FlochatClient, team: Sandbox, body: dict[str, Any], message_text: str
) -> None:
    response = flochat.post("/subscriber/chat-messages-by-mids", body)
    assert answer(response, 400) == error(message_text)


def test_reads_need_the_manage_flow_scope(client: Client, team: Sandbox) -> None:
    team_only = FlochatClient(client, helpers.TEAM_ONLY_KEY)
    for method, path, params in [
        ("GET", "/subscriber/chat-messages", {"user_ns": "f123u1"}),
        ("POST", "/subscriber/chat-messages-by-mids", {"mids": ["1"]}),
        ("POST", "/whatsapp-template/list", {}),
        ("POST", "/whatsapp-template/create", {}),
        ("DELETE", "/whatsapp-template/delete", {"name": "order_update"}),
        ("POST", "/whatsapp-template/sync", {}),
        ("GET", "/flow/custom-events", {}),
        ("GET", "/flow/custom-events/summary", {"event_ns": "f123e1"}),
        ("GET", "/flow/custom-events/data", {"event_ns": "f123e1"}),
        ("POST", "/subscriber/log-custom-event", {"user_ns": "f123u1", "event_name": "Signup"}),
        ("POST", "/subscriber/app-trigger", {"user_ns": "f123u1", "trigger_name": "x"}),
    ]:
        response = team_only.request(method, path, None, **params)
        assert answer(response, 403) == error("Invalid ability provided.")
    assert stored(team, "f123u1").get("events") is None


# -- WhatsApp templates -------------------------------------------------------------------------

ORDER_UPDATE = {
    "name": "order_update",
    "language": "pt_BR",
    "category": "UTILITY",
    "components": [{"type": "BODY", "text": "Olá {{1}}, seu pedido {{2}} foi enviado."}],
    "namespace": "ns_loja",
    "status": "APPROVED",
}
PROMO_MARCH = {
    "name": "promo_march",
    "language": "pt_BR",
    "category": "MARKETING",
    "components": [{"type": "BODY", "text": "Promo de março!"}],
    "namespace": "ns_loja",
    "status": "PENDING",
}
NEW_TEMPLATE = {
    "name": "order_update",
    "language": "en_US",
    "category": "UTILITY",
    "components": [
        {"type": "HEADER", "format": "TEXT", "text": "Order"},
        {"type": "BODY", "text": "Hi {{1}}, order {{2}} shipped."},
        {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Track"}]},
    ],
}


def templates(flochat: FlochatClient, **params: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = answer(flochat.post("/whatsapp-template/list", **params))["data"]
    return found


def test_list_whatsapp_templates(flochat: FlochatClient, team: Sandbox) -> None:
    assert answer(flochat.post("/whatsapp-template/list")) == {"data": [ORDER_UPDATE, PROMO_MARCH]}
    assert templates(flochat, name="PROMO") == [PROMO_MARCH]
    assert templates(flochat, limit=1, page=2) == [PROMO_MARCH]
    response = flochat.post("/whatsapp-template/list", limit=0)
    assert answer(response, 400) == error("The limit must be between 1 and 100.")


def test_a_created_template_is_sent_once_synced(flochat: FlochatClient, team: Sandbox) -> None:
    assert answer(flochat.post("/whatsapp-template/create", NEW_TEMPLATE)) == OK
    created = {**NEW_TEMPLATE, "namespace": "ns_loja", "status": "PENDING"}
    assert templates(flochat)[-1] == created
    content = {
        "namespace": "ns_loja",
        "name": "order_update",
        "lang": "en_US",
        "params": {"BODY_{{1}}": "Carla", "BODY_{{2}}": "77"},
    }
    body = {"user_ns": "f123u1", "content": content}
    response = flochat.post("/subscriber/send-whatsapp-template", body)
    assert answer(response, 400) == error("Template is not approved")
    assert answer(flochat.post("/whatsapp-template/sync")) == OK
    assert [t["status"] for t in templates(flochat)] == ["APPROVED", "APPROVED", "APPROVED"]
    assert answer(flochat.post("/subscriber/send-whatsapp-template", body)) == OK


def test_the_first_template_of_a_flow_gets_a_namespace(flochat: FlochatClient) -> None:
    assert answer(flochat.post("/whatsapp-template/create", NEW_TEMPLATE)) == OK
    [created] = templates(flochat)
    assert re.fullmatch(
        r"[0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12}", created["namespace"]
    )


@pytest.mark.parametrize(
    ("changes", "message_text"),
    [
        ({"language": "pt_BR"}, "Template already exists"),
        ({"name": "Order Update"}, "The name format is invalid."),
        ({"name": None}, "The name field is required."),
        ({"category": "PROMO"}, "The selected category is invalid."),
        ({"components": []}, "The components field is required."),
        (
            {"components": [{"type": "FOOTER", "text": "Obrigado"}]},
            "The components must have a BODY component.",
        ),
        ({"components": [{"type": "BODY2"}]}, "The selected components.0.type is invalid."),
        ({"components": ["BODY"]}, "The components.0 must be an array."),
    ],
)
def test_create_whatsapp_template_errors(
    flochat: FlochatClient, team: Sandbox, changes: dict[str, Any], message_text: str
) -> None:
    body = {**NEW_TEMPLATE, **changes}
    assert answer(flochat.post("/whatsapp-template/create", body), 400) == error(message_text)
    assert len(templates(flochat)) == 2


def test_delete_whatsapp_template_in_every_language(flochat: FlochatClient, team: Sandbox) -> None:
    assert answer(flochat.post("/whatsapp-template/create", NEW_TEMPLATE)) == OK
    assert answer(flochat.delete("/whatsapp-template/delete", {"name": "order_update"})) == OK
    assert templates(flochat) == [PROMO_MARCH]
    response = flochat.delete("/whatsapp-template/delete", {"name": "order_update"})
    assert answer(response, 400) == error("Template not found")
    response = flochat.delete("/whatsapp-template/delete", {})
    assert answer(response, 400) == error("The name field is required.")


# -- custom events ------------------------------------------------------------------------------

SIGNUP = {
    "name": "Signup",
    "event_ns": "f123e2",
    "description": "",
    "text_label": "",
    "price_label": "",
    "number_label": "",
}


def test_list_custom_events(flochat: FlochatClient, team: Sandbox) -> None:
    assert answer(flochat.get("/flow/custom-events")) == {"data": [PURCHASE, SIGNUP]}
    assert answer(flochat.get("/flow/custom-events", name="sign")) == {"data": [SIGNUP]}
    assert answer(flochat.get("/flow/custom-events", limit=1, page=2)) == {"data": [SIGNUP]}


def test_log_custom_event_then_read_its_data(flochat: FlochatClient, team: Sandbox) -> None:
    body = {
        "user_ns": "f123u1",
        "event_name": "purchase",
        "text_value": "Tênis",
        "price_value": 199.9,
        "number_value": 2,
    }
    assert answer(flochat.post("/subscriber/log-custom-event", body)) == OK
    assert stored(team, "f123u1")["events"] == ["f123e1"]
    response = flochat.get("/flow/custom-events/data", event_ns="f123e1")
    assert answer(response) == {
        "data": [
            {
                "id": 1,
                "user_ns": "f123u1",
                "event_ns": "f123e1",
                "text_value": "Tênis",
                "price_value": "199.9",
                "number_value": "2",
                "created_at": "2026-03-01 12:00:00",
            }
        ],
        "status": "ok",
    }
    body = {"user_ns": "f123u1", "event_name": "Purchase"}
    assert answer(flochat.post("/subscriber/log-custom-event", body)) == OK
    assert stored(team, "f123u1")["events"] == ["f123e1"]
    [second] = answer(flochat.get("/flow/custom-events/data", event_ns="f123e1", start_id=2))[
        "data"
    ]
    assert (second["id"], second["text_value"], second["price_value"]) == (2, "", "")


@pytest.mark.parametrize(
    ("body", "message_text"),
    [
        ({"user_ns": "f123u1", "event_name": "Refund"}, "Custom event not found"),
        ({"user_ns": "f123u9", "event_name": "Signup"}, "Subscriber not found"),
        ({"user_ns": "f123u1"}, "The event name field is required."),
        (
            {"user_ns": "f123u1", "event_name": "Signup", "price_value": "cheap"},
            "The price value must be a number.",
        ),
        (
            {"user_ns": "f123u1", "event_name": "Signup", "number_value": True},
            "The number value must be a number.",
        ),
        (
            {"user_ns": "f123u1", "event_name": "Signup", "price_value": "1e999"},
            "The price value must be a number.",
        ),
    ],
)
def test_log_custom_event_errors(
    flochat: FlochatClient, team: Sandbox, body: dict[str, Any], message_text: str
) -> None:
    assert answer(flochat.post("/subscriber/log-custom-event", body), 400) == error(message_text)
    assert stored(team, "f123u1").get("events") is None


def log_event(flochat: FlochatClient, sandbox: Sandbox, when: str, user_ns: str, text: str) -> None:
    moment = datetime.fromisoformat(when).replace(tzinfo=timezone.utc)
    sandbox.clock.freeze(moment)
    body = {"user_ns": user_ns, "event_name": "Purchase", "text_value": text}
    assert answer(flochat.post("/subscriber/log-custom-event", body)) == OK


@pytest.fixture
def purchases(flochat: FlochatClient, team: Sandbox) -> Sandbox:
    """Purchases on 25 and 28 February and today (1 March, the frozen clock)."""
    log_event(flochat, team, "2026-02-25 09:00:00", "f123u1", "Bolsa")
    log_event(flochat, team, "2026-02-28 10:00:00", "f123u1", "Tênis")
    log_event(flochat, team, "2026-02-28 23:59:59", "f123u2", "Tênis")
    log_event(flochat, team, "2026-03-01 12:00:00", "f123u2", "Tênis")
    return team


def test_custom_event_summary_of_yesterday(flochat: FlochatClient, purchases: Sandbox) -> None:
    response = flochat.get("/flow/custom-events/summary", event_ns="f123e1")
    assert answer(response) == {
        "data": PURCHASE,
        "status": "ok",
        "stats": [{"num": 2, "unique_user_num": 2, "start_date": "2026-02-28"}],
        "total": {"num": 2, "unique_user_num": 2},
        "start_date": "2026-02-28 00:00:00",
        "end_date": "2026-02-28 23:59:59",
        "text_values": [{"num": 2, "unique_user_num": 2, "text_value": "Tênis"}],
    }


@pytest.mark.parametrize(
    ("name", "first", "last", "total", "text_values"),
    [
        ("last_7_days", "2026-02-22", "2026-02-28", 3, [("Tênis", 2), ("Bolsa", 1)]),
        ("last_30_days", "2026-01-30", "2026-02-28", 3, [("Tênis", 2), ("Bolsa", 1)]),
        ("last_week", "2026-02-16", "2026-02-22", 0, []),
        ("last_month", "2026-02-01", "2026-02-28", 3, [("Tênis", 2), ("Bolsa", 1)]),
        ("last_3_months", "2025-12-01", "2026-02-28", 3, [("Tênis", 2), ("Bolsa", 1)]),
    ],
)
def test_custom_event_summary_ranges(
    flochat: FlochatClient,
    purchases: Sandbox,
    name: str,
    first: str,
    last: str,
    total: int,
    text_values: list[tuple[str, int]],
) -> None:
    summary = answer(flochat.get("/flow/custom-events/summary", event_ns="f123e1", range=name))
    assert (summary["start_date"], summary["end_date"]) == (f"{first} 00:00:00", f"{last} 23:59:59")
    days = [day["start_date"] for day in summary["stats"]]
    assert (days[0], days[-1]) == (first, last)
    assert len(days) == (datetime.fromisoformat(last) - datetime.fromisoformat(first)).days + 1
    assert summary["total"]["num"] == total
    assert [(t["text_value"], t["num"]) for t in summary["text_values"]] == text_values


def test_custom_event_data_time_range(flochat: FlochatClient, purchases: Sandbox) -> None:
    data = answer(
        flochat.get(
            "/flow/custom-events/data",
            event_ns="f123e1",
            start_time=1772272800,  # 2026-02-28 10:00:00
            end_time=1772323199,  # 2026-02-28 23:59:59
        )
    )["data"]
    assert [(d["id"], d["user_ns"]) for d in data] == [(2, "f123u1"), (3, "f123u2")]
    limited = answer(flochat.get("/flow/custom-events/data", event_ns="f123e1", limit=1))["data"]
    assert [d["id"] for d in limited] == [1]


@pytest.mark.parametrize(
    ("path", "params", "message_text"),
    [
        ("/flow/custom-events/summary", {}, "The event ns field is required."),
        ("/flow/custom-events/summary", {"event_ns": "f123e9"}, "Custom event not found"),
        (
            "/flow/custom-events/summary",
            {"event_ns": "f123e1", "range": "today"},
            "The selected range is invalid.",
        ),
        ("/flow/custom-events/data", {}, "The event ns field is required."),
        ("/flow/custom-events/data", {"event_ns": "f123e9"}, "Custom event not found"),
        (
            "/flow/custom-events/data",
            {"event_ns": "f123e1", "limit": 101},
            "The limit must be between 1 and 100.",
        ),
        ("/flow/custom-events", {"page": 0}, "The page must be between 1 and 100."),
    ],
)
def test_custom_event_read_errors(
    flochat: FlochatClient, team: Sandbox, path: str, params: dict[str, Any], message_text: str
) -> None:
    assert answer(flochat.get(path, **params), 400) == error(message_text)


# -- app triggers -------------------------------------------------------------------------------


def test_app_trigger_is_recorded(flochat: FlochatClient, team: Sandbox) -> None:
    body = {
        "user_ns": "f123u1",
        "trigger_name": "product_viewed",
        "context": {"product_name": "apple", "product_id": "123"},
    }
    assert answer(flochat.post("/subscriber/app-trigger", body)) == OK
    [row] = team.store.find(APP_TRIGGERS, "default")
    assert {k: row[k] for k in ("user_ns", "trigger_name", "context", "created_at")} == {
        "user_ns": "f123u1",
        "trigger_name": "product_viewed",
        "context": {"product_name": "apple", "product_id": "123"},
        "created_at": 1772366400,
    }


@pytest.mark.parametrize(
    ("body", "message_text"),
    [
        ({"user_ns": "f123u1"}, "The trigger name field is required."),
        (
            {"user_ns": "f123u1", "trigger_name": "x", "context": "x"},
            "The context must be an array.",
        ),
        ({"user_ns": "f123u9", "trigger_name": "x"}, "Subscriber not found"),
    ],
)
def test_app_trigger_errors(
    flochat: FlochatClient, team: Sandbox, body: dict[str, Any], message_text: str
) -> None:
    assert answer(flochat.post("/subscriber/app-trigger", body), 400) == error(message_text)
    assert team.store.find(APP_TRIGGERS, "default") == []
