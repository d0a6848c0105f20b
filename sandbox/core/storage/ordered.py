"""Order indexes: a workspace's records kept sorted by (one field, id), so the first page of
an ordered listing takes the first few entries instead of copying and sorting the whole
table (RapidPro's contact list, newest modification first, took 499 ms at 80,000
contacts to show 250 of them).

Each workspace's entries are a sorted list cut into blocks of at most `BLOCK` entries (the
layout of `sortedcontainers.SortedList`): an insert or a removal finds its block by
bisection and moves at most one block's entries, so a write costs about the same at any
size, where one flat list would move every entry after it.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sandbox.core.storage.records import WORKSPACE_KEY

#: Entries per block at most; a full block is split in two.
BLOCK = 512
#: The index's kind in `_Table.indexes`, next to the condition indexes.
ORDER = "order"

# Values of different types are ordered numbers first, then strings: Python would refuse
# to compare them, and a listing must not fail on one odd document.
_NUMBER, _TEXT = 0, 1


def _sort_key(value: Any) -> tuple[int, Any] | None:
    """The position of a field's value, or None for a value that is not ordered (absent,
    null, boolean, a container): such documents are left out of the index."""
    if isinstance(value, str):
        return (_TEXT, value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (_NUMBER, value)
    return None


class _Blocks:
    """One workspace's sorted entries, `((rank, value), id)`, in blocks."""

    def __init__(self) -> None:
        self.blocks: list[list[tuple[Any, int]]] = []
        self.maxes: list[tuple[Any, int]] = []  # the last entry of each block

    def add(self, entry: tuple[Any, int]) -> None:
        if not self.blocks:
            self.blocks.append([entry])
            self.maxes.append(entry)
            return
        at = min(bisect_left(self.maxes, entry), len(self.blocks) - 1)
        block = self.blocks[at]
        insort(block, entry)
        self.maxes[at] = block[-1]
        if len(block) > BLOCK:
            half = len(block) // 2
            self.blocks[at : at + 1] = [block[:half], block[half:]]
            self.maxes[at : at + 1] = [block[half - 1], block[-1]]

    def discard(self, entry: tuple[Any, int]) -> None:
        at = bisect_left(self.maxes, entry)
        if at == len(self.blocks):
            return
        block = self.blocks[at]
        index = bisect_left(block, entry)
        if index == len(block) or block[index] != entry:
            return
        del block[index]
        if block:
            self.maxes[at] = block[-1]
        else:
            del self.blocks[at]
            del self.maxes[at]

    def ids(self, descending: bool) -> Iterator[int]:
        """Record ids in order (lazily: a caller that stops early reads little). A write
        meanwhile may make it skip or repeat an entry, never fail: blocks are copied."""
        blocks = reversed(self.blocks) if descending else iter(self.blocks)
        for block in list(blocks):
            for _, record_id in reversed(block[:]) if descending else block[:]:
                yield record_id

    def __len__(self) -> int:
        return sum(len(block) for block in self.blocks)


@dataclass
class _OrderIndex:
    """Record ids of each workspace sorted by (the value at `path`, id), or by id alone
    for the empty path."""

    path: tuple[str, ...]
    kind: str = ORDER
    workspaces: dict[str, _Blocks] = field(default_factory=dict)

    def _entry(self, record_id: int, doc: Mapping[str, Any]) -> tuple[Any, int] | None:
        if not self.path:  # the order of ids alone
            return ((_NUMBER, record_id), record_id)
        value: Any = doc
        for part in self.path:
            if not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
        key = _sort_key(value)
        return None if key is None else (key, record_id)

    def add(self, record_id: int, doc: Mapping[str, Any]) -> None:
        entry = self._entry(record_id, doc)
        if entry is not None:
            self.workspaces.setdefault(doc[WORKSPACE_KEY], _Blocks()).add(entry)

    def discard(self, record_id: int, doc: Mapping[str, Any]) -> None:
        entry = self._entry(record_id, doc)
        blocks = self.workspaces.get(doc[WORKSPACE_KEY])
        if entry is not None and blocks is not None:
            blocks.discard(entry)

    def ids(self, workspace: str, descending: bool) -> Iterator[int]:
        blocks = self.workspaces.get(workspace)
        return blocks.ids(descending) if blocks is not None else iter(())
