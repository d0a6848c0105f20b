"""How a group of Flochat's models takes part in fixture documents.

A `Section` loads and exports one key of the `flochat` section: team-wide ones sit at its
top level, flow-scoped ones inside each entry of `flows`. Each model module lists its
sections (`TEAM_SECTIONS`, `FLOW_SECTIONS`); `fixtures.py` runs them in order, so a section
can refer to what an earlier one loaded (subscribers name tags, which load first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields

from sandbox.core.fixtures import FixtureError, load_entries
from sandbox.platforms.flochat.models.api import Flochat


@dataclass(frozen=True)
class Section:
    """`key`: the entries' list in the fixture; `load(api, entries)` stores them (already
    validated by `schema`) and returns how many; `export(api)` gives them back in the form
    `load` reads."""

    key: str
    schema: type[Schema]
    load: Callable[[Flochat, list[dict[str, Any]]], int]
    export: Callable[[Flochat], list[dict[str, Any]]]

    def run(self, api: Flochat, data: Mapping[str, Any], path: tuple[str | int, ...]) -> int:
        """Validate and load this section of `data` (found at `path` in the document)."""
        try:
            entries = load_entries(self.schema(), data.get(self.key), self.key)
            for value in _ns_values(entries):
                api.claim_ns(value)  # before anything is generated next to them
            return self.load(api, entries)
        except FixtureError as error:
            raise error.within(*path) from None


def _ns_values(value: Any) -> Iterator[str]:
    """Every `*_ns` id the entries give (nested ones too: a sub flow's nodes)."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str) and key.endswith("_ns") and isinstance(item, str):
                yield item
            else:
                yield from _ns_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _ns_values(item)


class Entry(Schema):
    """A fixture entry: unknown keys are mistakes, reported with their path."""

    class Meta:
        unknown = RAISE


class Value(fields.Field):
    """Any JSON value: a field value as the fixture gives it."""


def one_of(choices: tuple[str, ...]) -> Callable[[Any], None]:
    def validate(value: Any) -> None:
        if value not in choices:
            raise ValidationError(f"must be one of: {', '.join(choices)}")

    return validate
