"""The shared request parser: what it reuses between requests changes nothing a view gets."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
import pytest
from flask import Flask
from marshmallow import fields as mf

from sandbox.core.parsing import SandboxParser, _absent_fields_load_nothing


class Filters(ma.Schema):
    name = mf.String()
    page = mf.Integer()


class Tagged(ma.Schema):
    name = mf.String()
    tags = mf.List(mf.String())  # a list hands `partial` on to its items


class Required(ma.Schema):
    name = mf.String(required=True)
    page = mf.Integer()


class Defaulted(ma.Schema):
    page = mf.Integer(load_default=1)


class WithNested(ma.Schema):
    inner = mf.Nested(Required)


class WithHook(ma.Schema):
    name = mf.String()

    @ma.validates_schema
    def _check(self, data: dict[str, Any], **kwargs: Any) -> None:
        if kwargs.get("partial"):
            raise ma.ValidationError("told about partial")


def parse(schema: type[ma.Schema], query: str, parser: SandboxParser | None = None) -> Any:
    app = Flask(__name__)
    with app.test_request_context(f"/?{query}"):
        return (parser or SandboxParser()).parse(schema, location="query")


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        (Filters, True),
        (Required, False),
        (Defaulted, False),
        (WithNested, False),
        (WithHook, False),
    ],
)
def test_only_schemas_where_absent_fields_load_nothing_skip_them(
    schema: type[ma.Schema], expected: bool
) -> None:
    assert _absent_fields_load_nothing(schema()) is expected


def test_query_values_load_as_webargs_loads_them() -> None:
    assert parse(Filters, "name=Ana&page=2&other=x") == {"name": "Ana", "page": 2}
    assert parse(Filters, "") == {}
    assert parse(Tagged, "tags=a&tags=b&name=Ana&name=Bia") == {"name": "Ana", "tags": ["a", "b"]}
    assert parse(Tagged, "") == {}


def test_required_fields_and_load_defaults_still_apply() -> None:
    assert parse(Defaulted, "") == {"page": 1}
    with pytest.raises(Exception) as raised:  # webargs' default handler aborts with 422
        parse(Required, "page=3")
    assert raised.value.data["messages"] == {  # type: ignore[attr-defined]
        "query": {"name": ["Missing data for required field."]}
    }


def test_schema_hooks_are_not_told_about_a_partial_load() -> None:
    assert parse(WithHook, "name=Ana") == {"name": "Ana"}


def test_one_instance_of_each_schema_serves_every_request() -> None:
    parser = SandboxParser()
    app = Flask(__name__)
    with app.test_request_context("/"):
        first = parser._get_schema(Filters, None)
        assert parser._get_schema(Filters, None) is first
        assert parser._get_schema(Required, None) is not first
    assert parse(Filters, "page=1", parser) == {"page": 1}
    assert parse(Filters, "page=2", parser) == {"page": 2}


def test_an_empty_query_still_meets_required_fields_and_validators() -> None:
    with pytest.raises(Exception) as raised:
        parse(Required, "")
    assert raised.value.data["messages"] == {  # type: ignore[attr-defined]
        "query": {"name": ["Missing data for required field."]}
    }
    app = Flask(__name__)
    with app.test_request_context("/"), pytest.raises(Exception) as refused:
        SandboxParser().parse(Filters, location="query", validate=lambda args: bool(args))
    assert refused.value.data["messages"] == {"query": ["Invalid value."]}  # type: ignore[attr-defined]


def test_an_empty_query_gives_each_request_its_own_dict() -> None:
    parser = SandboxParser()
    first = parse(Filters, "", parser)
    first["page"] = 5
    assert parse(Filters, "", parser) == {}
