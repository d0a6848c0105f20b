"""Flows: who owns them, whether they can be triggered, their WhatsApp templates.

A flow's templates come in groups (one approved message in its languages, say); the
outbound trigger names a group, a template name or a template id, and a flow may name a
default group for the triggers that name none (leads).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandbox.core.resources import Resource, pick
from sandbox.platforms.flowbot import errors
from sandbox.platforms.flowbot.models.api import FlowBot
from sandbox.platforms.flowbot.models.common import FLOWS

if TYPE_CHECKING:
    from sandbox.core.storage import Record
    from sandbox.platforms.flowbot.generator import GeneratedFlow

OUTBOUND_TOKEN_LENGTH = 48
HMAC_SECRET_LENGTH = 64


def summary(flow: dict[str, Any]) -> dict[str, Any]:
    """A flow as `GET /api/flows` lists it (seed 001)."""
    return pick(flow, "id", "name", "description", "status", "createdAt", "updatedAt")


def templates(flow: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every (group, template) of a flow, in the order the flow lists them."""
    return [
        (group, template)
        for group in flow.get("templateGroups") or []
        for template in group.get("templates") or []
    ]


class Flows(Resource[FlowBot]):
    TABLE = FLOWS

    def owned_by(self, user_id: str) -> list[Record]:
        """A user's flows, newest first."""
        found = self.api.find(FLOWS, userId=user_id)
        return sorted(reversed(found), key=lambda flow: flow["createdAt"], reverse=True)

    def for_trigger(self, flow_id: Any) -> Record:
        """The flow a trigger names, if the request's principal may trigger it."""
        flow = self.by_text_id(flow_id)
        if self.api.flow_id is not None:
            # A flow's own token or secret is good for that flow alone.
            if flow is None or flow["id"] != self.api.flow_id:
                raise errors.token_not_for_flow()
            return flow
        if flow is None:
            raise errors.flow_not_found()
        user = self.api.user
        if user is not None and user["role"] != "admin" and flow["userId"] != user["id"]:
            raise errors.flow_not_found()
        return flow

    def by_outbound_token(self, token: str) -> Record | None:
        return self.api.first(FLOWS, outboundToken=token)

    def template(
        self,
        flow: dict[str, Any],
        *,
        template_id: Any = None,
        template_name: Any = None,
        group_id: Any = None,
    ) -> dict[str, Any] | None:
        """The template a trigger names (by id, else name, else group: the group's first
        template); None when it names none; NotFound when the flow has no such template."""
        candidates = templates(flow)
        if template_id is not None:
            found = [t for _, t in candidates if str(t["id"]) == str(template_id)]
        elif template_name is not None:
            found = [t for _, t in candidates if t["name"] == template_name]
        elif group_id is not None:
            found = [t for g, t in candidates if str(g["id"]) == str(group_id)]
        else:
            return None
        if not found:
            raise errors.template_not_found()
        return found[0]

    def default_template(self, flow: dict[str, Any]) -> dict[str, Any] | None:
        group_id = flow.get("defaultTemplateGroupId")
        if group_id is None:
            return None
        found = [t for g, t in templates(flow) if g["id"] == group_id]
        return found[0] if found else None

    def user_template(self, user_id: str, name: str, language: str) -> dict[str, Any] | None:
        """A template of the user's WhatsApp account (any of the user's flows), by name and
        language, as a reply names it."""
        for flow in self.owned_by(user_id):
            for _, template in templates(flow):
                if template["name"] == name and template["language"] == language:
                    return template
        return None

    def create_generated(self, user_id: str, generated: GeneratedFlow) -> Record:
        """Store a generated flow as a draft of the user."""
        now = self.api.timestamp()
        ids = self.api.ctx.ids
        return self.api.insert(
            FLOWS,
            {
                "id": ids.uuid4(),
                "userId": user_id,
                "name": generated.name,
                "description": generated.description,
                "status": "draft",
                "outboundToken": ids.hex(OUTBOUND_TOKEN_LENGTH),
                "hmacSecret": ids.hex(HMAC_SECRET_LENGTH),
                "firstMessage": generated.first_message,
                "templateGroups": [],
                "defaultTemplateGroupId": None,
                "drawflowData": generated.drawflow,
                "createdAt": now,
                "updatedAt": now,
            },
        )
