"""Recovery is never silent: `/_sandbox/health` reports what loading the database repaired
and how many commits and compactions failed since, and `flow-sandbox serve` prints one
warning line at startup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from werkzeug.test import Client

from sandbox import server
from sandbox.app import SandboxApp, create_app
from sandbox.cli import main
from sandbox.config import SandboxConfig
from tests.conftest import free_port
from tests.core.faults import DiskFull, flip_bit
from tests.core.test_storage_recovery import NO_RECOVERY, fifty_commits

#: `storage` in the health report of a sandbox whose files needed no repair.
HEALTHY_STORAGE: dict[str, Any] = {**NO_RECOVERY, "write_failures": 0, "compaction_failures": 0}
SKIPPED_ONE = (
    "storage recovered: skipped 1 damaged journal line; "
    "damaged files kept as db.json.journal.damaged"
)


def damaged_database(tmp_path: Path) -> Path:
    path = fifty_commits(tmp_path)
    flip_bit(path.with_name("db.json.journal"), 10, b"Person 10")
    return path


def storage_health(app: SandboxApp) -> Any:
    response = Client(app).get("/_sandbox/health")
    assert response.status_code == 200
    return response.json["storage"]


def test_health_reports_what_loading_repaired(tmp_path: Path) -> None:
    app = create_app(SandboxConfig(db=str(damaged_database(tmp_path))))
    try:
        assert storage_health(app) == {
            **HEALTHY_STORAGE,
            "recovered": True,
            "warning": SKIPPED_ONE,
            "journal_lines_skipped": 1,
            "kept_aside": ["db.json.journal.damaged"],
        }
    finally:
        app.close()


def test_health_counts_commits_the_disk_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(SandboxConfig(db=str(tmp_path / "db.json")))
    try:
        DiskFull(monkeypatch, tmp_path / "db.json.journal", room=0)
        refused = Client(app).post("/_sandbox/workspaces", json={"name": "ci"})
        assert (refused.status_code, refused.json) == (
            500,
            {"code": 500, "status": "Internal Server Error"},
        )
        assert storage_health(app) == {**HEALTHY_STORAGE, "write_failures": 1}
    finally:
        app.close()


def test_serve_prints_one_warning_line_for_a_recovery(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The server itself is not started: only what serve prints before it matters here.
    monkeypatch.setattr(server, "serve", lambda app, *args, **kwargs: app.close())
    path = damaged_database(tmp_path)

    result = CliRunner().invoke(main, ["serve", "--db", str(path), "--port", str(free_port())])

    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "recovered" in line]
    assert warnings == [f"warning: {SKIPPED_ONE}"]


def test_serve_prints_no_warning_for_sound_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "serve", lambda app, *args, **kwargs: app.close())

    database = str(tmp_path / "db.json")
    result = CliRunner().invoke(main, ["serve", "--db", database, "--port", str(free_port())])

    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if "recovered" in line] == []
