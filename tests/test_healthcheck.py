"""The container image's health check (`python -m sandbox.healthcheck`) probes the port the
server actually serves: its own --port, else FLOW_SANDBOX_PORT (which serve reads too)."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from sandbox import healthcheck
from sandbox.cli import serve
from tests.conftest import ROOT, free_port

SCRIPT = ["/opt/flow-sandbox/bin/python3", "/opt/flow-sandbox/bin/flow-sandbox", "serve"]


def fake_proc(tmp_path: Path, processes: dict[int, list[str] | None]) -> Path:
    """A /proc with these command lines (None: a process whose cmdline cannot be read)."""
    proc = tmp_path / "proc"
    (proc / "self").mkdir(parents=True)
    for pid, argv in processes.items():
        (proc / str(pid)).mkdir()
        if argv is not None:
            (proc / str(pid) / "cmdline").write_bytes(b"".join(a.encode() + b"\0" for a in argv))
    return proc


class _Health(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status if self.path == healthcheck.HEALTH_PATH else 404)
        self.end_headers()

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass


@pytest.fixture
def health_server() -> Iterator[http.server.HTTPServer]:
    server = http.server.HTTPServer(("127.0.0.1", free_port()), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    _Health.status = 200


@pytest.mark.parametrize(
    ("arguments", "environ", "expected"),
    [
        ([], {}, ("127.0.0.1", 8000)),
        ([], {"FLOW_SANDBOX_PORT": "9001"}, ("127.0.0.1", 9001)),
        (["--port", "9002"], {"FLOW_SANDBOX_PORT": "9001"}, ("127.0.0.1", 9002)),
        (["--port=9003"], {}, ("127.0.0.1", 9003)),
        (["--port", "9004", "--db", "/data/db.json", "--port", "9005"], {}, ("127.0.0.1", 9005)),
        (["--host", "0.0.0.0", "--port", "9006"], {}, ("127.0.0.1", 9006)),
        (["--host", "::"], {}, ("::1", 8000)),
        (["--host=10.1.2.3"], {}, ("10.1.2.3", 8000)),
        (["--", "--port", "9007"], {}, ("127.0.0.1", 8000)),
    ],
)
def test_the_address_is_the_one_serve_would_use(
    arguments: list[str], environ: dict[str, str], expected: tuple[str, int]
) -> None:
    assert healthcheck.served_address(arguments, environ) == expected


def test_serve_reads_the_port_from_the_same_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(healthcheck.PORT_ENV, "9123")
    assert serve.make_context("serve", []).params["port"] == 9123
    assert serve.make_context("serve", ["--port", "9124"]).params["port"] == 9124


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([*SCRIPT, "--port", "9000"], ["--port", "9000"]),
        (["/usr/bin/python3", "-m", "sandbox", "serve", "--db", ":memory:"], ["--db", ":memory:"]),
        (["flow-sandbox", "serve"], []),
        (["flow-sandbox", "specs", "--check"], None),
        (["/usr/bin/python3", "-m", "sandbox.healthcheck"], None),
        # docker run --init: the shim's arguments are the server's
        (["/sbin/docker-init", "--", *SCRIPT, "--port", "9"], ["--port", "9"]),
        (["/bin/sh", "-c", "flow-sandbox serve --port 9"], None),
    ],
)
def test_a_server_is_known_by_its_command_line(argv: list[str], expected: list[str] | None) -> None:
    assert healthcheck.serve_arguments(argv) == expected


def test_the_server_is_found_behind_a_wrapper_script(tmp_path: Path) -> None:
    proc = fake_proc(
        tmp_path,
        {
            1: ["/bin/sh", "/usr/local/bin/start-sandbox.sh"],
            7: [*SCRIPT, "--port", "9000"],
            12: None,
            30: ["/opt/flow-sandbox/bin/python3", "-m", "sandbox.healthcheck"],
        },
    )
    assert healthcheck.find_server(proc) == ["--port", "9000"]
    assert healthcheck.find_server(fake_proc(tmp_path / "none", {1: ["sh"]})) is None
    assert healthcheck.find_server(tmp_path / "missing") is None


def test_healthy_when_the_served_port_answers(
    tmp_path: Path, health_server: http.server.HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    port = health_server.server_address[1]
    proc = fake_proc(tmp_path, {1: [*SCRIPT, "--host", "0.0.0.0", "--port", str(port)]})
    assert healthcheck.main(proc, environ={}) == 0
    assert capsys.readouterr().out == f"healthy: http://127.0.0.1:{port}/_sandbox/health\n"


def test_unhealthy_on_an_error_status_or_nothing_listening(
    tmp_path: Path, health_server: http.server.HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    port = health_server.server_address[1]
    proc = fake_proc(tmp_path, {1: [*SCRIPT]})
    _Health.status = 503
    assert healthcheck.main(proc, environ={healthcheck.PORT_ENV: str(port)}) == 1
    url = f"http://127.0.0.1:{port}/_sandbox/health"
    assert capsys.readouterr().err == f"unhealthy: {url}: HTTP 503\n"

    closed = free_port()
    assert healthcheck.main(proc, environ={healthcheck.PORT_ENV: str(closed)}) == 1
    assert capsys.readouterr().err.startswith(
        f"unhealthy: http://127.0.0.1:{closed}/_sandbox/health: "
    )
    assert healthcheck.main(proc, environ={healthcheck.PORT_ENV: "http"}) == 1
    assert capsys.readouterr().err.startswith("unhealthy: no port to probe")


def test_a_server_started_on_the_variables_port_is_healthy(tmp_path: Path) -> None:
    """What the image does: the port only in FLOW_SANDBOX_PORT, the probe as a command."""
    port = free_port()
    environ = {**os.environ, healthcheck.PORT_ENV: str(port)}
    server = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "serve", "--db", ":memory:"],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(f"http://127.0.0.1:{port}/_sandbox/health", timeout=1)
                break
            except requests.RequestException:  # refused, or slow to answer on a busy machine
                assert server.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.1)
        # The real command line of that server, in a /proc of its own: other servers on
        # this machine must not be the ones probed.
        argv = Path(f"/proc/{server.pid}/cmdline").read_bytes().decode().split("\0")[:-1]
        proc = fake_proc(tmp_path, {1: argv})
        probe = subprocess.run(
            [
                sys.executable,
                "-c",
                f"import sys; from pathlib import Path; "
                f"from sandbox.healthcheck import main; sys.exit(main(Path({str(proc)!r})))",
            ],
            cwd=ROOT,
            env=environ,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert (probe.returncode, probe.stdout) == (
            0,
            f"healthy: http://127.0.0.1:{port}/_sandbox/health\n",
        ), probe.stderr
    finally:
        server.terminate()
        server.wait(timeout=30)
