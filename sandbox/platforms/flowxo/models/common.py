"""What the Flow XO models share: tables, and the MongoDB / JavaScript formats the vendor's
Node.js stack shows (ObjectId ids, `Date.prototype.toISOString()` timestamps)."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any
from urllib.parse import quote

from sandbox.core.context import Context
from sandbox.core.stacks.express import js_date

# One table per collection; a workspace is one Flow XO account.
BOTS = "flowxo.bots"  # the account's bots ("connections")
WORKFLOWS = "flowxo.workflows"
END_USERS = "flowxo.end_users"  # one per bot and channel id: also the conversation
MESSAGES = "flowxo.messages"
#: An end user's last activity in epoch milliseconds (its latest message's time, or its
#: creation's while it has none), kept on the user so that the conversation list reads one
#: page from the store's order index instead of every user and message.
ACTIVE_MS = "active_ms"

#: Bot platforms. Only "telegram" is recorded (platforms.md §C.3, article 291); the others
#: name the channels Flow XO connects in the same lower-case style (assumed).
BOT_PLATFORMS = ("telegram", "messenger", "whatsapp", "twilio", "web", "slack")
#: Who wrote a message: the bot, the end user, or a human agent (live chat).
ROLES = ("bot", "user", "agent")
#: Roles whose messages the account sent (the outbox).
OUTBOUND_ROLES = ("bot", "agent")
#: Messenger's 24-hour rule (Flow XO's `policy_violation` error, article 240): a bot may
#: message a user freely only within 24 hours of the user's last message.
WINDOW_SECONDS = 24 * 60 * 60

#: The profile fields the API sets (over what the channel reports).
PROFILE_FIELDS = ("user_name", "user_first_name", "user_last_name")

OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
#: `<bot id>/c/<channel id>`: a conversation's id (article 291), also the user's response path.
CONVERSATION_SEPARATOR = "/c/"


def object_id(ctx: Context, at: str | None = None) -> str:
    """A MongoDB ObjectId: 4 bytes of its creation time (`at`, an ISO time, or the
    sandbox's now), then 8 seedable random bytes."""
    moment = parse_time(at) if at is not None else ctx.clock.now()
    seconds = max(0, int(moment.timestamp()))
    return f"{seconds:08x}{ctx.ids.hex(16)}"


def is_object_id(value: Any) -> bool:
    return isinstance(value, str) and OBJECT_ID.match(value) is not None


def js_iso(moment: datetime) -> str:
    """`Date.prototype.toISOString()`: UTC, milliseconds, `Z`."""
    utc = moment.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def now(ctx: Context) -> str:
    return js_iso(ctx.clock.now())


def parse_time(value: Any) -> datetime:
    """An ISO 8601 date or date-time as `new Date(...)` reads it (no zone: UTC). Raises
    ValueError for anything else. YAML may already have made a datetime or a date."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    if not isinstance(value, str):
        raise ValueError(f"not an ISO 8601 date: {value!r}")
    return js_date(value)


def response_path(bot_id: str, channel: str) -> str:
    """The user's response path and conversation id: `<bot id>/c/<channel id>` (assumed
    identical: article 283 says it is made of the two, article 291 shows the conversation
    id in this form)."""
    return f"{bot_id}{CONVERSATION_SEPARATOR}{channel}"


def split_path(path: str) -> tuple[str, str] | None:
    """(bot id, channel id) of a response path, or None when it is not of that form."""
    bot_id, separator, channel = path.partition(CONVERSATION_SEPARATOR)
    if not separator or not bot_id or not channel:
        return None
    return bot_id, channel


def url_encoded(path: str) -> str:
    """`encodeURIComponent(id)`, as `id_url_encoded` shows it."""
    return quote(path, safe="-_.!~*'()")


def epoch_ms(stamp: Any) -> int:
    """`ACTIVE_MS` of a time the account stores (ISO text or a datetime)."""
    return int(parse_time(stamp).timestamp() * 1000)
