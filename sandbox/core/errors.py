"""The base of every vendor error, and the contract of a platform's error renderer.

Views never build error JSON. They raise a `VendorError` subclass (one per vendor error,
defined in the platform's `errors.py`); the platform's renderer turns it, and every other
`HTTPException` (routing 404/405, oversized bodies, crashes turned into 500s), into the
vendor's own status, headers and body.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from flask import Response
from werkzeug.exceptions import HTTPException, MethodNotAllowed


class VendorError(HTTPException):
    """An error exactly as a vendor answers it: status, body and extra headers.

    `body` is whatever the renderer needs (a message, a dict of field errors, ...);
    subclasses fix `code` and usually build `body` from their own arguments.
    """

    code = 400
    #: The vendor keeps what the request wrote before this error (most roll back).
    keeps_changes = False

    def __init__(
        self,
        body: Any = None,
        *,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(description=body if isinstance(body, str) else None)
        if status is not None:
            self.code = status
        self.body = body
        self.extra_headers: dict[str, str] = dict(headers or {})


class ErrorRenderer(Protocol):
    def __call__(self, error: HTTPException) -> Response: ...


def allowed_methods(error: HTTPException) -> list[str] | None:
    """The methods a 405 allows, in a stable order, or None for any other error."""
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
        return sorted(set(error.valid_methods), key=lambda m: (order.index(m), m))
    return None


def error_headers(error: HTTPException) -> dict[str, str]:
    """Headers every rendering of `error` must carry: `Allow` on a 405, and the error's own."""
    headers: dict[str, str] = {}
    methods = allowed_methods(error)
    if methods:
        headers["Allow"] = ", ".join(methods)
    if isinstance(error, VendorError):
        headers.update(error.extra_headers)
    return headers
