"""What the messaging tests share: the seed team with conversations, templates and custom
events, the team's agents, and readers of what was "sent"."""

from __future__ import annotations

from copy import deepcopy
from typing import Any

import pytest

from sandbox.core.sandbox import Sandbox
from sandbox.platforms.flochat.models.common import SUBSCRIBERS
from sandbox.platforms.flochat.models.messaging import outbox
from tests.platforms.flochat.helpers import SEED_TEAM, FlochatClient, answer, load_team

NOW = 1772366400  # 2026-03-01 12:00:00 UTC, the frozen clock
#: A custom event of the team, every value given (the reads' tests expect it back as it is).
PURCHASE = {
    "name": "Purchase",
    "event_ns": "f123e1",
    "description": "Paid an order",
    "text_label": "Product",
    "price_label": "Amount",
    "number_label": "Quantity",
}
RE_ENGAGEMENT = (
    "(#131047) Re-engagement message: Message failed to send because more than 24 hours "
    "have passed since the customer last replied to this number."
)
#: The team's agents, as the team group's fixture sections load them: Bruno works on
#: every bot, Iara only on the Instagram one (456).
AGENT = {"id": 7, "name": "Bruno", "email": "bruno@loja.com", "role": "agent", "is_online": True}
OTHER_BOTS_AGENT = {"id": 8, "name": "Iara", "email": "iara@loja.com", "flows": [456]}
AGENT_GROUP = {"id": 3, "name": "Vendas", "member_ids": [7]}


def messaging_team() -> dict[str, Any]:
    """SEED_TEAM (Carla f123u1 wrote an hour ago; Diego f123u2 never wrote) plus: Elis
    (f123u3, opted in to SMS and e-mail, wrote two days ago), Fabio (f123u4, Messenger),
    Gil (f123u5, unsubscribed), a sub flow of three nodes, templates, custom events,
    Carla's conversation so far, and the team's agents."""
    team = deepcopy(SEED_TEAM)
    team["members"] = [AGENT, OTHER_BOTS_AGENT]
    team["agent_groups"] = [AGENT_GROUP]
    flow = team["flows"][0]
    flow["subscribers"] += [
        {
            "user_ns": "f123u3",
            "user_id": "5511900000003",
            "first_name": "Elis",
            "phone": "+5511900000003",
            "email": "elis@example.com",
            "subscribed": "2026-01-05 08:00:00",
            "opted_in_sms": "2026-01-05 08:00:00",
            "opted_in_email": "2026-01-05 08:00:00",
            "last_inbound_at": "2026-02-27 09:00:00",
            "tags": ["Lead"],
        },
        {
            "user_ns": "f123u4",
            "user_id": "2400001",
            "channel": "facebook",
            "first_name": "Fabio",
            "subscribed": "2026-01-01 00:00:00",
            "tags": ["Customer", "Lead"],
        },
        {
            "user_ns": "f123u5",
            "user_id": "5511900000005",
            "first_name": "Gil",
            "phone": "+5511900000005",
            "subscribed": None,
            "last_inbound_at": "2026-03-01 11:30:00",
            "tags": ["Customer"],
        },
    ]
    flow["sub_flows"].append(
        {
            "name": "Order status",
            "sub_flow_ns": "f123s3",
            "nodes": [
                {"node_ns": "f123n2", "name": "Shipped", "text": "Your order is on its way"},
                {"node_ns": "f123n3", "name": "Wait", "type": "delay", "text": ""},
                {"node_ns": "f123n4", "name": "Track", "text": "Track it at loja.com/t"},
            ],
        }
    )
    flow["whatsapp_templates"] = [
        {
            "name": "order_update",
            "language": "pt_BR",
            "category": "UTILITY",
            "namespace": "ns_loja",
            "components": [{"type": "BODY", "text": "Olá {{1}}, seu pedido {{2}} foi enviado."}],
        },
        {
            "name": "promo_march",
            "language": "pt_BR",
            "category": "MARKETING",
            "namespace": "ns_loja",
            "status": "PENDING",
            "components": [{"type": "BODY", "text": "Promo de março!"}],
        },
    ]
    flow["custom_events"] = [
        PURCHASE,
        {"name": "Signup", "event_ns": "f123e2"},
    ]
    flow["messages"] = [
        {
            "user_ns": "f123u1",
            "mid": 1,
            "type": "in",
            "content": "Oi, meu pedido chegou?",
            "at": "2026-03-01 11:00:00",
        },
        {
            "user_ns": "f123u1",
            "mid": 2,
            "type": "out",
            "content": "Hi there!",
            "at": "2026-03-01 11:00:05",
        },
        {
            "user_ns": "f123u1",
            "mid": 3,
            "type": "agent",
            "content": "Vou verificar!",
            "sender_id": "7",
            "at": "2026-03-01 11:02:00",
        },
    ]
    return team


@pytest.fixture
def team(sandbox: Sandbox, frozen: object) -> Sandbox:
    """The default workspace holds messaging_team(); clock frozen."""
    load_team(sandbox, messaging_team())
    return sandbox


def sent(sandbox: Sandbox, user_ns: str | None = None) -> list[dict[str, Any]]:
    """The outbox of the default workspace (of one subscriber)."""
    return outbox(sandbox.context(sandbox.workspaces.get("default")), user_ns=user_ns)


def sent_texts(sandbox: Sandbox, user_ns: str) -> list[str]:
    """What the API sent the subscriber (the fixture's history left out)."""
    return [m["content"] for m in sent(sandbox, user_ns) if m["kind"] != "history"]


def stored(sandbox: Sandbox, user_ns: str) -> dict[str, Any]:
    """The subscriber's stored row (state the API shows nowhere, such as a paused bot)."""
    row = sandbox.store.first(SUBSCRIBERS, "default", user_ns=user_ns)
    assert row is not None
    return dict(row)


def chat(flochat: FlochatClient, user_ns: str, **params: Any) -> list[dict[str, Any]]:
    """The subscriber's chat messages, bot messages included."""
    found = answer(
        flochat.get("/subscriber/chat-messages", user_ns=user_ns, include_bot=1, **params)
    )
    data: list[dict[str, Any]] = found["data"]
    return data
