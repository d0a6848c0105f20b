"""The kit's Flochat runs, as its users start them: in-process, against a live
`flow-sandbox serve` as against a real account (a write run with everything included, and
a --read-only run), and against a sandbox whose error bodies are broken.

Flochat has 187 operations, and schemathesis builds every operation's coverage cases when
it collects them, so a run of the whole spec takes most of a minute of CPU. These runs narrow
the property layer with pytest's `-k` (the kit's documented way to narrow a run) to the
operations the kit's own logic is about: what creates and deletes the run's objects, what
names subscribers and tags, a send, a broadcast, and an account setting. Every scenario
runs in each of them.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from werkzeug.wrappers import Request

from conformance.platforms.flochat import ACCOUNT_SETTINGS
from sandbox.platforms.flochat.auth import DEMO_CREDENTIALS
from tests.conformance import platform_runs
from tests.conformance.helpers import (
    FAST,
    PERMANENT_REASON,
    PREFIX,
    KitResult,
    KitRun,
    Workspace,
    scenario_marks,
    spec_operations,
)
from tests.conformance.platform_runs import Runs
from tests.conftest import LiveServer

#: `pytest conformance/ --platform flochat`: the entry point that narrows with -k.
FLOCHAT_PYTEST = (sys.executable, "-m", "pytest", "conformance/", "--platform", "flochat")
OPERATIONS = spec_operations("flochat")
#: The operations the runs check (pytest -k matches them as substrings of the test name).
SELECTED_PATHS = (
    "/flow/tags",
    "/flow/create-tag",
    "/flow/delete-tag",
    "/flow/create-user-field",
    "/subscriber/create",
    "/subscriber/update",
    "/subscriber/delete",
    "/subscriber/get-info",
    "/subscriber/add-tag",
    "/team/create-label",
    "/team/delete-label",
    "/shop/product-tags/create",
    "/subscriber/send-text",
    "/subscriber/broadcast-by-tag",
    "/integration/openai",
    "/team-info",
)
NARROW = ("-k", "not test_operation or " + " or ".join(SELECTED_PATHS))
SELECTED = tuple(op for op in OPERATIONS if any(path in op for path in SELECTED_PATHS))
SELECTED_READS = tuple(op for op in SELECTED if op.startswith("GET "))
NEVER_EXTERNAL = tuple(op for op in SELECTED if op in ACCOUNT_SETTINGS)
#: What the summary says of them on a real account, --include-permanent or not.
NEVER_EXTERNAL_RESULT = (
    "not run: changes the account's settings, which the kit cannot restore"
    " (an in-process run checks it)"
)
#: Options the live runs must not pick up from the developer's environment.
NO_FLOCHAT_ENV = {
    "FLOCHAT_API_KEY": "",
    "FLOCHAT_FLOW_SCOPE_KEY": "",
    "FLOCHAT_TEAM_SCOPE_KEY": "",
    "FLOCHAT_TEST_SUBSCRIBER": "",
}

MARKS = scenario_marks("flochat")
WRITE_SCENARIOS = {name for name, marks in MARKS.items() if marks & {"writes", "permanent"}}
NEEDS = {name for name, marks in MARKS.items() if "needs" in marks}


def parametrized_ids() -> dict[str, list[str]]:
    """Each parametrized scenario's ids, read from the module's source (importing it would
    register the kit's marks in this process)."""
    names = ("LISTS", "READS_WITHOUT", "WRITES_WITHOUT", "CATALOG")
    values = platform_runs.module_literals("test_flochat.py", names)
    return {
        "test_lists_are_data_arrays_of_the_documented_items": sorted(values["LISTS"]),
        "test_reads_name_their_missing_parameter": [row[0] for row in values["READS_WITHOUT"]],
        "test_writes_name_their_missing_field": [
            f"{row[0]} {row[1]}" for row in values["WRITES_WITHOUT"]
        ],
        "test_catalog_entry_create_read_rename_and_delete": list(values["CATALOG"]),
    }


def reported(names: set[str]) -> set[str]:
    """The names the summary reports: parametrized scenarios once per id."""
    ids = parametrized_ids()
    result = set()
    for name in names:
        result |= {f"{name}[{i}]" for i in ids[name]} if name in ids else {name}
    return result


SCENARIOS = reported(set(MARKS))
READ_SCENARIOS = reported(set(MARKS) - WRITE_SCENARIOS)


def flow_key(name: str) -> str:
    """The "Manage Flow"-only key of a seeded team (keys are unique across workspaces)."""
    return f"{name}-flow-scope-key-0000000000000000000000"


def team_key(name: str) -> str:
    return f"{name}-team-scope-key-0000000000000000000000"


TESTER = "f123u2"


def seeded(name: str) -> dict[str, Any]:
    """A team as a user has it: real subscribers, tags, fields, labels, products and an
    integration the kit must leave alone, a tester who agreed to receive test messages, and
    what an interrupted run left behind (prefixed), which the clean-up must sweep."""
    return {
        "team": {"name": "Loja da Ana"},
        "labels": [{"name": "VIP"}, {"name": f"{PREFIX}left label"}],
        "integrations": [{"type": "openai", "api_key": "sk-live-000000000000000000000000"}],
        "products": [
            {
                "id": 1,
                "name": "Caneca",
                "type": "Casa",
                "vendor": "Loja",
                "tags": ["Verão"],
                "price": 35,
            },
            {
                "id": 2,
                "name": f"{PREFIX}left product",
                "type": f"{PREFIX}left type",
                "vendor": f"{PREFIX}left vendor",
                "tags": [f"{PREFIX}left tag"],
                "price": 1,
            },
        ],
        "flows": [
            {
                "id": 123,
                "name": "Loja da Ana WhatsApp",
                "default": True,
                "keys": [
                    {"key": flow_key(name), "scopes": ["Manage Flow"]},
                    {"key": team_key(name), "scopes": ["Manage Team"]},
                ],
                "tags": [{"name": "Customer"}, {"name": f"{PREFIX}left tag"}],
                "user_fields": [
                    {"name": "City", "var_type": "text"},
                    {"name": f"{PREFIX}left field", "var_type": "text"},
                ],
                "bot_fields": [
                    {"name": "Store hours", "var_type": "text", "value": "9-18"},
                    {"name": f"{PREFIX}left bot field", "var_type": "text", "value": "x"},
                ],
                "sub_flows": [{"name": "Welcome", "main": True, "nodes": [{"text": "Hi!"}]}],
                "segments": [{"name": "Customers", "tags": ["Customer"]}],
                "subscribers": [
                    {
                        "user_ns": "f123u1",
                        "first_name": "Carla",
                        "phone": "+5511987654321",
                        "email": "carla@example.com",
                        "tags": ["Customer"],
                        "labels": ["VIP"],
                        "user_fields": {"City": "Recife"},
                        "last_inbound_at": "2030-01-01 00:00:00",  # would accept a text
                    },
                    {"user_ns": TESTER, "first_name": "Tester", "phone": "+5511900000000"},
                    {
                        "user_ns": "f123u3",
                        "first_name": f"{PREFIX}left subscriber",
                        "email": f"{PREFIX}left@example.invalid",
                    },
                ],
            }
        ],
    }


def without_leftovers(section: dict[str, Any]) -> dict[str, Any]:
    """A `flochat` export without the objects whose names carry the prefix."""

    def kept(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            item
            for item in items
            if not str(item.get("name") or item.get("first_name") or "").startswith(PREFIX)
        ]

    cleaned = {
        key: kept(value) if key != "flows" and isinstance(value, list) else value
        for key, value in section.items()
    }
    cleaned["flows"] = [
        {
            key: kept(value) if isinstance(value, list) and key != "keys" else value
            for key, value in flow.items()
        }
        for flow in section["flows"]
    ]
    return cleaned


#: What sending leaves in an export besides the messages (left out of comparisons).
CONVERSATION_SECTIONS = ("messages", "conversations", "agent_activity_log")


def account(section: dict[str, Any]) -> dict[str, Any]:
    """An export without what sending changes: the conversation logs (checked through
    the outbox) and the tester's last-message columns."""

    def subscriber(row: dict[str, Any]) -> dict[str, Any]:
        if row["user_ns"] != TESTER:
            return row
        return {key: value for key, value in row.items() if not key.startswith("last_")}

    flows = []
    for flow in section["flows"]:
        kept = {k: v for k, v in flow.items() if k not in CONVERSATION_SECTIONS}
        kept["subscribers"] = [subscriber(row) for row in flow.get("subscribers", [])]
        flows.append(kept)
    return {**section, "flows": flows}


def renamed_message(request: Request, status: int, body: Any) -> Any:
    """A broken target: error bodies say `error` where Laravel says `message`."""
    return platform_runs.renamed(body, "message", "error") if status >= 400 else None


def operation_of(request: Request) -> str:
    """The operation whose test sent the request: the one of its method and path, or (a
    method the path does not have, which the coverage phase tries) the path's GET."""
    path = request.path.removeprefix("/flochat")
    matching = [
        operation
        for operation in OPERATIONS
        if re.fullmatch(
            re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(operation.split(" ", 1)[1])), path
        )
    ]
    for method in (request.method, "GET"):
        for operation in matching:
            if operation.startswith(f"{method} "):
                return operation
    return f"{request.method} {path}"


