"""The kit's Flow XO runs, as its users start them: in-process, against a live
`flow-sandbox serve` as against a real account (a write run with every option and
--include-permanent, and a --read-only run), and against a sandbox whose error bodies
are broken. (The usage error of a missing key is tested in test_flowxo_kit.py.)"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.wrappers import Request

from sandbox.platforms.flowxo.auth import DEMO_CREDENTIALS
from tests.conformance import platform_runs
from tests.conformance.helpers import (
    FAST,
    PERMANENT_REASON,
    PREFIX,
    KitRun,
    Workspace,
    scenario_marks,
    spec_operations,
)
from tests.conformance.platform_runs import Runs
from tests.conftest import LiveServer

#: `flow-sandbox conformance flowxo`, as `python -m sandbox` (the same command).
FLOWXO_CLI = (sys.executable, "-m", "sandbox", "conformance", "flowxo")
OPERATIONS = spec_operations("flowxo")
READS = tuple(op for op in OPERATIONS if op.startswith("GET "))
WRITES = tuple(op for op in OPERATIONS if not op.startswith("GET "))
PERMANENT = {"POST /api/end_users"}
MARKS = scenario_marks("flowxo")
SCENARIOS = set(MARKS)
WRITE_SCENARIOS = {name for name, marks in MARKS.items() if marks & {"writes", "permanent"}}
READ_SCENARIOS = SCENARIOS - WRITE_SCENARIOS
#: The kit's options that come from the environment too: cleared for every run, so a
#: developer's own settings cannot change what these tests see.
CLEARED = {
    name: ""
    for name in (
        "FLOWXO_API_KEY",
        "FLOWXO_CONNECTION_ID",
        "FLOWXO_WORKFLOW_ID",
        "FLOWXO_SANDBOX_WORKSPACE",
    )
}

#: The spec's example Connection ID, and its example channel id is a user of it: without the
#: guard, schemathesis' example requests would change that real user.
BOT, OTHER_BOT = "6617a0c2e4b0a1f2c3d4e5f6", "65b2f1a0c3d4e5f6a7b8c9d0"
WORKFLOW = "65c0aa11b2c3d4e5f6a7b801"
#: An account as a user has it: bots, workflows, and users with conversations the kit must
#: leave alone.
SEEDED: dict[str, Any] = {
    "bots": [
        {"_id": BOT, "name": "Loja", "platform": "whatsapp"},
        {"_id": OTHER_BOT, "name": "Suporte", "platform": "telegram"},
    ],
    "workflows": [
        {"_id": WORKFLOW, "name": "Boas-vindas", "active": True},
        {"_id": "65c0aa11b2c3d4e5f6a7b802", "name": "Carrinho", "active": False},
    ],
    "end_users": [
        {
            "connection": BOT,
            "channel": "5511987654321",
            "channel_profile": {"user_first_name": "Ana"},
            "created_at": "2026-02-10T13:00:00Z",
            "messages": [
                {"role": "user", "message": "Oi", "timestamp": "2026-02-28T18:40:00Z"},
                {"role": "bot", "message": "Olá Ana!", "timestamp": "2026-02-28T18:40:01Z"},
            ],
        },
        {
            "connection": OTHER_BOT,
            "channel": "876631178",
            "profile": {"user_name": "simon"},
            "created_at": "2026-02-20T09:15:00Z",
        },
        {"connection": BOT, "channel": "5511912345678", "created_at": "2026-02-21T09:15:00Z"},
    ],
}


def key(workspace: Workspace) -> str:
    return workspace.credentials["flowxo"]["api_key"]


def renamed_message(request: Request, status: int, body: Any) -> Any:
    """A broken target: Flow XO's error bodies say `error` where they say `message`."""
    if request.path.startswith("/flowxo/") and status >= 400:
        return platform_runs.renamed(body, "message", "error")
    return None


def operation_of(request: Request) -> str | None:
    """The spec operation a request is for (None for a URL or method the spec lacks)."""
    path = request.path.removeprefix("/flowxo").rstrip("/")
    if path.startswith("/api/workflows/") and path != "/api/workflows/simple":
        path = "/api/workflows/{id}"
    operation = f"{request.method} {path}"
    return operation if operation in OPERATIONS else None


