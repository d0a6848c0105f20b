"""The triggers: `POST /api/webhook/outbound` and `POST /api/webhook/flow/{flowId}/lead`
(seed 001; the 24-hour window and combined mode, platforms.md §D)."""

from __future__ import annotations

from typing import Any

from sandbox.platforms.flowbot import errors, schemas
from sandbox.platforms.flowbot.auth import FLOW_TOKEN, SIGNATURE, accepts
from sandbox.platforms.flowbot.inputs import template_params
from sandbox.platforms.flowbot.models.api import FlowBot
from sandbox.platforms.flowbot.models.flows import Flows
from sandbox.platforms.flowbot.models.messaging import Messaging
from sandbox.platforms.flowbot.routes.common import STACK, UNAUTHORIZED, endpoint

#: The field of `data` (outbound) or of the lead that fills the template's parameters.
TEMPLATE_PARAMS = "templateParams"
NOT_ACTIVE = "Flow is not active"


#: Why either trigger may refuse a flow it found (assumed: the vendor documents none).
NOT_STARTED = (
    "a flow that is not active, no {template} for a closed window, or the wrong number of "
    "template parameters (assumed)"
)
OTHER_FLOW = "A flow's outbound token used for another flow (assumed)"


def _active(flow: dict[str, Any]) -> None:
    if flow["status"] != "active":
        raise errors.BadRequest(NOT_ACTIVE)


def _trigger(
    api: FlowBot,
    flow: dict[str, Any],
    phone: str,
    fields: dict[str, Any],
    *,
    template: dict[str, Any] | None,
    name: Any,
    first: dict[str, Any],
) -> None:
    """Start `flow` for `phone`: `fields` (the outbound's data, a lead) fill the template's
    parameters and, but for those, become flow variables after `first`; `name` is the
    customer's name as sent (a blank one is none)."""
    params = template_params(fields)
    variables = {**first, **{k: v for k, v in fields.items() if k != TEMPLATE_PARAMS}}
    customer_name = name.strip() if isinstance(name, str) and name.strip() else None
    Messaging(api).trigger(
        flow, phone, variables, template=template, params=params, customer_name=customer_name
    )


@endpoint(
    "POST /api/webhook/outbound",
    "FlowOutboundToken",
    source="Trigger Outbound Flow; platforms.md §D.1 combined mode, §D.2 window",
    body=schemas.OutboundBody,
    answer=schemas.OutboundAnswer,
    errors={
        400: "phone or flowId missing, an invalid phone, "
        + NOT_STARTED.format(template="template"),
        401: UNAUTHORIZED,
        403: OTHER_FLOW,
        404: "No such flow (of this user), or no such template in it (assumed)",
    },
)
@accepts(FLOW_TOKEN)
def outbound(api: FlowBot, body: dict[str, Any]) -> dict[str, Any]:
    """Send a proactive WhatsApp message by triggering an outbound flow: its first message
    inside the 24-hour window, else the approved template first (combined mode)."""
    phone, data = body["phone"], body["data"]
    flows = Flows(api)
    flow = flows.for_trigger(body["flowId"])
    _active(flow)
    template = flows.template(
        flow,
        template_id=body.get("templateId"),
        template_name=body.get("templateName"),
        group_id=body.get("templateGroupId"),
    )
    _trigger(
        api,
        flow,
        phone,
        data,
        template=template,
        name=data.get("customerName"),
        first={"phone": phone},
    )
    message = f"Outbound flow triggered for {phone}"
    return {"success": True, "message": message, "flowId": flow["id"]}


def _flow_first(api: FlowBot, flowId: str) -> None:
    # express.json() runs before the handler (a body that does not parse is answered
    # first); the handler finds the flow before it reads the body's fields.
    STACK.body()
    Flows(api).for_trigger(flowId)


@endpoint(
    "POST /api/webhook/flow/<flowId>/lead",
    "FlowOutboundToken",
    "HmacSignature",
    source="Send Lead to Flow; X-Signature-256 format per platforms.md §D.2",
    body=schemas.LeadBody,
    answer=schemas.LeadAnswer,
    errors={
        400: "phone missing or invalid, " + NOT_STARTED.format(template="default template"),
        401: "No credentials, an invalid or expired token, or a wrong signature (assumed)",
        403: OTHER_FLOW,
        404: "No such flow (of this user) (assumed)",
    },
    before_input=_flow_first,
)
@accepts(FLOW_TOKEN, SIGNATURE)
def lead(api: FlowBot, body: dict[str, Any], flowId: str) -> dict[str, Any]:
    """Send a lead to a flow: its fields become flow variables and the flow starts (with
    the flow's default template first when the 24-hour window is closed)."""
    flow = Flows(api).for_trigger(flowId)
    phone = body["phone"]  # in E.164, where the lead sent it
    _active(flow)
    _trigger(api, flow, phone, body, template=None, name=body.get("name"), first={})
    return {
        "success": True,
        "message": "Lead received and flow started",
        "variables": [name for name in body if name != TEMPLATE_PARAMS],
    }
