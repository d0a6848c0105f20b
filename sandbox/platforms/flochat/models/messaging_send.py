"""Sending to one subscriber: sub flows (the main flow included) and nodes, text, SMS,
e-mail, dynamic content (v1) and WhatsApp templates; and broadcasts of a sub flow to many.

Each send first checks the rules of messaging_messages (subscribed, paused bot, opt-ins,
the WhatsApp 24-hour window), then records what the subscriber receives: one message per
text of a sub flow's nodes (nodes without text send nothing), the text, or the filled
template body. A broadcast skips the recipients the rules refuse and records why.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from marshmallow import fields

from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import BOT_FIELDS, NODES, SUB_FLOWS, SUBSCRIBERS
from sandbox.platforms.flochat.models.fields import Fields, coerce
from sandbox.platforms.flochat.models.messaging_common import (
    BROADCASTS,
    Moment,
    flow_entries,
    insert_entry,
    moment,
    referring,
)
from sandbox.platforms.flochat.models.messaging_messages import (
    Messages,
    Route,
    ensure_can_send,
    refusal,
    text_payload,
)
from sandbox.platforms.flochat.models.messaging_templates import (
    Templates,
    render,
    sub_flow_buttons,
)
from sandbox.platforms.flochat.models.sections import Entry, Section, one_of
from sandbox.platforms.flochat.models.subflows import NODE_NOT_FOUND, SubFlows
from sandbox.platforms.flochat.models.subscribers import SUBSCRIBER_NOT_FOUND
from sandbox.platforms.flochat.models.tags import Tags

MAIN_FLOW_NOT_FOUND = "Main flow not found"
BROADCAST_TYPES = ("EMAIL", "SMS", "WHATSAPP_TEMPLATE", "FACEBOOK_NOTIFICATION")
MESSAGE_TAGS = (
    "CONFIRMED_EVENT_UPDATE",
    "POST_PURCHASE_UPDATE",
    "ACCOUNT_UPDATE",
    "NON_PROMOTIONAL_SUBSCRIPTION",
)
#: How each broadcast type reaches a subscriber; no type is the subscriber's channel.
BROADCAST_ROUTES: dict[str | None, Route] = {
    None: "channel",
    "EMAIL": "email",
    "SMS": "sms",
    "WHATSAPP_TEMPLATE": "template",
    "FACEBOOK_NOTIFICATION": "notification",
}
DEFAULT_PER_MINUTE = 60
MEDIA_TYPES = ("image", "audio", "video", "file")


def _via(route: Route) -> str | None:
    """The `via` of a message: sms and email by name, the subscriber's channel otherwise."""
    return route if route in ("sms", "email") else None


