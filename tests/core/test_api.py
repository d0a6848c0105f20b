"""The shared flask-smorest layer: documentation-only decorators cost no call, JSON bodies
are written as the vendors write them, views are checked for `async` once, request bodies
are read whole in one go."""

from __future__ import annotations

import io
import json
from typing import Any

from flask import Flask, g, request
from flask.views import MethodView
from werkzeug.test import EnvironBuilder, run_wsgi_app

from sandbox.core.api import PlatformBlueprint, SandboxJSONProvider
from sandbox.core.factory import PlatformFlask


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


def test_sync_views_are_inspected_once_each() -> None:
    app = PlatformFlask(__name__)

    class Things(MethodView):
        def get(self) -> Any:
            return "ok"

    first, second = Things().get, Things().get

    assert app.ensure_sync(first) is first
    assert app.ensure_sync(second) is second
    assert app.ensure_sync(view) is view
    assert list(app._is_async) == [Things.get, view]


class Trickle(io.RawIOBase):
    """A server's input stream that hands the body over a few bytes per read."""

    def __init__(self, data: bytes, step: int = 3) -> None:
        self.data, self.step = data, step

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = min(len(buffer), self.step, len(self.data))
        buffer[:size], self.data = self.data[:size], self.data[size:]
        return size


def body_app() -> PlatformFlask:
    app = PlatformFlask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 100

    @app.post("/")
    def echo() -> Any:
        return {"body": request.get_data(as_text=True)}

    return app


def post(app: Flask, stream: io.RawIOBase, length: str | None) -> tuple[int, Any]:
    """POST `stream` as a server that terminates the input (granian) hands it over: with
    a Content-Length, or chunked."""
    environ = EnvironBuilder(method="POST", path="/").get_environ()
    environ.update({"wsgi.input": stream, "wsgi.input_terminated": True})
    environ.pop("CONTENT_LENGTH", None)
    if length is None:
        environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    else:
        environ["CONTENT_LENGTH"] = length
    body, status, _ = run_wsgi_app(app, environ, buffered=True)
    text = b"".join(body)
    return int(status.split()[0]), json.loads(text) if status.startswith("200") else None


def test_a_body_of_declared_length_is_read_whole_however_the_server_hands_it_over() -> None:
    assert post(body_app(), Trickle(b'{"name": "Ana"}'), "15") == (200, {"body": '{"name": "Ana"}'})


def test_a_body_shorter_than_its_declared_length_is_a_bad_request() -> None:
    assert post(body_app(), Trickle(b'{"name"'), "15") == (400, None)


def test_a_body_over_the_limit_is_refused_unread() -> None:
    stream = Trickle(b"x" * 200)

    assert post(body_app(), stream, "200") == (413, None)
    assert len(stream.data) == 200


def test_a_body_without_a_length_is_read_as_werkzeug_reads_it() -> None:
    assert post(body_app(), Trickle(b"chunked body"), None) == (200, {"body": "chunked body"})
