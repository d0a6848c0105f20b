"""`flow-sandbox serve` as users run it: a real server process."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner, Result
from werkzeug.test import Client

from sandbox import server
from sandbox.app import SandboxApp, create_app
from sandbox.cli import _FIRST_REQUESTS, _print_banner, main
from sandbox.config import SandboxConfig
from sandbox.core import dblock
from sandbox.platforms.flochat.auth import DEMO_CREDENTIALS as FLOCHAT_DEMO
from sandbox.platforms.rapidpro.auth import DEMO_CREDENTIALS
from tests.conftest import RAPIDPRO_AUTH, ROOT, LiveServer, create_contact, free_port


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
    # --port 0: the refusal must not depend on port 8000 being free (`make serve` running).
    result = CliRunner().invoke(
        main, ["serve", "--port", "0", "--db", ":memory:", "--fixtures", str(bad)]
    )
    assert result.exit_code == 2
    assert result.output == (
        "Error: workspaces.default.rapidpro.contacts[0].urns[0]: "
        "Invalid URN: nope. Ensure phone numbers contain country codes.\n"
    )


def test_an_unreadable_database_stops_serve(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    db.write_text("{not json")
    port = free_port()
    result = CliRunner().invoke(main, ["serve", "--port", str(port), "--db", str(db)])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: cannot read the database file {db}: ")
    # Nothing was served: the port and the database are free again at once.
    with socket.socket() as again:
        again.bind(("127.0.0.1", port))
    relocked = dblock.lock_database(str(db))
    assert relocked is not None
    relocked.release()


def test_a_final_state_that_cannot_be_written_is_one_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "run", lambda *args, **kwargs: True)  # stopped at once

    def disk_full(self: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(SandboxApp, "close", disk_full)
    db = tmp_path / "db.json"
    result = CliRunner().invoke(main, ["serve", "--port", "0", "--db", str(db)])
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        1,
        "Error: could not write the final state ([Errno 28] No space left on device); every "
        f"acknowledged write is in {db}.journal and is loaded at the next start",
    )


def test_stop_signals_are_ignored_while_the_final_state_is_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A second Ctrl-C during the final write would interrupt it with a traceback.
    monkeypatch.setattr(server, "run", lambda *args, **kwargs: True)
    seen: dict[int, object] = {}

    class App:
        def close(self) -> None:
            seen.update({sig: signal.getsignal(sig) for sig in server.STOP_SIGNALS})

    # Python's own Ctrl-C handler, whatever runs the test (pytest-xdist's workers ignore
    # SIGINT): the one serve() must put back.
    original = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        assert server.serve(App(), None, 1, False) is True  # type: ignore[arg-type]
        assert seen == {sig: signal.SIG_IGN for sig in server.STOP_SIGNALS}
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # restored
    finally:
        signal.signal(signal.SIGINT, original)


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_stopping_writes_the_state_and_a_restart_serves_it(
    tmp_path: Path, stop_signal: int
) -> None:
    db = tmp_path / "state" / "db.json"
    db.parent.mkdir()
    server = LiveServer(db=str(db))
    try:
        created = [create_contact(server.url, f"Contact {i}") for i in range(3)]
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


def test_startup_prints_base_urls_credentials_and_a_first_request_that_works() -> None:
    server = LiveServer()
    try:
        first = requests.get(
            f"{server.url}/rapidpro/api/v2/contacts.json",
            headers={"Authorization": f"Token {DEMO_CREDENTIALS['token']}"},
            timeout=5,
        )
        docs = requests.get(f"{server.url}/rapidpro/docs", timeout=5)
    finally:
        output = server.stop()
    lines = output.splitlines()
    assert lines[0] == f"flow-sandbox 0.1.0 on {server.url} (state: in memory only)"
    assert f"  rapidpro  {server.url}/rapidpro" in lines
    assert (
        f"  control   {server.url}/_sandbox/  (reset, fixtures, export, clock, workspaces)" in lines
    )
    assert f"  specs     {server.url}/<platform>/openapi.json" in lines
    assert (
        f"  docs      {server.url}/<platform>/docs  (Swagger UI in a browser, the demo "
        "credentials filled in)"
    ) in lines
    assert docs.status_code == 200
    # The banner's suggestion is the request made above.
    assert (
        f"Try: curl -H 'Authorization: Token {DEMO_CREDENTIALS['token']}' "
        f"{server.url}/rapidpro/api/v2/contacts.json"
    ) in lines
    assert first.status_code == 200
    # No claim of a write to disk for an in-memory state, and no granian log lines.
    assert lines[-1] == "Ctrl-C stops the server; the state ends with it (--db :memory:)."
    assert not [line for line in lines if line.startswith("[")]


def banner(capsys: pytest.CaptureFixture[str], host: str, **config: object) -> list[str]:
    app = create_app(SandboxConfig(**config))  # type: ignore[arg-type]
    try:
        _print_banner(app, host, 8123)
    finally:
        app.close()
    return capsys.readouterr().out.splitlines()


def test_the_banner_of_one_platform_names_its_spec_at_the_root(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = banner(capsys, "127.0.0.1", db=":memory:", platform="flochat")
    assert lines[lines.index("") + 1 :] == [
        "  flochat   http://127.0.0.1:8123",
        f"            api_key={FLOCHAT_DEMO['api_key']}",
        "",
        "  control   http://127.0.0.1:8123/_sandbox/  (reset, fixtures, export, clock, workspaces)",
        "  specs     http://127.0.0.1:8123/openapi.json",
        "  docs      http://127.0.0.1:8123/docs  (Swagger UI in a browser, the demo credentials "
        "filled in)",
        "",
        f"Try: curl -H 'Authorization: Bearer {FLOCHAT_DEMO['api_key']}' "
        "http://127.0.0.1:8123/flow/agents",
        "",
        "Ctrl-C stops the server; the state ends with it (--db :memory:).",
    ]


@pytest.mark.parametrize("platform", ["rapidpro", "flowxo", "flochat"])
def test_the_first_request_of_each_platform_answers_200(platform: str) -> None:
    app = create_app(SandboxConfig(db=":memory:", platform=platform))
    try:
        credentials = app.sandbox.workspaces.get("default").credentials_for(platform)
        path, auth = _FIRST_REQUESTS[platform]
        name, _, value = auth.format(**credentials).split("'")[1].partition(": ")
        response = Client(app).get(path, headers={name: value})
    finally:
        app.close()
    assert response.status_code == 200, response.text


def test_the_banner_of_a_file_says_where_the_state_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "db.json"
    lines = banner(capsys, "127.0.0.1", db=str(db))
    assert lines[0] == f"flow-sandbox 0.1.0 on http://127.0.0.1:8123 (state: {db})"
    assert lines[-1] == f"Ctrl-C stops the server; the state is written to {db} first."


def test_the_banner_of_a_wildcard_bind_says_it_listens_on_every_interface(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = banner(capsys, "0.0.0.0", db=":memory:")
    assert lines[0] == "flow-sandbox 0.1.0 on http://127.0.0.1:8123 (state: in memory only)"
    assert lines[1].startswith("listening on every interface (0.0.0.0:8123; from other machines")


def serve_process(*args: str, **options: object) -> subprocess.CompletedProcess[str]:
    """`flow-sandbox serve` expected to refuse to start (bounded, in case it serves)."""
    command = [sys.executable, "-m", "sandbox", "serve", *args]
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        command, cwd=ROOT, capture_output=True, text=True, timeout=30, **options
    )


@pytest.fixture
def refused(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """`flow-sandbox serve ARGS` in this process, expected to refuse to start: a refusal
    reads the same as from `python -m sandbox` (test_a_port_in_use_is_refused_in_one_line
    runs that) at a fraction of a process start. Should it serve instead, it stops at once
    and exits 0, which fails the test rather than hanging it."""

    def stop_at_once(app: SandboxApp, listener: socket.socket, *args: object) -> bool:
        listener.close()
        app.close()
        return True

    monkeypatch.setattr(server, "serve", stop_at_once)
    return lambda *args: CliRunner().invoke(main, ["serve", *args])


def test_a_port_in_use_is_refused_in_one_line() -> None:
    # A real process: the entry point itself says it in one line, with exit code 2.
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        done = serve_process("--port", str(port), "--db", ":memory:")
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        f"Error: port {port} on 127.0.0.1 is in use by another program (another "
        "flow-sandbox?); stop it or choose another --port\n",
    )


def test_a_second_server_on_the_port_of_a_running_one_is_refused(
    refused: Callable[..., Result],
) -> None:
    server = LiveServer()
    try:
        done = refused("--port", str(server.port), "--db", ":memory:")
        assert done.exit_code == 2
        assert done.stderr.startswith(f"Error: port {server.port} on 127.0.0.1 is in use")
    finally:
        server.stop()


def test_a_database_held_by_a_live_server_is_refused_with_its_pid(
    tmp_path: Path, refused: Callable[..., Result]
) -> None:
    db = tmp_path / "db.json"
    server = LiveServer(db=str(db))
    try:
        done = refused("--port", "0", "--db", str(db))
        contacts = requests.get(
            f"{server.url}/rapidpro/api/v2/contacts.json", headers=RAPIDPRO_AUTH, timeout=5
        )
    finally:
        server.stop()
    assert (done.exit_code, done.stdout, done.stderr) == (
        2,
        "",
        f"Error: the database {db} is in use by another flow-sandbox server "
        f"(PID {server.process.pid}); stop it or choose another --db\n",
    )
    assert contacts.status_code == 200  # the holder goes on serving
    # Once the holder has stopped, the file is free again.
    restarted = LiveServer(db=str(db))
    restarted.stop()


def test_a_database_directory_that_does_not_exist_is_refused(
    tmp_path: Path, refused: Callable[..., Result]
) -> None:
    # A typo or a volume that was not mounted: state written elsewhere would be lost from view.
    missing = tmp_path / "volume" / "data"
    done = refused("--port", "0", "--db", str(missing / "db.json"))
    assert (done.exit_code, done.stdout, done.stderr) == (
        2,
        "",
        f"Error: the database directory {missing} does not exist; create it first "
        f"(mkdir -p {missing}) or choose another --db\n",
    )
    assert not missing.exists()


def test_the_default_database_directory_is_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `make serve` on a fresh clone: .flow-sandbox/ does not exist yet.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(server, "serve", lambda app, *args, **kwargs: app.close())
    result = CliRunner().invoke(main, ["serve", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / ".flow-sandbox" / "db.json").exists()


def test_a_database_directory_that_cannot_be_created_is_refused(
    tmp_path: Path, refused: Callable[..., Result]
) -> None:
    afile = tmp_path / "afile"
    afile.write_text("")
    done = refused("--port", "0", "--db", str(afile / "db.json"))
    assert (done.exit_code, done.stderr) == (
        2,
        f"Error: cannot use {afile} as the database directory: not a directory\n",
    )


def test_a_database_directory_the_server_cannot_write_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a container's /data volume the image's user may not write to.
    data = tmp_path / "data"
    data.mkdir(mode=0o555)
    if os.geteuid() == 0:
        # Root writes anywhere: answer the permission check as it is answered to any
        # other user of a read-only directory.
        monkeypatch.setattr(dblock.os, "access", lambda path, mode: False)
    result = CliRunner().invoke(main, ["serve", "--port", "0", "--db", str(data / "db.json")])
    uid = os.geteuid()
    assert (result.exit_code, result.output) == (
        2,
        f"Error: cannot write to the database directory {data}: Permission denied "
        f"(this server runs as uid {uid}; {data} belongs to uid {uid})\n",
    )


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