class Sender:
    def __init__(self, api: Flochat) -> None:
        self.api = api
        self.messages = Messages(api)
        self.sub_flows = SubFlows(api)

    def texts_of(self, sub_flow: Record) -> list[str]:
        return [node["text"] for node in self.sub_flows.nodes_of(sub_flow) if node["text"]]

    def main_flow(self) -> Record:
        main = self.sub_flows.main()
        if main is None:
            raise FlochatError(MAIN_FLOW_NOT_FOUND)
        return main

    def sub_flow(self, subscriber: Record, sub_flow: Record) -> list[Record]:
        texts = self.texts_of(sub_flow)
        ensure_can_send(self.api, subscriber, "channel", runs_flow=True, free_form=bool(texts))
        details = {"sub_flow_ns": sub_flow["sub_flow_ns"]}
        return self.messages.send_texts(subscriber, texts, kind="flow", details=details)

    def node(self, subscriber: Record, node: Record) -> list[Record]:
        texts = [node["text"]] if node["text"] else []
        ensure_can_send(self.api, subscriber, "channel", runs_flow=True, free_form=bool(texts))
        details = {"node_ns": node["node_ns"]}
        return self.messages.send_texts(subscriber, texts, kind="node", details=details)

    def text(self, subscriber: Record, content: str) -> Record:
        ensure_can_send(self.api, subscriber, "channel", runs_flow=False, free_form=True)
        return self.messages.record(subscriber, type="out", content=content, kind="text")

    def sms(self, subscriber: Record, content: str) -> Record:
        ensure_can_send(self.api, subscriber, "sms", runs_flow=False, free_form=True)
        return self.messages.record(subscriber, type="out", content=content, kind="sms", via="sms")

    def email(self, subscriber: Record, content: str, subject: str | None) -> Record:
        ensure_can_send(self.api, subscriber, "email", runs_flow=False, free_form=True)
        return self.messages.record(
            subscriber,
            type="out",
            content=content,
            kind="email",
            via="email",
            details={"subject": subject or ""},
        )

    def template(self, subscriber: Record, content: dict[str, Any]) -> Record:
        """Send an approved WhatsApp template (allowed outside the 24-hour window)."""
        template = Templates(self.api).sendable(
            content["namespace"], content["name"], content["lang"]
        )
        params = {str(k): v for k, v in (content.get("params") or {}).items()}
        body = render(template, params)
        for sub_flow_ns in sub_flow_buttons(params):
            self.sub_flows.by_ns(sub_flow_ns)
        ensure_can_send(self.api, subscriber, "template", runs_flow=False, free_form=False)
        header = params.get("HEADER_IMAGE")
        return self.messages.record(
            subscriber,
            type="out",
            content=body,
            kind="template",
            payload=text_payload(body, str(header) if header else None),
            details={
                "template": {
                    "namespace": template["namespace"],
                    "name": template["name"],
                    "lang": template["language"],
                    "params": params,
                }
            },
        )

    def find_node(self, reference: str) -> Record:
        """A node of the flow by node_ns or by name."""
        wanted = reference.strip().casefold()
        for node in self.api.find_in_flow(NODES):
            if node["node_ns"] == reference or (node["name"] or "").casefold() == wanted:
                return node
        raise FlochatError(NODE_NOT_FOUND)

    def content(self, subscriber: Record, data: dict[str, Any]) -> list[Record]:
        """Dynamic content v1: its messages, then its actions on the subscriber, its
        quick replies (on the last message) and the node it goes to."""
        content = data.get("content") or {}
        planned = [_planned_message(i, m) for i, m in enumerate(content.get("messages") or [])]
        actions = [self._resolve_action(i, a) for i, a in enumerate(content.get("actions") or [])]
        quick_replies = content.get("quick_replies") or []
        for reply in quick_replies:
            if reply.get("type") == "node":
                self.find_node(str(reply.get("target") or ""))
        goto = self.find_node(content["goto"]) if content.get("goto") else None
        if goto is not None and goto["text"]:
            planned.append(("text", goto["text"], text_payload(goto["text"])))
        ensure_can_send(
            self.api,
            subscriber,
            "channel",
            runs_flow=goto is not None,
            free_form=bool(planned),
        )
        sent = []
        for index, (msg_type, text, payload) in enumerate(planned):
            details: dict[str, Any] = {}
            if quick_replies and index == len(planned) - 1:
                details["quick_replies"] = [dict(r) for r in quick_replies]
            sent.append(
                self.messages.record(
                    subscriber,
                    type="out",
                    content=text,
                    kind="content",
                    msg_type=msg_type,
                    payload=payload,
                    details=details,
                )
            )
        fresh = self.api.first_in_flow(SUBSCRIBERS, user_ns=subscriber["user_ns"]) or subscriber
        for apply in actions:
            fresh = apply(fresh)
        return sent

    def _resolve_action(self, index: int, action: dict[str, Any]) -> Any:
        """The change an action makes, checked now, applied once the messages are sent."""
        kind = action.get("action")
        where = f"data.content.actions.{index}"
        if kind in ("add_tag", "remove_tag"):
            name = _required(action, "tag_name", where)
            tag_ns = Tags(self.api).by_name(name)["tag_ns"]

            def tag(subscriber: Record) -> Record:
                others = [ns for ns in subscriber["tags"] if ns != tag_ns]
                tags = [*others, tag_ns] if kind == "add_tag" else others
                return self.api.update(SUBSCRIBERS, subscriber, {"tags": tags})

            return tag
        name = _required(action, "field_name", where)
        field = Fields(self.api, bot=False).by_name(name)
        value = (
            coerce(field["var_type"], action.get("value")) if kind == "set_field_value" else None
        )

        def set_field(subscriber: Record) -> Record:
            values = dict(subscriber["user_fields"])
            if kind == "set_field_value":
                values[field["var_ns"]] = value
            else:
                values.pop(field["var_ns"], None)
            return self.api.update(SUBSCRIBERS, subscriber, {"user_fields": values})

        return set_field


