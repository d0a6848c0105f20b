"""FlowBot's request bodies and answers, as seed 001 documents them.

The request schemas are what reads the input (the Express stack loads them): their fields
are the handlers' leniencies and words (`inputs`, `sandbox.core.stacks.express`),
declared in the order the vendor's handlers plausibly read the values, so the first value
at fault is the one answered. Answers are dumped through the response schemas below.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import INCLUDE, Schema, ValidationError, fields, post_load, pre_load

from sandbox.core.stacks import express
from sandbox.platforms.flowbot import inputs
from sandbox.platforms.flowbot.generator import MAX_PROMPT

PHONE_EXAMPLE = "+972501234567"
FLOW_ID_EXAMPLE = "3f1e6a52-8d0c-4b7e-9a41-2c5d7e9b1a10"
WAMID_EXAMPLE = "wamid.HBgLOTcyNTAxMjM0NTY3FQIAERgUMkI5QzRFMUY3QTBEMzg2NUU0QjEA"


#: A request's fields as documented; others are ignored, as an Express handler that
#: destructures `req.body` (or `req.query`) ignores them, so the spec does not forbid them.
RequestSchema = express.Input
DEFAULT_TTL = 3600
#: The API token lifetimes accepted (assumed: the vendor documents 3600 only).
MIN_TTL = 60
MAX_TTL = 86400
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
#: WhatsApp's limits on a text body and a media caption.
MAX_TEXT = 4096
MAX_CAPTION = 1024
DEFAULT_LANGUAGE = "en"


def _metadata(description: str, example: object) -> dict[str, object]:
    metadata: dict[str, object] = {"description": description}
    if example is not None:
        metadata["example"] = example
    return metadata


def _text(description: str, *, example: object = None) -> express.AsSent:
    """A text value the handler uses as sent (compares it, or stores it)."""
    return express.AsSent(metadata=_metadata(description, example))


def _filled(
    description: str, *, required: bool = False, example: object = None, **kwargs: Any
) -> inputs.Filled:
    """A text value the handler needs (`required` is what the spec says: a reply's
    fields are needed by the kind that reads them)."""
    return inputs.Filled(required=required, metadata=_metadata(description, example), **kwargs)


# -- auth ----------------------------------------------------------------------------------


def _credential(description: str, example: str, missing_message: str) -> inputs.Filled:
    """A credential: any non-empty string (`if (!username || !password)`); anything else
    is refused with the operation's one message for both."""
    return _filled(
        description,
        required=True,
        example=example,
        missing_message=missing_message,
        trim=False,
    )


_LOGIN_MISSING = "Username and password are required"


class LoginBody(RequestSchema):
    username = _credential("The user's login name.", "demo", _LOGIN_MISSING)
    password = _credential("The user's password.", "demo-password", _LOGIN_MISSING)


class User(Schema):
    id = fields.String(required=True, metadata={"format": "uuid"})
    username = fields.String(required=True)
    displayName = fields.String(required=True)
    email = fields.String(required=True, allow_none=True)
    role = fields.String(required=True, metadata={"enum": ["admin", "user"]})


class LoginAnswer(Schema):
    user = fields.Nested(User, required=True)


_CLIENT_MISSING = "clientId and apiKey are required"


