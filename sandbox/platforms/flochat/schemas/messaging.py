"""Inputs and answers of sending, broadcasts, chat state, chat messages, WhatsApp templates,
custom events and conversations data (uchat-openapi.json tags "Sending", "Subscriber",
"Mini-App", "Whatsapp Template", "Flow Custom Events", "Flow Conversation"), by name:
routes/messaging.py reads every schema from here. Each part is its own module: the
shared input rules (messaging_rules), the inputs naming one subscriber (messaging_send),
broadcasts (messaging_broadcasts), WhatsApp templates (messaging_templates) and the reads
(messaging_reads)."""

from __future__ import annotations

from sandbox.platforms.flochat.schemas.messaging_broadcasts import (
    BroadcastBySegmentInput,
    BroadcastByTagInput,
    BroadcastByUserIdInput,
    BroadcastInput,
)
from sandbox.platforms.flochat.schemas.messaging_reads import (
    ActivityLogQuery,
    AgentActivityList,
    ChatMessageList,
    ChatMessagesByMidsInput,
    ChatMessagesQuery,
    ConversationDataList,
    ConversationsQuery,
    CustomEventDataList,
    CustomEventDataQuery,
    CustomEventList,
    CustomEventSummaryQuery,
    EventSummary,
)
from sandbox.platforms.flochat.schemas.messaging_send import (
    AppTriggerInput,
    AssignAgentGroupInput,
    AssignAgentInput,
    ChatSubscriberInput,
    LogCustomEventInput,
    MoveChatInput,
    PauseBotInput,
    SendContentInput,
    SendEmailInput,
    SendNodeInput,
    SendSubFlowByNameInput,
    SendSubFlowByUserIdInput,
    SendSubFlowInput,
    SendTextInput,
)
from sandbox.platforms.flochat.schemas.messaging_templates import (
    CreateWhatsappTemplateInput,
    SendWhatsappTemplateByUserIdInput,
    SendWhatsappTemplateInput,
    WhatsappTemplateList,
    WhatsappTemplateNameInput,
)

__all__ = [
    "ActivityLogQuery",
    "AgentActivityList",
    "AppTriggerInput",
    "AssignAgentGroupInput",
    "AssignAgentInput",
    "BroadcastBySegmentInput",
    "BroadcastByTagInput",
    "BroadcastByUserIdInput",
    "BroadcastInput",
    "ChatMessageList",
    "ChatMessagesByMidsInput",
    "ChatMessagesQuery",
    "ChatSubscriberInput",
    "ConversationDataList",
    "ConversationsQuery",
    "CreateWhatsappTemplateInput",
    "CustomEventDataList",
    "CustomEventDataQuery",
    "CustomEventList",
    "CustomEventSummaryQuery",
    "EventSummary",
    "LogCustomEventInput",
    "MoveChatInput",
    "PauseBotInput",
    "SendContentInput",
    "SendEmailInput",
    "SendNodeInput",
    "SendSubFlowByNameInput",
    "SendSubFlowByUserIdInput",
    "SendSubFlowInput",
    "SendTextInput",
    "SendWhatsappTemplateByUserIdInput",
    "SendWhatsappTemplateInput",
    "WhatsappTemplateList",
    "WhatsappTemplateNameInput",
]
