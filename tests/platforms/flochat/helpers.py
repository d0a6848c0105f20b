"""What Flochat tests share: a client with a bearer key, the seed team every test can
load, and its keys."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client, TestResponse

from sandbox.core.fixtures import FixtureError
from sandbox.core.sandbox import Sandbox
from sandbox.platforms.flochat.auth import DEMO_CREDENTIALS

DEMO_KEY = DEMO_CREDENTIALS["api_key"]
#: The seed team's flows: 123 is the default (the demo key's), 456 a second bot.
FLOW = 123
OTHER_FLOW = 456
FLOW_ONLY_KEY = "flow-only-key-0000000000000000000000000000000"
TEAM_ONLY_KEY = "team-only-key-0000000000000000000000000000000"
OTHER_FLOW_KEY = "other-flow-key-000000000000000000000000000000"

#: A team to load into the default workspace: two flows, keys with one scope each, and a
#: few objects of every kind the flow group knows. Other groups add their own sections
#: in their tests (`load_team(sandbox, {**SEED_TEAM, ...})`).
SEED_TEAM: dict[str, Any] = {
    "team": {"name": "Loja da Ana", "owner": {"id": 42, "name": "Ana", "email": "ana@loja.com"}},
    "labels": [{"id": 1, "name": "VIP"}, {"id": 2, "name": "Wholesale"}],
    "flows": [
        {
            "id": FLOW,
            "name": "Loja da Ana WhatsApp",
            "default": True,
            "keys": [
                {"key": FLOW_ONLY_KEY, "scopes": ["Manage Flow"]},
                {"key": TEAM_ONLY_KEY, "scopes": ["Manage Team"]},
            ],
            "tags": [
                {"name": "Customer", "tag_ns": "f123t1"},
                {"name": "Lead", "tag_ns": "f123t2"},
            ],
            "user_fields": [
                {"name": "City", "var_ns": "f123v1", "var_type": "text"},
                {"name": "Orders", "var_ns": "f123v2", "var_type": "number", "value": 0},
            ],
            "bot_fields": [
                {"name": "Store hours", "var_ns": "f123v3", "var_type": "text", "value": "9-18"}
            ],
            "sub_flows": [
                {
                    "name": "Welcome",
                    "sub_flow_ns": "f123s1",
                    "main": True,
                    "nodes": [{"node_ns": "f123n1", "name": "Hello", "text": "Hi there!"}],
                },
                {"name": "Promo", "sub_flow_ns": "f123s2"},
            ],
            "segments": [{"name": "Customers", "segment_ns": "f123sg1", "tags": ["Customer"]}],
            "subscribers": [
                {
                    "user_ns": "f123u1",
                    "user_id": "5511987654321",
                    "first_name": "Carla",
                    "last_name": "Mendes",
                    "gender": "female",
                    "phone": "+5511987654321",
                    "email": "carla@example.com",
                    "subscribed": "2026-01-10 09:00:00",
                    "last_inbound_at": "2026-03-01 11:00:00",
                    "tags": ["Customer"],
                    "labels": ["VIP"],
                    "user_fields": {"City": "Recife", "Orders": 3},
                },
                {
                    "user_ns": "f123u2",
                    "user_id": "5521912345678",
                    "first_name": "Diego",
                    "phone": "+5521912345678",
                    "subscribed": "2026-02-01 10:00:00",
                },
            ],
        },
        {
            "id": OTHER_FLOW,
            "name": "Loja da Ana Instagram",
            "type": "instagram",
            "keys": [{"key": OTHER_FLOW_KEY}],
            "tags": [{"name": "Customer", "tag_ns": "f456t1"}],
        },
    ],
}


def load_team(sandbox: Sandbox, team: dict[str, Any] | None = None) -> dict[str, int]:
    """Load a team (SEED_TEAM by default) into the default workspace; returns the counts."""
    loaded = sandbox.load_fixtures(
        {"workspaces": {"default": {"flochat": team if team is not None else SEED_TEAM}}}
    )
    counts: dict[str, int] = loaded["default"]["flochat"]
    return counts


def assert_reloaded_alike(sandbox: Sandbox, exported: dict[str, Any], *sections: str) -> None:
    """Reset, load the `exported` team again: each of `sections` exports as it was."""
    sandbox.reset()
    load_team(sandbox, exported)
    again = sandbox.export("default")["workspaces"]["default"]["flochat"]
    for section in sections:
        assert again[section] == exported[section], section


def refused_team(sandbox: Sandbox, **sections: Any) -> str:
    """The FixtureError message of loading SEED_TEAM with `sections` in place of its own."""
    with pytest.raises(FixtureError) as raised:
        load_team(sandbox, {**SEED_TEAM, **sections})
    return str(raised.value)


class FlochatClient:
    """Calls /flochat/<path> with a bearer key, JSON in and out."""

    def __init__(self, client: Client, key: str | None = DEMO_KEY) -> None:
        self.client = client
        self.key = key

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"} if self.key is not None else {}

    def request(self, method: str, path: str, body: Any = None, **params: Any) -> TestResponse:
        return self.client.open(
            f"/flochat{path}",
            method=method,
            query_string=params or None,
            json=body,
            headers=self.headers(),
        )

    def get(self, path: str, **params: Any) -> TestResponse:
        return self.request("GET", path, **params)

    def post(self, path: str, body: Any = None, **params: Any) -> TestResponse:
        return self.request("POST", path, body, **params)

    def put(self, path: str, body: Any = None, **params: Any) -> TestResponse:
        return self.request("PUT", path, body, **params)

    def delete(self, path: str, body: Any = None, **params: Any) -> TestResponse:
        return self.request("DELETE", path, body, **params)


def answer(response: TestResponse, status: int = 200) -> Any:
    """The JSON body of a response that must have `status`."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    return response.json


