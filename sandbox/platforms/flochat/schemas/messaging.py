"""Inputs and answers of sending, broadcasts, chat state, chat messages, WhatsApp templates,
custom events and conversations data (uchat-openapi.json tags "Sending", "Subscriber",
"Mini-App", "Whatsapp Template", "Flow Custom Events", "Flow Conversation")."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validates_schema

from sandbox.platforms.flochat import laravel
from sandbox.platforms.flochat.models.messaging_chat import ACTIONS, SOURCE_TYPES
from sandbox.platforms.flochat.models.messaging_common import RANGES
from sandbox.platforms.flochat.models.messaging_send import BROADCAST_TYPES, MESSAGE_TAGS
from sandbox.platforms.flochat.models.messaging_templates import (
    CATEGORIES,
    COMPONENT_TYPES,
    NAME_PATTERN,
)
from sandbox.platforms.flochat.models.subscribers import CHAT_STATUSES

NESTED_MESSAGES = {
    "required": laravel.REQUIRED,
    "null": laravel.REQUIRED,
    "type": laravel.MESSAGES["array"],
}


def nested(schema: type[Schema], *, required: bool = False, **kwargs: Any) -> fields.Nested:
    """A JSON object checked by `schema`, with Laravel's messages."""
    return fields.Nested(
        schema,
        required=required,
        allow_none=not required,
        error_messages=NESTED_MESSAGES,
        **kwargs,
    )


class NestedInput(laravel.Input):
    """An object inside the input: not an object answers Laravel's `array` message."""

    error_messages = {"type": laravel.MESSAGES["array"]}


def required_without(first: str, second: str) -> str:
    return (
        f"The {first.replace('_', ' ')} field is required when "
        f"{second.replace('_', ' ')} is not present."
    )


#: The latest moment the sandbox takes (2099-12-31 23:59:59 UTC) and the longest bot pause
#: (100 years): what a Laravel app would store as a date; the vendor states no limit.
LATEST_TIMESTAMP = 4102444799
LONGEST_PAUSE_MINUTES = 100 * 365 * 24 * 60


def at_most(high: int) -> Any:
    """Laravel's `max:` rule on a number."""

    def validate(value: Any) -> None:
        if value is not None and value > high:
            raise ValidationError(f"The :attribute must not be greater than {high}.")

    return validate


class Matches:
    """Laravel's `regex:` rule."""

    def __init__(self, pattern: Any) -> None:
        self.pattern = pattern

    def __call__(self, value: Any) -> None:
        if value is not None and not self.pattern.match(value):
            raise ValidationError("The :attribute format is invalid.")


def field_value() -> fields.Raw:
    """A field's value as any JSON: a text one is `max:65535`, as the TEXT column it goes to."""
    longest = laravel.max_length(laravel.TEXT_LENGTH)

    def validate(value: Any) -> None:
        if isinstance(value, str):
            longest(value)

    return fields.Raw(allow_none=True, validate=validate)


# -- inputs: one subscriber ------------------------------------------------------------------


class ChatSubscriberInput(laravel.Input):
    user_ns = laravel.Text(required=True, metadata={"example": "f123u111"})


class SendSubFlowInput(ChatSubscriberInput):
    sub_flow_ns = laravel.Text(required=True, metadata={"example": "f123s789"})


class SendSubFlowByNameInput(ChatSubscriberInput):
    flow_name = laravel.Varchar(required=True)


class SendSubFlowByUserIdInput(laravel.Input):
    user_id = laravel.Text(required=True, metadata={"example": "61412345678"})
    sub_flow_ns = laravel.Text(required=True)


class SendTextInput(ChatSubscriberInput):
    content = laravel.LongText(required=True)


class SendEmailInput(SendTextInput):
    subject = laravel.Varchar()


class SendNodeInput(ChatSubscriberInput):
    node_ns = laravel.Text(required=True, metadata={"example": "f123n456"})


class PauseBotInput(ChatSubscriberInput):
    minutes = laravel.Integer(
        required=True, validate=[laravel.at_least(1), at_most(LONGEST_PAUSE_MINUTES)]
    )


class MoveChatInput(ChatSubscriberInput):
    status = laravel.Text(required=True, validate=laravel.one_of(CHAT_STATUSES))


class AssignAgentInput(ChatSubscriberInput):
    agent_id = laravel.Integer(required=True)


class AssignAgentGroupInput(ChatSubscriberInput):
    agent_group_id = laravel.Integer(required=True)


class LogCustomEventInput(ChatSubscriberInput):
    event_name = laravel.Varchar(required=True)
    text_value = laravel.Varchar()
    price_value = laravel.Number()
    number_value = laravel.Number()


