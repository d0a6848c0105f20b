"""FlowBot AI errors: `{"error": "Human-readable error message"}` (seed 001, platforms.md §D.1).

The vendor documents the envelope, not its statuses or messages: those below are what an
Express API of its kind answers (400 bad input, 401 no or bad credentials, 403 not
allowed, 404 unknown object, 413 / 415 for uploads), marked `assumed` in the spec. Errors
that WhatsApp itself gives (the 24-hour window, templates) carry Meta's code and title in
the message, as the Graph API words them (platforms.md §D.2).
"""

from __future__ import annotations

from functools import partial

from flask import Response, jsonify
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException

from sandbox.core.errors import VendorError
from sandbox.core.stacks import express_rate_limit

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


def render(error: HTTPException) -> Response:
    if isinstance(error, express_rate_limit.RateLimited):
        return express_rate_limit.render(error)
    # Routing errors (and anything werkzeug raises) keep their standard reason phrase,
    # as Express error handlers that send `err.message` do.
    message = error.body if isinstance(error, FlowBotError) else error.name
    response = jsonify({"error": message})
    response.status_code = error.code or 500
    return response
