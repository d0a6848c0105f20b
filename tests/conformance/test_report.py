"""Unit tests of the run summary: outcomes grouped per operation, stateful run and scenario;
the summary data (assumed operations listed apart); its text and files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conformance.platforms import Created
from conformance.platforms.rapidpro import KIT as RAPIDPRO
from conformance.plugin import _reportable
from conformance.report import Outcomes, as_text, classify, summary, write
from conformance.run import Operation, Run, _schema, load_spec
from conformance.session import ApiSession
from conformance.target import Target
from tests.conformance.kit_units import kit_settings

PROPERTIES = "test_properties.py::test_operation"
STATEFUL = "test_properties.py::TestStateful::runTest"
SCENARIOS = "scenarios/test_rapidpro.py"


def test_outcomes_are_grouped_by_operation_stateful_and_scenario() -> None:
    outcomes = Outcomes()
    outcomes.record(f"{PROPERTIES}[GET /api/v2/contacts.json]", "passed")
    outcomes.record(f"{PROPERTIES}[POST /api/v2/contacts.json]", "failed")
    outcomes.record(STATEFUL, "passed")
    outcomes.record(f"{SCENARIOS}::test_unknown_token_is_403", "passed")
    outcomes.record(f"{SCENARIOS}::test_paging_reaches_every_contact_once", "skipped")
    assert outcomes.operations == {
        "GET /api/v2/contacts.json": "passed",
        "POST /api/v2/contacts.json": "failed",
    }
    assert outcomes.stateful == "passed"
    assert outcomes.scenarios == {
        "test_unknown_token_is_403": "passed",
        "test_paging_reaches_every_contact_once": "skipped",
    }
    assert outcomes.failed is True


@pytest.mark.parametrize(
    ("outcomes", "worst"),
    [
        (["passed", "passed"], "passed"),
        (["passed", "skipped"], "skipped"),
        (["skipped", "passed"], "skipped"),
        (["failed", "passed"], "failed"),
        (["passed", "failed", "passed"], "failed"),
        (["skipped", "failed", "skipped"], "failed"),
    ],
)
def test_a_repeated_test_keeps_its_worst_outcome(outcomes: list[str], worst: str) -> None:
    """A setup error and a call failure, or schemathesis' items of one operation, add up."""
    recorded = Outcomes()
    for outcome in outcomes:
        recorded.record(f"{PROPERTIES}[GET /api/v2/fields.json]", outcome)
        recorded.record(STATEFUL, outcome)
        recorded.record(f"{SCENARIOS}::test_x", outcome)
    assert recorded.operations == {"GET /api/v2/fields.json": worst}
    assert recorded.stateful == worst
    assert recorded.scenarios == {"test_x": worst}
    assert recorded.failed is (worst == "failed")


def test_nothing_recorded_has_not_failed() -> None:
    assert Outcomes().failed is False


@pytest.fixture
def run(tmp_path: Path) -> Iterator[Run]:
    """A run against an external target whose spec has three operations, two of them
    assumed, one of those left out."""
    settings = kit_settings("rapidpro", tmp_path, "https://flows.example.com", read_only=True)
    target = Target(base_url="https://flows.example.com", description="https://flows.example.com")
    session = ApiSession(RAPIDPRO, target.base_url)
    session.created = [Created("contacts", "c-1"), Created("groups", "g-1")]
    session.created.append(Created("contacts", "c-2"))
    session.requests_sent = 42
    operations = [
        Operation("GET /api/v2/contacts.json", "documented", "rapidpro.md §2"),
        Operation("GET /api/v2/groups.json", "assumed", "no public example of a 429"),
        Operation("POST /api/v2/groups.json", "assumed", "guessed limit", excluded="--read-only"),
    ]
    yield Run(
        settings,
        RAPIDPRO,
        target,
        session,
        credentials={},
        spec={},
        operations=operations,
        cleanup_problems=["could not delete groups g-1: 500"],
    )
    session.close()


@pytest.fixture
def outcomes() -> Outcomes:
    recorded = Outcomes()
    recorded.record(f"{PROPERTIES}[GET /api/v2/contacts.json]", "passed")
    recorded.record(f"{PROPERTIES}[GET /api/v2/groups.json]", "failed")
    recorded.record(f"{SCENARIOS}::test_unknown_token_is_403", "passed")
    recorded.record(f"{SCENARIOS}::test_lists_have_the_cursor_envelope", "failed")
    recorded.not_run["test_paging_reaches_every_contact_once"] = "--read-only"
    return recorded


