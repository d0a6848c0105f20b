"""Tables, id formats, timestamps and paging shared by Flochat's models."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any, TypeVar

from sandbox.core.backend import WorkspaceBackend
from sandbox.core.resources import Resource, name_matches, page_of
from sandbox.core.storage import Record
from sandbox.core.storage.records import Contains

__all__ = ["name_matches"]  # re-exported: the models search by it

# Team-level tables (a workspace is one UChat team).
FLOWS = "flochat.flows"  # the team's bots; an API key belongs to one
API_KEYS = "flochat.api_keys"  # keys defined by fixtures, besides the workspace's own
COUNTERS = "flochat.counters"  # last number given per (flow, ns kind) and per id table
TEAM = "flochat.team"  # the team's own settings (one row)
LABELS = "flochat.labels"  # team labels, put on subscribers of any flow
# Team members (agents) {id, name, email, image, role: owner|admin|member|agent, is_online}
# and agent groups {id, name, member_ids}: loaded by the team group (models/team.py), read
# by the sending group to assign chats.
MEMBERS = "flochat.members"
AGENT_GROUPS = "flochat.agent_groups"
# Flow-level tables: every row carries the `flow` id it belongs to.
TAGS = "flochat.tags"
USER_FIELDS = "flochat.user_fields"
BOT_FIELDS = "flochat.bot_fields"
SUB_FLOWS = "flochat.sub_flows"
NODES = "flochat.nodes"
SEGMENTS = "flochat.segments"
SUBSCRIBERS = "flochat.subscribers"
FLOW_SETTINGS = "flochat.flow_settings"
# Every message of a conversation, in and out (written by the sending group, models/
# messaging.py; read by summaries): {flow, user_ns, mid (team-wide int), type: in|out|agent,
# msg_type: text|image|audio|video|file, content, payload: {text, url}, sender_id, ts (unix
# seconds), via: the channel or sms|email, kind: what made it (text, template, flow, node,
# content, sms, email, broadcast, inbound)}.
MESSAGES = "flochat.messages"

#: The letter of each kind of flow-scoped id: `f<flow id><letter><number>` (platforms.md §A.3).
NS_LETTERS = {
    "user": "u",
    "tag": "t",
    "sub_flow": "s",
    "segment": "sg",
    "user_field": "v",
    "bot_field": "v",
    "node": "n",
    "event": "e",
    "webhook": "w",
}

#: Laravel's paginate() default page size; the vendor documents no default (assumed).
DEFAULT_LIMIT = 15

T = TypeVar("T")


def laravel_datetime(moment: datetime) -> str:
    """`Y-m-d H:i:s` in UTC, the format of the vendor's datetimes ("2020-11-27 17:50:45")."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def page(items: Iterable[T], limit: int | None, page_number: int | None) -> list[T]:
    """One page of `items` (Laravel's offset paging: page 1 is the first)."""
    return page_of(items, limit, page_number, DEFAULT_LIMIT)


class SubscriberMarks:
    """The marks a subscriber carries in one list field (tag ns's in `tags`, label ids in
    `labels`): adding and removing them, writing only when the list changes."""

    def __init__(self, api: WorkspaceBackend, field: str, key: str, marks: Resource[Any]) -> None:
        self.api = api
        self.field = field  # the subscriber's list
        self.key = key  # the mark's value in it
        self.marks = marks  # the tags or labels themselves

    def by_name(self, names: list[str]) -> list[Record]:
        """The marks with these names (any case); an unknown one is the marks' not found."""
        return [self.marks.by_name(name) for name in names]

    def add(self, subscriber: Record, marks: list[Record]) -> None:
        current = list(subscriber[self.field])
        for mark in marks:
            if mark[self.key] not in current:
                current.append(mark[self.key])
        if current != subscriber[self.field]:
            self.api.update(SUBSCRIBERS, subscriber, {self.field: current})

    def remove(self, subscriber: Record, marks: list[Record]) -> None:
        unwanted = {mark[self.key] for mark in marks}
        remaining = [value for value in subscriber[self.field] if value not in unwanted]
        if remaining != subscriber[self.field]:
            self.api.update(SUBSCRIBERS, subscriber, {self.field: remaining})


def take_off_subscribers(api: WorkspaceBackend, field: str, value: Any, **scope: Any) -> None:
    """Remove `value` from the `field` list (tags, labels) of every subscriber carrying it,
    found by the store's index rather than by reading every subscriber."""
    for subscriber in api.find(SUBSCRIBERS, **scope, **{field: Contains(value)}):
        remaining = [item for item in subscriber[field] if item != value]
        api.update(SUBSCRIBERS, subscriber, {field: remaining})


def text(value: Any) -> str:
    """A stored value as the vendor's string-typed fields show it ("" for nothing)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, dict)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)
