"""The shared request parser: what it reuses between requests changes nothing a view gets."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
import pytest
from flask import Flask
from marshmallow import fields as mf
from webargs.flaskparser import FlaskParser

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


class Plain(ma.Schema):
    uuid = mf.String()
    name = mf.String(data_key="full_name")
    cursor = mf.String()


class Checked(ma.Schema):
    uuid = mf.String(validate=ma.validate.Length(equal=3))


def stock_parse(schema: type[ma.Schema], query: str, **options: Any) -> Any:
    app = Flask(__name__)
    with app.test_request_context(f"/?{query}"):
        return FlaskParser(**options).parse(schema, location="query")


@pytest.mark.parametrize(
    "query",
    [
        "uuid=abc",
        "cursor=x&uuid=abc&other=1",
        "full_name=Ana&name=ignored",
        "uuid=&cursor=",
        "uuid=first&uuid=second",
        "uuid=%C3%A9t%C3%A9&cursor=a%20b",
        "other=1",
        "uuid=a+b&cursor=%FF%zz",  # a plus, bytes that are not UTF-8, a broken escape
        "uuid&cursor=&&=x",  # a key without "=", empty pairs, an empty key
        "uuid=a;cursor=b",  # ";" is no separator
    ],
)
def test_a_schema_of_plain_strings_loads_what_marshmallow_loads(query: str) -> None:
    loaded = parse(Plain, query)

    assert loaded == stock_parse(Plain, query)
    assert list(loaded) == list(stock_parse(Plain, query))  # the schema's order


def test_unknown_keys_and_validators_still_go_through_marshmallow() -> None:
    app = Flask(__name__)
    with app.test_request_context("/?uuid=abc&other=1"), pytest.raises(Exception) as raised:
        SandboxParser(unknown=ma.RAISE).parse(Plain, location="query")
    assert raised.value.data["messages"] == {"query": {"other": ["Unknown field."]}}  # type: ignore[attr-defined]

    with pytest.raises(Exception) as refused:
        parse(Checked, "uuid=abcd")
    assert refused.value.data["messages"] == {  # type: ignore[attr-defined]
        "query": {"uuid": ["Length must be 3."]}
    }
    assert parse(Checked, "uuid=abc") == {"uuid": "abc"}


def test_plain_strings_and_empty_queries_skip_marshmallow(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = SandboxParser()
    app = Flask(__name__)
    with app.test_request_context("/"):
        shared = parser._get_schema(Plain, None)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("marshmallow was asked")

    monkeypatch.setattr(shared, "load", refuse)

    assert parse(Plain, "uuid=abc&other=1", parser) == {"uuid": "abc"}
    assert parse(Plain, "", parser) == {}


def test_plain_strings_are_picked_without_building_request_args() -> None:
    app = Flask(__name__)
    with app.test_request_context("/?uuid=abc&cursor=x") as context:
        assert SandboxParser().parse(Plain, location="query") == {"uuid": "abc", "cursor": "x"}
        assert "args" not in context.request.__dict__  # werkzeug caches args there
