"""Sending and receiving WhatsApp messages, under WhatsApp's 24-hour rule.

The customer-service window opens (or refreshes) with each message of the customer and
lasts 24 hours on the sandbox clock. Inside it any message may be sent; outside it only
an approved template, and a free-form message is refused with Meta's error 131047
(platforms.md §D.2). A trigger whose window is closed sends the template first and
leaves the conversation `pending`: the flow's first message follows the customer's
reply ("combined mode", platforms.md §D.1).

Nothing leaves the sandbox: sent messages are stored (with WAMIDs) and read back through
the control API's outbox.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sandbox.platforms.flowbot import errors, texts
from sandbox.platforms.flowbot.models.common import CONVERSATIONS, MESSAGES, window_open
from sandbox.platforms.flowbot.models.conversations import Conversations
from sandbox.platforms.flowbot.models.flows import Flows
from sandbox.platforms.flowbot.wamid import new_wamid

if TYPE_CHECKING:
    from sandbox.core.storage import Record
    from sandbox.platforms.flowbot.models.api import FlowBot

MEDIA_TYPES = ("image", "video", "document")
WINDOW_CLOSED = (
    "The 24-hour window with {phone} is closed: send templateGroupId, templateName or "
    "templateId to open the conversation with an approved template"
)


def preview(content: Mapping[str, Any]) -> str:
    """What a conversation list shows as its last message."""
    if content.get("text"):
        return content["text"]
    if content.get("caption"):
        return content["caption"]
    if content.get("filename"):
        return content["filename"]
    return f"[{content['type']}]"


def template_content(template: Mapping[str, Any], params: Any) -> dict[str, Any]:
    """A template message with its parameters, or Meta's error for a wrong count."""
    given = [str(value) for value in params]
    expected = texts.parameter_count(template["text"])
    if len(given) != expected:
        raise errors.BadRequest(
            errors.TEMPLATE_PARAMS.format(
                name=template["name"],
                language=template["language"],
                expected=expected,
                given=len(given),
            )
        )
    return {
        "type": "template",
        "template": {"name": template["name"], "language": template["language"], "params": given},
        "text": texts.fill_parameters(template["text"], given),
    }


def first_message(flow: Mapping[str, Any], conversation: Mapping[str, Any]) -> dict[str, Any]:
    """The flow's first message, its `{{variables}}` filled from the conversation: its
    variables, plus `phone` and `customerName`."""
    variables = {
        "phone": conversation["waPhoneNumber"],
        "customerName": conversation["customerName"],
        **conversation["variables"],
    }
    return {"type": "text", "text": texts.fill_variables(flow["firstMessage"], variables)}


class Messaging:
    def __init__(self, api: FlowBot) -> None:
        self.api = api

    # -- triggers ------------------------------------------------------------------------

    def trigger(
        self,
        flow: Mapping[str, Any],
        phone: str,
        variables: Mapping[str, Any],
        *,
        template: Mapping[str, Any] | None,
        params: Sequence[Any],
        customer_name: str | None,
    ) -> Record:
        """Start (or resume) the flow with `phone`: its first message inside the window,
        else the template (the one named, or the flow's default) and wait for a reply."""
        named = template_content(template, params) if template is not None else None
        existing = Conversations(self.api).by_phone(flow["userId"], phone)
        is_open = existing is not None and window_open(
            existing["lastCustomerMessageAt"], self.api.now()
        )
        if not is_open and named is None:
            default = Flows(self.api).default_template(flow)
            if default is None:
                raise errors.BadRequest(WINDOW_CLOSED.format(phone=phone))
            named = template_content(default, params)
        conversation = Conversations(self.api).open(flow, phone, variables, customer_name)
        if is_open:
            conversation, _ = self.send(conversation, first_message(flow, conversation), "active")
        else:
            assert named is not None
            conversation, _ = self.send(conversation, named, "pending")
        return conversation

    # -- replies -------------------------------------------------------------------------

    def reply(self, conversation: Record, body: Mapping[str, Any]) -> dict[str, Any]:
        """`POST /api/conversations/{id}/reply` (its body read by `schemas.ReplyBody`):
        apply the 24-hour rule, send."""
        kind = body["messageType"]
        is_open = window_open(conversation["lastCustomerMessageAt"], self.api.now())
        if kind == "template":
            content = self._template_reply(conversation, body)
        else:
            content = self._free_form(body)
            if not is_open:
                raise errors.re_engagement()
        _, message = self.send(conversation, content, None)
        return {"success": True, "messageId": message["id"], "windowOpen": is_open}

    def _template_reply(self, conversation: Record, body: Mapping[str, Any]) -> dict[str, Any]:
        name, language = body["templateName"], body["templateLanguage"]
        params = body["templateParams"]
        template = Flows(self.api).user_template(conversation["userId"], name, language)
        if template is None:
            raise errors.BadRequest(
                errors.TEMPLATE_TRANSLATION.format(name=name, language=language)
            )
        return template_content(template, params)

    @staticmethod
    def _free_form(body: Mapping[str, Any]) -> dict[str, Any]:
        kind = body["messageType"]
        if kind == "text":
            return {"type": "text", "text": body["text"]}
        content: dict[str, Any] = {
            "type": kind,
            "mediaUrl": body["mediaUrl"],
            "caption": body.get("caption"),
        }
        if kind == "document":
            content["filename"] = body.get("filename")
        return content

    # -- the wire ------------------------------------------------------------------------

    def send(
        self, conversation: Record, content: Mapping[str, Any], status: str | None
    ) -> tuple[Record, Record]:
        """Record an outbound message; `status` (when given) becomes the conversation's."""
        now = self.api.timestamp()
        message = self._record(conversation, "outbound", content, now)
        changes: dict[str, Any] = {"lastMessage": preview(content), "lastMessageAt": now}
        if status is not None:
            changes["status"] = status
        return self.api.update(CONVERSATIONS, conversation.id, changes), message

    def receive(self, conversation: Record, text: str) -> Record:
        """A customer's message: it opens the window; a conversation waiting for this reply
        (combined mode) goes on with its flow's first message."""
        if not text.strip():
            raise ValueError("text must not be empty")
        now = self.api.timestamp()
        message = self._record(conversation, "inbound", {"type": "text", "text": text}, now)
        waiting = conversation["status"] == "pending"
        conversation = self.api.update(
            CONVERSATIONS,
            conversation.id,
            {
                "status": "active",
                "lastCustomerMessageAt": now,
                "lastMessage": text,
                "lastMessageAt": now,
            },
        )
        if waiting:
            flow = Flows(self.api).by_text_id(conversation["flowId"])
            if flow is not None:
                self.send(conversation, first_message(flow, conversation), None)
        return message

    def _record(
        self, conversation: Record, direction: str, content: Mapping[str, Any], now: str
    ) -> Record:
        """Store a message of `conversation` (its wamid minted for the customer's number)."""
        return self.api.insert(
            MESSAGES,
            {
                "id": new_wamid(self.api.ctx.ids, conversation["waPhoneNumber"]),
                "conversationId": conversation["id"],
                "direction": direction,
                **content,
                "timestamp": now,
            },
        )

    def messages(self, conversation_id: str | None) -> list[Record]:
        """Every message (of one conversation), oldest first."""
        if conversation_id is None:
            return self.api.find(MESSAGES)
        return self.api.find(MESSAGES, conversationId=conversation_id)
