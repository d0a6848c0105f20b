"""Fixtures of the RapidPro HTTP tests (on tests/conftest.py's sandbox, reset before each
test): one `Org` per profile, and both through `org`."""

from __future__ import annotations

import pytest

from sandbox.core.sandbox import Sandbox
from tests.conftest import RapidProClient
from tests.platforms.rapidpro.helpers import Org


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
