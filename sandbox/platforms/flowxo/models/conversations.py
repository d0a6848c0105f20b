"""Conversations and their messages (article 291, platforms.md §C.3), and the control API's
hook (`/_sandbox/outbox`, `/_sandbox/inbound`).

A conversation is one end user of one bot: its id is `<bot id>/c/<channel id>`, it was
created with the user, and its `last_message` is the latest message in it (absent while
it has none, as public clients of the API expect). Flow XO's API sends nothing itself, so
the outbox is what the account's bots and agents said in conversations (from fixtures);
a simulated inbound message is the user's, refreshes the 24-hour window, and, from a
channel id the bot has never seen, creates the user as a real first message does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sandbox.core.context import Context
from sandbox.core.storage import Record
from sandbox.platforms.flowxo.models.api import FlowXO
from sandbox.platforms.flowxo.models.bots import Bots
from sandbox.platforms.flowxo.models.common import (
    ACTIVE_MS,
    END_USERS,
    MESSAGES,
    OUTBOUND_ROLES,
    epoch_ms,
    now,
    object_id,
    parse_time,
    response_path,
    split_path,
    url_encoded,
)
from sandbox.platforms.flowxo.models.end_users import EndUsers, display_name

#: A message's keys in the order the vendor shows them; `message` (text) or `custom`
#: (a JSON string, e.g. a Telegram payload) depending on `type`.
MESSAGE_KEYS = (
    "id",
    "role",
    "conversation",
    "from",
    "agent_mode",
    "type",
    "message",
    "custom",
    "timestamp",
)


def message_view(message: Record | dict[str, Any]) -> dict[str, Any]:
    return {key: message[key] for key in MESSAGE_KEYS if key in message}


def _chronological(messages: list[Record]) -> list[Record]:
    return sorted(messages, key=lambda m: (parse_time(m["timestamp"]), m.id))


class Conversations:
    def __init__(self, account: FlowXO) -> None:
        self.account = account

    # -- GET /api/conversations -----------------------------------------------------------

    def page(
        self, skip: int, limit: int, start: datetime | None, end: datetime | None
    ) -> dict[str, Any]:
        """A page of conversations created between `start` and `end`, most recently active
        first (assumed: the order and the field the dates filter are not recorded).

        Without dates it costs the page: the users' `ACTIVE_MS` order index gives it, the
        store's count the total, and only the page's conversations are read for their last
        message. Dates filter on a time the index does not order by, so they read every
        user (and so does a database written before users kept `ACTIVE_MS`: a page that
        comes up short of what the total promises is read the full way).
        """
        if start is None and end is None:
            total = self.account.count(END_USERS)
            rows = self.account.page(
                END_USERS, ACTIVE_MS, descending=True, limit=limit, offset=skip
            )
            if len(rows) == max(0, min(limit, total - skip)):
                bots = Bots(self.account).by_id()
                found = (self._latest(row) for row in rows)
                latest = {m["conversation"]: m for m in found if m is not None}
                return {
                    "total": total,
                    "skip": skip,
                    "limit": limit,
                    "conversations": [self._view(user, bots, latest) for user in rows],
                }
        users = [
            user
            for user in self.account.find(END_USERS)
            if _within(parse_time(user["created_at"]), start, end)
        ]
        latest = self._latest_messages()
        bots = Bots(self.account).by_id()

        def activity(user: Record) -> tuple[datetime, int]:
            last = latest.get(response_path(user["bot_id"], user["channel"]))
            stamp = last["timestamp"] if last is not None else user["created_at"]
            return parse_time(stamp), user.id

        ordered = sorted(users, key=activity, reverse=True)
        page = ordered[skip : skip + limit]
        return {
            "total": len(users),
            "skip": skip,
            "limit": limit,
            "conversations": [self._view(user, bots, latest) for user in page],
        }

    def _latest(self, user: Record) -> Record | None:
        """The user's latest message (an indexed read of its conversation's messages)."""
        path = response_path(user["bot_id"], user["channel"])
        messages = self.account.find(MESSAGES, conversation=path)
        return _chronological(messages)[-1] if messages else None

    def _latest_messages(self) -> dict[str, Record]:
        latest: dict[str, Record] = {}
        for message in _chronological(self.account.find(MESSAGES)):
            latest[message["conversation"]] = message
        return latest

    def _view(
        self, user: Record, bots: dict[str, Record], latest: dict[str, Record]
    ) -> dict[str, Any]:
        path = response_path(user["bot_id"], user["channel"])
        bot = bots.get(user["bot_id"])
        view: dict[str, Any] = {"agent_mode": user["agent_mode"]}
        if path in latest:
            view["last_message"] = message_view(latest[path])
        view.update(
            {
                "created_at": user["created_at"],
                "id": path,
                "id_url_encoded": url_encoded(path),
                "bot_id": user["bot_id"],
                "bot_name": bot["name"] if bot is not None else None,
                "platform": bot["platform"] if bot is not None else None,
                "user_id": user["channel"],
                "user_name": display_name(user),
            }
        )
        return view

    # -- the control API --------------------------------------------------------------------

    def outbox(self, conversation: str | None) -> list[dict[str, Any]]:
        """What the account's bots and agents sent, oldest first."""
        if conversation is not None:
            self._existing(conversation)
            messages = self.account.find(MESSAGES, conversation=conversation)
        else:
            messages = self.account.find(MESSAGES)
        return [message_view(m) for m in _chronological(messages) if m["role"] in OUTBOUND_ROLES]

    def inbound(self, conversation: str, text: str) -> dict[str, Any]:
        """A user's message: stored, shown as the conversation's last message, and the start
        of a new 24-hour window."""
        parts = split_path(conversation)
        bot = Bots(self.account).by_text_id(parts[0]) if parts is not None else None
        if parts is None or bot is None:
            raise LookupError(f"no conversation {conversation!r}")
        if not text.strip():
            raise ValueError("a message needs some text")
        channel = parts[1]
        user = EndUsers(self.account).get(bot["_id"], channel)
        if user is None:
            user = EndUsers(self.account).add(bot["_id"], channel)
        stamp = now(self.account.ctx)
        had_messages = self.account.exists(
            MESSAGES, conversation=response_path(bot["_id"], channel)
        )
        message = {
            "id": object_id(self.account.ctx),
            "role": "user",
            "conversation": response_path(bot["_id"], channel),
            "from": channel,
            "agent_mode": user["agent_mode"],
            "type": "message",
            "message": text,
            "timestamp": stamp,
        }
        self.account.insert(MESSAGES, message)
        # The latest message is this one, unless the clock was set back before an older one.
        active = max(epoch_ms(stamp), user.get(ACTIVE_MS, 0)) if had_messages else epoch_ms(stamp)
        self.account.update(END_USERS, user, {"last_inbound_at": stamp, ACTIVE_MS: active})
        return message_view(message)

    def _existing(self, conversation: str) -> Record:
        user = EndUsers(self.account).by_path(conversation)
        if user is None:
            raise LookupError(f"no conversation {conversation!r}")
        return user


def _within(moment: datetime, start: datetime | None, end: datetime | None) -> bool:
    return (start is None or moment >= start) and (end is None or moment <= end)


class ConversationsHook:
    """`Platform.conversations`: the control API's way into a workspace's conversations."""

    def outbox(self, ctx: Context, conversation: str | None) -> list[dict[str, Any]]:
        return Conversations(FlowXO(ctx)).outbox(conversation)

    def inbound(self, ctx: Context, conversation: str, text: str) -> dict[str, Any]:
        return Conversations(FlowXO(ctx)).inbound(conversation, text)
