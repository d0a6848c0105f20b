"""Inputs and answers of the flow's own objects: tags, user fields, bot fields, sub flows,
segments and settings (uchat-openapi.json tags "Flow", "Flow Tag", "Flow User Field",
"Flow Bot Field", "Flow Segment")."""

from __future__ import annotations

from marshmallow import Schema, fields

from sandbox.core.envelopes import OK_STATUS, envelope, many, one
from sandbox.core.stacks import laravel
from sandbox.platforms.flochat.schemas.common import (
    VAR_TYPES,
    BotField,
    Segment,
    SubFlow,
    UserField,
)


class NameInput(laravel.Input):
    name = laravel.Varchar(required=True)


class TagNsInput(laravel.Input):
    tag_ns = laravel.Text(required=True)


class VarNsInput(laravel.Input):
    var_ns = laravel.Text(required=True)


class CreateUserField(laravel.Input):
    name = laravel.Varchar(required=True)
    var_ns = laravel.Varchar(metadata={"description": "Your own id for it (generated if absent)"})
    var_type = laravel.Text(required=True, validate=laravel.one_of(VAR_TYPES))
    description = laravel.LongText()
    value = laravel.LongText(
        required=True,
        metadata={"description": 'Its value, checked against its type ("" for none)'},
    )


class CreateBotField(CreateUserField):
    is_template_field = laravel.Boolean()


class VarNsValue(laravel.Input):
    var_ns = laravel.Text(required=True)
    value = laravel.LongText(required=True)


class NameValue(laravel.Input):
    name = laravel.Varchar(required=True)
    value = laravel.LongText(required=True)


# The body of set-bot-field(-by-name) is one item of set-bot-fields(-by-name): the same
# fields, under the vendor's own component name (no docstring: it would describe it).
class SetBotField(VarNsValue):
    pass


class SetBotFieldByName(NameValue):
    pass


class SetBotFields(laravel.Input):
    data = laravel.Array(fields.Nested(VarNsValue), required=True, max_items=20)


class SetBotFieldsByName(laravel.Input):
    data = laravel.Array(fields.Nested(NameValue), required=True, max_items=20)


class SubFlowNsInput(laravel.Input):
    sub_flow_ns = laravel.Text(required=True, metadata={"description": "A sub flow, or main"})


class AudioTranscription(laravel.Input):
    stt_model = laravel.Text(
        required=True,
        validate=laravel.one_of(
            ("none", "whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe")
        ),
    )


UserFieldList = envelope("UserFieldList", data=many(UserField))


BotFieldList = envelope("BotFieldList", data=many(BotField))


UserFieldCreated = envelope("UserFieldCreated", data=one(UserField), status=OK_STATUS)


BotFieldCreated = envelope("BotFieldCreated", data=one(BotField), status=OK_STATUS)


SubFlowList = envelope("SubFlowList", data=many(SubFlow))


SegmentList = envelope("SegmentList", data=many(Segment))


class StatusCount(Schema):
    status = fields.String(metadata={"enum": ["open", "pending", "spam", "done"]})
    num = fields.Integer()


BotUsersCount = envelope("BotUsersCount", data=many(StatusCount), status=OK_STATUS)


class Me(Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()
