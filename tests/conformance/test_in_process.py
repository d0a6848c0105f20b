"""Without --base-url the kit checks a sandbox it starts itself: both RapidPro profiles pass,
through both entry points, with progress, the summary table and the reports."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conformance.helpers import (
    FAST,
    OPERATIONS,
    PYTEST,
    SCENARIOS,
    KitResult,
    KitRun,
    finish_all,
)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, KitResult]:
    """`flow-sandbox conformance rapidpro` (weni) and `pytest conformance/ --platform
    rapidpro --rapidpro-profile upstream`, at the same time."""
    runs = {
        "weni": KitRun(FAST, tmp_path_factory.mktemp("weni") / "report"),
        "upstream": KitRun(
            ("--rapidpro-profile", "upstream", *FAST),
            tmp_path_factory.mktemp("upstream") / "report",
            entry=PYTEST,
        ),
    }
    return finish_all(runs)


def squeeze(line: str) -> str:
    """A table line with its padding removed."""
    return re.sub(r" {2,}", " ", line)


@pytest.mark.parametrize("profile", ["weni", "upstream"])
def test_everything_passes_in_a_fresh_sandbox(results: dict[str, KitResult], profile: str) -> None:
    result = results[profile]
    assert result.returncode == 0, result.describe()
    summary = result.summary
    assert summary["platform"] == "rapidpro"
    target = r"in-process sandbox at http://127\.0\.0\.1:\d+/rapidpro"
    assert re.fullmatch(target, summary["target"]), summary["target"]
    # In-process, even what cannot be undone runs: the workspace is thrown away.
    assert result.operations == dict.fromkeys(OPERATIONS, "passed")
    assert summary["assumed"] == []
    assert summary["stateful"] == "passed"
    assert summary["scenarios"] == dict.fromkeys(sorted(SCENARIOS), "passed")
    assert summary["scenarios_not_run"] == {}
    assert summary["cleanup_problems"] == []
    assert summary["passed"] is True
    assert set(summary["created"]) == {"contacts", "fields", "groups"}
    assert summary["requests"] > 0


@pytest.mark.parametrize("profile", ["weni", "upstream"])
def test_junit_has_one_case_per_operation_scenario_and_stateful_run(
    results: dict[str, KitResult], profile: str
) -> None:
    result = results[profile]
    (suite,) = result.junit.iter("testsuite")
    assert (suite.get("failures"), suite.get("errors"), suite.get("skipped")) == ("0", "0", "0")
    expected = {f"test_operation[{op}]" for op in OPERATIONS} | set(SCENARIOS) | {"runTest"}
    assert set(result.testcases) == expected
    assert suite.get("tests") == str(len(expected))
    assert result.failed_tests == set()


def test_progress_is_shown_test_by_test(results: dict[str, KitResult]) -> None:
    stdout = results["weni"].stdout
    lines = stdout.splitlines()
    progress = [
        *(f"conformance/scenarios/test_rapidpro.py::{name} PASSED" for name in SCENARIOS),
        *(f"conformance/test_properties.py::test_operation[{op}] PASSED" for op in OPERATIONS),
        "conformance/test_properties.py::TestStateful::runTest PASSED",
    ]
    summary_at = lines.index(next(line for line in lines if "conformance summary" in line))
    for expected in progress:
        (at,) = [i for i, line in enumerate(lines) if line.startswith(expected)]
        assert at < summary_at, expected


def test_the_summary_table_is_printed_and_written(results: dict[str, KitResult]) -> None:
    result = results["weni"]
    written = (result.report_dir / "summary.md").read_text(encoding="utf-8")
    assert written in result.stdout
    lines = written.splitlines()
    assert lines[0] == f"Conformance of rapidpro at {result.summary['target']}"
    assert squeeze(lines[2]) == "| operation | result | fidelity |"
    assert [squeeze(line) for line in lines[4 : 4 + len(OPERATIONS)]] == [
        f"| {op} | passed | documented |" for op in OPERATIONS
    ]
    assert lines[4 + len(OPERATIONS) :] == [
        "",
        "No operation of this platform is marked x-fidelity: assumed.",
        "",
        "Stateful sequences (OpenAPI links): passed",
        f"Scenarios: {len(SCENARIOS)} passed",
        "Created during the run: "
        + ", ".join(f"{n} {kind}" for kind, n in result.summary["created"].items())
        + f"; requests sent: {result.summary['requests']}",
        "",
        "PASSED",
    ]
    reports = f"Reports: {result.report_dir}/junit.xml, summary.md, summary.json"
    assert reports in result.stdout.splitlines()


def test_the_pytest_entry_point_writes_junit_into_the_report_dir(
    results: dict[str, KitResult],
) -> None:
    result = results["upstream"]
    assert sorted(path.name for path in Path(result.report_dir).iterdir()) == [
        "junit.xml",
        "summary.json",
        "summary.md",
    ]
    assert "conformance summary" in result.stdout
