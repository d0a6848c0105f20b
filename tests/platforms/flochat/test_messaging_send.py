"""Sending to one subscriber: text, sub flows, the main flow, nodes, SMS, e-mail, dynamic
content and WhatsApp templates, with the rules that refuse a send (unsubscribed, paused
bot, opt-ins, WhatsApp's 24-hour window)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from sandbox.platforms.flochat.models.common import SUBSCRIBERS
from tests.platforms.flochat import helpers
from tests.platforms.flochat.helpers import OK, FlochatClient, answer, error, text_message
from tests.platforms.flochat.test_messaging_support import (
    NOW,
    RE_ENGAGEMENT,
    chat,
    sent,
    sent_texts,
    stored,
    team,
)

__all__ = ["team"]  # the fixture, used by name

TEMPLATE = {
    "namespace": "ns_loja",
    "name": "order_update",
    "lang": "pt_BR",
    "params": {"BODY_{{1}}": "Diego", "BODY_{{2}}": "1234"},
}


TEXT = {"type": "text", "text": "x"}


def message(mid: int, content: str, **overrides: Any) -> dict[str, Any]:
    """A bot's text message as chat-messages shows it."""
    return {**text_message(mid, "out", content, "", NOW), **overrides}


# -- send-text --------------------------------------------------------------------------------


def test_send_text_records_a_bot_message_in_the_conversation(
    flochat: FlochatClient, team: Sandbox
) -> None:
    response = flochat.post("/subscriber/send-text", {"user_ns": "f123u1", "content": "Chegou!"})
    assert answer(response) == OK
    assert chat(flochat, "f123u1")[0] == message(4, "Chegou!")
    row = stored(team, "f123u1")
    assert (row["last_message_at"], row["last_message_type"]) == ("2026-03-01 12:00:00", "text")
    [item] = [m for m in sent(team, "f123u1") if m["kind"] == "text"]
    assert item == {
        "flow": 123,
        "user_ns": "f123u1",
        "mid": 4,
        "type": "out",
        "msg_type": "text",
        "content": "Chegou!",
        "payload": {"text": "Chegou!"},
        "sender_id": "",
        "ts": NOW,
        "via": "whatsapp_cloud",
        "kind": "text",
        "details": {},
        "status": "sent",
    }


@pytest.mark.parametrize(
    ("user_ns", "message_text"),
    [
        ("f123u2", RE_ENGAGEMENT),  # Diego never wrote
        ("f123u3", RE_ENGAGEMENT),  # Elis wrote two days ago
        ("f123u5", "Subscriber is unsubscribed"),
        ("f123u9", "Subscriber not found"),
    ],
)
def test_send_text_is_refused_and_records_nothing(
    flochat: FlochatClient, team: Sandbox, user_ns: str, message_text: str
) -> None:
    response = flochat.post("/subscriber/send-text", {"user_ns": user_ns, "content": "Oi"})
    assert answer(response, 400) == error(message_text)
    assert [m for m in sent(team) if m["kind"] != "history"] == []


def test_the_window_closes_24_hours_after_the_customers_message(
    flochat: FlochatClient, team: Sandbox
) -> None:
    team.clock.freeze(datetime(2026, 3, 2, 10, 59, 59, tzinfo=timezone.utc))
    assert answer(flochat.post("/subscriber/send-text", {"user_ns": "f123u1", "content": "a"}))
    team.clock.freeze(datetime(2026, 3, 2, 11, 0, 0, tzinfo=timezone.utc))
    response = flochat.post("/subscriber/send-text", {"user_ns": "f123u1", "content": "b"})
    assert answer(response, 400) == error(RE_ENGAGEMENT)


def test_channels_other_than_whatsapp_have_no_window(flochat: FlochatClient, team: Sandbox) -> None:
    response = flochat.post("/subscriber/send-text", {"user_ns": "f123u4", "content": "Oi"})
    assert answer(response) == OK
    assert sent(team, "f123u4")[0]["via"] == "facebook"


@pytest.mark.parametrize(
    ("body", "message_text"),
    [
        ({"content": "x"}, "The user ns field is required."),
        ({"user_ns": "f123u1"}, "The content field is required."),
        ({"user_ns": "f123u1", "content": 5}, "The content must be a string."),
    ],
)
def test_send_text_validates_its_input(
    flochat: FlochatClient, team: Sandbox, body: dict[str, Any], message_text: str
) -> None:
    assert answer(flochat.post("/subscriber/send-text", body), 400) == error(message_text)


