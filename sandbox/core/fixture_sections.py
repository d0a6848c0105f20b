"""How a platform's models take part in fixture documents: `Entry`, the base of every
entry schema, and `Section`, one key of a platform's section with its loader and exporter.

A platform lists its sections in load order (a section may refer to what an earlier one
loaded); `Section.run` validates the entries (the first error becomes a `FixtureError`
located at its path in the document) and hands them to the loader with the backend of
the workspace being loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from marshmallow import RAISE, Schema

from sandbox.core.fixtures import FixtureError, load_entries

B = TypeVar("B")


class Entry(Schema):
    """A fixture entry: unknown keys are mistakes, reported with their path."""

    class Meta:
        unknown = RAISE


@dataclass(frozen=True)
class Section(Generic[B]):
    """`key`: the entries' list in the fixture; `load(backend, entries)` stores them
    (already validated by `schema`) and returns how many; `export(backend)` gives them
    back in the form `load` reads."""

    key: str
    schema: type[Schema]
    load: Callable[[B, list[dict[str, Any]]], int]
    export: Callable[[B], list[dict[str, Any]]]

    def run(
        self,
        backend: B,
        data: Mapping[str, Any],
        path: tuple[str | int, ...],
        before_load: Callable[[B, list[dict[str, Any]]], None] | None = None,
    ) -> int:
        """Validate and load this section of `data` (found at `path` in the document);
        `before_load` sees the validated entries first (to reserve the ids they give)."""
        try:
            entries = load_entries(self.schema(), data.get(self.key), self.key)
            if before_load is not None:
                before_load(backend, entries)
            return self.load(backend, entries)
        except FixtureError as error:
            raise error.within(*path) from None
