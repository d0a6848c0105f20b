"""RapidPro fixture contacts of plain kinds load without marshmallow (`plain_contact`),
and must come out exactly as ContactSchema loads them."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

import pytest

from sandbox.platforms.rapidpro.models.fixtures import ContactSchema, plain_contact

SCHEMA = ContactSchema()
UUID = "5b3c2d55-7f1c-4b7e-9d0b-2c9a3f4e5d6a"

#: Entries of the kinds documents and exports hold: each must take the fast path.
PLAIN: list[dict[str, Any]] = [
    {},
    {"name": "Ana", "urns": ["whatsapp:5582999887766"]},
    {"uuid": UUID, "name": None, "language": "por", "groups": ["VIP", UUID]},
    {"fields": {"age": 31, "nickname": "Aninha", "birth": None}, "status": "blocked"},
    {"deleted": True, "flow": {"uuid": UUID, "name": "Registration"}, "notes": []},
    {"created_on": "2026-01-05T10:00:00Z", "modified_on": "2026-01-05T10:00:00.123456+02:00"},
    {"last_seen_on": None, "created_on": datetime(2026, 1, 5, 10, tzinfo=timezone.utc)},
    {"last_seen_on": "2026-02-01T00:00:00Z", "flow": None, "language": None},
]

#: Values per key that are not plain: the schema loads (or refuses) these entries.
NOT_PLAIN: list[dict[str, Any]] = [
    {"uuid": UUID.upper()},
    {"uuid": "not a uuid"},
    {"uuid": uuid.UUID(UUID)},
    {"name": 12},
    {"language": "pt"},
    {"urns": "whatsapp:5582999887766"},
    {"urns": [12]},
    {"groups": [None]},
    {"fields": {1: "a"}},
    {"fields": []},
    {"status": "gone"},
    {"deleted": "true"},
    {"deleted": 1},
    {"flow": {"uuid": UUID}},
    {"flow": {"uuid": UUID, "name": "F", "extra": 1}},
    {"notes": [{"text": "hi", "created_on": "2026-01-01T00:00:00Z"}]},
    {"created_on": None},
    {"modified_on": "yesterday"},
    {"last_seen_on": 5},
    {"unknown": 1},
]


def schema_load(entry: dict[str, Any]) -> dict[str, Any]:
    """ContactSchema's load, with the uuid as the string the loader stores."""
    loaded = SCHEMA.load(entry)
    if "uuid" in loaded:
        loaded["uuid"] = str(loaded["uuid"])
    return loaded


@pytest.mark.parametrize("entry", PLAIN)
def test_a_plain_entry_loads_as_the_schema_loads_it(entry: dict[str, Any]) -> None:
    assert plain_contact(entry) == schema_load(entry)


@pytest.mark.parametrize("entry", NOT_PLAIN)
def test_an_entry_of_another_kind_is_left_to_the_schema(entry: dict[str, Any]) -> None:
    assert plain_contact(entry) is None


@pytest.mark.parametrize("base", PLAIN)
@pytest.mark.parametrize("odd", NOT_PLAIN)
def test_one_odd_value_sends_a_plain_entry_to_the_schema(
    base: dict[str, Any], odd: dict[str, Any]
) -> None:
    assert plain_contact({**base, **odd}) is None


def test_a_plain_entry_shares_no_container_with_the_document() -> None:
    entry = {"urns": ["whatsapp:5582999887766"], "groups": ["VIP"], "fields": {"a": "b"}}
    loaded = plain_contact(entry)
    assert loaded is not None
    for key in ("urns", "groups", "fields"):
        assert loaded[key] == entry[key] and loaded[key] is not entry[key]
