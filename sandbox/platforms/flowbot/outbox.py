"""The control API's view of FlowBot's WhatsApp traffic (`/_sandbox/outbox`,
`/_sandbox/inbound`): what the sandbox "sent", and a customer's message simulated.

`conversation` is a conversation id (`GET /api/conversations` lists them) or the
customer's phone number in E.164 form: for the outbox every conversation with that phone,
for an inbound message the most recently active one (the chat the customer replies in).
"""

from __future__ import annotations

from typing import Any

from sandbox.core.context import Context
from sandbox.core.storage import Record
from sandbox.platforms.flowbot.models.api import FlowBot
from sandbox.platforms.flowbot.models.common import CONVERSATIONS
from sandbox.platforms.flowbot.models.conversations import Conversations
from sandbox.platforms.flowbot.models.messaging import Messaging
from sandbox.platforms.flowbot.phones import e164

#: Message keys that are the outbox's own (the rest is the message's content).
_ENVELOPE = ("id", "conversationId", "direction", "timestamp")


def _outbound(message: Record, phone: str) -> dict[str, Any]:
    content = {key: value for key, value in message.items() if key not in _ENVELOPE}
    return {
        "messageId": message["id"],
        "conversationId": message["conversationId"],
        "to": phone,
        **content,
        "timestamp": message["timestamp"],
    }


def _inbound(message: Record, phone: str) -> dict[str, Any]:
    return {
        "messageId": message["id"],
        "conversationId": message["conversationId"],
        "from": phone,
        "type": message["type"],
        "text": message["text"],
        "timestamp": message["timestamp"],
    }


class FlowBotConversations:
    """`PlatformConversations` for FlowBot."""

    def outbox(self, ctx: Context, conversation: str | None) -> list[dict[str, Any]]:
        api = FlowBot(ctx)
        phones = {c["id"]: c["waPhoneNumber"] for c in api.find(CONVERSATIONS)}
        wanted: set[str] | None = None
        if conversation is not None:
            wanted = {c["id"] for c in _matching(api, conversation)}
            if not wanted:
                raise LookupError(f"no conversation {conversation!r}")
        sent = [
            message
            for message in Messaging(api).messages(None)
            if message["direction"] == "outbound"
            and (wanted is None or message["conversationId"] in wanted)
        ]
        # Fixtures store conversations one after the other, so the store's order is not
        # the order of sending; times are all `toISOString()` text, which sorts as time.
        # The sort is stable: messages of the same millisecond keep the order they were sent.
        sent.sort(key=lambda message: message["timestamp"])
        return [_outbound(message, phones[message["conversationId"]]) for message in sent]

    def inbound(self, ctx: Context, conversation: str, text: str) -> dict[str, Any]:
        api = FlowBot(ctx)
        found = _matching(api, conversation)
        if not found:
            raise LookupError(f"no conversation {conversation!r}")
        target = max(reversed(found), key=lambda c: c["lastMessageAt"])
        message = Messaging(api).receive(target, text)
        return _inbound(message, target["waPhoneNumber"])


def _matching(api: FlowBot, conversation: str) -> list[Record]:
    """The conversation with this id, or every conversation with this phone number."""
    by_id = Conversations(api).get(conversation)
    if by_id is not None:
        return [by_id]
    phone = e164(conversation)
    return api.find(CONVERSATIONS, waPhoneNumber=phone) if phone else []
