"""Fixtures of the XeroChat tests: one sandbox reset before each test, clients with the
default workspace's demo keys (on the frozen clock), and the seed installation of helpers.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from werkzeug.test import Client

from sandbox.app import SandboxApp, create_app
from sandbox.config import SandboxConfig
from sandbox.core.sandbox import Sandbox
from tests.platforms.xerochat.helpers import (
    ADMIN_KEY,
    INSTALLATION,
    INSTALLATION_COUNTS,
    MEMBER_KEY,
    XeroChatClient,
    load_xerochat,
)

SEED = 1234


@pytest.fixture(scope="package")
def shared_app() -> Iterator[SandboxApp]:
    app = create_app(SandboxConfig(db=":memory:", seed=SEED))
    yield app
    app.close()


@pytest.fixture
def sandbox_app(shared_app: SandboxApp) -> SandboxApp:
    """tests/conftest.py's in-memory sandbox, built once for this package and fully reset
    (workspaces, data, clock, id seed) before each test: building one takes ~60 ms, which
    several hundred tests would spend many times over."""
    shared_app.sandbox.reset(seed=SEED)
    return shared_app


@pytest.fixture
def member(client: Client, frozen: datetime) -> XeroChatClient:
    """The default workspace's member key (user 2), on the frozen clock."""
    return XeroChatClient(client, MEMBER_KEY)


@pytest.fixture
def admin(client: Client, frozen: datetime) -> XeroChatClient:
    """The default workspace's admin key (user 1), on the frozen clock."""
    return XeroChatClient(client, ADMIN_KEY)


@pytest.fixture
def installed(sandbox: Sandbox, frozen: datetime) -> None:
    """The default workspace holds the seed installation (helpers.INSTALLATION)."""
    assert load_xerochat(sandbox, INSTALLATION) == INSTALLATION_COUNTS
