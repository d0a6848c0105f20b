"""Contact fields: key generation, naming rules, limits and both representations
(rapidpro.md §3)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sandbox.core.storage import IEquals, Record
from sandbox.platforms.rapidpro.errors import LimitReached, ObjectNotFound, ValidationFailed
from sandbox.platforms.rapidpro.models.api import OrgObjects
from sandbox.platforms.rapidpro.models.common import FIELDS
from sandbox.platforms.rapidpro.profiles import FIELDS_LIMIT

#: Stored value types are the legacy names both flavours accept; upstream also shows `type`.
VALUE_TYPES = ("text", "numeric", "datetime", "state", "district", "ward")
ENGINE_TYPES = {
    "text": "text",
    "numeric": "number",
    "datetime": "datetime",
    "state": "state",
    "district": "district",
    "ward": "ward",
}
LEGACY_TYPES = {engine: legacy for legacy, engine in ENGINE_TYPES.items()}
MAX_NAME_LENGTH = 36
UPSTREAM_RESERVED = frozenset({"has", "is", "fields", "urns", "created_on", "last_seen_on"})
#: Upstream's system (proxy) fields, whose names a new field may not take.
UPSTREAM_SYSTEM_NAMES = frozenset({"created on", "last seen on"})
WENI_RESERVED = frozenset(
    {"id", "name", "first_name", "language", "groups", "uuid", "created_on", "created_by"}
    | {"modified_by", "is", "has"}
)
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
_WENI_LABEL = re.compile(r"^[A-Za-z0-9\-_ ]+$")
_UPSTREAM_NAME = re.compile(r"^[A-Za-z0-9\- ]+$")


def make_key(label: str) -> str:
    """ContactField.make_key: lower case, runs of other characters become `_`."""
    key = re.sub(r"[^a-z0-9]+", " ", label.lower()).strip()
    return re.sub(r"[^a-z0-9]+", "_", key)


class Fields(OrgObjects):
    def active(self) -> list[Record]:
        """Every field, oldest first (the order contact `fields` keys come in)."""
        return self.store.find(FIELDS, self.workspace)

    def get(self, key: str) -> Record | None:
        return self.store.first(FIELDS, self.workspace, key=key)

    def by_label(self, label: str) -> Record | None:
        return self.store.first(FIELDS, self.workspace, label=IEquals(label))

    def query(self, args: Mapping[str, Any]) -> list[Record]:
        """GET: newest first, optionally one `key`."""
        conditions = {"key": args["key"]} if args.get("key") else {}
        records = self.store.find(FIELDS, self.workspace, **conditions)
        return sorted(records, key=lambda r: (r["created_on"], r.id), reverse=True)

    def lookup(self, args: Mapping[str, Any]) -> Record | None:
        """The field named by `?key=`, None without one, the vendor's 404 for a miss."""
        if "key" not in args:
            return None
        field = self.get(args["key"])
        if field is None:
            raise ObjectNotFound(self.api.profile.not_found_field)
        return field

    def check_limit(self, instance: Record | None) -> None:
        """Upstream refuses a create at the limit before it reads the body (409)."""
        if instance is None and self.api.profile.limit_conflict and self._at_limit():
            raise LimitReached(FIELDS_LIMIT)

    def _at_limit(self) -> bool:
        return self.store.count(FIELDS, self.workspace) >= FIELDS_LIMIT

    # -- validation helpers used by the write schemas --------------------------------

    def label_errors(self, label: str, instance: Record | None) -> list[str]:
        """Weni's validate_label."""
        if not (_WENI_LABEL.match(label.strip()) and len(label.strip()) <= MAX_NAME_LENGTH):
            return ["Can only contain letters, numbers, hyphens and underscores."]
        key = make_key(label)
        if not self._valid_key(key, WENI_RESERVED | self.api.profile.urn_schemes):
            return [f'Generated key "{key}" is invalid or a reserved name.']
        clash = self.get(key)
        if clash is not None and (instance is None or clash.id != instance.id):
            return [f'Generated key "{key}" conflicts with an existing contact field.']
        return []

    def name_errors(self, name: str) -> list[str]:
        """Upstream's validate_name."""
        if not (
            name == name.strip() and _UPSTREAM_NAME.match(name) and len(name) <= MAX_NAME_LENGTH
        ):
            return ["Can only contain letters, numbers and hypens."]
        key = make_key(name)
        if not self._valid_key(key, UPSTREAM_RESERVED):
            return [f'Generated key "{key}" is invalid or a reserved name.']
        return []

    @staticmethod
    def _valid_key(key: str, reserved: frozenset[str]) -> bool:
        return bool(_KEY.match(key)) and key not in reserved and len(key) <= MAX_NAME_LENGTH

    def label_taken(self, label: str, instance: Record | None) -> bool:
        if not self.api.profile.is_weni and label.casefold() in UPSTREAM_SYSTEM_NAMES:
            return True  # upstream's system fields are ContactFields too
        other = self.by_label(label)
        return other is not None and (instance is None or other.id != instance.id)

    def weni_limit_error(self, instance: Record | None) -> None:
        if instance is None and self._at_limit():
            count = self.store.count(FIELDS, self.workspace)
            raise ValidationFailed.non_field(
                f"This org has {count} contact fields and the limit is {FIELDS_LIMIT}. "
                "You must delete existing ones before you can create new ones."
            )

    # -- writes ---------------------------------------------------------------------------

    def save(self, label: str, value_type: str, instance: Record | None) -> tuple[Record, bool]:
        """Create (key from the label) or update (key kept); returns (field, created)."""
        label = label.strip()
        if instance is not None:
            changes = {"label": label, "value_type": value_type}
            return self.store.update(FIELDS, instance.id, changes), False
        key = make_key(label)
        existing = self.get(key)
        if existing is not None:  # upstream's get_or_create by key
            changes = {"label": label, "value_type": value_type}
            return self.store.update(FIELDS, existing.id, changes), False
        record = new_field(key, label, value_type, self.api.now())
        return self.store.insert(FIELDS, self.workspace, record), True

    def represent(self, record: Record) -> dict[str, Any]:
        if self.api.profile.is_weni:
            return {
                "key": record["key"],
                "label": record["label"],
                "value_type": record["value_type"],
                "pinned": record["featured"],
            }
        return {
            "key": record["key"],
            "name": record["label"],
            "type": ENGINE_TYPES[record["value_type"]],
            "featured": record["featured"],
            "priority": record["priority"],
            "usages": dict(record["usages"]),
            "agent_access": record["agent_access"],
            "label": record["label"],
            "value_type": record["value_type"],
        }


def new_field(key: str, label: str, value_type: str, created_on: str) -> dict[str, Any]:
    return {
        "key": key,
        "label": label,
        "value_type": value_type,
        "featured": False,
        "priority": 0,
        "agent_access": "view",
        "usages": {"flows": 0, "groups": 0, "campaign_events": 0},
        "created_on": created_on,
    }
