"""POST and PUT /api/end_users (seed 000, article 285; answers assumed, fidelity §2)."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.core.sandbox import Sandbox
from tests.platforms.flowxo.helpers import (
    ANA,
    ANA_PATH,
    BOB,
    NOW,
    NOW_HEX,
    OBJECT_ID,
    SHOP_BOT,
    SIMON,
    SIMON_PATH,
    SMS_BOT,
    SUPPORT_BOT,
    FlowXOClient,
    answer,
)

pytestmark = pytest.mark.usefixtures("seeded")

NO_PROFILE = {"user_name": None, "user_first_name": None, "user_last_name": None}


def simon_updated(profile: dict[str, Any]) -> dict[str, Any]:
    """The whole answer after seed user Simon was written to now with `profile`."""
    return {
        "end_user": {
            "_id": "65d4610c1a2b3c4d5e6f7a01",
            "connection": SUPPORT_BOT,
            "channel": SIMON,
            "response_path": SIMON_PATH,
            "platform": "telegram",
            "profile": profile,
            "created_at": "2026-02-20T09:15:00.000Z",
            "updated_at": NOW,
        }
    }


def created(response: Any) -> dict[str, Any]:
    """The end user of a 200 answer, after checking its new id: an ObjectId of NOW."""
    status, body = answer(response)
    assert status == 200, body
    user = body["end_user"]
    assert OBJECT_ID.match(user["_id"]) and user["_id"].startswith(NOW_HEX), user["_id"]
    return user


def exported_users(sandbox: Sandbox) -> list[dict[str, Any]]:
    return sandbox.export("default")["workspaces"]["default"]["flowxo"]["end_users"]


# -- create ---------------------------------------------------------------------------------


def test_create_a_user_with_the_documented_body(flowxo: FlowXOClient) -> None:
    body = {
        "connection": SHOP_BOT,
        "channel": "5521912345678",
        "profile": {
            "user_name": "Some Username",
            "user_first_name": "Joe",
            "user_last_name": "Joeson",
        },
    }

    user = created(flowxo.post("/api/end_users", body))

    assert user == {
        "_id": user["_id"],
        "connection": SHOP_BOT,
        "channel": "5521912345678",
        "response_path": f"{SHOP_BOT}/c/5521912345678",
        "platform": "whatsapp",
        "profile": {
            "user_name": "Some Username",
            "user_first_name": "Joe",
            "user_last_name": "Joeson",
        },
        "created_at": NOW,
        "updated_at": NOW,
    }


def test_create_without_a_profile_leaves_it_to_the_channel(flowxo: FlowXOClient) -> None:
    user = created(
        flowxo.post("/api/end_users", {"connection": SMS_BOT, "channel": "+15559870000"})
    )

    assert (user["response_path"], user["platform"], user["profile"]) == (
        f"{SMS_BOT}/c/+15559870000",
        "twilio",
        NO_PROFILE,
    )


def test_a_created_user_is_a_new_conversation_without_messages(flowxo: FlowXOClient) -> None:
    flowxo.post("/api/end_users", {"connection": SUPPORT_BOT, "channel": 42, "profile": {}})

    first = flowxo.get("/api/conversations").json["conversations"][0]

    assert first == {
        "agent_mode": False,
        "created_at": NOW,
        "id": f"{SUPPORT_BOT}/c/42",
        "id_url_encoded": f"{SUPPORT_BOT}%2Fc%2F42",
        "bot_id": SUPPORT_BOT,
        "bot_name": "Acme Support",
        "platform": "telegram",
        "user_id": "42",
        "user_name": None,
    }


def test_a_numeric_channel_id_is_taken_as_its_text(flowxo: FlowXOClient) -> None:
    user = created(flowxo.post("/api/end_users", {"connection": SUPPORT_BOT, "channel": 123456789}))

    assert (user["channel"], user["response_path"]) == ("123456789", f"{SUPPORT_BOT}/c/123456789")


@pytest.mark.parametrize(
    ("channel", "text"), [(5511912345678.0, "5511912345678"), (1.5, "1.5"), (1e-7, "1e-7")]
)
def test_a_json_number_is_read_as_javascript_writes_it(
    flowxo: FlowXOClient, channel: float, text: str
) -> None:
    user = created(flowxo.post("/api/end_users", {"connection": SUPPORT_BOT, "channel": channel}))

    assert user["channel"] == text


def test_a_null_profile_is_no_profile(flowxo: FlowXOClient) -> None:
    user = created(
        flowxo.post("/api/end_users", {"connection": SMS_BOT, "channel": "1", "profile": None})
    )

    assert user["profile"] == NO_PROFILE


def test_blank_profile_fields_set_nothing(flowxo: FlowXOClient) -> None:
    body = {
        "connection": SUPPORT_BOT,
        "channel": "555",
        "profile": {"user_name": "", "user_first_name": None, "user_last_name": "Lee", "x": 1},
    }

    user = created(flowxo.post("/api/end_users", body))

    assert user["profile"] == {"user_name": None, "user_first_name": None, "user_last_name": "Lee"}


def test_creating_an_existing_user_updates_that_user(
    flowxo: FlowXOClient, sandbox: Sandbox
) -> None:
    body = {"connection": SUPPORT_BOT, "channel": SIMON, "profile": {"user_first_name": "Si"}}

    status, answered = answer(flowxo.post("/api/end_users", body))

    # The same user (its id and creation), the channel's other values under the new one.
    assert (status, answered) == (
        200,
        simon_updated({"user_name": "simon_k", "user_first_name": "Si", "user_last_name": "Kerr"}),
    )
    assert len(exported_users(sandbox)) == 3


def test_the_same_channel_id_on_another_bot_is_another_user(flowxo: FlowXOClient) -> None:
    user = created(flowxo.post("/api/end_users", {"connection": SHOP_BOT, "channel": SIMON}))

    assert user["response_path"] == f"{SHOP_BOT}/c/{SIMON}"
    assert flowxo.get("/api/conversations").json["total"] == 4


def test_the_api_profile_overrides_what_the_channel_reports(flowxo: FlowXOClient) -> None:
    # Ana's channel says Ana Souza; the account once set the user name "Ana (VIP)".
    body = {"connection": SHOP_BOT, "channel": ANA, "profile": {"user_last_name": "Lima"}}

    user = answer(flowxo.post("/api/end_users", body))[1]["end_user"]

    assert user["profile"] == {
        "user_name": "Ana (VIP)",
        "user_first_name": "Ana",
        "user_last_name": "Lima",
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "connection is required"),
        ({"channel": "1"}, "connection is required"),
        ({"connection": "", "channel": "1"}, "connection is required"),
        ({"connection": None, "channel": "1"}, "connection is required"),
        ({"connection": SHOP_BOT}, "channel is required"),
        ({"connection": SHOP_BOT, "channel": ""}, "channel is required"),
        ({"connection": ["x"], "channel": "1"}, "connection must be a string"),
        ({"connection": SHOP_BOT, "channel": True}, "channel must be a string"),
        ({"connection": SHOP_BOT, "channel": {"id": 1}}, "channel must be a string"),
        ({"connection": SHOP_BOT, "channel": "1", "profile": "Joe"}, "profile must be an object"),
        ({"connection": SHOP_BOT, "channel": "1", "profile": []}, "profile must be an object"),
        (
            {"connection": SHOP_BOT, "channel": "1", "profile": {"user_first_name": False}},
            "profile.user_first_name must be a string",
        ),
        # Checked before the bot is looked up.
        ({"connection": "nope", "channel": ""}, "channel is required"),
        ([{"connection": SHOP_BOT, "channel": "1"}], "connection is required"),
    ],
)
def test_unusable_bodies_are_400(
    flowxo: FlowXOClient, sandbox: Sandbox, body: Any, message: str
) -> None:
    assert answer(flowxo.post("/api/end_users", body)) == (400, {"message": message})
    assert len(exported_users(sandbox)) == 3


@pytest.mark.parametrize(
    "connection", ["65b2f1a0c3d4e5f6a7b8c9ff", "Acme Shop", "65B2F1A0C3D4E5F6A7B8C9D1", 7]
)
def test_a_connection_that_names_no_bot_is_404(
    flowxo: FlowXOClient, sandbox: Sandbox, connection: Any
) -> None:
    response = flowxo.post("/api/end_users", {"connection": connection, "channel": "1"})

    assert answer(response) == (404, {"message": "Connection not found"})
    assert len(exported_users(sandbox)) == 3


def test_a_body_that_is_not_json_is_read_as_empty(flowxo: FlowXOClient) -> None:
    response = flowxo.post(
        "/api/end_users",
        data=f"connection={SHOP_BOT}&channel=1",
        content_type="application/x-www-form-urlencoded",
    )

    assert answer(response) == (400, {"message": "connection is required"})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('{"connection": ', "Unexpected end of JSON input"),
        ("{connection: 1}", "Unexpected token c in JSON at position 1"),
        ('{"channel": NaN}', "Unexpected token N in JSON at position 12"),
        ('"text"', 'Unexpected token " in JSON at position 0'),
        ("  42", "Unexpected token 4 in JSON at position 2"),
    ],
)
def test_a_json_body_that_does_not_parse_is_400(
    flowxo: FlowXOClient, data: str, message: str
) -> None:
    response = flowxo.post("/api/end_users", data=data)

    assert answer(response) == (400, {"message": message})


def test_an_empty_json_body_is_an_empty_object(flowxo: FlowXOClient) -> None:
    assert answer(flowxo.post("/api/end_users", data="  ")) == (
        400,
        {"message": "connection is required"},
    )


# -- update ---------------------------------------------------------------------------------


def test_update_a_users_profile_by_response_path(flowxo: FlowXOClient) -> None:
    body = {
        "response_path": SIMON_PATH,
        "profile": {
            "user_name": "Some Username",
            "user_first_name": "Joe",
            "user_last_name": "Joeson",
        },
    }

    assert answer(flowxo.put("/api/end_users", body)) == (
        200,
        simon_updated(
            {"user_name": "Some Username", "user_first_name": "Joe", "user_last_name": "Joeson"}
        ),
    )
    conversations = flowxo.get("/api/conversations").json["conversations"]
    assert [c["user_name"] for c in conversations if c["id"] == SIMON_PATH] == ["Some Username"]


def test_update_changes_only_the_fields_sent(flowxo: FlowXOClient) -> None:
    body = {"response_path": ANA_PATH, "profile": {"user_first_name": "Aninha"}}

    user = answer(flowxo.put("/api/end_users", body))[1]["end_user"]

    assert user["profile"] == {
        "user_name": "Ana (VIP)",
        "user_first_name": "Aninha",
        "user_last_name": "Souza",
    }


def test_a_blank_field_drops_the_override_and_the_channels_value_shows(
    flowxo: FlowXOClient, sandbox: Sandbox
) -> None:
    body = {"response_path": ANA_PATH, "profile": {"user_name": ""}}

    user = answer(flowxo.put("/api/end_users", body))[1]["end_user"]

    assert user["profile"] == {
        "user_name": None,
        "user_first_name": "Ana",
        "user_last_name": "Souza",
    }
    assert exported_users(sandbox)[1]["profile"] == {}
    assert flowxo.get("/api/conversations").json["conversations"][0]["user_name"] == "Ana Souza"


def test_an_update_that_changes_nothing_keeps_updated_at(flowxo: FlowXOClient) -> None:
    body = {"response_path": ANA_PATH, "profile": {"user_name": "Ana (VIP)"}}

    user = answer(flowxo.put("/api/end_users", body))[1]["end_user"]

    assert user["updated_at"] == "2026-02-12T08:30:00.000Z"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "response_path is required"),
        ({"profile": {"user_name": "x"}}, "response_path is required"),
        ({"response_path": "", "profile": {}}, "response_path is required"),
        ({"response_path": {"a": 1}, "profile": {}}, "response_path must be a string"),
        ({"response_path": ANA_PATH}, "profile is required"),
        ({"response_path": ANA_PATH, "profile": None}, "profile is required"),
        ({"response_path": ANA_PATH, "profile": "Ana"}, "profile must be an object"),
        (
            {"response_path": ANA_PATH, "profile": {"user_last_name": ["Souza"]}},
            "profile.user_last_name must be a string",
        ),
        # The body is checked before the user is looked up.
        ({"response_path": "nobody", "profile": 1}, "profile must be an object"),
    ],
)
def test_unusable_update_bodies_are_400(
    flowxo: FlowXOClient, sandbox: Sandbox, body: Any, message: str
) -> None:
    before = exported_users(sandbox)

    assert answer(flowxo.put("/api/end_users", body)) == (400, {"message": message})
    assert exported_users(sandbox) == before


@pytest.mark.parametrize(
    "path",
    [
        f"{SUPPORT_BOT}/c/999",  # a bot of the account, a channel id it has never seen
        f"{SMS_BOT}/c/{SIMON}",  # Simon's channel id on another bot
        "65b2f1a0c3d4e5f6a7b8c9ff/c/1",
        SIMON,
        f"{SUPPORT_BOT}%2Fc%2F{SIMON}",  # the url-encoded form is not the path
    ],
)
def test_a_response_path_that_names_no_user_is_404(flowxo: FlowXOClient, path: str) -> None:
    body = {"response_path": path, "profile": {"user_name": "x"}}

    assert answer(flowxo.put("/api/end_users", body)) == (404, {"message": "End user not found"})


def test_the_response_path_of_a_created_user_updates_it(flowxo: FlowXOClient) -> None:
    made = created(flowxo.post("/api/end_users", {"connection": SMS_BOT, "channel": BOB + "0"}))

    body = {"response_path": made["response_path"], "profile": {"user_name": "Bob Jr"}}
    updated = answer(flowxo.put("/api/end_users", body))[1]["end_user"]

    assert updated == {**made, "profile": {**NO_PROFILE, "user_name": "Bob Jr"}}


def test_a_failed_request_writes_nothing(flowxo: FlowXOClient, sandbox: Sandbox) -> None:
    before = sandbox.export("default")

    flowxo.post("/api/end_users", {"connection": SHOP_BOT, "channel": "1", "profile": 5})
    flowxo.put("/api/end_users", {"response_path": f"{SHOP_BOT}/c/1", "profile": {}})

    assert sandbox.export("default") == before


def test_non_ascii_text_is_sent_as_it_is(flowxo: FlowXOClient) -> None:
    body = {"connection": SHOP_BOT, "channel": "5511900000000", "profile": {"user_name": "Zé"}}

    response = flowxo.post("/api/end_users", body)

    assert '"user_name":"Zé"' in response.get_data(as_text=True)
    assert response.get_data(as_text=True).startswith('{"end_user":{"_id":"')


def test_end_users_has_no_get(flowxo: FlowXOClient) -> None:
    response = flowxo.get("/api/end_users")

    assert answer(response) == (405, {"message": "Method Not Allowed"})
    assert response.headers["Allow"] == "POST, PUT"


def test_the_other_bots_users_keep_their_ids_distinct(flowxo: FlowXOClient) -> None:
    first = created(flowxo.post("/api/end_users", {"connection": SMS_BOT, "channel": "+1"}))
    second = created(flowxo.post("/api/end_users", {"connection": SMS_BOT, "channel": "+2"}))

    assert first["_id"] != second["_id"]
    assert (first["channel"], second["channel"]) == ("+1", "+2")
    assert BOB not in (first["channel"], second["channel"])
