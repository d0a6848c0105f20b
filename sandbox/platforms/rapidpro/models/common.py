"""What the RapidPro models share: table names, workspace settings, timestamps."""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sandbox.core.context import Context
from sandbox.platforms.rapidpro.profiles import PROFILES, WENI, Profile

CONTACTS = "rapidpro.contacts"
FIELDS = "rapidpro.fields"
GROUPS = "rapidpro.groups"
SETTINGS = "rapidpro.settings"


@dataclass(frozen=True)
class Settings:
    """A workspace's RapidPro org settings (from fixtures; defaults otherwise)."""

    #: None: the server's --rapidpro-profile.
    profile: str | None = None
    #: The org's country (ISO 3166 alpha-2), used to read local phone numbers.
    country: str | None = None
    #: The org's timezone, in which datetime field values are shown.
    timezone: str = "UTC"
    #: Weni: a ?urn=whatsapp:55... lookup also tries the number with/without the 9th digit.
    verify_ninth_digit: bool = False

    @classmethod
    def of(cls, ctx: Context) -> Settings:
        record = ctx.store.first(SETTINGS, ctx.workspace.name)
        if record is None:
            return cls()
        return cls(**{k: v for k, v in record.items() if k in cls.__dataclass_fields__})

    def as_record(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "country": self.country,
            "timezone": self.timezone,
            "verify_ninth_digit": self.verify_ninth_digit,
        }

    def resolve_profile(self, ctx: Context) -> Profile:
        return PROFILES[self.profile or ctx.default("rapidpro", "profile", WENI)]


# Stored timestamps always carry six fraction digits and `Z`, so they sort as strings.
STORED_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def stored_time(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime(STORED_FORMAT)


def api_time(stored: str | None) -> str | None:
    """DRF's rendering of a UTC datetime: isoformat with `Z`, no fraction when it is zero."""
    if stored is None:
        return None
    moment = datetime.strptime(stored, STORED_FORMAT)
    text = moment.isoformat()
    return text + "Z"


def without_none(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def str_to_bool(text: str | None) -> bool:
    """temba.utils.str_to_bool."""
    return bool(text) and text.lower() in ("true", "y", "yes", "1")  # type: ignore[union-attr]


def is_uuid(text: str) -> bool:
    try:
        uuid_module.UUID(text)
    except ValueError:
        return False
    return True
