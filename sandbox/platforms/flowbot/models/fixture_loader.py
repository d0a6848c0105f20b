"""Loading a fixture's `flowbot` section into the store: `FixtureLoader` turns the
checked entries (models/fixture_entries.py) into stored users, flows, conversations and
messages, generating what the entries leave out, and refuses credentials (usernames, API
client ids, outbound tokens, HMAC secrets) used twice or by another workspace.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sandbox.core.context import Context
from sandbox.core.fixtures import FixtureError, load_entries
from sandbox.core.workspaces import Workspaces
from sandbox.platforms.flowbot.models.api import FlowBot
from sandbox.platforms.flowbot.models.common import CONVERSATIONS, FLOWS, MESSAGES, USERS
from sandbox.platforms.flowbot.models.fixture_entries import (
    FROM_CREDENTIALS,
    ConversationEntry,
    FlowEntry,
    UserEntry,
)
from sandbox.platforms.flowbot.models.flows import HMAC_SECRET_LENGTH, OUTBOUND_TOKEN_LENGTH
from sandbox.platforms.flowbot.models.messaging import preview
from sandbox.platforms.flowbot.models.users import Users
from sandbox.platforms.flowbot.wamid import new_wamid


class FixtureLoader:
    def __init__(self, api: FlowBot) -> None:
        self.api = api
        self.now = api.timestamp()
        self.flow_owner: dict[str, str] = {}

    def users(self, entries: Any) -> int:
        credentials = Users(self.api).credentials()
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
        owner = Users(self.api).credentials_user()["id"]
        known_users = {user["id"] for user in Users(self.api).all()}
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
            for user in Users(other).all():
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
