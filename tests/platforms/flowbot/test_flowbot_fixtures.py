"""The `flowbot` section of fixture documents: loading, defaults, export, the round trip
through export and load, and the errors of a bad section (all or nothing)."""

from __future__ import annotations

import copy
import re
from datetime import datetime, timezone
from typing import Any

import pytest
import yaml
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flowbot import helpers
from tests.platforms.flowbot.helpers import (
    API_KEY,
    AVI,
    CLIENT_ID,
    DANA,
    DANA_PHONE,
    DEPLOYMENT_COUNTS,
    LEADS,
    NOW,
    ORDERS,
    RETURNS,
    RONIT,
    SALE,
    SUPPORT,
    YOSSI,
    FlowBotClient,
    api_token,
    bearer,
    deployment,
    inbound,
)

P = "workspaces.default.flowbot"
FLOW_ID = "7e9c1a3b-5d7f-4a9c-8e1b-3d5f7a9c1e3b"
#: The credentials user of the default workspace when no fixture names it.
CREDENTIALS_USER = "d4e82648-2ae6-5325-a9b8-b80a9291e7d9"


def section(document: dict[str, Any] | None = None) -> dict[str, Any]:
    return (document or deployment())["workspaces"]["default"]["flowbot"]


def load(client: Client, flowbot: Any, workspace: str = "default") -> tuple[int, Any]:
    response = client.post(
        "/_sandbox/fixtures", json={"workspaces": {workspace: {"flowbot": flowbot}}}
    )
    return response.status_code, response.json


def exported(sandbox: Sandbox, workspace: str = "default") -> dict[str, Any]:
    return sandbox.export(workspace)["workspaces"][workspace].get("flowbot", {})


def bad_request(message: str) -> dict[str, Any]:
    return {"code": 400, "status": "Bad Request", "message": message}


def deployment_as_exported() -> dict[str, Any]:
    """deployment.yaml with every value the sandbox fills in written out."""
    data = copy.deepcopy(section())
    demo = data["users"][0]
    demo.update(role="admin", apiAccessApproved=True)
    flows = {flow["id"]: flow for flow in data["flows"]}
    for flow_id, owner in ((ORDERS, None), (LEADS, None), (SALE, None), (RETURNS, None)):
        flows[flow_id] = {"id": flow_id, "userId": demo["id"], **flows[flow_id]}
        assert owner is None
    for flow in flows.values():
        flow.setdefault("templateGroups", [])
        flow.setdefault("defaultTemplateGroupId", None)
        flow["drawflowData"] = None
    order = ("id", "userId", "name", "description", "status", "outboundToken", "hmacSecret")
    order += ("firstMessage", "templateGroups", "defaultTemplateGroupId", "drawflowData")
    order += ("createdAt", "updatedAt")
    data["flows"] = [{key: flow[key] for key in order} for flow in flows.values()]
    last_inbound = {
        DANA: "2026-03-01T10:15:00.000Z",
        YOSSI: None,
        RONIT: "2026-02-20T13:09:10.000Z",
        AVI: "2026-03-01T08:20:00.000Z",
    }
    conversations = []
    for conversation in data["conversations"]:
        conversation.setdefault("variables", {})
        messages = []
        for message in conversation["messages"]:
            message = {"id": message["id"], "direction": message["direction"], **message}
            message.setdefault("type", "text")
            content = {"type": message["type"]}
            if message["type"] == "template":
                content.update(template=message["template"], text=message["text"])
            else:
                content["text"] = message["text"]
            messages.append(
                {
                    "id": message["id"],
                    "direction": message["direction"],
                    **content,
                    "timestamp": message["timestamp"],
                }
            )
        conversations.append(
            {
                "id": conversation["id"],
                "flowId": conversation["flowId"],
                "waPhoneNumber": conversation["waPhoneNumber"],
                "customerName": conversation["customerName"],
                "status": conversation["status"],
                "variables": conversation["variables"],
                "startedAt": conversation["startedAt"],
                "lastCustomerMessageAt": last_inbound[conversation["id"]],
                "messages": messages,
            }
        )
    data["conversations"] = conversations
    return data


