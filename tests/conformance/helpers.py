"""Running the conformance kit as its users do (its two entry points, in a process of its
own), reading its reports, and the targets the tests point it at: WSGI apps served in the
test process, and workspaces of a live `flow-sandbox serve`."""

from __future__ import annotations

import ast
import json
import os
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import IO, Any

import requests
from werkzeug.serving import WSGIRequestHandler, make_server

from conformance.platforms import KITS
from tests.conformance.forked import fork
from tests.conftest import ROOT

#: `flow-sandbox conformance rapidpro`, as `python -m sandbox` (the same command).
CLI = (sys.executable, "-m", "sandbox", "conformance", "rapidpro")
#: `flow-sandbox conformance xerochat`.
XEROCHAT_CLI = (sys.executable, "-m", "sandbox", "conformance", "xerochat")
#: The other entry point: `pytest conformance/ --platform rapidpro`.
PYTEST = (sys.executable, "-m", "pytest", "conformance/", "--platform", "rapidpro")
#: Small and reproducible: few examples per operation, generation derandomized.
FAST = ("--max-examples", "3", "--seed", "1")
#: A kit run that has not ended after this many seconds is killed and the test fails.
RUN_TIMEOUT = 300.0
#: What everything the kit creates on a real account is named with.
PREFIX = "zz-fsbx-"
#: The kit's reason for leaving out what cannot be undone on an external target.
PERMANENT_REASON = "cannot be undone (--include-permanent runs it)"

#: A WSGI application.
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def spec_operations(platform: str = "rapidpro") -> tuple[str, ...]:
    """`METHOD /path` of every operation in specs/<platform>.openapi.json, in spec order."""
    spec = json.loads((ROOT / "specs" / f"{platform}.openapi.json").read_text(encoding="utf-8"))
    methods = ("get", "put", "post", "delete", "patch", "head", "options")
    return tuple(
        f"{method.upper()} {path}"
        for path, item in spec["paths"].items()
        for method in item
        if method in methods
    )


OPERATIONS = spec_operations()
READ_OPERATIONS = tuple(op for op in OPERATIONS if op.startswith("GET "))
WRITE_OPERATIONS = tuple(op for op in OPERATIONS if not op.startswith("GET "))
#: The one operation whose effects RapidPro's API cannot undo.
PERMANENT_OPERATION = "POST /api/v2/fields.json"


def scenario_marks(platform: str = "rapidpro") -> dict[str, frozenset[str]]:
    """Each scenario of a platform's kit and its `pytest.mark.<name>` marks, read from the
    source of its scenario modules, test_<platform>.py and test_<platform>_<theme>.py
    (not from the kit's own bookkeeping)."""
    scenarios = ROOT / "conformance" / "scenarios"
    modules = [scenarios / f"test_{platform}.py", *sorted(scenarios.glob(f"test_{platform}_*.py"))]
    nodes = [
        node for module in modules for node in ast.parse(module.read_text(encoding="utf-8")).body
    ]
    marks: dict[str, frozenset[str]] = {}
    for node in nodes:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            names = set()
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Attribute):
                    names.add(target.attr)
            marks[node.name] = frozenset(names)
    return marks


SCENARIOS = scenario_marks()
PERMANENT_SCENARIOS = frozenset(name for name, m in SCENARIOS.items() if "permanent" in m)
WRITE_SCENARIOS = frozenset(name for name, m in SCENARIOS.items() if m & {"writes", "permanent"})
READ_SCENARIOS = frozenset(SCENARIOS) - WRITE_SCENARIOS


