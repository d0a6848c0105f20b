"""Sending to one subscriber, and what else acts on the subscriber a body names: bot pause
/ resume, chat status and agent assignment, subscription and opt-ins, custom events and
app triggers (uchat-openapi.json tags "Sending", "Subscriber", "Mini-App").

One table (`OPERATIONS`): the subscriber of `user_ns`, one call, `{"status": "ok"}`. The
two sends that find their subscriber otherwise are views of routes/messaging.py.
"""

from __future__ import annotations

from typing import Any

from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.messaging_chat import ChatState
from sandbox.platforms.flochat.models.messaging_events import CustomEvents, record_app_trigger
from sandbox.platforms.flochat.models.messaging_send import Sender
from sandbox.platforms.flochat.models.subflows import SubFlows
from sandbox.platforms.flochat.routes.messaging_common import ASSUMED_ERRORS, PAUSED, RULES, blp
from sandbox.platforms.flochat.routes.tables import SubscriberOperation, subscriber_operations
from sandbox.platforms.flochat.schemas import messaging as schemas

Op = SubscriberOperation
ON = schemas.ChatSubscriberInput  # a body naming the subscriber and nothing else


def _send_main_flow(api: Flochat, subscriber: Record, data: dict[str, Any]) -> None:
    sender = Sender(api)
    sender.sub_flow(subscriber, sender.main_flow())


def _log_custom_event(api: Flochat, subscriber: Record, data: dict[str, Any]) -> None:
    events = CustomEvents(api)
    events.log(subscriber, events.by_name(data["event_name"]), data)


