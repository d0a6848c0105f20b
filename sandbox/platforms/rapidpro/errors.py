"""RapidPro's errors, as Django REST Framework renders them (rapidpro.md §5).

- field errors: `{"<field>": ["msg", ...]}`, nested for list/dict items
  (`{"urns": {"0": [...]}}`), object-level ones under `non_field_errors`;
- everything else (auth, lookups, 404, 405, 409, 415, 429): `{"detail": "..."}`;
- an unknown URL: Django's HTML 404 page (no JSON); a crash: plain-text 500.
"""

from __future__ import annotations

from typing import Any, ClassVar

from flask import Response, jsonify, request
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from sandbox.core.errors import VendorError

# Django's stock 404 body when DEBUG is off and no 404.html template applies.
DJANGO_404 = (
    '\n<!doctype html>\n<html lang="en">\n<head>\n  <title>Not Found</title>\n</head>\n'
    "<body>\n  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n"
    "</body>\n</html>\n"
)
SERVER_ERROR = "Server Error. Site administrators have been notified."


class ErrorSchema(Schema):
    """`{"detail": ...}`, or DRF field errors keyed by field name (or `non_field_errors`)."""

    class Meta:
        unknown = "include"

    detail = fields.String(metadata={"example": "Invalid token"})


class DetailError(VendorError):
    """A DRF APIException: `{"detail": <message>}`, the message its `detail` with the
    values it is raised with (a plain DetailError is raised with its message)."""

    detail: ClassVar[str] = "{}"

    def __init__(self, *values: object, headers: dict[str, str] | None = None) -> None:
        super().__init__(self.detail.format(*values), headers=headers)


class NotAuthenticated(DetailError):
    code = 403  # DRF turns 401 into 403: no authenticator sends WWW-Authenticate (§1)
    detail = "Authentication credentials were not provided."


class AuthenticationFailed(DetailError):
    code = 403


class PermissionDenied(DetailError):
    code = 403

    def __init__(self, detail: str = "You do not have permission to perform this action.") -> None:
        super().__init__(detail)


class ObjectNotFound(DetailError):
    code = 404


class MethodNotAllowedError(DetailError):
    code = 405
    detail = 'Method "{}" not allowed.'


class InvalidQuery(DetailError):
    """A bad URL parameter (temba's InvalidQueryError)."""

    code = 400


class ParseError(DetailError):
    code = 400
    detail = "JSON parse error - {}"


class UnsupportedMediaType(DetailError):
    code = 415
    detail = 'Unsupported media type "{}" in request.'


class LimitReached(DetailError):
    """Upstream RapidPro's workspace limits (409)."""

    code = 409
    detail = "Cannot create object because workspace has reached limit of {}."


class Throttled(DetailError):
    """DRF's Throttled (rest_framework/exceptions.py): the wait rounded up, worded
    "second" when it is 1 (ngettext), and sent in `Retry-After` (DRF's exception handler,
    which leaves the header out when the wait is 0)."""

    code = 429

    def __init__(self, wait: int) -> None:
        unit = "second" if wait == 1 else "seconds"
        detail = f"Request was throttled. Expected available in {wait} {unit}."
        super().__init__(detail, headers={"Retry-After": str(wait)} if wait else None)


def too_many_requests(wait: int) -> Throttled:
    """`Platform.too_many_requests`: DRF's 429 for a client that may retry in `wait` s."""
    return Throttled(wait)


class ValidationFailed(VendorError):
    """DRF's ValidationError: a dict of field errors."""

    code = 400

    def __init__(self, errors: dict[str, Any]) -> None:
        super().__init__(errors)

    @classmethod
    def non_field(cls, message: str) -> ValidationFailed:
        return cls({"non_field_errors": [message]})

    @classmethod
    def on(cls, field: str, message: str) -> ValidationFailed:
        return cls({field: [message]})


def render(error: HTTPException) -> Response:
    if isinstance(error, ValidationFailed):
        response = jsonify(error.body)
    elif isinstance(error, DetailError):
        response = jsonify({"detail": error.body})
    elif isinstance(error, NotFound):
        return Response(DJANGO_404, status=404, mimetype="text/html")
    elif isinstance(error, MethodNotAllowed):
        response = jsonify({"detail": f'Method "{request.method}" not allowed.'})
    elif (error.code or 500) >= 500:
        return Response(SERVER_ERROR, status=500, mimetype="text/plain")
    else:  # werkzeug-level errors such as 413
        response = jsonify({"detail": error.description or error.name})
    response.status_code = error.code or 500
    return response
