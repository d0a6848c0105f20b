"""Shared fixtures: an in-process sandbox, HTTP clients for it, and a live server; and the
constants and helpers that tests of more than one platform or package use."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import requests
from werkzeug.test import Client, TestResponse

from sandbox.app import SandboxApp, create_app
from sandbox.config import SandboxConfig
from sandbox.core.clock import Clock
from sandbox.core.sandbox import Sandbox
from sandbox.core.traffic.journal import journal_of
from sandbox.platforms import PLATFORMS
from sandbox.platforms.rapidpro.auth import DEMO_CREDENTIALS as RAPIDPRO_DEMO

ROOT = Path(__file__).resolve().parents[1]
FROZEN_AT = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
#: The default workspace's credentials: {platform: {name: value}}.
DEMO = {name: dict(platform.auth.DEMO_CREDENTIALS) for name, platform in PLATFORMS.items()}
#: What a workspace name may be (the error message's wording).
NAME_RULES = (
    "use letters, digits, '_', '.' and '-' (at most 64 characters, starting with a letter or digit)"
)
#: The headers that authenticate as the default workspace's RapidPro demo user.
RAPIDPRO_AUTH = {"Authorization": f"Token {RAPIDPRO_DEMO['token']}"}


def pytest_configure(config: pytest.Config) -> None:
    """Keep a developer's own server settings (FLOW_SANDBOX_CONTROL_TOKEN, _PORT, ...) out
    of the suite: `serve` reads them, so every server the tests start would inherit them
    (a control token set in the shell would turn the live servers' control calls into
    401s)."""
    for name in [name for name in os.environ if name.startswith("FLOW_SANDBOX_")]:
        del os.environ[name]


def invalid_urn(value: str) -> str:
    """RapidPro's message (both forks) for a URN that does not parse or validate."""
    return f"Invalid URN: {value}. Ensure phone numbers contain country codes."


def served_platform(name: str) -> dict[str, Any]:
    """A mounted platform as the index and the health check list it (the index adds its vendor)."""
    return {"base_path": f"/{name}", "spec": f"/{name}/openapi.json", "implemented": True}


#: The id seed of `sandbox_app`.
SEED = 1234


@pytest.fixture(scope="session")
def shared_app() -> Iterator[SandboxApp]:
    """The app behind `sandbox_app`, built once per process (a build costs more than most
    tests: ~0.2 s, the specs' share of it first)."""
    app = create_app(SandboxConfig(db=":memory:", seed=SEED))
    yield app
    app.close()


@pytest.fixture(scope="session")
def shared_clock(shared_app: SandboxApp) -> Clock:
    """The shared app's own clock, taken before any test runs on it."""
    return shared_app.sandbox.clock


@pytest.fixture
def sandbox_app(shared_app: SandboxApp, shared_clock: Clock) -> SandboxApp:
    """The whole sandbox (every platform + control API), in memory, ids seeded: the shared
    app, reset to the state a new one has (what `fresh_state` compares). A test that needs
    a new app (one whose specs were never read, say) takes it from `make_app`."""
    # A test may have put in a clock of its own (test_control_api.py's `real` does).
    shared_app.sandbox.clock = shared_clock
    shared_app.sandbox.reset(seed=SEED)
    return shared_app


def fresh_state(app: SandboxApp) -> dict[str, Any]:
    """What a full reset must give back, comparable with ==: the record numbering of
    every table, the clock, the id generator and the data (an export). The packages
    that share one app between their tests rely on a reset leaving it equal to a fresh
    one's (tests/test_reset_state.py)."""
    sandbox = app.sandbox
    tables = sandbox.store._tables  # no public view of the numbering; a new table starts at 1
    clock = sandbox.clock
    journal = journal_of(sandbox.traffic)
    return {
        "numbering": {name: table.next_id for name, table in tables.items() if table.next_id != 1},
        "clock": (clock._frozen_at, clock._offset),
        "ids": (sandbox.ids.seed, sandbox.ids._random.getstate()),
        "data": sandbox.export(),
        # The request journal's entries and next id: a reset forgets the used app's requests.
        "journal": journal.state() if journal is not None else None,
    }


#: The type of the `make_app` fixture: SandboxConfig options -> a new sandbox.
MakeApp = Callable[..., SandboxApp]