#: Each sending operation with a body it would send (Carla is in the window).
SENDS = [
    ("/subscriber/send-text", {"user_ns": "f123u1", "content": "x"}),
    ("/subscriber/send-main-flow", {"user_ns": "f123u1"}),
    ("/subscriber/send-sub-flow", {"user_ns": "f123u1", "sub_flow_ns": "f123s1"}),
    ("/subscriber/send-sub-flow-by-flow-name", {"user_ns": "f123u1", "flow_name": "Welcome"}),
    ("/subscriber/send-sub-flow-by-user-id", {"user_id": "5511987654321", "sub_flow_ns": "f123s1"}),
    ("/subscriber/send-node", {"user_ns": "f123u1", "node_ns": "f123n1"}),
    ("/subscriber/send-sms", {"user_ns": "f123u3", "content": "x"}),
    ("/subscriber/send-email", {"user_ns": "f123u3", "content": "x"}),
    (
        "/subscriber/send-content",
        {"user_ns": "f123u1", "data": {"version": "v1", "content": {"messages": [TEXT]}}},
    ),
    ("/subscriber/send-whatsapp-template", {"user_ns": "f123u1", "content": TEMPLATE}),
    (
        "/subscriber/send-whatsapp-template-by-user-id",
        {"user_id": "5511987654321", "content": TEMPLATE},
    ),
]


@pytest.mark.parametrize(("path", "body"), SENDS)
def test_sending_needs_the_manage_flow_scope(
    client: Client, team: Sandbox, path: str, body: dict[str, Any]
) -> None:
    team_only = FlochatClient(client, helpers.TEAM_ONLY_KEY)
    assert answer(team_only.post(path, body), 403) == error("Invalid ability provided.")
    assert [m for m in sent(team) if m["kind"] != "history"] == []
    # The same request with a key that has the scope sends.
    assert answer(FlochatClient(client, helpers.FLOW_ONLY_KEY).post(path, body)) == OK
    assert len([m for m in sent(team) if m["kind"] != "history"]) == 1


# -- sub flows, the main flow and nodes ---------------------------------------------------------


def test_send_sub_flow_records_the_text_of_each_node(flochat: FlochatClient, team: Sandbox) -> None:
    body = {"user_ns": "f123u1", "sub_flow_ns": "f123s3"}
    assert answer(flochat.post("/subscriber/send-sub-flow", body)) == OK
    assert chat(flochat, "f123u1")[:2] == [
        message(5, "Track it at loja.com/t"),
        message(4, "Your order is on its way"),
    ]
    assert {m["details"]["sub_flow_ns"] for m in sent(team, "f123u1")[-2:]} == {"f123s3"}


def test_send_sub_flow_by_flow_name_matches_in_any_case(
    flochat: FlochatClient, team: Sandbox
) -> None:
    body = {"user_ns": "f123u1", "flow_name": "order STATUS"}
    assert answer(flochat.post("/subscriber/send-sub-flow-by-flow-name", body)) == OK
    assert sent_texts(team, "f123u1") == ["Your order is on its way", "Track it at loja.com/t"]
    body["flow_name"] = "Nope"
    response = flochat.post("/subscriber/send-sub-flow-by-flow-name", body)
    assert answer(response, 400) == error("Sub flow not found")


def test_send_sub_flow_by_user_id(flochat: FlochatClient, team: Sandbox) -> None:
    body = {"user_id": "5511987654321", "sub_flow_ns": "f123s1"}
    assert answer(flochat.post("/subscriber/send-sub-flow-by-user-id", body)) == OK
    assert sent_texts(team, "f123u1") == ["Hi there!"]
    body["user_id"] = "000"
    response = flochat.post("/subscriber/send-sub-flow-by-user-id", body)
    assert answer(response, 400) == error("Subscriber not found")


