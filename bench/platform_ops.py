"""The operations `platform_costs.py` times: for each platform, a fixture section of `n`
records (loaded through the platform's fixture loader) and its read, create and list
requests. A module, not a script."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from werkzeug.test import Client

#: An operation: the request for its i-th call, as (method, path, werkzeug options).
Call = Callable[[int], tuple[str, str, dict[str, Any]]]


@dataclass
class Operation:
    kind: str  # "read", "create" or "list"
    label: str
    call: Call
    expected: int = 200


@dataclass
class Bench:
    """One platform's benchmark: its fixture of `n` records and its three operations."""

    name: str
    section: Callable[[int], dict[str, Any]]
    operations: Callable[[Client, int], list[Operation]]


def rid(i: int) -> str:
    """A reproducible uuid for record i."""
    return str(uuid.UUID(bytes=hashlib.md5(str(i).encode()).digest(), version=4))


def object_id(i: int) -> str:
    """A reproducible 24-hex-digit Mongo ObjectId for record i."""
    return f"65d4{i:020x}"


# -- RapidPro: contacts --------------------------------------------------------------------

RP_TOKEN = {"Authorization": "Token fcd60351118eb5c4d44f469892bbde1ed5308a45"}
RP_CONTACTS = "/rapidpro/api/v2/contacts.json"


def rapidpro_section(n: int) -> dict[str, Any]:
    contacts = [
        {"uuid": rid(i), "name": f"Contact {i}", "urns": [f"whatsapp:55{8200000000 + i}"]}
        for i in range(n)
    ]
    return {"contacts": contacts}


