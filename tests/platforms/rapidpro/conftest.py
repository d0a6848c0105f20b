"""Fixtures of the RapidPro HTTP tests: one sandbox reset before each test, one `Org` per
profile, and both through `org`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sandbox.app import SandboxApp, create_app
from sandbox.config import SandboxConfig
from sandbox.core.sandbox import Sandbox
from tests.conftest import RapidProClient
from tests.platforms.rapidpro.helpers import Org

SEED = 1234


@pytest.fixture(scope="package")
def shared_app() -> Iterator[SandboxApp]:
    app = create_app(SandboxConfig(db=":memory:", seed=SEED))
    yield app
    app.close()


@pytest.fixture
def sandbox_app(shared_app: SandboxApp) -> SandboxApp:
    """tests/conftest.py's in-memory sandbox, built once for this package and fully reset
    (workspaces, data, record numbering, clock, id seed) before each test: building one
    per test was nine tenths of this package's time."""
    shared_app.sandbox.reset(seed=SEED)
    return shared_app


@pytest.fixture
def org_type() -> type[Org]:
    """The class `weni`, `up` and `org` build; a module overrides this fixture to get its
    own subclass of Org (and may request `frozen` in it to stop the clock)."""
    return Org


@pytest.fixture
def weni(org_type: type[Org], rapidpro: RapidProClient, sandbox: Sandbox) -> Org:
    """The default workspace, profile `weni`, with the demo token."""
    return org_type("weni", rapidpro, sandbox, "default")


@pytest.fixture
def up(org_type: type[Org], upstream: RapidProClient, sandbox: Sandbox) -> Org:
    """The workspace `upstream`, profile `upstream`."""
    return org_type("upstream", upstream, sandbox, "upstream")


@pytest.fixture(params=["weni", "upstream"])
def org(request: pytest.FixtureRequest) -> Org:
    """Each profile in turn: `weni`, then `up`."""
    return request.getfixturevalue("weni" if request.param == "weni" else "up")
