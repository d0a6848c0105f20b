"""Subscribers through the API: the list and its filters, /team-bot-users, info by
user_ns and by user id, create, update and delete."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from sandbox.platforms.flochat.models.common import MESSAGES, SUBSCRIBERS
from tests.conftest import FROZEN_AT
from tests.platforms.flochat import helpers
from tests.platforms.flochat.helpers import (
    LIMIT_REFUSALS,
    OK,
    FlochatClient,
    answer,
    error,
    load_team,
)

NOT_FOUND = error("Subscriber not found")
CUSTOMER = {"name": "Customer", "tag_ns": "f123t1"}
LEAD = {"name": "Lead", "tag_ns": "f123t2"}


def city(value: str) -> dict[str, str]:
    return {
        "name": "City",
        "var_ns": "f123v1",
        "var_type": "text",
        "description": "",
        "value": value,
    }


def orders(value: str) -> dict[str, str]:
    return {
        "name": "Orders",
        "var_ns": "f123v2",
        "var_type": "number",
        "description": "",
        "value": value,
    }


def bot_user(**values: Any) -> dict[str, Any]:
    """The vendor's BotUser: every text "" unless given, `gender` only when known."""
    return {
        "name": "",
        "first_name": "",
        "last_name": "",
        "email": "",
        "phone": "",
        "locale": "",
        "language": "",
        "profile_pic": "",
        "subscribed": "",
        "opted_in_email": "",
        "opted_in_sms": "",
        "opted_in_through": "",
        "last_interaction": "",
        "last_seen": "",
        "last_message_at": "",
        "last_message_type": "",
        "tags": [],
        "user_fields": [],
        **values,
    }


CARLA = bot_user(
    name="Carla Mendes",
    user_ns="f123u1",
    user_id="5511987654321",
    first_name="Carla",
    last_name="Mendes",
    gender="female",
    email="carla@example.com",
    phone="+5511987654321",
    subscribed="2026-01-10 09:00:00",
    tags=[CUSTOMER],
    user_fields=[city("Recife"), orders("3")],
)
DIEGO = bot_user(
    name="Diego",
    user_ns="f123u2",
    user_id="5521912345678",
    first_name="Diego",
    phone="+5521912345678",
    subscribed="2026-02-01 10:00:00",
)

#: Two more subscribers of flow 123 for the filters, and one of flow 456.
EVA = {
    "user_ns": "f123u3",
    "user_id": "17845550001",
    "channel": "instagram",
    "first_name": "Eva",
    "last_name": "Lima",
    "email": "eva@shop.com",
    "opted_in_email": "2026-02-01 08:00:00",
    "last_interaction": "2026-02-28 13:00:00",
    "tags": ["Lead"],
    "labels": ["Wholesale"],
    "user_fields": {"City": "São Paulo"},
}
FABIO = {
    "user_ns": "f123u4",
    "user_id": "900100",
    "channel": "telegram",
    "first_name": "Fabio",
    "opted_in_sms": "2026-01-01 00:00:00",
    "last_interaction": "2026-02-20 10:00:00",
    "last_message_at": "2026-02-28 11:59:59",
    "user_fields": {"City": "recife", "Orders": 0},
}
GIL = {"user_ns": "f456u1", "user_id": "17845550002", "channel": "instagram", "first_name": "Gil"}


