"""Laravel's request validation, the way the vendor's controllers use it.

A controller reads `$request->input()`: the query string merged with the JSON (or form)
body, whatever the HTTP method, so DELETE bodies and GET queries are read alike. Its rules
stop at the first failure, answered `400 {"message": ...}` in Laravel's own words, with
the attribute's underscores read as spaces ("The user ns field is required."). Messages
keep Laravel's `:attribute` placeholder until then (marshmallow formats `{...}` itself).

The vendor documents that errors are `400 {"message": ...}`; the texts are Laravel's
default validation messages (the vendor's own rules are not published).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

from flask import request
from marshmallow import EXCLUDE, Schema, ValidationError, fields

from sandbox.core import jsonbody

REQUIRED = "The :attribute field is required."
MESSAGES = {
    "string": "The :attribute must be a string.",
    "integer": "The :attribute must be an integer.",
    "numeric": "The :attribute must be a number.",
    "boolean": "The :attribute field must be true or false.",
    "array": "The :attribute must be an array.",
    "email": "The :attribute must be a valid email address.",
    "in": "The selected :attribute is invalid.",
    "date": "The :attribute is not a valid date.",
}


#: PHP's integers are 64-bit: the `integer` rule refuses anything beyond them.
PHP_INT_MAX = 2**63 - 1
PHP_INT_MIN = -(2**63)


def _messages(kind: str) -> dict[str, str]:
    # "special" (NaN, Infinity) and "too_large" are marshmallow's own refusals of numbers:
    # Laravel reads those values as not numeric at all.
    invalid = MESSAGES[kind]
    return {
        "required": REQUIRED,
        "null": REQUIRED,
        "invalid": invalid,
        "special": invalid,
        "too_large": invalid,
    }


def _optional_is_nullable(kwargs: dict[str, Any], required: bool) -> None:
    """An optional field takes null as "not given" (unless told otherwise), so its documented
    `enum`, if any, lists null too: OpenAPI 3.0's `nullable` does not widen an `enum`."""
    kwargs.setdefault("allow_none", not required)
    metadata = kwargs.get("metadata") or {}
    if kwargs["allow_none"] and "enum" in metadata and None not in metadata["enum"]:
        kwargs["metadata"] = {**metadata, "enum": [*metadata["enum"], None]}


class _Rule:
    """A field under one of Laravel's type rules (`RULE`): the rule's messages, and an
    optional field taking null as "not given"."""

    RULE: ClassVar[str]

    def __init__(self, *args: Any, required: bool = False, **kwargs: Any) -> None:
        _optional_is_nullable(kwargs, required)
        super().__init__(  # the marshmallow field's
            *args, required=required, error_messages=_messages(self.RULE), **kwargs
        )


class Text(_Rule, fields.String):
    """Laravel's `string` rule; `required` also refuses an empty string, as Laravel does."""

    RULE = "string"

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs)
        if self.required and text.strip() == "":
            raise ValidationError(REQUIRED)
        return text


#: Laravel's `string` column is VARCHAR(255) and its `text` column holds 65,535 bytes:
#: the `max:` rule the vendor's validation would put in front of each.
VARCHAR_LENGTH = 255
TEXT_LENGTH = 65535


class Varchar(Text):
    """`string|max:255` (or `length`): a value stored in a VARCHAR column. Strict-mode MySQL
    would fail a longer insert; Laravel's rule refuses it first, and the spec says maxLength."""

    def __init__(self, *, length: int = VARCHAR_LENGTH, **kwargs: Any) -> None:
        given = kwargs.pop("validate", None)
        rules = [] if given is None else [given] if callable(given) else list(given)
        metadata = {"maxLength": length, **(kwargs.pop("metadata", None) or {})}
        super().__init__(validate=[*rules, max_length(length)], metadata=metadata, **kwargs)


class LongText(Varchar):
    """`string|max:65535`: a value stored in a TEXT column (a field value, a description)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(length=TEXT_LENGTH, **kwargs)


class Integer(_Rule, fields.Integer):
    """Laravel's `integer` rule (a numeric string such as "5" passes)."""

    RULE = "integer"

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool):
            raise self.make_error("invalid")
        if isinstance(value, float) and not value.is_integer():
            raise self.make_error("invalid")  # 1.0 passes PHP's FILTER_VALIDATE_INT, 1.5 not
        if isinstance(value, str) and value.strip() == "" and self.required:
            raise ValidationError(REQUIRED)
        number = super()._deserialize(value, attr, data, **kwargs)
        if number is not None and not PHP_INT_MIN <= number <= PHP_INT_MAX:
            raise self.make_error("invalid")  # FILTER_VALIDATE_INT refuses what PHP_INT can't hold
        return number


class Number(_Rule, fields.Float):
    """Laravel's `numeric` rule."""

    RULE = "numeric"

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Boolean(_Rule, fields.Boolean):
    """Laravel's `boolean` rule: true, false, 1, 0, "1", "0"."""

    RULE = "boolean"
    truthy = {True, "1", "true"}
    falsy = {False, "0", "false"}


