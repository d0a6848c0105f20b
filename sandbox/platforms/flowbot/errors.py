"""FlowBot AI errors: `{"error": "Human-readable error message"}` (platforms.md §D.1)."""

from __future__ import annotations

from flask import Response, jsonify
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from sandbox.core.errors import VendorError


class ErrorSchema(Schema):
    error = fields.String(required=True, metadata={"example": "Human-readable error message"})


class FlowBotError(VendorError):
    def __init__(self, message: str) -> None:
        super().__init__(message)


class Unauthorized(FlowBotError):
    code = 401

    def __init__(self) -> None:
        super().__init__("Unauthorized")


def render(error: HTTPException) -> Response:
    message = error.body if isinstance(error, FlowBotError) else error.name
    response = jsonify({"error": message})
    response.status_code = error.code or 500
    return response