def team_with(
    *subscribers: dict[str, Any], other_flow: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """SEED_TEAM with more subscribers in flow 123 and some in flow 456."""
    team = copy.deepcopy(helpers.SEED_TEAM)
    team["flows"][0]["subscribers"].extend(copy.deepcopy(list(subscribers)))
    team["flows"][1]["subscribers"] = copy.deepcopy(other_flow or [])
    return team


@pytest.fixture
def crowd(sandbox: Sandbox, frozen: object) -> None:
    """SEED_TEAM plus Eva and Fabio in flow 123 and Gil in flow 456."""
    load_team(sandbox, team_with(EVA, FABIO, other_flow=[GIL]))


def ns_of(response: Any) -> list[str]:
    return [subscriber["user_ns"] for subscriber in answer(response)["data"]]


# -- the list -------------------------------------------------------------------------------------


def test_the_list_shows_the_flows_subscribers_as_bot_users(
    flochat: FlochatClient, seeded: object
) -> None:
    assert answer(flochat.get("/subscribers")) == {"data": [CARLA, DIEGO]}


def test_the_list_is_paged(flochat: FlochatClient, crowd: None) -> None:
    assert ns_of(flochat.get("/subscribers", limit=3)) == ["f123u1", "f123u2", "f123u3"]
    assert ns_of(flochat.get("/subscribers", limit=3, page=2)) == ["f123u4"]
    assert ns_of(flochat.get("/subscribers", limit=3, page=1000)) == []


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"name": "carla"}, ["f123u1"]),
        ({"name": "A"}, ["f123u1", "f123u3", "f123u4"]),
        ({"phone": "98765"}, ["f123u1"]),
        ({"phone": "+55 21"}, ["f123u2"]),
        ({"email": "SHOP"}, ["f123u3"]),
        ({"is_channel": "whatsapp_cloud"}, ["f123u1", "f123u2"]),
        ({"is_channel": "instagram"}, ["f123u3"]),
        ({"is_channel": "web"}, []),
        ({"is_opt_in_email": "yes"}, ["f123u3"]),
        ({"is_opt_in_email": "no"}, ["f123u1", "f123u2", "f123u4"]),
        ({"is_opt_in_sms": "yes"}, ["f123u4"]),
        ({"is_interacted_in_last_24h": "yes"}, ["f123u1", "f123u3"]),
        ({"is_interacted_in_last_24h": "no"}, ["f123u2", "f123u4"]),
        ({"is_last_message_in_last_24h": "yes"}, ["f123u1"]),
        ({"is_last_message_in_last_24h": "no"}, ["f123u2", "f123u3", "f123u4"]),
        ({"is_bot_interacted_in_last_24h": "yes"}, []),
        ({"tag_ns": "f123t1"}, ["f123u1"]),
        ({"tag_ns": "f123t2"}, ["f123u3"]),
        ({"tag_ns": "f456t1"}, []),
        ({"label_id": "1"}, ["f123u1"]),
        ({"label_id": "2"}, ["f123u3"]),
        ({"label_id": "99"}, []),
        ({"event_ns": "f123e1"}, []),
        ({"user_field_ns": "f123v1"}, ["f123u1", "f123u3", "f123u4"]),
        ({"user_field_ns": "f123v1", "user_field_value": "RECIFE"}, ["f123u1", "f123u4"]),
        ({"user_field_ns": "f123v2"}, ["f123u1", "f123u4"]),
        ({"user_field_ns": "f123v2", "user_field_value": "3.0"}, ["f123u1"]),
        ({"user_field_ns": "f123v2", "user_field_value": "0"}, ["f123u4"]),
        ({"user_field_ns": "f123v2", "user_field_value": "many"}, []),
        ({"user_field_ns": "f123v9", "user_field_value": "x"}, []),
        ({"is_channel": "whatsapp_cloud", "tag_ns": "f123t1", "name": "men"}, ["f123u1"]),
        ({"is_channel": "whatsapp_cloud", "tag_ns": "f123t2"}, []),
    ],
)
def test_the_list_filters(
    flochat: FlochatClient, crowd: None, query: dict[str, str], found: list[str]
) -> None:
    assert ns_of(flochat.get("/subscribers", **query)) == found


def add_rows(sandbox: Sandbox, table: str, *rows: dict[str, Any]) -> None:
    """Store rows another group writes (messages), as it documents them."""
    with sandbox.store.transaction():
        for row in rows:
            sandbox.store.insert(table, "default", row)


def message(user_ns: str, kind: str, hours_ago: float, flow: int = 123) -> dict[str, Any]:
    ts = int((FROZEN_AT - timedelta(hours=hours_ago)).timestamp())
    return {"flow": flow, "user_ns": user_ns, "mid": 1, "type": kind, "ts": ts}


def test_the_24_hour_filters_read_the_conversations_messages(
    flochat: FlochatClient, sandbox: Sandbox, crowd: None
) -> None:
    add_rows(
        sandbox,
        MESSAGES,
        message("f123u2", "out", 1),  # the bot wrote to Diego an hour ago
        message("f123u4", "in", 23.9),  # Fabio wrote yesterday, within the window
        message("f123u3", "agent", 30),  # an agent wrote to Eva before the window
        message("f123u3", "out", 2, flow=456),  # another flow's user with the same ns
    )
    assert ns_of(flochat.get("/subscribers", is_bot_interacted_in_last_24h="yes")) == ["f123u2"]
    assert ns_of(flochat.get("/subscribers", is_interacted_in_last_24h="yes")) == [
        "f123u1",
        "f123u3",
        "f123u4",
    ]
    assert ns_of(flochat.get("/subscribers", is_last_message_in_last_24h="yes")) == [
        "f123u1",
        "f123u2",
        "f123u4",
    ]


