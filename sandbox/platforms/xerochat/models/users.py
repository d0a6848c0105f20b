"""Users and packages: the admin-only endpoints (get_user_info, create_system_user,
update_user, get_all_packages) and the users API keys belong to."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
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
    # An installation has the users its admin and member keys belong to, stored when the
    # workspace is made or cleared (`provision`) and after a fixture load, with the rows a
    # fresh install holds for them unless the fixture gave those ids.

    def key_holder(self, api_key: str, *, admin: bool) -> Record | None:
        """The active user an API key belongs to (an admin, for admin-only endpoints)."""
        for user in self.api.find(USERS, id=key_user_id(api_key)):
            active = user["status"] == "1" and user["deleted"] == "0"
            if active and (not admin or user["user_type"] == "Admin"):
                return user
        return None

    def ensure_key_users(self, credentials: Mapping[str, Any]) -> None:
        """Store the users of the admin and member keys that are not stored yet, added
        now (`add_date`: the clock's time in the installation's timezone)."""
        for key, user_type in (("admin_key", "Admin"), ("member_key", "Member")):
            if not credentials.get(key):
                continue
            user_id = key_user_id(str(credentials[key]))
            if self.api.exists(USERS, id=user_id):  # a fixture's, or the other key's
                continue
            email = f"{user_type.lower()}{user_id}@xerochat.local"
            self.api.insert(USERS, new_user(user_id, user_type, user_type, email, self.api.now()))
            self.api.reserve_id(USERS, user_id)  # AUTO_INCREMENT goes on after it

    # -- endpoints ---------------------------------------------------------------------------

    def get_user_info(self, user_id: Any, email: Any) -> dict[str, Any]:
        if email:
            email = unquote_plus(str(email))  # the controller urldecodes it once more
        if not truthy(user_id) and not truthy(email):
            raise XeroChatError(errors.PROVIDE_USER_OR_EMAIL)
        for user in self.api.find(USERS, deleted="0"):
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
        if any(same_text(u["email"], values["email"]) for u in self.api.find(USERS)):
            raise XeroChatError(errors.EMAIL_EXISTS)
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
        if not self.api.exists(USERS, id=user_id):
            raise XeroChatError(errors.USER_NOT_FOUND.format(segment))
        if not changes:
            raise XeroChatError(errors.NOTHING_TO_SET)
        if "expired_date" in changes:
            changes["expired_date"] = mysql_datetime(changes["expired_date"])
        target = self.api.first(USERS, id=user_id)
        assert target is not None  # found above
        self.api.update(USERS, target.id, changes)
        return {"status": "success"}  # always: the vendor does not check affected rows

    def packages(self) -> dict[str, Any]:
        rows = [row(p, PACKAGE_COLUMNS) for p in self.api.find(PACKAGES, deleted="0")]
        return {"status": "success", "packages": sorted(rows, key=lambda p: int(p["id"]))}


USER_FIELDS = ("name", "email", "mobile", "address", "package_id", "expired_date")
