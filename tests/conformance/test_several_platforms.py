"""`flow-sandbox conformance PLATFORM PLATFORM...` / `all`: several platforms in parallel
processes, each with its report directory, one line per platform, one exit code."""

from __future__ import annotations

import json
import os
import signal
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conformance.parallel import OUTPUT, Child, cost_order, result_line
from conformance.platforms import KITS
from sandbox.cli import main
from tests.conformance.helpers import CLI, KitResult, KitRun

BASE_URL_ERROR = "Error: --base-url checks one platform; give one, not {n} ({names})"


def _invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["conformance", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("args", "env", "names"),
    [
        (("flowxo", "xerochat", "--base-url", "http://127.0.0.1:9/x"), {}, "flowxo, xerochat"),
        (("all",), {"CONFORMANCE_BASE_URL": "http://127.0.0.1:9/x"}, ", ".join(sorted(KITS))),
        # A name given twice is one platform: still several with `all`.
        (("flowxo", "all", "flowxo", "--base-url", "u"), {}, ", ".join(sorted(KITS))),
    ],
)
def test_a_base_url_with_several_platforms_is_refused_in_one_line(
    args: tuple[str, ...], env: dict[str, str], names: str
) -> None:
    code, stdout, stderr = _invoke(*args, env=env)

    assert code == 2
    assert stdout == ""
    assert stderr == BASE_URL_ERROR.format(n=names.count(",") + 1, names=names) + "\n"


def test_an_unknown_name_among_several_is_refused_as_with_one() -> None:
    code, _, stderr = _invoke("flowxo", "nope")

    assert code == 2
    assert stderr.splitlines()[-1] == (
        f"Error: Invalid value for '{{{'|'.join(sorted(KITS))}}}': 'nope' is not one of "
        + ", ".join(f"'{name}'" for name in sorted(KITS))
        + "."
    )


@pytest.mark.parametrize(
    ("jobs", "problem"),
    [
        ("0", "0 is not in the range x>=1."),
        ("-1", "-1 is not in the range x>=1."),
        ("two", "'two' is not a valid integer range."),
    ],
)
def test_jobs_must_be_a_positive_number(jobs: str, problem: str) -> None:
    code, _, stderr = _invoke("flowxo", "xerochat", "--jobs", jobs)

    assert code == 2
    assert stderr.splitlines()[-1] == f"Error: Invalid value for '--jobs' / '-j': {problem}"


def test_help_shows_several_platforms_and_jobs() -> None:
    result = CliRunner().invoke(main, ["conformance", "--help"], terminal_width=120)
    code, stdout = result.exit_code, result.stdout

    assert code == 0
    names = "|".join([*sorted(KITS), "all"])
    assert f"Usage: main conformance [OPTIONS] {{{names}}}..." in stdout
    assert "-j, --jobs" in stdout
    assert "Several platforms (or `all`) run in parallel processes" in stdout


def test_the_largest_spec_starts_first() -> None:
    sizes = {name: KITS[name].spec_path.stat().st_size for name in KITS}

    order = cost_order(sorted(KITS))

    assert order[0] == "flochat"
    assert [sizes[name] for name in order] == sorted(sizes.values(), reverse=True)


def test_a_usage_error_of_one_platform_is_its_line(tmp_path: Path) -> None:
    child = Child("rapidpro", tmp_path, pid=1, started=0.0)
    (tmp_path / OUTPUT).write_text("Usage: ...\nERROR: RapidPro needs a token\n\n")

    line = result_line(child, 2, 1.25, 1.0)

    assert line == "rapidpro: ERROR (exit 2) in 1.2 s, 1.0 s CPU: ERROR: RapidPro needs a token"


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> KitResult:
    """Two small platforms at once, with a small budget."""
    report_dir = tmp_path_factory.mktemp("several") / "report"
    args = ("xerochat", "flowxo", "--max-examples", "1", "--seed", "1", "--jobs", "2")
    return KitRun(args, report_dir, entry=CLI[:-1]).finish()


def test_two_platforms_run_in_parallel_each_with_its_report(two: KitResult) -> None:
    lines = two.stdout.splitlines()

    assert two.returncode == 0, two.describe()
    assert lines[0] == f"Checking 2 platforms, 2 at a time; reports in {two.report_dir}/<platform>/"
    assert lines[-1] == "All 2 platforms passed"
    finished = sorted(line.split(":")[0] for line in lines[1:-1])
    assert finished == ["flowxo", "xerochat"], two.describe()
    for line in lines[1:-1]:
        platform = line.split(":")[0]
        assert line.startswith(f"{platform}: PASSED in "), line
        assert line.endswith(f"; {two.report_dir / platform}/"), line
    for platform in ("flowxo", "xerochat"):
        directory = two.report_dir / platform
        assert sorted(p.name for p in directory.iterdir()) == [
            "junit.xml",
            OUTPUT,
            "summary.json",
            "summary.md",
        ]
        summary = KitResult(two.command, 0, "", "", directory).summary
        assert summary["platform"] == platform
        assert summary["passed"] is True
        assert "Reports: " in (directory / OUTPUT).read_text(encoding="utf-8")


def test_each_platforms_junit_suite_and_classnames_carry_its_name(two: KitResult) -> None:
    """Flow XO and FlowBot run the same tests: a CI collecting every junit.xml must tell
    the platforms' test cases apart."""
    for platform in ("flowxo", "xerochat"):
        root = ET.parse(two.report_dir / platform / "junit.xml").getroot()
        (suite,) = root.iter("testsuite")
        cases = list(suite.iter("testcase"))

        assert suite.get("name") == platform
        assert cases, two.describe()
        assert all(case.get("classname", "").startswith(f"{platform}.") for case in cases)
    flowxo = ET.parse(two.report_dir / "flowxo" / "junit.xml").getroot()
    pairs = {(case.get("classname"), case.get("name")) for case in flowxo.iter("testcase")}
    assert ("flowxo.test_properties", "test_operation[GET /api/conversations]") in pairs
    assert ("flowxo.test_properties.TestStateful", "runTest") in pairs