def test_the_summary_lists_assumed_operations_apart(run: Run, outcomes: Outcomes) -> None:
    data = summary(run, outcomes)
    contacts = {
        "operation": "GET /api/v2/contacts.json",
        "result": "passed",
        "fidelity": "documented",
        "source": "rapidpro.md §2",
    }
    groups = {
        "operation": "GET /api/v2/groups.json",
        "result": "failed",
        "fidelity": "assumed",
        "source": "no public example of a 429",
    }
    create_group = {
        "operation": "POST /api/v2/groups.json",
        "result": "not run: --read-only",
        "fidelity": "assumed",
        "source": "guessed limit",
    }
    assert data == {
        "platform": "rapidpro",
        "target": "https://flows.example.com",
        "operations": [contacts, groups, create_group],
        "assumed": [groups, create_group],
        "stateful": "not run: the spec has no OpenAPI links",
        "scenarios": {
            "test_lists_have_the_cursor_envelope": "failed",
            "test_unknown_token_is_403": "passed",
        },
        "scenarios_not_run": {"test_paging_reaches_every_contact_once": "--read-only"},
        "created": {"contacts": 2, "groups": 1},
        "cleanup_problems": ["could not delete groups g-1: 500"],
        "requests": 42,
        "verdict": "failed",
        "passed": False,
    }


@pytest.mark.parametrize(
    ("exitstatus", "verdict"), [(0, "passed"), (1, "failed"), (2, "interrupted"), (4, "error")]
)
def test_the_verdict_follows_the_exit_status(run: Run, exitstatus: int, verdict: str) -> None:
    data = summary(run, Outcomes(), exitstatus)
    assert (data["verdict"], data["passed"]) == (verdict, exitstatus == 0)
    assert as_text(data).endswith(f"\n{verdict.upper()}\n")


#: Every test the `run` fixture's run would collect, as `classify` names them.
COLLECTED = frozenset(
    {
        ("operation", "GET /api/v2/contacts.json"),
        ("operation", "GET /api/v2/groups.json"),
        ("stateful", "TestStateful"),
        ("scenario", "test_unknown_token_is_403"),
    }
)
#: A run that collected only its scenario: schemathesis generated no test of its own.
ONLY_THE_SCENARIO = frozenset({("scenario", "test_unknown_token_is_403")})
X = "the run stopped at its first failure (-x)"


@pytest.mark.parametrize(
    ("state", "exitstatus", "reason", "scenario_reason"),
    [
        # pytest runs no test after a file it could not collect.
        (
            {
                "collection_done": True,
                "collected": ONLY_THE_SCENARIO,
                "collect_errors": ["conformance/scenarios/test_rapidpro.py"],
            },
            2,
            "pytest could not collect conformance/scenarios/test_rapidpro.py, so no test ran",
            "pytest could not collect conformance/scenarios/test_rapidpro.py, so no test ran",
        ),
        ({"collection_done": True, "collected": COLLECTED, "stopped": X}, 1, X, X),
        (
            {"collection_done": True, "collected": COLLECTED},
            2,
            "the run was interrupted first",
            "the run was interrupted first",
        ),
        # Ctrl-C while collecting: the run stopped before it knew its tests.
        ({}, 2, "the run was interrupted first", None),
        # Something ended the run (pytest.exit) with no reason pytest gives.
        (
            {"collection_done": True, "collected": COLLECTED},
            0,
            "the run ended before it",
            "the run ended before it",
        ),
        (
            {"collection_done": True, "collected": ONLY_THE_SCENARIO},
            0,
            "no test was generated for it",
            "the run ended before it",
        ),
    ],
)
def test_every_test_without_an_outcome_says_why(
    run: Run, state: dict[str, Any], exitstatus: int, reason: str, scenario_reason: str | None
) -> None:
    run.spec = LINKED_SPEC
    run.operations[2].excluded = None
    run.operations.append(
        Operation("DELETE /api/v2/groups.json", "documented", "", excluded="--read-only")
    )
    outcomes = Outcomes(**{**state, "collected": set(state.get("collected", ()))})
    outcomes.deselect(PROPERTIES, "test_operation[POST /api/v2/groups.json]", "deselected by -k x")
    data = summary(run, outcomes, exitstatus)

    assert [op["result"] for op in data["operations"]] == [
        f"not run: {reason}",
        f"not run: {reason}",
        "not run: deselected by -k x",
        "not run: --read-only",
    ]
    assert data["stateful"] == f"not run: {reason}"
    # A scenario the run never collected is not known to it.
    expected = {} if scenario_reason is None else {"test_unknown_token_is_403": scenario_reason}
    assert data["scenarios_not_run"] == expected


