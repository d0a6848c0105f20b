"""The kit's XeroChat runs, as its users start them: in-process, against a live
`flow-sandbox serve` as against a real installation (a write run with everything
included, and a --read-only run), and against a sandbox whose error bodies are broken."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.wrappers import Request

from sandbox.platforms.xerochat.auth import DEMO_CREDENTIALS
from tests.conformance import platform_runs
from tests.conformance.helpers import (
    FAST,
    PREFIX,
    XEROCHAT_CLI,
    KitRun,
    Workspace,
    scenario_marks,
    spec_operations,
)
from tests.conformance.platform_runs import Runs
from tests.conftest import LiveServer

OPERATIONS = spec_operations("xerochat")
READS = tuple(op for op in OPERATIONS if op.startswith("GET "))
WRITES = tuple(op for op in OPERATIONS if not op.startswith("GET "))
PERMANENT = {
    "POST /api/create_system_user",
    "POST /api/update_user/{id}",
    "POST /api/create_label",
    "POST /api/assign_label",
}
MARKS = scenario_marks("xerochat")
PARAMETRIZED = "test_lookups_without_or_with_an_unknown_id"


def lookup_endpoints() -> list[str]:
    """The endpoints PARAMETRIZED runs for (its ids): the scenario module's LOOKUP_ERRORS."""
    rows = platform_runs.module_literals("test_xerochat.py", {"LOOKUP_ERRORS"})["LOOKUP_ERRORS"]
    return [row[0] for row in rows]


def scenario_names(marks: dict[str, frozenset[str]]) -> set[str]:
    """The names the summary reports: parametrized scenarios once per endpoint."""
    names = set(marks) - {PARAMETRIZED}
    if PARAMETRIZED in marks:
        names |= {f"{PARAMETRIZED}[{endpoint}]" for endpoint in lookup_endpoints()}
    return names


SCENARIOS = scenario_names(MARKS)
PERMANENT_SCENARIOS = {name for name, marks in MARKS.items() if "permanent" in marks}
WRITE_SCENARIOS = {name for name, marks in MARKS.items() if marks & {"writes", "permanent"}}
READ_SCENARIOS = scenario_names({n: m for n, m in MARKS.items() if n not in WRITE_SCENARIOS})
#: Scenarios that read ids the kit must be given (all given to the write run).
NEEDS_IDS = {name for name, marks in MARKS.items() if "needs" in marks}

PAGE, PSID, LABEL = "109876543210987", "2499454673490220", "3698521470123456"
#: An installation as a user has it: the admin's page, label, subscriber, flow campaign,
#: and contact groups and contacts the kit must leave alone.
SEEDED: dict[str, Any] = {
    "packages": [{"id": 1, "package_name": "Everything"}],
    "pages": [{"page_id": PAGE, "page_name": "Loja", "user_id": 1}],
    "labels": [{"label_id": LABEL, "name": "VIP", "page": PAGE, "user_id": 1}],
    "subscribers": [{"subscriber_id": PSID, "page": PAGE, "first_name": "Carla", "user_id": 1}],
    "contact_groups": [{"id": 1, "name": "Clientes", "user_id": 1}],
    "contacts": [
        {
            "contact_type_id": 1,
            "first_name": "Carla",
            "email": "carla@example.com",
            "phone_number": "+5511912345678",
            "user_id": 1,
        }
    ],
    "flow_campaigns": [
        {
            "id": 1,
            "flow_name": "Leads",
            "questions": ["E-mail?", "City?"],
            "answers": {PSID: ["carla@example.com", "Recife"]},
            "user_id": 1,
        }
    ],
}


def keys(workspace: Workspace) -> tuple[str, ...]:
    credentials = workspace.credentials["xerochat"]
    return (
        "--base-url",
        workspace.url_of("xerochat"),
        "--xerochat-admin-key",
        credentials["admin_key"],
    )


def renamed_message(request: Request, status: int, body: Any) -> Any:
    """A broken target: error bodies say `error` where XeroChat says `message`."""
    if isinstance(body, dict) and body.get("status") == "error":
        return platform_runs.renamed(body, "message", "error")
    return None


def operation_of(request: Request) -> str:
    name = request.path.split("/api/", 1)[1].split("/")[0]
    (operation,) = [op for op in OPERATIONS if op.split(" ")[1].split("/")[2] == name]
    return operation


