"""The input rules the messaging schemas share: nested objects with Laravel's messages,
`max:` and `regex:` rules, the latest moment and the longest bot pause the sandbox takes,
and a field's value."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields

from sandbox.core.stacks import laravel

NESTED_MESSAGES = {
    "required": laravel.REQUIRED,
    "null": laravel.REQUIRED,
    "type": laravel.MESSAGES["array"],
}


def nested(schema: type[Schema], *, required: bool = False, **kwargs: Any) -> fields.Nested:
    """A JSON object checked by `schema`, with Laravel's messages."""
    return fields.Nested(
        schema,
        required=required,
        allow_none=not required,
        error_messages=NESTED_MESSAGES,
        **kwargs,
    )


class NestedInput(laravel.Input):
    """An object inside the input: not an object answers Laravel's `array` message."""

    error_messages = {"type": laravel.MESSAGES["array"]}


def required_without(first: str, second: str) -> str:
    return (
        f"The {first.replace('_', ' ')} field is required when "
        f"{second.replace('_', ' ')} is not present."
    )


#: The latest moment the sandbox takes (2099-12-31 23:59:59 UTC) and the longest bot pause
#: (100 years): what a Laravel app would store as a date; the vendor states no limit.
LATEST_TIMESTAMP = 4102444799
LONGEST_PAUSE_MINUTES = 100 * 365 * 24 * 60


def at_most(high: int) -> Any:
    """Laravel's `max:` rule on a number."""

    def validate(value: Any) -> None:
        if value is not None and value > high:
            raise ValidationError(f"The :attribute must not be greater than {high}.")

    return validate


class Matches:
    """Laravel's `regex:` rule."""

    def __init__(self, pattern: Any) -> None:
        self.pattern = pattern

    def __call__(self, value: Any) -> None:
        if value is not None and not self.pattern.match(value):
            raise ValidationError("The :attribute format is invalid.")


def field_value() -> fields.Raw:
    """A field's value as any JSON: a text one is `max:65535`, as the TEXT column it goes to."""
    longest = laravel.max_length(laravel.TEXT_LENGTH)

    def validate(value: Any) -> None:
        if isinstance(value, str):
            longest(value)

    return fields.Raw(allow_none=True, validate=validate)
