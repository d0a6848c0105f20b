"""Users and packages: the admin-only endpoints (get_user_info, create_system_user,
update_user, get_all_packages) and the users API keys belong to."""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import unquote_plus

from sandbox.core.storage import Record
from sandbox.platforms.xerochat import errors
from sandbox.platforms.xerochat.errors import XeroChatError
from sandbox.platforms.xerochat.models.api import XeroChat
from sandbox.platforms.xerochat.models.common import (
    PACKAGES,
    USERS,
    ZERO_DATE,
    mysql_datetime,
    mysql_int,
    row,
    same_text,
    truthy,
)

USER_COLUMNS = (
    "id",
    "name",
    "email",
    "mobile",
    "address",
    "user_type",
    "status",
    "add_date",
    "last_login_at",
    "expired_date",
    "package_id",
    "last_login_ip",
)
PACKAGE_COLUMNS = (
    "id",
    "package_name",
    "module_ids",
    "price",
    "validity",
    "deleted",
    "visible",
    "highlight",
)
UPDATABLE = ("name", "mobile", "address", "status", "package_id", "expired_date")


def md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def key_user_id(api_key: str) -> int:
    """The user an API key names: the part before its first '-' (as MySQL reads it)."""
    return mysql_int(api_key.split("-", 1)[0])


def new_user(user_id: int, user_type: str, name: str, email: str, add_date: str) -> dict[str, Any]:
    return {
        "id": user_id,
        "name": name,
        "email": email,
        "mobile": "",
        "address": "",
        "user_type": user_type,
        "status": "1",
        "add_date": add_date,
        "last_login_at": ZERO_DATE,
        "expired_date": ZERO_DATE,
        "package_id": "0",
        "last_login_ip": "",
        "password": md5(""),
        "deleted": "0",
    }


