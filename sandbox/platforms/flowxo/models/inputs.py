"""Reading request values the way the vendor's Node.js code plausibly does (assumed).

A missing or empty value is "required" (JavaScript's `if (!body.channel)`); a number where
text is expected is taken as its text, as JavaScript's `String(n)` writes it (Mongoose
casts numbers to String paths); anything else of the wrong type is refused. Each refusal
is a 400 `{"message": ...}` naming the first value at fault, in the order the endpoint
reads them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from sandbox.platforms.flowxo import errors
from sandbox.platforms.flowxo.errors import InvalidInput
from sandbox.platforms.flowxo.models.common import parse_time

PROFILE_FIELDS = ("user_name", "user_first_name", "user_last_name")


def body_object(body: Any) -> Mapping[str, Any]:
    """A JSON array body has none of the named fields (Express hands it over as it is)."""
    return body if isinstance(body, Mapping) else {}


def _text(value: Any) -> str | None:
    """The text of a string or a number (not a boolean), else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return js_number(value)
    return None


def js_number(value: float) -> str:
    """`String(n)` of a JavaScript number: JSON's 1.0 is the number 1 ("1"), and exponents
    only from 1e21 up and below 1e-6 ("1e-7", "0.000001")."""
    if value.is_integer() and abs(value) <= 2**53:
        return str(int(value))  # exactly the integer (-0 is "0")
    text = repr(value)  # the shortest digits that read back, as JavaScript picks them
    if "e" not in text:
        return text
    digits, exponent = text.split("e")
    power = int(exponent)
    if -7 < power < 21:
        return format(Decimal(text), "f")
    return f"{digits}e{power:+d}"


def required_text(body: Mapping[str, Any], name: str) -> str:
    value = body.get(name)
    if value is None or value == "":
        raise InvalidInput(errors.REQUIRED.format(name))
    text = _text(value)
    if text is None:
        raise InvalidInput(errors.NOT_A_STRING.format(name))
    return text


def profile(body: Mapping[str, Any], *, required: bool) -> dict[str, str | None] | None:
    """The `profile` object's known fields that were sent: text, or None for a blank one
    (`""` or null). Other keys are ignored. None when the body has no profile."""
    value = body.get("profile")
    if value is None:
        if required:
            raise InvalidInput(errors.REQUIRED.format("profile"))
        return None
    if not isinstance(value, Mapping):
        raise InvalidInput(errors.NOT_AN_OBJECT.format("profile"))
    given: dict[str, str | None] = {}
    for field in PROFILE_FIELDS:
        if field not in value:
            continue
        raw = value[field]
        if raw is None or raw == "":
            given[field] = None
            continue
        text = _text(raw)
        if text is None:
            raise InvalidInput(errors.NOT_A_STRING.format(f"profile.{field}"))
        given[field] = text
    return given


def boolean(body: Mapping[str, Any], name: str) -> bool:
    if name not in body or body[name] is None:
        raise InvalidInput(errors.REQUIRED.format(name))
    value = body[name]
    if not isinstance(value, bool):
        raise InvalidInput(errors.NOT_A_BOOLEAN.format(name))
    return value


def integer(args: Mapping[str, str], name: str, default: int, *, minimum: int) -> int:
    """A query integer (`?skip=`, `?limit=`), at least `minimum`."""
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    message = errors.NOT_A_COUNT if minimum == 0 else errors.NOT_A_LIMIT
    text = raw.strip()
    if not text.isascii() or not text.isdigit():
        raise InvalidInput(message.format(name))
    # parseInt reads some 309 digits or more as Infinity, no integer (and int() refuses
    # more than 4,300 digits: a 500).
    if math.isinf(float(text)) or int(text) < minimum:
        raise InvalidInput(message.format(name))
    return int(text)


def moment(args: Mapping[str, str], name: str) -> datetime | None:
    """A query date (`?start=`, `?end=`): ISO 8601, a date alone or a date-time (UTC when
    it names no zone, as the vendor's UTC servers read it)."""
    raw = args.get(name)
    if raw is None or raw == "":
        return None
    try:
        return parse_time(raw)
    except ValueError:
        raise InvalidInput(errors.NOT_A_DATE.format(name)) from None
