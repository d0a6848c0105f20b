"""PHP CodeIgniter 3, the way a vendor's REST controller uses it (XeroChat).

- Routing: `/api/<method>[/<segment>...]` reaches the controller's method whatever the
  HTTP method (the controller never checks it), with a trailing slash or not, and with
  the method name in any case (PHP's method names ignore case). The first segment after
  the name is the method's argument; others are ignored. A name the controller lacks is
  CodeIgniter's HTML 404 (`Controller.dispatch` raises werkzeug's NotFound).
- Before routing, CodeIgniter refuses a URI with a character outside
  `permitted_uri_chars` (`Stack.check_uri`: werkzeug's BadRequest, with its message).
- Input: `$_GET` is the query string; `$_POST` the form body of a POST request (of no
  other method: PHP fills `$_POST` only for POST). `Stack.read(schema, location)` reads
  one of them through the operation's schema, whose fields are PHP's: every value a
  string, nothing refused, a missing value simply absent (the controller's own checks,
  with its own messages, decide what is missing). `php_int` is PHP's `(int)` cast.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import request
from marshmallow import EXCLUDE, Schema, fields
from werkzeug.exceptions import BadRequest, NotFound

#: CodeIgniter's message for a URI with characters outside permitted_uri_chars.
DISALLOWED_URI = "The URI you submitted has disallowed characters."
# CodeIgniter's default permitted_uri_chars ('a-z 0-9~%.:_+-', case-insensitive), checked
# per segment.
URI_CHARS = r"a-zA-Z 0-9~%.:_+\-"
_PERMITTED = re.compile(rf"^[{URI_CHARS}]*$")
_LEADING_INT = re.compile(r"^\s*([+-]?\d+)")
#: PHP's integers are 64-bit.
PHP_INT_MAX = 2**63 - 1
PHP_INT_MIN = -(2**63)


def php_int(value: Any) -> int:
    """PHP's `(int)` cast of a request value (MySQL reads a string compared with a number
    the same way): its leading integer, else 0 ("12abc" -> 12, "abc" -> 0), saturated at
    PHP's 64-bit limits."""
    if isinstance(value, int):
        return value
    match = _LEADING_INT.match(str(value or ""))
    if not match:
        return 0
    digits = match.group(1)
    # Saturated on the length first: int() refuses more than 4,300 digits (a 500 otherwise).
    if len(digits.lstrip("+-")) > 19:
        return PHP_INT_MIN if digits.startswith("-") else PHP_INT_MAX
    return max(PHP_INT_MIN, min(PHP_INT_MAX, int(digits)))


# -- PHP's request values, as schema fields ---------------------------------------------------


class Input(Schema):
    """`$_GET` / `$_POST` as a controller reads them: the fields it looks at, whatever is
    there. A missing required parameter is the controller's business (with its own
    message), never a validation error, so loading is always partial."""

    class Meta:
        unknown = EXCLUDE

    def load(self, data: Any, *, many: Any = None, partial: Any = None, unknown: Any = None) -> Any:
        return super().load(data, many=many, partial=True, unknown=unknown)


class Text(fields.String):
    """A request value: always a string in PHP (a number is its digits as sent), never
    refused; documented as a string."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        return value if isinstance(value, str) else str(value)


# -- the stack -----------------------------------------------------------------------------


class Stack:
    """CodeIgniter as one platform's operations see it."""

    def given(self, location: str) -> dict[str, str]:
        """`$_GET` ("query") or `$_POST` ("form"), a repeated key's first value."""
        if location == "query":
            return request.args.to_dict()
        if location == "form":
            return request.form.to_dict() if request.method == "POST" else {}
        raise ValueError(f"CodeIgniter reads no {location!r} input")

    def read(self, schema: type[Schema] | Schema, location: str) -> dict[str, Any]:
        """`$_GET` or `$_POST` read by `schema` (an `Input`: it refuses nothing)."""
        instance = schema() if isinstance(schema, type) else schema
        result: dict[str, Any] = instance.load(self.given(location))
        return result

    def check_uri(self) -> None:
        """CodeIgniter refuses a URI with a character outside permitted_uri_chars before
        it routes it: for every method and URL."""
        if not all(_PERMITTED.match(segment) for segment in request.path.split("/")):
            raise BadRequest(DISALLOWED_URI)


@dataclass(frozen=True)
class Route:
    """One controller method: its view, the method its vendor documents (so where it
    reads its input: `$_GET` for GET, `$_POST` for POST), whether a URI segment is its
    argument, and whatever the platform notes of it (who may call it)."""

    view: Callable[..., Any]
    method: str
    path_id: bool = False
    notes: Mapping[str, Any] | None = None

    @property
    def location(self) -> str:
        return "query" if self.method == "get" else "form"


class Controller:
    """A REST controller's methods under one prefix (`/api`), routed as CodeIgniter does."""

    def __init__(self, prefix: str = "api") -> None:
        self.prefix = prefix
        self.routes: dict[str, Route] = {}

    def add(self, name: str, route: Route) -> None:
        self.routes[name.lower()] = route

    def resolve(self, path: str) -> tuple[Route, dict[str, str]] | None:
        """The method `path` reaches (`/api/<name>[/<id>]...`) and its argument, or None
        (CodeIgniter's 404)."""
        segments = path.split("/")[1:]  # "/api/name/" has the argument ""
        if len(segments) < 2 or segments[0] != self.prefix:
            return None
        route = self.routes.get(segments[1].lower())
        if route is None:
            return None
        if not route.path_id:
            return route, {}
        return route, {"id": segments[2] if len(segments) > 2 else ""}

    def dispatch(self, rest: str) -> Any:
        """The view of `/<prefix>/<rest>` with any HTTP method."""
        found = self.resolve(f"/{self.prefix}/{rest}")
        if found is None:
            raise NotFound()
        route, path = found
        return route.view(**path)