class Users:
    def __init__(self, api: XeroChat) -> None:
        self.api = api

    # -- API keys --------------------------------------------------------------------------
    #
    # An installation has the users its admin and member keys belong to. A fixture load
    # stores them (`ensure_key_users`); an installation no fixture filled (a new
    # workspace, a reset one) has them too, as the rows a fresh install would hold, so
    # reads see them without writing; the first write that needs them stored stores them.

    def key_holder(self, api_key: str, *, admin: bool) -> Record | None:
        """The active user an API key belongs to (an admin, for admin-only endpoints)."""
        user_id = key_user_id(api_key)
        found = [*self.api.find(USERS, id=user_id), *self._unstored_key_users(user_id)]
        for user in found:
            active = user["status"] == "1" and user["deleted"] == "0"
            if active and (not admin or user["user_type"] == "Admin"):
                return user
        return None

    def ensure_key_users(self, credentials: dict[str, Any]) -> None:
        """Store the users of the admin and member keys that are not stored yet."""
        for user in self._key_users(credentials, stored=self._stored_ids()):
            self.api.insert(USERS, user)
            self.api.reserve_id(USERS, user["id"])  # AUTO_INCREMENT goes on after it

    def _all(self, **conditions: Any) -> list[Record]:
        """The stored users, then the key users not stored yet (as they will be)."""
        unstored = [u for u in self._unstored_key_users() if _matches(u, conditions)]
        return [*self.api.find(USERS, **conditions), *unstored]

    def _store_key_users(self) -> None:
        """Before a write reads or numbers the users: the key users are stored."""
        self.ensure_key_users(self._credentials())

    def _unstored_key_users(self, user_id: int | None = None) -> list[Record]:
        if user_id is not None and self.api.exists(USERS, id=user_id):
            return []  # the one lookup auth makes: indexed, whatever the table's size
        stored = None if user_id is not None else self._stored_ids()
        users = self._key_users(self._credentials(), stored=stored)
        return [u for u in users if user_id is None or u["id"] == user_id]

    def _key_users(self, credentials: dict[str, Any], *, stored: set[int] | None) -> list[Record]:
        """The rows a fresh install holds for its keys' users, but for the `stored` ids
        (None: the caller checked)."""
        made: list[Record] = []
        for key, user_type in (("admin_key", "Admin"), ("member_key", "Member")):
            if not credentials.get(key):
                continue
            user_id = key_user_id(credentials[key])
            if (stored is not None and user_id in stored) or any(u["id"] == user_id for u in made):
                continue
            email = f"{user_type.lower()}{user_id}@xerochat.local"
            user = new_user(user_id, user_type, user_type, email, self.api.now())
            made.append(Record(user, 0))
        return made

    def _stored_ids(self) -> set[int]:
        return {user["id"] for user in self.api.find(USERS)}

    def _credentials(self) -> dict[str, Any]:
        return dict(self.api.ctx.workspace.credentials_for("xerochat"))

    # -- endpoints ---------------------------------------------------------------------------

    def get_user_info(self, user_id: Any, email: Any) -> dict[str, Any]:
        if email:
            email = unquote_plus(str(email))  # the controller urldecodes it once more
        if not truthy(user_id) and not truthy(email):
            raise XeroChatError(errors.PROVIDE_USER_OR_EMAIL)
        for user in self._all(deleted="0"):
            if truthy(user_id) and user["id"] != mysql_int(user_id):
                continue
            if truthy(email) and not same_text(user["email"], email):
                continue
            return {"status": "success", "user_info": row(user, USER_COLUMNS)}
        raise XeroChatError(errors.NO_MATCHING_USER)

    def create(self, form: dict[str, Any]) -> dict[str, Any]:
        values = {key: form.get(key) if truthy(form.get(key)) else "" for key in USER_FIELDS}
        if not all(values[key] for key in ("name", "email", "package_id", "expired_date")):
            raise XeroChatError(errors.MANDATORY_FIELDS)
        # The password check is part of the same test, but md5() of nothing is never empty.
        if not any(p["id"] == mysql_int(values["package_id"]) for p in self.api.find(PACKAGES)):
            raise XeroChatError(errors.PACKAGE_NOT_FOUND)
        if any(same_text(u["email"], values["email"]) for u in self._all()):
            raise XeroChatError(errors.EMAIL_EXISTS)
        self._store_key_users()  # their ids are given
        user = new_user(
            self.api.next_id(USERS),
            "Member",
            str(values["name"]),
            str(values["email"]),
            self.api.now(),
        )
        user.update(
            mobile=str(values["mobile"]),
            address=str(values["address"]),
            package_id=str(values["package_id"]),
            expired_date=mysql_datetime(values["expired_date"]),
            password=md5(str(form.get("password") or "")),
        )
        self.api.insert(USERS, user)
        return {"status": "success", "id": user["id"]}

    def update(self, segment: str, form: dict[str, Any]) -> dict[str, Any]:
        changes = {key: str(form[key]) for key in UPDATABLE if truthy(form.get(key))}
        user_id = mysql_int(segment)
        # Deleted users too: the vendor's existence check does not filter them.
        if not self._all(id=user_id):
            raise XeroChatError(errors.USER_NOT_FOUND.format(segment))
        if not changes:
            raise XeroChatError(errors.NOTHING_TO_SET)
        if "expired_date" in changes:
            changes["expired_date"] = mysql_datetime(changes["expired_date"])
        self._store_key_users()  # the user may be one of them
        target = self.api.first(USERS, id=user_id)
        assert target is not None  # found above, stored now
        self.api.update(USERS, target.id, changes)
        return {"status": "success"}  # always: the vendor does not check affected rows

    def packages(self) -> dict[str, Any]:
        rows = [row(p, PACKAGE_COLUMNS) for p in self.api.find(PACKAGES, deleted="0")]
        return {"status": "success", "packages": sorted(rows, key=lambda p: int(p["id"]))}


USER_FIELDS = ("name", "email", "mobile", "address", "package_id", "expired_date")


def _matches(user: Record, conditions: dict[str, Any]) -> bool:
    return all(user.get(name) == value for name, value in conditions.items())