def test_the_24_hours_follow_the_sandbox_clock(
    flochat: FlochatClient, sandbox: Sandbox, crowd: None
) -> None:
    sandbox.clock.set(FROZEN_AT + timedelta(hours=23))  # Carla wrote at 11:00 yesterday
    assert ns_of(flochat.get("/subscribers", is_interacted_in_last_24h="yes")) == ["f123u1"]
    sandbox.clock.set(FROZEN_AT + timedelta(hours=23, seconds=1))
    assert ns_of(flochat.get("/subscribers", is_interacted_in_last_24h="yes")) == []


def test_the_event_filter_reads_the_events_a_subscriber_logged(
    flochat: FlochatClient, sandbox: Sandbox, crowd: None
) -> None:
    with sandbox.store.transaction():  # as the custom events group records a logged event
        row = sandbox.store.first(SUBSCRIBERS, "default", user_ns="f123u2")
        assert row is not None
        sandbox.store.update(SUBSCRIBERS, row.id, {"events": ["f123e1", "f123e2"]})
    assert ns_of(flochat.get("/subscribers", event_ns="f123e2")) == ["f123u2"]
    assert ns_of(flochat.get("/subscribers", event_ns="f123e3")) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        *LIMIT_REFUSALS,
        ({"page": "0"}, "The page must be between 1 and 1000."),
        ({"page": "1001"}, "The page must be between 1 and 1000."),
        ({"is_channel": "sms"}, "The selected is channel is invalid."),
        ({"is_opt_in_email": "true"}, "The selected is opt in email is invalid."),
        ({"is_opt_in_sms": "1"}, "The selected is opt in sms is invalid."),
        (
            {"is_interacted_in_last_24h": "Yes"},
            "The selected is interacted in last 24h is invalid.",
        ),
        (
            {"is_bot_interacted_in_last_24h": "y"},
            "The selected is bot interacted in last 24h is invalid.",
        ),
        (
            {"is_last_message_in_last_24h": "n"},
            "The selected is last message in last 24h is invalid.",
        ),
        ({"label_id": "vip"}, "The label id must be an integer."),
        (
            {"user_field_value": "Recife"},
            "The user field ns field is required when user field value is present.",
        ),
    ],
)
def test_the_list_checks_its_filters(
    flochat: FlochatClient, seeded: object, query: dict[str, str], message: str
) -> None:
    assert answer(flochat.get("/subscribers", **query), 400) == error(message)


def test_a_key_lists_its_own_flow_only(client: Client, crowd: None) -> None:
    other = FlochatClient(client, helpers.OTHER_FLOW_KEY)
    gil = bot_user(
        name="Gil",
        user_ns="f456u1",
        user_id="17845550002",
        first_name="Gil",
        subscribed="2026-03-01 12:00:00",  # loaded on the frozen clock
    )
    assert answer(other.get("/subscribers")) == {"data": [gil]}
    assert answer(other.get("/subscriber/get-info", user_ns="f123u1"), 400) == NOT_FOUND


# -- /team-bot-users ------------------------------------------------------------------------------


