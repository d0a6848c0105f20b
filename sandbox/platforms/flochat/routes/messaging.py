"""Sending to subscribers, broadcasts, bot pause / resume, chat status and agent
assignment, subscription and opt-ins, custom events, app triggers, chat messages,
WhatsApp templates, conversations data and the agent activity log (uchat-openapi.json
tags "Sending", "Subscriber", "Mini-App", "Whatsapp Template", "Flow Custom Events",
"Flow Conversation").

Nothing is really sent: a send records its messages in the subscriber's conversation
(models/messaging_messages.py), read back by `/subscriber/chat-messages` and by the
control API's outbox. The vendor documents every answer but no error text: those are
assumed ("<Thing> not found", Laravel's validation messages, WhatsApp's own errors).
"""

from __future__ import annotations

from typing import Any

from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import FLOW_SCOPE, Flochat
from sandbox.platforms.flochat.models.messaging_chat import (
    ActivityLog,
    ChatState,
    Conversations,
    represent_activity,
)
from sandbox.platforms.flochat.models.messaging_events import (
    CustomEvents,
    record_app_trigger,
    represent_event,
    represent_log,
)
from sandbox.platforms.flochat.models.messaging_messages import Messages
from sandbox.platforms.flochat.models.messaging_messages import represent as represent_message
from sandbox.platforms.flochat.models.messaging_send import (
    Broadcasts,
    Sender,
    resolve_fields,
    set_bot_fields,
)
from sandbox.platforms.flochat.models.messaging_templates import Templates
from sandbox.platforms.flochat.models.messaging_templates import represent as represent_template
from sandbox.platforms.flochat.models.subflows import Segments, SubFlows
from sandbox.platforms.flochat.models.subscriber_data import phone_channel
from sandbox.platforms.flochat.models.subscribers import (
    SUBSCRIBER_NOT_FOUND,
    Subscribers,
    phone_digits,
)
from sandbox.platforms.flochat.models.tags import Tags
from sandbox.platforms.flochat.routes.common import OK, FlochatBlueprint, OkSchema
from sandbox.platforms.flochat.schemas import messaging as schemas
from sandbox.platforms.flochat.schemas.common import ListQuery
from sandbox.platforms.flochat.schemas.subscribers import is_phone_number

blp = FlochatBlueprint(
    "messaging",
    __name__,
    description="Sending, broadcasts, chat state, chat messages, WhatsApp templates, custom events",
)
ASSUMED_ERRORS = "error texts assumed"
RULES = (
    "refused (400) to an unsubscribed subscriber, and on WhatsApp outside the 24-hour "
    "window with error 131047"
)
MAX_LIST = 200
MAX_SEGMENTS = 10
#: The vendor's spec types `data` of the three `/data` reads as one object, while its own
#: resource schemas (AgentActivityLogResource, BotConversationDataResource,
#: BotEventDataResource, referenced nowhere) and their `limit` / `start_id` paging make
#: it a list, as public clients read it. The sandbox answers the list.
DATA_LIST_ERRATUM = {
    "x-vendor-erratum": "The vendor's 200 schema types `data` as one object; its own "
    "resource schema for this read, and its limit / start_id paging, make it a list: "
    "the sandbox answers the list"
}


def _subscriber(api: Flochat, data: dict[str, Any]) -> Record:
    return Subscribers(api).by_ns(data["user_ns"])


