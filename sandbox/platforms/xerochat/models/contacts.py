"""SMS/e-mail contact groups and contacts (sms_email_contact_group, sms_email_contacts).

Faithful to the vendor's code, quirks included: existence checks see soft-deleted rows
while reads do not, deletes are real, and e-mail / phone uniqueness is checked across the
whole installation even for an empty value (so once any contact has no e-mail, another
contact without one is refused with "Please try with different email address").
"""

from __future__ import annotations

from typing import Any

from sandbox.core.storage import Keyed, Record
from sandbox.platforms.xerochat import errors
from sandbox.platforms.xerochat.errors import XeroChatError, XeroChatInfo
from sandbox.platforms.xerochat.models.api import XeroChat
from sandbox.platforms.xerochat.models.common import (
    CONTACT_GROUPS,
    CONTACTS,
    VARCHAR_WIDTHS,
    mysql_column,
    mysql_int,
    row,
    text_key,
    truthy,
)

GROUP_COLUMNS = ("id", "user_id", "type", "created_at", "deleted")
CONTACT_COLUMNS = (
    "id",
    "user_id",
    "contact_type_id",
    "first_name",
    "last_name",
    "phone_number",
    "email",
    "notes",
    "unsubscribed",
    "deleted",
)
CONTACT_FIELDS = ("first_name", "last_name", "email", "phone_number")

# What the get endpoints refuse, in the order they check: no id, no such row of the
# user's, a soft-deleted row.
_GROUP_REFUSALS = (
    errors.CONTACT_TYPE_ID_REQUIRED,
    errors.CONTACT_TYPE_ID_MISSING,
    errors.CONTACT_GROUP_UNAVAILABLE,
)
_CONTACT_REFUSALS = (
    errors.CONTACT_ID_FIELD_REQUIRED,
    errors.CONTACT_ID_MISSING,
    errors.CONTACT_UNAVAILABLE,
)


