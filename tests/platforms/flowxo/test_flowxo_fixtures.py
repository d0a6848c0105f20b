"""The `flowxo` section of fixture documents: loading, what it stores, export, the round
trip through export and load, and the errors of a bad section (all or nothing)."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.fixtures import FixtureError
from sandbox.core.sandbox import Sandbox
from tests.platforms.flowxo import helpers
from tests.platforms.flowxo.helpers import (
    ABANDONED_CART,
    ACCOUNT,
    ACCOUNT_COUNTS,
    ANA,
    ANA_PATH,
    NOW,
    NOW_HEX,
    OBJECT_ID,
    ORDER_STATUS,
    SHOP_BOT,
    SIMON,
    SIMON_PATH,
    SMS_BOT,
    SUPPORT_BOT,
    TELEGRAM_REPLY,
    WELCOME,
    FlowXOClient,
    account,
    load_flowxo,
)

#: The seed account as export writes it: every stored value, ids and defaults included.
EXPORTED: dict[str, Any] = {
    "bots": ACCOUNT["bots"],
    "workflows": ACCOUNT["workflows"],
    "end_users": [
        {
            "_id": "65d4610c1a2b3c4d5e6f7a01",
            "connection": SUPPORT_BOT,
            "channel": SIMON,
            "profile": {},
            "channel_profile": {
                "user_name": "simon_k",
                "user_first_name": "Simon",
                "user_last_name": "Kerr",
            },
            "agent_mode": False,
            "created_at": "2026-02-20T09:15:00.000Z",
            "updated_at": "2026-02-20T09:15:00.000Z",
            "last_inbound_at": "2026-02-20T09:15:00.000Z",
            "messages": [
                {
                    "id": "65d4610c1a2b3c4d5e6f7b01",
                    "role": "user",
                    "from": SIMON,
                    "agent_mode": False,
                    "type": "message",
                    "message": "/start",
                    "timestamp": "2026-02-20T09:15:00.000Z",
                },
                {
                    "id": "65d4610e1a2b3c4d5e6f7b02",
                    "role": "bot",
                    "from": SUPPORT_BOT,
                    "agent_mode": False,
                    "type": "custom",
                    "custom": TELEGRAM_REPLY,
                    "timestamp": "2026-02-20T09:15:02.250Z",
                },
            ],
        },
        {
            "_id": "65df40801a2b3c4d5e6f7a02",
            "connection": SHOP_BOT,
            "channel": ANA,
            "profile": {"user_name": "Ana (VIP)"},
            "channel_profile": {"user_first_name": "Ana", "user_last_name": "Souza"},
            "agent_mode": True,
            "created_at": "2026-02-10T13:00:00.000Z",
            "updated_at": "2026-02-12T08:30:00.000Z",
            "last_inbound_at": "2026-02-28T18:40:00.000Z",
            "messages": [
                {
                    "id": "65df40801a2b3c4d5e6f7b03",
                    "role": "user",
                    "from": ANA,
                    "agent_mode": False,
                    "type": "message",
                    "message": "Oi, meu pedido chegou?",
                    "timestamp": "2026-02-28T18:40:00.000Z",
                },
                {
                    "id": "65df40821a2b3c4d5e6f7b04",
                    "role": "bot",
                    "from": SHOP_BOT,
                    "agent_mode": False,
                    "type": "message",
                    "message": "Vou chamar uma atendente.",
                    "timestamp": "2026-02-28T18:40:02.000Z",
                },
                {
                    "id": "65df41ac1a2b3c4d5e6f7b05",
                    "role": "agent",
                    "from": "Carla",
                    "agent_mode": True,
                    "type": "message",
                    "message": "Olá Ana! Seu pedido sai hoje.",
                    "timestamp": "2026-02-28T18:45:00.000Z",
                },
            ],
        },
        {
            "_id": "65db10a01a2b3c4d5e6f7a03",
            "connection": SMS_BOT,
            "channel": helpers.BOB,
            "profile": {},
            "channel_profile": {},
            "agent_mode": False,
            "created_at": "2026-02-25T10:00:00.000Z",
            "updated_at": "2026-02-25T10:00:00.000Z",
            "last_inbound_at": None,
            "messages": [],
        },
    ],
}


def exported(sandbox: Sandbox, workspace: str = "default") -> Any:
    return sandbox.export(workspace)["workspaces"][workspace].get("flowxo")


def fixture_error(sandbox: Sandbox, section: Any) -> str:
    with pytest.raises(FixtureError) as raised:
        load_flowxo(sandbox, section)
    return str(raised.value)


def test_loading_through_the_control_api_answers_the_counts(client: Client) -> None:
    document = {"workspaces": {"default": {"flowxo": ACCOUNT}}}

    response = client.post("/_sandbox/fixtures", json=document)

    assert (response.status_code, response.json) == (
        200,
        {"loaded": {"default": {"flowxo": ACCOUNT_COUNTS}}},
    )


@pytest.mark.usefixtures("seeded")
def test_export_writes_every_stored_value(sandbox: Sandbox) -> None:
    assert exported(sandbox) == EXPORTED


def test_an_empty_account_exports_nothing(sandbox: Sandbox) -> None:
    assert exported(sandbox) is None
    assert load_flowxo(sandbox, {}) == {"bots": 0, "workflows": 0, "end_users": 0, "messages": 0}


@pytest.mark.usefixtures("seeded")
def test_the_round_trip_keeps_what_the_api_changed(
    sandbox: Sandbox, client: Client, flowxo: FlowXOClient
) -> None:
    flowxo.post("/api/end_users", {"connection": SMS_BOT, "channel": "+15550001111"})
    flowxo.put("/api/end_users", {"response_path": SIMON_PATH, "profile": {"user_name": "Si"}})
    flowxo.put(f"/api/workflows/{WELCOME}", {"active": False})
    client.post(
        "/_sandbox/inbound", json={"platform": "flowxo", "conversation": ANA_PATH, "text": "Oi"}
    )
    document = sandbox.export()
    conversations = flowxo.get("/api/conversations").json

    sandbox.reset(seed=99)
    sandbox.clock.advance(86400)
    sandbox.load_fixtures(document)

    assert sandbox.export() == document
    assert FlowXOClient(client).get("/api/conversations").json == conversations


def test_a_yaml_document_loads_with_its_timestamps_and_numbers(
    client: Client, sandbox: Sandbox, frozen: object
) -> None:
    text = f"""\
