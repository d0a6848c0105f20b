"""Transactions of a `Store`: begin / end (nested ones join the open one), the write lock
a writing transaction holds to its end, and rollback by undoing its steps."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sandbox.core.journal import StoreWriteError


@dataclass
class _Transaction:
    depth: int = 1
    undo: list[Callable[[], object]] = field(default_factory=list)
    ops: list[list[Any]] = field(default_factory=list)
    holds_write_lock: bool = False


class _Transactions:
    """The transaction half of `Store` (a base class of it): `Store.__init__` makes the
    state used here, and `_log` (persistence) journals a commit."""

    _local: threading.local
    _write_lock: threading.RLock

    if TYPE_CHECKING:

        def _log(self, ops: list[list[Any]]) -> None: ...

    # -- transactions -------------------------------------------------------------

    @property
    def _tx(self) -> _Transaction | None:
        return getattr(self._local, "tx", None)

    def begin(self, *, write: bool = False) -> None:
        """Start a transaction, or join the one this thread already has open. A transaction
        that will write says so (`write=True`) to take the write lock before it reads."""
        tx = self._tx
        if tx is None:
            tx = self._local.tx = _Transaction()
        else:
            tx.depth += 1
        if write:
            self._hold_write_lock(tx)

    def _hold_write_lock(self, tx: _Transaction) -> None:
        if not tx.holds_write_lock:
            self._write_lock.acquire()
            tx.holds_write_lock = True

    def end(self, *, commit: bool) -> None:
        """Close the innermost `begin()`; the outermost one commits or rolls back."""
        tx = self._tx
        if tx is None:
            raise RuntimeError("end() without begin()")
        tx.depth -= 1
        if tx.depth > 0:
            return
        self._local.tx = None
        try:
            if not commit:
                self._undo(tx)
            elif tx.ops:
                try:
                    self._log(tx.ops)
                except StoreWriteError:
                    # Not journalled, so not committed: readers must not see it either.
                    self._undo(tx)
                    raise
        finally:
            if tx.holds_write_lock:
                self._write_lock.release()

    @staticmethod
    def _undo(tx: _Transaction) -> None:
        for step in reversed(tx.undo):
            step()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen together, or (on an exception) not at all."""
        self.begin(write=True)
        try:
            yield
        except BaseException:
            self.end(commit=False)
            raise
        self.end(commit=True)

    def _writing(self) -> _Transaction:
        """The open transaction, with the write lock; writes outside one are refused."""
        tx = self._tx
        if tx is None:
            raise RuntimeError("store writes must happen inside a transaction")
        self._hold_write_lock(tx)
        return tx
