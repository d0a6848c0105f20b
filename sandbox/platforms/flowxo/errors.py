"""Flow XO errors: `{"message": ...}` with the HTTP status.

No public source records the API's error bodies or statuses (platforms.md §C.2), so every
error here is `assumed`: it is what the vendor's Node.js / Express stack most plausibly
answers (`res.status(code).json({message})`): 401 for a missing or unknown API key, 400 for
a body or query that cannot be used, 404 for an id that names nothing. The messages are the
sandbox's own wording, collected in one catalogue so docs/flowxo-fidelity.md can list them.
"""

from __future__ import annotations

from datetime import datetime

from flask import Response, jsonify
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from sandbox.core.errors import VendorError
from sandbox.core.stacks import express

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


#: express-rate-limit's defaults (v7): `limit` 5 per `windowMs` 60,000, and its `message`,
#: sent with `res.send()` (text/html). Assumed: Flow XO records no rate limit; this is what
#: the library Express APIs of its kind use would answer.
RATE_LIMIT = 5
RATE_LIMITED = "Too many requests, please try again later."


class RateLimited(VendorError):
    """express-rate-limit refusing a request: 429, its message as text/html, its legacy
    headers (on by default) in its order, then `Retry-After` (seconds to the window's
    reset)."""

    code = 429

    def __init__(self, retry_after: int, limit: int, now: datetime) -> None:
        super().__init__(
            RATE_LIMITED,
            headers={
                "X-RateLimit-Limit": str(limit),
                "X-RateLimit-Remaining": "0",
                # The window's reset as a Unix time in whole seconds.
                "X-RateLimit-Reset": str(int(now.timestamp()) + retry_after),
                "Retry-After": str(retry_after),
            },
        )


def too_many_requests(
    retry_after: int, limit: int = RATE_LIMIT, *, now: datetime | None = None
) -> RateLimited:
    """`Platform.too_many_requests`: express-rate-limit's 429, its reset time on the sandbox
    clock (the current request's, unless `now` is given)."""
    if now is None:
        from sandbox.core.sandbox import current_sandbox  # the request's sandbox

        now = current_sandbox().clock.now()
    return RateLimited(retry_after, limit, now)


def render(error: HTTPException) -> Response:
    if isinstance(error, RateLimited):
        return Response(error.body, status=429, mimetype="text/html")
    # A vendor error's own message, else the status name ("Not Found", "Method Not Allowed").
    message = error.body if isinstance(error, FlowXOError) else error.name
    response = jsonify({"message": message})
    response.status_code = error.code or 500
    return response
