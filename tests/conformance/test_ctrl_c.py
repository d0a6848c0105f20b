"""Ctrl-C during a write run: the kit exits 130, writes its reports, and deletes what it
created (contacts of the paging scenario, which creates 260)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from werkzeug.wrappers import Request, Response

from sandbox.app import create_app
from sandbox.config import SandboxConfig
from sandbox.platforms.rapidpro.auth import DEMO_CREDENTIALS
from tests.conformance.helpers import (
    FAST,
    OPERATIONS,
    PERMANENT_OPERATION,
    PERMANENT_REASON,
    PERMANENT_SCENARIOS,
    RUN_TIMEOUT,
    SCENARIOS,
    KitResult,
    KitRun,
    Workspace,
    WsgiApp,
    create_workspace,
    serve,
)
from tests.conftest import LiveServer

#: Interrupt once this many contacts exist (the paging scenario is creating them).
INTERRUPT_AFTER_CONTACTS = 20
CONTACTS = "/rapidpro/api/v2/contacts.json"


def live_contacts(state: dict[str, Any]) -> list[dict[str, Any]]:
    """Contacts not deleted (RapidPro keeps deleted ones, emptied, listed as deleted)."""
    return [contact for contact in state.get("contacts", []) if not contact["deleted"]]


# -- against a live server ----------------------------------------------------------------


@dataclass
class Interrupted:
    workspace: Workspace
    #: Contacts that existed when Ctrl-C was sent.
    contacts_then: int
    result: KitResult
    after: dict[str, Any]


@pytest.fixture(scope="module")
def interrupted(serve_process: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Interrupted:
    """A write run on a new workspace, sent SIGINT while it creates contacts."""
    workspace = create_workspace(serve_process.url)
    run = KitRun(
        ("--base-url", workspace.base_url, *FAST),
        tmp_path_factory.mktemp("interrupted") / "report",
        env={"RAPIDPRO_TOKEN": workspace.token},
        # A real `python -m sandbox conformance` process: Ctrl-C and the command's entry point.
        process=True,
    )
    contacts = 0
    deadline = time.monotonic() + 120
    while run.running() and time.monotonic() < deadline:
        contacts = len(workspace.live_contacts())
        if contacts >= INTERRUPT_AFTER_CONTACTS:
            break
        time.sleep(0.02)
    if not run.running():
        pytest.fail(f"the run ended before it was interrupted\n{run.finish().describe()}")
    run.interrupt()
    result = run.finish()
    assert contacts >= INTERRUPT_AFTER_CONTACTS, "no contacts within 120 s"
    return Interrupted(workspace, contacts, result, workspace.rapidpro())


def test_ctrl_c_exits_130_and_still_writes_the_reports(interrupted: Interrupted) -> None:
    result = interrupted.result
    assert result.returncode == 130, result.describe()
    assert "KeyboardInterrupt" in result.stdout
    assert "conformance summary" in result.stdout
    assert sorted(path.name for path in result.report_dir.iterdir()) == [
        "junit.xml",
        "summary.json",
        "summary.md",
    ]
    assert result.created("contacts") >= interrupted.contacts_then
    assert result.summary["cleanup_problems"] == []


def test_ctrl_c_leaves_no_contact_behind(interrupted: Interrupted) -> None:
    left = [contact["name"] for contact in live_contacts(interrupted.after)]
    assert left == []
    assert interrupted.after.get("groups", []) == []


def test_an_interrupted_run_is_not_reported_as_passed(interrupted: Interrupted) -> None:
    """Most of it never ran: the summary must not say it passed."""
    result = interrupted.result
    assert result.summary["passed"] is False
    written = (result.report_dir / "summary.md").read_text(encoding="utf-8")
    assert written.splitlines()[-1] != "PASSED"


def test_what_the_interruption_stopped_says_so(interrupted: Interrupted) -> None:
    """The paging scenario was running; every test after it never started."""
    summary = interrupted.result.summary
    first = "the run was interrupted first"
    paging = "test_paging_reaches_every_contact_once"
    assert interrupted.result.operations == dict.fromkeys(OPERATIONS, f"not run: {first}") | {
        PERMANENT_OPERATION: f"not run: {PERMANENT_REASON}"
    }
    assert summary["stateful"] == f"not run: {first}"
    never_started = set(SCENARIOS) - set(summary["scenarios"]) - PERMANENT_SCENARIOS - {paging}
    assert summary["scenarios_not_run"] == dict.fromkeys(never_started, first) | dict.fromkeys(
        PERMANENT_SCENARIOS, PERMANENT_REASON
    ) | {paging: "the run was interrupted while it ran"}


# -- with the interruption while a contact is being created ----------------------------------


class HoldOneCreation:
    """WSGI middleware: the `nth` contact creation happens, but its answer is held back
    until `release` is set, so Ctrl-C reaches the kit before it learns of the contact."""

    def __init__(self, app: WsgiApp, nth: int) -> None:
        self.app = app
        self.nth = nth
        self.created = 0
        self.held = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        response = Response.from_app(self.app, environ)
        if request.method == "POST" and request.path == CONTACTS and response.status_code == 201:
            with self._lock:
                self.created += 1
                hold = self.created == self.nth
            if hold:
                self.held.set()
                self.release.wait(timeout=RUN_TIMEOUT)
        return response(environ, start_response)


@pytest.fixture
def held_target() -> Iterator[tuple[HoldOneCreation, str]]:
    app = create_app(SandboxConfig(db=":memory:"))
    target = HoldOneCreation(app, nth=10)
    try:
        with serve(target) as url:
            yield target, url
            target.release.set()
    finally:
        target.release.set()
        app.close()


def test_ctrl_c_during_a_creation_leaves_no_contact_behind(
    held_target: tuple[HoldOneCreation, str], tmp_path: Path
) -> None:
    """The contact whose creation was under way when Ctrl-C came exists too: the clean-up
    must find it (all it creates is recognisable by its prefix)."""
    target, url = held_target
    token = DEMO_CREDENTIALS["token"]
    args = ("--base-url", f"{url}/rapidpro", "--rapidpro-token", token, *FAST)
    run = KitRun(args, tmp_path / "report", process=True)
    assert target.held.wait(timeout=120), "no contact creation within 120 s"
    run.interrupt()
    result = run.finish()
    target.release.set()
    assert result.returncode == 130, result.describe()
    export = requests.get(f"{url}/_sandbox/export", params={"workspace": "default"}, timeout=30)
    state = export.json()["workspaces"]["default"].get("rapidpro", {})
    # Everything the kit knew of is gone ...
    assert result.created("contacts") == target.nth - 1
    assert len(state["contacts"]) == target.nth
    # ... and so must be the one it never heard back about.
    assert [contact["name"] for contact in live_contacts(state)] == []