def kit_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without anything the kit (or pytest) would read from
    it, plus `extra`."""
    ignored = ("CONFORMANCE_", "PYTEST_", *(f"{name.upper()}_" for name in KITS))
    env = {key: value for key, value in os.environ.items() if not key.startswith(ignored)}
    env.update(extra or {})
    return env


@dataclass
class KitResult:
    """A finished kit run: its exit code, output and reports."""

    command: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    report_dir: Path

    def describe(self) -> str:
        """For assertion messages: what ran and the end of what it printed."""
        return (
            f"command: {' '.join(self.command)}\nexit code: {self.returncode}\n"
            f"--- stdout (end) ---\n{self.stdout[-4000:]}\n--- stderr ---\n{self.stderr[-4000:]}"
        )

    @cached_property
    def summary(self) -> dict[str, Any]:
        path = self.report_dir / "summary.json"
        assert path.is_file(), f"no {path}\n{self.describe()}"
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data

    @property
    def operations(self) -> dict[str, str]:
        """summary.json's per-operation results: {"GET /api/v2/contacts.json": "passed"}."""
        return {row["operation"]: row["result"] for row in self.summary["operations"]}

    def created(self, kind: str) -> int:
        """How many objects of `kind` the run says it created."""
        counts: dict[str, int] = self.summary["created"]
        return counts.get(kind, 0)

    @cached_property
    def junit(self) -> ET.Element:
        path = self.report_dir / "junit.xml"
        assert path.is_file(), f"no {path}\n{self.describe()}"
        return ET.parse(path).getroot()

    @property
    def testcases(self) -> dict[str, ET.Element]:
        """JUnit test cases by name ("test_operation[GET /api/v2/fields.json]", "runTest",
        or the scenario's function name)."""
        cases = {case.get("name", ""): case for case in self.junit.iter("testcase")}
        assert len(cases) == len(list(self.junit.iter("testcase"))), "duplicate test names"
        return cases

    @property
    def failed_tests(self) -> set[str]:
        return {
            name
            for name, case in self.testcases.items()
            if case.find("failure") is not None or case.find("error") is not None
        }

    def failure(self, name: str) -> str:
        """The message and text of a JUnit test case's failure or error ("" if none)."""
        case = self.testcases[name]
        parts = []
        for element in (*case.findall("failure"), *case.findall("error")):
            parts += [element.get("message", ""), element.text or ""]
        return "\n".join(parts)

    def report_texts(self) -> dict[str, str]:
        """Every report file the run wrote, by name."""
        return {
            path.name: path.read_text(encoding="utf-8")
            for path in sorted(self.report_dir.iterdir())
            if path.is_file()
        }


def _let_children_take_ctrl_c() -> None:
    """Make the runs started from here raise KeyboardInterrupt on SIGINT, as from a terminal.

    A shell that starts the suite as a background job (`make test &` in a script) ignores
    SIGINT in it, and an ignored signal stays ignored in every child: the kit's Python then
    never installs its KeyboardInterrupt handler, and `interrupt()` does nothing.
    """
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


class KitRun:
    """A kit run in progress: started at once, waited for with `finish()`. Output goes to
    files, so several runs can go on at the same time without filling a pipe.

    By default the run is a fork of this process, which has imported the kit and everything
    it uses already (`warm()`): a cold `python -m sandbox` spent seconds importing and
    starting before it checked anything. The child runs the entry point's own code
    (`sandbox.cli.main`, `pytest.main`) with the command's arguments, environment and
    working directory, so its exit code, output and reports are the command's.
    `process=True` starts the command itself, for what only a real process shows
    (the console entry point, Ctrl-C).
    """

    def __init__(
        self,
        args: Iterable[str],
        report_dir: Path,
        *,
        entry: tuple[str, ...] = CLI,
        env: Mapping[str, str] | None = None,
        process: bool = False,
    ) -> None:
        self.command = (*entry, *args, "--report-dir", str(report_dir))
        self.report_dir = report_dir
        report_dir.parent.mkdir(parents=True, exist_ok=True)
        self._stdout_path = report_dir.parent / f"{report_dir.name}.stdout.txt"
        self._stderr_path = report_dir.parent / f"{report_dir.name}.stderr.txt"
        self._process: subprocess.Popen[str] | None = None
        self._pid = 0
        self._returncode: int | None = None
        if process:
            self._stdout: IO[str] = self._stdout_path.open("w", encoding="utf-8")
            self._stderr: IO[str] = self._stderr_path.open("w", encoding="utf-8")
            _let_children_take_ctrl_c()
            self._process = subprocess.Popen(
                self.command,
                cwd=ROOT,
                env=kit_env(env),
                stdin=subprocess.DEVNULL,
                stdout=self._stdout,
                stderr=self._stderr,
                text=True,
            )
            self._pid = self._process.pid
        else:
            self._pid = fork(self.command, kit_env(env), self._stdout_path, self._stderr_path)

    def interrupt(self) -> None:
        """Ctrl-C."""
        os.kill(self._pid, signal.SIGINT)

    def running(self) -> bool:
        return self._poll() is None

    def _poll(self) -> int | None:
        if self._process is not None:
            return self._process.poll()
        if self._returncode is None:
            pid, status = os.waitpid(self._pid, os.WNOHANG)
            if pid:
                self._returncode = os.waitstatus_to_exitcode(status)
        return self._returncode

    def _wait(self, timeout: float) -> int:
        """The exit code, as subprocess gives it (-N: killed by signal N)."""
        if self._process is not None:
            return self._process.wait(timeout=timeout)
        deadline = time.monotonic() + timeout
        while (code := self._poll()) is None:
            if time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(self.command, timeout)
            time.sleep(0.02)
        return code

    def finish(self, timeout: float = RUN_TIMEOUT) -> KitResult:
        try:
            returncode = self._wait(timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            os.kill(self._pid, signal.SIGKILL)
            returncode = self._wait(30)
            timed_out = True
        finally:
            if self._process is not None:
                self._stdout.close()
                self._stderr.close()
        result = KitResult(
            command=self.command,
            returncode=returncode,
            stdout=self._stdout_path.read_text(encoding="utf-8"),
            stderr=self._stderr_path.read_text(encoding="utf-8"),
            report_dir=self.report_dir,
        )
        assert not timed_out, f"the kit did not finish within {timeout} s\n{result.describe()}"
        return result


def run_kit(
    args: Iterable[str],
    report_dir: Path,
    *,
    entry: tuple[str, ...] = CLI,
    env: Mapping[str, str] | None = None,
) -> KitResult:
    return KitRun(args, report_dir, entry=entry, env=env).finish()


def finish_all(runs: Mapping[str, KitRun], timeout: float = RUN_TIMEOUT) -> dict[str, KitResult]:
    """Wait for runs started together; every one is waited for even if one fails."""
    results: dict[str, KitResult] = {}
    problems: list[str] = []
    for name, run in runs.items():
        try:
            results[name] = run.finish(timeout)
        except AssertionError as error:
            problems.append(f"{name}: {error}")
    assert not problems, "\n".join(problems)
    return results


class _QuietHandler(WSGIRequestHandler):
    """No access log line per request."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


@contextmanager
def serve(app: WsgiApp) -> Iterator[str]:
    """Serve a WSGI app on a free local port (on threads of this process); yields its URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="kit-target", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=30)
        server.server_close()


