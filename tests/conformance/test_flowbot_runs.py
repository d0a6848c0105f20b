"""The kit's FlowBot runs, as its users start them: in-process; against a live
`flow-sandbox serve` as against a real deployment (a write run with every option, the
client credentials exchanged for a token); and, with credentials from the environment and
no test phone, against a sandbox whose error bodies are broken. The three run at the same
time. (--read-only is the kit's own, the same for every platform: test_live.py.)"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import pytest
from werkzeug.wrappers import Request, Response

from sandbox.app import SandboxApp, create_app
from sandbox.config import SandboxConfig
from sandbox.platforms.flowbot.auth import DEMO_CREDENTIALS
from tests.conformance.helpers import (
    FAST,
    PERMANENT_REASON,
    PREFIX,
    KitResult,
    KitRun,
    LiveRun,
    Workspace,
    WsgiApp,
    create_workspace,
    finish_all,
    scenario_marks,
    serve,
    spec_operations,
)
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


class RenamedError:
    """A sandbox whose error bodies say `message` where FlowBot says `error`."""

    def __init__(self, app: WsgiApp) -> None:
        self.app = app
        #: Operations ("POST /api/webhook/outbound") whose answer to schemathesis changed.
        self.changed: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        response = Response.from_app(self.app, environ)
        body = json.loads(response.get_data()) if response.is_json else None
        if isinstance(body, dict) and set(body) == {"error"}:
            response.set_data(json.dumps({"message": body["error"]}))
            if "X-Schemathesis-TestCaseId" in request.headers:
                with self._lock:
                    self.changed.add(operation_of(request))
        return response(environ, start_response)


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


@dataclass
class Runs:
    in_process: KitResult
    write: LiveRun
    broken: KitResult
    defect: RenamedError
    broken_app: SandboxApp


@pytest.fixture(scope="module")
def runs(serve_process: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    server = serve_process.url
    write = create_workspace(server, flowbot=SEEDED)
    before = write.section("flowbot")
    with ExitStack() as stack:
        app = create_app(SandboxConfig(db=":memory:"))
        stack.callback(app.close)
        defect = RenamedError(app)
        broken_url = stack.enter_context(serve(defect))
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
                ("--base-url", f"{broken_url}/flowbot", *FAST),
                report("broken") / "report",
                entry=FLOWBOT_CLI,
                env={
                    "FLOWBOT_CLIENT_ID": DEMO_CREDENTIALS["client_id"],
                    "FLOWBOT_API_KEY": DEMO_CREDENTIALS["api_key"],
                },
            ),
        }
        results = finish_all(started)
        yield Runs(
            in_process=results["in_process"],
            write=LiveRun(write, "flowbot", before, results["write"]),
            broken=results["broken"],
            defect=defect,
            broken_app=app,
        )


# -- in-process ---------------------------------------------------------------------------------


def test_everything_passes_in_a_fresh_sandbox(runs: Runs) -> None:
    result = runs.in_process
    assert result.returncode == 0, result.describe()
    summary = result.summary
    assert summary["platform"] == "flowbot"
    assert result.operations == dict.fromkeys(OPERATIONS, "passed")
    assert summary["stateful"] == "not run: the spec has no OpenAPI links"
    assert summary["scenarios"] == dict.fromkeys(sorted(SCENARIOS), "passed")
    # The in-process deployment gives every option, the test phone and the workspace too.
    assert summary["scenarios_not_run"] == {}
    assert summary["created"] == {"flows": 1}
    assert summary["cleanup_problems"] == []
    assert result.failed_tests == set()


# -- a live deployment ----------------------------------------------------------------------------


def test_a_write_run_with_every_option_passes(runs: Runs) -> None:
    result = runs.write.result
    assert result.returncode == 0, result.describe()
    assert result.operations == dict.fromkeys(OPERATIONS, "passed")
    assert result.summary["scenarios"] == dict.fromkeys(sorted(SCENARIOS), "passed")
    assert result.summary["scenarios_not_run"] == {}
    assert result.summary["passed"] is True


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
    texts = {"stdout": run.result.stdout, "stderr": run.result.stderr, **run.result.report_texts()}
    leaks = [name for name, text in texts.items() if any(key in text for key in secrets)]
    assert leaks == []


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
    exported = runs.broken_app.sandbox.export("default")["workspaces"]["default"]
    assert "conversations" not in exported.get("flowbot", {})


# -- a broken target ------------------------------------------------------------------------------


def test_a_renamed_error_key_fails_where_errors_were_answered(runs: Runs) -> None:
    result = runs.broken
    assert result.returncode == 1, result.describe()
    assert runs.defect.changed, "the defect never showed: the test proves nothing"
    failed = {op for op, outcome in result.operations.items() if outcome == "failed"}
    assert failed == runs.defect.changed
    for operation in failed:
        failure = result.failure(f"test_operation[{operation}]")
        assert 'an error must be {"error": ...}' in failure, operation
    assert all(result.operations[op] == f"not run: {PERMANENT_REASON}" for op in PERMANENT)
    not_failed = set(OPERATIONS) - failed - PERMANENT
    assert all(result.operations[op] == "passed" for op in not_failed)


def test_scenarios_that_expect_error_bodies_fail_against_it(runs: Runs) -> None:
    scenarios = runs.broken.summary["scenarios"]
    passed = {name for name, outcome in scenarios.items() if outcome == "passed"}
    assert passed == {
        "test_client_credentials_are_exchanged_for_an_hs256_bearer_jwt",
        "test_flows_are_listed_with_the_documented_fields",
    }
    failure = runs.broken.failure("test_requests_without_credentials_are_401")
    assert "{'message': 'Authentication required'}" in failure
