"""A subscriber's chat in the inbox: bot pause, chat status, assigned agent or agent
group, subscription and opt-ins; each change opens or closes a conversation
(messaging_conversations) and is recorded in the agent activity log
(messaging_activity); the fixture sections of both are messaging_chat_fixtures.

Agents and agent groups are the team's (MEMBERS / AGENT_GROUPS, loaded by the team
group): read here, never written.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import (
    AGENT_GROUPS,
    MEMBERS,
    SUBSCRIBERS,
    laravel_datetime,
)

# Re-exported: the routes, schemas/messaging_reads.py and models/messaging.py import them here.
from sandbox.platforms.flochat.models.messaging_activity import ACTIONS as ACTIONS
from sandbox.platforms.flochat.models.messaging_activity import SOURCE_TYPES as SOURCE_TYPES
from sandbox.platforms.flochat.models.messaging_activity import ActivityLog
from sandbox.platforms.flochat.models.messaging_activity import (
    represent_activity as represent_activity,
)
from sandbox.platforms.flochat.models.messaging_chat_fixtures import SECTIONS as SECTIONS
from sandbox.platforms.flochat.models.messaging_conversations import Conversations

AGENT_NOT_FOUND = "Agent not found"
AGENT_GROUP_NOT_FOUND = "Agent group not found"
NO_PHONE = "Subscriber has no phone number"
NO_EMAIL = "Subscriber has no email address"

#: The activity log action of a move to each chat status.
STATUS_ACTIONS = {"open": "open", "pending": "pending", "spam": "spam", "done": "close"}


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
