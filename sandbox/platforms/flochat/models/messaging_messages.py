"""A conversation's messages (the MESSAGES table, row shape in models/common.py) and the
rules that decide whether a subscriber can be sent something.

Nothing leaves the sandbox: a send records its messages here, where the chat-messages
endpoints and the control API's outbox read them. A message scheduled for later (a
scheduled broadcast) is stored with its future `ts`: it shows in the conversation once
the sandbox clock reaches it.

Rules, checked in this order (error texts assumed; the vendor documents none):
- an unsubscribed subscriber (`subscribed` empty) is sent nothing;
- a paused bot (`bot_paused_until` ahead of the clock) runs no flow;
- SMS needs a phone number and an SMS opt-in, e-mail an address and an e-mail opt-in;
- WhatsApp templates go to WhatsApp subscribers only, message-tagged Facebook
  notifications to Facebook subscribers only;
- on WhatsApp, free-form messages need the 24-hour customer-service window, opened by
  the customer's last message (`last_inbound_at`); templates are always allowed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.core.resources import pick
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import MESSAGES, SUBSCRIBERS
from sandbox.platforms.flochat.models.messaging_common import (
    Moment,
    fixture_id,
    moment,
    parse_moment,
)
from sandbox.platforms.flochat.models.sections import Entry, Section, one_of

WHATSAPP_CHANNELS = ("whatsapp", "whatsapp_cloud")
WINDOW_SECONDS = 24 * 60 * 60
MESSAGE_TYPES = ("in", "out", "agent")
MSG_TYPES = ("text", "image", "audio", "video", "file")

UNSUBSCRIBED = "Subscriber is unsubscribed"
BOT_PAUSED = "Bot is paused for this subscriber"
NO_PHONE = "Subscriber has no phone number"
NO_EMAIL = "Subscriber has no email address"
NOT_OPTED_IN_SMS = "Subscriber has not opted in to SMS"
NOT_OPTED_IN_EMAIL = "Subscriber has not opted in to email"
NOT_ON_WHATSAPP = "Subscriber is not a WhatsApp user"
NOT_ON_FACEBOOK = "Subscriber is not a Facebook user"
#: WhatsApp's error 131047, as the Cloud API words it (platforms.md §D.2).
RE_ENGAGEMENT = (
    "(#131047) Re-engagement message: Message failed to send because more than 24 hours "
    "have passed since the customer last replied to this number."
)

#: How a message goes out: free-form on the subscriber's channel, a WhatsApp template,
#: a message-tagged Facebook notification, an SMS or an e-mail.
Route = Literal["channel", "template", "notification", "sms", "email"]


def window_open(api: Flochat, subscriber: Record) -> bool:
    """Whether the customer wrote within the last 24 hours (on the sandbox clock)."""
    last = parse_moment(subscriber.get("last_inbound_at"))
    return last is not None and 0 <= api.timestamp() - last < WINDOW_SECONDS


def bot_paused(api: Flochat, subscriber: Record) -> bool:
    until = parse_moment(subscriber.get("bot_paused_until"))
    return until is not None and until > api.timestamp()


def refusal(
    api: Flochat, subscriber: Record, route: Route, *, runs_flow: bool, free_form: bool
) -> str | None:
    """Why `subscriber` cannot be sent this (see the module's rules), or None."""
    if not subscriber.get("subscribed"):
        return UNSUBSCRIBED
    if runs_flow and bot_paused(api, subscriber):
        return BOT_PAUSED
    if route == "sms":
        if not subscriber.get("phone"):
            return NO_PHONE
        return None if subscriber.get("opted_in_sms") else NOT_OPTED_IN_SMS
    if route == "email":
        if not subscriber.get("email"):
            return NO_EMAIL
        return None if subscriber.get("opted_in_email") else NOT_OPTED_IN_EMAIL
    on_whatsapp = subscriber.get("channel") in WHATSAPP_CHANNELS
    if route == "template":
        return None if on_whatsapp else NOT_ON_WHATSAPP
    if route == "notification":
        return None if subscriber.get("channel") == "facebook" else NOT_ON_FACEBOOK
    if on_whatsapp and free_form and not window_open(api, subscriber):
        return RE_ENGAGEMENT
    return None


def ensure_can_send(
    api: Flochat, subscriber: Record, route: Route, *, runs_flow: bool, free_form: bool
) -> None:
    """Raise the 400 of `refusal`, if any."""
    reason = refusal(api, subscriber, route, runs_flow=runs_flow, free_form=free_form)
    if reason is not None:
        raise FlochatError(reason)


def text_payload(text: str, url: str | None = None) -> dict[str, str]:
    payload = {"text": text}
    if url:
        payload["url"] = url
    return payload


class Messages:
    """The key's flow's messages."""

    def __init__(self, api: Flochat) -> None:
        self.api = api

    def record(
        self,
        subscriber: Record,
        *,
        type: str,
        content: str,
        kind: str,
        via: str | None = None,
        msg_type: str = "text",
        payload: dict[str, str] | None = None,
        sender_id: str = "",
        ts: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> Record:
        """Store one message of `subscriber`'s conversation; an outbound one sent now
        becomes the subscriber's last message."""
        now = self.api.timestamp()
        mid = self.api.next_id(MESSAGES)
        row = {
            "flow": self.api.flow_id,
            "id": mid,  # what next_id reads: the mid is the table's AUTO_INCREMENT id
            "user_ns": subscriber["user_ns"],
            "mid": mid,
            "type": type,
            "msg_type": msg_type,
            "content": content,
            "payload": payload if payload is not None else text_payload(content),
            "sender_id": sender_id,
            "ts": now if ts is None else ts,
            "via": via or subscriber.get("channel") or "",
            "kind": kind,
            "details": details or {},
        }
        stored = self.api.insert(MESSAGES, row)
        if row["ts"] <= now:
            fresh = self.api.first_in_flow(SUBSCRIBERS, user_ns=subscriber["user_ns"])
            if fresh is not None:
                self.api.update(
                    SUBSCRIBERS,
                    fresh,
                    {"last_message_at": self.api.now(), "last_message_type": msg_type},
                )
        return stored

    def send_texts(
        self, subscriber: Record, texts: Iterable[str], *, kind: str, **options: Any
    ) -> list[Record]:
        """One outbound text message per text."""
        return [
            self.record(subscriber, type="out", content=text, kind=kind, **options)
            for text in texts
        ]

    def of(self, user_ns: str) -> list[Record]:
        """A conversation's messages up to now on the sandbox clock, oldest first."""
        now = self.api.timestamp()
        found = self.api.find_in_flow(MESSAGES, user_ns=user_ns)
        return sorted((m for m in found if m["ts"] <= now), key=order)

    def by_mids(self, mids: Iterable[str]) -> list[Record]:
        wanted = set(mids)
        now = self.api.timestamp()
        found = self.api.find_in_flow(MESSAGES)
        return sorted((m for m in found if str(m["mid"]) in wanted and m["ts"] <= now), key=order)


def order(message: Record | dict[str, Any]) -> tuple[int, int]:
    return message["ts"], message["mid"]


def represent(message: Record | dict[str, Any]) -> dict[str, Any]:
    """The vendor's ChatMsg."""
    return {
        "id": message["mid"],
        **pick(message, "type", "msg_type", "content"),
        "payload": dict(message["payload"]),
        "sender_id": message["sender_id"],
        "ts": message["ts"],
    }


# -- fixtures ----------------------------------------------------------------------------------


class MessageEntry(Entry):
    user_ns = fields.String(required=True)
    mid = fields.Integer(metadata={"description": "Generated when absent"})
    type = fields.String(load_default="in", validate=one_of(MESSAGE_TYPES))
    msg_type = fields.String(load_default="text", validate=one_of(MSG_TYPES))
    content = fields.String(load_default="")
    payload = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        metadata={"description": "{text, url}; {text: content} when absent"},
    )
    sender_id = fields.String(
        metadata={"description": "The user_ns for `in`, the agent id for `agent`, else empty"}
    )
    at = Moment(required=True, metadata={"description": "When, Y-m-d H:i:s (UTC)"})
    via = fields.String(metadata={"description": "The channel, or sms / email"})
    kind = fields.String(load_default="history")
    details = fields.Dict(load_default=dict)


def load_messages(api: Flochat, entries: list[dict[str, Any]]) -> int:
    subscribers = {s["user_ns"]: s for s in api.find_in_flow(SUBSCRIBERS)}
    for index, entry in enumerate(entries):
        subscriber = subscribers.get(entry["user_ns"])
        if subscriber is None:
            raise FixtureError(
                ["messages", index, "user_ns"], f"no subscriber {entry['user_ns']!r}"
            )
        mid = fixture_id(api, MESSAGES, entry.get("mid"), ["messages", index], key="mid")
        default_sender = subscriber["user_ns"] if entry["type"] == "in" else ""
        api.insert(
            MESSAGES,
            {
                "flow": api.flow_id,
                "id": mid,
                "user_ns": entry["user_ns"],
                "mid": mid,
                **pick(entry, "type", "msg_type", "content"),
                "payload": entry.get("payload") or text_payload(entry["content"]),
                "sender_id": entry.get("sender_id", default_sender),
                "ts": entry["at"],
                "via": entry.get("via") or subscriber["channel"],
                "kind": entry["kind"],
                "details": entry["details"],
            },
        )
    return len(entries)


def export_messages(api: Flochat) -> list[dict[str, Any]]:
    exported = []
    for message in sorted(api.find_in_flow(MESSAGES), key=order):
        entry = {
            **pick(
                message, "user_ns", "mid", "type", "msg_type", "content", "payload", "sender_id"
            ),
            "at": moment(message["ts"]),
            "via": message["via"],
            "kind": message["kind"],
        }
        if message.get("details"):
            entry["details"] = message["details"]
        exported.append(entry)
    return exported


SECTIONS = [Section("messages", MessageEntry, load_messages, export_messages)]