# fmt: off
OPERATIONS = (
    # -- sending --------------------------------------------------------------------------
    Op("send_main_flow", "POST /subscriber/send-main-flow", ON,
       f"flowBotUserSendMainFlow; records its nodes' texts; {PAUSED}",
       "Send the main flow to the subscriber.", _send_main_flow),
    Op("send_sub_flow", "POST /subscriber/send-sub-flow", schemas.SendSubFlowInput,
       f"flowBotUserSendSubFlow; records its nodes' texts; {PAUSED}",
       "Send a sub flow to the subscriber.",
       lambda api, s, d: Sender(api).sub_flow(s, SubFlows(api).by_ns(d["sub_flow_ns"]))),
    Op("send_sub_flow_by_flow_name", "POST /subscriber/send-sub-flow-by-flow-name",
       schemas.SendSubFlowByNameInput,
       f"flowBotUserSendSubFlowByFlowName; the name matches in any case; {PAUSED}",
       "Send a sub flow, named by its name, to the subscriber.",
       lambda api, s, d: Sender(api).sub_flow(s, SubFlows(api).by_name(d["flow_name"]))),
    Op("send_content", "POST /subscriber/send-content", schemas.SendContentInput,
       "flowBotUserSendContent; dynamic content v1: messages, then actions, quick replies on "
       "the last message, goto a node; cards are recorded as their text; "
       f"{RULES}; {ASSUMED_ERRORS}",
       "Send dynamic content to the subscriber.",
       lambda api, s, d: Sender(api).content(s, d["data"])),
    Op("send_text", "POST /subscriber/send-text", schemas.SendTextInput,
       f"flowBotUserSendText; {RULES}; {ASSUMED_ERRORS}",
       "Send a text message to the subscriber.",
       lambda api, s, d: Sender(api).text(s, d["content"])),
    Op("send_sms", "POST /subscriber/send-sms", schemas.SendTextInput,
       f"flowBotUserSendSms; needs a phone number and an SMS opt-in; {ASSUMED_ERRORS}",
       "Send an SMS to the subscriber.",
       lambda api, s, d: Sender(api).sms(s, d["content"])),
    Op("send_email", "POST /subscriber/send-email", schemas.SendEmailInput,
       "flowBotUserSendEmail; needs an e-mail address and an e-mail opt-in; "
       f"{ASSUMED_ERRORS}",
       "Send an e-mail to the subscriber.",
       lambda api, s, d: Sender(api).email(s, d["content"], d.get("subject"))),
    Op("send_node", "POST /subscriber/send-node", schemas.SendNodeInput,
       f"flowBotUserSendNode; records the node's text; {PAUSED}",
       "Send one node of a flow to the subscriber.",
       lambda api, s, d: Sender(api).node(s, SubFlows(api).node(d["node_ns"]))),
    Op("send_whatsapp_template", "POST /subscriber/send-whatsapp-template",
       schemas.SendWhatsappTemplateInput,
       "flowBotUserSendWhatsappTemplate; an approved template of /whatsapp-template/list, "
       "allowed outside the 24-hour window; missing BODY_{{n}} params are WhatsApp's error "
       f"132000; {ASSUMED_ERRORS}",
       "Send a WhatsApp template to the subscriber.",
       lambda api, s, d: Sender(api).template(s, d["content"])),
    # -- chat state -----------------------------------------------------------------------
    Op("pause_bot", "POST /subscriber/pause-bot", schemas.PauseBotInput,
       "flowBotUserPauseBot; flows are refused until then (direct messages and templates "
       f"still go); 1 minute to 100 years; {ASSUMED_ERRORS}",
       "Pause the bot's automation for the subscriber for some minutes.",
       lambda api, s, d: ChatState(api).pause_bot(s, d["minutes"])),
    Op("resume_bot", "POST /subscriber/resume-bot", ON,
       f"flowBotUserResumeBot; {ASSUMED_ERRORS}",
       "Resume the bot's automation for the subscriber.",
       lambda api, s, d: ChatState(api).resume_bot(s)),
    Op("move_chat_to", "POST /subscriber/move-chat-to", schemas.MoveChatInput,
       "flowBotUserMoveChatTo; open, pending, spam or done (the spec's example); open opens "
       f"a conversation, done closes it; logged; {ASSUMED_ERRORS}",
       "Move the subscriber's chat to a status.",
       lambda api, s, d: ChatState(api).move_to(s, d["status"])),
    Op("assign_agent", "POST /subscriber/assign-agent", schemas.AssignAgentInput,
       "flowBotUserAssignAgent; an agent is a team member who works on this bot; logged; "
       f"{ASSUMED_ERRORS}",
       "Assign an agent to the subscriber's chat.",
       lambda api, s, d: ChatState(api).assign_agent(s, d["agent_id"])),
    Op("assign_agent_group", "POST /subscriber/assign-agent-group",
       schemas.AssignAgentGroupInput,
       f"flowBotUserAssignAgentGroup; logged as an assignment to agent 0; {ASSUMED_ERRORS}",
       "Assign an agent group to the subscriber's chat.",
       lambda api, s, d: ChatState(api).assign_agent_group(s, d["agent_group_id"])),
    Op("unassign_agent", "POST /subscriber/unassign-agent", ON,
       "flowBotUserUnassignAgent; clears the agent and the agent group; logged as an "
       f"assignment to agent 0; {ASSUMED_ERRORS}",
       "Unassign the agent (and agent group) from the subscriber's chat.",
       lambda api, s, d: ChatState(api).unassign(s)),
    Op("subscribe_to_bot", "POST /subscriber/subscribe-to-bot", ON,
       f"flowBotUserSubscribeToBot; logged when it changes; {ASSUMED_ERRORS}",
       "Subscribe the subscriber to the bot (`subscribed` becomes now).",
       lambda api, s, d: ChatState(api).subscribe(s, True)),
    Op("unsubscribe_from_bot", "DELETE /subscriber/unsubscribe-from-bot", ON,
       f"flowBotUserUnsubscribeFromBot; the bot sends nothing after; {ASSUMED_ERRORS}",
       "Unsubscribe the subscriber from the bot.",
       lambda api, s, d: ChatState(api).subscribe(s, False)),
    Op("opt_in_sms", "POST /subscriber/opt-in-sms", ON,
       f"flowBotUserOptInSms; needs a phone number; {ASSUMED_ERRORS}",
       "Opt the subscriber in to SMS.",
       lambda api, s, d: ChatState(api).opt_in(s, "sms", True)),
    Op("opt_out_sms", "DELETE /subscriber/opt-out-sms", ON,
       f"flowBotUserOptOutSms; {ASSUMED_ERRORS}",
       "Opt the subscriber out of SMS.",
       lambda api, s, d: ChatState(api).opt_in(s, "sms", False)),
    Op("opt_in_email", "POST /subscriber/opt-in-email", ON,
       f"flowBotUserOptInEmail; needs an e-mail address; {ASSUMED_ERRORS}",
       "Opt the subscriber in to e-mail.",
       lambda api, s, d: ChatState(api).opt_in(s, "email", True)),
    Op("opt_out_email", "DELETE /subscriber/opt-out-email", ON,
       f"flowBotUserOptOutEmail; {ASSUMED_ERRORS}",
       "Opt the subscriber out of e-mail.",
       lambda api, s, d: ChatState(api).opt_in(s, "email", False)),
    # -- custom events and app triggers ---------------------------------------------------
    Op("log_custom_event", "POST /subscriber/log-custom-event", schemas.LogCustomEventInput,
       "flowBotUserLogCustomEvent; the event is one of /flow/custom-events, by name in any "
       f"case; {ASSUMED_ERRORS}",
       "Log a custom event for the subscriber.", _log_custom_event),
    Op("app_trigger", "POST /subscriber/app-trigger", schemas.AppTriggerInput,
       "flowBotUserAppTrigger; recorded (fixtures' app_triggers), the app's flows are not "
       f"run; {ASSUMED_ERRORS}",
       "Trigger an installed mini app's event on the subscriber.",
       lambda api, s, d: record_app_trigger(api, s, d["trigger_name"], d.get("context") or {}),
       fidelity="assumed"),
)
# fmt: on
subscriber_operations(blp, OPERATIONS)
