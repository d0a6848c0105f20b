"""A subscriber's chat in the inbox: bot pause, chat status, assigned agent or agent
group, subscription and opt-ins; the conversations it opens and closes and the agent
activity log that records each change (source `api` for what the API does).

A conversation opens when the chat is moved to `open` (or on the customer's message, or
an assignment) with none open, and closes when the chat is moved to `done`
(`/flow/conversations/data` lists the closed ones). Agents and agent groups are the
team's (MEMBERS / AGENT_GROUPS, loaded by the team group): read here, never written.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import (
    AGENT_GROUPS,
    MEMBERS,
    MESSAGES,
    SUBSCRIBERS,
    laravel_datetime,
)
from sandbox.platforms.flochat.models.messaging_common import (
    ACTIVITY_LOG,
    CONVERSATIONS,
    Moment,
    fixture_id,
    flow_ns,
    moment,
)
from sandbox.platforms.flochat.models.sections import Entry, Section, one_of

AGENT_NOT_FOUND = "Agent not found"
AGENT_GROUP_NOT_FOUND = "Agent group not found"
NO_PHONE = "Subscriber has no phone number"
NO_EMAIL = "Subscriber has no email address"

#: The activity log's actions and sources, as the vendor lists them.
ACTIONS = (
    "open",
    "close",
    "assign",
    "reply",
    "note",
    "pending",
    "spam",
    "invalid",
    "add_collaborator",
    "remove_collaborator",
    "subscribe_to_bot",
    "unsubscribe_from_bot",
    "opt_in_sms",
    "opt_out_sms",
    "opt_in_email",
    "opt_out_email",
)
SOURCE_TYPES = ("agent", "bot", "bot_user", "api", "webhook")
CONVERSATION_SOURCES = ("agent", "new_user", "return_user")
#: The activity log action of a move to each chat status.
STATUS_ACTIONS = {"open": "open", "pending": "pending", "spam": "spam", "done": "close"}


class ActivityLog:
    def __init__(self, api: Flochat) -> None:
        self.api = api

    def add(
        self,
        user_ns: str,
        action: str,
        *,
        agent_id: int = 0,
        conv_id: int = 0,
        source_type: str = "api",
    ) -> Record:
        return self.api.insert(
            ACTIVITY_LOG,
            {
                "flow": self.api.flow_id,
                "id": self.api.next_id(ACTIVITY_LOG),
                "user_ns": user_ns,
                "agent_id": agent_id,
                "conv_id": conv_id,
                "action": action,
                "source_type": source_type,
                "created_at": self.api.timestamp(),
            },
        )

    def search(self, query: dict[str, Any]) -> list[Record]:
        """Newest first, narrowed by the query's filters."""
        wanted = {
            k: query.get(k) for k in ("user_ns", "agent_id", "conv_id", "action", "source_type")
        }
        found = [
            row
            for row in self.api.find_in_flow(ACTIVITY_LOG)
            if all(value is None or row[key] == value for key, value in wanted.items())
            and within(row["created_at"], query.get("start_time"), query.get("end_time"))
        ]
        found.sort(key=lambda row: row["id"], reverse=True)
        return found[: query.get("limit") or 15]


def represent_activity(row: Record) -> dict[str, Any]:
    return {
        "agent_id": row["agent_id"],
        "user_ns": row["user_ns"],
        "conv_id": row["conv_id"],
        "created_at": moment(row["created_at"]),
        "source_type": row["source_type"],
        "action": row["action"],
    }


def within(ts: int, start: int | None, end: int | None) -> bool:
    return (start is None or ts >= start) and (end is None or ts <= end)


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
            "last_assign_agent_id": row["last_assign_agent_id"],
            "first_close_agent_id": row["first_close_agent_id"],
            "last_close_agent_id": row["last_close_agent_id"],
            "is_new_bot_user": row["is_new_bot_user"],
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
            "number_of_assignments": row["number_of_assignments"],
            "number_of_opens": row["number_of_opens"],
            "number_of_closes": row["number_of_closes"],
            "opened_source": row["opened_source"],
            "closed_source": row["closed_source"],
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


