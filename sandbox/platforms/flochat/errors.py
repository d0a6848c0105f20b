"""Flochat (UChat) errors: Laravel's JSON `{"message": ...}` (platforms.md §A.3).

The vendor documents `400 {"message": "Error message"}` for every operation. Routing
errors and the auth failure are Laravel's defaults, which the vendor does not document
(hence `assumed` wherever they appear in the spec).
"""

from __future__ import annotations

from datetime import datetime

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


#: Laravel's stock `api` rate limiter (`Limit::perMinute(60)` in RouteServiceProvider): the
#: limit a 429 names when it is given none (assumed: the vendor records no rate limit).
API_LIMIT = 60
#: ThrottleRequestsException's message.
TOO_MANY_ATTEMPTS = "Too Many Attempts."


class TooManyAttempts(FlochatError):
    """Laravel's ThrottleRequests middleware refusing a request (assumed: not documented):
    429 `{"message": "Too Many Attempts."}` with the headers of its `getHeaders()`, in
    its order: the limit, none remaining, `Retry-After` and the Unix time it is over."""

    code = 429

    def __init__(self, retry_after: int, limit: int, now: datetime) -> None:
        super().__init__(TOO_MANY_ATTEMPTS)
        self.extra_headers.update(
            {
                "X-RateLimit-Limit": str(limit),
                "X-RateLimit-Remaining": "0",
                "Retry-After": str(retry_after),
                # availableAt(): the current Unix time (whole seconds) plus the delay.
                "X-RateLimit-Reset": str(int(now.timestamp()) + retry_after),
            }
        )


def too_many_requests(
    retry_after: int, limit: int = API_LIMIT, *, now: datetime | None = None
) -> TooManyAttempts:
    """`Platform.too_many_requests`: Laravel's 429, its reset time on the sandbox clock
    (the current request's, unless `now` is given)."""
    if now is None:
        from sandbox.core.sandbox import current_sandbox  # the request's sandbox

        now = current_sandbox().clock.now()
    return TooManyAttempts(retry_after, limit, now)


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