def rapidpro_operations(client: Client, n: int) -> list[Operation]:
    target = rid(n // 2)
    return [
        Operation(
            "read",
            "GET contacts.json?uuid=",
            lambda i: ("GET", RP_CONTACTS, {"query_string": {"uuid": target}, "headers": RP_TOKEN}),
        ),
        Operation(
            "list",
            "GET contacts.json (first page of 250, newest first)",
            lambda i: ("GET", RP_CONTACTS, {"headers": RP_TOKEN}),
        ),
        Operation(
            "create",
            "POST contacts.json",
            lambda i: (
                "POST",
                RP_CONTACTS,
                {"json": {"name": f"Bench {i}", "language": "eng"}, "headers": RP_TOKEN},
            ),
            201,
        ),
    ]


# -- XeroChat: contacts, and the labels of one page -----------------------------------------

XC_KEY = "2-XcMembr1732147200DemoKey"  # the default workspace's member key (user 2)
XC_PAGE = "109876543210987"
XC_LISTED_LABELS = 20


def xerochat_section(n: int) -> dict[str, Any]:
    # n contacts, and n labels: 20 on the page listed, the others on a second page.
    labels = [
        {
            "id": i + 1,
            "label_id": str(3698521470000000 + i),
            "name": f"Label {i}",
            "page": XC_PAGE if i < XC_LISTED_LABELS else "223344556677889",
            "user_id": 2,
        }
        for i in range(n)
    ]
    contacts = [
        {
            "id": i + 1,
            "user_id": 2,
            "contact_type_id": "1",
            "first_name": f"Contact {i}",
            "email": f"contact{i}@example.com",
            "phone_number": f"+55{11900000000 + i}",
        }
        for i in range(n)
    ]
    return {
        "users": [
            {"id": 1, "name": "Admin", "email": "admin@example.com", "user_type": "Admin"},
            {"id": 2, "name": "Member", "email": "member@example.com", "package_id": 1},
        ],
        "packages": [{"id": 1, "package_name": "Everything", "module_ids": "251,80,202"}],
        "pages": [
            {"id": 1, "page_id": XC_PAGE, "page_name": "Listed", "bot_enabled": True},
            {"id": 2, "page_id": "223344556677889", "page_name": "Other", "bot_enabled": True},
        ],
        "labels": labels,
        "contact_groups": [{"id": 1, "name": "Bench", "user_id": 2}],
        "contacts": contacts,
    }


def xerochat_operations(client: Client, n: int) -> list[Operation]:
    middle = n // 2 + 1
    return [
        Operation(
            "read",
            "GET get_contact?contact_id=",
            lambda i: (
                "GET",
                "/xerochat/api/get_contact",
                {"query_string": {"api_key": XC_KEY, "contact_id": middle}},
            ),
        ),
        Operation(
            "list",
            f"GET get_all_labels?page_id= ({XC_LISTED_LABELS} labels of one page)",
            lambda i: (
                "GET",
                "/xerochat/api/get_all_labels",
                {"query_string": {"api_key": XC_KEY, "page_id": XC_PAGE}},
            ),
        ),
        Operation(
            "create",
            "POST create_contact",
            lambda i: (
                "POST",
                "/xerochat/api/create_contact",
                {
                    "data": {
                        "api_key": XC_KEY,
                        "contact_type_id": "1",
                        "email": f"new{i}@example.com",
                        "phone_number": f"+1{5550000000 + i}",
                    }
                },
            ),
        ),
    ]


# -- Flochat: subscribers of one flow ------------------------------------------------------

FC_KEY = {"Authorization": "Bearer 85f61181adbc58458636069ae41d58139ffb2cb9demo"}
FC_FLOW = 123


def flochat_section(n: int) -> dict[str, Any]:
    subscribers = [
        {
            "user_ns": f"f{FC_FLOW}u{i + 1}",
            "user_id": str(5511900000000 + i),
            "first_name": f"Subscriber {i}",
            "phone": f"+{5511900000000 + i}",
            "email": f"subscriber{i}@example.com",
        }
        for i in range(n)
    ]
    flow = {"id": FC_FLOW, "name": "Bench", "default": True, "subscribers": subscribers}
    return {"team": {"name": "Bench"}, "flows": [flow]}


def flochat_operations(client: Client, n: int) -> list[Operation]:
    target = f"f{FC_FLOW}u{n // 2 + 1}"
    return [
        Operation(
            "read",
            "GET subscriber/get-info?user_ns=",
            lambda i: (
                "GET",
                "/flochat/subscriber/get-info",
                {"query_string": {"user_ns": target}, "headers": FC_KEY},
            ),
        ),
        Operation(
            "list",
            "GET subscribers?limit=20 (first page)",
            lambda i: (
                "GET",
                "/flochat/subscribers",
                {"query_string": {"limit": 20}, "headers": FC_KEY},
            ),
        ),
        Operation(
            "create",
            "POST subscriber/create",
            lambda i: (
                "POST",
                "/flochat/subscriber/create",
                {
                    "json": {"first_name": "New", "phone": f"+1{5550000000 + i}"},
                    "headers": FC_KEY,
                },
            ),
        ),
    ]


# -- Flow XO: end users and their conversations --------------------------------------------

FX_KEY = {
    "Authorization": "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJfaWQiOiI2Nzc0ODU4MGQzZTBjMGZmZWU1YTRkYjAiLCJyb2xlIjoidXNlciIsImZlYXR1cmVzIjpbXSwi"
    "YXBpX2tleSI6dHJ1ZSwiaWF0IjoxNzM1Njg5NjAwfQ.WGXHvnhWyhuI61ERghoVjnU4COMFzqVGo7km2gGBVz4"
}
FX_BOT = "65b2f1a0c3d4e5f6a7b8c9d0"


def flowxo_section(n: int) -> dict[str, Any]:
    users = [
        {
            "_id": object_id(i),
            "connection": FX_BOT,
            "channel": str(800000000 + i),
            "created_at": "2026-02-20T09:15:00Z",
        }
        for i in range(n)
    ]
    bots = [{"_id": FX_BOT, "name": "Bench", "platform": "telegram"}]
    return {"bots": bots, "end_users": users}


def flowxo_operations(client: Client, n: int) -> list[Operation]:
    path = f"{FX_BOT}/c/{800000000 + n // 2}"
    return [
        Operation(
            "read",
            "PUT end_users (find by response path, rename)",
            lambda i: (
                "PUT",
                "/flowxo/api/end_users",
                {
                    "json": {"response_path": path, "profile": {"user_name": f"u{i}"}},
                    "headers": FX_KEY,
                },
            ),
        ),
        Operation(
            "list",
            "GET conversations?limit=20 (first page)",
            lambda i: (
                "GET",
                "/flowxo/api/conversations",
                {"query_string": {"limit": 20}, "headers": FX_KEY},
            ),
        ),
        Operation(
            "create",
            "POST end_users",
            lambda i: (
                "POST",
                "/flowxo/api/end_users",
                {"json": {"connection": FX_BOT, "channel": f"new{i}"}, "headers": FX_KEY},
            ),
        ),
    ]


# -- FlowBot: conversations of the credentials' user ----------------------------------------

FB_CLIENT = {"clientId": "aiflow_c80ffc96d6ea7763", "apiKey": "sk_c80ffc96d6ea77633de7bb8251eefa20"}
FB_FLOW = "3f1e6a52-8d0c-4b7e-9a41-2c5d7e9b1a10"


def flowbot_section(n: int) -> dict[str, Any]:
    conversations = [
        {
            "id": rid(i),
            "flowId": FB_FLOW,
            "waPhoneNumber": f"+9725{10000000 + i}",
            "customerName": f"Customer {i}",
            "status": "active",
            "startedAt": "2026-02-28T09:00:00.000Z",
        }
        for i in range(n)
    ]
    # The replied-to conversation has a customer message of a minute ago: its 24-hour
    # window is open, so a free-form text may be sent.
    recent = (datetime.now(timezone.utc) - timedelta(minutes=1)).isoformat()[:23] + "Z"
    conversations[n // 2]["messages"] = [
        {"id": "wamid.bench", "direction": "inbound", "text": "Hi", "timestamp": recent}
    ]
    flow = {
        "id": FB_FLOW,
        "name": "Bench",
        "status": "active",
        "outboundToken": "a4c1e9f27b3d5e8061f2a7c9d4b3e5f10a2c4e6f8b1d3f57",
        "hmacSecret": "5e8f2a7c9d1b3e4f6a0c2d4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a",
        "firstMessage": "Hi {{name}}!",
        # A lead to a closed window opens with the flow's default template.
        "templateGroups": [
            {
                "id": "tg_lead",
                "name": "Lead welcome",
                "templates": [
                    {
                        "id": "771254096312558",
                        "name": "lead_welcome",
                        "language": "en",
                        "text": "Hi! Thanks for contacting us.",
                    }
                ],
            }
        ],
        "defaultTemplateGroupId": "tg_lead",
    }
    user = {"id": "6f1c2b9e-4d3a-4e8b-9c71-2a5e8d0f3b14", "username": "demo"}
    return {"users": [user], "flows": [flow], "conversations": conversations}


def flowbot_operations(client: Client, n: int) -> list[Operation]:
    answer = client.post("/flowbot/api/auth/api-token", json={**FB_CLIENT, "ttlSec": 86400})
    if answer.status_code != 200:
        raise SystemExit(f"flowbot api-token answered {answer.status_code}: {answer.text}")
    token = {"Authorization": f"Bearer {answer.json['accessToken']}"}  # type: ignore[index]
    target = rid(n // 2)
    return [
        Operation(
            "read",
            "POST conversations/<id>/reply (find by id, send a text)",
            lambda i: (
                "POST",
                f"/flowbot/api/conversations/{target}/reply",
                {"json": {"messageType": "text", "text": f"Reply {i}"}, "headers": token},
            ),
        ),
        Operation(
            "list",
            "GET conversations?limit=20",
            lambda i: (
                "GET",
                "/flowbot/api/conversations",
                {"query_string": {"limit": 20}, "headers": token},
            ),
        ),
        Operation(
            "create",
            "POST webhook/flow/<id>/lead (a new phone: a new conversation)",
            lambda i: (
                "POST",
                f"/flowbot/api/webhook/flow/{FB_FLOW}/lead",
                {"json": {"phone": f"+1415{5550000 + i}", "name": "New"}, "headers": token},
            ),
        ),
    ]


PLATFORMS = {
    bench.name: bench
    for bench in (
        Bench("rapidpro", rapidpro_section, rapidpro_operations),
        Bench("xerochat", xerochat_section, xerochat_operations),
        Bench("flochat", flochat_section, flochat_operations),
        Bench("flowxo", flowxo_section, flowxo_operations),
        Bench("flowbot", flowbot_section, flowbot_operations),
    )
}