# == loading and export ===========================================================================


def test_loading_answers_what_was_loaded(client: Client, frozen: datetime) -> None:
    assert load(client, section()) == (
        200,
        {"loaded": {"default": {"flowbot": DEPLOYMENT_COUNTS}}},
    )


def test_an_empty_section_loads_an_empty_deployment(client: Client) -> None:
    assert load(client, None) == (
        200,
        {"loaded": {"default": {"flowbot": {"users": 0, "flows": 0, "conversations": 0}}}},
    )


def test_the_export_of_the_deployment(sandbox: Sandbox, deployed: None) -> None:
    assert exported(sandbox) == deployment_as_exported()


def test_an_export_loads_back_as_it_is(client: Client, sandbox: Sandbox, deployed: None) -> None:
    first = exported(sandbox)

    assert load(client, first)[0] == 200
    assert exported(sandbox) == first == deployment_as_exported()


def test_export_reset_load_restores_what_the_api_wrote(
    client: Client, sandbox: Sandbox, frozen: datetime, noa: FlowBotClient
) -> None:
    noa.post(
        "/api/webhook/outbound",
        {"phone": "+972541234567", "flowId": ORDERS, "data": {"templateParams": ["A", "B"]}},
    )
    noa.post("/api/conversations/" + DANA + "/reply", {"messageType": "text", "text": "Hi"})
    inbound(client, YOSSI, "Call me")
    client.post(
        "/flowbot/api/flows/generate", data={"prompt": "Create a flow"}, headers=noa.headers
    )
    document = yaml.safe_load(client.get("/_sandbox/export?format=yaml").get_data(as_text=True))
    before = noa.get("/api/conversations", stats="true").json
    flows_before = noa.get("/api/flows").json

    client.post("/_sandbox/reset")
    sandbox.clock.freeze(frozen)
    assert client.post("/_sandbox/fixtures", json=document).status_code == 200

    user = FlowBotClient(client, bearer(api_token(client, CLIENT_ID, API_KEY)))
    assert user.get("/api/conversations", stats="true").json == before
    assert user.get("/api/flows").json == flows_before
    assert sandbox.export() == document


def test_generated_values_fill_what_an_entry_leaves_out(sandbox: Sandbox, frozen: datetime) -> None:
    sandbox.load_fixtures(
        {
            "workspaces": {
                "default": {
                    "flowbot": {
                        "flows": [{"id": FLOW_ID, "name": "Minimal", "firstMessage": "Hi"}],
                        "conversations": [
                            {
                                "flowId": FLOW_ID,
                                "waPhoneNumber": "+972 50 123 4567",
                                "messages": [
                                    {
                                        "direction": "outbound",
                                        "type": "image",
                                        "mediaUrl": "https://x.io/a.png",
                                        "timestamp": datetime(
                                            2026, 2, 1, 9, 30, tzinfo=timezone.utc
                                        ),
                                    },
                                    {
                                        "direction": "inbound",
                                        "text": "Nice",
                                        "timestamp": "2026-02-01T11:30:00+02:00",
                                    },
                                ],
                            }
                        ],
                    }
                }
            }
        }
    )

    data = exported(sandbox)
    [flow] = data["flows"]
    assert re.fullmatch(r"[0-9a-f]{48}", flow.pop("outboundToken"))
    assert re.fullmatch(r"[0-9a-f]{64}", flow.pop("hmacSecret"))
    assert flow == {
        "id": FLOW_ID,
        "userId": CREDENTIALS_USER,
        "name": "Minimal",
        "description": "",
        "status": "active",
        "firstMessage": "Hi",
        "templateGroups": [],
        "defaultTemplateGroupId": None,
        "drawflowData": None,
        "createdAt": NOW,
        "updatedAt": NOW,
    }
    [conversation] = data["conversations"]
    conversation_id = conversation.pop("id")
    ids = [message.pop("id") for message in conversation["messages"]]
    assert re.fullmatch(r"[0-9a-f-]{36}", conversation_id)
    assert all(re.fullmatch(helpers.WAMID_PATTERN, i) and "OTcyNTAxMjM0NTY3" in i for i in ids)
    assert conversation == {
        "flowId": FLOW_ID,
        "waPhoneNumber": DANA_PHONE,
        "customerName": None,
        "status": "active",
        "variables": {},
        "startedAt": "2026-02-01T09:30:00.000Z",
        "lastCustomerMessageAt": "2026-02-01T09:30:00.000Z",
        "messages": [
            {
                "direction": "outbound",
                "type": "image",
                "mediaUrl": "https://x.io/a.png",
                "caption": None,
                "timestamp": "2026-02-01T09:30:00.000Z",
            },
            {
                "direction": "inbound",
                "type": "text",
                "text": "Nice",
                "timestamp": "2026-02-01T09:30:00.000Z",
            },
        ],
    }


