"""The `flowbot` section of a fixture document: users, flows (with their WhatsApp
templates) and conversations (with their messages).

    flowbot:
      users:
        - {id: <uuid>, username: maya, password: s3cret, displayName: Maya Cohen,
           email: maya@example.com, role: user, apiAccessApproved: true,
           clientId: aiflow_..., apiKey: sk_...}
      flows:
        - id: <uuid>
          userId: <uuid>                 # default: the workspace's credentials user
          name: Order updates
          status: active                 # active, draft or inactive
          firstMessage: "Hi {{customerName}}! ..."
          outboundToken: ...             # generated when left out
          hmacSecret: ...                # generated when left out
          templateGroups:
            - {id: tg_orders, name: Orders, templates: [
                {id: "1024", name: order_update, language: en, text: "Order {{1}}: {{2}}"}]}
          defaultTemplateGroupId: tg_orders
      conversations:
        - id: <uuid>
          flowId: <uuid>
          waPhoneNumber: "+972501234567"
          customerName: Dana Levi
          status: active                 # active, pending or closed
          lastCustomerMessageAt: ...     # default: the last inbound message's time
          messages:
            - {direction: inbound, type: text, text: Hi, timestamp: "2026-02-28T09:00:00.000Z"}

The workspace's credentials user may be listed by its username (to fix its id, name,
e-mail, role or API approval); its password and API client come from the credentials, so
the entry gives none. Usernames, API client ids, outbound tokens and HMAC secrets
authenticate across workspaces, so another workspace may not use the same ones.
Export writes every stored value, and loads back as it is.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from sandbox.core.context import Context
from sandbox.core.fixtures import FixtureError, load_entries
from sandbox.core.workspaces import Workspaces
from sandbox.platforms.flowbot.models.api import FlowBot
from sandbox.platforms.flowbot.models.common import (
    CONVERSATION_STATUSES,
    CONVERSATIONS,
    FLOW_STATUSES,
    FLOWS,
    MESSAGES,
    ROLES,
    USERS,
    normalise_time,
)
from sandbox.platforms.flowbot.models.flows import HMAC_SECRET_LENGTH, OUTBOUND_TOKEN_LENGTH
from sandbox.platforms.flowbot.models.messaging import MEDIA_TYPES, MESSAGE_TYPES, preview
from sandbox.platforms.flowbot.phones import e164
from sandbox.platforms.flowbot.wamid import MAX_LENGTH as WAMID_MAX
from sandbox.platforms.flowbot.wamid import PREFIX as WAMID_PREFIX
from sandbox.platforms.flowbot.wamid import new_wamid

SECTIONS = ("users", "flows", "conversations")
#: Set by the workspace's credentials for its credentials user.
FROM_CREDENTIALS = ("password", "clientId", "apiKey")


class Entry(Schema):
    class Meta:
        unknown = RAISE


class Uuid(fields.String):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return str(uuid.UUID(text))
        except ValueError:
            raise ValidationError("Not a valid UUID.") from None


class Timestamp(fields.Field):
    """ISO 8601 text (or the datetime YAML reads from it), stored as the vendor writes it."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, (str, datetime)):
            raise ValidationError("Not a valid ISO 8601 timestamp.")
        try:
            return normalise_time(value)
        except ValueError:
            raise ValidationError("Not a valid ISO 8601 timestamp.") from None


class Phone(fields.String):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        number = e164(super()._deserialize(value, attr, data, **kwargs))
        if number is None:
            raise ValidationError("Not a valid phone number in E.164 form (+<country><number>).")
        return number


class UserEntry(Entry):
    id = Uuid()
    username = fields.String(required=True, validate=validate.Length(min=1))
    password = fields.String(validate=validate.Length(min=1))
    displayName = fields.String()
    email = fields.String(allow_none=True)
    role = fields.String(validate=validate.OneOf(ROLES))
    apiAccessApproved = fields.Boolean()
    clientId = fields.String(allow_none=True, validate=validate.Length(min=1))
    apiKey = fields.String(allow_none=True, validate=validate.Length(min=1))

    @validates_schema
    def _api_client_is_whole(self, data: dict[str, Any], **kwargs: Any) -> None:
        if bool(data.get("clientId")) != bool(data.get("apiKey")):
            raise ValidationError("an API client needs both clientId and apiKey", "apiKey")


