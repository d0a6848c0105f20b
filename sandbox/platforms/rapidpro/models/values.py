"""How contact field values read back: RapidPro stores what was written and shows it per
the field's type, `null` when it does not parse as that type (rapidpro-fidelity.md §2).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# ISO date-times with a zone (T or space between date and time), as goflow accepts them.
_ZONED = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?"
    r"(Z|[+-]\d{2}:?\d{2})$",
    re.IGNORECASE,
)
# A bare date, year first or (the orgs' usual setting) day first.
_YEAR_FIRST = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def format_number(value: Decimal) -> str:
    """temba.utils.format_number: plain notation, no trailing zeros."""
    if value == 0:
        return "0"
    if not value.is_finite():
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def number_value(raw: str) -> str | None:
    try:
        return format_number(Decimal(raw.strip()))
    except InvalidOperation:
        return None


def datetime_value(raw: str, zone_name: str) -> str | None:
    zone = _zone(zone_name)
    text = raw.strip()
    match = _ZONED.match(text)
    if match:
        year, month, day, hour, minute, second, fraction, offset = match.groups()
        iso = f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}"
        if fraction:
            iso += "." + fraction[:6].ljust(6, "0")
        iso += "+00:00" if offset.upper() == "Z" else _colon(offset)
        try:
            moment = datetime.fromisoformat(iso)
        except ValueError:
            return None
        return moment.astimezone(zone).isoformat()
    for pattern, order in ((_YEAR_FIRST, "ymd"), (_DAY_FIRST, "dmy")):
        date_match = pattern.match(text)
        if date_match:
            parts = dict(zip(order, (int(p) for p in date_match.groups()), strict=True))
            try:
                moment = datetime(parts["y"], parts["m"], parts["d"], tzinfo=zone)
            except ValueError:
                return None
            return moment.isoformat()
    return None


def _colon(offset: str) -> str:
    return offset if ":" in offset else f"{offset[:3]}:{offset[3:]}"


def _zone(name: str) -> Any:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def read_value(value_type: str, raw: str | None, zone_name: str) -> str | None:
    """A stored field value as the API shows it for a field of `value_type`."""
    if raw is None or raw == "":
        return None
    if value_type == "text":
        return raw
    if value_type == "numeric":
        return number_value(raw)
    if value_type == "datetime":
        return datetime_value(raw, zone_name)
    # state / district / ward values must name a boundary of the org's country; the
    # sandbox has no boundary data, so they read back empty.
    return None
