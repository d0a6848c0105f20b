"""The shared flask-smorest layer: documentation-only decorators cost no call, JSON bodies
are written as the vendors write them."""

from __future__ import annotations

import json

from flask import Flask, g
from flask.views import MethodView

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
