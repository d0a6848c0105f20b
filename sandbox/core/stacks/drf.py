"""Django REST Framework's request handling (RapidPro's stack), rebuilt on webargs and
marshmallow.

- `Stack.read()` is what a DRF view sees: the query string parsed at once, the body a
  `RequestBody` parsed when the view asks (DRF resolves the object the URL names before
  it reads the body, so an unknown object answers 404 even when the body is invalid).
- `DRFParser` reads bodies the way DRF's parsers do (JSON, form, multipart; empty body is
  `{}`; unknown media types 415) and reports validation errors in DRF's shape.
- `Char`, `ListOf`, `DictOf` and `Choice` are marshmallow fields with DRF's coercions and
  messages.
- `Stack.paginate` is a cursor paginator with DRF's `{"next", "previous", "results"}`
  envelope (`drf_pagination`, whose names are importable from here too).

The stack raises the platform's own errors (passed to `Stack`), which its renderer answers
as DRF does. Messages are DRF 3.15's (rest_framework/fields.py, pagination.py,
exceptions.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar, TypeVar

import marshmallow as ma
from flask import Request
from werkzeug.datastructures import MultiDict

from sandbox.core import jsonbody
from sandbox.core.api import RequestBody
from sandbox.core.parsing import SandboxParser
from sandbox.core.stacks.drf_pagination import Page, paginate

# Re-exported: the platforms read pagination through the stack they are built on.
from sandbox.core.stacks.drf_pagination import page_size as page_size
from sandbox.core.stacks.drf_pagination import page_url as page_url

T = TypeVar("T")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
REQUIRED = "This field is required."
NULL = "This field may not be null."
BLANK = "This field may not be blank."
NOT_A_STRING = "Not a valid string."


def _type_name(value: Any) -> str:
    return type(value).__name__


# -- request bodies ------------------------------------------------------------------------


class DRFParser(SandboxParser):
    """webargs parser that behaves like DRF's request parsing and error reporting,
    refusing with the errors of its `Stack`."""

    DEFAULT_VALIDATION_STATUS = 400
    # Every location ignores unknown keys, as DRF serializers do.
    DEFAULT_UNKNOWN_BY_LOCATION = dict.fromkeys(
        ("json", "form", "json_or_form", "query", "querystring", "headers", "cookies", "files"),
        ma.EXCLUDE,
    )

    def __init__(self, stack: Stack) -> None:
        super().__init__()
        self.stack = stack
        # One decoder for every body: json.loads builds a new one per call when given options.
        self._decoder = json.JSONDecoder(parse_constant=self._json_constant)

    def _json_constant(self, name: str) -> float:
        # DRF's STRICT_JSON (its default) refuses NaN and Infinity; a platform may turn it off.
        if self.stack.strict_json():
            raise ValueError(f"Out of range float values are not JSON compliant: {name!r}")
        return float(name)

    def load_json(self, req: Request, schema: ma.Schema) -> Any:
        raw = req.get_data(cache=True)
        media_type = req.mimetype
        if not media_type or not raw:
            return {}  # DRF: no body or no content type parses to empty data
        if media_type in FORM_TYPES:
            return _form_data(req.form, schema)
        if media_type != "application/json":  # DRF's JSONParser takes nothing else
            raise self.stack.unsupported_media_type(req.content_type or media_type)
        try:
            text = raw.decode("utf-8")
            if text.startswith("\ufeff"):  # what json.loads says, the shared decoder does not
                raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
            data = jsonbody.decode(text, self._decoder)
        except jsonbody.LoneSurrogate as error:
            # Python reads it, Postgres cannot store it (a 500 upstream): refused before
            # anything is stored, in the words Python's decoder has for a bad \u escape.
            bad_escape = json.JSONDecodeError("Invalid \\uXXXX escape", text, error.position + 1)
            raise self.stack.parse_error(str(bad_escape)) from error
        except (ValueError, UnicodeDecodeError) as error:
            # Also nesting too deep for the decoder (upstream's RecursionError is a 500,
            # it is no ValueError) and an integer over Python's 4,300 digits (DRF's own
            # answer since Python 3.11): both with Python's message.
            raise self.stack.parse_error(str(error)) from error
        if not isinstance(data, dict):
            raise self.stack.invalid(
                {"non_field_errors": ["Request body should be a single JSON object"]}
            )
        return data

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):  # type: ignore[no-untyped-def]
        messages = error.messages
        if isinstance(messages, dict) and len(messages) == 1:
            # webargs nests the messages under the location name ("json", "query").
            (location, inner), *_ = messages.items()
            if location in self.__location_map__ and isinstance(inner, dict):
                messages = inner
        if isinstance(messages, dict):
            # DRF reports fields in declaration order, whichever check failed them.
            order = {name: index for index, name in enumerate(schema.fields)}
            messages = dict(sorted(messages.items(), key=lambda kv: order.get(kv[0], len(order))))
        raise self.stack.invalid(drf_errors(messages))


def _form_data(form: MultiDict[str, str], schema: ma.Schema) -> dict[str, Any]:
    """Form fields, with repeated keys as lists for list fields (DRF's QueryDict.getlist)."""
    data: dict[str, Any] = {}
    for key in form:
        field = schema.fields.get(key)
        is_list = isinstance(field, ma.fields.List) or (
            field is not None and field.metadata.get("type") == "array"
        )
        data[key] = form.getlist(key) if is_list else form.get(key)
    return data


def drf_errors(messages: Any) -> Any:
    """marshmallow messages in DRF's shape: `_schema` is `non_field_errors`, keys are strings."""
    if isinstance(messages, dict):
        return {
            ("non_field_errors" if key == "_schema" else str(key)): drf_errors(value)
            for key, value in messages.items()
        }
    return messages


# -- fields ----------------------------------------------------------------------------------


class Char(ma.fields.Field):
    """DRF's CharField: numbers become strings, other non-strings are refused; trims;
    collects length and NUL-character errors together."""

    def __init__(
        self,
        *,
        max_length: int | None = None,
        min_length: int | None = None,
        allow_blank: bool = False,
        allow_null: bool = False,
        trim: bool = True,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("metadata", {})
        # DRF's CharField takes numbers too (and stores them as text): the spec says so, or
        # a checker would expect the vendor to refuse them.
        kwargs["metadata"].setdefault("anyOf", [{"type": "string"}, {"type": "number"}])
        _document_length(kwargs["metadata"], min_length, max_length, trim)
        if allow_null:
            kwargs["metadata"].setdefault("nullable", True)
        super().__init__(
            allow_none=allow_null, error_messages={"required": REQUIRED, "null": NULL}, **kwargs
        )
        self.max_length = max_length
        self.min_length = min_length
        self.allow_blank = allow_blank
        self.trim = trim

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ma.ValidationError(NOT_A_STRING)
        text = str(value)
        if text == "" or (self.trim and text.strip() == ""):
            if not self.allow_blank:
                raise ma.ValidationError(BLANK)
            return ""
        if self.trim:
            text = text.strip()
        errors = self.validator_errors(text)
        if self.max_length is not None and len(text) > self.max_length:
            errors.append(f"Ensure this field has no more than {self.max_length} characters.")
        if self.min_length is not None and len(text) < self.min_length:
            errors.append(f"Ensure this field has at least {self.min_length} characters.")
        if "\x00" in text:
            errors.append("Null characters are not allowed.")
        if errors:
            raise ma.ValidationError(errors)
        return text

    def validator_errors(self, text: str) -> list[str]:
        """Errors of validators DRF runs before its own length checks (a field's
        `validators=[...]`, e.g. uniqueness); all are reported together."""
        return []


def _document_length(
    metadata: dict[str, Any], min_length: int | None, max_length: int | None, trim: bool
) -> None:
    """Length limits in the spec. DRF checks them after trimming whitespace, so for a
    trimmed field a longer raw value can be valid: the limit goes in the description, where
    it cannot make a checker call the vendor wrong."""
    if trim:
        parts = []
        if min_length is not None:
            parts.append(f"at least {min_length}")
        if max_length is not None:
            parts.append(f"at most {max_length}")
        if parts:
            note = f"{' and '.join(parts).capitalize()} characters after trimming whitespace."
            metadata["description"] = f"{metadata.get('description', '')} {note}".strip()
        return
    if max_length is not None:
        metadata.setdefault("maxLength", max_length)
    if min_length is not None:
        metadata.setdefault("minLength", min_length)


class SizeLimited:
    """An item limit, checked before the items (Weni's validate_size) or after them (DRF's
    MaxLengthValidator), documented under `SIZE_KEYWORD`; the field takes DRF's messages.
    Subclasses override `size_rule` when the rule depends on context."""

    SIZE_KEYWORD: ClassVar[str]

    def __init__(
        self,
        *args: Any,
        max_items: int | None = None,
        limit_message: str = "",
        limit_first: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("metadata", {})
        if max_items is not None:
            kwargs["metadata"].setdefault(self.SIZE_KEYWORD, max_items)
        kwargs["error_messages"] = {"required": REQUIRED, "null": NULL}
        super().__init__(*args, **kwargs)  # the marshmallow field's
        self.max_items = max_items
        self.limit_message = limit_message
        self.limit_first = limit_first

    def size_rule(self) -> tuple[bool, str]:
        """(check before the items?, message)."""
        return self.limit_first, self.limit_message

    def _check_size(self, value: Any) -> None:
        if self.max_items is not None and len(value) > self.max_items:
            raise ma.ValidationError(self.size_rule()[1])

    def _within_limit(self, value: Any, read_items: Callable[[], T]) -> T:
        """`read_items()`, with the size checked before or after it as the rule says."""
        limit_first = self.size_rule()[0]
        if limit_first:
            self._check_size(value)
        result = read_items()
        if not limit_first:
            self._check_size(value)
        return result


class ListOf(SizeLimited, ma.fields.List):
    """DRF's ListField, with an item limit: `ListOf(child, max_items=...)`."""

    SIZE_KEYWORD = "maxItems"

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[Any]:
        if isinstance(value, (str, Mapping)) or not isinstance(value, Sequence):
            raise ma.ValidationError(
                f'Expected a list of items but got type "{_type_name(value)}".'
            )
        items = list(value)
        return self._within_limit(
            value, lambda: super(ListOf, self)._deserialize(items, attr, data, **kwargs)
        )


class DictOf(SizeLimited, ma.fields.Dict):
    """DRF's DictField (string keys), with an item limit: `DictOf(values, max_items=...)`."""

    SIZE_KEYWORD = "maxProperties"

    def __init__(self, values: ma.fields.Field, **kwargs: Any) -> None:
        super().__init__(keys=ma.fields.String(), values=values, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dict:
        if not isinstance(value, Mapping):
            raise ma.ValidationError(
                f'Expected a dictionary of items but got type "{_type_name(value)}".'
            )
        return self._within_limit(value, lambda: self._values(value))

    def _values(self, value: Mapping[Any, Any]) -> dict[str, Any]:
        errors: dict[str, Any] = {}
        result: dict[str, Any] = {}
        for key, item in value.items():
            try:
                result[str(key)] = self.value_field.deserialize(item)  # type: ignore[union-attr]
            except ma.ValidationError as error:
                errors[str(key)] = error.messages
        if errors:
            raise ma.ValidationError(errors)
        return result


class Choice(ma.fields.Field):
    """DRF's ChoiceField."""

    def __init__(self, choices: Sequence[str], **kwargs: Any) -> None:
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].setdefault("type", "string")
        kwargs["metadata"].setdefault("enum", list(choices))
        super().__init__(error_messages={"required": REQUIRED, "null": NULL}, **kwargs)
        self.choices = tuple(choices)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if str(value) in self.choices:
            return str(value)
        raise ma.ValidationError(f'"{value}" is not a valid choice.')


# -- the stack -----------------------------------------------------------------------------


def _strict() -> bool:
    return True


class Stack:
    """DRF as one platform's operations see it, refusing with the platform's errors:

    - `parse_error(reason)`: a body that does not parse (400 "JSON parse error - ...");
    - `unsupported_media_type(media_type)`: a body no parser takes (415);
    - `invalid(errors)`: serializer errors, `{field: [messages]}` (400);
    - `not_found(message)`: what DRF's `NotFound` says (an invalid cursor, 404);
    - `strict_json()`: whether NaN and Infinity are refused (DRF's STRICT_JSON), asked per
      body.
    """

    def __init__(
        self,
        *,
        parse_error: Callable[[str], Exception],
        unsupported_media_type: Callable[[str], Exception],
        invalid: Callable[[Any], Exception],
        not_found: Callable[[str], Exception],
        strict_json: Callable[[], bool] = _strict,
    ) -> None:
        self.parse_error = parse_error
        self.unsupported_media_type = unsupported_media_type
        self.invalid = invalid
        self.not_found = not_found
        self.strict_json = strict_json
        self.parser = DRFParser(self)

    def read(self, schema: type[ma.Schema] | ma.Schema, location: str) -> Any:
        """The query string (or another location) parsed by `schema` now; for "json", a
        `RequestBody` the view parses once it has resolved the URL's object, as DRF does."""
        if location == "json":
            if not isinstance(schema, type):
                raise TypeError("a DRF body is read with its serializer class")
            return RequestBody(self.parser, schema, 400)
        # The class itself: the parser shares one instance of it, and picks a query's plain
        # strings without a marshmallow load.
        return self.parser.parse(schema, location=location)

    def paginate(
        self,
        items: Sequence[Any],
        position: Callable[[Any], str],
        cursor: str | None,
        page_size: int,
        invalid_cursor: str,
    ) -> Page:
        """`paginate`, an undecodable cursor answered `not_found(invalid_cursor)`."""
        return paginate(items, position, cursor, page_size, lambda: self.not_found(invalid_cursor))
