"""Fixtures of the Flochat tests (on tests/conftest.py's sandbox, reset before each
test): clients with the demo key and the seed team's keys, on the frozen clock."""

from __future__ import annotations

from datetime import datetime

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flochat.helpers import FlochatClient, load_team


@pytest.fixture
def flochat(client: Client, frozen: datetime) -> FlochatClient:
    """The default workspace's demo key (its default flow, both scopes), clock frozen."""
    return FlochatClient(client)


@pytest.fixture
def seeded(sandbox: Sandbox, frozen: datetime) -> dict[str, int]:
    """The default workspace holds helpers.SEED_TEAM; returns the load counts."""
    return load_team(sandbox)
