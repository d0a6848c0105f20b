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

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import FLOW_SCOPE, Flochat
from sandbox.platforms.flochat.models.messaging_chat import (
    ActivityLog,
    Conversations,
    represent_activity,
)
from sandbox.platforms.flochat.models.messaging_events import (
    CustomEvents,
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

# The table of operations on one subscriber is declared on the blueprint when imported.
from sandbox.platforms.flochat.routes import messaging_send
from sandbox.platforms.flochat.routes.common import OkSchema
from sandbox.platforms.flochat.routes.messaging_common import (
    ASSUMED_ERRORS,
    PAUSED,
    blp,
    comma_list,
)
from sandbox.platforms.flochat.routes.tables import (
    FlowAct,
    OkOperation,
    Serve,
    listing,
    ok_operations,
    op,
    operations,
    then_ok,
)
from sandbox.platforms.flochat.schemas import messaging as schemas
from sandbox.platforms.flochat.schemas.common import ListQuery
from sandbox.platforms.flochat.schemas.subscribers import is_phone_number

__all__ = ["blp", "messaging_send"]

MAX_LIST = 200
MAX_SEGMENTS = 10
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


#: The vendor's spec types `data` of the three `/data` reads as one object, while its own
#: resource schemas (AgentActivityLogResource, BotConversationDataResource,
#: BotEventDataResource, referenced nowhere) and their `limit` / `start_id` paging make
#: it a list, as public clients read it. The sandbox answers the list.
DATA_LIST_ERRATUM = {
    "x-vendor-erratum": "The vendor's 200 schema types `data` as one object; its own "
    "resource schema for this read, and its limit / start_id paging, make it a list: "
    "the sandbox answers the list"
}


# -- sending by user id -------------------------------------------------------------------------


def _send_sub_flow_by_user_id(api: Flochat, data: dict[str, Any]) -> None:
    subscriber = Subscribers(api).by_user_id(data["user_id"])
    Sender(api).sub_flow(subscriber, SubFlows(api).by_ns(data["sub_flow_ns"]))


def _send_whatsapp_template_by_user_id(api: Flochat, data: dict[str, Any]) -> None:
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


Fop = partial(op, scope=FLOW_SCOPE)
# fmt: off
operations(blp, (
    Fop("send_sub_flow_by_user_id", "POST /subscriber/send-sub-flow-by-user-id",
        "Send a sub flow to the subscriber with this channel user id.",
        then_ok(_send_sub_flow_by_user_id), body=schemas.SendSubFlowByUserIdInput,
        answer=OkSchema, source=f"flowBotUserSendSubFlowByUserId; {PAUSED}"),
    Fop("send_whatsapp_template_by_user_id", "POST /subscriber/send-whatsapp-template-by-user-id",
        "Send a WhatsApp template to the subscriber with this user id. Asked to create it,\n"
        '    the id must be a phone number, read as WhatsApp does ("+55 11 98765-4321" is\n'
        "    5511987654321): the subscriber with those digits, or a new one.",
        then_ok(_send_whatsapp_template_by_user_id),
        body=schemas.SendWhatsappTemplateByUserIdInput, answer=OkSchema,
        source="flowBotUserSendWhatsappTemplateByUserId; the user id is matched as given; "
        "create_if_not_found=yes reads it as a phone number (its digits are the WhatsApp id) "
        f"and creates a contact of the bot's WhatsApp when none has it; {ASSUMED_ERRORS}"),
))
# fmt: on


# -- broadcasts ---------------------------------------------------------------------------------


def _to_list(key: str, attribute: str, find: str) -> FlowAct:
    """To the subscribers of a comma separated list (`key`), each found by `find` (a
    method of Subscribers); those not found are skipped, and recorded as missing."""

    def act(api: Flochat, data: dict[str, Any]) -> None:
        wanted = comma_list(data[key], attribute, MAX_LIST)
        sub_flow = SubFlows(api).by_ns(data["sub_flow_ns"])
        subscribers = Subscribers(api)
        found = {each: getattr(subscribers, find)(each) for each in wanted}
        recipients = [s for s in found.values() if s is not None]
        missing = [each for each, s in found.items() if s is None]
        Broadcasts(api).send(recipients, sub_flow, _options(data), missing=missing)

    return act


def _to_tags(api: Flochat, data: dict[str, Any]) -> None:
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


def _to_segments(api: Flochat, data: dict[str, Any]) -> None:
    segments = Segments(api)
    wanted = comma_list(data["segment_ns"], "segment ns", MAX_SEGMENTS)
    found = [segments.by_ns(ns) for ns in wanted]
    if not found:
        raise FlochatError("The segment ns field is required.")
    sub_flow = SubFlows(api).by_ns(data["sub_flow_ns"])
    set_bot_fields(api, resolve_fields(api, data.get("bot_fields") or [], bot=True))
    recipients = [member for segment in found for member in segments.members(segment)]
    Broadcasts(api).send(recipients, sub_flow, _options(data))


Op = OkOperation
# fmt: off
BROADCASTS = (
    Op("broadcast", "POST /subscriber/broadcast", schemas.BroadcastInput,
       f"flowBotUserBroadcast; {BROADCAST_NOTES}; unknown user_ns are skipped; "
       f"{ASSUMED_ERRORS}",
       "Broadcast a sub flow to a list of subscribers.",
       _to_list("user_ns_list", "user ns list", "find"), fidelity="assumed"),
    Op("broadcast_by_user_id", "POST /subscriber/broadcast-by-user-id",
       schemas.BroadcastByUserIdInput,
       f"flowBotUserBroadcastByUserId; {BROADCAST_NOTES}; unknown user ids are skipped; "
       f"{ASSUMED_ERRORS}",
       "Broadcast a sub flow to a list of channel user ids.",
       _to_list("user_id_list", "user id list", "find_by_user_id"), fidelity="assumed"),
    Op("broadcast_by_tag", "POST /subscriber/broadcast-by-tag", schemas.BroadcastByTagInput,
       "flowBotUserBroadcastByTag; to subscribers with any of the tags and none of "
       "exclude_tags; user_fields are set on each recipient before sending; "
       f"{BROADCAST_NOTES}; {ASSUMED_ERRORS}",
       "Broadcast a sub flow to the subscribers with some tags.", _to_tags,
       fidelity="assumed"),
    Op("broadcast_by_segment", "POST /subscriber/broadcast-by-segment",
       schemas.BroadcastBySegmentInput,
       "flowBotUserBroadcastBySegment; to the members of any of the segments; bot_fields are "
       f"set before sending; {BROADCAST_NOTES}; {ASSUMED_ERRORS}",
       "Broadcast a sub flow to the members of segments.", _to_segments, fidelity="assumed"),
)
# fmt: on
ok_operations(blp, BROADCASTS)


# -- custom events, chat messages, WhatsApp templates, the `/data` reads -----------------------


def _data_list(
    find: Callable[[Flochat, dict[str, Any]], Iterable[Any]], represent: Callable[[Any], Any]
) -> Serve:
    """A `/data` read: `data` is the list (see DATA_LIST_ERRATUM), with `status`."""

    def serve(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        return {"data": [represent(row) for row in find(api, data)], "status": "ok"}

    return serve


def _event_summary(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    events = CustomEvents(api)
    return events.summary(events.by_ns(data["event_ns"]), data.get("range") or "yesterday")


def _event_logs(api: Flochat, data: dict[str, Any]) -> Iterable[Record]:
    events = CustomEvents(api)
    return events.logs(events.by_ns(data["event_ns"]), data)


def _chat_messages(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
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


def _closed_conversations(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    conversations = Conversations(api)
    return _data_list(lambda api, data: conversations.closed(data), conversations.represent)(
        api, data
    )


# fmt: off
operations(blp, (
    Fop("custom_events", "GET /flow/custom-events", "Get list of custom events by flow.",
        listing(CustomEvents, represent_event), query=ListQuery,
        answer=schemas.CustomEventList, source="flowEvents"),
    Fop("custom_events_summary", "GET /flow/custom-events/summary",
        "Get the custom event's summary over a range (yesterday by default).", _event_summary,
        query=schemas.CustomEventSummaryQuery, answer=schemas.EventSummary,
        source="flowEventsSummary; whole UTC days before today (last_week: Monday to Sunday, "
        "last_month / last_3_months: calendar months), one stats entry per day; "
        f"{ASSUMED_ERRORS}", fidelity="assumed"),
    Fop("custom_events_data", "GET /flow/custom-events/data", "Get the custom event's logs.",
        _data_list(_event_logs, represent_log), doc=DATA_LIST_ERRATUM,
        query=schemas.CustomEventDataQuery, answer=schemas.CustomEventDataList,
        source="flowEventsData; oldest first from start_id, 15 by default; `data` is a list "
        f"(the spec says one object: see x-vendor-erratum); {ASSUMED_ERRORS}",
        fidelity="assumed"),
    # -- chat messages
    Fop("chat_messages", "GET /subscriber/chat-messages", "Get the subscriber's chat messages.",
        _chat_messages, query=schemas.ChatMessagesQuery, answer=schemas.ChatMessageList,
        source="flowBotUserChatMessages; newest first, 15 by default; bot messages (`out`) "
        f"only with include_bot=1; {ASSUMED_ERRORS}"),
    Fop("chat_messages_by_mids", "POST /subscriber/chat-messages-by-mids",
        "Get chat messages by their ids (up to 100).",
        lambda api, data: {
            "data": [represent_message(m) for m in Messages(api).by_mids(data["mids"])]
        },
        body=schemas.ChatMessagesByMidsInput, answer=schemas.ChatMessageList,
        source="flowBotUserChatMessagesByMids; mids are the messages' ids; unknown ones are "
        f"left out; oldest first; {ASSUMED_ERRORS}"),
    # -- WhatsApp templates
    Fop("whatsapp_templates", "POST /whatsapp-template/list", "List the WhatsApp templates.",
        listing(Templates, represent_template), query=ListQuery,
        answer=schemas.WhatsappTemplateList,
        source="listWhatsappTemplates; each with the namespace and status "
        "send-whatsapp-template needs"),
    Fop("create_whatsapp_template", "POST /whatsapp-template/create",
        "Create a WhatsApp template (sent to Meta for review).",
        then_ok(lambda api, data: Templates(api).create(data)),
        body=schemas.CreateWhatsappTemplateInput, answer=OkSchema,
        source="CreateWhatsappTemplate; Meta's name rule and categories, a BODY component; "
        f"PENDING until /whatsapp-template/sync; {ASSUMED_ERRORS}"),
    Fop("delete_whatsapp_template", "DELETE /whatsapp-template/delete",
        "Delete a WhatsApp template.",
        then_ok(lambda api, data: Templates(api).delete(data["name"])),
        body=schemas.WhatsappTemplateNameInput, answer=OkSchema,
        source="DeleteWhatsappTemplate; every language of the name, as Meta does; "
        f"{ASSUMED_ERRORS}"),
    Fop("sync_whatsapp_templates", "POST /whatsapp-template/sync",
        "Sync the WhatsApp templates with Meta.",
        then_ok(lambda api, data: Templates(api).sync()), answer=OkSchema,
        source="SyncWhatsappTemplates; Meta's review of PENDING templates passes (APPROVED)",
        fidelity="assumed"),
    # -- conversations and the agent activity log
    Fop("conversations_data", "GET /flow/conversations/data",
        "Get the flow's closed conversations.", _closed_conversations, doc=DATA_LIST_ERRATUM,
        query=schemas.ConversationsQuery, answer=schemas.ConversationDataList,
        source="flowConversationsData; closed conversations, oldest first from start_id, "
        'created in the time range, 15 by default; times in seconds, 0 / "" when they did '
        f"not happen; `data` is a list (see x-vendor-erratum); {ASSUMED_ERRORS}",
        fidelity="assumed"),
    Fop("agent_activity_log", "GET /flow/agent-activity-log/data",
        "Get the flow's agent activity log.",
        _data_list(lambda api, data: ActivityLog(api).search(data), represent_activity),
        doc=DATA_LIST_ERRATUM, query=schemas.ActivityLogQuery,
        answer=schemas.AgentActivityList,
        source="flowAgentActivityLogData; newest first, 15 by default; what the API does is "
        f"logged with source_type api; `data` is a list (see x-vendor-erratum); "
        f"{ASSUMED_ERRORS}", fidelity="assumed"),
))
# fmt: on
