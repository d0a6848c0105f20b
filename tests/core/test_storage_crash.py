"""`kill -9` of a server under concurrent write load loses no acknowledged write: every
contact the server answered 201 for is there after a restart on the same file, and the
restarted server starts whatever the kill left half-written (a torn journal line).

bench/crash_loop.py repeats this with random timings for as long as you let it run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests

from sandbox.platforms.rapidpro.auth import DEMO_CREDENTIALS
from tests.conftest import ROOT, free_port, wait_healthy

CONTACTS = "/rapidpro/api/v2/contacts.json"
AUTH = {"Authorization": f"Token {DEMO_CREDENTIALS['token']}"}
WRITERS = 6
#: Kill once this many creates were acknowledged (the writers keep writing meanwhile).
KILL_AFTER = 300


class Server:
    """`flow-sandbox serve` in its own process group, so SIGKILL reaches the worker too."""

    def __init__(self, db: Path) -> None:
        self.url = f"http://127.0.0.1:{free_port()}"
        port = self.url.rsplit(":", 1)[1]
        command = [sys.executable, "-m", "sandbox", "serve", "--port", port, "--db", str(db)]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        if not wait_healthy(self.url, self._check_running, poll=0.05):
            self.kill()
            raise AssertionError("the server did not start within 30 s")

    def _check_running(self) -> None:
        if self.process.poll() is not None:
            raise AssertionError(f"the server did not start: {self.process.stderr.read()!r}")  # type: ignore[union-attr]

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def write_until_stopped(
    url: str, writer: int, acknowledged: list[str], stop: threading.Event
) -> None:
    """Create contacts one after another; keep the uuid of each the server answered."""
    session = requests.Session()
    number = 0
    while not stop.is_set():
        number += 1
        body = {"name": f"Writer {writer} #{number}", "urns": [f"tel:+55119{writer}{number:07d}"]}
        try:
            response = session.post(f"{url}{CONTACTS}", json=body, headers=AUTH, timeout=10)
        except requests.RequestException:
            return  # the server is gone: this write was never acknowledged
        assert response.status_code == 201, response.text
        acknowledged.append(response.json()["uuid"])


def stored_uuids(url: str) -> list[str]:
    """Every contact's uuid, paging through the list as a client would."""
    uuids: list[str] = []
    page: str | None = f"{url}{CONTACTS}"
    while page:
        answer = requests.get(page, headers=AUTH, timeout=30).json()
        uuids += [contact["uuid"] for contact in answer["results"]]
        page = answer["next"]
    return uuids


def test_every_acknowledged_write_survives_kill_9(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    server = Server(db)
    acknowledged: list[str] = []
    stop = threading.Event()
    writers = [
        threading.Thread(target=write_until_stopped, args=(server.url, n, acknowledged, stop))
        for n in range(WRITERS)
    ]
    for thread in writers:
        thread.start()
    deadline = time.monotonic() + 60
    while len(acknowledged) < KILL_AFTER and time.monotonic() < deadline:
        time.sleep(0.01)
    server.kill()  # mid-write: the writers are still sending
    stop.set()
    for thread in writers:
        thread.join(timeout=30)
    assert len(acknowledged) >= KILL_AFTER

    restarted = Server(db)
    try:
        stored = stored_uuids(restarted.url)
    finally:
        restarted.stop()
    assert set(acknowledged) <= set(stored)
    assert len(stored) == len(set(stored))
    # Writes in flight at the kill may have landed unacknowledged; no more than one each.
    assert len(stored) - len(acknowledged) <= WRITERS