def error(message: str) -> dict[str, str]:
    return {"message": message}


#: What a write answers, and what a key without the operation's scope gets.
OK = {"status": "ok"}
FORBIDDEN = error("Invalid ability provided.")


def assert_refused_to_a_flow_key(client: Client, method: str, path: str, body: Any = None) -> None:
    """A key with only the flow's scope gets 403 FORBIDDEN for this team-scoped request."""
    response = FlochatClient(client, FLOW_ONLY_KEY).request(method, path, body)
    assert answer(response, 403) == FORBIDDEN


def assert_resource_refused(
    flow_only: FlochatClient,
    base: str,
    item: str = "1",
    create: Any = None,
    update: Any = None,
) -> None:
    """A flow-only key gets 403 FORBIDDEN from the list, get-info, create, update and delete
    of the team resource at `base` (its item `item`), whatever the bodies."""
    for response in (
        flow_only.get(base),
        flow_only.get(f"{base}/{item}/get-info"),
        flow_only.post(f"{base}/create", {} if create is None else create),
        flow_only.put(f"{base}/{item}/update", {} if update is None else update),
        flow_only.delete(f"{base}/{item}/delete"),
    ):
        assert answer(response, 403) == FORBIDDEN


def wrapped(data: Any) -> dict[str, Any]:
    """An answer with `data` (the shop's reads and writes answer so)."""
    return {"data": data, "status": "ok"}


#: The limit checks every paged list makes (query values as strings), with their messages.
LIMIT_REFUSALS = [
    ({"limit": "0"}, "The limit must be between 1 and 100."),
    ({"limit": "101"}, "The limit must be between 1 and 100."),
    ({"limit": "ten"}, "The limit must be an integer."),
]


def text_message(mid: int, kind: str, content: str, sender_id: str, ts: int) -> dict[str, Any]:
    """A text message as /subscriber/chat-messages shows it."""
    return {
        "id": mid,
        "type": kind,
        "msg_type": "text",
        "content": content,
        "payload": {"text": content},
        "sender_id": sender_id,
        "ts": ts,
    }