def test_an_interrupted_test_was_interrupted_while_it_ran(run: Run) -> None:
    outcomes = Outcomes(collection_done=True, collected=set(COLLECTED))
    outcomes.record(f"{PROPERTIES}[GET /api/v2/contacts.json]", "passed")
    outcomes.running = ("operation", "GET /api/v2/groups.json")
    data = summary(run, outcomes, 2)

    assert [op["result"] for op in data["operations"]] == [
        "passed",
        "not run: the run was interrupted while it ran",
        "not run: --read-only",
    ]
    assert data["scenarios_not_run"] == {
        "test_unknown_token_is_403": "the run was interrupted first"
    }
    assert data["verdict"] == "interrupted"


def test_the_kits_own_reason_for_leaving_a_scenario_out_wins_over_pytests() -> None:
    """The kit leaves its scenarios out (--read-only) before pytest's hook hears of them."""
    outcomes = Outcomes()
    outcomes.deselect(f"{SCENARIOS}::test_x", "test_x", "--read-only")
    outcomes.deselect(f"{SCENARIOS}::test_x", "test_x", "deselected by -k y")
    outcomes.deselect(STATEFUL, "runTest", "deselected by -k y")
    outcomes.deselect(PROPERTIES, "test_operation[GET /a]", "deselected by -m z")
    assert outcomes.not_run == {"test_x": "--read-only"}
    assert outcomes.deselected == {
        "TestStateful": "deselected by -k y",
        "GET /a": "deselected by -m z",
    }


@pytest.mark.parametrize(
    ("nodeid", "name", "kind"),
    [
        ("test_properties.py::test_operation", "test_operation[GET /a]", ("operation", "GET /a")),
        (STATEFUL, "runTest", ("stateful", "TestStateful")),
        (STATEFUL, "TestStateful.runTest", ("stateful", "TestStateful")),
        (f"{SCENARIOS}::test_x[a]", "test_x[a]", ("scenario", "test_x[a]")),
    ],
)
def test_tests_are_classified_by_node_id_and_name(
    nodeid: str, name: str, kind: tuple[str, str]
) -> None:
    assert classify(nodeid, name) == kind


def test_the_summary_text(run: Run, outcomes: Outcomes) -> None:
    assert as_text(summary(run, outcomes)) == (
        "Conformance of rapidpro at https://flows.example.com\n"
        "\n"
        "| operation                 | result               | fidelity   |\n"
        "|---------------------------|----------------------|------------|\n"
        "| GET /api/v2/contacts.json | passed               | documented |\n"
        "| GET /api/v2/groups.json   | failed               | assumed    |\n"
        "| POST /api/v2/groups.json  | not run: --read-only | assumed    |\n"
        "\n"
        "Educated guesses of the sandbox (x-fidelity: assumed); check them on the real API:\n"
        "| operation                | result               | why it is assumed          |\n"
        "|--------------------------|----------------------|----------------------------|\n"
        "| GET /api/v2/groups.json  | failed               | no public example of a 429 |\n"
        "| POST /api/v2/groups.json | not run: --read-only | guessed limit              |\n"
        "\n"
        "Stateful sequences (OpenAPI links): not run: the spec has no OpenAPI links\n"
        "Scenarios: 1 failed, 1 passed, 1 not run\n"
        "  failed: test_lists_have_the_cursor_envelope\n"
        "  not run (--read-only): test_paging_reaches_every_contact_once\n"
        "Created during the run: 2 contacts, 1 groups; requests sent: 42\n"
        "  clean-up: could not delete groups g-1: 500\n"
        "\n"
        "FAILED\n"
    )


def test_the_text_of_a_run_without_assumed_operations(run: Run) -> None:
    run.operations = [Operation("GET /api/v2/contacts.json", "documented", "rapidpro.md §2")]
    run.session.created = []
    run.cleanup_problems = []
    recorded = Outcomes()
    recorded.record(f"{PROPERTIES}[GET /api/v2/contacts.json]", "passed")
    recorded.record(STATEFUL, "passed")
    assert as_text(summary(run, recorded)).splitlines()[5:] == [
        "",
        "No operation of this platform is marked x-fidelity: assumed.",
        "",
        "Stateful sequences (OpenAPI links): passed",
        "Scenarios: none",
        "Created during the run: nothing; requests sent: 42",
        "",
        "PASSED",
    ]


def test_write_puts_the_text_and_the_data_in_the_report_dir(
    run: Run, outcomes: Outcomes, tmp_path: Path
) -> None:
    data = summary(run, outcomes)
    directory = tmp_path / "reports" / "nested"
    write(directory, data)
    assert sorted(path.name for path in directory.iterdir()) == ["summary.json", "summary.md"]
    assert (directory / "summary.md").read_text(encoding="utf-8") == as_text(data)
    assert json.loads((directory / "summary.json").read_text(encoding="utf-8")) == data


