"""`flow-sandbox serve` as a terminal runs it: Ctrl-C, closing the terminal, SIGTERM and
SIGKILL, on a loaded CPU (a stop that races the server's threads shows there first)."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.conftest import RAPIDPRO_AUTH, ROOT, create_contact, free_port, wait_healthy

#: How long a stop may take, as the issue requires.
STOP_WITHIN = 5.0

# The child makes the pty its controlling terminal (opening it by name after setsid does),
# then becomes the server: Ctrl-C typed into the pty and a closed pty reach it as they
# would from a terminal emulator.
_IN_TERMINAL = (
    "import os, sys; os.close(os.open(os.ttyname(0), os.O_RDWR)); "
    "os.execv(sys.executable, [sys.executable, '-m', 'sandbox', *sys.argv[1:]])"
)


@pytest.fixture(scope="module")
def busy_cpu() -> Iterator[None]:
    """Two busy-loop processes, one per core of the development machine."""
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


class TerminalServer:
    """`flow-sandbox serve` in a new session whose controlling terminal is a pty."""

    def __init__(self, db: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.master, slave = os.openpty()
        command = [sys.executable, "-c", _IN_TERMINAL, "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            [*command, "--db", str(db)],
            cwd=ROOT,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
        )
        os.close(slave)
        self.output = b""
        if not wait_healthy(self.url, self._check_running, timeout=2, poll=0.05):
            self.kill_session()
            raise AssertionError("server did not start within 30 s")

    def _check_running(self) -> None:
        self.read_output()
        assert self.process.poll() is None, self.output.decode(errors="replace")

    def read_output(self) -> None:
        """Drain the pty, so the server never blocks writing to it."""
        while self.master >= 0 and select.select([self.master], [], [], 0)[0]:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the other side is gone
                return
            if not chunk:
                return
            self.output += chunk

    def create_contact(self, name: str) -> str:
        return create_contact(self.url, name)["uuid"]

    def wait_stopped(self) -> float:
        """Seconds until the server exited; fails (killing the session) past STOP_WITHIN."""
        started = time.monotonic()
        while self.process.poll() is None:
            self.read_output()
            if time.monotonic() - started > STOP_WITHIN:
                self.kill_session()
                pytest.fail(f"still running {STOP_WITHIN} s after the signal")
            time.sleep(0.02)
        return time.monotonic() - started

    def session_processes(self) -> list[int]:
        """PIDs still in the server's session (a forked worker would stay in it)."""
        sid = self.process.pid
        alive = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # After the command's ")": state, ppid, pgrp, session; zombies are gone already.
            if int(fields[3]) == sid and fields[0] != "Z":
                alive.append(int(entry))
        return alive

    def kill_session(self) -> None:
        for pid in self.session_processes():
            os.kill(pid, signal.SIGKILL)
        self.process.wait(5)
        self.close_terminal()

    def close_terminal(self) -> None:
        if self.master >= 0:
            os.close(self.master)
            self.master = -1


def stored_uuids(db: Path) -> list[str]:
    return sorted(c["uuid"] for c in json.loads(db.read_text())["rapidpro.contacts"].values())


def stop_and_check(server: TerminalServer, db: Path, created: list[str]) -> None:
    server.wait_stopped()
    assert server.process.returncode == 0, server.output.decode(errors="replace")
    assert server.session_processes() == []
    # Compacted into the file itself: nothing was left to a journal replay.
    assert stored_uuids(db) == sorted(created)
    assert not Path(f"{db}.journal").exists() or Path(f"{db}.journal").stat().st_size == 0


@pytest.mark.usefixtures("busy_cpu")
def test_the_first_ctrl_c_stops_the_server_with_everything_written(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    created: list[str] = []
    for attempt in range(4):
        server = TerminalServer(db)
        try:
            created.append(server.create_contact(f"Contact {attempt}"))
            os.write(server.master, b"\x03")  # Ctrl-C: SIGINT to the foreground group
            stop_and_check(server, db, created)
        finally:
            server.kill_session()


@pytest.mark.usefixtures("busy_cpu")
@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_stop_the_server_with_everything_written(
    tmp_path: Path, stop_signal: int
) -> None:
    db = tmp_path / "db.json"
    server = TerminalServer(db)
    try:
        created = [server.create_contact("Ana")]
        os.kill(server.process.pid, stop_signal)
        stop_and_check(server, db, created)
    finally:
        server.kill_session()


def test_closing_the_terminal_stops_the_server_with_everything_written(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db.json"
    server = TerminalServer(db)
    try:
        created = [server.create_contact("Ana")]
        server.close_terminal()  # the kernel sends SIGHUP to the session's leader
        stop_and_check(server, db, created)
    finally:
        server.kill_session()


def test_nothing_outlives_a_killed_server(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    server = TerminalServer(db)
    try:
        uuid = server.create_contact("Ana")
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait(5)
        time.sleep(0.2)
        assert server.session_processes() == []
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{server.url}/_sandbox/health", timeout=2)
    finally:
        server.kill_session()
    # The acknowledged write is in the journal; the next server on the file serves it.
    restarted = TerminalServer(db)
    try:
        response = requests.get(
            f"{restarted.url}/rapidpro/api/v2/contacts.json", headers=RAPIDPRO_AUTH, timeout=5
        )
        assert [c["uuid"] for c in response.json()["results"]] == [uuid]
        os.kill(restarted.process.pid, signal.SIGTERM)
        restarted.wait_stopped()
    finally:
        restarted.kill_session()