class TemplateEntry(Entry):
    id = fields.String(required=True, validate=validate.Length(min=1))
    name = fields.String(required=True, validate=validate.Length(min=1))
    language = fields.String(load_default="en", validate=validate.Length(min=1))
    text = fields.String(required=True, validate=validate.Length(min=1))


class TemplateGroupEntry(Entry):
    id = fields.String(required=True, validate=validate.Length(min=1))
    name = fields.String()
    templates = fields.List(fields.Nested(TemplateEntry), required=True)


class FlowEntry(Entry):
    id = Uuid()
    userId = Uuid()
    name = fields.String(required=True, validate=validate.Length(min=1))
    description = fields.String(load_default="")
    status = fields.String(load_default="active", validate=validate.OneOf(FLOW_STATUSES))
    outboundToken = fields.String(validate=validate.Length(min=1))
    hmacSecret = fields.String(validate=validate.Length(min=1))
    firstMessage = fields.String(required=True, validate=validate.Length(min=1))
    templateGroups = fields.List(fields.Nested(TemplateGroupEntry), load_default=list)
    defaultTemplateGroupId = fields.String(load_default=None, allow_none=True)
    drawflowData = fields.Dict(load_default=None, allow_none=True)
    createdAt = Timestamp()
    updatedAt = Timestamp()

    @validates_schema
    def _default_group_exists(self, data: dict[str, Any], **kwargs: Any) -> None:
        groups = [group["id"] for group in data.get("templateGroups", [])]
        if len(set(groups)) != len(groups):
            raise ValidationError("template group ids must be unique", "templateGroups")
        default = data.get("defaultTemplateGroupId")
        if default is not None and default not in groups:
            raise ValidationError(f"no template group {default!r}", "defaultTemplateGroupId")


class TemplateUse(Entry):
    name = fields.String(required=True, validate=validate.Length(min=1))
    language = fields.String(load_default="en")
    params = fields.List(fields.String(), load_default=list)


class MessageEntry(Entry):
    id = fields.String(validate=validate.Length(max=WAMID_MAX))
    direction = fields.String(required=True, validate=validate.OneOf(("inbound", "outbound")))
    type = fields.String(load_default="text", validate=validate.OneOf(MESSAGE_TYPES))
    text = fields.String(allow_none=True)
    mediaUrl = fields.String()
    caption = fields.String(allow_none=True)
    filename = fields.String(allow_none=True)
    template = fields.Nested(TemplateUse)
    timestamp = Timestamp()

    @validates_schema
    def _complete(self, data: dict[str, Any], **kwargs: Any) -> None:
        kind = data.get("type", "text")
        if "id" in data and not data["id"].startswith(WAMID_PREFIX):
            raise ValidationError(f"a message id starts with {WAMID_PREFIX!r}", "id")
        if kind == "text" and not data.get("text"):
            raise ValidationError("a text message needs its text", "text")
        if kind in MEDIA_TYPES and not data.get("mediaUrl"):
            raise ValidationError("a media message needs its mediaUrl", "mediaUrl")
        if kind == "template":
            if data.get("direction") != "outbound":
                raise ValidationError("only the business sends templates", "direction")
            if "template" not in data:
                raise ValidationError("a template message names its template", "template")


class ConversationEntry(Entry):
    id = Uuid()
    flowId = Uuid(required=True)
    waPhoneNumber = Phone(required=True)
    customerName = fields.String(load_default=None, allow_none=True)
    status = fields.String(load_default="active", validate=validate.OneOf(CONVERSATION_STATUSES))
    variables = fields.Dict(keys=fields.String(), load_default=dict)
    startedAt = Timestamp()
    lastCustomerMessageAt = Timestamp(allow_none=True)
    messages = fields.List(fields.Nested(MessageEntry), load_default=list)


def load_fixture(ctx: Context, data: Mapping[str, Any]) -> dict[str, int]:
    """Load one workspace's `flowbot` section (the workspace starts out empty)."""
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise FixtureError(unknown[0], "unknown key")
    loader = _Loader(FlowBot(ctx))
    counts = {
        "users": loader.users(data.get("users")),
        "flows": loader.flows(data.get("flows")),
        "conversations": loader.conversations(data.get("conversations")),
    }
    loader.check_unique_across_workspaces()
    return counts