@pytest.fixture(scope="module")
def runs(serve_process: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    entry = FLOWXO_CLI
    live = platform_runs.live_workspaces(
        serve_process.url, "flowxo", write=SEEDED, read_only=SEEDED
    )
    write, read_only = live["write"], live["read_only"]
    before = {name: workspace.section("flowxo") for name, workspace in live.items()}

    def report(name: str) -> Any:
        return tmp_path_factory.mktemp(name) / "report"

    with platform_runs.broken_target("flowxo", renamed_message, operation_of) as broken:
        started = {
            "in_process": KitRun(FAST, report("in_process"), entry=entry, env=CLEARED),
            "write": KitRun(
                (
                    "--base-url",
                    write.url_of("flowxo"),
                    "--flowxo-api-key",
                    key(write),
                    "--flowxo-connection-id",
                    BOT,
                    "--flowxo-workflow-id",
                    WORKFLOW,
                    "--flowxo-sandbox-workspace",
                    write.name,
                    "--include-permanent",
                    *FAST,
                ),
                report("write"),
                entry=entry,
                env=CLEARED,
            ),
            # The key from the documented environment variable this time.
            "read_only": KitRun(
                ("--base-url", read_only.url_of("flowxo"), "--read-only", *FAST),
                report("read_only"),
                entry=entry,
                env={**CLEARED, "FLOWXO_API_KEY": key(read_only)},
            ),
            "broken": KitRun(
                (
                    "--base-url",
                    broken.url,
                    "--flowxo-api-key",
                    DEMO_CREDENTIALS["api_key"],
                    *FAST,
                ),
                report("broken"),
                entry=entry,
                env=CLEARED,
            ),
        }
        yield platform_runs.finish_runs("flowxo", started, live, before, broken)


# -- in-process ---------------------------------------------------------------------------------


def test_everything_passes_in_a_fresh_sandbox(runs: Runs) -> None:
    # The in-process account has a bot, a workflow and a control API: every scenario runs.
    summary = platform_runs.assert_fresh_sandbox_passed(
        runs.in_process, "flowxo", dict.fromkeys(OPERATIONS, "passed"), SCENARIOS
    )
    assert {op["operation"] for op in summary["assumed"]} == {
        "POST /api/end_users",
        "PUT /api/end_users",
        "PUT /api/workflows/{id}",
    }
    assert summary["stateful"] == "passed"
    assert summary["created"] == {"end_users": 2}


# -- a live account -----------------------------------------------------------------------------


def test_a_write_run_with_everything_passes(runs: Runs) -> None:
    result = runs.write.result
    summary = platform_runs.assert_all_passed(
        result, dict.fromkeys(OPERATIONS, "passed"), SCENARIOS
    )
    assert summary["stateful"] == "passed"


def test_the_write_run_leaves_bots_workflows_and_existing_users_as_they_were(
    runs: Runs,
) -> None:
    after, before = runs.write.after, runs.write.before
    assert after["bots"] == before["bots"]
    assert after["workflows"] == before["workflows"]  # the workflow was toggled back
    existing = [user for user in after["end_users"] if user["_id"] in _ids(before)]
    assert existing == before["end_users"]


def test_users_it_cannot_delete_have_made_up_channel_ids_and_are_listed(runs: Runs) -> None:
    after, before = runs.write.after, runs.write.before
    new = [user for user in after["end_users"] if user["_id"] not in _ids(before)]
    assert new, "the write run created no user: the test proves nothing"
    assert all(user["channel"].startswith(PREFIX) for user in new), new
    paths = sorted(f"{user['connection']}/c/{user['channel']}" for user in new)
    assert runs.write.result.summary["cleanup_problems"] == [
        "the API cannot delete end users; remove these by hand: " + ", ".join(paths)
    ]


def _ids(section: dict[str, Any]) -> set[str]:
    return {user["_id"] for user in section["end_users"]}


def test_keys_never_appear_in_output_or_reports(runs: Runs) -> None:
    for run in (runs.write, runs.read_only):
        assert platform_runs.leaks(run.result, [key(run.workspace)]) == []


def test_read_only_runs_reads_only_and_changes_nothing(runs: Runs) -> None:
    run = runs.read_only
    summary = platform_runs.assert_read_only_passed(run.result, READS, WRITES, READ_SCENARIOS)
    assert summary["scenarios_not_run"] == dict.fromkeys(sorted(WRITE_SCENARIOS), "--read-only")
    assert summary["cleanup_problems"] == []
    assert run.after == run.before


def test_without_the_options_scenarios_say_which_option_enables_them(runs: Runs) -> None:
    not_run = runs.broken.summary["scenarios_not_run"]
    assert not_run == {
        "test_a_users_message_becomes_the_conversations_last_message": (
            "needs --flowxo-sandbox-workspace, --flowxo-connection-id"
        ),
        "test_create_an_end_user_then_update_its_profile": PERMANENT_REASON,
        "test_disable_and_enable_a_workflow": "needs --flowxo-workflow-id",
    }


# -- a broken target --------------------------------------------------------------------------


def test_a_renamed_error_message_fails_every_operation_that_answered_an_error(
    runs: Runs,
) -> None:
    message = 'an error must be {"message": ...}'
    failed = platform_runs.assert_only_the_defect_failed(
        runs.broken, runs.defect, message, OPERATIONS, PERMANENT
    )
    assert failed == set(OPERATIONS) - PERMANENT
    assert runs.broken.operations["POST /api/end_users"] == f"not run: {PERMANENT_REASON}"


def test_scenarios_that_expect_error_bodies_fail_against_it(runs: Runs) -> None:
    platform_runs.assert_scenarios_against_the_defect(
        runs.broken,
        {
            "test_workflows_simple_is_a_bare_array_of_id_name_and_active",
            "test_a_conversation_id_joins_the_bot_id_and_the_users_channel_id",
            "test_skip_and_limit_page_through_conversations_once_each",
            "test_start_and_end_select_conversations_by_their_time",
            "test_a_trailing_slash_is_the_same_url",
        },
        "test_a_missing_unknown_or_non_bearer_key_is_401",
        "{'error': 'Unauthorized'}",
    )