def _trimmed(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _stored(values: dict[str, str]) -> dict[str, str]:
    """The values as their VARCHAR columns keep them (cut to width, non-strict MySQL)."""
    return {key: mysql_column(value, VARCHAR_WIDTHS[key]) for key, value in values.items()}


class Contacts:
    def __init__(self, api: XeroChat) -> None:
        self.api = api

    def _mine(self, table: str, object_id: int) -> Record | None:
        """The vendor's is_exist(): this user's row with that id, soft-deleted or not."""
        return self.api.first(table, id=object_id, user_id=self.api.user_id)

    def _existing(self, table: str, given: Any, required: str, missing: str) -> Record:
        """The user's row the (int) of `given` names, or the endpoint's two refusals: no
        id (0), no such row of this user (soft-deleted rows exist)."""
        object_id = mysql_int(_trimmed(given))
        if object_id == 0:
            raise XeroChatError(required)
        found = self._mine(table, object_id)
        if found is None:
            raise XeroChatError(missing)
        return found

    def _read_row(
        self, table: str, columns: tuple[str, ...], given: Any, refusals: tuple[str, str, str]
    ) -> dict[str, Any]:
        """`_existing`, and not soft-deleted (the third refusal), as its raw database row
        (what the get endpoints answer: no status)."""
        required, missing, unavailable = refusals
        found = self._existing(table, given, required, missing)
        if found["deleted"] != "0":
            raise XeroChatError(unavailable)
        return row(found, columns)

    # -- contact groups --------------------------------------------------------------------

    def get_group(self, contact_type_id: Any) -> dict[str, Any]:
        return self._read_row(CONTACT_GROUPS, GROUP_COLUMNS, contact_type_id, _GROUP_REFUSALS)

    def create_group(self, name: Any) -> dict[str, Any]:
        if not truthy(name):
            raise XeroChatError(errors.CONTACT_TYPE_NAME_REQUIRED)
        group = {
            "id": self.api.next_id(CONTACT_GROUPS),
            "user_id": self.api.user_id,
            "type": mysql_column(str(name), VARCHAR_WIDTHS["type"]),
            "created_at": self.api.now(),
            "deleted": "0",
        }
        self.api.insert(CONTACT_GROUPS, group)
        return {"status": "success", "contact_type_id": group["id"]}

    def update_group(self, segment: Any, name: Any) -> dict[str, Any]:
        group_id = mysql_int(segment)
        if group_id == 0:
            raise XeroChatError(errors.INVALID_CONTACT_TYPE_ID)
        if not truthy(name):
            raise XeroChatError(errors.NAME_REQUIRED)
        group = self._mine(CONTACT_GROUPS, group_id)
        if group is None:
            raise XeroChatError(errors.NO_GROUP_PERMISSION)
        stored = mysql_column(str(name), VARCHAR_WIDTHS["type"])
        if group["type"] == stored:
            raise XeroChatInfo(errors.GROUP_UNCHANGED)  # MySQL: 0 affected rows
        self.api.update(CONTACT_GROUPS, group.id, {"type": stored})
        return {"status": "success"}

    def delete_group(self, contact_type_id: Any) -> dict[str, Any]:
        if not truthy(contact_type_id):
            raise XeroChatError(errors.CONTACT_TYPE_ID_FIELD_REQUIRED)
        group = self._mine(CONTACT_GROUPS, mysql_int(contact_type_id))
        if group is None:
            raise XeroChatError(errors.CONTACT_TYPE_ID_MISSING)
        # A real DELETE; the contacts in the group are left as they are.
        self.api.remove(CONTACT_GROUPS, group.id)
        message = errors.CONTACT_GROUP_DELETED.format(contact_type_id)
        return {"status": "success", "message": message}

    # -- contacts ----------------------------------------------------------------------------

    def get_contact(self, contact_id: Any) -> dict[str, Any]:
        return self._read_row(CONTACTS, CONTACT_COLUMNS, contact_id, _CONTACT_REFUSALS)

    def create_contact(self, form: dict[str, Any]) -> dict[str, Any]:
        values = {key: _trimmed(form.get(key)) for key in CONTACT_FIELDS}
        group_id = mysql_int(_trimmed(form.get("contact_type_id")))
        if group_id == 0:
            raise XeroChatError(errors.CONTACT_TYPE_ID_IS_REQUIRED)
        if self._mine(CONTACT_GROUPS, group_id) is None:
            raise XeroChatError(errors.GROUP_NOT_ALLOWED)
        if not truthy(values["email"]) and not truthy(values["phone_number"]):
            raise XeroChatError(errors.EMAIL_OR_PHONE_REQUIRED)
        self._refuse_taken(values["email"], values["phone_number"])
        contact = {
            "id": self.api.next_id(CONTACTS),
            "user_id": self.api.user_id,
            "contact_type_id": str(group_id),
            # Cut after the uniqueness checks: MySQL compares the whole value sent there.
            **_stored(values),
            "notes": "",
            "unsubscribed": "0",
            "deleted": "0",
        }
        self.api.insert(CONTACTS, contact)
        return {"status": "success", "new_contact_id": contact["id"]}

    def _refuse_taken(self, email: str | None, phone: str | None) -> None:
        """The vendor's global uniqueness checks, run whether or not the value is empty:
        indexed lookups under MySQL's comparison (`same_text`), not a scan of every
        contact."""
        if email is not None and self._taken("email", email):
            raise XeroChatError(errors.TRY_OTHER_EMAIL)
        if phone is not None and self._taken("phone_number", phone):
            raise XeroChatError(errors.TRY_OTHER_PHONE)

    def _taken(self, column: str, value: str) -> bool:
        return self.api.first(CONTACTS, **{column: Keyed(value, text_key)}) is not None

    def update_contact(self, segment: Any, form: dict[str, Any]) -> dict[str, Any]:
        values = {key: _trimmed(form.get(key)) for key in CONTACT_FIELDS}
        object_id = mysql_int(segment)
        if object_id == 0:
            raise XeroChatError(errors.CONTACT_ID_REQUIRED)
        contact = self._mine(CONTACTS, object_id)
        if contact is None:
            raise XeroChatError(errors.NO_CONTACT_PERMISSION)
        changes = {key: value for key, value in values.items() if truthy(value)}
        if not changes:
            raise XeroChatError(errors.CONTACT_FIELD_REQUIRED)
        # Checked against every contact, this one included: re-sending its own e-mail fails.
        self._refuse_taken(changes.get("email"), changes.get("phone_number"))
        changes = _stored(changes)  # 0 affected rows when what MySQL keeps is unchanged
        if all(contact[key] == value for key, value in changes.items()):
            raise XeroChatInfo(errors.CONTACT_UNCHANGED)
        self.api.update(CONTACTS, contact.id, changes)
        return {"status": "success"}

    def delete_contact(self, contact_id: Any) -> dict[str, Any]:
        contact = self._existing(
            CONTACTS, contact_id, errors.CONTACT_ID_FIELD_REQUIRED, errors.CONTACT_ID_MISSING
        )
        self.api.remove(CONTACTS, contact.id)
        return {"status": "success", "message": errors.CONTACT_DELETED.format(contact["id"])}
