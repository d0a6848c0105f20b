"""`flow-sandbox conformance PLATFORM PLATFORM...` (or `all`): each platform's kit run in a
process of its own, a few at a time, each reporting to `<report-dir>/<platform>/`.

The processes are forks of this one, made after it has imported what every kit run
imports (pytest, schemathesis, hypothesis, the sandbox): a fresh interpreter per platform
spent a second and more of CPU on imports alone, on a machine whose cores the runs share.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from conformance import combined
from conformance.platforms import KITS

#: The child's output (what a one-platform run prints), in its report directory.
OUTPUT = "output.txt"
#: Which exit code wins when platforms end differently: interrupted, failed, usage error.
PRECEDENCE = (130, 1, 2)


@dataclass
class Child:
    platform: str
    report_dir: Path
    pid: int
    started: float


def warm() -> None:
    """Import, once and before forking, what every kit run imports. Not hypothesis' pytest
    plugin: importing it starts its watch for slow plugin code, which pytest in the child
    must start (and end) itself; and nothing that touches hypothesis' storage, which it
    would report as slow plugin code."""
    import hypothesis  # noqa: F401
    import pytest  # noqa: F401
    import schemathesis.pytest.plugin  # noqa: F401

    import conformance.plugin  # noqa: F401
    import sandbox.app  # noqa: F401


def cost_order(platforms: Sequence[str]) -> list[str]:
    """The largest specs first: with fewer processes than platforms, the longest run
    starts at once and the short ones fill the other processes meanwhile."""
    return sorted(platforms, key=lambda name: -_spec_size(name))


def _spec_size(platform: str) -> int:
    path = KITS[platform].spec_path
    return path.stat().st_size if path.exists() else 0


def run_all(
    platforms: Sequence[str],
    report_dir: Path,
    jobs: int,
    pytest_args: Callable[[str, Path], list[str]],
    echo: Callable[[str], None],
) -> int:
    """Run every platform's kit, at most `jobs` at a time; one line per platform as it
    ends. The exit code: 130 if any was interrupted, else 1 if any failed, else 2 if any
    had a usage error, else 0. The combined summary goes to `report_dir` (conformance.combined)."""
    warm()
    waiting = cost_order(platforms)
    running: dict[int, Child] = {}
    codes: dict[str, int] = {}
    entries: list[dict[str, Any]] = []
    echo(
        f"Checking {len(platforms)} platforms, {min(jobs, len(platforms))} at a time; "
        f"reports in {report_dir}/<platform>/"
    )
    interrupted = False
    while waiting or running:
        while waiting and len(running) < jobs and not interrupted:
            platform = waiting.pop(0)
            directory = report_dir / platform
            pid = _fork(pytest_args(platform, directory), directory)
            running[pid] = Child(platform, directory, pid, time.monotonic())
        if not running:
            break
        try:
            pid, status, usage = os.wait4(-1, 0)
        except KeyboardInterrupt:
            # A terminal's Ctrl-C reached the children too; a signal to this process alone
            # did not: pass it on, start nothing new, and wait for them to clean up.
            interrupted = True
            for child in running.values():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child.pid, signal.SIGINT)
            continue
        child = running.pop(pid, None)
        if child is None:
            continue
        code = os.waitstatus_to_exitcode(status)
        code = 130 if code < 0 else code  # killed by a signal
        codes[child.platform] = code
        error = "" if code in (0, 1, 130) else _error(child.report_dir / OUTPUT)
        entries.append(combined.entry(child.platform, child.report_dir, code, error))
        # A run that was interrupted (Ctrl-C reaches the whole process group) means
        # stop: the platforms not started yet are not started.
        interrupted = interrupted or code == 130
        cpu = usage.ru_utime + usage.ru_stime
        echo(result_line(child, code, time.monotonic() - child.started, cpu))
    for platform in waiting:
        codes[platform] = 130
        entries.append(combined.entry(platform, report_dir / platform, None))
        echo(f"{platform}: not run ({combined.NOT_STARTED})")
    failed = [name for name in sorted(codes) if codes[name] != 0]
    if failed:
        echo(f"{len(failed)} of {len(codes)} platforms did not pass: {', '.join(failed)}")
    else:
        echo(f"All {len(codes)} platforms passed")
    code = next((code for code in PRECEDENCE if code in codes.values()), 0)
    combined.write(report_dir, combined.combined(entries, code))
    return code


def result_line(child: Child, code: int, seconds: float, cpu: float) -> str:
    """`platform: PASSED in 12.3 s, 9.8 s CPU (...)`, from the run's summary.json when it
    wrote one."""
    head = f"{child.platform}: "
    took = f"in {seconds:.1f} s, {cpu:.1f} s CPU"
    path = child.report_dir / "summary.json"
    if code in (0, 1) and path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        operations = [op["result"] for op in data["operations"]]
        scenarios = list(data["scenarios"].values())
        counts = (
            f"operations {operations.count('passed')}/{len(operations)} passed, "
            f"scenarios {scenarios.count('passed')}/{len(scenarios)} passed, "
            f"stateful {data['stateful']}"
        )
        return f"{head}{data['verdict'].upper()} {took} ({counts}); {child.report_dir}/"
    if code == 130:
        return f"{head}INTERRUPTED {took}; output: {child.report_dir / OUTPUT}"
    return f"{head}ERROR (exit {code}) {took}: {_error(child.report_dir / OUTPUT)}"


def _error(output: Path) -> str:
    """The message of a run that ended with a usage error: its last error line."""
    try:
        lines = output.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return "no output"
    errors = [line for line in lines if line.startswith(("ERROR", "Error"))]
    return (errors or [line for line in lines if line.strip()] or ["no output"])[-1]


def _fork(args: list[str], report_dir: Path) -> int:
    report_dir.mkdir(parents=True, exist_ok=True)
    output = report_dir / OUTPUT
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    pid = os.fork()
    if pid == 0:
        _child(args, output)
    return pid


def _child(args: list[str], output: Path) -> NoReturn:
    """Run one platform's kit as `flow-sandbox conformance PLATFORM` would, its output
    going to `output`, and exit with its code."""
    code = 2
    interrupted: list[bool] = []

    def interrupt(signum: int, frame: Any) -> None:
        interrupted.append(True)
        raise KeyboardInterrupt

    # Whatever a Ctrl-C breaks on its way out (a half-collected session raising something
    # else than KeyboardInterrupt) is the interruption, not a failure of the platform.
    signal.signal(signal.SIGINT, interrupt)
    try:
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        sys.stdout = sys.__stdout__ = _text_stream(1)
        sys.stderr = sys.__stderr__ = _text_stream(2)
        import pytest

        from conformance.cli import EXIT_CODES

        code = EXIT_CODES.get(int(pytest.main(args)), 2)
    except KeyboardInterrupt:
        code = 130
    except BaseException:
        traceback.print_exc()
        if interrupted:
            code = 130
    finally:
        if interrupted:
            code = 130
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):  # nowhere left to say so
                stream.flush()
        os._exit(code)


def _text_stream(fd: int) -> Any:
    import io

    return io.TextIOWrapper(
        io.FileIO(fd, "w", closefd=False),
        encoding="utf-8",
        errors="backslashreplace",
        line_buffering=True,
    )
