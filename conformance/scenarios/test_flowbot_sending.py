"""FlowBot AI scenarios that change the deployment (seed 001, platforms.md §D,
docs/flowbot-fidelity.md): outbound triggers, signed leads and replies sent to the test
phone under WhatsApp's 24-hour rule, the customer's reply simulated through a
flow-sandbox's control API, and generated flows. test_flowbot.py holds the scenarios that
send nothing (and says which statuses and messages are the sandbox's assumption).

Sending is real on a real deployment: the scenarios that trigger a flow, send a lead or
reply need `--flowbot-test-phone` (a phone the user owns) and send only to it. Generated
flows cannot be deleted through the API: that scenario is `permanent`.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

import pytest

from conformance.platforms import Created
from conformance.platforms.flowbot import DRAWFLOW_NODE_KEYS, WAMID, drawflow_problems
from conformance.plugin import Client
from conformance.run import Run
from conformance.sandbox_control import control_headers, control_url
from conformance.scenarios.flowbot_common import (
    RE_ENGAGEMENT,
    answer,
    bearer,
    conversation_with,
    error,
    option,
    signed,
    trigger_body,
)

# -- sending to the test phone ------------------------------------------------------------------


@pytest.mark.writes
@pytest.mark.needs("flowbot_flow_id", "flowbot_test_phone")
def test_an_outbound_trigger_answers_as_documented_and_opens_a_conversation(
    client: Client, run: Run, unique: str
) -> None:
    phone, flow_id = option(run, "test_phone"), option(run, "flow_id")
    body = trigger_body(run, {"customerName": unique})
    response = client.post("/api/webhook/outbound", json=body)
    assert answer(response) == {
        "success": True,
        "message": f"Outbound flow triggered for {phone}",
        "flowId": flow_id,
    }
    conversation = conversation_with(client, phone)
    assert (conversation["flowId"], conversation["customerName"]) == (flow_id, unique)
    assert conversation["status"] in ("active", "pending")


@pytest.mark.writes
@pytest.mark.needs("flowbot_flow_id", "flowbot_outbound_token", "flowbot_test_phone")
def test_the_flows_outbound_token_triggers_it(client: Client, run: Run) -> None:
    phone, flow_id = option(run, "test_phone"), option(run, "flow_id")
    token = bearer(option(run, "outbound_token"))
    response = client.post(
        "/api/webhook/outbound", auth=False, headers=token, json=trigger_body(run, {})
    )
    assert answer(response) == {
        "success": True,
        "message": f"Outbound flow triggered for {phone}",
        "flowId": flow_id,
    }


@pytest.mark.writes
@pytest.mark.needs("flowbot_flow_id", "flowbot_hmac_secret", "flowbot_test_phone")
def test_a_signed_lead_starts_the_flow_and_lists_its_variables(
    client: Client, run: Run, unique: str
) -> None:
    phone = option(run, "test_phone")
    body = json.dumps({"phone": phone, "name": unique, "source": "zz-fsbx-kit"}).encode()
    path = f"/api/webhook/flow/{option(run, 'flow_id')}/lead"
    response = client.post(
        path, auth=False, headers=signed(option(run, "hmac_secret"), body), data=body
    )
    assert answer(response) == {
        "success": True,
        "message": "Lead received and flow started",
        "variables": ["phone", "name", "source"],
    }
    assert conversation_with(client, phone)["flowId"] == option(run, "flow_id")


@pytest.mark.writes
@pytest.mark.needs("flowbot_flow_id", "flowbot_test_phone", "flowbot_template")
def test_replies_follow_the_24_hour_rule(client: Client, run: Run) -> None:
    answer(client.post("/api/webhook/outbound", json=trigger_body(run, {})))
    conversation = conversation_with(client, option(run, "test_phone"))
    path = f"/api/conversations/{conversation['id']}/reply"
    name, _, language = option(run, "template").partition(":")
    template = {"messageType": "template", "templateName": name, "templateLanguage": language}

    sent = answer(client.post(path, json=template))  # templates are always allowed
    assert set(sent) == {"success", "messageId", "windowOpen"} and sent["success"] is True
    assert WAMID.match(sent["messageId"]) and len(sent["messageId"]) <= 128
    assert isinstance(sent["windowOpen"], bool)

    bad = client.post(path, json={"messageType": "sticker"})
    assert answer(bad, 400) == error(
        "messageType must be one of: text, image, video, document, template"
    )
    text = client.post(path, json={"messageType": "text", "text": "zz-fsbx: a kit test"})
    if sent["windowOpen"]:
        replied = answer(text)
        assert (replied["success"], replied["windowOpen"]) == (True, True)
        assert replied["messageId"] != sent["messageId"]
    else:
        assert answer(text, 400) == error(RE_ENGAGEMENT)


# -- the customer's side (a flow-sandbox's control API) ------------------------------------------


class Control:
    """The control API of the sandbox under test, for one workspace."""

    def __init__(self, client: Client, run: Run) -> None:
        self.client = client
        self.url = control_url(run.target.base_url, "flowbot")
        self.workspace = option(run, "sandbox_workspace")

    def outbox(self, conversation: str) -> list[dict[str, Any]]:
        params = {"platform": "flowbot", "workspace": self.workspace}
        response = self.client.get(
            f"{self.url}/outbox",
            auth=False,
            headers=control_headers(),
            params={**params, "conversation": conversation},
        )
        messages: list[dict[str, Any]] = answer(response)["messages"]
        return messages

    def inbound(self, conversation: str, text: str) -> dict[str, Any]:
        body = {
            "platform": "flowbot",
            "workspace": self.workspace,
            "conversation": conversation,
            "text": text,
        }
        message: dict[str, Any] = answer(
            self.client.post(
                f"{self.url}/inbound", auth=False, headers=control_headers(), json=body
            ),
            201,
        )["message"]
        return message


@pytest.mark.writes
@pytest.mark.needs("flowbot_sandbox_workspace", "flowbot_flow_id")
def test_a_closed_window_gets_the_template_first_and_the_reply_resumes_the_flow(
    client: Client, run: Run, unique: str
) -> None:
    control = Control(client, run)
    # A new number (sandbox only: nothing leaves it), so the window is closed.
    phone = "+97250" + f"{int(hashlib.sha1(unique.encode()).hexdigest(), 16) % 10**7:07d}"
    body = {**trigger_body(run, {"customerName": unique}), "phone": phone}
    answer(client.post("/api/webhook/outbound", json=body))
    conversation = conversation_with(client, phone)
    assert (conversation["status"], conversation["lastCustomerMessageAt"]) == ("pending", None)
    [template] = control.outbox(phone)
    assert template["type"] == "template" and template["to"] == phone

    path = f"/api/conversations/{conversation['id']}/reply"
    refused = client.post(path, json={"messageType": "text", "text": "zz-fsbx"})
    assert answer(refused, 400) == error(RE_ENGAGEMENT)
    assert control.outbox(phone) == [template]  # nothing was sent

    control.inbound(phone, "zz-fsbx: the customer answers")
    resumed = control.outbox(phone)
    assert [m["type"] for m in resumed] == ["template", "text"]  # the flow's first message
    assert unique in resumed[-1]["text"]
    conversation = conversation_with(client, phone)
    assert conversation["status"] == "active"
    assert conversation["lastCustomerMessageAt"] is not None

    replied = answer(client.post(path, json={"messageType": "text", "text": "zz-fsbx"}))
    assert replied["windowOpen"] is True
    assert control.outbox(phone)[-1]["messageId"] == replied["messageId"]


# -- generated flows (the API cannot delete them) -------------------------------------------------


@pytest.mark.permanent
def test_a_generated_flow_is_a_listed_draft_in_drawflows_format(
    client: Client, run: Run, unique: str
) -> None:
    prompt = f"Create a flow named {unique}. Greet the customer. What is your name?"
    response = client.post("/api/flows/generate", files={"prompt": (None, prompt)})
    body = answer(response)
    flow = body["flow"]
    run.session.created.append(Created("flows", str(flow["id"])))
    assert set(body) == {"success", "flow", "nodeCount", "message"} and body["success"] is True
    assert set(flow) == {"id", "name", "status", "drawflowData"}
    assert flow["status"] == "draft"
    uuid.UUID(flow["id"])
    assert drawflow_problems(flow["drawflowData"]) == []
    nodes = flow["drawflowData"]["drawflow"]["Home"]["data"]
    assert all(set(node) == DRAWFLOW_NODE_KEYS for node in nodes.values())
    assert body["nodeCount"] == len(nodes)
    assert body["message"] == f"Flow generated with {len(nodes)} nodes"
    listed = {f["id"]: f for f in answer(client.get("/api/flows"))}
    assert listed[flow["id"]]["status"] == "draft"
    assert listed[flow["id"]]["name"] == flow["name"]