@pytest.mark.parametrize(
    ("body", "message_text"),
    [
        ({"user_ns": "f123u1", "sub_flow_ns": "f123s99"}, "Sub flow not found"),
        ({"user_ns": "f123u2", "sub_flow_ns": "f123s3"}, RE_ENGAGEMENT),
        ({"user_ns": "f123u5", "sub_flow_ns": "f123s3"}, "Subscriber is unsubscribed"),
        ({"user_ns": "f123u1"}, "The sub flow ns field is required."),
    ],
)
def test_send_sub_flow_errors(
    flochat: FlochatClient, team: Sandbox, body: dict[str, Any], message_text: str
) -> None:
    assert answer(flochat.post("/subscriber/send-sub-flow", body), 400) == error(message_text)
    assert sent_texts(team, body["user_ns"]) == []


def test_a_sub_flow_without_text_sends_nothing_even_outside_the_window(
    flochat: FlochatClient, team: Sandbox
) -> None:
    body = {"user_ns": "f123u2", "sub_flow_ns": "f123s2"}
    assert answer(flochat.post("/subscriber/send-sub-flow", body)) == OK
    assert sent(team, "f123u2") == []


def test_a_paused_bot_runs_no_flow_until_resumed(flochat: FlochatClient, team: Sandbox) -> None:
    assert answer(flochat.post("/subscriber/pause-bot", {"user_ns": "f123u1", "minutes": 30}))
    assert stored(team, "f123u1")["bot_paused_until"] == "2026-03-01 12:30:00"
    for path, extra in [
        ("/subscriber/send-sub-flow", {"sub_flow_ns": "f123s3"}),
        ("/subscriber/send-main-flow", {}),
        ("/subscriber/send-node", {"node_ns": "f123n2"}),
    ]:
        response = flochat.post(path, {"user_ns": "f123u1", **extra})
        assert answer(response, 400) == error("Bot is paused for this subscriber")
    # Direct messages still go: only the automation is paused.
    assert answer(flochat.post("/subscriber/send-text", {"user_ns": "f123u1", "content": "Oi"}))
    assert answer(flochat.post("/subscriber/resume-bot", {"user_ns": "f123u1"})) == OK
    assert stored(team, "f123u1")["bot_paused_until"] is None
    assert answer(flochat.post("/subscriber/send-main-flow", {"user_ns": "f123u1"})) == OK
    assert sent_texts(team, "f123u1") == ["Oi", "Hi there!"]


def test_the_pause_ends_on_the_sandbox_clock(flochat: FlochatClient, team: Sandbox) -> None:
    assert answer(flochat.post("/subscriber/pause-bot", {"user_ns": "f123u1", "minutes": 1}))
    team.clock.freeze(datetime(2026, 3, 1, 12, 1, 0, tzinfo=timezone.utc))
    assert answer(flochat.post("/subscriber/send-main-flow", {"user_ns": "f123u1"})) == OK


@pytest.mark.parametrize(
    ("body", "message_text"),
    [
        ({"user_ns": "f123u1", "minutes": 0}, "The minutes must be at least 1."),
        # 100 years at most: a pause the sandbox can still tell the end of.
        (
            {"user_ns": "f123u1", "minutes": 52560001},
            "The minutes must not be greater than 52560000.",
        ),
        ({"user_ns": "f123u1", "minutes": 10**30}, "The minutes must be an integer."),
        ({"user_ns": "f123u1", "minutes": "soon"}, "The minutes must be an integer."),
        ({"user_ns": "f123u1"}, "The minutes field is required."),
        ({"user_ns": "f123u9", "minutes": 5}, "Subscriber not found"),
    ],
)
def test_pause_bot_errors(
    flochat: FlochatClient, team: Sandbox, body: dict[str, Any], message_text: str
) -> None:
    assert answer(flochat.post("/subscriber/pause-bot", body), 400) == error(message_text)


def test_resume_bot_of_an_unknown_subscriber(flochat: FlochatClient, team: Sandbox) -> None:
    response = flochat.post("/subscriber/resume-bot", {"user_ns": "f123u9"})
    assert answer(response, 400) == error("Subscriber not found")


def test_send_main_flow(flochat: FlochatClient, team: Sandbox) -> None:
    assert answer(flochat.post("/subscriber/send-main-flow", {"user_ns": "f123u1"})) == OK
    assert chat(flochat, "f123u1")[0] == message(4, "Hi there!")
    assert sent(team, "f123u1")[-1]["details"] == {"sub_flow_ns": "f123s1"}


