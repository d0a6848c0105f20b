"""FlowBot's request bodies and answers, as seed 001 documents them.

The vendor's Express handlers read fields from `req.body` themselves (their checks and
messages live in the views and models), so request schemas only document; answers are
dumped through the response schemas below.
"""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields

PHONE_EXAMPLE = "+972501234567"
FLOW_ID_EXAMPLE = "3f1e6a52-8d0c-4b7e-9a41-2c5d7e9b1a10"
WAMID_EXAMPLE = "wamid.HBgLOTcyNTAxMjM0NTY3FQIAERgUMkI5QzRFMUY3QTBEMzg2NUU0QjEA"


class RequestSchema(Schema):
    """A request's fields as documented; others are ignored, as an Express handler that
    destructures `req.body` (or `req.query`) ignores them, so the spec does not forbid them."""

    class Meta:
        unknown = EXCLUDE


def _text(description: str, *, required: bool = False, example: object = None) -> fields.String:
    metadata: dict[str, object] = {"description": description}
    if example is not None:
        metadata["example"] = example
    return fields.String(required=required, metadata=metadata)


# -- auth ----------------------------------------------------------------------------------


class LoginBody(RequestSchema):
    username = _text("The user's login name.", required=True, example="demo")
    password = _text("The user's password.", required=True, example="demo-password")


class User(Schema):
    id = fields.String(required=True, metadata={"format": "uuid"})
    username = fields.String(required=True)
    displayName = fields.String(required=True)
    email = fields.String(required=True, allow_none=True)
    role = fields.String(required=True, metadata={"enum": ["admin", "user"]})


class LoginAnswer(Schema):
    user = fields.Nested(User, required=True)


class ApiTokenBody(RequestSchema):
    clientId = _text("Settings → API Access.", required=True, example="aiflow_c80ffc96d6ea7763")
    apiKey = _text("Settings → API Access.", required=True, example="sk_xxxxxxxxxxxxxxxxx")
    ttlSec = fields.Integer(
        metadata={
            "description": "Lifetime of the token in seconds (60 to 86400; default 3600).",
            "example": 3600,
            "minimum": 60,
            "maximum": 86400,
        }
    )


class ApiTokenAnswer(Schema):
    success = fields.Boolean(required=True, metadata={"enum": [True]})
    tokenType = fields.String(required=True, metadata={"enum": ["Bearer"]})
    accessToken = fields.String(required=True, metadata={"description": "An HS256 JWT."})
    expiresInSec = fields.Integer(required=True)
    clientNumber = fields.String(
        required=True, metadata={"description": "The user's id.", "format": "uuid"}
    )
    clientId = fields.String(required=True)


# -- triggers ------------------------------------------------------------------------------


class OutboundBody(RequestSchema):
    phone = _text("The customer's WhatsApp number, E.164.", required=True, example=PHONE_EXAMPLE)
    flowId = _text("The flow to trigger (it must be active).", required=True)
    templateGroupId = _text(
        "The approved template to open a closed 24-hour window with: a group (its first "
        "template)..."
    )
    templateName = _text("... or a template's name ...")
    templateId = _text("... or a template's id. Without any, the flow's default group.")
    data = fields.Dict(
        metadata={
            "description": "Flow variables; `templateParams` fills the template's {{1}}, "
            "{{2}}, ...",
            "example": {
                "customerName": "John Doe",
                "orderId": "ORD-12345",
                "templateParams": ["123456"],
            },
        }
    )


class OutboundAnswer(Schema):
    success = fields.Boolean(required=True, metadata={"enum": [True]})
    message = fields.String(
        required=True, metadata={"example": f"Outbound flow triggered for {PHONE_EXAMPLE}"}
    )
    flowId = fields.String(required=True)


class LeadBody(Schema):
    """Any fields; each becomes a flow variable. `phone` is required."""

    class Meta:
        # Documented as an open object: every field of the lead is taken.
        unknown = "include"

    phone = _text("The lead's WhatsApp number, E.164.", required=True, example=PHONE_EXAMPLE)
    name = _text("Becomes the conversation's customerName.", example="John Doe")
    templateParams = fields.List(
        fields.String(),
        metadata={"description": "Parameters of the flow's default template (window closed)."},
    )


