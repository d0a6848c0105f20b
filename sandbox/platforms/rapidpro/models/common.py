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
        # Read on every request, changed by fixtures only: kept until the table changes.
        return ctx.store.memo(SETTINGS, ctx.workspace.name, lambda: cls._read(ctx))

    @classmethod
    def _read(cls, ctx: Context) -> Settings:
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
STORED_LENGTH = len("2026-01-01T00:00:00.000000Z")


def stored_time(moment: datetime) -> str:
    # isoformat writes STORED_FORMAT's fields (a four-digit year aside) faster than strftime.
    utc = moment if moment.tzinfo is timezone.utc else moment.astimezone(timezone.utc)
    if utc.year < 1000:
        return utc.strftime(STORED_FORMAT)
    return utc.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def api_time(stored: str | None) -> str | None:
    """DRF's rendering of a UTC datetime: isoformat with `Z`, no fraction when it is zero."""
    if stored is None:
        return None
    # The stored form is isoformat's already, but for the fraction it always carries; a
    # string check spares a strptime per timestamp on every read.
    if len(stored) == STORED_LENGTH and stored[19] == "." and stored[-1] == "Z":
        return stored[:19] + "Z" if stored[20:26] == "000000" else stored
    moment = datetime.strptime(stored, STORED_FORMAT)
    return moment.isoformat() + "Z"


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