@pytest.fixture
def make_app() -> Iterator[MakeApp]:
    """Build extra sandboxes from SandboxConfig options (in memory unless `db` is given);
    every one is closed at the end of the test."""
    apps: list[SandboxApp] = []

    def build(**options: Any) -> SandboxApp:
        app = create_app(SandboxConfig(**{"db": ":memory:", **options}))
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.close()


@pytest.fixture
def sandbox(sandbox_app: SandboxApp) -> Sandbox:
    return sandbox_app.sandbox


@pytest.fixture
def client(sandbox_app: SandboxApp) -> Client:
    """A WSGI client of the whole server: paths start with /<platform> or /_sandbox."""
    return Client(sandbox_app)


@pytest.fixture
def frozen(sandbox: Sandbox) -> datetime:
    """Stop the sandbox clock at FROZEN_AT, so timestamps in bodies are exact."""
    sandbox.clock.freeze(FROZEN_AT)
    return FROZEN_AT


class RapidProClient:
    """Calls /rapidpro/api/v2/<endpoint>.json with a workspace's token."""

    def __init__(self, client: Client, token: str, prefix: str = "/rapidpro") -> None:
        self.client = client
        self.token = token
        self.prefix = prefix

    def url(self, endpoint: str) -> str:
        return f"{self.prefix}/api/v2/{endpoint}.json"

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"Authorization": f"Token {self.token}", **(extra or {})}

    def get(self, endpoint: str, **params: Any) -> TestResponse:
        return self.client.get(self.url(endpoint), query_string=params, headers=self.headers())

    def post(self, endpoint: str, body: Any = None, **params: Any) -> TestResponse:
        return self.client.post(
            self.url(endpoint), query_string=params, json=body, headers=self.headers()
        )

    def delete(self, endpoint: str, **params: Any) -> TestResponse:
        return self.client.delete(self.url(endpoint), query_string=params, headers=self.headers())


@pytest.fixture
def rapidpro(client: Client) -> RapidProClient:
    """The default workspace (weni profile) with its demo token."""
    return RapidProClient(client, RAPIDPRO_DEMO["token"])


@pytest.fixture
def upstream(client: Client, sandbox: Sandbox) -> RapidProClient:
    """A second workspace whose RapidPro profile is `upstream`."""
    sandbox.load_fixtures({"workspaces": {"upstream": {"rapidpro": {"profile": "upstream"}}}})
    workspace = sandbox.workspaces.get("upstream")
    assert workspace is not None
    return RapidProClient(client, workspace.credentials_for("rapidpro")["token"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(
    url: str, check_running: Callable[[], None], timeout: float = 1, poll: float = 0.1
) -> bool:
    """Poll a starting server's /_sandbox/health for up to 30 s; True once it answers.
    `check_running` raises (with the server's output) if the process has already exited,
    so a server that died is reported at once rather than after the 30 s."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        check_running()
        try:
            requests.get(f"{url}/_sandbox/health", timeout=timeout)
            return True
        except requests.RequestException:  # refused, or slow to answer on a busy machine
            time.sleep(poll)
    return False


def create_contact(url: str, name: str) -> dict[str, Any]:
    """Create a RapidPro contact on the live server at `url` (default workspace); its body."""
    response = requests.post(
        f"{url}/rapidpro/api/v2/contacts.json",
        json={"name": name},
        headers=RAPIDPRO_AUTH,
        timeout=5,
    )
    assert response.status_code == 201, response.text
    return response.json()


class LiveServer:
    """`flow-sandbox serve` in a subprocess."""

    def __init__(self, *args: str, db: str = ":memory:") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "sandbox", "serve", "--port", str(self.port)]
        command += ["--db", db, *args]
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        if not wait_healthy(self.url, self._check_running):
            self.stop()
            raise RuntimeError("server did not start within 30 s")

    def _check_running(self) -> None:
        if self.process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{self.process.stdout.read()}")  # type: ignore[union-attr]

    def stop(self, sig: int = signal.SIGTERM) -> str:
        """Stop the server (by default as `docker stop` would) and return its output."""
        if self.process.poll() is None:
            os.kill(self.process.pid, sig)
        output, _ = self.process.communicate(timeout=30)
        return output


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    """One live server for the session; tests reset it with POST /_sandbox/reset."""
    server = LiveServer("--seed", "7")
    yield server
    server.stop()
