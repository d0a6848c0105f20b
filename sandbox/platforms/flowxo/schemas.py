"""Flow XO's request bodies, query parameters and answers.

The request schemas are what reads the input (the Express stack loads them): their fields
are JavaScript's leniencies (`sandbox.core.stacks.express`), declared in the order the
vendor's code plausibly reads the values, so the first value at fault is the one named.
The answer schemas document and shape the success bodies (keys in the vendor's order).
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

from sandbox.core.stacks import express

OBJECT_ID = {"type": "string", "pattern": "^[0-9a-f]{24}$"}
DEFAULT_LIMIT = 25  # the documented example's `limit`


def _object_id(description: str, example: str, **kwargs: object) -> fields.String:
    return fields.String(
        metadata={"description": description, "example": example, "pattern": "^[0-9a-f]{24}$"},
        **kwargs,  # type: ignore[arg-type]
    )


def _timestamp(description: str, **kwargs: object) -> fields.String:
    return fields.String(
        metadata={
            "description": f"{description} (`toISOString()`: UTC, milliseconds).",
            "format": "date-time",
            "example": "2026-02-20T14:03:11.000Z",
        },
        **kwargs,  # type: ignore[arg-type]
    )


def _object_id_input(description: str, example: str) -> express.Text:
    """An ObjectId the API is sent: read as text (a wrong one names nothing: 404)."""
    return express.Text(
        required=True,
        metadata={"description": description, "example": example, "pattern": "^[0-9a-f]{24}$"},
    )


def _text(description: str, example: str, **kwargs: Any) -> express.TextOrNumber:
    return express.TextOrNumber(metadata={"description": description, "example": example}, **kwargs)


Documented = express.Input


# -- end users ---------------------------------------------------------------------------------


class ProfileBody(Documented):
    user_name = _text("The user name.", "Some Username", allow_none=True)
    user_first_name = _text("The first name.", "Joe", allow_none=True)
    user_last_name = _text("The last name.", "Joeson", allow_none=True)


class ProfileSchema(Schema):
    user_name = fields.String(allow_none=True, metadata={"example": "Some Username"})
    user_first_name = fields.String(allow_none=True, metadata={"example": "Joe"})
    user_last_name = fields.String(allow_none=True, metadata={"example": "Joeson"})


class EndUserCreateBody(Documented):
    connection = _object_id_input(
        "The Connection ID of the bot to add the user to.", "6617a0c2e4b0a1f2c3d4e5f6"
    )
    channel = _text(
        "The user's Channel ID, which depends on the bot's channel (a Telegram user id, a "
        "WhatsApp or SMS number, ...).",
        "5511987654321",
        required=True,
    )
    profile = express.Object(
        ProfileBody,
        allow_none=True,
        metadata={
            "description": "Permanently overrides what the channel reports; a blank field "
            "leaves the channel's value."
        },
    )


class EndUserUpdateBody(Documented):
    response_path = express.Text(
        required=True,
        metadata={
            "description": "The user's response path, `<bot id>/c/<channel id>`.",
            "example": "6617a0c2e4b0a1f2c3d4e5f6/c/5511987654321",
        },
    )
    profile = express.Object(
        ProfileBody,
        required=True,
        metadata={
            "description": 'The fields to change; a blank (`""` or null) field drops '
            "the override, so the channel's value shows again."
        },
    )


class EndUserSchema(Schema):
    _id = _object_id("The user's id.", "67a1b2c3d4e5f60718293a4b", required=True)
    connection = _object_id("The bot's Connection ID.", "6617a0c2e4b0a1f2c3d4e5f6", required=True)
    channel = fields.String(required=True, metadata={"example": "5511987654321"})
    response_path = fields.String(
        required=True, metadata={"example": "6617a0c2e4b0a1f2c3d4e5f6/c/5511987654321"}
    )
    platform = fields.String(required=True, allow_none=True, metadata={"example": "whatsapp"})
    profile = fields.Nested(
        ProfileSchema,
        required=True,
        metadata={"description": "The API's values over what the channel reported."},
    )
    created_at = _timestamp("When the user was created", required=True)
    updated_at = _timestamp("When the profile last changed", required=True)


class EndUserAnswer(Schema):
    end_user = fields.Nested(EndUserSchema, required=True)


# -- workflows ---------------------------------------------------------------------------------


class WorkflowSimpleSchema(Schema):
    _id = _object_id("The workflow's id.", "5e9fa4e90f27ed002e143161", required=True)
    name = fields.String(required=True, metadata={"example": "A Pause"})
    active = fields.Boolean(required=True)


class WorkflowActiveBody(Documented):
    active = express.Boolean(required=True, metadata={"description": "Enable or disable it."})


# -- conversations ------------------------------------------------------------------------------


class ConversationQuery(Documented):
    skip = express.QueryInteger(
        minimum=0, default=0, metadata={"description": "Conversations to skip."}
    )
    limit = express.QueryInteger(
        minimum=1, default=DEFAULT_LIMIT, metadata={"description": "Conversations per page."}
    )
    start = express.QueryDate(
        metadata={
            "description": "Only conversations created at or after this ISO 8601 time "
            "(a date alone is its midnight UTC).",
            "example": "2026-02-01T00:00:00Z",
        }
    )
    end = express.QueryDate(
        metadata={
            "description": "Only conversations created at or before this ISO 8601 time.",
            "example": "2026-02-28T23:59:59Z",
        }
    )


class MessageSchema(Schema):
    id = _object_id("The message's id.", "618dafd33546c5802fd7991c", required=True)
    role = fields.String(required=True, metadata={"enum": ["bot", "user", "agent"]})
    conversation = fields.String(
        required=True, metadata={"example": "60105b74d2b084f0b80bd45a/c/876631178"}
    )
    from_ = fields.String(
        data_key="from",
        attribute="from",
        required=True,
        metadata={"description": "The bot's id, or the user's channel id."},
    )
    agent_mode = fields.Boolean(required=True)
    type = fields.String(required=True, metadata={"example": "custom"})
    message = fields.String(metadata={"description": "The text, for `message` messages."})
    custom = fields.String(
        metadata={"description": "The channel payload as JSON text, for `custom` messages."}
    )
    timestamp = _timestamp("When it was sent", required=True)


class ConversationSchema(Schema):
    agent_mode = fields.Boolean(
        required=True, metadata={"description": "A human agent has taken over."}
    )
    last_message = fields.Nested(
        MessageSchema, metadata={"description": "Absent while the conversation has none."}
    )
    created_at = _timestamp("When the conversation (its user) was created", required=True)
    id = fields.String(required=True, metadata={"example": "60105b74d2b084f0b80bd45a/c/876631178"})
    id_url_encoded = fields.String(
        required=True, metadata={"example": "60105b74d2b084f0b80bd45a%2Fc%2F876631178"}
    )
    bot_id = _object_id("The bot's id.", "60105b74d2b084f0b80bd45a", required=True)
    bot_name = fields.String(required=True, allow_none=True, metadata={"example": "Support"})
    platform = fields.String(required=True, allow_none=True, metadata={"example": "telegram"})
    user_id = fields.String(
        required=True, metadata={"description": "The user's channel id.", "example": "876631178"}
    )
    user_name = fields.String(required=True, allow_none=True)


class ConversationPageSchema(Schema):
    total = fields.Integer(required=True, metadata={"example": 415})
    skip = fields.Integer(required=True, metadata={"example": 0})
    limit = fields.Integer(required=True, metadata={"example": 25})
    conversations = fields.List(fields.Nested(ConversationSchema), required=True)
