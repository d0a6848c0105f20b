"""`GET /api/conversations` and `POST /api/conversations/{id}/reply` (seed 001; the
24-hour window, platforms.md §D.2)."""

from __future__ import annotations

import re
from typing import Any

from flask import request

from sandbox.platforms.flowbot import errors, schemas
from sandbox.platforms.flowbot.express import json_body
from sandbox.platforms.flowbot.models import current_flowbot
from sandbox.platforms.flowbot.models.conversations import summary
from sandbox.platforms.flowbot.routes.common import SEED, UNAUTHORIZED, blp, fails, security

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
_DIGITS = re.compile(r"^\d+$")
_LIST = {"type": "array", "items": schemas.Conversation}


def _limit() -> int:
    value = request.args.get("limit")
    if value is None or value == "":
        return DEFAULT_LIMIT
    # Compared as JavaScript numbers: thousands of digits are Infinity, capped like any
    # large limit (int() refuses more than 4,300 digits: a 500).
    if not _DIGITS.match(value) or float(value) < 1:
        raise errors.BadRequest("limit must be a positive integer")
    return MAX_LIMIT if float(value) >= MAX_LIMIT else int(value)


@blp.route("/api/conversations", methods=["GET"])
@blp.fidelity("documented", f"{SEED} List Conversations; the stats flag and its shape assumed")
@blp.parameters(schemas.ConversationsQuery, location="query")
@blp.doc(
    responses={
        200: {
            "description": "The conversations (most recent activity first); with "
            "`stats=true`, `{conversations, stats}`",
            "content": {
                "application/json": {"schema": {"oneOf": [_LIST, schemas.ConversationsWithStats]}}
            },
        }
    }
)
@fails({400: "limit is not a positive integer (assumed)", 401: UNAUTHORIZED})
@security()
def list_conversations() -> Any:
    """The authenticated user's conversations, with optional statistics."""
    api = current_flowbot()
    limit = _limit()
    with_stats = request.args.get("stats", "").lower() in ("true", "1")
    principal = api.principal
    assert principal is not None and principal.user is not None
    conversations = api.conversations.of_user(principal.user["id"])
    listed = [summary(conversation) for conversation in conversations[:limit]]
    if with_stats:
        return {"conversations": listed, "stats": api.conversations.statistics(conversations)}
    return listed


@blp.route("/api/conversations/<id>/reply", methods=["POST"])
@blp.fidelity("documented", f"{SEED} Send Message to Customer; 131047 outside the window per §D.2")
@blp.parameters(schemas.ReplyBody, location="json")
@blp.response(200, schemas.ReplyAnswer)
@fails(
    {
        400: "An invalid message, a free-form message outside the 24-hour window "
        "((#131047) Re-engagement message), or a template WhatsApp would refuse "
        "((#132000), (#132001)) (assumed)",
        401: UNAUTHORIZED,
        404: "No such conversation (of this user) (assumed)",
    }
)
@security()
def reply(id: str) -> dict[str, Any]:
    """Send a text, image, video, document or template to the customer of a conversation,
    under WhatsApp's 24-hour rule (templates are always allowed)."""
    api = current_flowbot()
    conversation = api.conversations.accessible(id)
    return api.messaging.reply(conversation, json_body())
