"""The summary of a several-platform run (`conformance all`): one entry per platform with
its verdict, pass counts and report directory, written as `<report-dir>/summary.md` and
`summary.json` next to the platforms' own directories, so that a CI reads one file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

#: A platform's exit code -> its verdict when it wrote no summary.json of its own.
VERDICTS = {0: "passed", 1: "failed", 130: "interrupted"}
NOT_STARTED = "interrupted before it started"


def entry(platform: str, report_dir: Path, code: int | None, error: str = "") -> dict[str, Any]:
    """One platform's entry; `code` None: it never started (an interruption stopped the
    command first). Every "not run" and every error says why."""
    if code is None:
        return _entry(platform, "not run", None, None, reason=NOT_STARTED)
    path = report_dir / "summary.json"
    if code in (0, 1, 130) and path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        verdict = "interrupted" if code == 130 else data["verdict"]
        return _entry(platform, verdict, code, report_dir, data)
    return _entry(
        platform, VERDICTS.get(code, "error"), code, report_dir, reason=error or _no_summary(code)
    )


def _no_summary(code: int) -> str:
    """Why a platform that ended has no summary of its own (its output says more)."""
    if code == 130:
        return "interrupted before it wrote its summary"
    return "it wrote no summary; its output.txt says why"


def _entry(
    platform: str,
    verdict: str,
    code: int | None,
    report_dir: Path | None,
    data: dict[str, Any] | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    operations = [op["result"] for op in (data or {}).get("operations", [])]
    scenarios = list((data or {}).get("scenarios", {}).values())
    return {
        "platform": platform,
        "verdict": verdict,
        "exit_code": code,
        "operations_passed": operations.count("passed"),
        "operations": len(operations),
        "scenarios_passed": scenarios.count("passed"),
        "scenarios": len(scenarios),
        "stateful": data["stateful"] if data else f"not run: {reason}",
        "report": f"{report_dir}/" if report_dir is not None else None,
        "reason": reason,
    }


def counts(entry: dict[str, Any]) -> str:
    """`operations 3/4 passed, scenarios 5/5 passed, stateful passed`"""
    return (
        f"operations {entry['operations_passed']}/{entry['operations']} passed, "
        f"scenarios {entry['scenarios_passed']}/{entry['scenarios']} passed, "
        f"stateful {entry['stateful']}"
    )


def combined(entries: list[dict[str, Any]], code: int) -> dict[str, Any]:
    return {
        "platforms": sorted(entries, key=lambda item: item["platform"]),
        "exit_code": code,
        "passed": code == 0,
    }


def as_text(data: dict[str, Any]) -> str:
    """The combined summary as Markdown: a row per platform, then why any did not run."""
    rows = [
        (
            item["platform"],
            item["verdict"],
            f"{item['operations_passed']}/{item['operations']}",
            f"{item['scenarios_passed']}/{item['scenarios']}",
            item["stateful"],
            item["report"] or "-",
        )
        for item in data["platforms"]
    ]
    header = ("platform", "verdict", "operations passed", "scenarios passed", "stateful", "report")
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=False)]

    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    lines = [f"Conformance of {len(rows)} platforms", ""]
    lines += [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += [line(row) for row in rows]
    reasons = [item for item in data["platforms"] if item["reason"]]
    if reasons:
        lines.append("")
        lines += [f"{item['platform']}: {item['verdict']} ({item['reason']})" for item in reasons]
    lines += ["", "PASSED" if data["passed"] else "NOT PASSED"]
    return "\n".join(lines) + "\n"


def write(directory: Path, data: dict[str, Any]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "summary.md").write_text(as_text(data), encoding="utf-8")
    (directory / "summary.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
