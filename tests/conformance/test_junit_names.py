"""A one-platform run's JUnit report names its suite and classnames after the platform,
and the combined summary of several platforms says why any did not run."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conformance import combined
from conformance.parallel import OUTPUT
from tests.conformance.helpers import CLI, KitResult, KitRun


@pytest.fixture(scope="module")
def one(tmp_path_factory: pytest.TempPathFactory) -> KitResult:
    report_dir = tmp_path_factory.mktemp("one") / "report"
    args = ("--max-examples", "1", "--seed", "1")
    return KitRun(args, report_dir, entry=(*CLI[:-1], "flowxo")).finish()


def test_a_one_platform_run_names_its_suite_and_classnames_after_it(one: KitResult) -> None:
    root = ET.parse(one.report_dir / "junit.xml").getroot()
    (suite,) = root.iter("testsuite")
    pairs = {(case.get("classname"), case.get("name")) for case in suite.iter("testcase")}

    assert one.returncode == 0, one.describe()
    assert suite.get("name") == "flowxo"
    assert ("flowxo.test_properties", "test_operation[POST /api/end_users]") in pairs
    assert all(classname and classname.startswith("flowxo.") for classname, _ in pairs)
    # One platform: its report directory holds no combined summary of several.
    assert not (one.report_dir.parent / "summary.json").exists()


def test_a_given_suite_name_and_prefix_are_kept(tmp_path: Path) -> None:
    report_dir = tmp_path / "report"
    args = ("--max-examples", "1", "-o", "junit_suite_name=mine", "--junit-prefix", "ci")
    entry = (CLI[0], "-m", "pytest", "conformance/", "--platform", "flowxo", "-q")
    result = KitRun(args, report_dir, entry=entry).finish()
    suite = ET.parse(report_dir / "junit.xml").getroot().find("testsuite")

    assert result.returncode == 0, result.describe()
    assert suite is not None and suite.get("name") == "mine"
    assert {case.get("classname", "").split(".")[0] for case in suite.iter("testcase")} == {"ci"}


def test_a_platform_that_never_started_is_not_run_with_its_reason(tmp_path: Path) -> None:
    entry = combined.entry("flowbot", tmp_path / "flowbot", None)

    assert entry == {
        "platform": "flowbot",
        "verdict": "not run",
        "exit_code": None,
        "operations_passed": 0,
        "operations": 0,
        "scenarios_passed": 0,
        "scenarios": 0,
        "stateful": "not run: interrupted before it started",
        "report": None,
        "reason": "interrupted before it started",
    }


def test_the_combined_text_says_why_a_platform_has_no_results(tmp_path: Path) -> None:
    (tmp_path / OUTPUT).write_text("ERROR: RapidPro needs a token\n", encoding="utf-8")
    data = combined.combined(
        [
            combined.entry("rapidpro", tmp_path, 2, "ERROR: RapidPro needs a token"),
            combined.entry("flowbot", tmp_path / "flowbot", None),
        ],
        2,
    )
    combined.write(tmp_path, data)

    assert [item["platform"] for item in data["platforms"]] == ["flowbot", "rapidpro"]
    assert json.loads((tmp_path / "summary.json").read_text(encoding="utf-8")) == data
    assert (tmp_path / "summary.md").read_text(encoding="utf-8") == (
        "Conformance of 2 platforms\n"
        "\n"
        "| platform | verdict | operations passed | scenarios passed "
        f"| stateful                               | {'report'.ljust(len(str(tmp_path)) + 1)} |\n"
        "|----------|---------|-------------------|------------------"
        f"|----------------------------------------|-{'-' * (len(str(tmp_path)) + 1)}-|\n"
        "| flowbot  | not run | 0/0               | 0/0              "
        f"| not run: interrupted before it started | {'-'.ljust(len(str(tmp_path)) + 1)} |\n"
        "| rapidpro | error   | 0/0               | 0/0              "
        f"| not run: ERROR: RapidPro needs a token | {tmp_path}/ |\n"
        "\n"
        "flowbot: not run (interrupted before it started)\n"
        "rapidpro: error (ERROR: RapidPro needs a token)\n"
        "\n"
        "NOT PASSED\n"
    )


@pytest.mark.parametrize(
    ("code", "verdict", "reason"),
    [
        (130, "interrupted", "interrupted before it wrote its summary"),
        (1, "failed", "it wrote no summary; its output.txt says why"),
        (0, "passed", "it wrote no summary; its output.txt says why"),
    ],
)
def test_a_platform_that_ended_without_a_summary_says_why(
    tmp_path: Path, code: int, verdict: str, reason: str
) -> None:
    entry = combined.entry("flowxo", tmp_path / "flowxo", code)

    assert (entry["verdict"], entry["reason"]) == (verdict, reason)
    assert entry["stateful"] == f"not run: {reason}"
