"""One table in memory: its documents by id, the ids each workspace owns, and the indexes
kept up to date by every write."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sandbox.core.storage.indexes import _Index
from sandbox.core.storage.ordered import _OrderIndex
from sandbox.core.storage.records import WORKSPACE_KEY


@dataclass
class _Table:
    name: str
    #: Stored documents (with their owner under WORKSPACE_KEY). A document is never
    #: changed in place: a write stores a new dict, so a shallow copy is a snapshot.
    docs: dict[int, dict[str, Any]] = field(default_factory=dict)
    by_workspace: dict[str, dict[int, None]] = field(default_factory=dict)
    #: Condition indexes by (kind, path), and order indexes by ("order", path).
    indexes: dict[tuple[Any, tuple[str, ...]], _Index | _OrderIndex] = field(default_factory=dict)
    next_id: int = 1
    #: Bumped by every change (an undo included), so a cache of reads can tell it is stale.
    version: int = 0

    def put(self, record_id: int, doc: dict[str, Any]) -> dict[str, Any] | None:
        """Store `doc` under `record_id`; returns the document it replaced."""
        self.version += 1
        before = self.docs.get(record_id)
        if before is not None:
            self._unindex(record_id, before)
        self.docs[record_id] = doc
        self.by_workspace.setdefault(doc[WORKSPACE_KEY], {})[record_id] = None
        for index in self.indexes.values():
            index.add(record_id, doc)
        self.next_id = max(self.next_id, record_id + 1)
        return before

    def load(self, docs: Iterable[tuple[int, dict[str, Any]]]) -> None:
        """`put` for each of many documents, at startup: the same result, in a fraction of
        the time when no index exists yet (they are built on first use)."""
        if self.indexes:
            for record_id, doc in docs:
                self.put(record_id, doc)
            return
        self.version += 1
        stored = self.docs
        owners = self.by_workspace
        for record_id, doc in docs:
            before = stored.get(record_id)
            if before is not None:
                self._unindex(record_id, before)
            stored[record_id] = doc
            owned = owners.get(doc[WORKSPACE_KEY])
            if owned is None:
                owned = owners[doc[WORKSPACE_KEY]] = {}
            owned[record_id] = None
        if stored:
            self.next_id = max(self.next_id, max(stored) + 1)

    def delete(self, record_id: int) -> dict[str, Any] | None:
        self.version += 1
        before = self.docs.pop(record_id, None)
        if before is not None:
            self._unindex(record_id, before)
        return before

    def _unindex(self, record_id: int, doc: dict[str, Any]) -> None:
        owned = self.by_workspace.get(doc[WORKSPACE_KEY])
        if owned is not None:
            owned.pop(record_id, None)
            if not owned:
                del self.by_workspace[doc[WORKSPACE_KEY]]
        for index in self.indexes.values():
            index.discard(record_id, doc)
