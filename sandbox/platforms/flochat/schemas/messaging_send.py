"""Inputs of the sends and chat changes that name one subscriber: sub-flows, text,
e-mail, nodes, dynamic content (send-content), bot pause, chat status, agent assignment,
custom events and app triggers (uchat-openapi.json tags "Sending", "Subscriber",
"Mini-App", "Flow Custom Events")."""

from __future__ import annotations

from sandbox.core.stacks import laravel
from sandbox.platforms.flochat.models.subscribers import CHAT_STATUSES
from sandbox.platforms.flochat.schemas.messaging_rules import (
    LONGEST_PAUSE_MINUTES,
    NestedInput,
    at_most,
    field_value,
    nested,
)

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