def test_send_main_flow_without_a_main_flow(flochat: FlochatClient, team: Sandbox) -> None:
    assert answer(flochat.delete("/flow/delete-sub-flow", {"sub_flow_ns": "f123s1"})) == OK
    response = flochat.post("/subscriber/send-main-flow", {"user_ns": "f123u1"})
    assert answer(response, 400) == error("Main flow not found")


def test_send_node(flochat: FlochatClient, team: Sandbox) -> None:
    body = {"user_ns": "f123u1", "node_ns": "f123n4"}
    assert answer(flochat.post("/subscriber/send-node", body)) == OK
    assert chat(flochat, "f123u1")[0] == message(4, "Track it at loja.com/t")
    assert sent(team, "f123u1")[-1]["details"] == {"node_ns": "f123n4"}
    body["node_ns"] = "f123n3"  # a delay: no text to send
    assert answer(flochat.post("/subscriber/send-node", body)) == OK
    assert sent_texts(team, "f123u1") == ["Track it at loja.com/t"]


@pytest.mark.parametrize(
    ("body", "message_text"),
    [
        ({"user_ns": "f123u1", "node_ns": "f123n99"}, "Node not found"),
        ({"user_ns": "f123u2", "node_ns": "f123n2"}, RE_ENGAGEMENT),
        ({"user_ns": "f123u1"}, "The node ns field is required."),
    ],
)
def test_send_node_errors(
    flochat: FlochatClient, team: Sandbox, body: dict[str, Any], message_text: str
) -> None:
    assert answer(flochat.post("/subscriber/send-node", body), 400) == error(message_text)


# -- SMS and e-mail -----------------------------------------------------------------------------


def test_send_sms_needs_the_opt_in_not_the_window(flochat: FlochatClient, team: Sandbox) -> None:
    body = {"user_ns": "f123u3", "content": "Seu código: 1234"}
    assert answer(flochat.post("/subscriber/send-sms", body)) == OK
    [item] = sent(team, "f123u3")
    assert (item["via"], item["kind"], item["content"]) == ("sms", "sms", "Seu código: 1234")


@pytest.mark.parametrize(
    ("user_ns", "message_text"),
    [
        ("f123u1", "Subscriber has not opted in to SMS"),
        ("f123u4", "Subscriber has no phone number"),
        ("f123u5", "Subscriber is unsubscribed"),
        ("f123u9", "Subscriber not found"),
    ],
)
def test_send_sms_errors(
    flochat: FlochatClient, team: Sandbox, user_ns: str, message_text: str
) -> None:
    response = flochat.post("/subscriber/send-sms", {"user_ns": user_ns, "content": "x"})
    assert answer(response, 400) == error(message_text)


def test_send_email_records_the_subject(flochat: FlochatClient, team: Sandbox) -> None:
    body = {"user_ns": "f123u3", "content": "Pedido enviado", "subject": "Seu pedido"}
    assert answer(flochat.post("/subscriber/send-email", body)) == OK
    [item] = sent(team, "f123u3")
    assert (item["via"], item["content"], item["details"]) == (
        "email",
        "Pedido enviado",
        {"subject": "Seu pedido"},
    )


@pytest.mark.parametrize(
    ("body", "message_text"),
    [
        ({"user_ns": "f123u1", "content": "x"}, "Subscriber has not opted in to email"),
        ({"user_ns": "f123u2", "content": "x"}, "Subscriber has no email address"),
        ({"user_ns": "f123u3", "content": ""}, "The content field is required."),
        ({"user_ns": "f123u3", "content": "x", "subject": 1}, "The subject must be a string."),
    ],
)
def test_send_email_errors(
    flochat: FlochatClient, team: Sandbox, body: dict[str, Any], message_text: str
) -> None:
    assert answer(flochat.post("/subscriber/send-email", body), 400) == error(message_text)


# -- dynamic content ----------------------------------------------------------------------------


def content(**parts: Any) -> dict[str, Any]:
    return {"version": "v1", "content": parts}


