"""Every platform's whole kit, as `flow-sandbox conformance <platform>` runs it in process:
every operation of the spec through every schemathesis phase with the default budget, the
stateful sequences and every scenario. The other kit tests narrow a run or shrink its budget
to test the kit; this one is what checks the sandbox against its specs (a broken response
schema of one Flochat operation once hid outside the narrowed runs). Seeded, so that CI
checks the same cases every time. All five run as users run them: one
`flow-sandbox conformance all`, the platforms in parallel processes."""

from __future__ import annotations

import sys
from dataclasses import replace

import pytest

from conformance.platforms import KITS
from tests.conformance.helpers import KitResult, KitRun, finish_all, spec_operations

#: The spec has no OpenAPI links: no stateful sequence can run.
UNLINKED = "not run: the spec has no OpenAPI links"
STATEFUL = {
    "flochat": UNLINKED,
    "flowbot": UNLINKED,
    "flowxo": "passed",
    "rapidpro": "passed",
    "xerochat": "passed",
}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, KitResult]:
    """All five by one command (each platform a process of its own), each platform's
    result read from its own report directory."""
    report_dir = tmp_path_factory.mktemp("all") / "report"
    run = KitRun(
        ("--seed", "1"),
        report_dir,
        entry=(sys.executable, "-m", "sandbox", "conformance", "all"),
    )
    # Flochat's 187 operations take most of a minute of CPU; a busy CI machine may give
    # it less.
    (result,) = finish_all({"all": run}, timeout=1200).values()
    return {
        platform: replace(result, report_dir=report_dir / platform) for platform in sorted(KITS)
    }


def test_every_platform_is_checked() -> None:
    assert set(STATEFUL) == set(KITS)


@pytest.mark.parametrize("platform", sorted(KITS))
def test_the_whole_kit_passes_in_a_fresh_sandbox(
    results: dict[str, KitResult], platform: str
) -> None:
    result = results[platform]
    summary = result.summary
    assert result.failed_tests == set(), result.describe()
    assert result.returncode == 0, result.describe()
    (line,) = [line for line in result.stdout.splitlines() if line.startswith(f"{platform}: ")]
    assert line.startswith(f"{platform}: PASSED in "), result.describe()
    assert summary["platform"] == platform
    assert result.operations == dict.fromkeys(spec_operations(platform), "passed")
    assert summary["stateful"] == STATEFUL[platform]
    assert summary["scenarios"], "no scenario ran"
    assert set(summary["scenarios"].values()) == {"passed"}
    assert summary["scenarios_not_run"] == {}
    assert summary["cleanup_problems"] == []
    assert summary["passed"] is True
