"""FlowBot AI errors: `{"error": "Human-readable error message"}` (seed 001, platforms.md §D.1).

The vendor documents the envelope, not its statuses or messages: those below are what an
Express API of its kind answers (400 bad input, 401 no or bad credentials, 403 not
allowed, 404 unknown object, 413 / 415 for uploads), marked `assumed` in the spec. Errors
that WhatsApp itself gives (the 24-hour window, templates) carry Meta's code and title in
the message, as the Graph API words them (platforms.md §D.2).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from flask import Response, jsonify
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from sandbox.core.errors import VendorError

# WhatsApp Cloud API errors (Graph API `message` = "(#<code>) <title>"), relayed in FlowBot's
# envelope with Meta's details appended so an integrator sees why.
RE_ENGAGEMENT = (
    "(#131047) Re-engagement message: Message failed to send because more than 24 hours "
    "have passed since the customer last replied to this number."
)
TEMPLATE_PARAMS = (
    "(#132000) Number of parameters does not match the expected number of params: "
    "template {name} ({language}) expects {expected}, got {given}."
)
TEMPLATE_TRANSLATION = (
    "(#132001) Template name does not exist in the translation: {name} ({language})."
)

#: A phone number that is not E.164; `{phone}` is Python's text of the value sent.
INVALID_PHONE = "Invalid phone number: {phone}. Use E.164 format, e.g. +972501234567"


class ErrorSchema(Schema):
    error = fields.String(required=True, metadata={"example": "Human-readable error message"})


class FlowBotError(VendorError):
    """`{"error": <message>}` with the class's status (400 unless a subclass says)."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message, status=status)


class BadRequest(FlowBotError):
    code = 400


class Unauthorized(FlowBotError):
    code = 401

    def __init__(self, message: str = "Authentication required") -> None:
        super().__init__(message)


class Forbidden(FlowBotError):
    code = 403


class NotFound(FlowBotError):
    code = 404


class PayloadTooLarge(FlowBotError):
    code = 413


class UnsupportedMediaType(FlowBotError):
    code = 415


# -- the catalogue: each call is a fresh error with its fixed message ----------------------

invalid_json = partial(BadRequest, "Invalid JSON body")
# body-parser's PayloadTooLarge message (type `entity.too.large`), handed on as is.
too_large = partial(PayloadTooLarge, "request entity too large")
invalid_token = partial(Unauthorized, "Invalid or expired token")
invalid_signature = partial(Unauthorized, "Invalid signature")
token_not_for_flow = partial(Forbidden, "This token is not valid for this flow")
admin_required = partial(Forbidden, "Admin access required")
flow_not_found = partial(NotFound, "Flow not found")
conversation_not_found = partial(NotFound, "Conversation not found")
template_not_found = partial(NotFound, "Template not found")
re_engagement = partial(BadRequest, RE_ENGAGEMENT)


#: express-rate-limit's defaults (v7): `limit` 5 per `windowMs` 60,000, and its `message`,
#: sent with `res.send()` (text/html). Assumed: FlowBot AI records no rate limit; this is what
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
    # Routing errors (and anything werkzeug raises) keep their standard reason phrase,
    # as Express error handlers that send `err.message` do.
    message = error.body if isinstance(error, FlowBotError) else error.name
    response = jsonify({"error": message})
    response.status_code = error.code or 500
    return response