# -- why the stateful sequences did not run --------------------------------------------------

#: A spec whose only linked operation is creating a group.
LINKED_SPEC = {
    "paths": {
        "/api/v2/groups.json": {
            "get": {"responses": {"200": {"description": "ok"}}},
            "post": {"responses": {"201": {"description": "ok", "links": {"Read": {}}}}},
        }
    }
}


def test_stateful_not_run_because_its_operations_are_left_out(run: Run) -> None:
    run.spec = LINKED_SPEC
    assert summary(run, Outcomes())["stateful"] == "not run: --read-only"


def test_stateful_not_run_because_pytest_deselected_it(run: Run) -> None:
    run.spec = LINKED_SPEC
    run.operations[2].excluded = None
    outcomes = Outcomes(deselected={"TestStateful": "deselected by -k 'contacts'"})
    assert summary(run, outcomes)["stateful"] == "not run: deselected by -k 'contacts'"


def test_stateful_not_run_because_the_run_stopped_first(run: Run) -> None:
    run.spec = LINKED_SPEC
    run.operations[2].excluded = None
    outcomes = Outcomes(collection_done=True, collected={("stateful", "TestStateful")})
    outcomes.stopped = "the run stopped after 2 failures (--maxfail 2)"
    assert summary(run, outcomes, 1)["stateful"] == (
        "not run: the run stopped after 2 failures (--maxfail 2)"
    )


def test_scenarios_none_of_which_ran_are_counted_as_not_run(run: Run) -> None:
    outcomes = Outcomes(not_run={"test_a": "--read-only", "test_b": "deselected by -k c"})
    lines = as_text(summary(run, outcomes)).splitlines()
    start = lines.index("Scenarios: 2 not run")
    assert lines[start : start + 3] == [
        "Scenarios: 2 not run",
        "  not run (--read-only): test_a",
        "  not run (deselected by -k c): test_b",
    ]


def test_a_stateful_outcome_needs_no_reason(run: Run) -> None:
    outcomes = Outcomes()
    outcomes.record(STATEFUL, "failed")
    assert summary(run, outcomes)["stateful"] == "failed"


# -- reproduction commands -----------------------------------------------------------------

SECRET = "0123456789abcdef0123"


def _curls(run: Run) -> tuple[str, str]:
    """schemathesis' reproduction of one case, sent with the run's token and a made-up one,
    as the kit's report shows them."""
    run.settings = replace(run.settings, secrets=(SECRET,))
    run.spec = load_spec(RAPIDPRO)
    run.credentials = {"token": SECRET}
    case = _schema(run)["/api/v2/contacts.json"]["GET"].Case(query={"uuid": "x"})
    return tuple(  # type: ignore[return-value]
        _reportable(
            "Reproduce with:\n\n    " + case.as_curl_command(headers={"Authorization": token}),
            run,
        )
        for token in (f"Token {SECRET}", "Token nope")
    )


def test_reproduction_commands_redact_the_runs_secrets_only(run: Run) -> None:
    """A made-up token (a negative case's) is what reproduces the failure: it stays."""
    assert _curls(run) == (
        "Reproduce with:\n\n    curl -X GET -H 'Authorization: Token [redacted]'"
        " 'https://flows.example.com/api/v2/contacts.json?uuid=x'",
        "Reproduce with:\n\n    curl -X GET -H 'Authorization: Token nope'"
        " 'https://flows.example.com/api/v2/contacts.json?uuid=x'",
    )


def test_an_in_process_runs_reproduction_commands_aim_at_flow_sandbox_serve(run: Run) -> None:
    """The run's own server is gone when the report is read: its port would be a dead end."""
    run.target = Target(
        base_url="http://127.0.0.1:40123/rapidpro", description="in-process", in_process=True
    )
    note = (
        "Reproduce with (the run's in-process sandbox has stopped: start `flow-sandbox serve`"
        " and put the default workspace's credentials, printed at its start, where the command"
        " says [redacted]):\n\n    "
    )
    assert _curls(run) == (
        f"{note}curl -X GET -H 'Authorization: Token [redacted]'"
        " 'http://127.0.0.1:8000/rapidpro/api/v2/contacts.json?uuid=x'",
        f"{note}curl -X GET -H 'Authorization: Token nope'"
        " 'http://127.0.0.1:8000/rapidpro/api/v2/contacts.json?uuid=x'",
    )
