"""The shared flask-smorest layer: documentation-only decorators cost no call, JSON bodies
are written as the vendors write them, bodies that need no dumping are served as
flask-smorest serves them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import marshmallow as ma
import pytest
from flask import Flask, Response, g
from flask.views import MethodView
from flask_smorest import Api, Blueprint

from sandbox.core.api import PlatformBlueprint, SandboxJSONProvider


def view(x: int, *, y: int = 2) -> int:
    """Adds."""
    return x + y


def test_documentation_only_decorators_keep_the_view_itself() -> None:
    blp = PlatformBlueprint("t", __name__)

    documented = blp.fidelity("assumed", "a test")(blp.alt_response(404, description="No")(view))

    # The same code runs, with no wrapper frame in between, and the docs travel along.
    assert documented.__code__ is view.__code__
    assert documented(1) == 3 and documented(1, y=5) == 6
    assert documented.__name__ == "view" and documented.__doc__ == "Adds."
    assert documented._apidoc["manual_doc"] == {  # type: ignore[attr-defined]
        "x-fidelity": "assumed",
        "x-fidelity-source": "a test",
        "operationId": "view",  # every marked operation is named after its view
    }
    assert 404 in documented._apidoc["response"]["responses"]  # type: ignore[attr-defined]
    assert not hasattr(view, "_apidoc")  # the undecorated function is left as it was


def test_a_documented_method_of_a_method_view_is_still_a_method() -> None:
    blp = PlatformBlueprint("t", __name__)

    class Things(MethodView):
        @blp.doc(summary="List")
        def get(self) -> str:
            return type(self).__name__

    assert Things().get() == "Things"


def json_app() -> Flask:
    app = Flask(__name__)
    app.json = SandboxJSONProvider(app)
    return app


def test_json_bodies_are_compact_in_code_order_without_a_newline() -> None:
    app = json_app()
    with app.test_request_context("/"):
        body = app.json.response({"b": "ç/", "a": [1, None]}).get_data()

    assert body == b'{"b":"\\u00e7/","a":[1,null]}'


def test_json_bodies_follow_the_views_flags() -> None:
    app = json_app()
    with app.test_request_context("/"):
        g.json_ensure_ascii = False
        g.json_escape_slashes = True
        body = app.json.response({"b": "ç/"}).get_data()

    assert body.decode("utf-8") == '{"b":"ç\\/"}'


def test_other_dump_options_still_reach_json_dumps() -> None:
    app = json_app()
    with app.test_request_context("/"):
        text = app.json.dumps({"b": 1, "a": 2}, sort_keys=True)

    assert text == '{"a": 2, "b": 1}' == json.dumps({"b": 1, "a": 2}, sort_keys=True)


class AsReturned(PlatformBlueprint):
    DUMPS_RESPONSES = False


class Item(ma.Schema):
    name = ma.fields.String()


RETURNS: dict[str, Callable[[], Any]] = {
    "body": lambda: {"name": "Ana", "extra": 1},
    "body and status": lambda: ({"name": "Ana"}, 200),
    "body and headers": lambda: ({"name": "Ana"}, {"X-Total": "3"}),
    "body, status and headers": lambda: ({"name": "Ana"}, 202, [("X-Total", "3")]),
    "a status text": lambda: ({"name": "Ana"}, "202 ACCEPTED"),
    "a response": lambda: Response("plain", status=200, mimetype="text/plain"),
    "a response and status": lambda: (Response("plain", mimetype="text/plain"), 418),
    "nothing": lambda: None,
    "a list": lambda: [1, 2],
}


def answer(blueprint_class: type[Blueprint], returned: Callable[[], Any], status: int) -> Any:
    app = Flask(__name__)
    app.json = SandboxJSONProvider(app)
    api = Api(
        app,
        spec_kwargs={"title": "t", "version": "1", "openapi_version": "3.0.3"},
    )
    blp = blueprint_class("t", __name__)

    @blp.route("/")
    @blp.response(status, Item)
    def view() -> Any:
        return returned()

    api.register_blueprint(blp)
    response = app.test_client().get("/")
    return response.status, sorted(response.headers.items()), response.get_data()


@pytest.mark.parametrize("returned", RETURNS.values(), ids=RETURNS.keys())
@pytest.mark.parametrize("status", [201, 204])
def test_bodies_served_as_returned_answer_what_flask_smorest_answers_undumped(
    returned: Callable[[], Any], status: int
) -> None:
    class Undumped(Blueprint):
        """flask-smorest's own blueprint, with nothing to dump through."""

        def response(self, status_code: Any, schema: Any = None, **kwargs: Any) -> Any:
            return super().response(status_code, None, **kwargs)

    assert answer(AsReturned, returned, status) == answer(Undumped, returned, status)


def test_bodies_served_as_returned_are_documented_with_their_schema() -> None:
    blp = AsReturned("t", __name__)

    @blp.response(201, Item, description="Made")
    def view() -> Any:
        return {"name": "Ana", "extra": 1}

    (documented,) = view._apidoc["response"]["responses"][201]  # type: ignore[attr-defined]
    assert documented["description"] == "Made"
    assert documented["schema"] is not None
