"""WhatsApp message templates of the flow's WhatsApp Business Account.

A template is `{name, language, category, components, namespace, status}` as Meta keeps
it (https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates).
A template created through the API waits for Meta's review (`PENDING`); the sandbox's
review passes when the templates are synced (`/whatsapp-template/sync`), as the vendor
only learns of Meta's decision by syncing (assumed). Only `APPROVED` templates are sent.

Sending fills the body's `{{1}}`, `{{2}}`... from the `BODY_{{n}}` params; a missing one
is WhatsApp's error 132000. The message recorded is the filled body.
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import INCLUDE, fields

from sandbox.core.fixtures import FixtureError
from sandbox.core.resources import pick
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat, FlowResource
from sandbox.platforms.flochat.models.messaging_common import WHATSAPP_TEMPLATES
from sandbox.platforms.flochat.models.sections import Entry, Section, one_of

TEMPLATE_NOT_FOUND = "Template not found"
TEMPLATE_EXISTS = "Template already exists"
TEMPLATE_NOT_APPROVED = "Template is not approved"
PARAMS_MISMATCH = "(#132000) Number of parameters does not match the expected number of params"
CATEGORIES = ("MARKETING", "UTILITY", "AUTHENTICATION")
COMPONENT_TYPES = ("HEADER", "BODY", "FOOTER", "BUTTONS")
STATUSES = ("APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED")
#: Meta's rule for template names: lowercase letters, digits and underscores.
NAME_PATTERN = re.compile(r"^[a-z0-9_]{1,512}$")
PLACEHOLDER = re.compile(r"\{\{(\d+)\}\}")


def represent(template: Record | dict[str, Any]) -> dict[str, Any]:
    """The vendor's WhatsappTemplate, with the namespace and status a sender needs."""
    return {
        **pick(template, "name", "language", "category"),
        "components": [dict(c) for c in template["components"]],
        "namespace": template["namespace"],
        "status": template["status"],
    }


class Templates(FlowResource):
    TABLE = WHATSAPP_TEMPLATES

    def namespace(self) -> str:
        """The WhatsApp Business Account's template namespace (one per flow)."""
        existing = self.first()
        if existing is not None:
            return str(existing["namespace"])
        return self.api.ctx.ids.uuid4().replace("-", "_")

    def create(self, data: dict[str, Any], status: str = "PENDING") -> Record:
        if any(t["name"] == data["name"] and t["language"] == data["language"] for t in self.all()):
            raise FlochatError(TEMPLATE_EXISTS)
        return self.add(
            {
                **pick(data, "name", "language", "category"),
                "components": [dict(c) for c in data["components"]],
                "namespace": data.get("namespace") or self.namespace(),
                "status": status,
            },
        )

    def delete(self, name: str) -> None:  # type: ignore[override]  # Meta deletes by name
        """Delete the template in every language, as Meta deletes by name."""
        found = [t for t in self.all() if t["name"] == name]
        if not found:
            raise FlochatError(TEMPLATE_NOT_FOUND)
        for template in found:
            super().delete(template)

    def sync(self) -> int:
        """Meta's review of pending templates passes; returns how many were approved."""
        pending = [t for t in self.all() if t["status"] == "PENDING"]
        for template in pending:
            self.change(template, {"status": "APPROVED"})
        return len(pending)

    def sendable(self, namespace: str, name: str, lang: str) -> Record:
        """The approved template a send names."""
        for template in self.all():
            if (template["namespace"], template["name"], template["language"]) == (
                namespace,
                name,
                lang,
            ):
                if template["status"] != "APPROVED":
                    raise FlochatError(TEMPLATE_NOT_APPROVED)
                return template
        raise FlochatError(TEMPLATE_NOT_FOUND)


def render(template: Record, params: dict[str, Any]) -> str:
    """The template's body with its `{{n}}` filled from `BODY_{{n}}` params."""
    body = next((c.get("text", "") for c in template["components"] if c["type"] == "BODY"), "")
    values: dict[str, str] = {}
    for number in {int(n) for n in PLACEHOLDER.findall(body)}:
        value = params.get(f"BODY_{{{{{number}}}}}")
        if value is None or str(value) == "":
            raise FlochatError(PARAMS_MISMATCH)
        values[str(number)] = str(value)
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], body)


def sub_flow_buttons(params: dict[str, Any]) -> list[str]:
    """The sub flows the quick reply buttons start (`QUICK_REPLY_n` params)."""
    return [
        str(value)
        for key, value in sorted(params.items())
        if key.startswith("QUICK_REPLY_") and value not in (None, "")
    ]


# -- fixtures ----------------------------------------------------------------------------------


class ComponentEntry(Entry):
    class Meta:
        unknown = INCLUDE  # Meta's components carry format, buttons, example...

    type = fields.String(required=True, validate=one_of(COMPONENT_TYPES))
    text = fields.String()


class TemplateEntry(Entry):
    name = fields.String(required=True)
    language = fields.String(load_default="en_US")
    category = fields.String(load_default="UTILITY", validate=one_of(CATEGORIES))
    components = fields.List(fields.Nested(ComponentEntry), required=True)
    namespace = fields.String(metadata={"description": "The flow's namespace when absent"})
    status = fields.String(load_default="APPROVED", validate=one_of(STATUSES))


def load_templates(api: Flochat, entries: list[dict[str, Any]]) -> int:
    templates = Templates(api)
    for index, entry in enumerate(entries):
        if not NAME_PATTERN.match(entry["name"]):
            raise FixtureError(
                ["whatsapp_templates", index, "name"],
                "must be lowercase letters, digits and underscores",
            )
        try:
            templates.create(entry, status=entry["status"])
        except FlochatError as error:
            raise FixtureError(["whatsapp_templates", index], str(error.body)) from None
    return len(entries)


def export_templates(api: Flochat) -> list[dict[str, Any]]:
    return [represent(t) for t in Templates(api).all()]


SECTIONS = [Section("whatsapp_templates", TemplateEntry, load_templates, export_templates)]
