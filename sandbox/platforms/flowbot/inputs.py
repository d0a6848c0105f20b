"""How FlowBot's handlers read request values, as schema fields (its leniencies and its
words); the generic JavaScript ones are in `sandbox.core.stacks.express`.

The request schemas (`schemas.py`) declare these in the order the vendor's handlers read
the values, so the first value at fault is the one answered (`400 {"error": ...}`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from marshmallow import fields

from sandbox.core.stacks import express
from sandbox.platforms.flowbot import errors
from sandbox.platforms.flowbot.phones import e164

MESSAGE_TYPES = ("text", "image", "video", "document", "template")
TOO_LONG = ":attribute must be at most {max_length} characters"
# `^\d+$` as the handler matches it: Unicode digits too, and a trailing newline.
_DIGITS = re.compile(r"^\d+$")


class Filled(express.Destructured, fields.String):
    """A string the handler needs (`typeof x === 'string' && x.trim()`, or `&& x` without
    `trim`): anything else, absent and null too, is refused with `missing`; one longer
    than `max_length` with `:attribute must be at most <n> characters`."""

    def __init__(
        self,
        *,
        missing_message: str = express.REQUIRED,
        trim: bool = True,
        max_length: int | None = None,
        **kwargs: Any,
    ) -> None:
        messages = {
            "required": missing_message,
            "null": missing_message,
            "invalid": missing_message,
            "too_long": TOO_LONG.format(max_length=max_length),
        }
        # Needed wherever it is read at all (a reply reads only its kind's fields).
        super().__init__(needed=True, error_messages=messages, **kwargs)
        self.trim = trim
        self.max_length = max_length

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, str) or not (value.strip() if self.trim else value):
            raise self.make_error("invalid")
        if self.max_length is not None and len(value) > self.max_length:
            raise self.make_error("too_long")
        return value


class MediaUrl(Filled):
    """An http(s) URL of a file, read without its surrounding blanks."""

    default_error_messages = {"not_a_url": ":attribute must be an http or https URL"}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        url = super()._deserialize(value, attr, data, **kwargs).strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise self.make_error("not_a_url")
        return url


class OptionalText(express.Destructured, fields.String):
    """A string or null (absent is null); one longer than `max_length` is refused."""

    def __init__(self, *, max_length: int | None = None, **kwargs: Any) -> None:
        messages = {"invalid": express.NOT_A_STRING, "too_long": TOO_LONG}
        super().__init__(null=None, error_messages=messages, **kwargs)
        self.max_length = max_length

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        if self.max_length is not None and len(value) > self.max_length:
            raise self.make_error("too_long", max_length=self.max_length)
        return value


class MessageType(fields.String):
    """One of the reply kinds; anything else, absent too, is refused listing them."""

    def __init__(self, **kwargs: Any) -> None:
        message = f"messageType must be one of: {', '.join(MESSAGE_TYPES)}"
        messages = dict.fromkeys(("required", "null", "invalid"), message)
        super().__init__(error_messages=messages, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if value not in MESSAGE_TYPES:
            raise self.make_error("invalid")
        return value


class Phone(fields.String):
    """A WhatsApp number, read into E.164 (`phones.e164`); absent, null or empty is
    required, anything else quoted in the refusal (Python's text of the value)."""

    def __init__(self, **kwargs: Any) -> None:
        messages = {
            "required": express.REQUIRED,
            "null": express.REQUIRED,
            "invalid": errors.INVALID_PHONE,
        }
        super().__init__(error_messages=messages, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if value == "":
            raise self.make_error("required")
        number = e164(value)
        if number is None:
            raise self.make_error("invalid", phone=value)
        return number


class Seconds(express.Destructured, fields.Integer):
    """A JSON integer (no boolean, no 1.0) from `minimum` to `maximum`; null is refused."""

    def __init__(self, *, minimum: int, maximum: int, **kwargs: Any) -> None:
        message = f":attribute must be an integer between {minimum} and {maximum}"
        messages = dict.fromkeys(("null", "invalid"), message)
        super().__init__(error_messages=messages, **kwargs)
        self.minimum = minimum
        self.maximum = maximum

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.make_error("invalid")
        if not self.minimum <= value <= self.maximum:
            raise self.make_error("invalid")
        return value


class Limit(express.Destructured, fields.Integer):
    """A query count of at least 1 (digits), capped at `cap`; empty is `absent` too."""

    def __init__(self, *, cap: int, **kwargs: Any) -> None:
        messages = {"invalid": express.NOT_A_LIMIT}
        super().__init__(error_messages=messages, **kwargs)
        self.cap = cap

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if value == "":
            return self.absent
        # Compared as JavaScript numbers: thousands of digits are Infinity, capped like
        # any large limit (int() refuses more than 4,300 digits: a 500).
        if not isinstance(value, str) or not _DIGITS.match(value) or float(value) < 1:
            raise self.make_error("invalid")
        return self.cap if float(value) >= self.cap else int(value)


class Flag(express.Destructured, fields.Boolean):
    """A query flag: `true` or `1` (any case) is on, anything else off."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        return isinstance(value, str) and value.lower() in ("true", "1")


class TemplateParams(express.Destructured, fields.List):
    """A template's parameters: an array of strings or numbers; absent or null is none."""

    def __init__(self, **kwargs: Any) -> None:
        messages = {"invalid": ":attribute must be an array of strings"}
        super().__init__(fields.String(), absent=list, null=list, error_messages=messages, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, list) or not all(
            isinstance(item, (str, int, float)) and not isinstance(item, bool) for item in value
        ):
            raise self.make_error("invalid")
        return value  # as sent: a number is its text once the template is filled


def template_params(given: Mapping[str, Any]) -> list[Any]:
    """`given.templateParams`, read where the trigger reads it: after the flow's lookup
    and status, which are answered first."""
    return express.read_value(  # type: ignore[no-any-return]
        TemplateParams(), "templateParams", given, errors.BadRequest
    )