class LeadAnswer(Schema):
    success = fields.Boolean(required=True, metadata={"enum": [True]})
    message = fields.String(required=True, metadata={"example": "Lead received and flow started"})
    variables = fields.List(fields.String(), required=True)


# -- flows ---------------------------------------------------------------------------------


class FlowsQuery(RequestSchema):
    userId = _text("(Admins) whose flows to list; others may only name themselves.")


class FlowSummary(Schema):
    id = fields.String(required=True, metadata={"format": "uuid"})
    name = fields.String(required=True)
    description = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": ["active", "draft", "inactive"]})
    createdAt = fields.String(required=True, metadata={"format": "date-time"})
    updatedAt = fields.String(required=True, metadata={"format": "date-time"})


class GenerateForm(RequestSchema):
    """multipart/form-data: the prompt and an optional file."""

    prompt = _text(
        "What the flow should do (at most 5000 characters).",
        required=True,
        example="Create a customer support flow for a pizza restaurant",
    )
    file = fields.Raw(
        metadata={
            "type": "string",
            "format": "binary",
            "description": "(optional) A PDF, PNG, JPEG or WebP file of at most 10 MB.",
        }
    )


class GeneratedFlow(Schema):
    id = fields.String(required=True, metadata={"format": "uuid"})
    name = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": ["draft"]})
    drawflowData = fields.Dict(
        required=True, metadata={"description": "A Drawflow export: {drawflow: {Home: {data}}}."}
    )


class GenerateAnswer(Schema):
    success = fields.Boolean(required=True, metadata={"enum": [True]})
    flow = fields.Nested(GeneratedFlow, required=True)
    nodeCount = fields.Integer(required=True)
    message = fields.String(required=True, metadata={"example": "Flow generated with 8 nodes"})


# -- conversations -------------------------------------------------------------------------


class ConversationsQuery(RequestSchema):
    limit = fields.Integer(
        metadata={
            "description": "At most this many, most recent first (default 50, capped at 200).",
            "minimum": 1,
        }
    )
    stats = fields.Boolean(
        metadata={
            "description": "Also answer statistics: the body becomes "
            "`{conversations, stats}` (assumed: the vendor names no flag)."
        }
    )


class Conversation(Schema):
    id = fields.String(required=True, metadata={"format": "uuid"})
    waPhoneNumber = fields.String(required=True)
    customerName = fields.String(required=True, allow_none=True)
    flowId = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": ["active", "pending", "closed"]})
    lastMessage = fields.String(required=True, allow_none=True)
    startedAt = fields.String(required=True, metadata={"format": "date-time"})
    lastCustomerMessageAt = fields.String(
        required=True, allow_none=True, metadata={"format": "date-time"}
    )


class ConversationStats(Schema):
    total = fields.Integer(required=True)
    active = fields.Integer(required=True)
    pending = fields.Integer(required=True)
    closed = fields.Integer(required=True)
    windowOpen = fields.Integer(required=True)
    messagesSent = fields.Integer(required=True)
    messagesReceived = fields.Integer(required=True)


class ConversationsWithStats(Schema):
    conversations = fields.List(fields.Nested(Conversation), required=True)
    stats = fields.Nested(ConversationStats, required=True)


class ReplyBody(RequestSchema):
    messageType = fields.String(
        required=True,
        metadata={"enum": ["text", "image", "video", "document", "template"]},
    )
    text = _text("text: the message (at most 4096 characters).")
    mediaUrl = _text("image, video, document: an http(s) URL of the file.")
    caption = _text("image, video, document: (optional) at most 1024 characters.")
    filename = _text("document: (optional) the file name shown.")
    templateName = _text("template: an approved template's name.", example="order_update")
    templateLanguage = _text("template: its language (default en).", example="en")
    templateParams = fields.List(
        fields.String(), metadata={"description": "template: its {{1}}, {{2}}, ... values."}
    )


class ReplyAnswer(Schema):
    success = fields.Boolean(required=True, metadata={"enum": [True]})
    messageId = fields.String(required=True, metadata={"example": WAMID_EXAMPLE})
    windowOpen = fields.Boolean(required=True)