# -- answers without a server ------------------------------------------------------------------


def canned_response(
    body: bytes | str | Any, status: int = 400, content_type: str | None = None
) -> requests.Response:
    """A response with this body (bytes or text as is, anything else as JSON)."""
    answer = requests.Response()
    answer.status_code = status
    if isinstance(body, str):
        body = body.encode()
    elif not isinstance(body, bytes):
        body = json.dumps(body).encode()
    answer._content = body
    answer.encoding = "utf-8"
    if content_type is not None:
        answer.headers["Content-Type"] = content_type
    return answer


# -- workspaces of a live server ------------------------------------------------------------


@dataclass(frozen=True)
class Workspace:
    """A workspace of a live sandbox: its name, credentials and the server's URL."""

    server: str
    name: str
    #: {platform: {credential name: value}}, as POST /_sandbox/workspaces answers.
    credentials: Mapping[str, Mapping[str, str]]

    @property
    def token(self) -> str:
        return self.credentials["rapidpro"]["token"]

    @property
    def base_url(self) -> str:
        """What the kit's --base-url is for its RapidPro."""
        return self.url_of("rapidpro")

    def url_of(self, platform: str) -> str:
        return f"{self.server}/{platform}"

    def section(self, platform: str) -> dict[str, Any]:
        """The workspace's data of one platform, as `GET /_sandbox/export` gives it."""
        response = requests.get(
            f"{self.server}/_sandbox/export", params={"workspace": self.name}, timeout=30
        )
        assert response.status_code == 200, response.text
        section: dict[str, Any] = response.json()["workspaces"][self.name].get(platform, {})
        return section

    def rapidpro(self) -> dict[str, Any]:
        return self.section("rapidpro")

    def live_contacts(self) -> list[dict[str, Any]]:
        """Contacts that are not deleted (deleted ones stay, as in RapidPro)."""
        return [c for c in self.rapidpro().get("contacts", []) if not c.get("deleted")]


@dataclass
class LiveRun:
    """A kit run against one workspace of a live server, with that workspace's data of the
    kit's platform from before the run (`after` reads it again)."""

    workspace: Workspace
    platform: str
    before: dict[str, Any]
    result: KitResult

    @property
    def after(self) -> dict[str, Any]:
        return self.workspace.section(self.platform)

    def outbox(self) -> list[dict[str, Any]]:
        """What the platform sent from the workspace (GET /_sandbox/outbox)."""
        response = requests.get(
            f"{self.workspace.server}/_sandbox/outbox",
            params={"platform": self.platform, "workspace": self.workspace.name},
            timeout=30,
        )
        assert response.status_code == 200, response.text
        messages: list[dict[str, Any]] = response.json()["messages"]
        return messages


def create_workspace(
    server: str,
    rapidpro: Mapping[str, Any] | None = None,
    **sections: Mapping[str, Any],
) -> Workspace:
    """A new workspace on a live server; `rapidpro` (and any other platform's keyword) is
    its fixture section (profile, data)."""
    given = {"rapidpro": rapidpro, **sections}
    body = {name: dict(section) for name, section in given.items() if section}
    response = requests.post(f"{server}/_sandbox/workspaces", json=body, timeout=30)
    assert response.status_code == 201, response.text
    data = response.json()
    return Workspace(server, data["name"], data["credentials"])