def test_a_several_platform_run_writes_a_combined_summary(two: KitResult) -> None:
    data = json.loads((two.report_dir / "summary.json").read_text(encoding="utf-8"))
    counts = {"flowxo": (5, 13), "xerochat": (20, 24)}
    expected = [
        {
            "platform": platform,
            "verdict": "passed",
            "exit_code": 0,
            "operations_passed": operations,
            "operations": operations,
            "scenarios_passed": scenarios,
            "scenarios": scenarios,
            "stateful": "passed",
            "report": f"{two.report_dir / platform}/",
            "reason": None,
        }
        for platform, (operations, scenarios) in counts.items()
    ]

    assert data == {"platforms": expected, "exit_code": 0, "passed": True}
    flowxo, xerochat = (f"{two.report_dir / name}/" for name in counts)
    width = len(xerochat)
    assert (two.report_dir / "summary.md").read_text(encoding="utf-8") == (
        "Conformance of 2 platforms\n"
        "\n"
        f"| platform | verdict | operations passed | scenarios passed | stateful | "
        f"{'report'.ljust(width)} |\n"
        "|----------|---------|-------------------|------------------|----------|"
        f"-{'-' * width}-|\n"
        f"| flowxo   | passed  | 5/5               | 13/13            | passed   | "
        f"{flowxo.ljust(width)} |\n"
        f"| xerochat | passed  | 20/20             | 24/24            | passed   | {xerochat} |\n"
        "\n"
        "PASSED\n"
    )


def test_every_not_run_in_the_summaries_says_why(two: KitResult) -> None:
    texts = [(two.report_dir / "summary.json").read_text(encoding="utf-8")] + [
        (two.report_dir / name / "summary.json").read_text(encoding="utf-8")
        for name in ("flowxo", "xerochat")
    ]
    values = [value for text in texts for value in _strings(json.loads(text))]

    assert values, "nothing to check"
    assert [value for value in values if value.strip() == "not run"] == []


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_schemathesis_own_sessions_reach_an_in_process_app_without_tcp() -> None:
    """Its probes (ignored_auth) send on fresh sessions of their own: routed to the app
    while a run routes them, and by TCP again after."""
    from schemathesis.transport import requests as transport

    from conformance.wsgi import WsgiAdapter, route_fresh_sessions

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [environ["PATH_INFO"][-2:].encode()]

    # Port 9 (discard) has no server here: a request that took TCP would fail.
    adapter = WsgiAdapter(app, "127.0.0.1", 9)
    original = transport.SameHostRedirectsSession
    restore = route_fresh_sessions("http://127.0.0.1:9/", adapter)
    try:
        answer = transport.SameHostRedirectsSession().get("http://127.0.0.1:9/x/ok")
    finally:
        restore()

    assert (answer.status_code, answer.text) == (200, "ok")
    assert transport.SameHostRedirectsSession is original
    assert "http://127.0.0.1:9/" not in transport.SameHostRedirectsSession().adapters


def test_check_settings_are_worked_out_once_per_operation_and_phase(tmp_path: Path) -> None:
    """The run remembers them (schemathesis merged its config layers for every response):
    the same settings as merged anew, for every operation and phase."""
    from schemathesis.config import ProjectConfig

    from conformance import run as runs
    from tests.conformance.kit_units import kit_settings

    run = runs.begin(kit_settings("flowxo", tmp_path))
    try:
        config = run.schema.config
        for operation in (result.ok() for result in run.schema.get_all_operations()):
            assert operation.schema.config is config
            for phase in (None, "examples", "coverage", "fuzzing", "stateful"):
                first = config.checks_config_for(operation=operation, phase=phase)
                fresh = ProjectConfig.checks_config_for(config, operation=operation, phase=phase)
                assert first == fresh
                assert config.checks_config_for(operation=operation, phase=phase) is first
    finally:
        runs.end()


@pytest.mark.parametrize("to", ["command", "running platform"])
def test_ctrl_c_stops_the_runs_and_starts_no_more(tmp_path: Path, to: str) -> None:
    """Ctrl-C to the command alone reaches the running platforms too; to a running
    platform alone, it stops the command as well. The platforms not started yet are not
    started, and the command exits 130."""
    report_dir = tmp_path / "report"
    run = KitRun(("flochat", "flowxo", "--jobs", "1", "--seed", "1"), report_dir, entry=CLI[:-1])
    deadline = time.monotonic() + 120
    while not (report_dir / "flochat" / OUTPUT).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)
    if to == "command":
        run.interrupt()
    else:
        pid = run._pid
        (child,) = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        os.kill(int(child), signal.SIGINT)
    result = run.finish()

    assert result.returncode == 130, result.describe()
    lines = result.stdout.splitlines()
    assert lines[1].startswith("flochat: INTERRUPTED in "), result.describe()
    assert lines[2:] == [
        "flowxo: not run (interrupted before it started)",
        "2 of 2 platforms did not pass: flochat, flowxo",
    ]
    assert not (report_dir / "flowxo").exists()
    data = json.loads((report_dir / "summary.json").read_text(encoding="utf-8"))
    verdicts = {item["platform"]: (item["verdict"], item["reason"]) for item in data["platforms"]}
    assert verdicts["flowxo"] == ("not run", "interrupted before it started")
    assert verdicts["flochat"][0] == "interrupted"
    assert (data["exit_code"], data["passed"]) == (130, False)
