"""Plain helpers the Flow XO tests share: the demo key, the seed account, the client.

Expected values are spelled out literally (from ../shared/reference/platforms.md §C and
docs/flowxo-fidelity.md), never read from the sandbox's own code, so that the tests that
use them can fail. The fixtures that build clients are in conftest.py next to this file.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from werkzeug.test import Client, TestResponse

from sandbox.core.sandbox import Sandbox

# -- keys ----------------------------------------------------------------------------------

#: The default workspace's key: HS256, account 67748580d3e0c0ffee5a4db0, iat 2025-01-01.
DEMO_KEY = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJfaWQiOiI2Nzc0ODU4MGQzZTBjMGZmZWU1YTRkYjAiLCJyb2xlIjoidXNlciIsImZlYXR1cmVzIjpbXSwi"
    "YXBpX2tleSI6dHJ1ZSwiaWF0IjoxNzM1Njg5NjAwfQ."
    "WGXHvnhWyhuI61ERghoVjnU4COMFzqVGo7km2gGBVz4"
)
UNAUTHORIZED = {"message": "Unauthorized"}

# -- the frozen clock (tests/conftest.py FROZEN_AT, 2026-03-01 12:00 UTC) ------------------

NOW = "2026-03-01T12:00:00.000Z"
#: The first 8 hex digits of an ObjectId made at NOW (its seconds since 1970).
NOW_HEX = "69a42a40"
OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")

# -- the seed account ---------------------------------------------------------------------

SUPPORT_BOT = "65b2f1a0c3d4e5f6a7b8c9d0"  # telegram
SHOP_BOT = "65b2f1a0c3d4e5f6a7b8c9d1"  # whatsapp
SMS_BOT = "65b2f1a0c3d4e5f6a7b8c9d2"  # twilio

WELCOME = "65c0aa11b2c3d4e5f6a7b801"
ORDER_STATUS = "65c0aa11b2c3d4e5f6a7b802"
ABANDONED_CART = "65c0aa11b2c3d4e5f6a7b803"

SIMON = "876631178"  # a Telegram user id
ANA = "5511987654321"  # a WhatsApp number
BOB = "+15551234567"  # an SMS number
SIMON_PATH = f"{SUPPORT_BOT}/c/{SIMON}"
ANA_PATH = f"{SHOP_BOT}/c/{ANA}"
BOB_PATH = f"{SMS_BOT}/c/{BOB}"

TELEGRAM_REPLY = (
    '{"text":"Hi __Simon__, how can I help?","parse_mode":"MarkdownV2",'
    '"disable_web_page_preview":false}'
)

ACCOUNT: dict[str, Any] = {
    "bots": [
        {"_id": SUPPORT_BOT, "name": "Acme Support", "platform": "telegram"},
        {"_id": SHOP_BOT, "name": "Acme Shop", "platform": "whatsapp"},
        {"_id": SMS_BOT, "name": "Acme SMS", "platform": "twilio"},
    ],
    "workflows": [
        {"_id": WELCOME, "name": "Welcome", "active": True},
        {"_id": ORDER_STATUS, "name": "Order status", "active": True},
        {"_id": ABANDONED_CART, "name": "Abandoned cart", "active": False},
    ],
    "end_users": [
        {
            "_id": "65d4610c1a2b3c4d5e6f7a01",
            "connection": SUPPORT_BOT,
            "channel": SIMON,
            "channel_profile": {
                "user_name": "simon_k",
                "user_first_name": "Simon",
                "user_last_name": "Kerr",
            },
            "created_at": "2026-02-20T09:15:00Z",
            "messages": [
                {
                    "id": "65d4610c1a2b3c4d5e6f7b01",
                    "role": "user",
                    "message": "/start",
                    "timestamp": "2026-02-20T09:15:00Z",
                },
                {
                    "id": "65d4610e1a2b3c4d5e6f7b02",
                    "role": "bot",
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
            "channel_profile": {"user_first_name": "Ana", "user_last_name": "Souza"},
            "profile": {"user_name": "Ana (VIP)"},
            "agent_mode": True,
            "created_at": "2026-02-10T13:00:00Z",
            "updated_at": "2026-02-12T08:30:00Z",
            "messages": [
                {
                    "id": "65df40801a2b3c4d5e6f7b03",
                    "role": "user",
                    "message": "Oi, meu pedido chegou?",
                    "agent_mode": False,
                    "timestamp": "2026-02-28T18:40:00Z",
                },
                {
                    "id": "65df40821a2b3c4d5e6f7b04",
                    "role": "bot",
                    "message": "Vou chamar uma atendente.",
                    "agent_mode": False,
                    "timestamp": "2026-02-28T18:40:02Z",
                },
                {
                    "id": "65df41ac1a2b3c4d5e6f7b05",
                    "role": "agent",
                    "from": "Carla",
                    "message": "Olá Ana! Seu pedido sai hoje.",
                    "timestamp": "2026-02-28T18:45:00Z",
                },
            ],
        },
        {
            "_id": "65db10a01a2b3c4d5e6f7a03",
            "connection": SMS_BOT,
            "channel": BOB,
            "created_at": "2026-02-25T10:00:00Z",
        },
    ],
}
ACCOUNT_COUNTS = {"bots": 3, "workflows": 3, "end_users": 3, "messages": 5}


def account(**changes: Any) -> dict[str, Any]:
    """A copy of the seed account with some sections replaced."""
    return {**copy.deepcopy(ACCOUNT), **changes}


def load_flowxo(sandbox: Sandbox, section: dict[str, Any], workspace: str = "default") -> Any:
    summary = sandbox.load_fixtures({"workspaces": {workspace: {"flowxo": section}}})
    return summary[workspace]["flowxo"]


# -- expected answers ---------------------------------------------------------------------

SIMON_CONVERSATION: dict[str, Any] = {
    "agent_mode": False,
    "last_message": {
        "id": "65d4610e1a2b3c4d5e6f7b02",
        "role": "bot",
        "conversation": SIMON_PATH,
        "from": SUPPORT_BOT,
        "agent_mode": False,
        "type": "custom",
        "custom": TELEGRAM_REPLY,
        "timestamp": "2026-02-20T09:15:02.250Z",
    },
    "created_at": "2026-02-20T09:15:00.000Z",
    "id": SIMON_PATH,
    "id_url_encoded": f"{SUPPORT_BOT}%2Fc%2F{SIMON}",
    "bot_id": SUPPORT_BOT,
    "bot_name": "Acme Support",
    "platform": "telegram",
    "user_id": SIMON,
    "user_name": "simon_k",
}
ANA_CONVERSATION: dict[str, Any] = {
    "agent_mode": True,
    "last_message": {
        "id": "65df41ac1a2b3c4d5e6f7b05",
        "role": "agent",
        "conversation": ANA_PATH,
        "from": "Carla",
        "agent_mode": True,
        "type": "message",
        "message": "Olá Ana! Seu pedido sai hoje.",
        "timestamp": "2026-02-28T18:45:00.000Z",
    },
    "created_at": "2026-02-10T13:00:00.000Z",
    "id": ANA_PATH,
    "id_url_encoded": f"{SHOP_BOT}%2Fc%2F{ANA}",
    "bot_id": SHOP_BOT,
    "bot_name": "Acme Shop",
    "platform": "whatsapp",
    "user_id": ANA,
    "user_name": "Ana (VIP)",
}
BOB_CONVERSATION: dict[str, Any] = {
    "agent_mode": False,
    "created_at": "2026-02-25T10:00:00.000Z",
    "id": BOB_PATH,
    "id_url_encoded": f"{SMS_BOT}%2Fc%2F%2B15551234567",
    "bot_id": SMS_BOT,
    "bot_name": "Acme SMS",
    "platform": "twilio",
    "user_id": BOB,
    "user_name": None,
}


# -- the client ----------------------------------------------------------------------------


class FlowXOClient:
    """Calls /flowxo/api/... with `Authorization: Bearer <key>` (None: no header)."""

    def __init__(self, client: Client, key: str | None = DEMO_KEY, prefix: str = "/flowxo"):
        self.client = client
        self.key = key
        self.prefix = prefix

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"} if self.key is not None else {}

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        query: dict[str, Any] | None = None,
        data: str | None = None,
        content_type: str | None = None,
    ) -> TestResponse:
        """`body` is sent as JSON; `data` raw, with `content_type`."""
        options: dict[str, Any] = {"query_string": query, "headers": self.headers()}
        if data is not None:
            options.update(data=data, content_type=content_type or "application/json")
        elif body is not None:
            options["json"] = body
        return self.client.open(f"{self.prefix}{path}", method=method, **options)

    def get(self, path: str, **query: Any) -> TestResponse:
        return self.call("GET", path, query=query)

    def post(self, path: str, body: Any = None, **options: Any) -> TestResponse:
        return self.call("POST", path, body, **options)

    def put(self, path: str, body: Any = None, **options: Any) -> TestResponse:
        return self.call("PUT", path, body, **options)


def answer(response: TestResponse) -> tuple[int, Any]:
    """(status, JSON body) of an answer, checking it is Express's JSON."""
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    return response.status_code, response.json
