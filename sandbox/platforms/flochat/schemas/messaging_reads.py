"""Queries and answers of the reads: chat messages, custom events (their list, summary and
data), conversations data and the agent activity log (uchat-openapi.json tags
"Subscriber", "Flow Custom Events", "Flow Conversation")."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validates_schema

from sandbox.core.envelopes import OK_STATUS, envelope, many
from sandbox.core.stacks import laravel
from sandbox.platforms.flochat.models.messaging_chat import ACTIONS, SOURCE_TYPES
from sandbox.platforms.flochat.models.messaging_common import RANGES
from sandbox.platforms.flochat.schemas.messaging_rules import required_without

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


ChatMessageList = envelope("ChatMessageList", data=many(ChatMsg))


class CustomEvent(Schema):
    name = fields.String(required=True)
    event_ns = fields.String(metadata={"example": "f123e1"})
    description = fields.String()
    text_label = fields.String()
    price_label = fields.String()
    number_label = fields.String()


CustomEventList = envelope("CustomEventList", data=many(CustomEvent))


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


CustomEventDataList = envelope("CustomEventDataList", data=many(CustomEventData), status=OK_STATUS)


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


ConversationDataList = envelope(
    "ConversationDataList", data=many(ConversationData), status=OK_STATUS
)


class AgentActivity(Schema):
    agent_id = fields.Integer()
    user_ns = fields.String()
    conv_id = fields.Integer()
    created_at = fields.String()
    source_type = fields.String(metadata={"enum": list(SOURCE_TYPES)})
    action = fields.String(metadata={"enum": list(ACTIONS)})


AgentActivityList = envelope("AgentActivityList", data=many(AgentActivity), status=OK_STATUS)