class ChatState:
    """What the API changes on a subscriber's chat; each change is logged."""

    def __init__(self, api: Flochat) -> None:
        self.api = api
        self.log = ActivityLog(api)
        self.conversations = Conversations(api)

    def _set(self, subscriber: Record, **changes: Any) -> Record:
        return self.api.update(SUBSCRIBERS, subscriber, changes)

    def pause_bot(self, subscriber: Record, minutes: int) -> Record:
        until = self.api.ctx.clock.now() + timedelta(minutes=minutes)
        return self._set(subscriber, bot_paused_until=laravel_datetime(until))

    def resume_bot(self, subscriber: Record) -> Record:
        return self._set(subscriber, bot_paused_until=None)

    def move_to(self, subscriber: Record, status: str, source: str = "api") -> Record:
        """Move the chat to a status; `open` opens a conversation, `done` closes it."""
        user_ns = subscriber["user_ns"]
        if status == "done":
            conversation = self.conversations.close(user_ns, source)
        else:
            conversation = self.conversations.open(user_ns, source)
        self.log.add(
            user_ns, STATUS_ACTIONS[status], conv_id=conversation["id"], source_type=source
        )
        return self._set(subscriber, chat_status=status)

    def assign_agent(self, subscriber: Record, agent_id: int) -> Record:
        """Assign a team member who works on this bot (a member limited to other bots,
        MEMBERS' `flows`, is not one of its agents: "Agent not found")."""
        member = self.api.first(MEMBERS, id=agent_id)
        if member is None or (member.get("flows") and self.api.flow_id not in member["flows"]):
            raise FlochatError(AGENT_NOT_FOUND)
        conversation = self.conversations.assign(subscriber["user_ns"], agent_id)
        self.log.add(subscriber["user_ns"], "assign", agent_id=agent_id, conv_id=conversation["id"])
        return self._set(subscriber, agent_id=agent_id)

    def assign_agent_group(self, subscriber: Record, group_id: int) -> Record:
        if self.api.first(AGENT_GROUPS, id=group_id) is None:
            raise FlochatError(AGENT_GROUP_NOT_FOUND)
        conversation = self.conversations.open(subscriber["user_ns"], "api")
        self.log.add(subscriber["user_ns"], "assign", conv_id=conversation["id"])
        return self._set(subscriber, agent_group_id=group_id)

    def unassign(self, subscriber: Record) -> Record:
        """No agent nor group: logged as an assignment to agent 0 (assumed; the vendor's
        log has no unassign action)."""
        current = self.conversations.current(subscriber["user_ns"])
        self.log.add(subscriber["user_ns"], "assign", conv_id=current["id"] if current else 0)
        return self._set(subscriber, agent_id=None, agent_group_id=None)

    def subscribe(self, subscriber: Record, subscribed: bool) -> Record:
        if bool(subscriber["subscribed"]) == subscribed:
            return subscriber
        action = "subscribe_to_bot" if subscribed else "unsubscribe_from_bot"
        self.log.add(subscriber["user_ns"], action)
        return self._set(subscriber, subscribed=self.api.now() if subscribed else "")

    def opt_in(self, subscriber: Record, medium: str, opted_in: bool) -> Record:
        """Opt in or out of `medium` (sms or email); opting in needs a phone number or
        an e-mail address."""
        contact = "phone" if medium == "sms" else "email"
        if opted_in and not subscriber.get(contact):
            raise FlochatError(NO_PHONE if medium == "sms" else NO_EMAIL)
        key = f"opted_in_{medium}"
        if bool(subscriber.get(key)) == opted_in:
            return subscriber
        self.log.add(subscriber["user_ns"], f"opt_{'in' if opted_in else 'out'}_{medium}")
        return self._set(subscriber, **{key: self.api.now() if opted_in else ""})


def customer_wrote(api: Flochat, subscriber: Record) -> Record:
    """A customer's message: the chat reopens (a `done` chat moves back to `open`) and
    the subscriber's interaction times move to now."""
    now = api.now()
    state = ChatState(api)
    if state.conversations.current(subscriber["user_ns"]) is None:
        subscriber = state.move_to(subscriber, "open", source="bot_user")
    elif subscriber.get("chat_status") == "done":
        subscriber = api.update(SUBSCRIBERS, subscriber, {"chat_status": "open"})
    return api.update(
        SUBSCRIBERS,
        subscriber,
        {
            "last_inbound_at": now,
            "last_interaction": now,
            "last_seen": now,
            "last_message_at": now,
            "last_message_type": "text",
        },
    )


# -- fixtures ----------------------------------------------------------------------------------


