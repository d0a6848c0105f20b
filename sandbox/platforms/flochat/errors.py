"""Flochat (UChat) errors: Laravel's JSON `{"message": ...}` (platforms.md §A.3).

The vendor documents `400 {"message": "Error message"}` for every operation. Routing
errors and the auth failure are Laravel's defaults, which the vendor does not document
(hence `assumed` wherever they appear in the spec).
"""

from __future__ import annotations

from flask import Response, jsonify, request
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from sandbox.core.errors import VendorError, allowed_methods


class ErrorSchema(Schema):
    message = fields.String(required=True, metadata={"example": "Error message"})


class FlochatError(VendorError):
    """`{"message": <message>}` with the given status (400 unless a subclass says)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class Unauthenticated(FlochatError):
    """Laravel Sanctum's answer to a missing or unknown token (assumed: not documented)."""

    code = 401

    def __init__(self) -> None:
        super().__init__("Unauthenticated.")


class MissingScope(FlochatError):
    """Sanctum's `abilities` middleware refusing a token without the operation's scope
    ("Manage Flow" or "Manage Team"; assumed: not documented)."""

    code = 403

    def __init__(self) -> None:
        super().__init__("Invalid ability provided.")


def render(error: HTTPException) -> Response:
    if isinstance(error, FlochatError):
        message = error.body
    elif isinstance(error, NotFound):
        message = f"The route {request.path.lstrip('/')} could not be found."
    elif isinstance(error, MethodNotAllowed):
        methods = ", ".join(allowed_methods(error) or [])
        message = (
            f"The {request.method} method is not supported for route "
            f"{request.path.lstrip('/')}. Supported methods: {methods}."
        )
    else:
        message = "Server Error" if (error.code or 500) >= 500 else (error.description or "")
    response = jsonify({"message": message})
    response.status_code = error.code or 500
    return response
