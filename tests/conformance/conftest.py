"""Fixtures of the conformance kit's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import LiveServer


@pytest.fixture(scope="module")
def serve_process() -> Iterator[LiveServer]:
    """A `flow-sandbox serve` of this module's own: each test uses fresh workspaces on it."""
    server = LiveServer()
    yield server
    server.stop()
