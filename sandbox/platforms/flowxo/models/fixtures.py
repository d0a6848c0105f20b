"""The `flowxo` section of a fixture document: the account's bots, workflows, and end users
with their conversations.

    flowxo:
      bots:
        - {_id: 6617a0c2e4b0a1f2c3d4e5f6, name: Loja da Ana, platform: whatsapp}
      workflows:
        - {_id: 6617a0c2e4b0a1f2c3d4e601, name: Welcome, active: true}
      end_users:
        - connection: 6617a0c2e4b0a1f2c3d4e5f6     # a bot's _id
          channel: "5511987654321"                # the user's id on the bot's channel
          channel_profile: {user_first_name: Ana}  # what the channel reported
          profile: {user_name: Ana Souza}          # set through the API: wins
          agent_mode: false                       # a human agent has taken over
          created_at: 2026-02-20T14:03:11.000Z
          messages:                               # the conversation, oldest first
            - {role: user, message: Oi!, timestamp: 2026-02-20T14:03:11.000Z}
            - {role: bot, message: Olá Ana!, timestamp: 2026-02-20T14:03:12.000Z}
            - {role: bot, type: custom, custom: {text: Hi}, timestamp: ...}

Ids (`_id`, a message's `id`) are generated when left out. Platforms: telegram, messenger,
whatsapp, twilio, web, slack; roles: bot, user, agent. A message's `from` defaults to the
bot's id (bot and agent messages) or the user's channel id; a `custom` payload may be given
as a mapping (stored as its JSON text, as the vendor shows it). An end user's `updated_at`
defaults to its `created_at`, and `last_inbound_at` (the start of the 24-hour window) to
the time of its latest `user` message. Export writes every stored value, so it loads back
as it is.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from sandbox.core.context import Context
from sandbox.core.fixture_sections import Entry
from sandbox.core.fixtures import FixtureError, load_entries
from sandbox.platforms.flowxo.models.api import FlowXO
from sandbox.platforms.flowxo.models.common import (
    ACTIVE_MS,
    BOT_PLATFORMS,
    BOTS,
    END_USERS,
    MESSAGES,
    OBJECT_ID,
    PROFILE_FIELDS,
    ROLES,
    WORKFLOWS,
    epoch_ms,
    js_iso,
    now,
    object_id,
    parse_time,
    response_path,
)
from sandbox.platforms.flowxo.models.conversations import MESSAGE_KEYS

SECTIONS = ("bots", "workflows", "end_users")


class ObjectId(fields.String):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            validate=validate.Regexp(OBJECT_ID, error="Not a MongoDB ObjectId (24 hex digits)."),
            **kwargs,
        )


class Text(fields.Field):
    """Text, or a number taken as its text (YAML reads a bare phone number as one)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        raise ValidationError("Not a valid string.")


class Moment(fields.Field):
    """An ISO 8601 time (or a YAML timestamp), stored as `toISOString()` writes it."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, (str, datetime, date)):
            raise ValidationError("Not a valid ISO 8601 date.")
        try:
            return js_iso(parse_time(value))
        except ValueError:
            raise ValidationError("Not a valid ISO 8601 date.") from None


class Custom(fields.Field):
    """A `custom` payload: its JSON text, or a mapping / list to write as JSON."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, (Mapping, list)):
            return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
        raise ValidationError("Not a JSON text, mapping or list.")


class ProfileEntry(Entry):
    user_name = Text()
    user_first_name = Text()
    user_last_name = Text()


class BotEntry(Entry):
    _id = ObjectId(data_key="_id")
    name = fields.String(required=True)
    platform = fields.String(
        required=True,
        validate=validate.OneOf(BOT_PLATFORMS, error="Must be one of: {choices}."),
    )


class WorkflowEntry(Entry):
    _id = ObjectId(data_key="_id")
    name = fields.String(required=True)
    active = fields.Boolean(load_default=True)