def test_a_fixture_user_owns_the_flows_that_name_them(
    client: Client, sandbox: Sandbox, maya: FlowBotClient
) -> None:
    assert [flow["id"] for flow in maya.get("/api/flows").json] == [SUPPORT]
    assert exported(sandbox)["flows"][-1]["userId"] == "2b7d5f0a-93c4-4a1e-8f62-7c0e1d9b4a35"


def test_loading_replaces_the_deployment(sandbox: Sandbox, deployed: None) -> None:
    flow = {"id": FLOW_ID, "name": "Only", "firstMessage": "Hi"}
    sandbox.load_fixtures({"workspaces": {"default": {"flowbot": {"flows": [flow]}}}})

    data = exported(sandbox)
    assert [f["name"] for f in data["flows"]] == ["Only"]
    assert "users" not in data and "conversations" not in data


def test_the_same_deployment_may_not_open_two_workspaces(
    client: Client, sandbox: Sandbox, deployed: None
) -> None:
    users = section()["users"][1:]  # Maya and Eitan; `demo` is the default's own

    status, body = load(client, {"users": users}, workspace="ci")

    assert (status, body) == (
        400,
        bad_request(
            "workspaces.ci.flowbot.users[0].username: 'maya' is already used by workspace 'default'"
        ),
    )
    assert sandbox.workspaces.get("ci") is None


def test_a_deployment_without_credentials_of_its_own_loads_in_any_workspace(
    client: Client, sandbox: Sandbox, deployed: None
) -> None:
    flows = [{"name": f["name"], "firstMessage": f["firstMessage"]} for f in section()["flows"]]

    assert load(client, {"flows": flows}, workspace="ci")[0] == 200


# == errors =======================================================================================


def user(**entry: Any) -> dict[str, Any]:
    return {"username": "maya", "password": "pw", **entry}


def flow(**entry: Any) -> dict[str, Any]:
    return {"id": FLOW_ID, "name": "F", "firstMessage": "Hi", **entry}


def conversation(**entry: Any) -> dict[str, Any]:
    return {"flowId": FLOW_ID, "waPhoneNumber": "+972501234567", **entry}


#: Where the one message of one_message's section is.
M = f"{P}.conversations[0].messages[0]"


def one_message(**message: Any) -> dict[str, Any]:
    """A section of one flow and one conversation holding `message`."""
    return {"flows": [flow()], "conversations": [conversation(messages=[message])]}


