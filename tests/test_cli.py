"""`flow-sandbox serve` as users run it: a real server process."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from sandbox.cli import main
from sandbox.platforms.rapidpro.auth import DEMO_CREDENTIALS
from tests.conftest import RAPIDPRO_AUTH, ROOT, LiveServer


def create_contact(server: LiveServer, name: str) -> dict:
    response = requests.post(
        f"{server.url}/rapidpro/api/v2/contacts.json",
        json={"name": name},
        headers=RAPIDPRO_AUTH,
        timeout=5,
    )
    assert response.status_code == 201, response.text
    return response.json()


def contact_names(server: LiveServer) -> list[str]:
    response = requests.get(
        f"{server.url}/rapidpro/api/v2/contacts.json", headers=RAPIDPRO_AUTH, timeout=5
    )
    return [contact["name"] for contact in response.json()["results"]]


def test_help_lists_every_serve_option() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    for option in (
        "--host",
        "--port",
        "--db",
        "--fixtures",
        "--platform",
        "--rapidpro-profile",
        "--seed",
        "--threads",
    ):
        assert option in result.output


def test_an_invalid_fixture_file_stops_serve_with_its_path(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "workspaces:\n  default:\n    rapidpro:\n      contacts:\n        - urns: [nope]\n"
    )
    result = CliRunner().invoke(main, ["serve", "--db", ":memory:", "--fixtures", str(bad)])
    assert result.exit_code == 2
    assert result.output == (
        "Error: workspaces.default.rapidpro.contacts[0].urns[0]: "
        "Invalid URN: nope. Ensure phone numbers contain country codes.\n"
    )


def test_an_unreadable_database_stops_serve(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    db.write_text("{not json")
    result = CliRunner().invoke(main, ["serve", "--db", str(db)])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: cannot read the database file {db}: ")


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_stopping_writes_the_state_and_a_restart_serves_it(
    tmp_path: Path, stop_signal: int
) -> None:
    db = tmp_path / "state" / "db.json"
    server = LiveServer(db=str(db))
    try:
        created = [create_contact(server, f"Contact {i}") for i in range(3)]
    finally:
        server.stop(stop_signal)
    stored = json.loads(db.read_text())
    assert sorted(c["uuid"] for c in stored["rapidpro.contacts"].values()) == sorted(
        c["uuid"] for c in created
    )
    restarted = LiveServer(db=str(db))
    try:
        assert contact_names(restarted) == ["Contact 2", "Contact 1", "Contact 0"]
    finally:
        restarted.stop()


def test_startup_prints_base_urls_and_demo_credentials() -> None:
    server = LiveServer()
    output = server.stop()
    assert f"flow-sandbox 0.1.0 on {server.url} (state: :memory:)" in output
    assert f"  rapidpro  {server.url}/rapidpro\n" in output
    assert f"token={DEMO_CREDENTIALS['token']}" in output
    assert f"  control   {server.url}/_sandbox/" in output


def test_one_platform_at_the_root() -> None:
    server = LiveServer("--platform", "rapidpro")
    try:
        response = requests.get(
            f"{server.url}/api/v2/contacts.json", headers=RAPIDPRO_AUTH, timeout=5
        )
        assert response.json() == {"next": None, "previous": None, "results": []}
        assert requests.get(f"{server.url}/_sandbox/health", timeout=5).json()["status"] == "ok"
        assert requests.get(f"{server.url}/openapi.json", timeout=5).json()["info"]["title"] == (
            "RapidPro API v2"
        )
    finally:
        server.stop()


def test_fixtures_given_at_start_are_served() -> None:
    server = LiveServer("--fixtures", str(ROOT / "fixtures" / "demo.yaml"))
    try:
        assert contact_names(server) == [
            "Ana Beatriz Souza",
            "Luiza Fernandes",
            "Mariana Costa",
            "John Cordeiro",
            "Carlos Henrique Lima",
            "Pedro Alves",
        ]
    finally:
        server.stop()


def test_serving_imports_neither_the_conformance_kit_nor_pypdf() -> None:
    # Both load on use (`flow-sandbox conformance`, a PDF to read): they cost a fifth of
    # the server's start otherwise.
    code = (
        "import sys, sandbox.cli, sandbox.app; "
        "print(sorted(m for m in ('conformance.cli', 'schemathesis', 'pypdf') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert done.stdout == "[]\n"


def test_help_lists_the_conformance_command_it_loads_on_use() -> None:
    result = CliRunner().invoke(main, ["--help"])

    assert result.exit_code == 0
    assert "  conformance  Check PLATFORM's API against its spec" in result.output
    assert CliRunner().invoke(main, ["conformance", "--help"]).exit_code == 0