class ApiTokenBody(RequestSchema):
    clientId = _credential("Settings → API Access.", "aiflow_c80ffc96d6ea7763", _CLIENT_MISSING)
    apiKey = _credential("Settings → API Access.", "sk_xxxxxxxxxxxxxxxxx", _CLIENT_MISSING)
    ttlSec = inputs.Seconds(
        minimum=MIN_TTL,
        maximum=MAX_TTL,
        absent=DEFAULT_TTL,
        metadata={
            "description": "Lifetime of the token in seconds (60 to 86400; default 3600).",
            "example": 3600,
            "minimum": 60,
            "maximum": 86400,
        },
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
    phone = inputs.Phone(
        required=True,
        metadata=_metadata("The customer's WhatsApp number, E.164.", PHONE_EXAMPLE),
    )
    flowId = express.AsSent(  # looked up as sent: another value names no flow (404)
        required=True, metadata=_metadata("The flow to trigger (it must be active).", None)
    )
    templateGroupId = _text(
        "The approved template to open a closed 24-hour window with: a group (its first "
        "template)..."
    )
    templateName = _text("... or a template's name ...")
    templateId = _text("... or a template's id. Without any, the flow's default group.")
    # Its templateParams are read after the flow and its template (inputs.template_params).
    data = express.AnyObject(
        absent=dict,
        metadata={
            "description": "Flow variables; `templateParams` fills the template's {{1}}, "
            "{{2}}, ...",
            "example": {
                "customerName": "John Doe",
                "orderId": "ORD-12345",
                "templateParams": ["123456"],
            },
        },
    )

    @pre_load
    def both_required_first(self, data: Mapping[str, Any], **kwargs: Any) -> Mapping[str, Any]:
        # The handler checks that both were sent before it reads the phone number.
        if data.get("phone") in (None, "") or data.get("flowId") in (None, ""):
            raise ValidationError("phone and flowId are required")
        return data


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
        unknown = INCLUDE

    phone = inputs.Phone(
        required=True, metadata=_metadata("The lead's WhatsApp number, E.164.", PHONE_EXAMPLE)
    )
    name = _text("Becomes the conversation's customerName.", example="John Doe")
    # Read after the flow's status, which is answered first (inputs.template_params).
    templateParams = inputs.TemplateParams(
        later=True,
        metadata={"description": "Parameters of the flow's default template (window closed)."},
    )

    @post_load(pass_original=True)
    def in_sent_order(
        self, data: dict[str, Any], original: Mapping[str, Any], **kwargs: Any
    ) -> dict[str, Any]:
        # The lead's fields become the flow's variables (and are listed) in the order sent.
        return {name: data[name] for name in original if name in data}


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

    prompt = _filled(
        "What the flow should do (at most 5000 characters).",
        required=True,
        example="Create a customer support flow for a pizza restaurant",
        max_length=MAX_PROMPT,
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
    limit = inputs.Limit(
        cap=MAX_LIMIT,
        absent=DEFAULT_LIMIT,
        metadata={
            "description": "At most this many, most recent first (default 50, capped at 200).",
            "minimum": 1,
        },
    )
    stats = inputs.Flag(
        absent=False,
        metadata={
            "description": "Also answer statistics: the body becomes "
            "`{conversations, stats}` (assumed: the vendor names no flag)."
        },
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


#: The fields a reply of each kind reads (the others are ignored).
REPLY_FIELDS = {
    "text": ("text",),
    "image": ("mediaUrl", "caption"),
    "video": ("mediaUrl", "caption"),
    "document": ("mediaUrl", "caption", "filename"),
    "template": ("templateName", "templateLanguage", "templateParams"),
}


class ReplyBody(RequestSchema):
    messageType = inputs.MessageType(required=True, metadata={"enum": list(inputs.MESSAGE_TYPES)})
    text = _filled("text: the message (at most 4096 characters).", max_length=MAX_TEXT)
    mediaUrl = inputs.MediaUrl(
        metadata=_metadata("image, video, document: an http(s) URL of the file.", None)
    )
    caption = inputs.OptionalText(
        max_length=MAX_CAPTION,
        metadata=_metadata("image, video, document: (optional) at most 1024 characters.", None),
    )
    filename = inputs.OptionalText(
        metadata=_metadata("document: (optional) the file name shown.", None)
    )
    templateName = _filled("template: an approved template's name.", example="order_update")
    templateLanguage = _filled(
        "template: its language (default en).",
        example="en",
        absent=DEFAULT_LANGUAGE,
        missing_message="templateLanguage must be a language code, e.g. en",
    )
    templateParams = inputs.TemplateParams(
        metadata={"description": "template: its {{1}}, {{2}}, ... values."}
    )

    def load(self, data: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        """The messageType, then the fields its kind reads (`REPLY_FIELDS`)."""
        if self.only is not None:
            return super().load(data, **kwargs)
        kind = type(self)(only=("messageType",)).load(data)["messageType"]
        return type(self)(only=("messageType", *REPLY_FIELDS[kind])).load(data, **kwargs)


class ReplyAnswer(Schema):
    success = fields.Boolean(required=True, metadata={"enum": [True]})
    messageId = fields.String(required=True, metadata={"example": WAMID_EXAMPLE})
    windowOpen = fields.Boolean(required=True)
