"""The platforms' Flask subclasses: views are checked for `async` once, request bodies are
read whole in one go, and the URL map is bound once per host exactly as Flask binds it."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from flask import Flask, request
from flask.views import MethodView
from werkzeug.exceptions import BadHost, SecurityError
from werkzeug.routing import MapAdapter
from werkzeug.test import EnvironBuilder, run_wsgi_app

from sandbox.core.platform_flask import URL_BINDINGS_KEPT, PlatformFlask


def view(x: int, *, y: int = 2) -> int:
    """Adds."""
    return x + y


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


@pytest.mark.parametrize(
    ("length", "transfer_encoding"),
    [("15", None), (None, None), ("15", "chunked"), ("abc", None), ("-1", None), (" 7 ", None)],
)
def test_the_content_length_is_what_werkzeug_reads(
    length: str | None, transfer_encoding: str | None
) -> None:
    environ = EnvironBuilder(method="POST", path="/").get_environ()
    environ.pop("CONTENT_LENGTH", None)
    if length is not None:
        environ["CONTENT_LENGTH"] = length
    if transfer_encoding is not None:
        environ["HTTP_TRANSFER_ENCODING"] = transfer_encoding

    expected = Flask.request_class(environ).content_length
    assert PlatformFlask.request_class(environ).content_length == expected


# -- binding the URL map ------------------------------------------------------------------


def url_app(cls: type[Flask] = PlatformFlask) -> Flask:
    app = cls(__name__)

    @app.get("/things/<name>")
    def thing(name: str) -> Any:
        return {"name": name, "url": request.url, "host": request.host}

    return app


def adapter_fields(adapter: MapAdapter | None) -> tuple[Any, ...]:
    assert adapter is not None
    return (
        adapter.server_name,
        adapter.script_name,
        adapter.subdomain,
        adapter.url_scheme,
        adapter.path_info,
        adapter.default_method,
        adapter.query_args,
        adapter.websocket,
    )


ENVIRONS = [
    {"path": "/things/a"},
    {"path": "/things/a", "query_string": "x=1&y=%C3%A9"},
    {"path": "/things/é", "base_url": "http://Example.COM:8000/mount"},
    {"path": "/things/a", "base_url": "https://bücher.example:443/"},
    {"path": "/things/a", "method": "POST", "base_url": "http://127.0.0.1:5000"},
    {"path": "/things/a", "headers": {"Connection": "Upgrade", "Upgrade": "websocket"}},
    {"path": "/things/a", "headers": {"Host": "bad host!"}},
]


@pytest.mark.parametrize("options", ENVIRONS)
def test_the_url_map_is_bound_as_flask_binds_it_first_time_and_from_the_cache(
    options: dict[str, Any],
) -> None:
    flask_app, app = url_app(Flask), url_app()
    expected_request = flask_app.request_class(EnvironBuilder(**options).get_environ())
    expected = adapter_fields(flask_app.create_url_adapter(expected_request))

    for _ in range(2):  # worked out, then remembered
        # A new environ each time: the cache must not hold on to one request's path.
        request_ = app.request_class(EnvironBuilder(**options).get_environ())
        assert adapter_fields(app.create_url_adapter(request_)) == expected
        assert request_.host == expected_request.host
    assert len(app._bindings) == 1  # type: ignore[attr-defined]


def test_requests_are_answered_with_urls_built_from_their_own_host_and_path() -> None:
    client = url_app().test_client()

    first = client.get("/things/a", base_url="http://one.test")
    second = client.get("/things/b?q=1", base_url="http://one.test")
    other = client.get("/things/c", base_url="http://two.test:8080")

    assert first.json == {"name": "a", "url": "http://one.test/things/a", "host": "one.test"}
    assert second.json == {"name": "b", "url": "http://one.test/things/b?q=1", "host": "one.test"}
    assert other.json == {
        "name": "c",
        "url": "http://two.test:8080/things/c",
        "host": "two.test:8080",
    }


def test_a_host_flask_refuses_is_refused_every_time_and_never_remembered() -> None:
    app = url_app()
    too_long = "a" * 64 + ".example"  # an IDNA label is at most 63 characters

    for _ in range(2):
        environ = EnvironBuilder(headers={"Host": too_long}).get_environ()
        request_ = app.request_class(environ)
        with pytest.raises(BadHost):
            app.create_url_adapter(request_)
    assert app._bindings == {}  # type: ignore[attr-defined]


def test_trusted_hosts_are_checked_by_flask_itself() -> None:
    app = url_app()
    app.config["TRUSTED_HOSTS"] = ["good.test"]

    good = app.request_class(EnvironBuilder(base_url="http://good.test").get_environ())
    bad = app.request_class(EnvironBuilder(base_url="http://evil.test").get_environ())

    assert adapter_fields(app.create_url_adapter(good))[0] == "good.test"
    with pytest.raises(SecurityError):
        app.create_url_adapter(bad)
    assert app._bindings == {}  # type: ignore[attr-defined]


def test_the_hosts_remembered_are_bounded_whatever_clients_send() -> None:
    app = url_app()

    for number in range(URL_BINDINGS_KEPT * 3):
        environ = EnvironBuilder(base_url=f"http://host-{number}.test").get_environ()
        adapter = app.create_url_adapter(app.request_class(environ))
        assert adapter_fields(adapter)[0] == f"host-{number}.test"
        assert len(app._bindings) <= URL_BINDINGS_KEPT  # type: ignore[attr-defined]