def inbound(workspace: Workspace, user_ns: str) -> None:
    """The subscriber writes to the bot (opening the 24-hour window for texts)."""
    response = requests.post(
        f"{workspace.server}/_sandbox/inbound",
        json={
            "platform": "flochat",
            "workspace": workspace.name,
            "conversation": user_ns,
            "text": "I am the tester",
        },
        timeout=30,
    )
    assert response.status_code == 201, response.text


@pytest.fixture(scope="module")
def runs(serve_process: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    live = platform_runs.live_workspaces(
        serve_process.url, "flochat", write=seeded("write"), read_only=seeded("read")
    )
    write, read_only = live["write"], live["read_only"]
    inbound(write, TESTER)
    before = {name: workspace.section("flochat") for name, workspace in live.items()}
    broken_at = platform_runs.broken_target(
        "flochat", renamed_message, operation_of, seeded("broken")
    )
    with broken_at as broken:

        def kit(name: str, args: tuple[str, ...], **kwargs: Any) -> KitRun:
            return KitRun(
                (*args, *NARROW, *FAST),
                tmp_path_factory.mktemp(name) / "report",
                entry=FLOCHAT_PYTEST,
                **kwargs,
            )

        started = {
            "in_process": kit("in_process", (), env=NO_FLOCHAT_ENV),
            "write": kit(
                "write",
                (
                    "--base-url",
                    write.url_of("flochat"),
                    "--flochat-api-key",
                    write.credentials["flochat"]["api_key"],
                    "--flochat-flow-scope-key",
                    flow_key("write"),
                    "--flochat-team-scope-key",
                    team_key("write"),
                    "--flochat-test-subscriber",
                    TESTER,
                    "--include-permanent",
                ),
                env=NO_FLOCHAT_ENV,
            ),
            # The key from the documented environment variable this time.
            "read_only": kit(
                "read_only",
                ("--base-url", read_only.url_of("flochat"), "--read-only"),
                env={
                    **NO_FLOCHAT_ENV,
                    "FLOCHAT_API_KEY": read_only.credentials["flochat"]["api_key"],
                },
            ),
            "broken": kit(
                "broken",
                (
                    "--base-url",
                    broken.url,
                    "--flochat-api-key",
                    DEMO_CREDENTIALS["api_key"],
                    "--flochat-flow-scope-key",
                    flow_key("broken"),
                    "--read-only",
                ),
                env=NO_FLOCHAT_ENV,
            ),
        }
        yield platform_runs.finish_runs("flochat", started, live, before, broken)


def ran(result: KitResult) -> dict[str, str]:
    """The selected operations' results (the others were deselected by -k, or left out by
    the run, each with its reason)."""
    operations = result.operations
    assert set(operations) == set(OPERATIONS)
    # Left out by the run itself (excluded, so never collected), or else by -k.
    reasons = {
        f"not run: deselected by -k '{NARROW[1]}'",
        "not run: --read-only",
        f"not run: {PERMANENT_REASON}",
        NEVER_EXTERNAL_RESULT,
    }
    assert {operations[op] for op in OPERATIONS if op not in SELECTED} <= reasons
    return {op: operations[op] for op in SELECTED}


# -- in-process ---------------------------------------------------------------------------------


def test_everything_passes_in_a_fresh_sandbox(runs: Runs) -> None:
    # The in-process team has a key of each scope and a test subscriber.
    passed = dict.fromkeys(SELECTED, "passed")
    summary = platform_runs.assert_fresh_sandbox_passed(
        runs.in_process, "flochat", passed, SCENARIOS, ran
    )
    assert {"subscribers", "tags", "labels"} <= set(summary["created"])


# -- a live account ------------------------------------------------------------------------------


def test_a_write_run_with_everything_passes(runs: Runs) -> None:
    expected = dict.fromkeys(SELECTED, "passed") | dict.fromkeys(
        NEVER_EXTERNAL, NEVER_EXTERNAL_RESULT
    )
    summary = platform_runs.assert_all_passed(runs.write.result, expected, SCENARIOS, ran)
    assert summary["cleanup_problems"] == []


def test_the_write_run_leaves_the_account_as_it_was_minus_what_was_left_behind(
    runs: Runs,
) -> None:
    run = runs.write
    assert run.result.created("subscribers") > 0 and run.result.created("tags") > 0
    assert run.result.created("labels") > 0
    before, after = account(run.before), account(run.after)
    assert after == without_leftovers(before)
    # The account had leftovers of every kind the sweep looks for, and none are left.
    assert before != without_leftovers(before)
    assert PREFIX not in json.dumps(after)


def test_the_write_run_sends_only_to_the_test_subscriber(runs: Runs) -> None:
    sent = [message for message in runs.write.outbox() if message["type"] == "out"]
    assert sent, "the sending scenario sent nothing: the test proves nothing"
    assert {message["user_ns"] for message in sent} == {TESTER}
    assert all(message["content"].startswith(PREFIX) for message in sent)


def test_account_settings_are_not_run_against_a_real_account(runs: Runs) -> None:
    assert NEVER_EXTERNAL, "no account setting among the selected operations"
    operations = runs.write.result.operations
    assert {op: operations[op] for op in NEVER_EXTERNAL} == dict.fromkeys(
        NEVER_EXTERNAL, NEVER_EXTERNAL_RESULT
    )
    assert runs.write.after["integrations"] == runs.write.before["integrations"] != []


#: The scoped keys the write run is given (the read-only run is given none).
KEYS_OF_WRITE = (flow_key("write"), team_key("write"))


def test_keys_never_appear_in_output_or_reports(runs: Runs) -> None:
    for run in (runs.write, runs.read_only):
        secrets = (run.workspace.credentials["flochat"]["api_key"], *KEYS_OF_WRITE)
        assert platform_runs.leaks(run.result, secrets) == []


def test_read_only_runs_reads_only_and_changes_nothing(runs: Runs) -> None:
    run = runs.read_only
    result = run.result
    assert result.returncode == 0, result.describe()
    expected = {op: "not run: --read-only" for op in SELECTED if not op.startswith("GET ")}
    assert ran(result) == expected | dict.fromkeys(SELECTED_READS, "passed")
    ran_scenarios = READ_SCENARIOS - reported(NEEDS)
    assert result.summary["scenarios"] == dict.fromkeys(sorted(ran_scenarios), "passed")
    not_run = result.summary["scenarios_not_run"]
    assert {name for name, reason in not_run.items() if reason == "--read-only"} == reported(
        WRITE_SCENARIOS
    )
    assert {name for name, reason in not_run.items() if reason.startswith("needs ")} == (
        NEEDS - WRITE_SCENARIOS
    )
    assert result.summary["created"] == {}
    assert run.after == run.before
    assert run.outbox() == []


def test_scenarios_needing_other_keys_say_which_option_gives_them(runs: Runs) -> None:
    not_run = runs.read_only.result.summary["scenarios_not_run"]
    assert not_run["test_a_flow_scope_key_is_refused_team_operations"] == (
        "needs --flochat-flow-scope-key"
    )
    assert not_run["test_a_team_scope_key_is_refused_flow_operations"] == (
        "needs --flochat-team-scope-key"
    )
    # Writes first: a read-only run sends nothing, test subscriber or not.
    assert not_run["test_a_text_sent_to_the_test_subscriber_is_in_its_chat"] == "--read-only"


# -- a broken target --------------------------------------------------------------------------


def test_a_renamed_error_message_fails_where_errors_were_answered(runs: Runs) -> None:
    message = 'an error must be {"message": ...}'
    failed = platform_runs.failed_by_defect(runs.broken, runs.defect, message, ran(runs.broken))
    assert failed and failed == runs.defect.changed & set(SELECTED_READS)


def test_scenarios_that_expect_error_bodies_fail_against_it(runs: Runs) -> None:
    lists = reported({"test_lists_are_data_arrays_of_the_documented_items"})
    platform_runs.assert_scenarios_against_the_defect(
        runs.broken,
        {"test_me_and_the_team_of_the_key", *lists},
        "test_a_missing_or_unknown_key_is_unauthenticated",
        "{'error': 'Unauthenticated.'}",
    )
    assert (
        runs.broken.summary["scenarios_not_run"]["test_a_team_scope_key_is_refused_flow_operations"]
        == "needs --flochat-team-scope-key"
    )