class _Loader:
    def __init__(self, api: FlowBot) -> None:
        self.api = api
        self.now = api.timestamp()
        self.flow_owner: dict[str, str] = {}

    def users(self, entries: Any) -> int:
        credentials = self.api.users.credentials()
        usernames: set[str] = set()
        ids: set[str] = set()
        for index, entry in enumerate(load_entries(UserEntry(), entries, "users")):
            username = entry["username"]
            is_credentials_user = username == credentials.get("username")
            if is_credentials_user:
                given = next((key for key in FROM_CREDENTIALS if key in entry), None)
                if given is not None:
                    raise FixtureError(
                        ["users", index, given],
                        "the credentials user's password and API client come from the "
                        "workspace's flowbot credentials",
                    )
            elif "password" not in entry:
                raise FixtureError(["users", index, "password"], "Missing data for required field.")
            if username in usernames:
                raise FixtureError(["users", index, "username"], f"{username!r} is listed twice")
            usernames.add(username)
            record = {
                "id": entry.get("id") or self.api.ctx.ids.uuid4(),
                "username": username,
                "password": None if is_credentials_user else entry["password"],
                "displayName": entry.get("displayName", username),
                "email": entry.get("email", f"{username}@flow-sandbox.local"),
                "role": entry.get("role", "admin" if is_credentials_user else "user"),
                "apiAccessApproved": entry.get("apiAccessApproved", is_credentials_user),
                "clientId": None if is_credentials_user else entry.get("clientId"),
                "apiKey": None if is_credentials_user else entry.get("apiKey"),
            }
            if record["id"] in ids:
                raise FixtureError(["users", index, "id"], f"{record['id']} is listed twice")
            ids.add(record["id"])
            self.api.insert(USERS, record)
        self._check_unique_within("users", "clientId")
        return len(usernames)

    def flows(self, entries: Any) -> int:
        owner = self.api.users.credentials_user()["id"]
        known_users = {user["id"] for user in self.api.users.all()}
        ids = self.api.ctx.ids
        count = 0
        for index, entry in enumerate(load_entries(FlowEntry(), entries, "flows")):
            user_id = entry.get("userId", owner)
            if user_id not in known_users:
                raise FixtureError(["flows", index, "userId"], f"no user {user_id} in users")
            flow_id = entry.get("id") or ids.uuid4()
            if flow_id in self.flow_owner:
                raise FixtureError(["flows", index, "id"], f"{flow_id} is listed twice")
            self.flow_owner[flow_id] = user_id
            created = entry.get("createdAt", self.now)
            self.api.insert(
                FLOWS,
                {
                    "id": flow_id,
                    "userId": user_id,
                    "name": entry["name"],
                    "description": entry["description"],
                    "status": entry["status"],
                    "outboundToken": entry.get("outboundToken") or ids.hex(OUTBOUND_TOKEN_LENGTH),
                    "hmacSecret": entry.get("hmacSecret") or ids.hex(HMAC_SECRET_LENGTH),
                    "firstMessage": entry["firstMessage"],
                    "templateGroups": [_group(group) for group in entry["templateGroups"]],
                    "defaultTemplateGroupId": entry["defaultTemplateGroupId"],
                    "drawflowData": entry["drawflowData"],
                    "createdAt": created,
                    "updatedAt": entry.get("updatedAt", created),
                },
            )
            count += 1
        self._check_unique_within("flows", "outboundToken")
        return count

    def conversations(self, entries: Any) -> int:
        seen: set[str] = set()
        chats: set[tuple[str, str]] = set()
        count = 0
        for index, entry in enumerate(load_entries(ConversationEntry(), entries, "conversations")):
            owner = self.flow_owner.get(entry["flowId"])
            if owner is None:
                raise FixtureError(
                    ["conversations", index, "flowId"], f"no flow {entry['flowId']} in flows"
                )
            conversation_id = entry.get("id") or self.api.ctx.ids.uuid4()
            if conversation_id in seen:
                raise FixtureError(
                    ["conversations", index, "id"], f"{conversation_id} is listed twice"
                )
            seen.add(conversation_id)
            chat = (owner, entry["waPhoneNumber"])
            if chat in chats:
                raise FixtureError(
                    ["conversations", index, "waPhoneNumber"],
                    "the flow's owner already has a conversation with this number",
                )
            chats.add(chat)
            self._conversation(entry, conversation_id, owner)
            count += 1
        return count

    def _conversation(self, entry: dict[str, Any], conversation_id: str, owner: str) -> None:
        phone = entry["waPhoneNumber"]
        messages = []
        for message in entry["messages"]:
            content = _content(message)
            messages.append(
                {
                    "id": message.get("id") or new_wamid(self.api.ctx.ids, phone),
                    "conversationId": conversation_id,
                    "direction": message["direction"],
                    **content,
                    "timestamp": message.get("timestamp", self.now),
                }
            )
        inbound = [m["timestamp"] for m in messages if m["direction"] == "inbound"]
        started = entry.get("startedAt") or (messages[0]["timestamp"] if messages else self.now)
        self.api.insert(
            CONVERSATIONS,
            {
                "id": conversation_id,
                "userId": owner,
                "flowId": entry["flowId"],
                "waPhoneNumber": phone,
                "customerName": entry["customerName"],
                "status": entry["status"],
                "variables": entry["variables"],
                "startedAt": started,
                "lastCustomerMessageAt": entry.get(
                    "lastCustomerMessageAt", inbound[-1] if inbound else None
                ),
                "lastMessage": preview(messages[-1]) if messages else None,
                "lastMessageAt": messages[-1]["timestamp"] if messages else started,
            },
        )
        if messages:
            self.api.store.insert_many(MESSAGES, self.api.workspace, messages)

    def _check_unique_within(self, section: str, key: str) -> None:
        table = USERS if section == "users" else FLOWS
        seen: set[str] = set()
        for index, record in enumerate(self.api.find(table)):
            value = record.get(key)
            if value is None:
                continue
            if value in seen:
                raise FixtureError([section, index, key], f"{value!r} is used twice")
            seen.add(value)

    def check_unique_across_workspaces(self) -> None:
        """Credentials that find their workspace must find one: usernames, API client ids,
        outbound tokens and HMAC secrets may not be another workspace's too."""
        ctx = self.api.ctx
        theirs: dict[tuple[str, str], str] = {}
        for workspace in Workspaces(ctx.store, ctx.ids, {}).all():
            if workspace.name == ctx.workspace.name:
                continue
            other = FlowBot(Context(ctx.store, ctx.clock, ctx.ids, workspace, ctx.defaults))
            for user in other.users.all():
                theirs[("username", user["username"])] = workspace.name
                if user["clientId"]:
                    theirs[("clientId", user["clientId"])] = workspace.name
            for flow in other.find(FLOWS):
                theirs[("outboundToken", flow["outboundToken"])] = workspace.name
                theirs[("hmacSecret", flow["hmacSecret"])] = workspace.name
        for index, user in enumerate(self.api.find(USERS)):
            for key in ("username", "clientId"):
                _refuse_taken(theirs, ["users", index, key], key, user[key])
        for index, flow in enumerate(self.api.find(FLOWS)):
            for key in ("outboundToken", "hmacSecret"):
                _refuse_taken(theirs, ["flows", index, key], key, flow[key])