workspaces:
  default:
    flowxo:
      bots: [{{_id: {SHOP_BOT}, name: Loja, platform: whatsapp}}]
      end_users:
        - connection: {SHOP_BOT}
          channel: 5511987654321
          created_at: 2026-02-01T10:00:00Z
          messages:
            - {{role: user, message: Oi, timestamp: 2026-02-01 10:00:05}}
            - {{role: bot, custom: {{text: Olá, buttons: [1, 2]}}, timestamp: 2026-02-01}}
"""
    response = client.post(
        "/_sandbox/fixtures", data=text, headers={"Content-Type": "application/yaml"}
    )

    assert response.status_code == 200, response.json
    user = exported(sandbox)["end_users"][0]
    assert (user["channel"], user["created_at"], user["last_inbound_at"]) == (
        "5511987654321",
        "2026-02-01T10:00:00.000Z",
        "2026-02-01T10:00:05.000Z",
    )
    assert [
        (m["type"], m.get("message"), m.get("custom"), m["timestamp"]) for m in user["messages"]
    ] == [
        ("message", "Oi", None, "2026-02-01T10:00:05.000Z"),
        ("custom", None, '{"text":"Olá","buttons":[1,2]}', "2026-02-01T00:00:00.000Z"),
    ]


def test_left_out_values_get_defaults(sandbox: Sandbox, frozen: object) -> None:
    load_flowxo(
        sandbox,
        {
            "bots": [{"name": "Bot", "platform": "web"}],
            "workflows": [{"name": "Flow"}],
        },
    )
    bot = exported(sandbox)["bots"][0]
    load_flowxo(
        sandbox,
        {
            "bots": [bot],
            "end_users": [
                {
                    "connection": bot["_id"],
                    "channel": "web-1",
                    "created_at": "2026-02-01T00:00:00Z",
                    "messages": [{"role": "agent", "message": "Hi", "timestamp": "2026-02-02"}],
                },
                {"connection": bot["_id"], "channel": "web-2"},
            ],
        },
    )

    state = exported(sandbox)
    first, second = state["end_users"]
    assert OBJECT_ID.match(bot["_id"]) and bot["_id"].startswith(NOW_HEX)
    # ObjectIds carry their creation time: 2026-02-01 is 0x697e9780, 2026-02-02 0x697fe900.
    assert first["_id"].startswith("697e9780")
    assert first["messages"][0]["id"].startswith("697fe900")
    assert first == {
        "_id": first["_id"],
        "connection": bot["_id"],
        "channel": "web-1",
        "profile": {},
        "channel_profile": {},
        "agent_mode": False,
        "created_at": "2026-02-01T00:00:00.000Z",
        "updated_at": "2026-02-01T00:00:00.000Z",
        "last_inbound_at": None,
        "messages": [
            {
                "id": first["messages"][0]["id"],
                "role": "agent",
                "from": bot["_id"],
                "agent_mode": False,
                "type": "message",
                "message": "Hi",
                "timestamp": "2026-02-02T00:00:00.000Z",
            }
        ],
    }
    assert (second["created_at"], second["updated_at"]) == (NOW, NOW)
    assert second["_id"].startswith(NOW_HEX)


def test_an_explicit_null_last_inbound_at_is_kept(sandbox: Sandbox) -> None:
    section = account()
    section["end_users"][0]["last_inbound_at"] = None

    load_flowxo(sandbox, section)

    assert exported(sandbox)["end_users"][0]["last_inbound_at"] is None


def test_loading_replaces_the_account(sandbox: Sandbox, frozen: object) -> None:
    load_flowxo(sandbox, ACCOUNT)

    load_flowxo(sandbox, {"workflows": [{"_id": WELCOME, "name": "Only"}]})

    assert exported(sandbox) == {"workflows": [{"_id": WELCOME, "name": "Only", "active": True}]}


BOT = {"_id": SHOP_BOT, "name": "Loja", "platform": "whatsapp"}
USER = {"connection": SHOP_BOT, "channel": "1"}


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"contacts": []}, "flowxo.contacts: unknown key (expected bots, workflows, end_users)"),
        ({"bots": {}}, "flowxo.bots: must be a list"),
        ({"bots": [{"name": "B"}]}, "flowxo.bots[0].platform: Missing data for required field."),
        (
            {"bots": [{"name": "B", "platform": "sms"}]},
            "flowxo.bots[0].platform: Must be one of: telegram, messenger, whatsapp, twilio, "
            "web, slack.",
        ),
        (
            {"bots": [{"_id": "123", "name": "B", "platform": "web"}]},
            "flowxo.bots[0]._id: Not a MongoDB ObjectId (24 hex digits).",
        ),
        (
            {"bots": [BOT, {**BOT, "name": "Copy"}]},
            f"flowxo.bots[1]._id: another entry has _id {SHOP_BOT}",
        ),
        ({"bots": [{**BOT, "token": "x"}]}, "flowxo.bots[0].token: Unknown field."),
        (
            {"workflows": [{"_id": WELCOME, "name": "A"}, {"_id": WELCOME, "name": "B"}]},
            f"flowxo.workflows[1]._id: another entry has _id {WELCOME}",
        ),
        (
            {"workflows": [{"active": True}]},
            "flowxo.workflows[0].name: Missing data for required field.",
        ),
        (
            {"bots": [BOT], "end_users": [{"connection": ORDER_STATUS, "channel": "1"}]},
            f"flowxo.end_users[0].connection: no bot {ORDER_STATUS} in bots",
        ),
        (
            {"bots": [BOT], "end_users": [USER, {**USER, "channel": 1}]},
            f"flowxo.end_users[1].channel: another entry has channel {SHOP_BOT}/c/1",
        ),
        (
            {"bots": [BOT], "end_users": [{**USER, "channel": ""}]},
            "flowxo.end_users[0].channel: Shorter than minimum length 1.",
        ),
        (
            {"bots": [BOT], "end_users": [{**USER, "channel": True}]},
            "flowxo.end_users[0].channel: Not a valid string.",
        ),
        (
            {"bots": [BOT], "end_users": [{**USER, "created_at": "last week"}]},
            "flowxo.end_users[0].created_at: Not a valid ISO 8601 date.",
        ),
        (
            {"bots": [BOT], "end_users": [{**USER, "profile": {"nickname": "A"}}]},
            "flowxo.end_users[0].profile.nickname: Unknown field.",
        ),
        (
            {"bots": [BOT], "end_users": [{**USER, "messages": ["Hi"]}]},
            "flowxo.end_users[0].messages[0]: must be a mapping",
        ),
        (
            {
                "bots": [BOT],
                "end_users": [{**USER, "messages": [{"role": "bot", "timestamp": "2026-01-01"}]}],
            },
            "flowxo.end_users[0].messages[0]: a message needs its text (message) or a custom "
            "payload",
        ),
        (
            {
                "bots": [BOT],
                "end_users": [
                    {
                        **USER,
                        "messages": [{"role": "system", "message": "x", "timestamp": "2026-01-01"}],
                    }
                ],
            },
            "flowxo.end_users[0].messages[0].role: Must be one of: bot, user, agent.",
        ),
        (
            {"bots": [BOT], "end_users": [{**USER, "messages": [{"role": "bot", "message": "x"}]}]},
            "flowxo.end_users[0].messages[0].timestamp: Missing data for required field.",
        ),
        (
            {
                "bots": [BOT],
                "end_users": [
                    {**USER, "messages": [{"role": "bot", "custom": 5, "timestamp": "2026-01-01"}]}
                ],
            },
            "flowxo.end_users[0].messages[0].custom: Not a JSON text, mapping or list.",
        ),
        (
            {
                "bots": [BOT],
                "end_users": [
                    {
                        **USER,
                        "messages": [
                            {
                                "id": WELCOME,
                                "role": "bot",
                                "message": "x",
                                "timestamp": "2026-01-01",
                            }
                        ],
                    },
                    {
                        **USER,
                        "channel": "2",
                        "messages": [
                            {
                                "id": WELCOME,
                                "role": "user",
                                "message": "y",
                                "timestamp": "2026-01-01",
                            }
                        ],
                    },
                ],
            },
            f"flowxo.end_users[1].messages[0].id: another message has id {WELCOME}",
        ),
    ],
)
def test_a_bad_section_is_refused_with_the_path_of_its_first_problem(
    sandbox: Sandbox, section: dict[str, Any], message: str
) -> None:
    assert fixture_error(sandbox, section) == f"workspaces.default.{message}"


def test_a_refused_document_changes_nothing(
    client: Client, sandbox: Sandbox, frozen: object
) -> None:
    load_flowxo(sandbox, ACCOUNT)
    before = sandbox.export()
    document = {
        "workspaces": {
            "ci": {"flowxo": {"workflows": [{"name": "Fine"}]}},
            "default": {"flowxo": {"workflows": [{"_id": ABANDONED_CART}]}},
        }
    }

    response = client.post("/_sandbox/fixtures", json=document)

    assert response.status_code == 400
    assert response.json["message"] == (
        "workspaces.default.flowxo.workflows[0].name: Missing data for required field."
    )
    assert sandbox.export() == before
