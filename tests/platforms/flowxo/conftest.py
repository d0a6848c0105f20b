"""Fixtures of the Flow XO tests: one sandbox reset before each test, a client with the
default workspace's demo key on the frozen clock, and the seed account of helpers.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from werkzeug.test import Client

from sandbox.app import SandboxApp, create_app
from sandbox.config import SandboxConfig
from sandbox.core.sandbox import Sandbox
from tests.platforms.flowxo.helpers import ACCOUNT, ACCOUNT_COUNTS, FlowXOClient, load_flowxo

SEED = 1234


@pytest.fixture(scope="package")
def shared_app() -> Iterator[SandboxApp]:
    app = create_app(SandboxConfig(db=":memory:", seed=SEED))
    yield app
    app.close()


@pytest.fixture
def sandbox_app(shared_app: SandboxApp) -> SandboxApp:
    """One in-memory sandbox for the package, fully reset (workspaces, data, clock, id
    seed) before each test: building one per test would cost more than most tests."""
    shared_app.sandbox.reset(seed=SEED)
    return shared_app


@pytest.fixture
def flowxo(client: Client, frozen: datetime) -> FlowXOClient:
    """The default workspace's demo key, on the frozen clock."""
    return FlowXOClient(client)


@pytest.fixture
def seeded(sandbox: Sandbox, frozen: datetime) -> None:
    """The default workspace holds the seed account (helpers.ACCOUNT)."""
    assert load_flowxo(sandbox, ACCOUNT) == ACCOUNT_COUNTS
