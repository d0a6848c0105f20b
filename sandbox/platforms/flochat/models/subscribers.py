"""Subscribers (the vendor's BotUser), the core every group uses: lookups by `user_ns`
and by `user_id` (the id in the channel), and the answer shape.

A stored subscriber keeps its tags as tag_ns values, its user fields as
{var_ns: value}, its team labels as label ids, and the state the sending group reads
(subscribed, opted in, paused bot, assigned agent, last inbound message).
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import (
    AGENT_GROUPS,
    LABELS,
    MEMBERS,
    SUBSCRIBERS,
    TAGS,
    USER_FIELDS,
    text,
)
from sandbox.platforms.flochat.models.fields import coerce
from sandbox.platforms.flochat.models.fields import represent as represent_field
from sandbox.platforms.flochat.models.sections import Entry, Section, Value, blank_text, one_of

SUBSCRIBER_NOT_FOUND = "Subscriber not found"
#: Channels a subscriber can come from (the vendor's `is_channel` values).
CHANNELS = (
    "facebook",
    "instagram",
    "whatsapp_cloud",
    "whatsapp",
    "google",
    "telegram",
    "line",
    "viber",
    "vk",
    "wechat",
    "web",
    "apichat",
)
#: Where a subscriber's chat is in the inbox (the vendor's bot-users-count statuses).
CHAT_STATUSES = ("open", "pending", "spam", "done")
DATETIMES = (
    "subscribed",
    "opted_in_email",
    "opted_in_sms",
    "last_interaction",
    "last_seen",
    "last_message_at",
)
TEXTS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "locale",
    "language",
    "profile_pic",
    "opted_in_through",
    "last_message_type",
)


def new_subscriber(api: Flochat, **values: Any) -> dict[str, Any]:
    """A subscriber row with every column, `values` applied."""
    now = api.now()
    row: dict[str, Any] = {
        "flow": api.flow_id,
        "user_ns": None,
        "user_id": None,
        "channel": "apichat",
        "name": "",
        "gender": None,
        **dict.fromkeys(TEXTS, ""),
        **dict.fromkeys(DATETIMES, ""),
        "subscribed": now,
        "tags": [],
        "user_fields": {},
        "labels": [],
        "created_at": now,
        "last_inbound_at": None,  # the customer's last message: opens the 24-hour window
        "bot_paused_until": None,
        "agent_id": None,
        "agent_group_id": None,
        "chat_status": "open",
    }
    row.update(values)
    if not row["name"]:
        row["name"] = " ".join(p for p in (row["first_name"], row["last_name"]) if p)
    return row


def phone_digits(phone: str) -> str:
    """A phone number as channels use it for the user id: digits only."""
    return re.sub(r"\D", "", phone)


class Subscribers:
    def __init__(self, api: Flochat) -> None:
        self.api = api

    def all(self) -> list[Record]:
        return self.api.find_in_flow(SUBSCRIBERS)

    def find(self, user_ns: str) -> Record | None:
        return self.api.first_in_flow(SUBSCRIBERS, user_ns=user_ns)

    def by_ns(self, user_ns: str) -> Record:
        subscriber = self.find(user_ns)
        if subscriber is None:
            raise FlochatError(SUBSCRIBER_NOT_FOUND)
        return subscriber

    def find_by_user_id(self, user_id: str) -> Record | None:
        return self.api.first_in_flow(SUBSCRIBERS, user_id=str(user_id))

    def by_user_id(self, user_id: str) -> Record:
        subscriber = self.find_by_user_id(user_id)
        if subscriber is None:
            raise FlochatError(SUBSCRIBER_NOT_FOUND)
        return subscriber

    def insert(self, **values: Any) -> Record:
        """Store a new subscriber of the key's flow; its user_ns (and, without one, its
        user id) are generated."""
        row = new_subscriber(self.api, **values)
        row["user_ns"] = self.api.ns("user")
        if not row["user_id"]:
            row["user_id"] = phone_digits(row["phone"]) or self.api.ctx.ids.digits(16)
        return self.api.insert(SUBSCRIBERS, row)

    def represent(self, subscriber: Record) -> dict[str, Any]:
        """The vendor's BotUser: strings throughout ("" for unknown), `gender` only when
        known, its tags and the user fields it has values for."""
        tags = {t["tag_ns"]: t for t in self.api.find_in_flow(TAGS)}
        fields = {f["var_ns"]: f for f in self.api.find_in_flow(USER_FIELDS)}
        body: dict[str, Any] = {
            "name": text(subscriber["name"]),
            "user_ns": subscriber["user_ns"],
            "user_id": text(subscriber["user_id"]),
            "first_name": text(subscriber["first_name"]),
            "last_name": text(subscriber["last_name"]),
        }
        if subscriber.get("gender") in ("male", "female"):
            body["gender"] = subscriber["gender"]
        body.update({key: text(subscriber.get(key)) for key in TEXTS[2:]})
        body.update({key: text(subscriber.get(key)) for key in DATETIMES})
        body["tags"] = [
            {"name": tags[ns]["name"], "tag_ns": ns} for ns in subscriber["tags"] if ns in tags
        ]
        body["user_fields"] = [
            represent_field(fields[ns], value)
            for ns, value in subscriber["user_fields"].items()
            if ns in fields
        ]
        return body


# -- fixtures ----------------------------------------------------------------------------------


#: A subscriber as a fixture gives it; the fields in the vendor's column order (the first
#: error of an entry is reported in that order).
SubscriberEntry = Entry.from_dict(
    {
        "user_ns": fields.String(),
        "user_id": fields.String(),
        "channel": fields.String(load_default="whatsapp_cloud", validate=one_of(CHANNELS)),
        **blank_text("name", "first_name", "last_name"),
        "gender": fields.String(allow_none=True, validate=one_of(("male", "female"))),
        **blank_text("email", "phone", "locale", "language", "profile_pic"),
        "subscribed": fields.String(
            allow_none=True, metadata={"description": "When; null for an unsubscribed user"}
        ),
        **blank_text(
            "opted_in_email",
            "opted_in_sms",
            "opted_in_through",
            "last_interaction",
            "last_seen",
            "last_message_at",
            "last_message_type",
        ),
        "last_inbound_at": fields.String(
            allow_none=True,
            metadata={
                "description": "The customer's last message (Y-m-d H:i:s, UTC): opens the "
                "24-hour window"
            },
        ),
        "chat_status": fields.String(load_default="open", validate=one_of(CHAT_STATUSES)),
        "bot_paused_until": fields.String(
            allow_none=True,
            metadata={"description": "The bot runs no flow for it until then (Y-m-d H:i:s, UTC)"},
        ),
        "agent_id": fields.Integer(
            allow_none=True, metadata={"description": "The team member its chat is assigned to"}
        ),
        "agent_group_id": fields.Integer(
            allow_none=True, metadata={"description": "The agent group its chat is assigned to"}
        ),
        "tags": fields.List(fields.String(), load_default=list),
        "labels": fields.List(fields.String(), load_default=list),
        "user_fields": fields.Dict(keys=fields.String(), values=Value(), load_default=dict),
    },
    name="SubscriberEntry",
)


def load_subscribers(api: Flochat, entries: list[dict[str, Any]]) -> int:
    tags = {t["name"].casefold(): t["tag_ns"] for t in api.find_in_flow(TAGS)}
    user_fields = {f["name"].casefold(): f for f in api.find_in_flow(USER_FIELDS)}
    labels = {label["name"].casefold(): label["id"] for label in api.find(LABELS)}
    subscribers = Subscribers(api)
    for index, entry in enumerate(entries):
        where: list[str | int] = ["subscribers", index]
        values = dict(entry)
        values["tags"] = [_named(tags, name, [*where, "tags"], "tag") for name in entry["tags"]]
        values["labels"] = [
            _named(labels, name, [*where, "labels"], "team label") for name in entry["labels"]
        ]
        stored: dict[str, Any] = {}
        for name, value in entry["user_fields"].items():
            field = _named(user_fields, name, [*where, "user_fields"], "user field")
            try:
                stored[field["var_ns"]] = coerce(field["var_type"], value)
            except FlochatError as error:
                raise FixtureError([*where, "user_fields", name], str(error.body)) from None
        values["user_fields"] = stored
        if "subscribed" in entry and entry["subscribed"] is None:
            values["subscribed"] = ""
        for key, table, kind in (
            ("agent_id", MEMBERS, "member"),
            ("agent_group_id", AGENT_GROUPS, "agent group"),
        ):
            if entry.get(key) is not None and api.first(table, id=entry[key]) is None:
                raise FixtureError([*where, key], f"no {kind} has id {entry[key]}")
        for key in ("user_ns", "user_id"):
            # Indexed: a scan of the flow's subscribers per entry made a load quadratic.
            if entry.get(key) and api.first_in_flow(SUBSCRIBERS, **{key: entry[key]}) is not None:
                raise FixtureError([*where, key], f"another subscriber has {key} {entry[key]!r}")
        if entry.get("user_ns"):
            row = new_subscriber(api, **values)
            if not row["user_id"]:
                row["user_id"] = phone_digits(row["phone"]) or api.ctx.ids.digits(16)
            api.insert(SUBSCRIBERS, row)
        else:
            subscribers.insert(**values)
    return len(entries)


def _named(known: dict[str, Any], name: str, where: list[str | int], kind: str) -> Any:
    found = known.get(name.casefold())
    if found is None:
        raise FixtureError(where, f"no {kind} named {name!r}")
    return found


def export_subscribers(api: Flochat) -> list[dict[str, Any]]:
    tags = {t["tag_ns"]: t["name"] for t in api.find_in_flow(TAGS)}
    user_fields = {f["var_ns"]: f["name"] for f in api.find_in_flow(USER_FIELDS)}
    labels = {label["id"]: label["name"] for label in api.find(LABELS)}
    exported = []
    for subscriber in Subscribers(api).all():
        entry = {key: subscriber[key] for key in EXPORTED}
        entry["subscribed"] = subscriber["subscribed"] or None
        entry["tags"] = [tags[ns] for ns in subscriber["tags"] if ns in tags]
        entry["labels"] = [labels[i] for i in subscriber["labels"] if i in labels]
        entry["user_fields"] = {
            user_fields[ns]: value
            for ns, value in subscriber["user_fields"].items()
            if ns in user_fields
        }
        exported.append({k: v for k, v in entry.items() if v is not None or k == "subscribed"})
    return exported


EXPORTED = (
    "user_ns",
    "user_id",
    "channel",
    "name",
    "first_name",
    "last_name",
    "gender",
    *TEXTS,
    *DATETIMES[1:],
    "last_inbound_at",
    "chat_status",
    "bot_paused_until",
    "agent_id",
    "agent_group_id",
)

FLOW_SECTIONS = [Section("subscribers", SubscriberEntry, load_subscribers, export_subscribers)]
