"""Fixtures of the tests of sandbox.testing (the library and the pytest plugin)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sandbox.testing import SandboxClient, SandboxServer


@pytest.fixture(scope="module")
def served() -> Iterator[SandboxClient]:
    """One in-process server for a module's tests, ids seeded; each test makes its own
    workspaces, and those that change the whole sandbox put it back."""
    with SandboxServer(seed=7) as client:
        yield client
