"""The kit's FlowBot runs, as its users start them: in-process; against a live
`flow-sandbox serve` as against a real deployment (a write run with every option, the
client credentials exchanged for a token); and, with credentials from the environment and
no test phone, against a sandbox whose error bodies are broken. The three run at the same
time. (--read-only is the kit's own, the same for every platform: test_live.py.)"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.wrappers import Request

from sandbox.platforms.flowbot.auth import DEMO_CREDENTIALS
from tests.conformance import platform_runs
from tests.conformance.helpers import (
    FAST,
    PREFIX,
    KitRun,
    Workspace,
    scenario_marks,
    spec_operations,
)
from tests.conformance.platform_runs import Runs
from tests.conftest import LiveServer

FLOWBOT_CLI = (sys.executable, "-m", "sandbox", "conformance", "flowbot")
OPERATIONS = spec_operations("flowbot")
PERMANENT = {"POST /api/flows/generate"}
MARKS = scenario_marks("flowbot")
SCENARIOS = set(MARKS)
PERMANENT_SCENARIOS = {name for name, marks in MARKS.items() if "permanent" in marks}
WRITE_SCENARIOS = {name for name, marks in MARKS.items() if marks & {"writes", "permanent"}}
NEEDS = {name for name, marks in MARKS.items() if "needs" in marks}

FLOW = "6b8d0f2a-4c6e-4a8b-9d1f-3a5c7e9b1d40"
TOKEN = "e3a1c5b7d9f2a4c6e8b0d2f4a6c8e0b2d4f6a8c0e2b4d6f8"
SECRET = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f901"
TEST_PHONE = "+972500000777"
CUSTOMER_PHONE = "+972521112233"
#: A deployment as a user has it: the flow the kit may trigger, a draft, and a customer's
#: conversation the kit must leave alone.
SEEDED: dict[str, Any] = {
    "flows": [
        {
            "id": FLOW,
            "name": "Orders",
            "status": "active",
            "outboundToken": TOKEN,
            "hmacSecret": SECRET,
            "firstMessage": "Hi {{customerName}}!",
            "templateGroups": [
                {
                    "id": "tg_hello",
                    "templates": [
                        {"id": "1", "name": "hello_world", "language": "en_US", "text": "Hello!"}
                    ],
                }
            ],
            "defaultTemplateGroupId": "tg_hello",
            "createdAt": "2026-01-10T09:00:00.000Z",
        },
        {
            "name": "Spring sale",
            "status": "draft",
            "firstMessage": "Sale!",
            "createdAt": "2026-02-01T09:00:00.000Z",
        },
    ],
    "conversations": [
        {
            "flowId": FLOW,
            "waPhoneNumber": CUSTOMER_PHONE,
            "customerName": "Dana Levi",
            "messages": [
                {
                    "direction": "inbound",
                    "text": "Where is my order?",
                    "timestamp": "2026-02-01T10:00:00Z",
                }
            ],
        }
    ],
}


def options(workspace: Workspace) -> tuple[str, ...]:
    credentials = workspace.credentials["flowbot"]
    return (
        "--base-url",
        workspace.url_of("flowbot"),
        "--flowbot-client-id",
        credentials["client_id"],
        "--flowbot-api-key",
        credentials["api_key"],
    )


def everything(workspace: Workspace) -> tuple[str, ...]:
    credentials = workspace.credentials["flowbot"]
    return (
        *options(workspace),
        "--flowbot-username",
        credentials["username"],
        "--flowbot-password",
        credentials["password"],
        "--flowbot-flow-id",
        FLOW,
        "--flowbot-outbound-token",
        TOKEN,
        "--flowbot-hmac-secret",
        SECRET,
        "--flowbot-template-group-id",
        "tg_hello",
        "--flowbot-template",
        "hello_world:en_US",
        "--flowbot-test-phone",
        TEST_PHONE,
        "--flowbot-sandbox-workspace",
        workspace.name,
    )


def renamed_error(request: Request, status: int, body: Any) -> Any:
    """A broken target: error bodies say `message` where FlowBot says `error`."""
    if isinstance(body, dict) and set(body) == {"error"}:
        return {"message": body["error"]}
    return None


def operation_of(request: Request) -> str:
    """The operation whose schemathesis test sent `request` (each FlowBot path has one
    operation; the unsupported-method check sends other methods to it)."""
    given = request.path.removeprefix("/flowbot").split("/")
    for operation in OPERATIONS:
        parts = operation.split(" ")[1].split("/")
        if len(parts) == len(given) and all(
            p == g or p.startswith("{") for p, g in zip(parts, given, strict=True)
        ):
            return operation
    return f"{request.method} {request.path}"


@pytest.fixture(scope="module")
def runs(serve_process: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    live = platform_runs.live_workspaces(serve_process.url, "flowbot", write=SEEDED)
    write = live["write"]
    before = {"write": write.section("flowbot")}
    with platform_runs.broken_target("flowbot", renamed_error, operation_of) as broken:
        report = tmp_path_factory.mktemp
        started = {
            "in_process": KitRun(FAST, report("in_process") / "report", entry=FLOWBOT_CLI),
            "write": KitRun(
                (*everything(write), "--include-permanent", *FAST),
                report("write") / "report",
                entry=FLOWBOT_CLI,
            ),
            # Credentials from the documented environment variables this time.
            "broken": KitRun(
                ("--base-url", broken.url, *FAST),
                report("broken") / "report",
                entry=FLOWBOT_CLI,
                env={
                    "FLOWBOT_CLIENT_ID": DEMO_CREDENTIALS["client_id"],
                    "FLOWBOT_API_KEY": DEMO_CREDENTIALS["api_key"],
                },
            ),
        }
        yield platform_runs.finish_runs("flowbot", started, live, before, broken)


# -- in-process ---------------------------------------------------------------------------------


def test_everything_passes_in_a_fresh_sandbox(runs: Runs) -> None:
    # The in-process deployment gives every option, the test phone and the workspace too.
    summary = platform_runs.assert_fresh_sandbox_passed(
        runs.in_process, "flowbot", dict.fromkeys(OPERATIONS, "passed"), SCENARIOS
    )
    assert summary["stateful"] == "not run: the spec has no OpenAPI links"
    assert summary["created"] == {"flows": 1}


# -- a live deployment ----------------------------------------------------------------------------


def test_a_write_run_with_every_option_passes(runs: Runs) -> None:
    platform_runs.assert_all_passed(
        runs.write.result, dict.fromkeys(OPERATIONS, "passed"), SCENARIOS
    )


def test_the_write_run_sends_only_to_the_test_phone_and_made_up_numbers(runs: Runs) -> None:
    run = runs.write
    before = {c["id"]: c for c in run.before["conversations"]}
    after = {c["id"]: c for c in run.after["conversations"]}
    assert {k: after[k] for k in before} == before  # Dana's conversation is untouched
    new = [after[k] for k in after.keys() - before.keys()]
    to_test_phone = [c for c in new if c["waPhoneNumber"] == TEST_PHONE]
    assert len(to_test_phone) == 1  # every trigger resumed the one conversation
    others = [c for c in new if c["waPhoneNumber"] != TEST_PHONE]
    # The control-API scenario's own customers: new numbers, made-up names.
    assert others and all(c["customerName"].startswith(PREFIX) for c in others), others


def test_generated_drafts_are_listed_for_removal_by_hand(runs: Runs) -> None:
    run = runs.write
    before_ids = {flow["id"] for flow in run.before["flows"]}
    assert [f for f in run.after["flows"] if f["id"] in before_ids] == run.before["flows"]
    drafts = [f for f in run.after["flows"] if f["id"] not in before_ids]
    # The scenario's, and schemathesis' calls of the permanent operation.
    assert len(drafts) >= 2 and all(draft["status"] == "draft" for draft in drafts)
    listed = ", ".join(f"{d['id']} ({d['name']})" for d in sorted(drafts, key=lambda d: d["id"]))
    assert run.result.summary["cleanup_problems"] == [
        f"the API cannot delete flows; remove these drafts by hand: {listed}"
    ]


def test_secrets_never_appear_in_output_or_reports(runs: Runs) -> None:
    run = runs.write
    secrets = [*run.workspace.credentials["flowbot"].values(), TOKEN, SECRET]
    assert platform_runs.leaks(run.result, secrets) == []


def test_without_a_test_phone_nothing_is_sent(runs: Runs) -> None:
    # The run against the broken target writes, with credentials only: every scenario
    # that would send a WhatsApp message says which options it needs, and the generated
    # triggers were pointed at made-up flows.
    not_run = runs.broken.summary["scenarios_not_run"]
    senders = {
        "test_an_outbound_trigger_answers_as_documented_and_opens_a_conversation",
        "test_the_flows_outbound_token_triggers_it",
        "test_a_signed_lead_starts_the_flow_and_lists_its_variables",
        "test_replies_follow_the_24_hour_rule",
    }
    assert senders <= WRITE_SCENARIOS & NEEDS
    for name in senders:
        assert not_run[name].startswith("needs ") and "--flowbot-test-phone" in not_run[name]
    exported = runs.target.app.sandbox.export("default")["workspaces"]["default"]
    assert "conversations" not in exported.get("flowbot", {})


# -- a broken target ------------------------------------------------------------------------------


def test_a_renamed_error_key_fails_where_errors_were_answered(runs: Runs) -> None:
    message = 'an error must be {"error": ...}'
    platform_runs.assert_only_the_defect_failed(
        runs.broken, runs.defect, message, OPERATIONS, PERMANENT
    )


def test_scenarios_that_expect_error_bodies_fail_against_it(runs: Runs) -> None:
    platform_runs.assert_scenarios_against_the_defect(
        runs.broken,
        {
            "test_client_credentials_are_exchanged_for_an_hs256_bearer_jwt",
            "test_flows_are_listed_with_the_documented_fields",
        },
        "test_requests_without_credentials_are_401",
        "{'message': 'Authentication required'}",
    )