class ConversationEntry(Entry):
    id = fields.Integer()
    user_ns = fields.String(required=True)
    status = fields.String(load_default="closed", validate=one_of(("open", "closed")))
    source_type = fields.String(load_default="new_user", validate=one_of(CONVERSATION_SOURCES))
    is_new_bot_user = fields.Integer(load_default=0)
    opened_source = fields.String(load_default="bot_user")
    closed_source = fields.String(load_default="")
    created_at = Moment(required=True, metadata={"description": "Y-m-d H:i:s (UTC)"})
    first_open_at = Moment()
    last_open_at = Moment()
    first_close_at = Moment()
    last_close_at = Moment()
    first_assign_at = Moment()
    last_assign_at = Moment()
    first_assign_agent_id = fields.Integer(load_default=0)
    last_assign_agent_id = fields.Integer(load_default=0)
    first_close_agent_id = fields.Integer(load_default=0)
    last_close_agent_id = fields.Integer(load_default=0)
    number_of_assignments = fields.Integer(load_default=0)
    number_of_opens = fields.Integer(load_default=1)
    number_of_closes = fields.Integer(load_default=0)
    number_of_notes = fields.Integer(load_default=0)
    agents = fields.List(fields.Integer(), load_default=list)


def _subscriber_nss(api: Flochat) -> set[str]:
    return {s["user_ns"] for s in api.find_in_flow(SUBSCRIBERS)}


def load_conversations(api: Flochat, entries: list[dict[str, Any]]) -> int:
    known = _subscriber_nss(api)
    for index, entry in enumerate(entries):
        if entry["user_ns"] not in known:
            raise FixtureError(
                ["conversations", index, "user_ns"], f"no subscriber {entry['user_ns']!r}"
            )
        row = {**new_conversation(), **entry, "flow": api.flow_id}
        row["first_open_at"] = row["first_open_at"] or row["created_at"]
        row["last_open_at"] = row["last_open_at"] or row["first_open_at"]
        if row["status"] == "closed":
            row["last_close_at"] = (
                row["last_close_at"] or row["first_close_at"] or row["created_at"]
            )
            row["first_close_at"] = row["first_close_at"] or row["last_close_at"]
        row["id"] = fixture_id(api, CONVERSATIONS, entry.get("id"), ["conversations", index])
        api.insert(CONVERSATIONS, row)
    return len(entries)


def export_conversations(api: Flochat) -> list[dict[str, Any]]:
    exported = []
    for row in sorted(api.find_in_flow(CONVERSATIONS), key=lambda r: r["id"]):
        entry = {key: value for key, value in row.items() if key != "flow"}
        for key in CONVERSATION_MOMENTS:
            entry[key] = moment(row[key]) if row[key] is not None else None
        exported.append({k: v for k, v in entry.items() if v is not None})
    return exported


class ActivityEntry(Entry):
    id = fields.Integer()
    user_ns = fields.String(required=True)
    agent_id = fields.Integer(load_default=0)
    conv_id = fields.Integer(load_default=0)
    action = fields.String(required=True, validate=one_of(ACTIONS))
    source_type = fields.String(load_default="agent", validate=one_of(SOURCE_TYPES))
    created_at = Moment(required=True, metadata={"description": "Y-m-d H:i:s (UTC)"})


def load_activity(api: Flochat, entries: list[dict[str, Any]]) -> int:
    known = _subscriber_nss(api)
    for index, entry in enumerate(entries):
        if entry["user_ns"] not in known:
            raise FixtureError(
                ["agent_activity_log", index, "user_ns"], f"no subscriber {entry['user_ns']!r}"
            )
        where: list[str | int] = ["agent_activity_log", index]
        row_id = fixture_id(api, ACTIVITY_LOG, entry.get("id"), where)
        row = {**entry, "flow": api.flow_id, "id": row_id}
        api.insert(ACTIVITY_LOG, row)
    return len(entries)


def export_activity(api: Flochat) -> list[dict[str, Any]]:
    return [
        {
            "id": row["id"],
            "user_ns": row["user_ns"],
            "agent_id": row["agent_id"],
            "conv_id": row["conv_id"],
            "action": row["action"],
            "source_type": row["source_type"],
            "created_at": moment(row["created_at"]),
        }
        for row in sorted(api.find_in_flow(ACTIVITY_LOG), key=lambda r: r["id"])
    ]


SECTIONS = [
    Section("conversations", ConversationEntry, load_conversations, export_conversations),
    Section("agent_activity_log", ActivityEntry, load_activity, export_activity),
]
