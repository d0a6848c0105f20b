"""Sending, broadcasts, chat state, chat messages, WhatsApp templates, custom events and
conversations data (group C): the fixture sections of those models, and the two hooks
the control API calls, `outbox` and `simulate_inbound`.

Nothing is really sent: every send records its messages in the subscriber's conversation
(messaging_messages), where `/subscriber/chat-messages` and the outbox read them.
"""

from __future__ import annotations

from typing import Any

from sandbox.core.context import Context
from sandbox.core.resources import pick
from sandbox.platforms.flochat.models import (
    messaging_chat,
    messaging_events,
    messaging_messages,
    messaging_send,
    messaging_templates,
)
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import MESSAGES, SUBSCRIBERS
from sandbox.platforms.flochat.models.messaging_chat import customer_wrote
from sandbox.platforms.flochat.models.messaging_common import (
    ACTIVITY_LOG,
    APP_TRIGGERS,
    CONVERSATIONS,
    EVENT_LOGS,
)
from sandbox.platforms.flochat.models.messaging_messages import Messages, order
from sandbox.platforms.flochat.models.sections import Section
from sandbox.platforms.flochat.models.subscribers import SUBSCRIBER_NOT_FOUND

TEAM_SECTIONS: list[Section] = []
#: Definitions first (templates, events), then what refers to them and to subscribers.
FLOW_SECTIONS: list[Section] = [
    *messaging_templates.SECTIONS,
    *messaging_events.SECTIONS,
    *messaging_messages.SECTIONS,
    *messaging_send.SECTIONS,
    *messaging_chat.SECTIONS,
]
OUTBOUND = ("out", "agent")


#: The flow tables whose rows belong to one subscriber (by `user_ns`).
SUBSCRIBER_TABLES = (MESSAGES, EVENT_LOGS, CONVERSATIONS, ACTIVITY_LOG, APP_TRIGGERS)


def forget_subscriber(api: Flochat, user_ns: str) -> None:
    """A deleted subscriber's chat goes with it: its messages, logged custom events,
    conversations, activity log and app triggers (a database's cascading delete). Its
    user_ns is never given again, so nothing could be confused with it later; the
    broadcasts it was in keep its user_ns in their history."""
    for table in SUBSCRIBER_TABLES:
        for row in api.find_in_flow(table, user_ns=user_ns):
            api.remove(table, row)


def outbox(ctx: Context, *, flow: int | None = None, user_ns: str | None = None) -> list[dict]:
    """Every outbound message recorded (by the bot or an agent), oldest first, of one
    flow and / or one subscriber. A message due later (a scheduled broadcast) is there
    with `status` "scheduled" until the sandbox clock reaches it, "sent" after.

    Raises LookupError for a user_ns that names no subscriber (of `flow`, when given).
    """
    workspace = ctx.workspace.name
    where: dict[str, Any] = {} if flow is None else {"flow": flow}
    if user_ns is not None:
        if ctx.store.first(SUBSCRIBERS, workspace, user_ns=user_ns, **where) is None:
            raise LookupError(SUBSCRIBER_NOT_FOUND)
        where["user_ns"] = user_ns
    now = int(ctx.clock.now().timestamp())
    found = [m for m in ctx.store.find(MESSAGES, workspace, **where) if m["type"] in OUTBOUND]
    return [_outbox_item(message, now) for message in sorted(found, key=order)]


def _outbox_item(message: Any, now: int) -> dict[str, Any]:
    return {
        **pick(message, "flow", "user_ns", "mid", "type", "msg_type", "content"),
        "payload": dict(message["payload"]),
        **pick(message, "sender_id", "ts", "via", "kind"),
        "details": dict(message.get("details") or {}),
        "status": "sent" if message["ts"] <= now else "scheduled",
    }


def simulate_inbound(ctx: Context, *, flow: int, user_ns: str, text: str) -> dict[str, Any]:
    """The customer writes `text`: it is recorded as an incoming message, opens or
    refreshes the WhatsApp 24-hour window (`last_inbound_at`), moves the subscriber's
    last interaction and last message to now, and reopens the chat. Returns the stored
    message. Must run inside a store transaction.

    Raises LookupError for an unknown subscriber, ValueError for an empty text.
    """
    if not text.strip():
        raise ValueError("The text must not be empty.")
    api = Flochat(ctx, flow)
    subscriber = api.first_in_flow(SUBSCRIBERS, user_ns=user_ns)
    if subscriber is None:
        raise LookupError(SUBSCRIBER_NOT_FOUND)
    subscriber = customer_wrote(api, subscriber)
    message = Messages(api).record(
        subscriber,
        type="in",
        content=text,
        kind="inbound",
        sender_id=user_ns,
    )
    return _outbox_item(message, api.timestamp())