class AppTriggerInput(ChatSubscriberInput):
    trigger_name = laravel.Varchar(required=True)
    context = laravel.Object(metadata={"description": "What the app's trigger receives"})


# -- dynamic content (send-content) ----------------------------------------------------------


class CardElement(NestedInput):
    """One card of a `cards` message: its title, and what else a card shows."""

    title = laravel.Varchar(required=True)
    subtitle = laravel.Varchar()
    image_url = laravel.Varchar()
    action_url = laravel.Varchar()
    buttons = laravel.Array(laravel.Object())


class DynamicContentMessage(NestedInput):
    type = laravel.Text(
        required=True,
        validate=laravel.one_of(("text", "image", "audio", "video", "file", "cards")),
    )
    text = laravel.LongText()
    url = laravel.Varchar(metadata={"description": "For image, audio, video and file"})
    caption = laravel.LongText()
    elements = laravel.Array(
        nested(CardElement, required=True), metadata={"description": "For cards"}
    )


class DynamicContentAction(NestedInput):
    action = laravel.Text(
        required=True,
        validate=laravel.one_of(("add_tag", "remove_tag", "set_field_value", "unset_field_value")),
    )
    tag_name = laravel.Varchar()
    field_name = laravel.Varchar()
    value = field_value()


class DynamicContentQuickReply(NestedInput):
    type = laravel.Text(
        required=True, validate=laravel.one_of(("node", "url", "dynamic_block_callback"))
    )
    caption = laravel.Varchar(required=True)
    target = laravel.Varchar(required=True, metadata={"description": "node_ns, name or URL"})


class DynamicContent(NestedInput):
    messages = laravel.Array(nested(DynamicContentMessage, required=True))
    actions = laravel.Array(nested(DynamicContentAction, required=True))
    quick_replies = laravel.Array(nested(DynamicContentQuickReply, required=True))
    goto = laravel.Varchar(metadata={"description": "A node's name or node_ns"})


class DynamicContentData(NestedInput):
    version = laravel.Text(required=True, validate=laravel.one_of(("v1",)))
    content = nested(DynamicContent, required=True)


class SendContentInput(ChatSubscriberInput):
    data = nested(DynamicContentData, required=True)


# -- WhatsApp templates ------------------------------------------------------------------------


class WhatsappTemplateContent(NestedInput):
    namespace = laravel.Varchar(required=True)
    name = laravel.Varchar(required=True)
    lang = laravel.Varchar(required=True, metadata={"example": "en_US"})
    params = laravel.Object(
        metadata={"description": "BODY_{{1}}, HEADER_IMAGE, QUICK_REPLY_1 (a sub_flow_ns)..."}
    )


class SendWhatsappTemplateInput(ChatSubscriberInput):
    content = nested(WhatsappTemplateContent, required=True)


class SendWhatsappTemplateByUserIdInput(laravel.Input):
    user_id = laravel.Varchar(required=True)
    create_if_not_found = laravel.Text(validate=laravel.one_of(("yes", "no")))
    content = nested(WhatsappTemplateContent, required=True)


class WhatsappTemplateComponentInput(NestedInput):
    type = laravel.Text(required=True, validate=laravel.one_of(COMPONENT_TYPES))
    text = laravel.LongText()
    format = laravel.Varchar()
    buttons = laravel.Array(laravel.Object())
    example = laravel.Object()