def _refuse_taken(
    theirs: Mapping[tuple[str, str], str], path: list[str | int], key: str, value: Any
) -> None:
    owner = theirs.get((key, value)) if value is not None else None
    if owner is not None:
        raise FixtureError(path, f"{value!r} is already used by workspace {owner!r}")


def _group(group: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": group["id"],
        "name": group.get("name", group["id"]),
        "templates": [dict(template) for template in group["templates"]],
    }


def _content(message: Mapping[str, Any]) -> dict[str, Any]:
    """A message's content as `Messaging.send` stores it."""
    kind = message["type"]
    if kind == "text":
        return {"type": "text", "text": message["text"]}
    if kind == "template":
        template = dict(message["template"])
        return {"type": "template", "template": template, "text": message.get("text")}
    content = {"type": kind, "mediaUrl": message["mediaUrl"], "caption": message.get("caption")}
    if kind == "document":
        content["filename"] = message.get("filename")
    return content


def export_fixture(ctx: Context) -> dict[str, Any]:
    """The deployment as a `flowbot` section that loads back as it is."""
    api = FlowBot(ctx)
    users = []
    for user in api.find(USERS):
        record = dict(user)
        if record["password"] is None:  # the credentials user
            record = {k: v for k, v in record.items() if k not in FROM_CREDENTIALS}
        users.append(record)
    conversations = []
    for conversation in api.find(CONVERSATIONS):
        record = {
            k: v
            for k, v in conversation.items()
            if k not in ("userId", "lastMessage", "lastMessageAt")
        }
        record["messages"] = [
            {k: v for k, v in message.items() if k != "conversationId"}
            for message in api.messaging.messages(conversation["id"])
        ]
        conversations.append(record)
    section = {
        "users": users,
        "flows": [dict(flow) for flow in api.find(FLOWS)],
        "conversations": conversations,
    }
    return {key: value for key, value in section.items() if value}
