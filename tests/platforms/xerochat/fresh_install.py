"""What every workspace holds of XeroChat from the moment it is made: the users of its
admin and member keys (stored by `models.provision`), as its export shows them, and a way
to pin the real time they are added at, so that tests of exports can spell them out.

Spelled out literally (fidelity §1.2), never read from the sandbox, so that the tests
that use them can fail.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Any

import pytest

import sandbox.core.clock

#: md5("") (what a user made without a password gets) and MySQL's zero date.
MD5_EMPTY = "d41d8cd98f00b204e9800998ecf8427e"
ZERO_DATE = "0000-00-00 00:00:00"
#: `date("Y-m-d H:i:s")` in Europe/Dublin (GMT in March) at tests/conftest.py's FROZEN_AT.
AT_FROZEN = "2026-03-01 12:00:00"


def key_users_export(credentials: Mapping[str, Any], add_date: str = AT_FROZEN) -> dict[str, Any]:
    """The `xerochat` section of a workspace that holds only its keys' users (the admin's,
    then the member's), added at `add_date`, from the workspace's xerochat credentials."""
    users = []
    for key, user_type in (("admin_key", "Admin"), ("member_key", "Member")):
        users.append(key_user(int(str(credentials[key]).split("-")[0]), user_type, add_date))
    return {"users": users}


def key_user(user_id: int, user_type: str, add_date: str) -> dict[str, Any]:
    """The stored user a workspace makes for one of its keys ("Admin" or "Member")."""
    return {
        "id": user_id,
        "name": user_type,
        "email": f"{user_type.lower()}{user_id}@xerochat.local",
        "mobile": "",
        "address": "",
        "user_type": user_type,
        "status": "1",
        "add_date": add_date,
        "last_login_at": ZERO_DATE,
        "expired_date": ZERO_DATE,
        "package_id": "0",
        "last_login_ip": "",
        "deleted": "0",
        "password_md5": MD5_EMPTY,
    }


def key_users_yaml(add_date: str = AT_FROZEN) -> str:
    """The default workspace's `xerochat` section as an export in YAML writes it (indented
    as a workspace's section)."""
    return "".join(
        f"""\
      - id: {user_id}
        name: {user_type}
        email: {user_type.lower()}{user_id}@xerochat.local
        mobile: ''
        address: ''
        user_type: {user_type}
        status: '1'
        add_date: '{add_date}'
        last_login_at: '{ZERO_DATE}'
        expired_date: '{ZERO_DATE}'
        package_id: '0'
        last_login_ip: ''
        deleted: '0'
        password_md5: {MD5_EMPTY}
"""
        for user_id, user_type in ((1, "Admin"), (2, "Member"))
    )


def pin_real_time(monkeypatch: pytest.MonkeyPatch, at: datetime) -> None:
    """Make `at` the real time an unfrozen sandbox clock runs from, for the rest of the test:
    a full reset puts the clock back on real time, and the key users a workspace is made
    with are added then."""

    class Pinned(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Pinned:
            moment = at.astimezone(tz) if tz is not None else at
            return cls.fromtimestamp(moment.timestamp(), moment.tzinfo)

    monkeypatch.setattr(sandbox.core.clock, "datetime", Pinned)
