"""The `rapidpro` section of a fixture document: load it, and export state back into it.

    rapidpro:
      profile: weni            # or upstream; default: --rapidpro-profile
      country: BR              # reads local phone numbers; optional
      timezone: America/Sao_Paulo
      verify_ninth_digit: true # Weni only
      fields:   [{label: Nickname, value_type: text}, ...]
      groups:   [{name: Reporters, triggers: [12]}, ...]
      contacts: [{name: Ana, urns: ["whatsapp:5582999887766"], groups: [Reporters],
                  fields: {nickname: Aninha}}, ...]

Everything omitted gets the default a fresh org would have. Export writes what load reads,
so export -> reset -> load gives back the same state.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pycountry
from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, validate, validates_schema
from marshmallow import fields as mf

from sandbox.core.clock import parse_iso
from sandbox.core.context import Context
from sandbox.core.fixtures import FixtureError, load_entries
from sandbox.platforms.rapidpro import urns
from sandbox.platforms.rapidpro.models.api import RapidPro
from sandbox.platforms.rapidpro.models.common import (
    CONTACTS,
    FIELDS,
    GROUPS,
    SETTINGS,
    Settings,
    stored_time,
    without_none,
)
from sandbox.platforms.rapidpro.models.contacts import STATUSES, split_urns, with_displays
from sandbox.platforms.rapidpro.models.fields import LEGACY_TYPES, VALUE_TYPES, make_key
from sandbox.platforms.rapidpro.profiles import PROFILE_NAMES

SECTION_KEYS = ("profile", "country", "timezone", "verify_ninth_digit")


class Timestamp(mf.Field):
    """An ISO 8601 instant (YAML may already have parsed it into a datetime)."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        if isinstance(value, datetime):
            return stored_time(value)
        if isinstance(value, str):
            try:
                return stored_time(parse_iso(value))
            except ValueError:
                pass
        raise ValidationError("Not an ISO 8601 timestamp.")


class FixtureSchema(Schema):
    class Meta:
        unknown = RAISE


def _check_country(value: str) -> None:
    if pycountry.countries.get(alpha_2=value) is None:
        raise ValidationError("Not an ISO 3166 alpha-2 country code.")


def _check_timezone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError("Not an IANA timezone name.") from error


class SettingsSchema(FixtureSchema):
    class Meta:
        unknown = EXCLUDE  # the platform section's lists are read separately

    profile = mf.String(validate=validate.OneOf(PROFILE_NAMES), allow_none=True)
    country = mf.String(validate=_check_country, allow_none=True)
    timezone = mf.String(validate=_check_timezone)
    verify_ninth_digit = mf.Boolean()


