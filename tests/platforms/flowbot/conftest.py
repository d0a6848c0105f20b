"""Fixtures of the FlowBot tests: tests/conftest.py's sandbox, reset before each test, the demo
deployment (deployment.yaml) on the frozen clock, and clients holding API tokens."""

from __future__ import annotations

from datetime import datetime

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flowbot.helpers import (
    API_KEY,
    CLIENT_ID,
    DEPLOYMENT_COUNTS,
    MAYA_CLIENT,
    FlowBotClient,
    api_token,
    bearer,
    load_deployment,
)


@pytest.fixture
def deployed(sandbox: Sandbox, frozen: datetime) -> None:
    """The default workspace holds the demo deployment, on the frozen clock."""
    assert load_deployment(sandbox) == DEPLOYMENT_COUNTS


@pytest.fixture
def anonymous(client: Client) -> FlowBotClient:
    return FlowBotClient(client)


@pytest.fixture
def demo(client: Client, frozen: datetime) -> FlowBotClient:
    """The credentials user of an empty workspace (an admin), with an API token."""
    return FlowBotClient(client, bearer(api_token(client, CLIENT_ID, API_KEY, ttl=86400)))


@pytest.fixture
def maya(client: Client, deployed: None) -> FlowBotClient:
    """Maya, a user of the deployment, with an API token."""
    return FlowBotClient(client, bearer(api_token(client, *MAYA_CLIENT, ttl=86400)))


@pytest.fixture
def noa(client: Client, deployed: None) -> FlowBotClient:
    """The credentials user of the loaded deployment (Noa Levi, an admin), with an API
    token issued after the load (loading a workspace drops its tokens)."""
    return FlowBotClient(client, bearer(api_token(client, CLIENT_ID, API_KEY, ttl=86400)))
