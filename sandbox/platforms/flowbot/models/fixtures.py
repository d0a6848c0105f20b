"""The `flowbot` section of a fixture document: users, flows (with their WhatsApp
templates) and conversations (with their messages).

    flowbot:
      users:
        - {id: <uuid>, username: maya, password: s3cret, displayName: Maya Cohen,
           email: maya@example.com, role: user, apiAccessApproved: true,
           clientId: aiflow_..., apiKey: sk_...}
      flows:
        - id: <uuid>
          userId: <uuid>                 # default: the workspace's credentials user
          name: Order updates
          status: active                 # active, draft or inactive
          firstMessage: "Hi {{customerName}}! ..."
          outboundToken: ...             # generated when left out
          hmacSecret: ...                # generated when left out
          templateGroups:
            - {id: tg_orders, name: Orders, templates: [
                {id: "1024", name: order_update, language: en, text: "Order {{1}}: {{2}}"}]}
          defaultTemplateGroupId: tg_orders
      conversations:
        - id: <uuid>
          flowId: <uuid>
          waPhoneNumber: "+972501234567"
          customerName: Dana Levi
          status: active                 # active, pending or closed
          lastCustomerMessageAt: ...     # default: the last inbound message's time
          messages:
            - {direction: inbound, type: text, text: Hi, timestamp: "2026-02-28T09:00:00.000Z"}

The workspace's credentials user may be listed by its username (to fix its id, name,
e-mail, role or API approval); its password and API client come from the credentials, so
the entry gives none. Usernames, API client ids, outbound tokens and HMAC secrets
authenticate across workspaces, so another workspace may not use the same ones.
Export writes every stored value, and loads back as it is.

This module holds the section's entry points; the entries' schemas are in
models/fixture_entries.py and the loading into the store in models/fixture_loader.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sandbox.core.context import Context
from sandbox.core.fixtures import FixtureError
from sandbox.platforms.flowbot.models.api import FlowBot
from sandbox.platforms.flowbot.models.common import CONVERSATIONS, FLOWS, USERS
from sandbox.platforms.flowbot.models.fixture_entries import FROM_CREDENTIALS, SECTIONS
from sandbox.platforms.flowbot.models.fixture_loader import FixtureLoader
from sandbox.platforms.flowbot.models.messaging import Messaging


def load_fixture(ctx: Context, data: Mapping[str, Any]) -> dict[str, int]:
    """Load one workspace's `flowbot` section (the workspace starts out empty)."""
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise FixtureError(unknown[0], "unknown key")
    loader = FixtureLoader(FlowBot(ctx))
    counts = {
        "users": loader.users(data.get("users")),
        "flows": loader.flows(data.get("flows")),
        "conversations": loader.conversations(data.get("conversations")),
    }
    loader.check_unique_across_workspaces()
    return counts


def export_fixture(ctx: Context) -> dict[str, Any]:
    """The deployment as a `flowbot` section that loads back as it is."""
    api = FlowBot(ctx)
    users = []
    for user in api.find(USERS):
        record = dict(user)
        if record["password"] is None:  # the credentials user
            record = {k: v for k, v in record.items() if k not in FROM_CREDENTIALS}
        users.append(record)
    conversations = []
    for conversation in api.find(CONVERSATIONS):
        record = {
            k: v
            for k, v in conversation.items()
            if k not in ("userId", "lastMessage", "lastMessageAt")
        }
        record["messages"] = [
            {k: v for k, v in message.items() if k != "conversationId"}
            for message in Messaging(api).messages(conversation["id"])
        ]
        conversations.append(record)
    section = {
        "users": users,
        "flows": [dict(flow) for flow in api.find(FLOWS)],
        "conversations": conversations,
    }
    return {key: value for key, value in section.items() if value}
