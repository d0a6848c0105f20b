"""Conditions on a field, how a document is checked against one, and the indexes that
find the documents matching one without looking at the others."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sandbox.core.storage.records import WORKSPACE_KEY, Contains, IEquals, Keyed

_MISSING = object()
_NO_IDS: dict[int, None] = {}


@functools.lru_cache(maxsize=1024)
def _path(name: str) -> tuple[str, ...]:
    """`a.b` as ("a", "b"); the field names of conditions are few and asked for often."""
    return tuple(name.split("."))


def _lookup(doc: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    """The value at a dotted path (`credentials.rapidpro.token`), or _MISSING."""
    value: Any = doc
    for part in path:
        # Stored documents are plain JSON: dict, not the slower isinstance of Mapping.
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _key(value: Any) -> Any:
    """A hashable stand-in for a JSON value: scalars as they are (so 1 == 1.0 == True, as
    Python compares them), lists and objects as canonical JSON."""
    if isinstance(value, (dict, list)):
        return ("json", json.dumps(value, sort_keys=True, separators=(",", ":")))
    return value


@dataclass
class _Index:
    """Record ids by (workspace, key) for one kind of condition on one field."""

    #: "eq", "contains", "ieq", or ("keyed", key function) for `Keyed` conditions.
    kind: Any
    path: tuple[str, ...]
    entries: dict[tuple[str, Any], dict[int, None]] = field(default_factory=dict)

    def keys(self, doc: Mapping[str, Any]) -> list[Any]:
        value = _lookup(doc, self.path)
        if value is _MISSING:
            return []
        if self.kind == "eq":
            return [_key(value)]
        if self.kind == "contains":
            return [_key(item) for item in value] if isinstance(value, list) else []
        if self.kind == "ieq":
            return [value.casefold()] if isinstance(value, str) else []
        key = self.kind[1](value)
        return [] if key is None else [key]

    def add(self, record_id: int, doc: Mapping[str, Any]) -> None:
        workspace = doc[WORKSPACE_KEY]
        for key in self.keys(doc):
            self.entries.setdefault((workspace, key), {})[record_id] = None

    def discard(self, record_id: int, doc: Mapping[str, Any]) -> None:
        workspace = doc[WORKSPACE_KEY]
        for key in self.keys(doc):
            ids = self.entries.get((workspace, key))
            if ids is not None:
                ids.pop(record_id, None)
                if not ids:
                    del self.entries[(workspace, key)]

    def candidates(self, workspace: str, condition: Any) -> dict[int, None]:
        """The ids matching `condition`: the index's own live entry, not a copy, so that
        choosing the most selective index costs nothing for the others."""
        if isinstance(condition, Keyed):
            key = condition.key(condition.value)
            if key is None:
                return _NO_IDS
        elif self.kind == "ieq":
            key = condition.value.casefold()
        elif self.kind == "contains":
            key = _key(condition.value)
        else:
            key = _key(condition)
        return self.entries.get((workspace, key), _NO_IDS)


def _condition_kind(condition: Any) -> Any:
    if isinstance(condition, Keyed):
        return ("keyed", condition.key)
    if isinstance(condition, Contains):
        return "contains"
    if isinstance(condition, IEquals):
        return "ieq"
    return "eq"


def _matches(doc: Mapping[str, Any], path: tuple[str, ...], condition: Any) -> bool:
    value = _lookup(doc, path)
    if value is _MISSING:
        return False
    if isinstance(condition, Keyed):
        key = condition.key(value)
        return key is not None and key == condition.key(condition.value)
    if isinstance(condition, Contains):
        return isinstance(value, list) and condition.value in value
    if isinstance(condition, IEquals):
        return isinstance(value, str) and value.casefold() == condition.value.casefold()
    return bool(value == condition)