def test_send_content_sends_messages_then_runs_its_actions(
    flochat: FlochatClient, team: Sandbox
) -> None:
    data = content(
        messages=[
            {"type": "text", "text": "Olá!"},
            {"type": "image", "url": "https://loja.com/p.png", "caption": "Novidade"},
        ],
        actions=[
            {"action": "add_tag", "tag_name": "lead"},
            {"action": "remove_tag", "tag_name": "Customer"},
            {"action": "set_field_value", "field_name": "City", "value": "Natal"},
            {"action": "unset_field_value", "field_name": "Orders"},
        ],
        quick_replies=[{"type": "node", "caption": "Rastrear", "target": "f123n4"}],
    )
    assert answer(flochat.post("/subscriber/send-content", {"user_ns": "f123u1", "data": data}))
    assert chat(flochat, "f123u1")[:2] == [
        message(
            5,
            "Novidade",
            msg_type="image",
            payload={"text": "Novidade", "url": "https://loja.com/p.png"},
        ),
        message(4, "Olá!"),
    ]
    assert sent(team, "f123u1")[-1]["details"] == {
        "quick_replies": [{"type": "node", "caption": "Rastrear", "target": "f123n4"}]
    }
    row = stored(team, "f123u1")
    assert (row["tags"], row["user_fields"]) == (["f123t2"], {"f123v1": "Natal"})


def test_send_content_goes_to_a_node_by_name(flochat: FlochatClient, team: Sandbox) -> None:
    data = content(messages=[{"type": "text", "text": "Veja:"}], goto="track")
    assert answer(flochat.post("/subscriber/send-content", {"user_ns": "f123u1", "data": data}))
    assert sent_texts(team, "f123u1") == ["Veja:", "Track it at loja.com/t"]


def test_send_content_cards_are_recorded_as_their_text(
    flochat: FlochatClient, team: Sandbox
) -> None:
    cards = {"type": "cards", "elements": [{"title": "Tênis", "subtitle": "R$ 199"}]}
    data = content(messages=[cards])
    assert answer(flochat.post("/subscriber/send-content", {"user_ns": "f123u1", "data": data}))
    assert sent_texts(team, "f123u1") == ["Tênis - R$ 199"]


def test_send_content_with_actions_only_needs_no_window(
    flochat: FlochatClient, team: Sandbox
) -> None:
    data = content(actions=[{"action": "add_tag", "tag_name": "Customer"}])
    assert answer(flochat.post("/subscriber/send-content", {"user_ns": "f123u2", "data": data}))
    assert stored(team, "f123u2")["tags"] == ["f123t1"]
    assert sent(team, "f123u2") == []


@pytest.mark.parametrize(
    ("data", "message_text"),
    [
        (None, "The data field is required."),
        ("text", "The data must be an array."),
        ({"version": "v2", "content": {}}, "The selected data.version is invalid."),
        ({"version": "v1"}, "The data.content field is required."),
        (
            content(messages=[{"type": "gif"}]),
            "The selected data.content.messages.0.type is invalid.",
        ),
        (
            content(messages=[{"type": "text"}]),
            "The data.content.messages.0.text field is required.",
        ),
        (
            content(messages=[{"type": "video"}]),
            "The data.content.messages.0.url field is required.",
        ),
        (
            content(messages=[{"type": "cards"}]),
            "The data.content.messages.0.elements field is required.",
        ),
        (
            content(messages=[{"type": "cards", "elements": ["Tênis"]}]),
            "The data.content.messages.0.elements.0 must be an array.",
        ),
        (
            content(messages=[{"type": "cards", "elements": [{"subtitle": "R$ 199"}]}]),
            "The data.content.messages.0.elements.0.title field is required.",
        ),
        (
            content(actions=[{"action": "add_tag"}]),
            "The data.content.actions.0.tag name field is required.",
        ),
        (content(actions=[{"action": "add_tag", "tag_name": "VIP"}]), "Tag not found"),
        (
            content(actions=[{"action": "unset_field_value", "field_name": "Age"}]),
            "Field not found",
        ),
        (
            content(actions=[{"action": "set_field_value", "field_name": "Orders", "value": "x"}]),
            "Invalid value for number field",
        ),
        (
            content(quick_replies=[{"type": "node", "caption": "A"}]),
            "The data.content.quick replies.0.target field is required.",
        ),
        (
            content(quick_replies=[{"type": "node", "caption": "A", "target": "nope"}]),
            "Node not found",
        ),
        (content(goto="nope"), "Node not found"),
    ],
)
def test_send_content_errors_send_and_change_nothing(
    flochat: FlochatClient, team: Sandbox, data: Any, message_text: str
) -> None:
    body = {"user_ns": "f123u1", "data": data, "text": "ignored"}
    if data is None:
        del body["data"]
    before = stored(team, "f123u1")
    assert answer(flochat.post("/subscriber/send-content", body), 400) == error(message_text)
    assert sent_texts(team, "f123u1") == []
    assert stored(team, "f123u1") == before


