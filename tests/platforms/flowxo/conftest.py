"""Fixtures of the Flow XO tests (on tests/conftest.py's sandbox, reset before each
test): a client with the default workspace's demo key on the frozen clock, and the seed
account of helpers.py."""

from __future__ import annotations

from datetime import datetime

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flowxo.helpers import ACCOUNT, ACCOUNT_COUNTS, FlowXOClient, load_flowxo


@pytest.fixture
def flowxo(client: Client, frozen: datetime) -> FlowXOClient:
    """The default workspace's demo key, on the frozen clock."""
    return FlowXOClient(client)


@pytest.fixture
def seeded(sandbox: Sandbox, frozen: datetime) -> None:
    """The default workspace holds the seed account (helpers.ACCOUNT)."""
    assert load_flowxo(sandbox, ACCOUNT) == ACCOUNT_COUNTS
