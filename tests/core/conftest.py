"""Fixtures of the core tests beyond tests/conftest.py's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sandbox.core.storage import Record, Store


@pytest.fixture
def store() -> Iterator[Store]:
    """A bare in-memory Store, no sandbox around it; closed after the test."""
    opened = Store()
    yield opened
    opened.close()


def count_copies(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, the id of every record the store copies out (Store._record) is appended
    to the list returned: how many records a read touched, whatever it answers."""
    copies: list[int] = []
    record = Store._record

    def counted(record_id: int, doc: Any) -> Record:
        copies.append(record_id)
        return record(record_id, doc)

    monkeypatch.setattr(Store, "_record", staticmethod(counted))
    return copies
