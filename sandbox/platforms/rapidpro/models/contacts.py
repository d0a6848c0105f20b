"""Contacts: listing, lookups, create / update / delete, and the vendor's representation
(rapidpro.md §2)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sandbox.core.clock import parse_iso
from sandbox.core.storage import Contains, Record
from sandbox.platforms.rapidpro import urns
from sandbox.platforms.rapidpro.errors import InvalidQuery, ObjectNotFound, ValidationFailed
from sandbox.platforms.rapidpro.models.api import OrgObjects, RapidPro
from sandbox.platforms.rapidpro.models.common import (
    CONTACTS,
    api_time,
    is_uuid,
    stored_time,
    str_to_bool,
)
from sandbox.platforms.rapidpro.models.fields import Fields
from sandbox.platforms.rapidpro.models.groups import Groups
from sandbox.platforms.rapidpro.models.values import read_value

STATUSES = ("active", "blocked", "stopped", "archived")
URN_TAKEN = "URN is in use by another contact."


@dataclass(frozen=True)
class Lookup:
    """Which contact a POST or DELETE names in its URL."""

    params: dict[str, str]  # parameter -> value (a `urn` already normalised)
    contact: Record | None

    @property
    def url_urn(self) -> str | None:
        return self.params.get("urn")


class Contacts(OrgObjects):
    def __init__(self, api: RapidPro) -> None:
        super().__init__(api)
        # The resources contacts are listed, shown and written with.
        self.fields = Fields(api)
        self.groups = Groups(api)

    # -- reading ---------------------------------------------------------------------

    def get(self, contact_uuid: str) -> Record | None:
        return self.store.first(CONTACTS, self.workspace, uuid=contact_uuid)

    def owner_of(self, urn: str) -> Record | None:
        """The active contact that has `urn` (URNs are unique within a workspace)."""
        return self.store.first(CONTACTS, self.workspace, urns=Contains(urn), is_active=True)

    def query(
        self, args: Mapping[str, Any], limit: int | None = None
    ) -> tuple[list[Record], Callable[[Record], str]]:
        """The contacts a GET returns, in order, and the cursor position of each; with
        `limit`, the first `limit` of them may be all it returns (a first page needs no
        more: the store's order index then gives them without reading the others)."""
        profile = self.api.profile
        conditions: dict[str, Any] = {"is_active": not str_to_bool(args.get("deleted"))}
        if limit is not None and self._plain_listing(args):
            records = self.store.ordered(
                CONTACTS,
                self.workspace,
                "modified_on",
                descending=not str_to_bool(args.get("reverse")),
                limit=limit,
                **conditions,
            )
            return records, _position("modified_on")
        contact_uuid = args.get("uuid")
        if contact_uuid:
            if profile.validates_uuid_filter and not is_uuid(contact_uuid):
                raise InvalidQuery(f"Param 'uuid': {contact_uuid} is not a valid UUID.")
            conditions["uuid"] = contact_uuid
        if args.get("urn"):
            conditions["urns"] = Contains(self._lookup_urn(args["urn"]))
        if args.get("group"):
            group = self.groups.by_reference(args["group"])
            if group is None:
                return [], _position("modified_on")
            conditions["groups"] = Contains(group["uuid"])
        records = self.store.find(CONTACTS, self.workspace, **conditions)
        if profile.is_weni:
            records = self._weni_filters(records, args)
        records = _modified_between(records, args.get("after"), args.get("before"))
        order = args.get("order_by") if profile.is_weni else None
        if order in ("created_on", "-created_on", "modified_on"):
            # Weni's ContactsCursorPagination: (order_by, "id"), `id` always ascending.
            key = order.lstrip("-")
            ordered = sorted(records, key=lambda r: r.id)
            ordered.sort(key=lambda r: r[key], reverse=order.startswith("-"))
            return ordered, _position(key)
        ascending = str_to_bool(args.get("reverse"))
        ordered = sorted(records, key=lambda r: (r["modified_on"], r.id), reverse=not ascending)
        return ordered, _position("modified_on")

    def _plain_listing(self, args: Mapping[str, Any]) -> bool:
        """Whether the listing is every (active or deleted) contact in the default order,
        (modified_on, id): no filter, no Weni ordering."""
        filters = ("uuid", "urn", "group", "after", "before")
        if any(args.get(name) for name in filters):
            return False
        weni = ("search", "name", "order_by")
        return not (self.api.profile.is_weni and any(args.get(name) for name in weni))

    def _weni_filters(self, records: list[Record], args: Mapping[str, Any]) -> list[Record]:
        search = args.get("search")
        if search:
            try:
                identity: str | None = self._lookup_urn(search)
            except InvalidQuery:
                identity = None
            records = [r for r in records if identity in r["urns"] or r["name"] == search]
        name = args.get("name")
        if name:
            folded = name.casefold()
            records = [r for r in records if r["name"] and folded in r["name"].casefold()]
        return records

    def _lookup_urn(self, value: str) -> str:
        try:
            return urns.normalize_lookup(value, self.api.profile, self.api.country)
        except urns.URNError as error:
            raise InvalidQuery(error.message) from error

    # -- representation ----------------------------------------------------------------

    def represent(self, record: Record) -> dict[str, Any]:
        return self.represent_many([record])[0]

    def represent_many(
        self, records: list[Record], *, expand_urns: bool = False
    ) -> list[dict[str, Any]]:
        """The contacts as the API shows them; `expand_urns` (upstream GET's
        `?expand_urns=true`) gives each URN as an object instead of a string."""
        fields = self.fields.active()
        # Only the groups these contacts are in: a page costs what it shows, however many
        # groups the org has.
        wanted = {u for record in records if record["is_active"] for u in record["groups"]}
        groups = self.groups.by_uuids(wanted)
        zone = self.api.settings.timezone
        shown = [self._represent(record, fields, groups, zone) for record in records]
        if expand_urns:
            for values, record in zip(shown, records, strict=True):
                if record["is_active"]:
                    values["urns"] = expanded_urns(record)
        return shown

    def _represent(
        self,
        record: Record,
        fields: list[Record],
        groups: dict[str, Record],
        zone: str,
    ) -> dict[str, Any]:
        active = record["is_active"]
        member_of = sorted((groups[u] for u in record["groups"] if u in groups), key=lambda g: g.id)
        values: dict[str, Any] = {
            "uuid": record["uuid"],
            "name": record["name"] if active else None,
            "status": record["status"] if active else None,
            "language": record["language"] if active else None,
            "urns": with_displays(record) if active else [],
            "groups": [{"uuid": g["uuid"], "name": g["name"]} for g in member_of] if active else [],
            "notes": [
                {**note, "created_on": api_time(note["created_on"])} for note in record["notes"]
            ]
            if active
            else [],
            "fields": {
                field["key"]: read_value(
                    field["value_type"], record["fields"].get(field["key"]), zone
                )
                for field in fields
            }
            if active
            else {},
            "flow": record["flow"] if active else None,
            "created_on": api_time(record["created_on"]),
            "modified_on": api_time(record["modified_on"]),
            "last_seen_on": api_time(record["last_seen_on"]),
            "blocked": record["status"] == "blocked" if active else None,
            "stopped": record["status"] == "stopped" if active else None,
        }
        return {key: values[key] for key in self.api.profile.contact_keys}

    # -- lookups -------------------------------------------------------------------------

    def lookup(self, args: Mapping[str, Any], *, for_delete: bool = False) -> Lookup:
        """Resolve `?uuid=` / `?urn=` (/ Weni's `?name=`) as temba's write views do.

        A POST whose URN matches nobody gets `contact=None` (the contact is created);
        every other miss is the vendor's 404.
        """
        allowed = self.api.profile.contact_lookups
        params: dict[str, str] = {}
        for param in ("uuid", "urn", "name"):  # temba's lookup_params order
            if param in allowed and param in args:
                value = args[param]
                params[param] = self._lookup_urn(value) if param == "urn" else value
        names = ", ".join(sorted(allowed))
        if len(params) > 1:
            raise InvalidQuery(f"URL can only contain one of the following parameters: {names}")
        if not params:
            if for_delete:
                raise InvalidQuery(f"URL must contain one of the following parameters: {names}")
            return Lookup({}, None)
        ((param, value),) = params.items()
        if param == "uuid" and self.api.profile.validates_uuid_filter and not is_uuid(value):
            raise InvalidQuery(f"Param 'uuid': {value} is not a valid UUID.")
        if param == "urn":
            contact = self.owner_of(value) or self._ninth_digit_match(value, for_delete)
            if contact is None and not for_delete:
                return Lookup(params, None)
        elif param == "uuid":
            contact = self.get(value)
        else:
            contact = self.store.first(CONTACTS, self.workspace, name=value, is_active=True)
        if contact is None:
            raise ObjectNotFound(self.api.profile.not_found_contact)
        return Lookup(params, contact)

    def _ninth_digit_match(self, urn: str, for_delete: bool) -> Record | None:
        """Weni: `verify_ninth_digit` orgs match Brazilian WhatsApp numbers with or without
        the mobile 9th digit when a POST's URN lookup finds nobody."""
        if for_delete or not (self.api.profile.is_weni and self.api.settings.verify_ninth_digit):
            return None
        scheme, _, path = urn.partition(":")
        if scheme != "whatsapp" or not path.startswith("55"):
            return None
        if len(path) == 13 and path[4] == "9":
            other = path[:4] + path[5:]
        else:
            other = path[:4] + "9" + path[4:]
        return self.owner_of(f"whatsapp:{other}")

    # -- writes ----------------------------------------------------------------------------

    def save(self, data: Mapping[str, Any], lookup: Lookup) -> tuple[Record, bool]:
        """Create or update from validated data; returns (contact, created)."""
        if lookup.contact is not None:
            return self._update(lookup.contact, data), False
        if not data.get("urns") and lookup.url_urn is not None:
            try:
                url_urn = urns.validate(lookup.url_urn, self.api.profile, None)
            except urns.URNError as error:
                raise ValidationFailed.non_field(error.message) from error
            data = {**data, "urns": [url_urn]}
        return self._create(data), True

    def _create(self, data: Mapping[str, Any]) -> Record:
        now = self.api.now()
        new_urns, displays = split_urns(data.get("urns") or [])
        if not self.api.profile.is_weni:
            self._refuse_taken(new_urns, None)
        record = {
            "uuid": self.api.new_uuid(),
            "name": data.get("name"),
            "language": data.get("language"),
            "urns": new_urns,
            "urn_displays": displays,
            "groups": [group["uuid"] for group in data.get("groups") or []],
            "fields": {k: v for k, v in (data.get("fields") or {}).items() if v not in (None, "")},
            "status": "active",
            "is_active": True,
            "flow": None,
            "notes": [],
            "created_on": now,
            "modified_on": now,
            "last_seen_on": None,
        }
        return self.store.insert(CONTACTS, self.workspace, record)

    def _update(self, contact: Record, data: Mapping[str, Any]) -> Record:
        changes: dict[str, Any] = {}
        for key in ("name", "language"):
            if key in data and data[key] != contact[key]:
                changes[key] = data[key]
        if data.get("urns") is not None:
            new_urns, displays = split_urns(data["urns"])
            if new_urns != contact["urns"] or displays != contact["urn_displays"]:
                self._take_urns(new_urns, contact)
                changes.update(urns=new_urns, urn_displays=displays)
        if data.get("fields") is not None:
            values = dict(contact["fields"])
            for key, value in data["fields"].items():
                if value in (None, ""):
                    values.pop(key, None)
                else:
                    values[key] = value
            if values != contact["fields"]:
                changes["fields"] = values
        if data.get("groups") is not None:
            groups = self._with_manual_groups(contact, [g["uuid"] for g in data["groups"]])
            if groups != contact["groups"]:
                changes["groups"] = groups
        if data.get("note"):
            changes["notes"] = [*contact["notes"], self._note(data["note"])]
        if not changes:
            return contact
        changes["modified_on"] = self.api.now()
        return self.store.update(CONTACTS, contact.id, changes)

    def _note(self, text: str) -> dict[str, Any]:
        user = self.api.ctx.workspace.credentials_for("rapidpro")
        return {
            "text": text,
            "created_on": self.api.now(),
            "created_by": {"email": user.get("email"), "name": user.get("name", "")},
        }

    def _with_manual_groups(self, contact: Record, manual: list[str]) -> list[str]:
        """Replace the contact's manual groups; smart (query) groups are not set by hand."""
        smart = {g["uuid"] for g in self.groups.all() if g["query"]}
        kept = [uuid for uuid in contact["groups"] if uuid in smart]
        return kept + [uuid for uuid in manual if uuid not in kept]

    def _refuse_taken(self, new_urns: list[str], contact: Record | None) -> None:
        """Upstream (mailroom >= 9.2) refuses a URN another contact has."""
        for index, urn in enumerate(new_urns):
            owner = self.owner_of(urn)
            if owner is not None and (contact is None or owner.id != contact.id):
                raise ValidationFailed({"urns": {str(index): [URN_TAKEN]}})

    def _take_urns(self, new_urns: list[str], contact: Record) -> None:
        if not self.api.profile.is_weni:
            self._refuse_taken(new_urns, contact)
            return
        # Weni's mailroom (v7) moves a URN from its old owner to the updated contact.
        for urn in new_urns:
            owner = self.owner_of(urn)
            if owner is not None and owner.id != contact.id:
                self.store.update(
                    CONTACTS,
                    owner.id,
                    {
                        "urns": [u for u in owner["urns"] if u != urn],
                        "urn_displays": {
                            k: v for k, v in owner["urn_displays"].items() if k != urn
                        },
                        "modified_on": self.api.now(),
                    },
                )

    def delete(self, contact: Record) -> None:
        """Release the contact: it stays listed under `?deleted=true`, emptied."""
        self.store.update(
            CONTACTS,
            contact.id,
            {
                "is_active": False,
                "name": None,
                "urns": [],
                "urn_displays": {},
                "groups": [],
                "fields": {},
                "modified_on": self.api.now(),
            },
        )

    def remove_group(self, group_uuid: str) -> None:
        self.groups.remove_members(group_uuid)

    def count_in_group(self, group_uuid: str) -> int:
        return self.groups.count_members(group_uuid)


def split_urns(values: list[str]) -> tuple[list[str], dict[str, str]]:
    """Normalised URNs as stored: their identities (each once, in order) and the displays
    (`twitterid:123#name`) of those that have one."""
    identities: list[str] = []
    displays: dict[str, str] = {}
    for urn in values:
        identity, display = urns.split_display(urn)
        if identity not in identities:
            identities.append(identity)
        if display:
            displays[identity] = display
    return identities, displays


def with_displays(record: Mapping[str, Any]) -> list[str]:
    """A contact's URNs as the API shows them, `#display` included."""
    displays = record["urn_displays"]
    return [f"{urn}#{displays[urn]}" if urn in displays else urn for urn in record["urns"]]


def expanded_urns(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """NY's expanded URNs (`Contact.bulk_inspect`): the channel that would send to each
    (always null here: a sandbox org has no channels), scheme, path and display."""
    displays = record["urn_displays"]
    expanded = []
    for urn in record["urns"]:
        scheme, _, path = urn.partition(":")
        expanded.append(
            {"channel": None, "scheme": scheme, "path": path, "display": displays.get(urn)}
        )
    return expanded


def _position(key: str) -> Callable[[Record], str]:
    return lambda record: f"{record[key]}|{record.id:012d}"


def _parse_bound(value: str) -> datetime | None:
    try:
        return parse_iso(value)
    except ValueError:
        return None


def _modified_between(records: list[Record], after: str | None, before: str | None) -> list[Record]:
    """temba's filter_before_after on modified_on; an unparseable bound matches nothing."""
    for bound, keep in ((after, lambda stored, b: stored >= b), (before, lambda s, b: s <= b)):
        if not bound:
            continue
        moment = _parse_bound(bound)
        if moment is None:
            return []
        limit = stored_time(moment)
        records = [r for r in records if keep(r["modified_on"], limit)]
    return records