def _names(value: str, attribute: str, most: int) -> list[str]:
    """A comma separated list (Laravel would explode and check its size)."""
    names = list(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    if len(names) > most:
        raise FlochatError(f"The {attribute} must not have more than {most} items.")
    return names


# -- sending to one subscriber ------------------------------------------------------------------


@blp.route("/subscriber/send-main-flow", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.ChatSubscriberInput,
    answer=OkSchema,
    source=f"flowBotUserSendMainFlow; records its nodes' texts; {RULES}, and while the "
    f"bot is paused; {ASSUMED_ERRORS}",
)
def send_main_flow(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Send the main flow to the subscriber."""
    subscriber = _subscriber(api, data)
    sender = Sender(api)
    sender.sub_flow(subscriber, sender.main_flow())
    return OK


@blp.route("/subscriber/send-sub-flow", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SendSubFlowInput,
    answer=OkSchema,
    source=f"flowBotUserSendSubFlow; records its nodes' texts; {RULES}, and while the "
    f"bot is paused; {ASSUMED_ERRORS}",
)
def send_sub_flow(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Send a sub flow to the subscriber."""
    subscriber = _subscriber(api, data)
    Sender(api).sub_flow(subscriber, SubFlows(api).by_ns(data["sub_flow_ns"]))
    return OK


@blp.route("/subscriber/send-sub-flow-by-flow-name", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SendSubFlowByNameInput,
    answer=OkSchema,
    source=f"flowBotUserSendSubFlowByFlowName; the name matches in any case; {RULES}, and "
    f"while the bot is paused; {ASSUMED_ERRORS}",
)
def send_sub_flow_by_flow_name(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Send a sub flow, named by its name, to the subscriber."""
    subscriber = _subscriber(api, data)
    Sender(api).sub_flow(subscriber, SubFlows(api).by_name(data["flow_name"]))
    return OK


@blp.route("/subscriber/send-sub-flow-by-user-id", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SendSubFlowByUserIdInput,
    answer=OkSchema,
    source=f"flowBotUserSendSubFlowByUserId; {RULES}, and while the bot is paused; "
    f"{ASSUMED_ERRORS}",
)
def send_sub_flow_by_user_id(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Send a sub flow to the subscriber with this channel user id."""
    subscriber = Subscribers(api).by_user_id(data["user_id"])
    Sender(api).sub_flow(subscriber, SubFlows(api).by_ns(data["sub_flow_ns"]))
    return OK


@blp.route("/subscriber/send-content", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SendContentInput,
    answer=OkSchema,
    source=f"flowBotUserSendContent; dynamic content v1: messages, then actions, quick "
    f"replies on the last message, goto a node; cards are recorded as their text; {RULES}; "
    f"{ASSUMED_ERRORS}",
)
def send_content(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Send dynamic content to the subscriber."""
    Sender(api).content(_subscriber(api, data), data["data"])
    return OK


@blp.route("/subscriber/send-text", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SendTextInput,
    answer=OkSchema,
    source=f"flowBotUserSendText; {RULES}; {ASSUMED_ERRORS}",
)
def send_text(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Send a text message to the subscriber."""
    Sender(api).text(_subscriber(api, data), data["content"])
    return OK


@blp.route("/subscriber/send-sms", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SendTextInput,
    answer=OkSchema,
    source=f"flowBotUserSendSms; needs a phone number and an SMS opt-in; {ASSUMED_ERRORS}",
)
def send_sms(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Send an SMS to the subscriber."""
    Sender(api).sms(_subscriber(api, data), data["content"])
    return OK


@blp.route("/subscriber/send-email", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SendEmailInput,
    answer=OkSchema,
    source=f"flowBotUserSendEmail; needs an e-mail address and an e-mail opt-in; {ASSUMED_ERRORS}",
)
def send_email(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Send an e-mail to the subscriber."""
    Sender(api).email(_subscriber(api, data), data["content"], data.get("subject"))
    return OK


@blp.route("/subscriber/send-node", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SendNodeInput,
    answer=OkSchema,
    source=f"flowBotUserSendNode; records the node's text; {RULES}, and while the bot is "
    f"paused; {ASSUMED_ERRORS}",
)
def send_node(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Send one node of a flow to the subscriber."""
    subscriber = _subscriber(api, data)
    Sender(api).node(subscriber, SubFlows(api).node(data["node_ns"]))
    return OK


@blp.route("/subscriber/send-whatsapp-template", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SendWhatsappTemplateInput,
    answer=OkSchema,
    source="flowBotUserSendWhatsappTemplate; an approved template of /whatsapp-template/"
    "list, allowed outside the 24-hour window; missing BODY_{{n}} params are WhatsApp's "
    f"error 132000; {ASSUMED_ERRORS}",
)
def send_whatsapp_template(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Send a WhatsApp template to the subscriber."""
    Sender(api).template(_subscriber(api, data), data["content"])
    return OK


@blp.route("/subscriber/send-whatsapp-template-by-user-id", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SendWhatsappTemplateByUserIdInput,
    answer=OkSchema,
    source="flowBotUserSendWhatsappTemplateByUserId; the user id is matched as given; "
    "create_if_not_found=yes reads it as a phone number (its digits are the WhatsApp id) "
    f"and creates a contact of the bot's WhatsApp when none has it; {ASSUMED_ERRORS}",
)
def send_whatsapp_template_by_user_id(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Send a WhatsApp template to the subscriber with this user id. Asked to create it,
    the id must be a phone number, read as WhatsApp does ("+55 11 98765-4321" is
    5511987654321): the subscriber with those digits, or a new one."""
    subscribers = Subscribers(api)
    subscriber = subscribers.find_by_user_id(data["user_id"])
    if subscriber is None:
        if data.get("create_if_not_found") != "yes":
            raise FlochatError(SUBSCRIBER_NOT_FOUND)
        if not is_phone_number(data["user_id"]):
            raise FlochatError("The user id format is invalid.")
        digits = phone_digits(data["user_id"])
        subscriber = subscribers.find_by_user_id(digits) or subscribers.insert(
            user_id=digits, phone=f"+{digits}", channel=phone_channel(api)
        )
    Sender(api).template(subscriber, data["content"])
    return OK


# -- broadcasts -----------------------------------------------------------------------------


BROADCAST_NOTES = (
    "each recipient's messages are recorded, at most max_per_minute a minute; a future "
    "scheduled_time (up to 2099) records them as scheduled, shown once the sandbox clock "
    "reaches it; "
    "recipients the sending rules refuse (unsubscribed, paused bot, no opt-in for EMAIL / "
    "SMS, outside the WhatsApp window without WHATSAPP_TEMPLATE) are skipped"
)


def _options(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("name", "type", "message_tag", "scheduled_time", "max_per_minute")
    return {key: data.get(key) for key in keys}


@blp.route("/subscriber/broadcast", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.BroadcastInput,
    answer=OkSchema,
    source=f"flowBotUserBroadcast; {BROADCAST_NOTES}; unknown user_ns are skipped; "
    f"{ASSUMED_ERRORS}",
    fidelity="assumed",
)
def broadcast(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Broadcast a sub flow to a list of subscribers."""
    names = _names(data["user_ns_list"], "user ns list", MAX_LIST)
    sub_flow = SubFlows(api).by_ns(data["sub_flow_ns"])
    subscribers = Subscribers(api)
    found = {ns: subscribers.find(ns) for ns in names}
    recipients = [s for s in found.values() if s is not None]
    missing = [ns for ns, s in found.items() if s is None]
    Broadcasts(api).send(recipients, sub_flow, _options(data), missing=missing)
    return OK


@blp.route("/subscriber/broadcast-by-user-id", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.BroadcastByUserIdInput,
    answer=OkSchema,
    source=f"flowBotUserBroadcastByUserId; {BROADCAST_NOTES}; unknown user ids are "
    f"skipped; {ASSUMED_ERRORS}",
    fidelity="assumed",
)
def broadcast_by_user_id(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Broadcast a sub flow to a list of channel user ids."""
    ids = _names(data["user_id_list"], "user id list", MAX_LIST)
    sub_flow = SubFlows(api).by_ns(data["sub_flow_ns"])
    subscribers = Subscribers(api)
    found = {user_id: subscribers.find_by_user_id(user_id) for user_id in ids}
    recipients = [s for s in found.values() if s is not None]
    missing = [user_id for user_id, s in found.items() if s is None]
    Broadcasts(api).send(recipients, sub_flow, _options(data), missing=missing)
    return OK


@blp.route("/subscriber/broadcast-by-tag", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.BroadcastByTagInput,
    answer=OkSchema,
    source=f"flowBotUserBroadcastByTag; to subscribers with any of the tags and none of "
    f"exclude_tags; user_fields are set on each recipient before sending; {BROADCAST_NOTES}; "
    f"{ASSUMED_ERRORS}",
    fidelity="assumed",
)
def broadcast_by_tag(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Broadcast a sub flow to the subscribers with some tags."""
    tags = Tags(api)
    wanted = {tags.by_ns(ns)["tag_ns"] for ns in data["tags"]}
    excluded = {tags.by_ns(ns)["tag_ns"] for ns in data.get("exclude_tags") or []}
    sub_flow = SubFlows(api).by_ns(data["sub_flow_ns"])
    user_fields = resolve_fields(api, data.get("user_fields") or [], bot=False)
    recipients = [
        s
        for s in Subscribers(api).all()
        if wanted & set(s["tags"]) and not excluded & set(s["tags"])
    ]
    Broadcasts(api).send(recipients, sub_flow, _options(data), user_fields=user_fields)
    return OK


@blp.route("/subscriber/broadcast-by-segment", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.BroadcastBySegmentInput,
    answer=OkSchema,
    source=f"flowBotUserBroadcastBySegment; to the members of any of the segments; "
    f"bot_fields are set before sending; {BROADCAST_NOTES}; {ASSUMED_ERRORS}",
    fidelity="assumed",
)
def broadcast_by_segment(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Broadcast a sub flow to the members of segments."""
    segments = Segments(api)
    found = [segments.by_ns(ns) for ns in _names(data["segment_ns"], "segment ns", MAX_SEGMENTS)]
    if not found:
        raise FlochatError("The segment ns field is required.")
    sub_flow = SubFlows(api).by_ns(data["sub_flow_ns"])
    set_bot_fields(api, resolve_fields(api, data.get("bot_fields") or [], bot=True))
    recipients = [member for segment in found for member in segments.members(segment)]
    Broadcasts(api).send(recipients, sub_flow, _options(data))
    return OK


# -- chat state ---------------------------------------------------------------------------------


@blp.route("/subscriber/pause-bot", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.PauseBotInput,
    answer=OkSchema,
    source="flowBotUserPauseBot; flows are refused until then (direct messages and templates "
    f"still go); 1 minute to 100 years; {ASSUMED_ERRORS}",
)
def pause_bot(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Pause the bot's automation for the subscriber for some minutes."""
    ChatState(api).pause_bot(_subscriber(api, data), data["minutes"])
    return OK


@blp.route("/subscriber/resume-bot", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.ChatSubscriberInput,
    answer=OkSchema,
    source=f"flowBotUserResumeBot; {ASSUMED_ERRORS}",
)
def resume_bot(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Resume the bot's automation for the subscriber."""
    ChatState(api).resume_bot(_subscriber(api, data))
    return OK


@blp.route("/subscriber/move-chat-to", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.MoveChatInput,
    answer=OkSchema,
    source="flowBotUserMoveChatTo; open, pending, spam or done (the spec's example); "
    f"open opens a conversation, done closes it; logged; {ASSUMED_ERRORS}",
)
def move_chat_to(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Move the subscriber's chat to a status."""
    ChatState(api).move_to(_subscriber(api, data), data["status"])
    return OK


@blp.route("/subscriber/assign-agent", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.AssignAgentInput,
    answer=OkSchema,
    source="flowBotUserAssignAgent; an agent is a team member who works on this bot; logged; "
    f"{ASSUMED_ERRORS}",
)
def assign_agent(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Assign an agent to the subscriber's chat."""
    ChatState(api).assign_agent(_subscriber(api, data), data["agent_id"])
    return OK


@blp.route("/subscriber/assign-agent-group", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.AssignAgentGroupInput,
    answer=OkSchema,
    source=f"flowBotUserAssignAgentGroup; logged as an assignment to agent 0; {ASSUMED_ERRORS}",
)
def assign_agent_group(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Assign an agent group to the subscriber's chat."""
    ChatState(api).assign_agent_group(_subscriber(api, data), data["agent_group_id"])
    return OK


@blp.route("/subscriber/unassign-agent", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.ChatSubscriberInput,
    answer=OkSchema,
    source="flowBotUserUnassignAgent; clears the agent and the agent group; logged as an "
    f"assignment to agent 0; {ASSUMED_ERRORS}",
)
def unassign_agent(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Unassign the agent (and agent group) from the subscriber's chat."""
    ChatState(api).unassign(_subscriber(api, data))
    return OK


@blp.route("/subscriber/subscribe-to-bot", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.ChatSubscriberInput,
    answer=OkSchema,
    source=f"flowBotUserSubscribeToBot; logged when it changes; {ASSUMED_ERRORS}",
)
def subscribe_to_bot(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Subscribe the subscriber to the bot (`subscribed` becomes now)."""
    ChatState(api).subscribe(_subscriber(api, data), True)
    return OK


@blp.route("/subscriber/unsubscribe-from-bot", methods=["DELETE"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.ChatSubscriberInput,
    answer=OkSchema,
    source=f"flowBotUserUnsubscribeFromBot; the bot sends nothing after; {ASSUMED_ERRORS}",
)
def unsubscribe_from_bot(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Unsubscribe the subscriber from the bot."""
    ChatState(api).subscribe(_subscriber(api, data), False)
    return OK


def _opt(api: Flochat, data: dict[str, Any], medium: str, opted_in: bool) -> dict[str, Any]:
    ChatState(api).opt_in(_subscriber(api, data), medium, opted_in)
    return OK


@blp.route("/subscriber/opt-in-sms", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.ChatSubscriberInput,
    answer=OkSchema,
    source=f"flowBotUserOptInSms; needs a phone number; {ASSUMED_ERRORS}",
)
def opt_in_sms(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Opt the subscriber in to SMS."""
    return _opt(api, data, "sms", True)


@blp.route("/subscriber/opt-out-sms", methods=["DELETE"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.ChatSubscriberInput,
    answer=OkSchema,
    source=f"flowBotUserOptOutSms; {ASSUMED_ERRORS}",
)
def opt_out_sms(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Opt the subscriber out of SMS."""
    return _opt(api, data, "sms", False)


@blp.route("/subscriber/opt-in-email", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.ChatSubscriberInput,
    answer=OkSchema,
    source=f"flowBotUserOptInEmail; needs an e-mail address; {ASSUMED_ERRORS}",
)
def opt_in_email(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Opt the subscriber in to e-mail."""
    return _opt(api, data, "email", True)


@blp.route("/subscriber/opt-out-email", methods=["DELETE"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.ChatSubscriberInput,
    answer=OkSchema,
    source=f"flowBotUserOptOutEmail; {ASSUMED_ERRORS}",
)
def opt_out_email(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Opt the subscriber out of e-mail."""
    return _opt(api, data, "email", False)


# -- custom events and app triggers -------------------------------------------------------------


@blp.route("/subscriber/log-custom-event", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.LogCustomEventInput,
    answer=OkSchema,
    source="flowBotUserLogCustomEvent; the event is one of /flow/custom-events, by name "
    f"in any case; {ASSUMED_ERRORS}",
)
def log_custom_event(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Log a custom event for the subscriber."""
    subscriber = _subscriber(api, data)
    events = CustomEvents(api)
    events.log(subscriber, events.by_name(data["event_name"]), data)
    return OK


@blp.route("/subscriber/app-trigger", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.AppTriggerInput,
    answer=OkSchema,
    source="flowBotUserAppTrigger; recorded (fixtures' app_triggers), the app's flows are "
    f"not run; {ASSUMED_ERRORS}",
    fidelity="assumed",
)
def app_trigger(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Trigger an installed mini app's event on the subscriber."""
    record_app_trigger(api, _subscriber(api, data), data["trigger_name"], data.get("context") or {})
    return OK


@blp.route("/flow/custom-events", methods=["GET"])
@blp.operation(
    scope=FLOW_SCOPE, query=ListQuery, answer=schemas.CustomEventList, source="flowEvents"
)
def custom_events(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of custom events by flow."""
    found = CustomEvents(api).list(data.get("name"), data.get("limit"), data.get("page"))
    return {"data": [represent_event(event) for event in found]}


@blp.route("/flow/custom-events/summary", methods=["GET"])
@blp.operation(
    scope=FLOW_SCOPE,
    query=schemas.CustomEventSummaryQuery,
    answer=schemas.EventSummary,
    source="flowEventsSummary; whole UTC days before today (last_week: Monday to Sunday, "
    "last_month / last_3_months: calendar months), one stats entry per day; "
    f"{ASSUMED_ERRORS}",
    fidelity="assumed",
)
def custom_events_summary(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get the custom event's summary over a range (yesterday by default)."""
    events = CustomEvents(api)
    return events.summary(events.by_ns(data["event_ns"]), data.get("range") or "yesterday")


@blp.route("/flow/custom-events/data", methods=["GET"])
@blp.doc(**DATA_LIST_ERRATUM)
@blp.operation(
    scope=FLOW_SCOPE,
    query=schemas.CustomEventDataQuery,
    answer=schemas.CustomEventDataList,
    source="flowEventsData; oldest first from start_id, 15 by default; `data` is a list "
    f"(the spec says one object: see x-vendor-erratum); {ASSUMED_ERRORS}",
    fidelity="assumed",
)
def custom_events_data(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get the custom event's logs."""
    events = CustomEvents(api)
    logs = events.logs(events.by_ns(data["event_ns"]), data)
    return {"data": [represent_log(log) for log in logs], "status": "ok"}


# -- chat messages ------------------------------------------------------------------------------


@blp.route("/subscriber/chat-messages", methods=["GET"])
@blp.operation(
    scope=FLOW_SCOPE,
    query=schemas.ChatMessagesQuery,
    answer=schemas.ChatMessageList,
    source="flowBotUserChatMessages; newest first, 15 by default; bot messages (`out`) "
    f"only with include_bot=1; {ASSUMED_ERRORS}",
)
def chat_messages(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get the subscriber's chat messages."""
    subscribers = Subscribers(api)
    if data.get("user_ns"):
        subscriber = subscribers.by_ns(data["user_ns"])
    else:
        subscriber = subscribers.by_user_id(data["user_id"])
    start, end = data.get("start_time"), data.get("end_time")
    found = [
        message
        for message in Messages(api).of(subscriber["user_ns"])
        if (data.get("include_bot") == 1 or message["type"] != "out")
        and (start is None or message["ts"] >= start)
        and (end is None or message["ts"] <= end)
    ]
    newest = list(reversed(found))[: data.get("limit") or 15]
    return {"data": [represent_message(message) for message in newest]}


@blp.route("/subscriber/chat-messages-by-mids", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.ChatMessagesByMidsInput,
    answer=schemas.ChatMessageList,
    source="flowBotUserChatMessagesByMids; mids are the messages' ids; unknown ones are "
    f"left out; oldest first; {ASSUMED_ERRORS}",
)
def chat_messages_by_mids(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get chat messages by their ids (up to 100)."""
    return {"data": [represent_message(m) for m in Messages(api).by_mids(data["mids"])]}


# -- WhatsApp templates -------------------------------------------------------------------------


@blp.route("/whatsapp-template/list", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    query=ListQuery,
    answer=schemas.WhatsappTemplateList,
    source="listWhatsappTemplates; each with the namespace and status send-whatsapp-template needs",
)
def whatsapp_templates(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """List the WhatsApp templates."""
    found = Templates(api).list(data.get("name"), data.get("limit"), data.get("page"))
    return {"data": [represent_template(template) for template in found]}


@blp.route("/whatsapp-template/create", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.CreateWhatsappTemplateInput,
    answer=OkSchema,
    source="CreateWhatsappTemplate; Meta's name rule and categories, a BODY component; "
    f"PENDING until /whatsapp-template/sync; {ASSUMED_ERRORS}",
)
def create_whatsapp_template(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Create a WhatsApp template (sent to Meta for review)."""
    Templates(api).create(data)
    return OK


@blp.route("/whatsapp-template/delete", methods=["DELETE"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.WhatsappTemplateNameInput,
    answer=OkSchema,
    source=f"DeleteWhatsappTemplate; every language of the name, as Meta does; {ASSUMED_ERRORS}",
)
def delete_whatsapp_template(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Delete a WhatsApp template."""
    Templates(api).delete(data["name"])
    return OK


@blp.route("/whatsapp-template/sync", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    answer=OkSchema,
    source="SyncWhatsappTemplates; Meta's review of PENDING templates passes (APPROVED)",
    fidelity="assumed",
)
def sync_whatsapp_templates(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Sync the WhatsApp templates with Meta."""
    Templates(api).sync()
    return OK


# -- conversations and the agent activity log ---------------------------------------------------


@blp.route("/flow/conversations/data", methods=["GET"])
@blp.doc(**DATA_LIST_ERRATUM)
@blp.operation(
    scope=FLOW_SCOPE,
    query=schemas.ConversationsQuery,
    answer=schemas.ConversationDataList,
    source="flowConversationsData; closed conversations, oldest first from start_id, "
    'created in the time range, 15 by default; times in seconds, 0 / "" when they did '
    f"not happen; `data` is a list (see x-vendor-erratum); {ASSUMED_ERRORS}",
    fidelity="assumed",
)
def conversations_data(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get the flow's closed conversations."""
    conversations = Conversations(api)
    return {
        "data": [conversations.represent(c) for c in conversations.closed(data)],
        "status": "ok",
    }


@blp.route("/flow/agent-activity-log/data", methods=["GET"])
@blp.doc(**DATA_LIST_ERRATUM)
@blp.operation(
    scope=FLOW_SCOPE,
    query=schemas.ActivityLogQuery,
    answer=schemas.AgentActivityList,
    source="flowAgentActivityLogData; newest first, 15 by default; what the API does is "
    f"logged with source_type api; `data` is a list (see x-vendor-erratum); {ASSUMED_ERRORS}",
    fidelity="assumed",
)
def agent_activity_log(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get the flow's agent activity log."""
    found = ActivityLog(api).search(data)
    return {"data": [represent_activity(row) for row in found], "status": "ok"}
