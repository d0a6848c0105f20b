"""Conversations: one WhatsApp chat between a user's number and a customer's phone.

A trigger (outbound or lead) for a phone the user already chats with resumes that
conversation with the triggered flow; otherwise it starts one. `lastMessage` and
`lastMessageAt` follow every message, so listing needs no pass over the messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sandbox.core.resources import pick
from sandbox.platforms.flowbot import errors
from sandbox.platforms.flowbot.models.common import (
    CONVERSATION_STATUSES,
    CONVERSATIONS,
    MESSAGES,
    window_open,
)

if TYPE_CHECKING:
    from sandbox.core.storage import Record
    from sandbox.platforms.flowbot.models.api import FlowBot


def summary(conversation: Mapping[str, Any]) -> dict[str, Any]:
    """A conversation as `GET /api/conversations` lists it (seed 001)."""
    return pick(
        conversation,
        "id",
        "waPhoneNumber",
        "customerName",
        "flowId",
        "status",
        "lastMessage",
        "startedAt",
        "lastCustomerMessageAt",
    )


class Conversations:
    def __init__(self, api: FlowBot) -> None:
        self.api = api

    def get(self, conversation_id: str) -> Record | None:
        return self.api.first(CONVERSATIONS, id=conversation_id)

    def accessible(self, conversation_id: str) -> Record:
        """The conversation, if the request's user owns it (an admin: any of the
        deployment's); a conversation of another user is as unknown as a missing one."""
        conversation = self.get(conversation_id)
        user = self.api.user
        if conversation is None or user is None:
            raise errors.conversation_not_found()
        if not self.api.is_admin and conversation["userId"] != user["id"]:
            raise errors.conversation_not_found()
        return conversation

    def by_phone(self, user_id: str, phone: str) -> Record | None:
        found = self.api.find(CONVERSATIONS, userId=user_id, waPhoneNumber=phone)
        return found[-1] if found else None

    def of_user(self, user_id: str, limit: int | None = None) -> list[Record]:
        """A user's conversations, most recent activity first (the later-created first
        among equals); with `limit`, the first `limit` only, from the store's order index
        at the cost of those (every conversation's `lastMessageAt` is a timestamp)."""
        if limit is not None:
            return self.api.store.ordered(
                CONVERSATIONS,
                self.api.workspace,
                "lastMessageAt",
                descending=True,
                limit=limit,
                userId=user_id,
            )
        found = self.api.find(CONVERSATIONS, userId=user_id)
        return sorted(reversed(found), key=lambda c: c["lastMessageAt"], reverse=True)

    def open(
        self,
        flow: Mapping[str, Any],
        phone: str,
        variables: Mapping[str, Any],
        customer_name: str | None,
    ) -> Record:
        """The flow owner's conversation with `phone`, resumed with `flow` (or started)."""
        existing = self.by_phone(flow["userId"], phone)
        if existing is not None:
            changes: dict[str, Any] = {
                "flowId": flow["id"],
                "variables": {**existing["variables"], **variables},
            }
            if customer_name:
                changes["customerName"] = customer_name
            return self.api.update(CONVERSATIONS, existing.id, changes)
        now = self.api.timestamp()
        return self.api.insert(
            CONVERSATIONS,
            {
                "id": self.api.ctx.ids.uuid4(),
                "userId": flow["userId"],
                "flowId": flow["id"],
                "waPhoneNumber": phone,
                "customerName": customer_name,
                "status": "active",
                "variables": dict(variables),
                "startedAt": now,
                "lastCustomerMessageAt": None,
                "lastMessage": None,
                "lastMessageAt": now,
            },
        )

    def statistics(self, conversations: list[Record]) -> dict[str, int]:
        """Counts over a user's conversations (the optional statistics of the list)."""
        now = self.api.now()
        counts = {status: 0 for status in CONVERSATION_STATUSES}
        for conversation in conversations:
            counts[conversation["status"]] += 1
        ids = {conversation["id"] for conversation in conversations}
        messages = [m for m in self.api.find(MESSAGES) if m["conversationId"] in ids]
        return {
            "total": len(conversations),
            **counts,
            "windowOpen": sum(window_open(c["lastCustomerMessageAt"], now) for c in conversations),
            "messagesSent": sum(m["direction"] == "outbound" for m in messages),
            "messagesReceived": sum(m["direction"] == "inbound" for m in messages),
        }
