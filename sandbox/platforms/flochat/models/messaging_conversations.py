"""Inbox conversations: opened, assigned and closed, the closed ones listed, and the
vendor's ConversationData built from a conversation and its messages.

A conversation opens when the chat is moved to `open` (or on the customer's message, or
an assignment) with none open, and closes when the chat is moved to `done`
(`/flow/conversations/data` lists the closed ones).
"""

from __future__ import annotations

from typing import Any

from sandbox.core.resources import pick
from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import MESSAGES
from sandbox.platforms.flochat.models.messaging_activity import within
from sandbox.platforms.flochat.models.messaging_common import CONVERSATIONS, flow_ns, moment

CONVERSATION_SOURCES = ("agent", "new_user", "return_user")


class Conversations:
    def __init__(self, api: Flochat) -> None:
        self.api = api

    def current(self, user_ns: str) -> Record | None:
        return self.api.first_in_flow(CONVERSATIONS, user_ns=user_ns, status="open")

    def open(self, user_ns: str, source: str) -> Record:
        """The subscriber's open conversation, opened now by `source` if it has none."""
        found = self.current(user_ns)
        if found is not None:
            return found
        now = self.api.timestamp()
        earlier = self.api.find_in_flow(CONVERSATIONS, user_ns=user_ns)
        returning = "return_user" if earlier else "new_user"
        source_type = "agent" if source == "agent" else returning
        return self.api.insert(
            CONVERSATIONS,
            {
                **new_conversation(),
                "flow": self.api.flow_id,
                "id": self.api.next_id(CONVERSATIONS),
                "user_ns": user_ns,
                "status": "open",
                "is_new_bot_user": 0 if earlier else 1,
                "source_type": source_type,
                "opened_source": source,
                "created_at": now,
                "first_open_at": now,
                "last_open_at": now,
                "number_of_opens": 1,
            },
        )

    def close(self, user_ns: str, source: str) -> Record:
        """Close the subscriber's conversation (one is opened first if none is)."""
        conversation = self.open(user_ns, source)
        now = self.api.timestamp()
        return self.api.update(
            CONVERSATIONS,
            conversation,
            {
                "status": "closed",
                "closed_source": source,
                "first_close_at": conversation["first_close_at"] or now,
                "last_close_at": now,
                "number_of_closes": conversation["number_of_closes"] + 1,
            },
        )

    def assign(self, user_ns: str, agent_id: int) -> Record:
        conversation = self.open(user_ns, "api")
        now = self.api.timestamp()
        changes: dict[str, Any] = {
            "last_assign_at": now,
            "last_assign_agent_id": agent_id,
            "number_of_assignments": conversation["number_of_assignments"] + 1,
            "agents": sorted({*conversation["agents"], agent_id}),
        }
        if not conversation["first_assign_at"]:
            changes.update(first_assign_at=now, first_assign_agent_id=agent_id)
        return self.api.update(CONVERSATIONS, conversation, changes)

    def closed(self, query: dict[str, Any]) -> list[Record]:
        """Closed conversations from `start_id` up, oldest first (created in the time
        range, of one subscriber when asked)."""
        found = [
            row
            for row in self.api.find_in_flow(CONVERSATIONS, status="closed")
            if (query.get("user_ns") is None or row["user_ns"] == query["user_ns"])
            and row["id"] >= (query.get("start_id") or 0)
            and within(row["created_at"], query.get("start_time"), query.get("end_time"))
        ]
        found.sort(key=lambda row: row["id"])
        return found[: query.get("limit") or 15]

    def represent(self, row: Record) -> dict[str, Any]:
        """The vendor's ConversationData; what the messages tell (replies, response
        times, message counts) is read from the conversation's messages."""
        end = row["last_close_at"] or self.api.timestamp()
        messages = sorted(
            (
                m
                for m in self.api.find_in_flow(MESSAGES, user_ns=row["user_ns"])
                if row["created_at"] <= m["ts"] <= end
            ),
            key=lambda m: (m["ts"], m["mid"]),
        )
        replies = [m for m in messages if m["type"] == "agent"]
        first_reply = replies[0] if replies else None
        last_assign = row["last_assign_at"]
        after_assign = next(
            (m["ts"] for m in replies if last_assign and m["ts"] >= last_assign), None
        )
        waits = response_times(messages)
        first_reply_at = first_reply["ts"] if first_reply else None
        agents = {*row["agents"], *(agent_number(m["sender_id"]) for m in replies)} - {0}

        def span(start: int | None, stop: int | None) -> int:
            return stop - start if start is not None and stop is not None else 0

        return {
            "id": row["id"],
            "flow_ns": flow_ns(self.api),
            "user_ns": row["user_ns"],
            "first_assign_agent_id": row["first_assign_agent_id"],
            "first_reply_agent_id": agent_number(first_reply["sender_id"]) if first_reply else 0,
            **pick(
                row,
                "last_assign_agent_id",
                "first_close_agent_id",
                "last_close_agent_id",
                "is_new_bot_user",
            ),
            "created_at": moment(row["created_at"]),
            "source_type": row["source_type"],
            "first_open_at": moment(row["first_open_at"]),
            "first_close_at": moment(row["first_close_at"]),
            "last_open_at": moment(row["last_open_at"]),
            "last_close_at": moment(row["last_close_at"]),
            "first_assign_at": moment(row["first_assign_at"]),
            "first_reply_at": moment(first_reply_at),
            "last_assign_at": moment(last_assign),
            "first_reply_after_last_assign_at": moment(after_assign),
            "first_open_to_first_assign": span(row["first_open_at"], row["first_assign_at"]),
            "first_open_to_first_reply": span(row["first_open_at"], first_reply_at),
            "first_reply_after_first_assign": span(row["first_assign_at"], first_reply_at),
            "first_reply_after_last_assign": span(last_assign, after_assign),
            "first_assign_to_first_close": span(row["first_assign_at"], row["first_close_at"]),
            "first_reply_to_first_close": span(first_reply_at, row["first_close_at"]),
            "first_open_to_first_close": span(row["first_open_at"], row["first_close_at"]),
            "last_assign_to_last_close": span(last_assign, row["last_close_at"]),
            "first_open_to_last_close": span(row["first_open_at"], row["last_close_at"]),
            "handling_time": span(row["first_assign_at"], row["last_close_at"]),
            "avg_response_time": sum(waits) // len(waits) if waits else 0,
            "avg_subsequent_response_time": (
                sum(waits[1:]) // len(waits[1:]) if len(waits) > 1 else 0
            ),
            "in_messages": sum(1 for m in messages if m["type"] == "in"),
            "agent_messages": len(replies),
            "bot_messages": sum(1 for m in messages if m["type"] == "out"),
            "number_of_agent_replies": len(replies),
            "number_of_notes": row["number_of_notes"],
            "number_of_unique_agents": len(agents),
            **pick(
                row,
                "number_of_assignments",
                "number_of_opens",
                "number_of_closes",
                "opened_source",
                "closed_source",
            ),
        }


