"""What the store hands out and takes: records, the conditions of a query, and copies of
JSON values (so callers never share mutable state with the store)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any

WORKSPACE_KEY = "_ws"


class Record(dict):
    """A stored document (a plain dict of JSON values) plus its id within its table."""

    __slots__ = ("id",)

    def __init__(self, value: Mapping[str, Any], record_id: int) -> None:
        super().__init__(value)
        self.id = record_id


@dataclass(frozen=True)
class Contains:
    """Condition: the stored list contains `value`."""

    value: Any


@dataclass(frozen=True)
class IEquals:
    """Condition: the stored string equals `value`, ignoring case."""

    value: str


@dataclass(frozen=True)
class Keyed:
    """Condition: `key(stored value) == key(value)`, equality under a platform's own
    comparison (MySQL's case- and trailing-space-blind text, a phone number's digits), so
    its uniqueness checks are indexed lookups rather than scans. `key` must be one
    function kept for the purpose (a module-level one, not a new lambda per call): the
    store keeps one index per field and function. A stored value whose key is None matches
    nothing."""

    value: Any
    key: Callable[[Any], Hashable | None]


_CONTAINERS = (dict, list)


def _clone(value: Any) -> Any:
    """Copy JSON-like data, so callers never share mutable state with the store."""
    # Scalars, most of any document, are taken as they are without a call each.
    if isinstance(value, dict):
        return {k: _clone(v) if isinstance(v, _CONTAINERS) else v for k, v in value.items()}
    if isinstance(value, list):
        return [_clone(v) if isinstance(v, _CONTAINERS) else v for v in value]
    return value