def test_send_content_outside_the_window_changes_nothing(
    flochat: FlochatClient, team: Sandbox
) -> None:
    data = content(
        messages=[{"type": "text", "text": "Oi"}],
        actions=[{"action": "add_tag", "tag_name": "Customer"}],
    )
    response = flochat.post("/subscriber/send-content", {"user_ns": "f123u2", "data": data})
    assert answer(response, 400) == error(RE_ENGAGEMENT)
    assert stored(team, "f123u2")["tags"] == []


# -- WhatsApp templates -------------------------------------------------------------------------


def test_a_template_goes_outside_the_window(flochat: FlochatClient, team: Sandbox) -> None:
    body = {"user_ns": "f123u2", "content": TEMPLATE}
    assert answer(flochat.post("/subscriber/send-whatsapp-template", body)) == OK
    text = "Olá Diego, seu pedido 1234 foi enviado."
    assert chat(flochat, "f123u2") == [message(4, text)]
    [item] = sent(team, "f123u2")
    assert (item["kind"], item["details"]) == (
        "template",
        {
            "template": {
                "namespace": "ns_loja",
                "name": "order_update",
                "lang": "pt_BR",
                "params": TEMPLATE["params"],
            }
        },
    )


def test_a_template_header_image_is_the_messages_url(flochat: FlochatClient, team: Sandbox) -> None:
    params = {**TEMPLATE["params"], "HEADER_IMAGE": "https://loja.com/box.png"}
    body = {"user_ns": "f123u2", "content": {**TEMPLATE, "params": params}}
    assert answer(flochat.post("/subscriber/send-whatsapp-template", body)) == OK
    assert chat(flochat, "f123u2")[0]["payload"] == {
        "text": "Olá Diego, seu pedido 1234 foi enviado.",
        "url": "https://loja.com/box.png",
    }


@pytest.mark.parametrize(
    ("user_ns", "changes", "message_text"),
    [
        (
            "f123u2",
            {"params": {"BODY_{{1}}": "Diego"}},
            "(#132000) Number of parameters does not match the expected number of params",
        ),
        ("f123u2", {"namespace": "other"}, "Template not found"),
        ("f123u2", {"lang": "en_US"}, "Template not found"),
        ("f123u2", {"name": "promo_march", "params": {}}, "Template is not approved"),
        (
            "f123u2",
            {"params": {**TEMPLATE["params"], "QUICK_REPLY_1": "f123s99"}},
            "Sub flow not found",
        ),
        ("f123u4", {}, "Subscriber is not a WhatsApp user"),
        ("f123u5", {}, "Subscriber is unsubscribed"),
        ("f123u9", {}, "Subscriber not found"),
        ("f123u2", {"lang": None}, "The content.lang field is required."),
        ("f123u2", {"params": "x"}, "The content.params must be an array."),
    ],
)
def test_send_whatsapp_template_errors(
    flochat: FlochatClient, team: Sandbox, user_ns: str, changes: dict[str, Any], message_text: str
) -> None:
    body = {"user_ns": user_ns, "content": {**TEMPLATE, **changes}}
    response = flochat.post("/subscriber/send-whatsapp-template", body)
    assert answer(response, 400) == error(message_text)
    assert [m for m in sent(team) if m["kind"] != "history"] == []


def test_send_whatsapp_template_needs_content(flochat: FlochatClient, team: Sandbox) -> None:
    response = flochat.post("/subscriber/send-whatsapp-template", {"user_ns": "f123u2"})
    assert answer(response, 400) == error("The content field is required.")


def test_send_template_by_user_id(flochat: FlochatClient, team: Sandbox) -> None:
    body = {"user_id": "5521912345678", "create_if_not_found": "no", "content": TEMPLATE}
    assert answer(flochat.post("/subscriber/send-whatsapp-template-by-user-id", body)) == OK
    assert sent_texts(team, "f123u2") == ["Olá Diego, seu pedido 1234 foi enviado."]