def response_times(messages: list[Record]) -> list[int]:
    """Seconds from each customer message left unanswered to the agent reply after it."""
    waits = []
    waiting_since: int | None = None
    for message in messages:
        if message["type"] == "in" and waiting_since is None:
            waiting_since = message["ts"]
        elif message["type"] == "agent" and waiting_since is not None:
            waits.append(message["ts"] - waiting_since)
            waiting_since = None
    return waits


def agent_number(sender_id: Any) -> int:
    """An agent message's sender as an agent id (0 when it is not a number)."""
    try:
        return int(sender_id)
    except (TypeError, ValueError):
        return 0


def new_conversation() -> dict[str, Any]:
    return {
        "status": "open",
        "source_type": "new_user",
        "is_new_bot_user": 0,
        "opened_source": "",
        "closed_source": "",
        **dict.fromkeys(CONVERSATION_MOMENTS),
        **dict.fromkeys(CONVERSATION_AGENTS, 0),
        **dict.fromkeys(CONVERSATION_COUNTS, 0),
        "agents": [],
    }


CONVERSATION_MOMENTS = (
    "created_at",
    "first_open_at",
    "last_open_at",
    "first_close_at",
    "last_close_at",
    "first_assign_at",
    "last_assign_at",
)
CONVERSATION_AGENTS = (
    "first_assign_agent_id",
    "last_assign_agent_id",
    "first_close_agent_id",
    "last_close_agent_id",
)
CONVERSATION_COUNTS = (
    "number_of_assignments",
    "number_of_opens",
    "number_of_closes",
    "number_of_notes",
)