@pytest.mark.parametrize(
    ("flowbot", "message"),
    [
        ({"bots": []}, f"{P}.bots: unknown key"),
        ({"users": {"maya": {}}}, f"{P}.users: must be a list"),
        (
            {"users": [{"username": "maya"}]},
            f"{P}.users[0].password: Missing data for required field.",
        ),
        (
            {"users": [{"password": "x"}]},
            f"{P}.users[0].username: Missing data for required field.",
        ),
        (
            {"users": [{"username": "demo", "password": "x"}]},
            f"{P}.users[0].password: the credentials user's password and API client come from "
            "the workspace's flowbot credentials",
        ),
        (
            {"users": [{"username": "demo", "clientId": "aiflow_x", "apiKey": "sk_x"}]},
            f"{P}.users[0].clientId: the credentials user's password and API client come "
            "from the workspace's flowbot credentials",
        ),
        ({"users": [user(), user()]}, f"{P}.users[1].username: 'maya' is listed twice"),
        ({"users": [user(role="owner")]}, f"{P}.users[0].role: Must be one of: admin, user."),
        ({"users": [user(id="u1")]}, f"{P}.users[0].id: Not a valid UUID."),
        (
            {"users": [user(clientId="aiflow_1")]},
            f"{P}.users[0].apiKey: an API client needs both clientId and apiKey",
        ),
        (
            {
                "users": [
                    user(clientId="aiflow_1", apiKey="sk_1"),
                    user(username="ben", clientId="aiflow_1", apiKey="sk_2"),
                ]
            },
            f"{P}.users[1].clientId: 'aiflow_1' is used twice",
        ),
        (
            {"flows": [{"name": "F"}]},
            f"{P}.flows[0].firstMessage: Missing data for required field.",
        ),
        (
            {"flows": [flow(status="paused")]},
            f"{P}.flows[0].status: Must be one of: active, draft, inactive.",
        ),
        (
            {"flows": [flow(userId="00000000-0000-4000-8000-000000000000")]},
            f"{P}.flows[0].userId: no user 00000000-0000-4000-8000-000000000000 in users",
        ),
        ({"flows": [flow(), flow()]}, f"{P}.flows[1].id: {FLOW_ID} is listed twice"),
        (
            {"flows": [flow(defaultTemplateGroupId="tg")]},
            f"{P}.flows[0].defaultTemplateGroupId: no template group 'tg'",
        ),
        (
            {
                "flows": [
                    flow(templateGroups=[{"id": "tg", "templates": [{"id": "1", "name": "t"}]}])
                ]
            },
            f"{P}.flows[0].templateGroups[0].templates[0].text: Missing data for required field.",
        ),
        (
            {
                "flows": [
                    flow(outboundToken="same"),
                    flow(id="8e9c1a3b-5d7f-4a9c-8e1b-3d5f7a9c1e3b", outboundToken="same"),
                ]
            },
            f"{P}.flows[1].outboundToken: 'same' is used twice",
        ),
        (
            {"flows": [flow(createdAt="yesterday")]},
            f"{P}.flows[0].createdAt: Not a valid ISO 8601 timestamp.",
        ),
        (
            {"flows": [flow()], "conversations": [conversation(flowId=SUPPORT)]},
            f"{P}.conversations[0].flowId: no flow {SUPPORT} in flows",
        ),
        (
            {"flows": [flow()], "conversations": [conversation(waPhoneNumber="0501234567")]},
            f"{P}.conversations[0].waPhoneNumber: Not a valid phone number in E.164 form "
            "(+<country><number>).",
        ),
        (
            {"flows": [flow()], "conversations": [conversation(), conversation()]},
            f"{P}.conversations[1].waPhoneNumber: the flow's owner already has a conversation "
            "with this number",
        ),
        (
            {"flows": [flow()], "conversations": [conversation(status="open")]},
            f"{P}.conversations[0].status: Must be one of: active, pending, closed.",
        ),
        (one_message(direction="in"), f"{M}.direction: Must be one of: inbound, outbound."),
        (one_message(direction="inbound"), f"{M}.text: a text message needs its text"),
        (
            one_message(direction="outbound", type="video"),
            f"{M}.mediaUrl: a media message needs its mediaUrl",
        ),
        (
            one_message(direction="inbound", type="template", template={"name": "t"}),
            f"{M}.direction: only the business sends templates",
        ),
        (
            one_message(direction="outbound", type="template"),
            f"{M}.template: a template message names its template",
        ),
        (
            one_message(id="m1", direction="inbound", text="x"),
            f"{M}.id: a message id starts with 'wamid.'",
        ),
    ],
)
def test_a_bad_section_is_400_naming_the_path_and_changes_nothing(
    client: Client, sandbox: Sandbox, deployed: None, flowbot: Any, message: str
) -> None:
    before = sandbox.export()

    assert load(client, flowbot) == (400, bad_request(message))
    assert sandbox.export() == before
