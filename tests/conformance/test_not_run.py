"""Every "not run" of a kit run says why, for each way a test can end up without an
outcome: pytest's selection (-k, --deselect), --collect-only, -x after a failure, and a
file pytest could not collect. RapidPro runs, as `pytest conformance/ --platform rapidpro`."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from conformance.plugin import _deselection, _stop_reason
from tests.conformance.helpers import OPERATIONS, PYTEST, SCENARIOS, KitResult, KitRun

ONE_EXAMPLE = ("--max-examples", "1", "--seed", "1")
#: pytest with the kit's own ini file, for runs that add a test file outside the kit (its
#: folder would otherwise make pytest read the project's configuration instead).
KIT_PYTEST = (sys.executable, "-m", "pytest", "-c", "conformance/pytest.ini")
PLATFORM = ("--platform", "rapidpro")
DESELECTED = "scenarios/test_rapidpro.py::test_unknown_token_is_403"
CONTACTS = tuple(op for op in OPERATIONS if op.endswith(" /api/v2/contacts.json"))


@dataclass
class Runs:
    selected: KitResult
    collect_only: KitResult
    exit_first: KitResult
    broken: KitResult
    #: The test file pytest cannot collect (it imports what does not exist).
    broken_file: Path


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    tests = tmp_path_factory.mktemp("outside")
    fails = tests / "test_fails_first.py"
    fails.write_text("def test_fails_first():\n    assert False\n", encoding="utf-8")
    broken = tests / "test_broken.py"
    broken.write_text("import no_such_module_anywhere\n", encoding="utf-8")
    reports = tmp_path_factory.mktemp("not-run")
    started = {
        "selected": KitRun(
            (*ONE_EXAMPLE, "-k", "contacts", "--deselect", DESELECTED),
            reports / "selected",
            entry=PYTEST,
        ),
        "collect_only": KitRun((*ONE_EXAMPLE, "--collect-only"), reports / "collect", entry=PYTEST),
        # The failing test runs first: -x stops the run before any of the kit's.
        "exit_first": KitRun(
            (str(fails), "conformance/", *PLATFORM, *ONE_EXAMPLE, "-x"),
            reports / "exit-first",
            entry=KIT_PYTEST,
        ),
        "broken": KitRun(
            ("conformance/", str(broken), *PLATFORM, *ONE_EXAMPLE),
            reports / "broken",
            entry=KIT_PYTEST,
        ),
    }
    results = {name: run.finish() for name, run in started.items()}
    return Runs(**results, broken_file=broken)


def _all(reason: str) -> dict[str, str]:
    return dict.fromkeys(OPERATIONS, f"not run: {reason}")


def test_what_pytests_selection_left_out_names_the_selection(runs: Runs) -> None:
    result = runs.selected
    k = "deselected by -k 'contacts'"

    assert result.returncode == 0, result.describe()
    assert result.operations == _all(k) | dict.fromkeys(CONTACTS, "passed")
    assert result.summary["stateful"] == f"not run: {k}"
    assert result.summary["scenarios"] == {}
    assert result.summary["scenarios_not_run"] == dict.fromkeys(sorted(SCENARIOS), k) | {
        "test_unknown_token_is_403": f"deselected by --deselect '{DESELECTED}'"
    }
    text = (result.report_dir / "summary.md").read_text(encoding="utf-8")
    assert f"Scenarios: {len(SCENARIOS)} not run\n" in text
    assert f"| GET /api/v2/fields.json      | not run: {k} | documented |" in text
    assert f"  not run ({k}): test_paging_reaches_every_contact_once\n" in result.stdout


def test_collect_only_runs_nothing_and_says_so(runs: Runs) -> None:
    result = runs.collect_only
    reason = "pytest --collect-only runs no test"

    assert result.returncode == 0, result.describe()
    assert result.operations == _all(reason)
    assert result.summary["stateful"] == f"not run: {reason}"
    assert result.summary["scenarios_not_run"] == dict.fromkeys(sorted(SCENARIOS), reason)


def test_what_x_stopped_before_says_x_stopped_it(runs: Runs) -> None:
    result = runs.exit_first
    reason = "the run stopped at its first failure (-x)"

    assert result.returncode == 1, result.describe()
    assert result.operations == _all(reason)
    assert result.summary["stateful"] == f"not run: {reason}"
    assert result.summary["scenarios"] == {"test_fails_first": "failed"}
    assert result.summary["scenarios_not_run"] == dict.fromkeys(sorted(SCENARIOS), reason)


def test_a_file_pytest_could_not_collect_is_named(runs: Runs) -> None:
    result = runs.broken
    reason = f"pytest could not collect {runs.broken_file}, so no test ran"

    assert result.returncode == 2, result.describe()  # pytest: interrupted
    assert result.operations == _all(reason)
    assert result.summary["stateful"] == f"not run: {reason}"
    assert result.summary["scenarios_not_run"] == dict.fromkeys(sorted(SCENARIOS), reason)
    assert result.summary["verdict"] == "interrupted"


# -- the reasons' words, from pytest's options -------------------------------------------------


def _item(nodeid: str, **options: Any) -> Any:
    given = {"deselect": None, "keyword": "", "markexpr": "", **options}
    return SimpleNamespace(nodeid=nodeid, config=SimpleNamespace(option=SimpleNamespace(**given)))


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"keyword": "contacts"}, "deselected by -k 'contacts'"),
        ({"markexpr": "not writes"}, "deselected by -m 'not writes'"),
        ({"keyword": "a", "markexpr": "b"}, "deselected by -k 'a' -m 'b'"),
        # Quoted as a shell takes it back.
        ({"keyword": "it's"}, "deselected by -k 'it'\\''s'"),
        ({"deselect": ["scenarios/"], "keyword": "a"}, "deselected by --deselect 'scenarios/'"),
        # A --deselect prefix that is not this test's: -k left it out.
        ({"deselect": ["test_properties.py"], "keyword": "a"}, "deselected by -k 'a'"),
        # Another plugin's selection.
        ({}, "deselected by pytest's selection"),
    ],
)
def test_a_deselection_names_the_options_that_made_it(options: dict[str, Any], reason: str) -> None:
    assert _deselection(_item("scenarios/test_rapidpro.py::test_x", **options)) == reason


@pytest.mark.parametrize(
    ("session", "reason"),
    [
        ({"collectonly": True}, "pytest --collect-only runs no test"),
        (
            {"shouldfail": "stopping after 1 failures", "maxfail": 1},
            "the run stopped at its first failure (-x)",
        ),
        (
            {"shouldfail": "stopping after 3 failures", "maxfail": 3},
            "the run stopped after 3 failures (--maxfail 3)",
        ),
        (
            {"shouldstop": "Test failed, continuing from this test next run."},
            "the run stopped first: Test failed, continuing from this test next run.",
        ),
        ({}, None),
    ],
)
def test_why_pytest_stopped_early(session: dict[str, Any], reason: str | None) -> None:
    option = SimpleNamespace(
        collectonly=session.get("collectonly", False), maxfail=session.get("maxfail", 0)
    )
    fake = SimpleNamespace(
        config=SimpleNamespace(option=option),
        shouldfail=session.get("shouldfail", False),
        shouldstop=session.get("shouldstop", False),
    )
    assert _stop_reason(fake) == reason  # type: ignore[arg-type]
