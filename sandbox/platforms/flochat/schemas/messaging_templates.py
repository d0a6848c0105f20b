"""Inputs and answers of WhatsApp templates: sending one, creating, deleting and listing
them (uchat-openapi.json tags "Sending", "Whatsapp Template")."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validates_schema

from sandbox.core.envelopes import envelope, many
from sandbox.core.stacks import laravel
from sandbox.platforms.flochat.models.messaging_templates import (
    CATEGORIES,
    COMPONENT_TYPES,
    NAME_PATTERN,
)
from sandbox.platforms.flochat.schemas.messaging_rules import Matches, NestedInput, nested
from sandbox.platforms.flochat.schemas.messaging_send import ChatSubscriberInput

# -- WhatsApp templates ------------------------------------------------------------------------


class WhatsappTemplateContent(NestedInput):
    namespace = laravel.Varchar(required=True)
    name = laravel.Varchar(required=True)
    lang = laravel.Varchar(required=True, metadata={"example": "en_US"})
    params = laravel.Object(
        metadata={"description": "BODY_{{1}}, HEADER_IMAGE, QUICK_REPLY_1 (a sub_flow_ns)..."}
    )


class SendWhatsappTemplateInput(ChatSubscriberInput):
    content = nested(WhatsappTemplateContent, required=True)


class SendWhatsappTemplateByUserIdInput(laravel.Input):
    user_id = laravel.Varchar(required=True)
    create_if_not_found = laravel.Text(validate=laravel.one_of(("yes", "no")))
    content = nested(WhatsappTemplateContent, required=True)


class WhatsappTemplateComponentInput(NestedInput):
    type = laravel.Text(required=True, validate=laravel.one_of(COMPONENT_TYPES))
    text = laravel.LongText()
    format = laravel.Varchar()
    buttons = laravel.Array(laravel.Object())
    example = laravel.Object()


class CreateWhatsappTemplateInput(laravel.Input):
    name = laravel.Varchar(required=True, validate=[Matches(NAME_PATTERN)])
    language = laravel.Varchar(required=True, metadata={"example": "en_US"})
    category = laravel.Text(required=True, validate=laravel.one_of(CATEGORIES))
    components = laravel.Array(nested(WhatsappTemplateComponentInput, required=True), required=True)

    @validates_schema
    def has_body(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not any(component["type"] == "BODY" for component in data["components"]):
            raise ValidationError("The components must have a BODY component.")


class WhatsappTemplateNameInput(laravel.Input):
    name = laravel.Varchar(required=True)


# -- answers ---------------------------------------------------------------------------------


class WhatsappTemplate(Schema):
    name = fields.String(required=True)
    language = fields.String(required=True)
    category = fields.String(required=True)
    components = fields.List(
        fields.Dict(),
        required=True,
        metadata={
            "description": "Meta's components: type (HEADER, BODY, FOOTER, BUTTONS), text, "
            "format, buttons, example"
        },
    )
    namespace = fields.String(metadata={"description": "What send-whatsapp-template names"})
    status = fields.String(metadata={"example": "APPROVED"})


WhatsappTemplateList = envelope("WhatsappTemplateList", data=many(WhatsappTemplate))
