"""What the FlowBot models share: tables, and timestamps as the vendor's Node.js API writes
them (`Date.prototype.toISOString()`: milliseconds and `Z`)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from sandbox.core.clock import parse_iso

USERS = "flowbot.users"
FLOWS = "flowbot.flows"
CONVERSATIONS = "flowbot.conversations"
MESSAGES = "flowbot.messages"
#: The workspace's JWT signing secret; never exported (a reload invalidates old tokens).
SIGNING_KEYS = "flowbot.signing_keys"

ROLES = ("admin", "user")
FLOW_STATUSES = ("active", "draft", "inactive")
CONVERSATION_STATUSES = ("active", "pending", "closed")
#: WhatsApp's customer-service window, opened by each message of the customer.
WINDOW = timedelta(hours=24)


def js_iso(moment: datetime) -> str:
    """`new Date(...).toISOString()`: UTC, milliseconds, `Z`."""
    utc = moment.astimezone(timezone.utc)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


def normalise_time(value: Any) -> str:
    """A timestamp from a fixture (ISO 8601 text, or a datetime YAML made of it) in the
    vendor's form; ValueError when it is neither."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        return js_iso(moment)
    if isinstance(value, str):
        return js_iso(parse_iso(value))
    raise ValueError(f"not a timestamp: {value!r}")


def window_open(last_customer_message_at: str | None, now: datetime) -> bool:
    """Whether free-form messages may be sent: less than 24 hours since the customer's
    last message (a conversation the customer never wrote in is closed)."""
    if not last_customer_message_at:
        return False
    return now < parse_iso(last_customer_message_at) + WINDOW
