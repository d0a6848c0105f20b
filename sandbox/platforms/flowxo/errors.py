"""Flow XO errors: `{"message": ...}` with the HTTP status.

No public source records the API's error bodies or statuses (platforms.md §C.2), so every
error here is `assumed`: it is what the vendor's Node.js / Express stack most plausibly
answers (`res.status(code).json({message})`): 401 for a missing or unknown API key, 400 for
a body or query that cannot be used, 404 for an id that names nothing. The messages are the
sandbox's own wording, collected in one catalogue so docs/flowxo-fidelity.md can list them.
"""

from __future__ import annotations

from flask import Response, jsonify
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from sandbox.core.errors import VendorError
from sandbox.core.stacks import express, express_rate_limit

# -- the message catalogue ---------------------------------------------------------------

# What the Express stack refuses (a body that does not parse, a value of the wrong type)
# is worded in sandbox/core/stacks/express.py, shared with FlowBot.
UNAUTHORIZED = "Unauthorized"
CONNECTION_NOT_FOUND = "Connection not found"
END_USER_NOT_FOUND = "End user not found"
WORKFLOW_NOT_FOUND = "Workflow not found"


class ErrorSchema(Schema):
    message = fields.String(required=True, metadata={"example": "Connection not found"})


class FlowXOError(VendorError):
    """`{"message": <message>}` with the subclass's status."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class Unauthorized(FlowXOError):
    """A missing, malformed or unknown API key."""

    code = 401

    def __init__(self) -> None:
        super().__init__(UNAUTHORIZED)


class InvalidInput(FlowXOError):
    """A body or query value the endpoint cannot use (or a body that is not JSON)."""

    code = 400


class TooLarge(FlowXOError):
    """A JSON body longer than body-parser's limit (express.json()'s default 100 kB)."""

    code = 413

    def __init__(self) -> None:
        super().__init__(express.TOO_LARGE)


class NotFound(FlowXOError):
    """An id (in the path or the body) that names nothing of this account."""

    code = 404


def render(error: HTTPException) -> Response:
    if isinstance(error, express_rate_limit.RateLimited):
        return express_rate_limit.render(error)
    # A vendor error's own message, else the status name ("Not Found", "Method Not Allowed").
    message = error.body if isinstance(error, FlowXOError) else error.name
    response = jsonify({"message": message})
    response.status_code = error.code or 500
    return response
