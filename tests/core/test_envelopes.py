"""sandbox/core/envelopes.py: envelope schema classes built by name."""

from __future__ import annotations

import pytest
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema, fields

from sandbox.core.envelopes import (
    OK_STATUS,
    EnvelopeClash,
    Status,
    envelope,
    keyed,
    many,
    one,
)


class Thing(Schema):
    id = fields.Integer()


class Other(Schema):
    name = fields.String()


def _component(schema: type[Schema], name: str) -> dict[str, object]:
    spec = APISpec("t", "1", "3.0.3", plugins=[MarshmallowPlugin()])
    spec.components.schema(name, schema=schema)
    return spec.to_dict()["components"]["schemas"][name]


def test_a_list_envelope_is_named_and_documented_as_the_hand_written_class() -> None:
    class ThingsByHand(Schema):
        data = fields.List(fields.Nested(Thing))

    built = envelope("TestThingList", data=many(Thing))

    assert built.__name__ == "TestThingList"
    assert built.__module__ == __name__
    assert issubclass(built, Schema)
    assert _component(built, "X") == _component(ThingsByHand, "X")
    assert built().dump({"data": [{"id": 1, "extra": 2}]}) == {"data": [{"id": 1}]}


def test_one_object_with_status_keeps_field_order_and_the_ok_example() -> None:
    built = envelope("TestThingAnswer", status=OK_STATUS, data=one(Thing))

    assert list(built().fields) == ["status", "data"]
    assert _component(built, "X")["properties"] == {
        "status": {"type": "string", "example": "ok"},
        "data": {"$ref": "#/components/schemas/Thing"},
    }


def test_keyed_objects_carry_their_description() -> None:
    built = envelope("TestThingsById", data=keyed(Thing, "by id"))

    assert _component(built, "X")["properties"]["data"] == {
        "type": "object",
        "additionalProperties": {"$ref": "#/components/schemas/Thing"},
        "description": "by id",
    }


def test_the_same_name_and_content_is_the_same_class() -> None:
    first = envelope("TestSameList", data=many(Thing), status=OK_STATUS)

    assert envelope("TestSameList", data=many(Thing), status=Status("ok")) is first


@pytest.mark.parametrize(
    "parts",
    [
        {"data": many(Other)},
        {"data": one(Thing)},
        {"data": many(Thing), "status": OK_STATUS},
        {"status": OK_STATUS, "data": many(Thing)},
        {"items": many(Thing)},
    ],
)
def test_the_same_name_with_other_content_is_refused(parts: dict[str, object]) -> None:
    first = envelope("TestClashList", data=many(Thing))

    with pytest.raises(EnvelopeClash, match="envelope 'TestClashList' is already"):
        envelope("TestClashList", **parts)  # type: ignore[arg-type]
    assert envelope("TestClashList", data=many(Thing)) is first


def test_an_envelope_needs_a_field() -> None:
    with pytest.raises(ValueError, match="needs at least one field"):
        envelope("TestEmpty")