def test_team_bot_users_lists_every_flow_with_its_own_tags(
    client: Client, sandbox: Sandbox, frozen: object
) -> None:
    gil = {**GIL, "tags": ["Customer"], "subscribed": "2026-02-15 10:00:00"}
    load_team(sandbox, team_with(other_flow=[gil]))
    team = FlochatClient(client, helpers.TEAM_ONLY_KEY)
    shown_gil = bot_user(
        name="Gil",
        user_ns="f456u1",
        user_id="17845550002",
        first_name="Gil",
        subscribed="2026-02-15 10:00:00",
        tags=[{"name": "Customer", "tag_ns": "f456t1"}],
    )
    assert answer(team.get("/team-bot-users")) == {"data": [CARLA, DIEGO, shown_gil]}
    assert answer(team.get("/team-bot-users", is_channel="instagram")) == {"data": [shown_gil]}
    assert answer(team.get("/team-bot-users", limit=2, page=2)) == {"data": [shown_gil]}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"name": "i"}, ["f123u2", "f123u3", "f123u4", "f456u1"]),
        ({"phone": "5511"}, ["f123u1"]),
        ({"email": "eva@"}, ["f123u3"]),
        ({"is_opt_in_sms": "yes"}, ["f123u4"]),
        ({"is_interacted_in_last_24h": "yes"}, ["f123u1", "f123u3"]),
        ({"is_last_message_in_last_24h": "no"}, ["f123u2", "f123u3", "f123u4", "f456u1"]),
        # the flow's own filters are not among its parameters, so they are ignored
        ({"tag_ns": "f123t1", "label_id": "1"}, ["f123u1", "f123u2", "f123u3", "f123u4", "f456u1"]),
    ],
)
def test_team_bot_users_filters(
    client: Client, crowd: None, query: dict[str, str], found: list[str]
) -> None:
    assert (
        ns_of(FlochatClient(client, helpers.TEAM_ONLY_KEY).get("/team-bot-users", **query)) == found
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"page": "1001"}, "The page must be between 1 and 1000."),
        ({"limit": "500"}, "The limit must be between 1 and 100."),
        ({"is_channel": "email"}, "The selected is channel is invalid."),
        ({"is_opt_in_email": "maybe"}, "The selected is opt in email is invalid."),
    ],
)
def test_team_bot_users_checks_its_filters(
    flochat: FlochatClient, seeded: object, query: dict[str, str], message: str
) -> None:
    assert answer(flochat.get("/team-bot-users", **query), 400) == error(message)


def test_the_lists_need_their_scopes(client: Client, seeded: object) -> None:
    denied = error("Invalid ability provided.")
    assert answer(FlochatClient(client, helpers.TEAM_ONLY_KEY).get("/subscribers"), 403) == denied
    assert (
        answer(FlochatClient(client, helpers.FLOW_ONLY_KEY).get("/team-bot-users"), 403) == denied
    )
    assert (
        answer(FlochatClient(client, helpers.FLOW_ONLY_KEY).get("/subscribers"))["data"][0] == CARLA
    )


# -- info -----------------------------------------------------------------------------------------


def test_get_info_answers_the_bare_bot_user(flochat: FlochatClient, seeded: object) -> None:
    assert answer(flochat.get("/subscriber/get-info", user_ns="f123u1")) == CARLA
    assert answer(flochat.get("/subscriber/get-info-by-user-id", user_id="5521912345678")) == DIEGO


@pytest.mark.parametrize(
    ("path", "query", "body"),
    [
        ("/subscriber/get-info", {}, error("The user ns field is required.")),
        ("/subscriber/get-info", {"user_ns": ""}, error("The user ns field is required.")),
        ("/subscriber/get-info", {"user_ns": "f123u9"}, NOT_FOUND),
        ("/subscriber/get-info", {"user_ns": "5511987654321"}, NOT_FOUND),
        ("/subscriber/get-info-by-user-id", {}, error("The user id field is required.")),
        ("/subscriber/get-info-by-user-id", {"user_id": "f123u1"}, NOT_FOUND),
        ("/subscriber/get-info-by-user-id", {"user_id": "+5511987654321"}, NOT_FOUND),
    ],
)
def test_get_info_errors(
    flochat: FlochatClient, seeded: object, path: str, query: dict[str, str], body: Any
) -> None:
    assert answer(flochat.get(path, **query), 400) == body


# -- create ---------------------------------------------------------------------------------------

BIA = {
    "first_name": "Bia",
    "last_name": "Souza",
    "phone": "+55 (21) 99999-0000",
    "email": "bia@example.com",
    "gender": "female",
    "image": "https://cdn.example.com/bia.jpg",
}
SHOWN_BIA = bot_user(
    name="Bia Souza",
    user_ns="f123u3",
    user_id="5521999990000",
    first_name="Bia",
    last_name="Souza",
    gender="female",
    email="bia@example.com",
    phone="+55 (21) 99999-0000",
    profile_pic="https://cdn.example.com/bia.jpg",
    subscribed="2026-03-01 12:00:00",
)


