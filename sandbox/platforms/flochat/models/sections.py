"""How a group of Flochat's models takes part in fixture documents.

A `Section` loads and exports one key of the `flochat` section: team-wide ones sit at its
top level, flow-scoped ones inside each entry of `flows`. Each model module lists its
sections (`TEAM_SECTIONS`, `FLOW_SECTIONS`); `fixtures.py` runs them in order, so a section
can refer to what an earlier one loaded (subscribers name tags, which load first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from marshmallow import ValidationError, fields

from sandbox.core.fixture_sections import Entry as Entry  # what every entry schema here extends
from sandbox.core.fixture_sections import Section as CoreSection
from sandbox.platforms.flochat.models.api import Flochat


class Section(CoreSection[Flochat]):
    """A section of the `flochat` fixture: the `*_ns` ids its entries give are claimed
    before anything is generated next to them."""

    def run(  # type: ignore[override]
        self, api: Flochat, data: Mapping[str, Any], path: tuple[str | int, ...]
    ) -> int:
        return super().run(api, data, path, before_load=_claim_ns)


def _claim_ns(api: Flochat, entries: list[dict[str, Any]]) -> None:
    for value in _ns_values(entries):
        api.claim_ns(value)


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


def blank_text(*names: str) -> dict[str, fields.Field]:
    """Text columns an entry may leave out, stored as "" (the vendor's empty value): for
    `Entry.from_dict`, in the column order given."""
    return {name: fields.String(load_default="") for name in names}


class Value(fields.Field):
    """Any JSON value: a field value as the fixture gives it."""


def one_of(choices: tuple[str, ...]) -> Callable[[Any], None]:
    def validate(value: Any) -> None:
        if value not in choices:
            raise ValidationError(f"must be one of: {', '.join(choices)}")

    return validate