def _required(item: dict[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if value is None or str(value).strip() == "":
        raise FlochatError(f"The {where}.{key.replace('_', ' ')} field is required.")
    return str(value)


def _planned_message(index: int, message: dict[str, Any]) -> tuple[str, str, dict[str, str]]:
    """(msg_type, content, payload) of one content message; cards are recorded as the
    text of their elements (the vendor's chat messages have no card type)."""
    where = f"data.content.messages.{index}"
    kind = message["type"]
    if kind == "text":
        text = _required(message, "text", where)
        return "text", text, text_payload(text)
    if kind in MEDIA_TYPES:
        url = _required(message, "url", where)
        caption = str(message.get("caption") or "")
        return kind, caption, {"text": caption, "url": url}
    elements = message.get("elements")
    if not isinstance(elements, list) or not elements:
        raise FlochatError(f"The {where}.elements field is required.")
    lines = []
    for element in elements:
        if isinstance(element, dict):
            lines.append(
                " - ".join(str(element[k]) for k in ("title", "subtitle") if element.get(k))
            )
    text = "\n".join(line for line in lines if line)
    return "text", text, text_payload(text)


class Broadcasts:
    def __init__(self, api: Flochat) -> None:
        self.api = api
        self.sender = Sender(api)

    def send(
        self,
        recipients: list[Record],
        sub_flow: Record,
        options: dict[str, Any],
        *,
        user_fields: list[tuple[Record, Any]] | None = None,
        missing: Iterable[str] = (),
    ) -> Record:
        """Send `sub_flow` to each recipient the rules allow, at most `max_per_minute`
        a minute from now or from `scheduled_time` (messages due later show once the
        sandbox clock reaches them); `user_fields` are set on each recipient first.
        The broadcast keeps who got it, and why the others (and the `missing`, names
        that found no subscriber) did not."""
        route = BROADCAST_ROUTES[options.get("type")]
        texts = self.sender.texts_of(sub_flow)
        now = self.api.timestamp()
        scheduled = options.get("scheduled_time")
        start = scheduled if scheduled and scheduled > now else now
        per_minute = options.get("max_per_minute") or DEFAULT_PER_MINUTE
        broadcast_id = self.api.next_id(BROADCASTS)
        sent: list[str] = []
        skipped = dict.fromkeys(missing, SUBSCRIBER_NOT_FOUND)
        seen: set[str] = set()
        for subscriber in recipients:
            if subscriber["user_ns"] in seen:
                continue
            seen.add(subscriber["user_ns"])
            reason = refusal(
                self.api,
                subscriber,
                route,
                runs_flow=True,
                free_form=route == "channel" and bool(texts),
            )
            if reason is not None:
                skipped[subscriber["user_ns"]] = reason
                continue
            current = subscriber
            if user_fields:
                values = dict(subscriber["user_fields"])
                values.update({field["var_ns"]: value for field, value in user_fields})
                current = self.api.update(SUBSCRIBERS, subscriber, {"user_fields": values})
            ts = start + (len(sent) // per_minute) * 60
            details = {"broadcast_id": broadcast_id, "sub_flow_ns": sub_flow["sub_flow_ns"]}
            self.sender.messages.send_texts(
                current, texts, kind="broadcast", via=_via(route), ts=ts, details=details
            )
            sent.append(subscriber["user_ns"])
        return self.api.insert(
            BROADCASTS,
            {
                "flow": self.api.flow_id,
                "id": broadcast_id,
                "name": options.get("name") or "",
                "sub_flow_ns": sub_flow["sub_flow_ns"],
                "type": options.get("type"),
                "message_tag": options.get("message_tag"),
                "scheduled_time": scheduled if scheduled and scheduled > now else None,
                "max_per_minute": per_minute,
                "created_at": now,
                "recipients": sent,
                "skipped": skipped,
            },
        )


def set_bot_fields(api: Flochat, resolved: list[tuple[Record, Any]]) -> None:
    for field, value in resolved:
        api.update(BOT_FIELDS, field, {"value": value})


def resolve_fields(api: Flochat, items: list[dict[str, Any]], *, bot: bool) -> list[Any]:
    """(field, value) of each `{var_ns, value}`, checked before anything is written."""
    found = Fields(api, bot=bot)
    resolved = []
    for item in items:
        field = found.by_ns(item["var_ns"])
        resolved.append((field, coerce(field["var_type"], item.get("value"))))
    return resolved


# -- fixtures ----------------------------------------------------------------------------------


class BroadcastEntry(Entry):
    id = fields.Integer()
    name = fields.String(load_default="")
    sub_flow_ns = fields.String(required=True)
    type = fields.String(allow_none=True, load_default=None, validate=one_of(BROADCAST_TYPES))
    message_tag = fields.String(allow_none=True, load_default=None)
    scheduled_time = Moment(allow_none=True, load_default=None)
    max_per_minute = fields.Integer(load_default=DEFAULT_PER_MINUTE)
    created_at = Moment(required=True, metadata={"description": "Y-m-d H:i:s (UTC)"})
    recipients = fields.List(fields.String(), load_default=list)
    skipped = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)


def load_broadcasts(api: Flochat, entries: list[dict[str, Any]]) -> int:
    sub_flows = {s["sub_flow_ns"] for s in api.find_in_flow(SUB_FLOWS)}
    for index, entry in referring(entries, "broadcasts", "sub_flow_ns", sub_flows, "sub flow"):
        insert_entry(api, BROADCASTS, entry, ["broadcasts", index])
    return len(entries)


def export_broadcasts(api: Flochat) -> list[dict[str, Any]]:
    exported = flow_entries(api, BROADCASTS)
    for entry in exported:
        entry["created_at"] = moment(entry["created_at"])
        entry["scheduled_time"] = moment(entry["scheduled_time"]) or None
    return exported


SECTIONS = [Section("broadcasts", BroadcastEntry, load_broadcasts, export_broadcasts)]