def test_create_answers_the_new_bot_user(flochat: FlochatClient, seeded: object) -> None:
    assert answer(flochat.post("/subscriber/create", BIA)) == SHOWN_BIA
    assert answer(flochat.get("/subscriber/get-info", user_ns="f123u3")) == SHOWN_BIA
    by_id = flochat.get("/subscriber/get-info-by-user-id", user_id="5521999990000")
    assert answer(by_id) == SHOWN_BIA
    # With a phone number, on a WhatsApp bot: a contact of the bot's WhatsApp.
    found = flochat.get("/subscribers", is_channel="whatsapp_cloud", phone="99999-0000")
    assert answer(found) == {"data": [SHOWN_BIA]}


def test_create_with_an_email_only(flochat: FlochatClient, seeded: object) -> None:
    created = answer(flochat.post("/subscriber/create", {"email": "joao@example.com"}))
    assert created == bot_user(
        user_ns="f123u3",
        user_id=created["user_id"],
        email="joao@example.com",
        subscribed="2026-03-01 12:00:00",
    )
    assert len(created["user_id"]) == 16 and created["user_id"].isdigit()
    # No phone, no WhatsApp: the API's own channel.
    assert ns_of(flochat.get("/subscribers", is_channel="apichat")) == ["f123u3"]


def test_a_phone_on_a_bot_of_another_channel_is_an_api_contact(
    client: Client, seeded: object
) -> None:
    instagram = FlochatClient(client, helpers.OTHER_FLOW_KEY)
    answer(instagram.post("/subscriber/create", {"phone": "+5511955554444"}))
    assert ns_of(instagram.get("/subscribers", is_channel="apichat")) == ["f456u1"]


def test_create_keeps_a_name_given_apart(flochat: FlochatClient, seeded: object) -> None:
    body = {"phone": "+351912345678", "name": "Zé da Loja", "first_name": "José"}
    created = answer(flochat.post("/subscriber/create", body))
    assert (created["name"], created["first_name"], created["last_name"]) == (
        "Zé da Loja",
        "José",
        "",
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "The phone field is required when email is not present."),
        (
            {"phone": "", "email": "", "first_name": "X"},
            "The phone field is required when email is not present.",
        ),
        ({"phone": "   "}, "The phone field is required when email is not present."),
        ({"email": "nope"}, "The email must be a valid email address."),
        ({"email": "a@b"}, "The email must be a valid email address."),
        ({"phone": "call me"}, "The phone format is invalid."),
        ({"phone": "12345"}, "The phone format is invalid."),
        ({"phone": "+1234567890123456"}, "The phone format is invalid."),
        ({"phone": 5511999990000}, "The phone must be a string."),
        ({"phone": "+15550100", "gender": "other"}, "The selected gender is invalid."),
        ({"phone": "+15550100", "first_name": 7}, "The first name must be a string."),
        ({"phone": "+5511987654321"}, "The phone has already been taken."),
        ({"phone": "55 11 98765-4321"}, "The phone has already been taken."),
        ({"email": "CARLA@example.com"}, "The email has already been taken."),
        (
            {"phone": "+1555010099", "email": "carla@example.com"},
            "The email has already been taken.",
        ),
    ],
)
def test_create_errors_write_nothing(
    flochat: FlochatClient, seeded: object, body: dict[str, Any], message: str
) -> None:
    assert answer(flochat.post("/subscriber/create", body), 400) == error(message)
    assert ns_of(flochat.get("/subscribers")) == ["f123u1", "f123u2"]


def test_a_phone_taken_as_a_user_id_is_taken(
    flochat: FlochatClient, sandbox: Sandbox, frozen: object
) -> None:
    load_team(sandbox, team_with({"user_id": "5531977776666", "first_name": "No phone"}))
    response = flochat.post("/subscriber/create", {"phone": "+55 31 97777-6666"})
    assert answer(response, 400) == error("The phone has already been taken.")
    body = {"user_ns": "f123u2", "phone": "+55 31 97777-6666"}
    assert answer(flochat.put("/subscriber/update", body), 400) == error(
        "The phone has already been taken."
    )


def test_another_flow_may_have_the_same_contact(client: Client, seeded: object) -> None:
    other = FlochatClient(client, helpers.OTHER_FLOW_KEY)
    body = {"phone": "+5511987654321", "email": "carla@example.com", "first_name": "Carla"}
    created = answer(other.post("/subscriber/create", body))
    assert (created["user_ns"], created["user_id"]) == ("f456u1", "5511987654321")