def test_send_template_by_user_id_creates_the_subscriber_when_asked(
    flochat: FlochatClient, team: Sandbox
) -> None:
    body: dict[str, Any] = {"user_id": "5511977776666", "content": TEMPLATE}
    response = flochat.post("/subscriber/send-whatsapp-template-by-user-id", body)
    assert answer(response, 400) == error("Subscriber not found")
    assert team.store.first(SUBSCRIBERS, "default", user_id="5511977776666") is None
    body["create_if_not_found"] = "yes"
    assert answer(flochat.post("/subscriber/send-whatsapp-template-by-user-id", body)) == OK
    created = team.store.first(SUBSCRIBERS, "default", user_id="5511977776666")
    assert created is not None
    assert (created["phone"], created["channel"]) == ("+5511977776666", "whatsapp_cloud")
    assert sent_texts(team, created["user_ns"]) == ["Olá Diego, seu pedido 1234 foi enviado."]


def test_a_refused_template_creates_no_subscriber(flochat: FlochatClient, team: Sandbox) -> None:
    content = {**TEMPLATE, "name": "nope"}
    body = {"user_id": "5511977776666", "create_if_not_found": "yes", "content": content}
    response = flochat.post("/subscriber/send-whatsapp-template-by-user-id", body)
    assert answer(response, 400) == error("Template not found")
    assert team.store.first(SUBSCRIBERS, "default", user_id="5511977776666") is None


def test_send_template_by_user_id_reads_the_number_as_whatsapp_does(
    flochat: FlochatClient, team: Sandbox
) -> None:
    """Asked to create it, a number written with + and spaces names the subscriber whose
    id is its digits, and is not created a second time; without, ids match as given."""
    body = {"user_id": "+55 21 91234-5678", "create_if_not_found": "no", "content": TEMPLATE}
    response = flochat.post("/subscriber/send-whatsapp-template-by-user-id", body)
    assert answer(response, 400) == error("Subscriber not found")
    body["create_if_not_found"] = "yes"
    assert answer(flochat.post("/subscriber/send-whatsapp-template-by-user-id", body)) == OK
    assert sent_texts(team, "f123u2") == ["Olá Diego, seu pedido 1234 foi enviado."]
    assert len(team.store.find(SUBSCRIBERS, "default", flow=123)) == 5


def test_a_subscriber_is_created_with_its_numbers_digits(
    flochat: FlochatClient, team: Sandbox
) -> None:
    body = {"user_id": "+55 11 97777-6666", "create_if_not_found": "yes", "content": TEMPLATE}
    assert answer(flochat.post("/subscriber/send-whatsapp-template-by-user-id", body)) == OK
    created = team.store.first(SUBSCRIBERS, "default", user_id="5511977776666")
    assert created is not None and created["phone"] == "+5511977776666"


def test_only_a_phone_number_is_created(flochat: FlochatClient, team: Sandbox) -> None:
    body = {"user_id": "carla", "create_if_not_found": "yes", "content": TEMPLATE}
    response = flochat.post("/subscriber/send-whatsapp-template-by-user-id", body)
    assert answer(response, 400) == error("The user id format is invalid.")
    assert len(team.store.find(SUBSCRIBERS, "default", flow=123)) == 5


def test_a_subscriber_created_by_phone_gets_templates_not_free_text(
    flochat: FlochatClient, team: Sandbox
) -> None:
    """Created through the API with a phone number on a WhatsApp bot, a subscriber has
    never written: templates reach it, free-form text waits for its first message."""
    created = answer(flochat.post("/subscriber/create", {"phone": "+5511977776666"}))
    user_ns = created["user_ns"]
    text = {"user_ns": user_ns, "content": "Oi"}
    assert answer(flochat.post("/subscriber/send-text", text), 400) == error(RE_ENGAGEMENT)
    template = {"user_ns": user_ns, "content": TEMPLATE}
    assert answer(flochat.post("/subscriber/send-whatsapp-template", template)) == OK
    assert sent_texts(team, user_ns) == ["Olá Diego, seu pedido 1234 foi enviado."]


def test_create_if_not_found_is_yes_or_no(flochat: FlochatClient, team: Sandbox) -> None:
    body = {"user_id": "1", "create_if_not_found": "maybe", "content": TEMPLATE}
    response = flochat.post("/subscriber/send-whatsapp-template-by-user-id", body)
    assert answer(response, 400) == error("The selected create if not found is invalid.")
