"""Fixtures of the Flochat tests: one sandbox reset before each test, clients with the
demo key and the seed team's keys, on the frozen clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from werkzeug.test import Client

from sandbox.app import SandboxApp, create_app
from sandbox.config import SandboxConfig
from sandbox.core.sandbox import Sandbox
from tests.platforms.flochat.helpers import FlochatClient, load_team

SEED = 1234


@pytest.fixture(scope="package")
def shared_app() -> Iterator[SandboxApp]:
    app = create_app(SandboxConfig(db=":memory:", seed=SEED))
    yield app
    app.close()


@pytest.fixture
def sandbox_app(shared_app: SandboxApp) -> SandboxApp:
    """One in-memory sandbox for the package, fully reset before each test (building one
    per test would cost more than most tests)."""
    shared_app.sandbox.reset(seed=SEED)
    return shared_app


@pytest.fixture
def flochat(client: Client, frozen: datetime) -> FlochatClient:
    """The default workspace's demo key (its default flow, both scopes), clock frozen."""
    return FlochatClient(client)


@pytest.fixture
def seeded(sandbox: Sandbox, frozen: datetime) -> dict[str, int]:
    """The default workspace holds helpers.SEED_TEAM; returns the load counts."""
    return load_team(sandbox)
