"""The run's summary: one row per operation, the assumed behaviours apart, then stateful
and scenario results and what was cleaned up. Printed, and written as summary.md and
summary.json next to junit.xml."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.run import Operation, Run

PROPERTY_TEST = "test_operation["
STATEFUL_TEST = "TestStateful"
#: pytest's exit status when interrupted (Ctrl-C, or errors during collection).
INTERRUPTED = 2


@dataclass
class Outcomes:
    """Test outcomes of a run, grouped the way the summary shows them, and what the summary
    needs to say why a test has none."""

    operations: dict[str, str] = field(default_factory=dict)
    stateful: str | None = None
    scenarios: dict[str, str] = field(default_factory=dict)
    #: scenario -> why it was left out (the kit's rules, or pytest's selection)
    not_run: dict[str, str] = field(default_factory=dict)
    #: operation label, or STATEFUL_TEST -> why pytest's selection (-k, -m) left it out
    deselected: dict[str, str] = field(default_factory=dict)
    #: (kind, key) of every test collected (as `classify` gives them), before any was
    #: left out.
    collected: set[tuple[str, str]] = field(default_factory=set)
    #: Whether collection ended; if not, an interruption stopped it.
    collection_done: bool = False
    #: The files pytest could not collect (after which it runs no test).
    collect_errors: list[str] = field(default_factory=list)
    #: Why the run ended before its last test (-x, --collect-only), when pytest knows.
    stopped: str | None = None
    #: (kind, key) of the test running now: the one an interruption stopped half-way.
    running: tuple[str, str] | None = None

    def record(self, nodeid: str, outcome: str) -> None:
        kind, key = classify(nodeid, nodeid.split("::")[-1])
        if kind == "operation":
            self.operations[key] = _worse(self.operations.get(key), outcome)
        elif kind == "stateful":
            self.stateful = _worse(self.stateful, outcome)
        else:
            self.scenarios[key] = _worse(self.scenarios.get(key), outcome)

    def deselect(self, nodeid: str, name: str, reason: str) -> None:
        """Remember why pytest's selection left a test out (the first reason given wins:
        the kit's own, given before pytest's hook runs)."""
        kind, key = classify(nodeid, name)
        (self.not_run if kind == "scenario" else self.deselected).setdefault(key, reason)

    def unreached(self, kind: str, key: str, exitstatus: int) -> str:
        """Why a test that was not left out has no outcome."""
        if self.collect_errors:
            return f"pytest could not collect {', '.join(self.collect_errors)}, so no test ran"
        if self.collection_done and (kind, key) not in self.collected:
            return "no test was generated for it"
        if self.stopped:
            return self.stopped
        if int(exitstatus) == INTERRUPTED:
            if self.running == (kind, key):
                return "the run was interrupted while it ran"
            return "the run was interrupted first"
        return "the run ended before it"

    @property
    def failed(self) -> bool:
        return "failed" in (*self.operations.values(), self.stateful, *self.scenarios.values())


def classify(nodeid: str, name: str) -> tuple[str, str]:
    """("operation", label), ("stateful", STATEFUL_TEST) or ("scenario", name) of a test,
    from its node id and name (schemathesis' items share one node id: their names tell
    the operation)."""
    if name.startswith(PROPERTY_TEST):
        return "operation", name[len(PROPERTY_TEST) : -1]
    if STATEFUL_TEST in nodeid:
        return "stateful", STATEFUL_TEST
    return "scenario", name


def _worse(before: str | None, now: str) -> str:
    order = ("passed", "skipped", "failed")
    if before is None:
        return now
    return max(before, now, key=order.index)


# pytest's exit status -> the run's verdict.
VERDICTS = {0: "passed", 1: "failed", 2: "interrupted"}


def summary(run: Run, outcomes: Outcomes, exitstatus: int = 0) -> dict[str, Any]:
    operations = []
    for operation in run.operations:
        if operation.label in outcomes.operations:
            result = outcomes.operations[operation.label]
        else:
            result = f"not run: {_operation_not_run(operation, outcomes, exitstatus)}"
        operations.append(
            {
                "operation": operation.label,
                "result": result,
                "fidelity": operation.fidelity,
                "source": operation.source,
            }
        )
    created = Counter(item.kind for item in run.session.created)
    return {
        "platform": run.kit.name,
        "target": run.target.description,
        "operations": operations,
        "assumed": [op for op in operations if op["fidelity"] == "assumed"],
        "stateful": outcomes.stateful or f"not run: {_stateful_not_run(run, outcomes, exitstatus)}",
        "scenarios": dict(sorted(outcomes.scenarios.items())),
        "scenarios_not_run": _scenarios_not_run(outcomes, exitstatus),
        "created": dict(sorted(created.items())),
        "cleanup_problems": list(run.cleanup_problems),
        "requests": run.session.requests_sent,
        "verdict": "failed" if outcomes.failed else VERDICTS.get(int(exitstatus), "error"),
        "passed": int(exitstatus) == 0 and not outcomes.failed,
    }


def _operation_not_run(operation: Operation, outcomes: Outcomes, exitstatus: int) -> str:
    """Why an operation has no outcome: every "not run" says why."""
    return (
        operation.excluded
        or outcomes.deselected.get(operation.label)
        or outcomes.unreached("operation", operation.label, exitstatus)
    )


def _stateful_not_run(run: Run, outcomes: Outcomes, exitstatus: int) -> str:
    """Why the stateful sequences have no outcome."""
    return (
        run.stateful_excluded()
        or outcomes.deselected.get(STATEFUL_TEST)
        or outcomes.unreached("stateful", STATEFUL_TEST, exitstatus)
    )


def _scenarios_not_run(outcomes: Outcomes, exitstatus: int) -> dict[str, str]:
    """The scenarios left out, and those collected that got no outcome, with why."""
    unreached = {
        name: outcomes.unreached(kind, name, exitstatus)
        for kind, name in outcomes.collected
        if kind == "scenario" and name not in outcomes.scenarios and name not in outcomes.not_run
    }
    return dict(sorted({**outcomes.not_run, **unreached}.items()))


def as_text(data: dict[str, Any]) -> str:
    """The summary as Markdown (also readable in a terminal)."""
    lines = [f"Conformance of {data['platform']} at {data['target']}", ""]
    lines += _table(
        ("operation", "result", "fidelity"),
        [(op["operation"], op["result"], op["fidelity"]) for op in data["operations"]],
    )
    lines.append("")
    if data["assumed"]:
        lines.append(
            "Educated guesses of the sandbox (x-fidelity: assumed); check them on the real API:"
        )
        lines += _table(
            ("operation", "result", "why it is assumed"),
            [(op["operation"], op["result"], op["source"]) for op in data["assumed"]],
        )
    else:
        lines.append("No operation of this platform is marked x-fidelity: assumed.")
    lines += ["", f"Stateful sequences (OpenAPI links): {data['stateful']}"]
    counts = [
        f"{n} {outcome}" for outcome, n in sorted(Counter(data["scenarios"].values()).items())
    ]
    if data["scenarios_not_run"]:
        counts.append(f"{len(data['scenarios_not_run'])} not run")
    scenario_line = ", ".join(counts) or "none"
    lines.append(f"Scenarios: {scenario_line}")
    for name, outcome in data["scenarios"].items():
        if outcome != "passed":
            lines.append(f"  {outcome}: {name}")
    for name, reason in data["scenarios_not_run"].items():
        lines.append(f"  not run ({reason}): {name}")
    created = ", ".join(f"{n} {kind}" for kind, n in data["created"].items()) or "nothing"
    lines.append(f"Created during the run: {created}; requests sent: {data['requests']}")
    for problem in data["cleanup_problems"]:
        lines.append(f"  clean-up: {problem}")
    lines += ["", data["verdict"].upper()]
    return "\n".join(lines) + "\n"


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=False)]

    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)]


def write(directory: Path, data: dict[str, Any]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "summary.md").write_text(as_text(data), encoding="utf-8")
    (directory / "summary.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
