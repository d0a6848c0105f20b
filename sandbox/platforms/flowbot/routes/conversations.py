"""`GET /api/conversations` and `POST /api/conversations/{id}/reply` (seed 001; the
24-hour window, platforms.md §D.2)."""

from __future__ import annotations

from typing import Any

from sandbox.platforms.flowbot import schemas
from sandbox.platforms.flowbot.models.api import FlowBot
from sandbox.platforms.flowbot.models.conversations import Conversations, summary
from sandbox.platforms.flowbot.models.messaging import Messaging
from sandbox.platforms.flowbot.routes.common import UNAUTHORIZED, endpoint

_LIST = {"type": "array", "items": schemas.Conversation}


@endpoint(
    "GET /api/conversations",
    source="List Conversations; the stats flag and its shape assumed",
    query=schemas.ConversationsQuery,
    answer={"oneOf": [_LIST, schemas.ConversationsWithStats]},
    description="The conversations (most recent activity first); with `stats=true`, "
    "`{conversations, stats}`",
    errors={400: "limit is not a positive integer (assumed)", 401: UNAUTHORIZED},
)
def list_conversations(api: FlowBot, query: dict[str, Any]) -> Any:
    """The authenticated user's conversations, with optional statistics."""
    limit, with_stats = query["limit"], query["stats"]
    user = api.user
    assert user is not None  # this operation takes a user's credentials only
    # Without statistics only the page is needed: the model reads just that many.
    conversations = Conversations(api).of_user(user["id"], None if with_stats else limit)
    listed = [summary(conversation) for conversation in conversations[:limit]]
    if with_stats:
        return {"conversations": listed, "stats": Conversations(api).statistics(conversations)}
    return listed


def _accessible_first(api: FlowBot, id: str) -> None:
    # The handler finds the conversation before it reads the body: its 404 comes first.
    Conversations(api).accessible(id)


@endpoint(
    "POST /api/conversations/<id>/reply",
    source="Send Message to Customer; 131047 outside the window per §D.2",
    body=schemas.ReplyBody,
    answer=schemas.ReplyAnswer,
    errors={
        400: "An invalid message, a free-form message outside the 24-hour window "
        "((#131047) Re-engagement message), or a template WhatsApp would refuse "
        "((#132000), (#132001)) (assumed)",
        401: UNAUTHORIZED,
        404: "No such conversation (of this user) (assumed)",
    },
    before_input=_accessible_first,
)
def reply(api: FlowBot, body: dict[str, Any], id: str) -> dict[str, Any]:
    """Send a text, image, video, document or template to the customer of a conversation,
    under WhatsApp's 24-hour rule (templates are always allowed)."""
    conversation = Conversations(api).accessible(id)
    return Messaging(api).reply(conversation, body)