class MessageEntry(Entry):
    id = ObjectId()
    role = fields.String(
        required=True, validate=validate.OneOf(ROLES, error="Must be one of: {choices}.")
    )
    from_ = Text(data_key="from")
    agent_mode = fields.Boolean()
    type = fields.String()
    message = fields.String()
    custom = Custom()
    timestamp = Moment(required=True)

    @validates_schema
    def _has_content(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "message" not in data and "custom" not in data:
            raise ValidationError("a message needs its text (message) or a custom payload")


class EndUserEntry(Entry):
    _id = ObjectId(data_key="_id")
    connection = ObjectId(required=True)
    channel = Text(required=True, validate=validate.Length(min=1))
    profile = fields.Nested(ProfileEntry, load_default=dict)
    channel_profile = fields.Nested(ProfileEntry, load_default=dict)
    agent_mode = fields.Boolean(load_default=False)
    created_at = Moment()
    updated_at = Moment()
    last_inbound_at = Moment(allow_none=True)
    messages = fields.List(fields.Raw(), load_default=list)


def load_fixture(ctx: Context, data: Mapping[str, Any]) -> dict[str, int]:
    """Load one workspace's `flowxo` section (the workspace starts out empty)."""
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise FixtureError(unknown[0], "unknown key (expected bots, workflows, end_users)")
    api = FlowXO(ctx)
    bots = _records(ctx, BotEntry(), data.get("bots"), "bots", ("name", "platform"))
    workflows = _records(
        ctx, WorkflowEntry(), data.get("workflows"), "workflows", ("name", "active")
    )
    users, messages = _end_users(ctx, data.get("end_users"), {b["_id"]: b for b in bots})
    api.store.insert_many(BOTS, api.workspace, bots)
    api.store.insert_many(WORKFLOWS, api.workspace, workflows)
    api.store.insert_many(END_USERS, api.workspace, users)
    api.store.insert_many(MESSAGES, api.workspace, messages)
    return {
        "bots": len(bots),
        "workflows": len(workflows),
        "end_users": len(users),
        "messages": len(messages),
    }


def _unique(kind: str, index: int, key: str, value: Any, seen: set[Any]) -> None:
    if value in seen:
        raise FixtureError([kind, index, key], f"another entry has {key} {value}")
    seen.add(value)


def _records(
    ctx: Context, schema: Entry, entries: Any, kind: str, keys: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Bots and workflows alike: an `_id` (given, or a new ObjectId) unique in the section,
    then the entry's `keys`."""
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, entry in enumerate(load_entries(schema, entries, kind)):
        record = {"_id": entry.get("_id") or object_id(ctx), **{key: entry[key] for key in keys}}
        _unique(kind, index, "_id", record["_id"], seen)
        records.append(record)
    return records


def _end_users(
    ctx: Context, entries: Any, bots: dict[str, dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    users: list[dict[str, Any]] = []
    messages: list[dict[str, Any]] = []
    user_ids: set[str] = set()
    paths: set[str] = set()
    message_ids: set[str] = set()
    for index, entry in enumerate(load_entries(EndUserEntry(), entries, "end_users")):
        bot = bots.get(entry["connection"])
        if bot is None:
            raise FixtureError(
                ["end_users", index, "connection"], f"no bot {entry['connection']} in bots"
            )
        path = response_path(bot["_id"], entry["channel"])
        _unique("end_users", index, "channel", path, paths)
        created = entry.get("created_at") or now(ctx)
        user = {
            "_id": entry.get("_id") or object_id(ctx, created),
            "bot_id": bot["_id"],
            "channel": entry["channel"],
            "profile": _profile(entry["profile"]),
            "channel_profile": _profile(entry["channel_profile"]),
            "agent_mode": entry["agent_mode"],
            "created_at": created,
            "updated_at": entry.get("updated_at") or created,
        }
        _unique("end_users", index, "_id", user["_id"], user_ids)
        conversation = []
        for position, raw in enumerate(entry["messages"]):
            where: list[str | int] = ["end_users", index, "messages", position]
            try:
                loaded = load_entries(MessageEntry(), [raw], "messages")[0]
            except FixtureError as error:  # located at messages[0]: relocate it
                raise FixtureError([*where, *error.parts[2:]], error.message) from None
            message = _message(ctx, loaded, user, path)
            if message["id"] in message_ids:
                raise FixtureError([*where, "id"], f"another message has id {message['id']}")
            message_ids.add(message["id"])
            conversation.append(message)
        if "last_inbound_at" in entry:
            user["last_inbound_at"] = entry["last_inbound_at"]
        else:
            inbound = [m["timestamp"] for m in conversation if m["role"] == "user"]
            user["last_inbound_at"] = max(inbound, key=parse_time) if inbound else None
        stamps = [m["timestamp"] for m in conversation] or [created]
        user[ACTIVE_MS] = max(epoch_ms(stamp) for stamp in stamps)
        users.append(user)
        messages += conversation
    return users, messages


def _profile(given: Mapping[str, Any]) -> dict[str, str]:
    return {field: given[field] for field in PROFILE_FIELDS if given.get(field)}


def _message(
    ctx: Context, entry: dict[str, Any], user: dict[str, Any], path: str
) -> dict[str, Any]:
    role = entry["role"]
    default_from = user["channel"] if role == "user" else user["bot_id"]
    message = {
        "id": entry.get("id") or object_id(ctx, entry["timestamp"]),
        "role": role,
        "conversation": path,
        "from": entry.get("from_", default_from),
        "agent_mode": entry.get("agent_mode", user["agent_mode"]),
        "type": entry.get("type") or ("message" if "message" in entry else "custom"),
    }
    for key in ("message", "custom"):
        if key in entry:
            message[key] = entry[key]
    message["timestamp"] = entry["timestamp"]
    return {key: message[key] for key in MESSAGE_KEYS if key in message}


def export_fixture(ctx: Context) -> dict[str, Any]:
    """The account as a `flowxo` section that loads back as it is."""
    api = FlowXO(ctx)
    messages: dict[str, list[dict[str, Any]]] = {}
    for message in api.find(MESSAGES):
        entry = {k: v for k, v in message.items() if k != "conversation"}
        messages.setdefault(message["conversation"], []).append(entry)
    end_users = []
    for user in api.find(END_USERS):
        end_users.append(
            {
                "_id": user["_id"],
                "connection": user["bot_id"],
                "channel": user["channel"],
                "profile": user["profile"],
                "channel_profile": user["channel_profile"],
                "agent_mode": user["agent_mode"],
                "created_at": user["created_at"],
                "updated_at": user["updated_at"],
                "last_inbound_at": user["last_inbound_at"],
                "messages": messages.get(response_path(user["bot_id"], user["channel"]), []),
            }
        )
    tables = {
        "bots": [dict(bot) for bot in api.find(BOTS)],
        "workflows": [dict(workflow) for workflow in api.find(WORKFLOWS)],
        "end_users": end_users,
    }
    return {key: value for key, value in tables.items() if value}