@pytest.fixture(scope="module")
def runs(serve_process: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    live = platform_runs.live_workspaces(
        serve_process.url, "xerochat", write=SEEDED, read_only=SEEDED
    )
    write, read_only = live["write"], live["read_only"]
    before = {name: workspace.section("xerochat") for name, workspace in live.items()}
    with platform_runs.broken_target("xerochat", renamed_message, operation_of) as broken:
        started = {
            "in_process": KitRun(
                FAST, tmp_path_factory.mktemp("in_process") / "report", entry=XEROCHAT_CLI
            ),
            "write": KitRun(
                (
                    *keys(write),
                    "--xerochat-member-key",
                    write.credentials["xerochat"]["member_key"],
                    "--xerochat-page-id",
                    PAGE,
                    "--xerochat-subscriber-id",
                    PSID,
                    "--xerochat-flow-campaign-id",
                    "1",
                    "--include-permanent",
                    *FAST,
                ),
                tmp_path_factory.mktemp("write") / "report",
                entry=XEROCHAT_CLI,
            ),
            # Credentials from the documented environment variable this time.
            "read_only": KitRun(
                ("--base-url", read_only.url_of("xerochat"), "--read-only", *FAST),
                tmp_path_factory.mktemp("read_only") / "report",
                entry=XEROCHAT_CLI,
                env={"XEROCHAT_ADMIN_KEY": read_only.credentials["xerochat"]["admin_key"]},
            ),
            "broken": KitRun(
                (
                    "--base-url",
                    broken.url,
                    "--xerochat-admin-key",
                    DEMO_CREDENTIALS["admin_key"],
                    *FAST,
                ),
                tmp_path_factory.mktemp("broken") / "report",
                entry=XEROCHAT_CLI,
            ),
        }
        yield platform_runs.finish_runs("xerochat", started, live, before, broken)


# -- in-process ---------------------------------------------------------------------------------


def test_everything_passes_in_a_fresh_sandbox(runs: Runs) -> None:
    # The in-process installation has a page, a subscriber and a flow campaign.
    summary = platform_runs.assert_fresh_sandbox_passed(
        runs.in_process, "xerochat", dict.fromkeys(OPERATIONS, "passed"), SCENARIOS
    )
    assert summary["assumed"] == []
    assert summary["stateful"] == "passed"
    assert {"contact_groups", "contacts", "users", "labels"} <= set(summary["created"])


# -- a live installation --------------------------------------------------------------------


def test_a_write_run_with_everything_passes(runs: Runs) -> None:
    result = runs.write.result
    summary = platform_runs.assert_all_passed(
        result, dict.fromkeys(OPERATIONS, "passed"), SCENARIOS
    )
    assert summary["stateful"] == "passed"


def test_the_write_run_leaves_groups_and_contacts_as_they_were(runs: Runs) -> None:
    run = runs.write
    after, before = run.after, run.before
    assert run.result.created("contact_groups") > 0 and run.result.created("contacts") > 0
    assert after["contact_groups"] == before["contact_groups"]
    assert after["contacts"] == before["contacts"]
    for section in ("packages", "pages", "flow_campaigns"):
        assert after[section] == before[section], section


def test_users_and_labels_it_cannot_delete_are_prefixed_and_listed(runs: Runs) -> None:
    run = runs.write
    after, before = run.after, run.before
    new_users = [user for user in after["users"] if user not in before["users"]]
    new_labels = [label for label in after["labels"] if label not in before["labels"]]
    assert new_users and new_labels
    assert all(user["name"].startswith(PREFIX) for user in new_users), new_users
    assert all(label["group_name"].startswith(PREFIX) for label in new_labels), new_labels
    assert run.result.summary["cleanup_problems"] == [
        "the API cannot delete users; remove these by hand: "
        + ", ".join(sorted(str(user["id"]) for user in new_users)),
        "the API cannot delete Facebook labels; remove these by hand: "
        + ", ".join(sorted(label["label_id"] for label in new_labels)),
    ]


def test_keys_never_appear_in_output_or_reports(runs: Runs) -> None:
    for run in (runs.write, runs.read_only):
        assert platform_runs.leaks(run.result, run.workspace.credentials["xerochat"].values()) == []


def test_read_only_runs_reads_only_and_changes_nothing(runs: Runs) -> None:
    run = runs.read_only
    # Without the page, subscriber and flow ids, the scenarios that read them do not run.
    summary = platform_runs.assert_read_only_passed(
        run.result, READS, WRITES, READ_SCENARIOS - NEEDS_IDS
    )
    not_run = summary["scenarios_not_run"]
    assert {name for name, reason in not_run.items() if reason == "--read-only"} == (
        WRITE_SCENARIOS
    )
    assert {name for name, reason in not_run.items() if reason.startswith("needs ")} == (
        NEEDS_IDS - WRITE_SCENARIOS
    )
    assert run.after == run.before


def test_scenarios_needing_ids_say_which_option_gives_them(runs: Runs) -> None:
    not_run = runs.read_only.result.summary["scenarios_not_run"]
    assert not_run["test_subscriber_information_by_psid"] == "needs --xerochat-subscriber-id"
    assert not_run["test_one_subscribers_answers_are_among_everyones"] == (
        "needs --xerochat-flow-campaign-id, --xerochat-subscriber-id"
    )


# -- a broken target --------------------------------------------------------------------------


def test_a_renamed_error_message_fails_where_errors_were_answered(runs: Runs) -> None:
    message = 'an error must be {"status": "error", "message": ...}'
    platform_runs.assert_only_the_defect_failed(
        runs.broken, runs.defect, message, OPERATIONS, PERMANENT
    )


def test_scenarios_that_expect_error_bodies_fail_against_it(runs: Runs) -> None:
    platform_runs.assert_scenarios_against_the_defect(
        runs.broken,
        {
            "test_an_unknown_method_gets_codeigniters_404_page",
            "test_flow_campaigns_are_a_bare_array",
        },
        "test_a_missing_key_is_an_error_with_status_200",
        "{'message': 'API Key is required'}",
    )
