"""Specs are built lazily, on first read, and refuse two different schemas under one
component name (apispec itself only warns, or says nothing when one is nested in the other)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import marshmallow as ma
import pytest
from click.testing import CliRunner
from flask import Flask
from flask_smorest import Blueprint

from sandbox import specgen
from sandbox.cli import main
from sandbox.core.lazyspec import LazyDocsApi, SchemaNameClash


def make_api(blp: Blueprint) -> tuple[Flask, LazyDocsApi]:
    app = Flask(__name__)
    app.config.update(
        API_TITLE="t", API_VERSION="1", OPENAPI_VERSION="3.0.3", OPENAPI_URL_PREFIX="/"
    )
    api = LazyDocsApi(app, spec_kwargs={})
    api.register_blueprint(blp)
    return app, api


def api_answering(*schemas: Any) -> LazyDocsApi:
    """An API whose routes /0, /1, ... each answer 200 with the schema at that index."""
    blp = Blueprint("things", __name__)
    for index, schema in enumerate(schemas):
        # One endpoint name per route: the views are all the same lambda.
        blp.route(f"/{index}", endpoint=str(index))(blp.response(200, schema)(lambda: {}))
    return make_api(blp)[1]


class Item(ma.Schema):
    name = ma.fields.String()


def other_item() -> type[ma.Schema]:
    class Item(ma.Schema):  # another schema, under the same class name
        size = ma.fields.Integer()

    return Item


def test_two_schemas_under_one_name_are_refused_naming_both() -> None:
    api = api_answering(Item, other_item())

    with pytest.raises(SchemaNameClash) as raised:
        api.spec  # noqa: B018 (the build happens on this read)
    assert str(raised.value) == (
        "two different schemas resolve to the component name 'Item': "
        f"{__name__}.Item and {__name__}.other_item.<locals>.Item; rename one of them"
    )


def test_a_wrapper_named_like_the_schema_it_nests_is_refused() -> None:
    # What Flochat's S3StorageSaved answer did: apispec stored both under the name, so the
    # component's `data` referred to the component itself.
    wrapper = ma.Schema.from_dict({"data": ma.fields.Nested(Item)}, name="Item")
    api = api_answering(wrapper)

    with pytest.raises(SchemaNameClash) as raised:
        api.spec  # noqa: B018
    assert str(raised.value) == (
        "two different schemas resolve to the component name 'Item': "
        f"Item (from Schema.from_dict) and {__name__}.Item; rename one of them"
    )
    # A half-built spec is never handed out afterwards.
    with pytest.raises(SchemaNameClash):
        api.spec  # noqa: B018


def test_one_schema_used_with_different_modifiers_is_refused() -> None:
    api = api_answering(Item, Item(only=("name",)))

    with pytest.raises(SchemaNameClash, match=r"Item and .*\.Item with only=\['name'\]"):
        api.spec  # noqa: B018


def test_the_docs_are_built_on_first_read_and_the_routes_at_once() -> None:
    blp = Blueprint("things", __name__, description="Things")

    @blp.route("/a")
    @blp.response(200, Item)
    def a() -> Any:
        return {"name": "x"}

    app, api = make_api(blp)

    assert api._spec is not None and api._spec.to_dict()["paths"] == {}
    assert app.test_client().get("/a").json == {"name": "x"}
    assert api._spec.to_dict()["paths"] == {}  # serving a route builds no doc

    served = app.test_client().get("/openapi.json").json
    assert list(served["paths"]) == ["/a"]
    assert served["tags"] == [{"name": "things", "description": "Things"}]
    assert served["components"]["schemas"]["Item"] == {
        "type": "object",
        "properties": {"name": {"type": "string"}},
        "additionalProperties": False,
    }
    assert api.spec.to_dict() == served  # built once: a second read adds nothing


@pytest.mark.parametrize("check", [[], ["--check"]])
def test_the_specs_command_fails_in_one_line_on_a_clash(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, check: list[str]
) -> None:
    def clashing() -> dict[str, str]:
        wrapper = ma.Schema.from_dict({"data": ma.fields.Nested(Item)}, name="Item")
        return {"x.openapi.json": specgen.render(api_answering(wrapper).spec.to_dict())}

    monkeypatch.setattr(specgen, "generate", clashing)

    result = CliRunner().invoke(main, ["specs", *check, "--out", str(tmp_path)])

    assert result.exit_code == 1
    assert result.output == (
        "Error: cannot build the specs: two different schemas resolve to the component name "
        f"'Item': Item (from Schema.from_dict) and {__name__}.Item; rename one of them\n"
    )
    assert list(tmp_path.iterdir()) == []
