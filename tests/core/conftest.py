"""Fixtures of the core tests beyond tests/conftest.py's."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from sandbox.core.backend import WorkspaceBackend
from sandbox.core.sandbox import Sandbox
from sandbox.core.storage import Record, Store


@pytest.fixture
def store() -> Iterator[Store]:
    """A bare in-memory Store, no sandbox around it; closed after the test."""
    opened = Store()
    yield opened
    opened.close()


@pytest.fixture
def backend(sandbox: Sandbox) -> Iterator[WorkspaceBackend]:
    """The default workspace's backend, inside a store transaction (resources read and write
    only within one)."""
    ctx = sandbox.context(sandbox.workspaces.get("default"))  # type: ignore[arg-type]
    with sandbox.store.transaction():
        yield WorkspaceBackend(ctx)


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


def run_threads(count: int, target: Callable[[int], None]) -> None:
    """Run `target(i)` in `count` threads started together; re-raise the first error."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait()
            target(index)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
