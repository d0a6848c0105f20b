"""Unit tests of the kit's FlowBot knowledge: credentials (a token given, or client
credentials exchanged for one, with readable refusals), the `{"error": ...}` envelope, id,
time, WAMID, JWT and Drawflow formats, the guard that keeps generated requests from
sending anything on a real deployment, the clean-up's list of drafts, and the in-process
deployment."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import requests
from werkzeug.test import Client

from conformance.platforms import KITS, Created, Ours
from conformance.platforms.flowbot import (
    KIT,
    cleanup,
    credentials,
    drawflow_problems,
    error_envelope,
    fictional_phone,
    format_problems,
    guard,
    missing_uuid,
    sandbox_workspace,
)
from conformance.settings import Settings
from sandbox.platforms.flowbot.auth import DEMO_CREDENTIALS
from tests.conformance.helpers import canned_response, serve
from tests.conformance.kit_units import in_process_workspace, kit_settings, refusal
from tests.conftest import MakeApp

CLIENT_ID = DEMO_CREDENTIALS["client_id"]
API_KEY = DEMO_CREDENTIALS["api_key"]
TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI2ZjFjMmI5ZSJ9.c2lnbmF0dXJlLW9mLWEtdGVzdA"
FLOW = "3f1e6a52-8d0c-4b7e-9a41-2c5d7e9b1a10"


def settings(tmp_path: Path, base_url: str | None = None, **platform_options: Any) -> Settings:
    return kit_settings("flowbot", tmp_path, base_url, **platform_options)


def test_the_kit_is_registered_with_its_options() -> None:
    assert KITS["flowbot"] is KIT
    assert [option.name for option in KIT.options] == [
        "--flowbot-client-id",
        "--flowbot-api-key",
        "--flowbot-token",
        "--flowbot-username",
        "--flowbot-password",
        "--flowbot-flow-id",
        "--flowbot-outbound-token",
        "--flowbot-hmac-secret",
        "--flowbot-template-group-id",
        "--flowbot-template",
        "--flowbot-test-phone",
        "--flowbot-sandbox-workspace",
    ]
    secret = {option.name for option in KIT.options if option.secret}
    assert secret == {
        "--flowbot-api-key",
        "--flowbot-token",
        "--flowbot-password",
        "--flowbot-outbound-token",
        "--flowbot-hmac-secret",
    }
    assert all(option.env and option.env.startswith("FLOWBOT_") for option in KIT.options)


# -- credentials ----------------------------------------------------------------------------


def test_a_token_given_is_used_as_it_is(tmp_path: Path) -> None:
    assert credentials(settings(tmp_path, flowbot_token=TOKEN)) == {"token": TOKEN}
    both = settings(
        tmp_path, flowbot_token=TOKEN, flowbot_client_id=CLIENT_ID, flowbot_api_key=API_KEY
    )
    assert credentials(both) == {"token": TOKEN, "client_id": CLIENT_ID, "api_key": API_KEY}


@pytest.mark.parametrize(
    "given", [{}, {"flowbot_client_id": CLIENT_ID}, {"flowbot_api_key": API_KEY}]
)
def test_without_credentials_the_message_says_how_to_give_them(
    tmp_path: Path, given: dict[str, str]
) -> None:
    assert refusal(lambda: credentials(settings(tmp_path, "http://127.0.0.1:9", **given))) == (
        "FlowBot needs API credentials: give --flowbot-client-id and --flowbot-api-key "
        "(or --flowbot-token), or set FLOWBOT_CLIENT_ID and FLOWBOT_API_KEY"
    )


@pytest.fixture
def deployment(make_app: MakeApp) -> Iterator[str]:
    """A fresh sandbox served on a free port: its FlowBot base URL."""
    with serve(make_app()) as url:
        yield f"{url}/flowbot"


def test_client_credentials_are_exchanged_for_a_token_at_the_base_url(
    deployment: str, tmp_path: Path
) -> None:
    given = settings(tmp_path, deployment, flowbot_client_id=CLIENT_ID, flowbot_api_key=API_KEY)
    found = credentials(given)
    assert set(found) == {"token", "client_id", "api_key"}
    flows = requests.get(
        f"{deployment}/api/flows", headers={"Authorization": f"Bearer {found['token']}"}
    )
    assert (flows.status_code, flows.json()) == (200, [])
    # The run asked for the documented hour.
    payload = found["token"].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["exp"] - claims["iat"] == 3600


def test_refused_client_credentials_say_what_the_deployment_answered(
    deployment: str, tmp_path: Path
) -> None:
    wrong = settings(tmp_path, deployment, flowbot_client_id=CLIENT_ID, flowbot_api_key="sk_wrong")
    assert refusal(lambda: credentials(wrong)) == (
        "FlowBot refused the client credentials (POST /api/auth/api-token answered 401): "
        "Invalid client credentials"
    )


def test_an_unreachable_deployment_is_named(tmp_path: Path) -> None:
    given = settings(
        tmp_path, "http://127.0.0.1:9/flowbot", flowbot_client_id=CLIENT_ID, flowbot_api_key="k"
    )
    assert refusal(lambda: credentials(given)).startswith(
        "cannot reach http://127.0.0.1:9/flowbot/api/auth/api-token: ConnectionError"
    )


def test_schemathesis_sends_the_jwt_and_keeps_refusal_checks_but_one() -> None:
    config = KIT.schemathesis(settings(Path(".")), {"token": TOKEN})
    assert config["auth"] == {"openapi": {"BearerJWT": {"bearer": TOKEN}}}
    assert config["checks"] == {"positive_data_acceptance": {"enabled": False}}
    assert config["operations"] == [
        {
            "include-path": "/api/conversations",
            "include-method": "GET",
            "checks": {"negative_data_rejection": {"enabled": False}},
        }
    ]


# -- the error envelope ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 413, 415])
def test_the_vendors_error_body_passes(status: int) -> None:
    body = {"error": "Human-readable error message"}
    assert error_envelope(canned_response(body, status)) is None


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            {"message": "Flow not found"},
            "an error must be {\"error\": ...}, got {'message': 'Flow not found'}",
        ),
        (
            {"error": "Flow not found", "code": 404},
            "an error must be {\"error\": ...}, got {'error': 'Flow not found', 'code': 404}",
        ),
        ({"error": " "}, "the error must be a non-empty string, got ' '"),
        ({"error": {"message": "x"}}, "the error must be a non-empty string, got {'message': 'x'}"),
        (["Flow not found"], "an error must be {\"error\": ...}, got ['Flow not found']"),
        ("<h1>Not Found</h1>", "the body is not JSON: '<h1>Not Found</h1>'"),
    ],
)
def test_other_error_bodies_are_named_with_the_problem(body: Any, problem: str) -> None:
    assert error_envelope(canned_response(body, 404)) == problem


# -- formats -------------------------------------------------------------------------------------

WAMID = "wamid.HBgMOTcyNTAxMjM0NTY3FQIAERgUOTQ0OENGMzA2NkREQjEyNjczODYA"


def node(node_id: int, inputs: dict[str, Any], outputs: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": node_id,
        "name": "message",
        "data": {"message": "Hi"},
        "class": "message",
        "html": "<div>Hi</div>",
        "typenode": False,
        "inputs": inputs,
        "outputs": outputs,
        "pos_x": 80,
        "pos_y": 80,
    }


DRAWFLOW = {
    "drawflow": {
        "Home": {
            "data": {
                "1": node(
                    1, {}, {"output_1": {"connections": [{"node": "2", "output": "input_1"}]}}
                ),
                "2": node(
                    2, {"input_1": {"connections": [{"node": "1", "input": "output_1"}]}}, {}
                ),
            }
        }
    }
}


def test_the_documented_answers_have_no_problems() -> None:
    assert format_problems({"user": {"id": FLOW, "username": "u", "role": "user"}}) == []
    assert (
        format_problems(
            {
                "success": True,
                "tokenType": "Bearer",
                "accessToken": TOKEN,
                "expiresInSec": 3600,
                "clientNumber": FLOW,
                "clientId": CLIENT_ID,
            }
        )
        == []
    )
    conversation = {
        "id": FLOW,
        "waPhoneNumber": "+972501234567",
        "flowId": FLOW,
        "startedAt": "2025-01-20T10:00:00.000Z",
        "lastCustomerMessageAt": None,
    }
    assert format_problems([conversation]) == []
    assert format_problems({"success": True, "messageId": WAMID, "windowOpen": True}) == []
    generated = {"success": True, "flow": {"id": FLOW, "drawflowData": DRAWFLOW}, "nodeCount": 2}
    assert format_problems(generated) == []


def test_malformed_values_are_each_named() -> None:
    body = {
        "id": "conv-1",
        "createdAt": "2025-01-15T10:00:00Z",
        "messageId": "wamid." + "A" * 123,
        "waPhoneNumber": "0501234567",
        "clientId": "client_1",
        "accessToken": "eyJhbGciOiJub25lIn0.e30.",
        "items": [{"flowId": 7, "updatedAt": "2025-01-15 10:00:00"}],
    }
    assert format_problems(body) == [
        "$.id: 'conv-1' is not a UUID",
        "$.createdAt: '2025-01-15T10:00:00Z' is not toISOString() text",
        f"$.messageId: {body['messageId']!r} is not a WAMID (wamid.<base64>, at most 128 "
        "characters)",
        "$.waPhoneNumber: '0501234567' is not an E.164 phone number",
        "$.clientId: 'client_1' is not an aiflow_ client id",
        "$.accessToken: 'eyJhbGciOiJub25lIn0.e30.' is not an HS256 JWT",
        "$.items[0].flowId: 7 is not a UUID",
        "$.items[0].updatedAt: '2025-01-15 10:00:00' is not toISOString() text",
    ]


def test_a_drawflow_document_must_hold_together() -> None:
    assert drawflow_problems(DRAWFLOW) == []
    assert drawflow_problems({"nodes": []}) == [
        "drawflowData is not {drawflow: {Home: {data: {...}}}}"
    ]
    broken = json.loads(json.dumps(DRAWFLOW))
    nodes = broken["drawflow"]["Home"]["data"]
    nodes["1"]["outputs"]["output_1"]["connections"][0]["node"] = "9"
    nodes["2"]["id"] = 3
    del nodes["2"]["pos_y"]
    assert drawflow_problems(broken) == [
        "node 1 outputs.output_1 has a dangling connection",
        "node 2 has keys ['class', 'data', 'html', 'id', 'inputs', 'name', 'outputs', "
        "'pos_x', 'typenode'], not Drawflow's",
    ]
    nodes["2"]["pos_y"] = 80
    assert drawflow_problems(broken)[1:] == ["node 2 says its id is 3"]
    # Inside drawflowData, node ids are numbers: they are not checked as UUIDs.
    assert format_problems({"drawflowData": DRAWFLOW}) == []


# -- the guard (real deployments) ---------------------------------------------------------------


def case(method: str, path: str, body: Any = None, **path_parameters: str) -> Any:
    """What the guard sees of a schemathesis case."""
    return SimpleNamespace(method=method, path=path, body=body, path_parameters=path_parameters)


OURS = Ours((Created("flows", FLOW),))


def test_triggers_name_made_up_flows_and_fictional_phones() -> None:
    outbound = case(
        "POST", "/api/webhook/outbound", {"phone": "+972501234567", "flowId": FLOW, "data": {}}
    )
    guard(outbound, OURS, negative=False)  # even a flow of the run's: the kit triggers none
    assert outbound.body == {
        "phone": fictional_phone("+972501234567"),
        "flowId": missing_uuid(FLOW),
        "data": {},
    }
    assert outbound.body["flowId"].startswith("00000000-0000-4000-8000-")
    assert outbound.body["phone"].startswith("+120255501") and len(outbound.body["phone"]) == 12
    lead = case("POST", "/api/webhook/flow/{flowId}/lead", {"phone": 972501234567}, flowId=FLOW)
    guard(lead, OURS, negative=True)
    assert lead.path_parameters == {"flowId": missing_uuid(FLOW)}
    assert lead.body == {"phone": fictional_phone(972501234567)}
    reply = case("POST", "/api/conversations/{id}/reply", {"messageType": "text"}, id="c-1")
    guard(reply, OURS, negative=False)
    assert reply.path_parameters == {"id": missing_uuid("c-1")}


def test_the_guard_is_idempotent_and_keeps_what_cannot_reach_anyone() -> None:
    outbound = case("POST", "/api/webhook/outbound", {"phone": "+972501234567", "flowId": FLOW})
    guard(outbound, OURS, negative=False)
    first = dict(outbound.body)
    guard(outbound, OURS, negative=False)
    assert outbound.body == first
    # Invalid types stay (the negative case checks their refusal); no body is no problem.
    odd = case("POST", "/api/webhook/outbound", {"phone": ["+972501234567"], "flowId": None})
    guard(odd, OURS, negative=True)
    assert odd.body == {"phone": ["+972501234567"], "flowId": missing_uuid(None)}
    raw = case("POST", "/api/webhook/outbound", "phone=+972501234567")
    guard(raw, OURS, negative=True)
    assert raw.body == "phone=+972501234567"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/flows", None),
        ("GET", "/api/conversations", None),
        ("POST", "/api/auth/login", {"username": "demo", "password": "x"}),
        ("POST", "/api/flows/generate", {"prompt": "Create a flow"}),
    ],
)
def test_other_operations_are_left_alone(method: str, path: str, body: Any) -> None:
    given = case(method, path, json.loads(json.dumps(body)))
    guard(given, OURS, negative=False)
    assert given.body == body


# -- the clean-up ----------------------------------------------------------------------------------

STARTED = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
BASE = "https://flow.example.com"


class Deployment(requests.Session):
    """Answers GET /api/flows with `flows` (or `status`), and records what it was sent."""

    def __init__(self, flows: list[dict[str, Any]], status: int = 200) -> None:
        super().__init__()
        self.flows = flows
        self.status = status
        self.sent: list[tuple[str, dict[str, str]]] = []

    def get(self, url: str | bytes, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.sent.append((str(url), dict(kwargs.get("headers") or {})))
        return canned_response(self.flows, self.status)


def flow(flow_id: str, name: str, status: str, created: str) -> dict[str, Any]:
    return {"id": flow_id, "name": name, "status": status, "createdAt": created}


def test_cleanup_lists_the_runs_drafts_and_those_made_since_it_began() -> None:
    deployment = Deployment(
        [
            flow("b", "Flow Named Zz-fsbx-1", "draft", "2026-03-01T12:00:05.120Z"),
            flow("c", "Pizza Support Flow", "draft", "2026-03-01T12:00:00.000Z"),
            flow("d", "Spring sale", "draft", "2026-03-01T11:59:59.999Z"),  # before the run
            flow("e", "Orders", "active", "2026-03-01T12:01:00.000Z"),  # not a draft
        ]
    )
    created = [Created("flows", "a"), Created("flows", "b")]
    problems = cleanup(deployment, BASE, {"token": TOKEN}, created, STARTED)
    assert problems == [
        "the API cannot delete flows; remove these drafts by hand: a, "
        "b (Flow Named Zz-fsbx-1), c (Pizza Support Flow)"
    ]
    assert deployment.sent == [(f"{BASE}/api/flows", {"Authorization": f"Bearer {TOKEN}"})]


def test_cleanup_says_when_it_cannot_look() -> None:
    problems = cleanup(
        Deployment([], 401), BASE, {"token": TOKEN}, [Created("flows", "a")], STARTED
    )
    assert problems == [
        "the API cannot delete flows; remove these drafts by hand: a",
        "could not look for the run's draft flows: GET /api/flows answered 401",
    ]


def test_cleanup_with_nothing_new_has_nothing_to_say() -> None:
    deployment = Deployment([flow("d", "Spring sale", "draft", "2026-02-01T09:00:00.000Z")])
    assert cleanup(deployment, BASE, {"token": TOKEN}, [], STARTED) == []


# -- the in-process deployment -------------------------------------------------------------------


def test_an_in_process_run_gets_a_fresh_deployment_with_every_option(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app(seed=1)
    options, workspace = in_process_workspace(app.sandbox, sandbox_workspace, settings(tmp_path))
    name = workspace.name
    keys = workspace.credentials_for("flowbot")
    assert {dest: value for dest, value in options.items() if dest != "flowbot_token"} == {
        "flowbot_client_id": keys["client_id"],
        "flowbot_api_key": keys["api_key"],
        "flowbot_username": keys["username"],
        "flowbot_password": keys["password"],
        "flowbot_flow_id": "7d1b3f5a-9c2e-4a6b-8d0f-1e3a5c7b9d2f",
        "flowbot_outbound_token": options["flowbot_outbound_token"],
        "flowbot_hmac_secret": options["flowbot_hmac_secret"],
        "flowbot_template_group_id": "tg_kit_welcome",
        "flowbot_template": "kit_welcome:en",
        "flowbot_test_phone": "+972500000001",
        "flowbot_sandbox_workspace": name,
    }
    assert {dest for dest in options} == {option.dest for option in KIT.options}
    client = Client(app)
    token = {"Authorization": f"Bearer {options['flowbot_token']}"}
    flows = client.get("/flowbot/api/flows", headers=token).json
    assert sorted((f["name"], f["status"]) for f in flows) == [
        ("Kit draft", "draft"),
        ("Kit flow", "active"),
    ]
    # The flow's own token triggers it; the window is closed, so its template goes first.
    trigger = {"phone": options["flowbot_test_phone"], "flowId": options["flowbot_flow_id"]}
    outbound = client.post(
        "/flowbot/api/webhook/outbound",
        json=trigger,
        headers={"Authorization": f"Bearer {options['flowbot_outbound_token']}"},
    )
    assert outbound.status_code == 200, outbound.json
    sent = client.get("/_sandbox/outbox", query_string={"platform": "flowbot", "workspace": name})
    assert [m["text"] for m in sent.json["messages"]] == ["Hello from the kit! Reply to go on."]
