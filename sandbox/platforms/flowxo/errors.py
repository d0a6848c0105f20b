"""Flow XO errors. No public source records the API's error bodies (platforms.md §C.2),
so the shape below, `{"message": ...}` with the HTTP status, is `assumed`: it is what the
vendor's Node.js/Express stack most plausibly answers.
"""

from __future__ import annotations

from flask import Response, jsonify
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from sandbox.core.errors import VendorError


class ErrorSchema(Schema):
    message = fields.String(required=True)


class FlowXOError(VendorError):
    def __init__(self, message: str) -> None:
        super().__init__(message)


class Unauthorized(FlowXOError):
    code = 401

    def __init__(self) -> None:
        super().__init__("Unauthorized")


def render(error: HTTPException) -> Response:
    # A vendor error's own message, else the status name ("Not Found", ...).
    message = error.body if isinstance(error, FlowXOError) else error.name
    response = jsonify({"message": message})
    response.status_code = error.code or 500
    return response