# -- update ---------------------------------------------------------------------------------------


def test_update_answers_the_changed_bot_user(flochat: FlochatClient, seeded: object) -> None:
    body = {
        "user_ns": "f123u2",
        "last_name": "Costa",
        "email": "diego@example.com",
        "gender": "male",
        "image": "https://cdn.example.com/diego.png",
    }
    changed = {
        **DIEGO,
        "name": "Diego Costa",
        "last_name": "Costa",
        "email": "diego@example.com",
        "gender": "male",
        "profile_pic": "https://cdn.example.com/diego.png",
    }
    assert answer(flochat.put("/subscriber/update", body)) == changed
    assert answer(flochat.get("/subscriber/get-info", user_ns="f123u2")) == changed


def test_update_keeps_what_it_is_not_given(flochat: FlochatClient, seeded: object) -> None:
    body = {"user_ns": "f123u1", "email": "", "phone": "  ", "first_name": None}
    assert answer(flochat.put("/subscriber/update", body)) == CARLA


def test_a_name_set_apart_is_kept_when_first_name_changes(
    flochat: FlochatClient, seeded: object
) -> None:
    answer(flochat.put("/subscriber/update", {"user_ns": "f123u1", "name": "Carlinha"}))
    renamed = answer(flochat.put("/subscriber/update", {"user_ns": "f123u1", "first_name": "Ana"}))
    assert (renamed["name"], renamed["first_name"]) == ("Carlinha", "Ana")


def test_update_may_keep_its_own_phone(flochat: FlochatClient, seeded: object) -> None:
    body = {"user_ns": "f123u1", "phone": "+55 11 98765-4321"}
    assert answer(flochat.put("/subscriber/update", body))["phone"] == "+55 11 98765-4321"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "The user ns field is required."),
        ({"gender": "x"}, "The user ns field is required."),
        ({"user_ns": "f123u9", "first_name": "X"}, "Subscriber not found"),
        ({"user_ns": "f123u2", "phone": "+5511987654321"}, "The phone has already been taken."),
        ({"user_ns": "f123u2", "email": "Carla@Example.com"}, "The email has already been taken."),
        ({"user_ns": "f123u2", "email": "diego"}, "The email must be a valid email address."),
        ({"user_ns": "f123u2", "gender": "m"}, "The selected gender is invalid."),
        ({"user_ns": "f123u2", "phone": "0"}, "The phone format is invalid."),
    ],
)
def test_update_errors_write_nothing(
    flochat: FlochatClient, seeded: object, body: dict[str, Any], message: str
) -> None:
    assert answer(flochat.put("/subscriber/update", body), 400) == error(message)
    assert answer(flochat.get("/subscriber/get-info", user_ns="f123u2")) == DIEGO


# -- delete ---------------------------------------------------------------------------------------


def test_delete_removes_the_subscriber(flochat: FlochatClient, seeded: object) -> None:
    assert answer(flochat.delete("/subscriber/delete", {"user_ns": "f123u1"})) == OK
    assert answer(flochat.get("/subscriber/get-info", user_ns="f123u1"), 400) == NOT_FOUND
    assert answer(flochat.get("/subscribers")) == {"data": [DIEGO]}
    assert answer(flochat.delete("/subscriber/delete", {"user_ns": "f123u1"}), 400) == NOT_FOUND
    # its phone is free again
    again = answer(flochat.post("/subscriber/create", {"phone": "+5511987654321"}))
    assert again["user_ns"] == "f123u3"


def test_delete_errors(client: Client, flochat: FlochatClient, seeded: object) -> None:
    required = error("The user ns field is required.")
    assert answer(flochat.delete("/subscriber/delete", {}), 400) == required
    other = FlochatClient(client, helpers.OTHER_FLOW_KEY)
    assert answer(other.delete("/subscriber/delete", {"user_ns": "f123u1"}), 400) == NOT_FOUND
    assert answer(flochat.get("/subscribers")) == {"data": [CARLA, DIEGO]}


def test_delete_reads_the_user_ns_from_the_query_too(
    flochat: FlochatClient, seeded: object
) -> None:
    assert answer(flochat.delete("/subscriber/delete", user_ns="f123u2")) == OK
    assert answer(flochat.get("/subscribers")) == {"data": [CARLA]}
