"""The `conversations` and `agent_activity_log` fixture sections: each row names a
subscriber of the flow, loaded with its own id or the next one, and exported back."""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from sandbox.core.resources import pick
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import SUBSCRIBERS
from sandbox.platforms.flochat.models.messaging_activity import ACTIONS, SOURCE_TYPES
from sandbox.platforms.flochat.models.messaging_common import (
    ACTIVITY_LOG,
    CONVERSATIONS,
    Moment,
    fixture_id,
    flow_entries,
    insert_entry,
    moment,
    referring,
)
from sandbox.platforms.flochat.models.messaging_conversations import (
    CONVERSATION_MOMENTS,
    CONVERSATION_SOURCES,
    new_conversation,
)
from sandbox.platforms.flochat.models.sections import Entry, Section, one_of

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
    for index, entry in referring(
        entries, "conversations", "user_ns", _subscriber_nss(api), "subscriber"
    ):
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
    for entry in flow_entries(api, CONVERSATIONS):
        for key in CONVERSATION_MOMENTS:
            entry[key] = moment(entry[key]) if entry[key] is not None else None
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
    for index, entry in referring(
        entries, "agent_activity_log", "user_ns", _subscriber_nss(api), "subscriber"
    ):
        insert_entry(api, ACTIVITY_LOG, entry, ["agent_activity_log", index])
    return len(entries)


def export_activity(api: Flochat) -> list[dict[str, Any]]:
    return [
        {
            **pick(row, "id", "user_ns", "agent_id", "conv_id", "action", "source_type"),
            "created_at": moment(row["created_at"]),
        }
        for row in sorted(api.find_in_flow(ACTIVITY_LOG), key=lambda r: r["id"])
    ]


SECTIONS = [
    Section("conversations", ConversationEntry, load_conversations, export_conversations),
    Section("agent_activity_log", ActivityEntry, load_activity, export_activity),
]
