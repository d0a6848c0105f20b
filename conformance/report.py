"""The run's summary: one row per operation, the assumed behaviours apart, then stateful
and scenario results and what was cleaned up. Printed, and written as summary.md and
summary.json next to junit.xml."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.run import Run

PROPERTY_TEST = "test_operation["
STATEFUL_TEST = "TestStateful"


@dataclass
class Outcomes:
    """Test outcomes of a run, grouped the way the summary shows them."""

    operations: dict[str, str] = field(default_factory=dict)
    stateful: str | None = None
    scenarios: dict[str, str] = field(default_factory=dict)
    not_run: dict[str, str] = field(default_factory=dict)  # scenario -> reason
    #: Why the stateful test was left out of a run that collected it (pytest -k / -m).
    stateful_deselected: str | None = None

    def record(self, nodeid: str, outcome: str) -> None:
        name = nodeid.split("::")[-1]
        if name.startswith(PROPERTY_TEST):
            label = name[len(PROPERTY_TEST) : -1]
            self.operations[label] = _worse(self.operations.get(label), outcome)
        elif STATEFUL_TEST in nodeid:
            self.stateful = _worse(self.stateful, outcome)
        else:
            self.scenarios[name] = _worse(self.scenarios.get(name), outcome)

    @property
    def failed(self) -> bool:
        return "failed" in (*self.operations.values(), self.stateful, *self.scenarios.values())


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
        if operation.excluded is not None:
            result = f"not run: {operation.excluded}"
        else:
            result = outcomes.operations.get(operation.label, "not run")
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
        "stateful": outcomes.stateful or f"not run: {_stateful_not_run(run, outcomes)}",
        "scenarios": dict(sorted(outcomes.scenarios.items())),
        "scenarios_not_run": dict(sorted(outcomes.not_run.items())),
        "created": dict(sorted(created.items())),
        "cleanup_problems": list(run.cleanup_problems),
        "requests": run.session.requests_sent,
        "verdict": "failed" if outcomes.failed else VERDICTS.get(int(exitstatus), "error"),
        "passed": int(exitstatus) == 0 and not outcomes.failed,
    }


def _stateful_not_run(run: Run, outcomes: Outcomes) -> str:
    """Why the stateful sequences have no outcome, as every "not run" says why."""
    return (
        run.stateful_excluded()
        or outcomes.stateful_deselected
        or "the run stopped before it (interrupted, or -x after a failure)"
    )


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
    counts = Counter(data["scenarios"].values())
    scenario_line = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "none"
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
