"""The entries of a fixture's `flowbot` section: the section names and one marshmallow
schema per kind of object (users, flows with their template groups, conversations with
their messages), which check an entry's fields. The format is described in
models/fixtures.py.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from sandbox.core.fixture_sections import Entry
from sandbox.platforms.flowbot.inputs import MESSAGE_TYPES
from sandbox.platforms.flowbot.models.common import (
    CONVERSATION_STATUSES,
    FLOW_STATUSES,
    ROLES,
    normalise_time,
)
from sandbox.platforms.flowbot.models.messaging import MEDIA_TYPES
from sandbox.platforms.flowbot.phones import e164
from sandbox.platforms.flowbot.wamid import MAX_LENGTH as WAMID_MAX
from sandbox.platforms.flowbot.wamid import PREFIX as WAMID_PREFIX

SECTIONS = ("users", "flows", "conversations")
#: Set by the workspace's credentials for its credentials user.
FROM_CREDENTIALS = ("password", "clientId", "apiKey")


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
