"""What the per-platform run tests (test_<platform>_runs.py) share: the broken target they
point a run at (a sandbox whose error bodies are rewritten), and the checks every platform's
runs are held to (a run that passes everything, keys kept out of what a run writes, a
defect that fails exactly the operations it showed in)."""

from __future__ import annotations

import ast
import json
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Request, Response

from sandbox.app import SandboxApp, create_app
from sandbox.config import SandboxConfig
from tests.conformance.helpers import (
    PERMANENT_REASON,
    KitResult,
    KitRun,
    LiveRun,
    Workspace,
    create_workspace,
    finish_all,
    serve,
)
from tests.conftest import ROOT

#: What a broken target answers instead of an error body (None: the body as it was), given
#: the request, the answer's status and its JSON body (None if it is not JSON).
Rewrite = Callable[[Request, int, Any], Any]


def renamed(body: Any, old: str, new: str) -> dict[str, Any] | None:
    """`body` with its key `old` called `new` (None if it has no `old`)."""
    if not isinstance(body, dict) or old not in body:
        return None
    kept = {key: value for key, value in body.items() if key != old}
    return {**kept, new: body[old]}


class ErrorBodyDefect:
    """A sandbox whose error bodies are rewritten; `changed` says for which operations
    schemathesis saw a rewritten answer (the ones the kit must then fail)."""

    def __init__(
        self, app: SandboxApp, rewrite: Rewrite, operation_of: Callable[[Request], str | None]
    ) -> None:
        self.app = app
        self.rewrite = rewrite
        self.operation_of = operation_of
        self.changed: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        response = Response.from_app(self.app, environ)
        body = json.loads(response.get_data()) if response.is_json else None
        new = self.rewrite(request, response.status_code, body)
        if new is not None:
            response.set_data(json.dumps(new))
            operation = self.operation_of(request)
            if operation is not None and "X-Schemathesis-TestCaseId" in request.headers:
                with self._lock:
                    self.changed.add(operation)
        return response(environ, start_response)


@dataclass
class BrokenTarget:
    url: str
    defect: ErrorBodyDefect

    @property
    def app(self) -> SandboxApp:
        return self.defect.app


@contextmanager
def broken_target(
    platform: str,
    rewrite: Rewrite,
    operation_of: Callable[[Request], str | None],
    fixture: Mapping[str, Any] | None = None,
) -> Iterator[BrokenTarget]:
    """A fresh in-memory sandbox (its default workspace's `platform` section `fixture`),
    served with its error bodies rewritten; yields the platform's base URL on it."""
    app = create_app(SandboxConfig(db=":memory:"))
    try:
        if fixture is not None:
            app.sandbox.load_fixtures({"workspaces": {"default": {platform: dict(fixture)}}})
        defect = ErrorBodyDefect(app, rewrite, operation_of)
        with serve(defect) as url:
            yield BrokenTarget(f"{url}/{platform}", defect)
    finally:
        app.close()


@dataclass
class Runs:
    """A platform's kit runs, started together: in a fresh in-process sandbox, against
    workspaces of a live server (by name: "write", "read_only"), and against a broken
    target."""

    in_process: KitResult
    live: dict[str, LiveRun]
    broken: KitResult
    target: BrokenTarget

    @property
    def write(self) -> LiveRun:
        return self.live["write"]

    @property
    def read_only(self) -> LiveRun:
        return self.live["read_only"]

    @property
    def defect(self) -> ErrorBodyDefect:
        return self.target.defect


def live_workspaces(
    server: str, platform: str, **fixtures: Mapping[str, Any]
) -> dict[str, Workspace]:
    """A new workspace on the live server per name, its `platform` section the fixture."""
    return {name: create_workspace(server, **{platform: f}) for name, f in fixtures.items()}


def finish_runs(
    platform: str,
    started: Mapping[str, KitRun],
    workspaces: Mapping[str, Workspace],
    before: Mapping[str, dict[str, Any]],
    target: BrokenTarget,
) -> Runs:
    """Wait for the runs ("in_process", "broken", and one per live workspace, by its name);
    `before` is each workspace's `platform` section from before they started."""
    results = finish_all(started)
    live = {
        name: LiveRun(workspace, platform, before[name], results[name])
        for name, workspace in workspaces.items()
    }
    return Runs(results["in_process"], live, results["broken"], target)