class Array(_Rule, fields.List):
    """Laravel's `array` rule over a list of `inner`, with an optional item limit."""

    RULE = "array"

    def __init__(self, inner: fields.Field, *, max_items: int | None = None, **kwargs: Any) -> None:
        super().__init__(inner, **kwargs)
        self.max_items = max_items

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, list):
            raise self.make_error("invalid")
        if self.required and not value:
            raise ValidationError(REQUIRED)
        if self.max_items is not None and len(value) > self.max_items:
            raise ValidationError(f"The :attribute must not have more than {self.max_items} items.")
        return super()._deserialize(value, attr, data, **kwargs)


class Object(_Rule, fields.Dict):
    """Laravel's `array` rule applied to a JSON object."""

    RULE = "array"


def one_of(choices: Iterable[str]) -> Callable[[Any], None]:
    """Laravel's `in:` rule."""
    allowed = tuple(choices)

    def validate(value: Any) -> None:
        if value is not None and value not in allowed:
            raise ValidationError(MESSAGES["in"])

    return validate


def between(low: float, high: float) -> Callable[[Any], None]:
    """Laravel's `between:` rule on a number."""

    def validate(value: Any) -> None:
        if value is not None and not low <= value <= high:
            raise ValidationError(
                f"The :attribute must be between {_number(low)} and {_number(high)}."
            )

    return validate


def at_least(low: float) -> Callable[[Any], None]:
    """Laravel's `min:` rule on a number."""

    def validate(value: Any) -> None:
        if value is not None and value < low:
            raise ValidationError(f"The :attribute must be at least {_number(low)}.")

    return validate


def max_length(length: int) -> Callable[[Any], None]:
    """Laravel's `max:` rule on a string."""

    def validate(value: Any) -> None:
        if value is not None and len(value) > length:
            raise ValidationError(f"The :attribute must not be greater than {length} characters.")

    return validate


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


class Input(Schema):
    """The rules of one operation's input (or of the items of an array in it). Unknown
    keys are ignored, as Laravel does; `load()` answers the first failing rule with 400."""

    class Meta:
        unknown = EXCLUDE


def first_message(messages: Any, path: tuple[str, ...] = ()) -> str:
    """The first message of marshmallow's error tree, in Laravel's words."""
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            if key == "_schema":
                return first_message(value, path)
            return first_message(value, (*path, str(key)))
    if isinstance(messages, list) and messages:
        return first_message(messages[0], path)
    attribute = ".".join(path).replace("_", " ")
    return str(messages).replace(":attribute", attribute)


def request_input() -> dict[str, Any]:
    """`$request->input()`: the query string, overridden by the JSON or form body."""
    data: dict[str, Any] = {key: request.args.get(key) for key in request.args}
    if request.mimetype == "application/json" or request.is_json:
        body = _json_body()
        if isinstance(body, dict):
            data.update(body)
    elif request.form:
        data.update({key: request.form.get(key) for key in request.form})
    return data


#: How deep `json_decode` nests (its `$depth` default, which Laravel's `Request::json()`
#: keeps): a deeper body fails with JSON_ERROR_DEPTH. The sandbox, which stores some
#: values as they are sent, reads less (jsonbody.MAX_DEPTH), the same way.
PHP_JSON_DEPTH = 512
_DEPTH = min(PHP_JSON_DEPTH, jsonbody.MAX_DEPTH)


def _php_number(digits: str) -> int | float:
    """How `json_decode` reads an integer: one that PHP_INT cannot hold is a float (INF
    beyond 1e308). Used only for a body with an integer Python does not convert."""
    if len(digits.lstrip("-")) <= 19 and PHP_INT_MIN <= int(digits) <= PHP_INT_MAX:
        return int(digits)
    return float(digits)


def _not_php_json(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # json_decode: a syntax error


_DECODER = json.JSONDecoder(parse_constant=_not_php_json)
_LONG_NUMBERS = json.JSONDecoder(parse_constant=_not_php_json, parse_int=_php_number)


def _json_body() -> Any:
    """`json_decode($content, true)`, or None where it fails: Laravel then reads the body
    as no input at all. It fails on malformed UTF-8, bad syntax (NaN and Infinity
    included), nesting deeper than PHP_JSON_DEPTH (the sandbox's own limit, lower) and a
    lone surrogate escape (JSON_ERROR_UTF16); an integer too long for Python is PHP's
    float."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return None
    try:
        text = raw.decode("utf-8")
        return jsonbody.decode(text, _DECODER, long_numbers=_LONG_NUMBERS, max_depth=_DEPTH)
    except ValueError:  # UnicodeDecodeError, JSONDecodeError and jsonbody.Refused too
        return None


def load(schema: type[Schema] | Schema, refuse: Callable[[str], Exception]) -> dict[str, Any]:
    """Validate the request's input with `schema`; a failure raises `refuse(message)`, the
    platform's own error for Laravel's first failing rule."""
    instance = schema() if isinstance(schema, type) else schema
    try:
        result: dict[str, Any] = instance.load(request_input())
    except ValidationError as error:
        # Raised here, not in the schema: nested item schemas report their path in it.
        raise refuse(first_message(error.messages)) from None
    return result


class Stack:
    """Laravel as one platform's operations see it: `read()` is `load()` with the
    platform's error (whatever the location: `$request->input()` merges them all)."""

    def __init__(self, refuse: Callable[[str], Exception]) -> None:
        self.refuse = refuse

    def read(self, schema: type[Schema] | Schema, location: str) -> dict[str, Any]:
        return load(schema, self.refuse)
