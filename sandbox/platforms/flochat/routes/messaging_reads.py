"""Reads of the flow's messaging (custom events, their summary and logs, chat messages,
conversations data, the agent activity log) and the WhatsApp templates (uchat-openapi.json
tags "Flow Custom Events", "Subscriber", "Whatsapp Template", "Flow Conversation")."""

from __future__ import annotations

from typing import Any

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
from sandbox.platforms.flochat.models.messaging_templates import Templates
from sandbox.platforms.flochat.models.messaging_templates import represent as represent_template
from sandbox.platforms.flochat.models.subscribers import Subscribers
from sandbox.platforms.flochat.routes.common import OK, OkSchema
from sandbox.platforms.flochat.routes.messaging_common import ASSUMED_ERRORS, blp
from sandbox.platforms.flochat.schemas import messaging as schemas
from sandbox.platforms.flochat.schemas.common import ListQuery

#: The vendor's spec types `data` of the three `/data` reads as one object, while its own
#: resource schemas (AgentActivityLogResource, BotConversationDataResource,
#: BotEventDataResource, referenced nowhere) and their `limit` / `start_id` paging make
#: it a list, as public clients read it. The sandbox answers the list.
DATA_LIST_ERRATUM = {
    "x-vendor-erratum": "The vendor's 200 schema types `data` as one object; its own "
    "resource schema for this read, and its limit / start_id paging, make it a list: "
    "the sandbox answers the list"
}

# -- custom events --------------------------------------------------------------------------


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