class CreateWhatsappTemplateInput(laravel.Input):
    name = laravel.Varchar(required=True, validate=[Matches(NAME_PATTERN)])
    language = laravel.Varchar(required=True, metadata={"example": "en_US"})
    category = laravel.Text(required=True, validate=laravel.one_of(CATEGORIES))
    components = laravel.Array(nested(WhatsappTemplateComponentInput, required=True), required=True)

    @validates_schema
    def has_body(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not any(component["type"] == "BODY" for component in data["components"]):
            raise ValidationError("The components must have a BODY component.")


class WhatsappTemplateNameInput(laravel.Input):
    name = laravel.Varchar(required=True)


# -- broadcasts ------------------------------------------------------------------------------


class BroadcastFieldValue(NestedInput):
    var_ns = laravel.Text(required=True)
    value = field_value()


def _sub_flow_ns() -> laravel.Text:
    return laravel.Text(required=True, metadata={"example": "f123s789"})


def _type() -> laravel.Text:
    return laravel.Text(validate=laravel.one_of(BROADCAST_TYPES))


def _scheduled_time() -> laravel.Integer:
    return laravel.Integer(
        validate=at_most(LATEST_TIMESTAMP),
        metadata={"description": "Unix timestamp; empty (or past) to send now"},
    )


def _max_per_minute() -> laravel.Integer:
    return laravel.Integer(validate=laravel.at_least(1), metadata={"description": "Default 60"})


def _message_tag() -> laravel.Text:
    return laravel.Text(validate=laravel.one_of(MESSAGE_TAGS))


class TaggedBroadcast(laravel.Input):
    """A broadcast that can be a message-tagged Facebook notification."""

    @validates_schema
    def tag_for_notifications(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("type") == "FACEBOOK_NOTIFICATION" and not data.get("message_tag"):
            raise ValidationError(
                "The message tag field is required when type is FACEBOOK_NOTIFICATION."
            )


# Fields are declared in the vendor's order: Laravel reports the first failing rule.
class BroadcastInput(laravel.Input):
    user_ns_list = laravel.Text(
        required=True, metadata={"description": "Comma separated, up to 200"}
    )
    sub_flow_ns = _sub_flow_ns()
    type = _type()
    scheduled_time = _scheduled_time()
    max_per_minute = _max_per_minute()


class BroadcastByUserIdInput(laravel.Input):
    user_id_list = laravel.Text(
        required=True, metadata={"description": "Comma separated, up to 200"}
    )
    sub_flow_ns = _sub_flow_ns()
    type = _type()
    scheduled_time = _scheduled_time()
    max_per_minute = _max_per_minute()


class BroadcastByTagInput(TaggedBroadcast):
    tags = laravel.Array(laravel.Varchar(required=True), required=True, max_items=10)
    exclude_tags = laravel.Array(laravel.Varchar(required=True), max_items=10)
    sub_flow_ns = _sub_flow_ns()
    name = laravel.Varchar()
    scheduled_time = _scheduled_time()
    max_per_minute = _max_per_minute()
    type = _type()
    message_tag = _message_tag()
    user_fields = laravel.Array(nested(BroadcastFieldValue, required=True), max_items=10)


class BroadcastBySegmentInput(TaggedBroadcast):
    segment_ns = laravel.Text(required=True, metadata={"description": "Comma separated, up to 10"})
    sub_flow_ns = _sub_flow_ns()
    scheduled_time = _scheduled_time()
    max_per_minute = _max_per_minute()
    type = _type()
    message_tag = _message_tag()
    bot_fields = laravel.Array(nested(BroadcastFieldValue, required=True), max_items=10)


# -- reads -----------------------------------------------------------------------------------


class DataTimeRange(laravel.Input):
    start_time = laravel.Integer(metadata={"description": "Unix timestamp"})
    end_time = laravel.Integer(metadata={"description": "Unix timestamp"})


class ChatMessagesQuery(DataTimeRange):
    user_ns = laravel.Text(metadata={"description": "Required without user_id"})
    user_id = laravel.Text(metadata={"description": "Required without user_ns"})
    include_bot = laravel.Integer(
        validate=laravel.between(0, 1), metadata={"description": "1 to include bot messages"}
    )
    limit = laravel.Integer(validate=laravel.between(1, 100))

    @validates_schema
    def names_a_subscriber(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not data.get("user_ns") and not data.get("user_id"):
            raise ValidationError(required_without("user_ns", "user_id"))


class Mid(fields.Field):
    """A message id: the ids chat-messages answers (integers) or their text."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise ValidationError(laravel.MESSAGES["string"])
        return str(value)


class ChatMessagesByMidsInput(laravel.Input):
    mids = laravel.Array(Mid(), required=True, max_items=100)


class CustomEventSummaryQuery(laravel.Input):
    range = laravel.Text(validate=laravel.one_of(RANGES), metadata={"example": "yesterday"})
    event_ns = laravel.Text(required=True)


class CustomEventDataQuery(DataTimeRange):
    event_ns = laravel.Text(required=True)
    start_id = laravel.Integer(metadata={"description": "From this id up"})
    limit = laravel.Integer(validate=laravel.between(1, 100))


class ConversationsQuery(DataTimeRange):
    user_ns = laravel.Text()
    start_id = laravel.Integer(metadata={"description": "From this id up"})
    limit = laravel.Integer(validate=laravel.between(1, 1000))


class ActivityLogQuery(DataTimeRange):
    user_ns = laravel.Text()
    agent_id = laravel.Integer()
    conv_id = laravel.Integer()
    action = laravel.Text(validate=laravel.one_of(ACTIONS))
    source_type = laravel.Text(validate=laravel.one_of(SOURCE_TYPES))
    limit = laravel.Integer(validate=laravel.between(1, 1000))


# -- answers ---------------------------------------------------------------------------------


class ChatMsgPayload(Schema):
    text = fields.String()
    url = fields.String()


class ChatMsg(Schema):
    id = fields.Integer(metadata={"example": 123})
    type = fields.String(required=True, metadata={"enum": ["in", "out", "agent"]})
    msg_type = fields.String(metadata={"enum": ["text", "image", "audio", "video", "file"]})
    content = fields.String()
    payload = fields.Nested(ChatMsgPayload)
    sender_id = fields.String(metadata={"description": "The sender's user_ns (incoming)"})
    ts = fields.Integer(metadata={"example": 1636073956})


class ChatMessageList(Schema):
    data = fields.List(fields.Nested(ChatMsg))


class WhatsappTemplate(Schema):
    name = fields.String(required=True)
    language = fields.String(required=True)
    category = fields.String(required=True)
    components = fields.List(
        fields.Dict(),
        required=True,
        metadata={
            "description": "Meta's components: type (HEADER, BODY, FOOTER, BUTTONS), text, "
            "format, buttons, example"
        },
    )
    namespace = fields.String(metadata={"description": "What send-whatsapp-template names"})
    status = fields.String(metadata={"example": "APPROVED"})


class WhatsappTemplateList(Schema):
    data = fields.List(fields.Nested(WhatsappTemplate))


class CustomEvent(Schema):
    name = fields.String(required=True)
    event_ns = fields.String(metadata={"example": "f123e1"})
    description = fields.String()
    text_label = fields.String()
    price_label = fields.String()
    number_label = fields.String()


class CustomEventList(Schema):
    data = fields.List(fields.Nested(CustomEvent))


class EventCounts(Schema):
    num = fields.Integer()
    unique_user_num = fields.Integer()


class EventDayCounts(EventCounts):
    start_date = fields.String(metadata={"example": "2024-03-26"})


class EventTextValueCounts(EventCounts):
    text_value = fields.String()


class EventSummary(Schema):
    data = fields.Nested(CustomEvent)
    status = fields.String(metadata={"example": "ok"})
    stats = fields.List(fields.Nested(EventDayCounts))
    total = fields.Nested(EventCounts)
    start_date = fields.String(metadata={"example": "2024-03-26 00:00:00"})
    end_date = fields.String(metadata={"example": "2024-03-26 23:59:59"})
    text_values = fields.List(fields.Nested(EventTextValueCounts))


class CustomEventData(Schema):
    id = fields.Integer()
    user_ns = fields.String()
    event_ns = fields.String(required=True)
    text_value = fields.String()
    price_value = fields.String()
    number_value = fields.String()
    created_at = fields.String()


class CustomEventDataList(Schema):
    data = fields.List(fields.Nested(CustomEventData))
    status = fields.String(metadata={"example": "ok"})


class ConversationData(Schema):
    id = fields.Integer()
    flow_ns = fields.String()
    user_ns = fields.String()
    first_assign_agent_id = fields.Integer()
    first_reply_agent_id = fields.Integer()
    last_assign_agent_id = fields.Integer()
    first_close_agent_id = fields.Integer()
    last_close_agent_id = fields.Integer()
    is_new_bot_user = fields.Integer()
    created_at = fields.String()
    source_type = fields.String(metadata={"enum": ["agent", "new_user", "return_user"]})
    first_open_at = fields.String()
    first_close_at = fields.String()
    last_open_at = fields.String()
    last_close_at = fields.String()
    first_assign_at = fields.String()
    first_reply_at = fields.String()
    last_assign_at = fields.String()
    first_reply_after_last_assign_at = fields.String()
    first_open_to_first_assign = fields.Integer()
    first_open_to_first_reply = fields.Integer()
    first_reply_after_first_assign = fields.Integer()
    first_reply_after_last_assign = fields.Integer()
    first_assign_to_first_close = fields.Integer()
    first_reply_to_first_close = fields.Integer()
    first_open_to_first_close = fields.Integer()
    last_assign_to_last_close = fields.Integer()
    first_open_to_last_close = fields.Integer()
    handling_time = fields.Integer()
    avg_response_time = fields.Integer()
    avg_subsequent_response_time = fields.Integer()
    in_messages = fields.Integer()
    agent_messages = fields.Integer()
    bot_messages = fields.Integer()
    number_of_agent_replies = fields.Integer()
    number_of_notes = fields.Integer()
    number_of_unique_agents = fields.Integer()
    number_of_assignments = fields.Integer()
    number_of_opens = fields.Integer()
    number_of_closes = fields.Integer()
    opened_source = fields.String()
    closed_source = fields.String()


class ConversationDataList(Schema):
    data = fields.List(fields.Nested(ConversationData))
    status = fields.String(metadata={"example": "ok"})


class AgentActivity(Schema):
    agent_id = fields.Integer()
    user_ns = fields.String()
    conv_id = fields.Integer()
    created_at = fields.String()
    source_type = fields.String(metadata={"enum": list(SOURCE_TYPES)})
    action = fields.String(metadata={"enum": list(ACTIONS)})


class AgentActivityList(Schema):
    data = fields.List(fields.Nested(AgentActivity))
    status = fields.String(metadata={"example": "ok"})