def module_literals(module: str, names: Collection[str]) -> dict[str, Any]:
    """Top-level constants of conformance/scenarios/<module>, read from its source
    (importing a scenario module would register the kit's marks in this process)."""
    path = ROOT / "conformance" / "scenarios" / module
    return {
        target.id: ast.literal_eval(node.value)
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id in names
    }


# -- checks every platform's runs are held to ----------------------------------------------------


def assert_all_passed(
    result: KitResult,
    operations: Mapping[str, str],
    scenarios: Iterable[str],
    outcomes: Callable[[KitResult], dict[str, str]] = lambda result: result.operations,
) -> dict[str, Any]:
    """The run passed: exit code 0, these operation results (`outcomes` reads them), every
    scenario run and passed. Returns its summary."""
    assert result.returncode == 0, result.describe()
    assert outcomes(result) == operations
    summary: dict[str, Any] = result.summary
    assert summary["scenarios"] == dict.fromkeys(sorted(scenarios), "passed")
    assert summary["scenarios_not_run"] == {}
    assert summary["passed"] is True
    return summary


def assert_fresh_sandbox_passed(
    result: KitResult,
    platform: str,
    operations: Mapping[str, str],
    scenarios: Iterable[str],
    outcomes: Callable[[KitResult], dict[str, str]] = lambda result: result.operations,
) -> dict[str, Any]:
    """An in-process run passed everything and left nothing behind. Returns its summary."""
    summary = assert_all_passed(result, operations, scenarios, outcomes)
    assert summary["platform"] == platform
    assert summary["cleanup_problems"] == []
    assert result.failed_tests == set()
    return summary


def assert_read_only_passed(
    result: KitResult, reads: Iterable[str], writes: Iterable[str], scenarios: Iterable[str]
) -> dict[str, Any]:
    """A --read-only run passed: the reads passed, no write and no stateful sequence ran,
    these scenarios passed, nothing was created. Returns its summary."""
    assert result.returncode == 0, result.describe()
    expected = {op: "passed" for op in reads} | {op: "not run: --read-only" for op in writes}
    assert result.operations == expected
    summary: dict[str, Any] = result.summary
    assert summary["scenarios"] == dict.fromkeys(sorted(scenarios), "passed")
    # Links start at creating operations, which do not run.
    assert summary["stateful"] == "not run: --read-only"
    assert summary["created"] == {}
    return summary


def leaks(result: KitResult, secrets: Iterable[str]) -> list[str]:
    """What of the run's output and reports shows any of `secrets`, by name."""
    texts = {"stdout": result.stdout, "stderr": result.stderr, **result.report_texts()}
    values = list(secrets)
    return [name for name, text in texts.items() if any(value in text for value in values)]


def passed_scenarios(result: KitResult) -> set[str]:
    return {name for name, outcome in result.summary["scenarios"].items() if outcome == "passed"}


def assert_scenarios_against_the_defect(
    result: KitResult, passed: Iterable[str], failed: str, shown: str
) -> None:
    """Against a broken target, exactly the scenarios `passed` passed (what does not look
    at error bodies), and the scenario `failed` failed showing the broken body `shown`."""
    assert passed_scenarios(result) == set(passed)
    assert shown in result.failure(failed)


def failed_by_defect(
    result: KitResult,
    defect: ErrorBodyDefect,
    message: str,
    outcomes: Mapping[str, str] | None = None,
) -> set[str]:
    """The run against a broken target failed, the defect showed, and every operation that
    failed says `message`. Returns the failed operations (of `outcomes`, or every one)."""
    assert result.returncode == 1, result.describe()
    assert defect.changed, "the defect never showed: the test proves nothing"
    given = result.operations if outcomes is None else outcomes
    failed = {op for op, outcome in given.items() if outcome == "failed"}
    for operation in failed:
        assert message in result.failure(f"test_operation[{operation}]"), operation
    return failed


def assert_only_the_defect_failed(
    result: KitResult,
    defect: ErrorBodyDefect,
    message: str,
    operations: Iterable[str],
    permanent: Collection[str],
) -> set[str]:
    """Exactly the operations the defect showed in failed, saying `message`; the permanent
    ones were not run, every other one passed. Returns the failed operations."""
    failed = failed_by_defect(result, defect, message)
    assert failed == defect.changed
    assert all(result.operations[op] == f"not run: {PERMANENT_REASON}" for op in permanent)
    not_failed = set(operations) - failed - set(permanent)
    assert all(result.operations[op] == "passed" for op in not_failed)
    return failed
