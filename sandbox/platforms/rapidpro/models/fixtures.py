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

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pycountry
from marshmallow import EXCLUDE, RAISE, Schema, ValidationError, validate, validates_schema
from marshmallow import fields as mf

from sandbox.core.clock import parse_iso
from sandbox.core.context import Context
from sandbox.core.fixtures import FixtureError, iter_entries, load_entries
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


# -- contacts without marshmallow ------------------------------------------------------------
# A marshmallow load builds and checks field by field (about 20 us a contact, as much as all
# the rest of loading one). `plain_contact` gives what ContactSchema loads, for the values of
# the kinds a document or an export holds; anything else goes to the schema, which also
# words the errors.

_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DECLINE: Any = object()  # not a plain value: the schema loads the entry
_TIMESTAMP = Timestamp()


def _plain_text(value: Any) -> Any:
    return value if value is None or type(value) is str else _DECLINE


def _plain_strings(value: Any) -> Any:
    if type(value) is list and all(type(item) is str for item in value):
        return list(value)
    return _DECLINE


def _plain_values(value: Any) -> Any:
    if type(value) is dict and all(type(key) is str for key in value):
        return dict(value)
    return _DECLINE


def _plain_timestamp(value: Any) -> Any:
    try:
        return _TIMESTAMP._deserialize(value, None, None)
    except ValidationError:
        return _DECLINE


def _plain_flow(value: Any) -> Any:
    if value is None:
        return None
    if (
        type(value) is dict
        and value.keys() == {"uuid", "name"}
        and type(value["uuid"]) is str
        and type(value["name"]) is str
    ):
        return dict(value)
    return _DECLINE


_PLAIN_CONTACT: dict[str, Callable[[Any], Any]] = {
    # A canonical uuid string: what str() of the UUID the schema loads gives back.
    "uuid": lambda v: v if type(v) is str and _CANONICAL_UUID.fullmatch(v) else _DECLINE,
    "name": _plain_text,
    "language": lambda v: v if v is None or (type(v) is str and len(v) == 3) else _DECLINE,
    "urns": _plain_strings,
    "groups": _plain_strings,
    "fields": _plain_values,
    "status": lambda v: v if type(v) is str and v in STATUSES else _DECLINE,
    "deleted": lambda v: v if type(v) is bool else _DECLINE,
    "flow": _plain_flow,
    "notes": lambda v: [] if v == [] else _DECLINE,
    "created_on": lambda v: _DECLINE if v is None else _plain_timestamp(v),
    "modified_on": lambda v: _DECLINE if v is None else _plain_timestamp(v),
    "last_seen_on": lambda v: None if v is None else _plain_timestamp(v),
}


def plain_contact(entry: Mapping[str, Any]) -> dict[str, Any] | None:
    """What ContactSchema loads from `entry` (the uuid as its string), or None when a value
    is not of a plain kind."""
    loaded: dict[str, Any] = {
        "name": None,
        "language": None,
        "urns": [],
        "groups": [],
        "fields": {},
        "status": "active",
        "deleted": False,
        "flow": None,
        "notes": [],
        "last_seen_on": None,
    }
    for key, value in entry.items():
        check = _PLAIN_CONTACT.get(key)
        if check is None:
            return None
        value = check(value)
        if value is _DECLINE:
            return None
        loaded[key] = value
    return loaded


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
    # Each contact goes into the store as it is built, and is the store's own: one copy of
    # the contacts, besides the document, at any time.
    contact_records = _load_contacts(api, data.get("contacts"), field_records, group_records, now)
    contacts = ctx.store.insert_owned(CONTACTS, ctx.workspace.name, contact_records)
    return {"fields": len(field_records), "groups": len(group_records), "contacts": contacts}


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
) -> Iterator[dict[str, Any]]:
    """The contacts' records, one at a time (a FixtureError, after those before it, when
    an entry is wrong)."""
    field_keys = {f["key"] for f in field_records}
    groups_by_ref = {g["uuid"]: g for g in group_records}
    groups_by_ref.update({g["name"].casefold(): g for g in group_records})
    owners: dict[str, int] = {}
    uuids: set[str] = set()
    shared_uuid = False
    profile, country = api.profile, api.country  # looked up once, not once a URN
    entries = iter_entries(ContactSchema(), entries, "contacts", plain_contact)
    for index, entry in enumerate(entries):
        active = not entry["deleted"]
        contact_urns = []
        for position, value in enumerate(entry["urns"]):
            try:
                urn = urns.validate(value, profile, country)
            except urns.URNError as error:
                raise FixtureError(["contacts", index, "urns", position], error.message) from None
            identity = urns.split_display(urn)[0]
            if active and identity in owners:
                raise FixtureError(
                    ["contacts", index, "urns", position],
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
                raise FixtureError(
                    ["contacts", index, "groups", position], f"no group {ref!r} in groups"
                )
            group_uuids.append(group["uuid"])
        values = {}
        for key, value in entry["fields"].items():
            if key not in field_keys:
                raise FixtureError(["contacts", index, "fields", key], f"no field with key {key!r}")
            if value is not None and value != "":
                values[key] = value if isinstance(value, str) else _text(value)
        created_on = entry.get("created_on", now)
        contact_uuid = str(entry["uuid"]) if "uuid" in entry else api.new_uuid()
        # Reported after every other error, as when it was checked over the whole list.
        shared_uuid = shared_uuid or contact_uuid in uuids
        uuids.add(contact_uuid)
        yield {
            "uuid": contact_uuid,
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
    if shared_uuid:
        raise FixtureError("contacts", "two contacts share a uuid")


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
