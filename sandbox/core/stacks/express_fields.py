"""JavaScript's leniencies as marshmallow fields: how the Express handlers of both Node
vendors read a value they destructure (`String(n)` of a number, `typeof x === 'boolean'`,
`parseInt` of a query, ...), and the sandbox's words for the first value at fault.

Split from `express.py` (the body-parser reading and the app around the views), which
re-exports every name here: platforms use them as `express.Text`, `express.REQUIRED`, ...
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, missing

from sandbox.core.clock import parse_iso

#: The placeholder a message starts with for the name of the value at fault.
ATTRIBUTE = ":attribute"
# How the handlers word a value they cannot use (the sandbox's wording, assumed).
REQUIRED = ":attribute is required"
NOT_A_STRING = ":attribute must be a string"
NOT_AN_OBJECT = ":attribute must be an object"
NOT_A_BOOLEAN = ":attribute must be a boolean"
NOT_A_COUNT = ":attribute must be a non-negative integer"
NOT_A_LIMIT = ":attribute must be a positive integer"
NOT_A_DATE = ":attribute must be an ISO 8601 date"


class Input(Schema):
    """An operation's input: the fields a handler destructures; others are ignored."""

    class Meta:
        unknown = EXCLUDE


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


def js_text(value: Any) -> str | None:
    """The text of a string or a number (not a boolean) as `String(v)` writes it (Mongoose
    casts numbers to String paths), else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return js_number(value)
    return None


def _messages(invalid: str) -> dict[str, str]:
    return {"required": REQUIRED, "null": REQUIRED, "invalid": invalid, "type": invalid}


class _TextReading(fields.Field):
    """`if (!body.x)` then `String(body.x)`: a missing, null or empty value is "required"
    (an optional one is None), a number is its text, anything else is refused."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(error_messages=_messages(NOT_A_STRING), **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if value == "":
            if self.required:
                raise self.make_error("required")
            return None
        text = js_text(value)
        if text is None:
            raise self.make_error("invalid")
        return text


class Text(_TextReading, fields.String):
    """A string value (documented as one) that also takes a number, as `String(n)`."""


class TextOrNumber(_TextReading):
    """The same reading, documented as text or a number: a checker would otherwise expect
    numbers to be refused."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {**kwargs.pop("metadata", {}), "anyOf": [{"type": "string"}, {"type": "number"}]}
        if kwargs.get("allow_none"):
            metadata["nullable"] = True
        super().__init__(metadata=metadata, **kwargs)


class Object(fields.Nested):
    """A nested object; anything else (an array, a string) is refused as no object."""

    def __init__(self, nested: type[Schema], **kwargs: Any) -> None:
        super().__init__(nested, error_messages=_messages(NOT_AN_OBJECT), **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, Mapping):
            raise self.make_error("type")
        return super()._deserialize(value, attr, data, **kwargs)


class Boolean(fields.Boolean):
    """A JSON boolean, nothing else (`typeof x === 'boolean'`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(error_messages=_messages(NOT_A_BOOLEAN), **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class QueryInteger(fields.Integer):
    """A query integer (`parseInt` of digits) of at least `minimum`; absent or empty is the
    documented default."""

    def __init__(self, *, minimum: int, default: int, **kwargs: Any) -> None:
        invalid = NOT_A_COUNT if minimum == 0 else NOT_A_LIMIT
        metadata = {**kwargs.pop("metadata", {}), "minimum": minimum, "default": default}
        super().__init__(
            load_default=default, error_messages=_messages(invalid), metadata=metadata, **kwargs
        )
        self.minimum = minimum
        self.fallback = default

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if value == "":
            return self.fallback
        text = value.strip() if isinstance(value, str) else ""
        if not text.isascii() or not text.isdigit():
            raise self.make_error("invalid")
        # parseInt reads some 309 digits or more as Infinity, no integer (and int() refuses
        # more than 4,300 digits: a 500).
        if math.isinf(float(text)) or int(text) < self.minimum:
            raise self.make_error("invalid")
        return int(text)


class Destructured(fields.Field):
    """Mixin: how a handler destructures a value before it checks it.

    - `absent`: `const { x = absent } = req.body` (a callable is called for each read).
      Not documented as a `default` keyword: the field's description says it.
    - `needed`: an absent value (without `absent`) is refused as required, whatever the
      spec's `required` says (a field needed only where the operation reads it at all).
    - `null`: what null reads as (a callable is called), without `nullable` in the spec;
      by default null is refused with the field's "null" message.
    - `later`: the value is handed on as sent; `read_value` reads it when the handler
      does, after what it answers first.
    """

    def __init__(
        self,
        *args: Any,
        absent: Any = missing,
        needed: bool = False,
        null: Any = missing,
        later: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.absent, self.needed, self.null, self.later = absent, needed, null, later

    def deserialize(self, value: Any, attr: str | None = None, data: Any = None, **kw: Any) -> Any:
        if self.later:
            return value
        if value is missing and self.absent is not missing:
            return self.absent() if callable(self.absent) else self.absent
        if value is missing and self.needed:
            raise self.make_error("required")
        if value is None and self.null is not missing:
            return self.null() if callable(self.null) else self.null
        return super().deserialize(value, attr, data, **kw)


class AsSent(Destructured, fields.String):
    """A value the handler uses as it was sent, null too (compares or stores it; `${x}`
    of anything is text), documented as the text it should be."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(null=None, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        return value


class AnyObject(Destructured, fields.Dict):
    """A JSON object, its values as sent; anything else, null too, is no object."""

    def __init__(self, **kwargs: Any) -> None:
        messages = {"null": NOT_AN_OBJECT, "invalid": NOT_AN_OBJECT}
        super().__init__(error_messages=messages, **kwargs)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def js_date(value: str) -> datetime:
    """`new Date(text)` of an ISO 8601 date or date-time (no zone: UTC, as the vendors'
    UTC servers read it). Raises ValueError for anything else."""
    if not _ISO_DATE.match(value.strip()):
        raise ValueError(f"not an ISO 8601 date: {value!r}")
    return parse_iso(value)


class QueryDate(fields.String):
    """A query date (`?start=`); absent or empty is None."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(error_messages=_messages(NOT_A_DATE), **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if value == "":
            return None
        try:
            return js_date(super()._deserialize(value, attr, data, **kwargs))
        except ValueError:
            raise self.make_error("invalid") from None
