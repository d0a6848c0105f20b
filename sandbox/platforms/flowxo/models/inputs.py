"""Reading one request value outside a request, as the routes' schemas read it.

The routes read their input through the documented schemas (`schemas.py`, loaded by the
Express stack); these helpers load a single value with the same fields, for callers that
hold a value rather than a request (the model tests).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow.fields import Field

from sandbox.core.stacks import express
from sandbox.platforms.flowxo.errors import InvalidInput
from sandbox.platforms.flowxo.schemas import ProfileBody

js_number = express.js_number


def _loaded(field: Field, name: str, given: Mapping[str, Any]) -> Any:
    schema = express.Input.from_dict({name: field})()
    return express.load(schema, given, InvalidInput).get(name)


def required_text(body: Mapping[str, Any], name: str) -> str:
    """A required text value (a number is its `String(n)`)."""
    return _loaded(express.Text(required=True), name, body)  # type: ignore[no-any-return]


def profile(body: Mapping[str, Any], *, required: bool) -> dict[str, str | None] | None:
    """The `profile` object's known fields that were sent (None for a blank one), or None
    when the body has none."""
    field = express.Object(ProfileBody, required=required, allow_none=not required)
    return _loaded(field, "profile", body)  # type: ignore[no-any-return]


def integer(args: Mapping[str, str], name: str, default: int, *, minimum: int) -> int:
    """A query integer (`?skip=`, `?limit=`), at least `minimum`."""
    field = express.QueryInteger(minimum=minimum, default=default)
    return _loaded(field, name, args)  # type: ignore[no-any-return]
