"""Contact groups: naming rules, limits, system groups, delete dependencies
(rapidpro.md §4)."""

from __future__ import annotations

import hashlib
import re
import uuid as uuid_module
from collections.abc import Iterable, Mapping
from typing import Any

from sandbox.core.storage import Contains, IEquals, Record
from sandbox.platforms.rapidpro.errors import (
    InvalidQuery,
    LimitReached,
    ObjectNotFound,
    PermissionDenied,
    ValidationFailed,
)
from sandbox.platforms.rapidpro.models.api import OrgObjects
from sandbox.platforms.rapidpro.models.common import CONTACTS, GROUPS, is_uuid
from sandbox.platforms.rapidpro.profiles import GROUPS_LIMIT

MAX_NAME_LENGTH = 64
_WORD_START = re.compile(r"^\w", re.UNICODE)


class Groups(OrgObjects):
    def all(self) -> list[Record]:
        """Every group, oldest first. Weni hides system groups; upstream shows those of the
        fixtures, or, when they name none, the ones every new org has."""
        records = self.store.find(GROUPS, self.workspace)
        if self.api.profile.is_weni:
            return [g for g in records if not g["system"]]
        if not any(g["system"] for g in records):
            records = [*self._new_org_system_groups(), *records]
        return records

    def _new_org_system_groups(self) -> list[Record]:
        """What a new upstream org lists besides its own groups (NY test_groups at v9.2.5:
        "Open Tickets", `tickets > 0`, system, ready). Not stored, so that a workspace
        of any age has it and GETs stay read-only; its UUID follows from the workspace's
        name, so it is the same on every run."""
        digest = hashlib.sha1(f"rapidpro:{self.workspace}:open-tickets".encode()).digest()
        group_uuid = str(uuid_module.UUID(bytes=digest[:16], version=4))
        # Older than anything stored (created with the org), hence listed last.
        record = {**new_group(group_uuid, "Open Tickets", ""), "query": "tickets > 0"}
        return [Record({**record, "system": True}, 0)]

    def _system_default(self, group_uuid: str) -> Record | None:
        if self.api.profile.is_weni or self.store.first(GROUPS, self.workspace, system=True):
            return None
        return next((g for g in self._new_org_system_groups() if g["uuid"] == group_uuid), None)

    def by_uuids(self, uuids: Iterable[str]) -> dict[str, Record]:
        """The groups with these UUIDs that `all()` would list, by UUID."""
        found = {}
        for group_uuid in uuids:
            group = self.get(group_uuid)
            if group is not None:
                found[group_uuid] = group
        return found

    def get(self, group_uuid: str) -> Record | None:
        found = self.store.first(GROUPS, self.workspace, uuid=group_uuid)
        if found is None:
            return self._system_default(group_uuid)
        if found["system"] and self.api.profile.is_weni:
            return None
        return found

    def by_reference(self, reference: str) -> Record | None:
        """A group named by UUID or exact name (the `group` filter of GET contacts)."""
        for group in self.all():
            if reference in (group["uuid"], group["name"]):
                return group
        return None

    def resolve(self, value: str | int) -> Record | None:
        """A group named in a contact's `groups`: UUID or case-insensitive name."""
        text = str(value)
        if self.api.profile.is_weni:
            for group in self.all():
                if group["uuid"] == text or group["name"].casefold() == text.casefold():
                    return group
            return None
        # Upstream only tries the UUID when the value is one, and the name when non-empty.
        if is_uuid(text):
            found = self.get(text)
            if found is not None:
                return found
        if text:
            found = self.store.first(GROUPS, self.workspace, name=IEquals(text))
            if found is None and not self.store.first(GROUPS, self.workspace, system=True):
                folded = text.casefold()
                defaults = self._new_org_system_groups()
                found = next((g for g in defaults if g["name"].casefold() == folded), None)
            return found
        return None

    def query(self, args: Mapping[str, Any]) -> list[Record]:
        """GET: newest first; `uuid` or (case-insensitive) `name`, not both."""
        if args.get("uuid") and args.get("name"):
            raise InvalidQuery("You may only specify one of the uuid, name parameters")
        records = [g for g in self.all() if g["status"] != "initializing"]
        if args.get("uuid"):
            records = [g for g in records if g["uuid"] == args["uuid"]]
        if args.get("name"):
            folded = args["name"].casefold()
            records = [g for g in records if g["name"].casefold() == folded]
        return sorted(records, key=lambda r: (r["created_on"], r.id), reverse=True)

    def lookup(self, args: Mapping[str, Any], *, for_delete: bool = False) -> Record | None:
        """The group named by `?uuid=`; None without one (a POST then creates)."""
        if "uuid" not in args:
            if for_delete:
                raise InvalidQuery("URL must contain one of the following parameters: uuid")
            return None
        group = self.get(args["uuid"])
        if group is None:
            raise ObjectNotFound(self.api.profile.not_found_group)
        if group["system"]:
            verb = "delete" if for_delete else "modify"
            raise PermissionDenied(f"Cannot {verb} system object.")
        return group

    def check_limit(self, instance: Record | None) -> None:
        """Upstream refuses a create at the limit before it reads the body (409)."""
        if instance is None and self.api.profile.limit_conflict and self._count() >= GROUPS_LIMIT:
            raise LimitReached(GROUPS_LIMIT)

    def _count(self) -> int:
        """Groups counted against the limit (system groups never are)."""
        return sum(1 for group in self.all() if not group["system"])

    # -- validation helpers used by the write schema --------------------------------

    def name_taken(self, name: str, instance: Record | None) -> bool:
        folded = name.casefold()
        stored = self.store.find(GROUPS, self.workspace)
        # Upstream's uniqueness counts system groups, the ones a new org has included.
        for group in stored if self.api.profile.is_weni else self.all():
            hidden = group["system"] and self.api.profile.is_weni
            mine = instance is not None and group.id == instance.id
            if not hidden and not mine and group["name"].casefold() == folded:
                return True
        return False

    def name_errors(self, name: str) -> list[str]:
        if self.api.profile.is_weni:
            if not (name and name.strip() == name and len(name) <= MAX_NAME_LENGTH):
                return ["Name contains illegal characters."]
            return [] if _WORD_START.match(name) else ["Name contains illegal characters."]
        # Upstream's NameValidator.
        if len(name) > MAX_NAME_LENGTH:
            return [f"Cannot be longer than {MAX_NAME_LENGTH} characters."]
        for char in ('"', "\\"):
            if char in name:
                return [f"Cannot contain the character: {char}"]
        if "\x00" in name:
            return ["Cannot contain null characters."]
        return []

    def weni_limit_error(self) -> None:
        """Weni checks the limit in validate(), for renames too."""
        count = self._count()
        if count >= GROUPS_LIMIT:
            raise ValidationFailed.non_field(
                f"This org has {count} groups and the limit is {GROUPS_LIMIT}. "
                "You must delete existing ones before you can create new ones."
            )

    # -- writes ---------------------------------------------------------------------------

    def save(self, name: str, instance: Record | None) -> tuple[Record, bool]:
        if instance is not None:
            return self.store.update(GROUPS, instance.id, {"name": name}), False
        record = new_group(self.api.new_uuid(), name, self.api.now())
        return self.store.insert(GROUPS, self.workspace, record), True

    def delete(self, group: Record) -> None:
        """Delete a group no trigger, flow or campaign uses (they come from fixtures)."""
        for message in self._dependency_errors(group):
            raise InvalidQuery(message)
        self.remove_members(group["uuid"])
        self.store.remove(GROUPS, group.id)

    def _dependency_errors(self, group: Record) -> list[str]:
        if self.api.profile.is_weni:
            kinds = (("triggers", "triggers"), ("flows", "flows"), ("campaigns", "campaigns"))
            return [
                f"Group is being used by the following {label} which must be archived first: "
                + ", ".join(str(item) for item in group[key])
                for key, label in kinds
                if group[key]
            ]
        return [
            f"Group is being used by {kind} which must be archived first."
            for kind in ("triggers", "campaigns")
            if group[kind]
        ]

    # -- members (stored on the contacts, as their `groups`) --------------------------------

    def count_members(self, group_uuid: str) -> int:
        return self.store.count(
            CONTACTS, self.workspace, groups=Contains(group_uuid), is_active=True
        )

    def remove_members(self, group_uuid: str) -> None:
        for contact in self.store.find(CONTACTS, self.workspace, groups=Contains(group_uuid)):
            remaining = [u for u in contact["groups"] if u != group_uuid]
            self.store.update(CONTACTS, contact.id, {"groups": remaining})

    def represent(self, record: Record) -> dict[str, Any]:
        values = {
            "uuid": record["uuid"],
            "name": record["name"],
            "query": record["query"],
            "status": record["status"],
            "system": record["system"],
            "count": self.count_members(record["uuid"]),
        }
        if self.api.profile.is_weni:
            del values["system"]
        return values


def new_group(group_uuid: str, name: str, created_on: str) -> dict[str, Any]:
    return {
        "uuid": group_uuid,
        "name": name,
        "query": None,
        "status": "ready",
        "system": False,
        "triggers": [],
        "flows": [],
        "campaigns": [],
        "created_on": created_on,
    }
