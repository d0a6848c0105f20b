"""Fixtures of the XeroChat tests (on tests/conftest.py's sandbox, reset before each
test): the frozen clock, clients with the default workspace's demo keys (on it), and the
seed installation of helpers.py."""

from __future__ import annotations

from datetime import datetime

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.conftest import FROZEN_AT
from tests.platforms.xerochat.helpers import (
    ADMIN_KEY,
    INSTALLATION,
    INSTALLATION_COUNTS,
    MEMBER_KEY,
    XeroChatClient,
    load_xerochat,
)


@pytest.fixture
def frozen(sandbox: Sandbox) -> datetime:
    """The sandbox clock stopped at FROZEN_AT, and the default workspace made again then:
    the users of its keys were added at FROZEN_AT (their `add_date`, helpers.DUBLIN_NOW),
    as a workspace made while the clock is stopped has them."""
    sandbox.clock.freeze(FROZEN_AT)
    sandbox.reset("default")
    return FROZEN_AT


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
