"""The vendor's errors: `{"message": ...}` with the status each names. Views and models
raise them; `render` answers them, and Flask's routing errors (404, 405) the same way."""

from __future__ import annotations

from flask import Response, jsonify
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from sandbox.core.errors import VendorError


class ErrorSchema(Schema):
    message = fields.String(required=True, metadata={"example": "Note not found."})


class NotesError(VendorError):
    """`400 {"message": <message>}` unless a subclass names another status."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class Unauthenticated(NotesError):
    code = 401

    def __init__(self) -> None:
        super().__init__("Unauthenticated.")


class NoteNotFound(NotesError):
    code = 404

    def __init__(self) -> None:
        super().__init__("Note not found.")


def render(error: HTTPException) -> Response:
    if isinstance(error, NotesError):
        message = error.body
    elif isinstance(error, NotFound):
        message = "Not found."
    elif isinstance(error, MethodNotAllowed):
        message = "Method not allowed."  # the core adds the `Allow` header
    else:
        message = "Server Error" if (error.code or 500) >= 500 else (error.description or "")
    response = jsonify({"message": message})
    response.status_code = error.code or 500
    return response