class FieldSchema(FixtureSchema):
    key = mf.String()
    label = mf.String()
    name = mf.String()  # upstream's spelling of label
    value_type = mf.String(validate=validate.OneOf(VALUE_TYPES))
    type = mf.String(validate=validate.OneOf(list(LEGACY_TYPES)))
    featured = mf.Boolean(load_default=False)
    pinned = mf.Boolean()  # Weni's spelling of featured
    priority = mf.Integer(load_default=0)
    agent_access = mf.String(load_default="view", validate=validate.OneOf(["none", "view", "edit"]))
    usages = mf.Dict(keys=mf.String(), values=mf.Integer(), load_default=dict)
    created_on = Timestamp()

    @validates_schema
    def _needs_label(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not (data.get("label") or data.get("name")):
            raise ValidationError("a field needs a label (or name)", "label")


class GroupSchema(FixtureSchema):
    uuid = mf.UUID()
    name = mf.String(required=True, validate=validate.Length(min=1, max=64))
    query = mf.String(allow_none=True, load_default=None)
    status = mf.String(
        load_default="ready",
        validate=validate.OneOf(["initializing", "evaluating", "ready", "invalid"]),
    )
    system = mf.Boolean(load_default=False)
    triggers = mf.List(mf.Raw(), load_default=list)
    flows = mf.List(mf.String(), load_default=list)
    campaigns = mf.List(mf.String(), load_default=list)
    created_on = Timestamp()


class RefSchema(FixtureSchema):
    uuid = mf.String(required=True)
    name = mf.String(required=True)


class NoteSchema(FixtureSchema):
    text = mf.String(required=True)
    created_on = Timestamp(required=True)
    created_by = mf.Dict(load_default=dict)


class ContactSchema(FixtureSchema):
    uuid = mf.UUID()
    name = mf.String(allow_none=True, load_default=None)
    language = mf.String(allow_none=True, load_default=None, validate=validate.Length(equal=3))
    urns = mf.List(mf.String(), load_default=list)
    groups = mf.List(mf.String(), load_default=list)
    fields = mf.Dict(keys=mf.String(), values=mf.Raw(allow_none=True), load_default=dict)
    status = mf.String(load_default="active", validate=validate.OneOf(STATUSES))
    deleted = mf.Boolean(load_default=False)
    flow = mf.Nested(RefSchema, allow_none=True, load_default=None)
    notes = mf.List(mf.Nested(NoteSchema), load_default=list)
    created_on = Timestamp()
    modified_on = Timestamp()
    last_seen_on = Timestamp(allow_none=True, load_default=None)


def load_fixture(ctx: Context, data: Mapping[str, Any]) -> dict[str, int]:
    """Load one workspace's `rapidpro` section (the workspace starts out empty)."""
    unknown = sorted(set(data) - {*SECTION_KEYS, "fields", "groups", "contacts"})
    if unknown:
        raise FixtureError(unknown[0], "unknown key")
    try:
        settings = SettingsSchema().load({k: data[k] for k in SECTION_KEYS if k in data})
    except ValidationError as error:
        key, messages = next(iter(error.messages.items()))
        raise FixtureError(key, messages[0]) from None
    if settings:
        ctx.store.insert(SETTINGS, ctx.workspace.name, {**Settings().as_record(), **settings})
    api = RapidPro(ctx)
    now = api.now()
    field_records = _load_fields(data.get("fields"), now)
    ctx.store.insert_many(FIELDS, ctx.workspace.name, field_records)
    group_records = _load_groups(api, data.get("groups"), now)
    ctx.store.insert_many(GROUPS, ctx.workspace.name, group_records)
    contact_records = _load_contacts(api, data.get("contacts"), field_records, group_records, now)
    ctx.store.insert_many(CONTACTS, ctx.workspace.name, contact_records)
    return {
        "fields": len(field_records),
        "groups": len(group_records),
        "contacts": len(contact_records),
    }


def _load_fields(entries: Any, now: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    keys: set[str] = set()
    labels: set[str] = set()
    for index, entry in enumerate(load_entries(FieldSchema(), entries, "fields")):
        label = entry.get("label") or entry["name"]
        key = entry.get("key") or make_key(label)
        if key in keys or label.casefold() in labels:
            raise FixtureError(["fields", index], f"duplicate field key {key!r} or label")
        keys.add(key)
        labels.add(label.casefold())
        value_type = entry.get("value_type") or LEGACY_TYPES.get(entry.get("type", ""), "text")
        records.append(
            {
                "key": key,
                "label": label,
                "value_type": value_type,
                "featured": entry.get("pinned", entry["featured"]),
                "priority": entry["priority"],
                "agent_access": entry["agent_access"],
                "usages": {
                    kind: entry["usages"].get(kind, 0)
                    for kind in ("flows", "groups", "campaign_events")
                },
                "created_on": entry.get("created_on", now),
            }
        )
    return records


def _load_groups(api: RapidPro, entries: Any, now: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, entry in enumerate(load_entries(GroupSchema(), entries, "groups")):
        group_uuid = str(entry["uuid"]) if "uuid" in entry else api.new_uuid()
        folded = entry["name"].casefold()
        if folded in seen or group_uuid in seen:
            raise FixtureError(["groups", index], f"duplicate group {entry['name']!r}")
        seen.update({folded, group_uuid})
        records.append({**entry, "uuid": group_uuid, "created_on": entry.get("created_on", now)})
    return records


def _load_contacts(
    api: RapidPro,
    entries: Any,
    field_records: list[dict[str, Any]],
    group_records: list[dict[str, Any]],
    now: str,
) -> list[dict[str, Any]]:
    field_keys = {f["key"] for f in field_records}
    groups_by_ref = {g["uuid"]: g for g in group_records}
    groups_by_ref.update({g["name"].casefold(): g for g in group_records})
    owners: dict[str, int] = {}
    records: list[dict[str, Any]] = []
    for index, entry in enumerate(load_entries(ContactSchema(), entries, "contacts")):
        where = ["contacts", index]
        active = not entry["deleted"]
        contact_urns = []
        for position, value in enumerate(entry["urns"]):
            try:
                urn = urns.validate(value, api.profile, api.country)
            except urns.URNError as error:
                raise FixtureError([*where, "urns", position], error.message) from None
            identity = urns.split_display(urn)[0]
            if active and identity in owners:
                raise FixtureError(
                    [*where, "urns", position],
                    f"{identity} already belongs to contacts[{owners[identity]}]",
                )
            if active:
                owners[identity] = index
            contact_urns.append(urn)
        identities, displays = split_urns(contact_urns)
        group_uuids = []
        for position, ref in enumerate(entry["groups"]):
            group = groups_by_ref.get(ref) or groups_by_ref.get(ref.casefold())
            if group is None:
                raise FixtureError([*where, "groups", position], f"no group {ref!r} in groups")
            group_uuids.append(group["uuid"])
        values = {}
        for key, value in entry["fields"].items():
            if key not in field_keys:
                raise FixtureError([*where, "fields", key], f"no field with key {key!r}")
            if value is not None and value != "":
                values[key] = value if isinstance(value, str) else _text(value)
        created_on = entry.get("created_on", now)
        records.append(
            {
                "uuid": str(entry["uuid"]) if "uuid" in entry else api.new_uuid(),
                "name": entry["name"],
                "language": entry["language"],
                "urns": identities,
                "urn_displays": displays,
                "groups": group_uuids,
                "fields": values,
                "status": entry["status"],
                "is_active": active,
                "flow": entry["flow"],
                "notes": entry["notes"],
                "created_on": created_on,
                "modified_on": entry.get("modified_on", created_on),
                "last_seen_on": entry["last_seen_on"],
            }
        )
    uuids = [r["uuid"] for r in records]
    if len(set(uuids)) != len(uuids):
        raise FixtureError("contacts", "two contacts share a uuid")
    return records


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def export_fixture(ctx: Context) -> dict[str, Any]:
    """The workspace's RapidPro state in the form `load_fixture` reads."""
    workspace = ctx.workspace.name
    section: dict[str, Any] = {}
    settings = ctx.store.first(SETTINGS, workspace)
    if settings is not None:
        section.update(without_none(dict(settings)))
    fields_out = [dict(record) for record in ctx.store.find(FIELDS, workspace)]
    groups_out = [dict(record) for record in ctx.store.find(GROUPS, workspace)]
    contacts_out = []
    for record in ctx.store.find(CONTACTS, workspace):
        contact = dict(record)
        contact["urns"] = with_displays(contact)
        del contact["urn_displays"]
        contact["deleted"] = not contact.pop("is_active")
        contacts_out.append(contact)
    for key, items in (("fields", fields_out), ("groups", groups_out), ("contacts", contacts_out)):
        if items:
            section[key] = items
    return section
