"""The Flask subclasses every platform app is built from, minus per-request waste.

What Flask and werkzeug redo on every request although its answer depends on a handful
of values that rarely change (the Host header, the mount point) is worked out once per
such set of values; each shortcut falls back to Flask's own code wherever a setting it
does not cover is in use. Measured with bench/request_cost.py (bench/README.md, issue 7).
"""

from __future__ import annotations

import inspect
import io
from collections.abc import Callable
from typing import IO, Any

from flask import Flask, Request
from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge
from werkzeug.routing import MapAdapter
from werkzeug.sansio.utils import get_content_length
from werkzeug.utils import cached_property

#: Key of the request in its WSGI environ, kept after Flask ends it.
ROUTED_KEY = "flow_sandbox.request"
#: How many distinct (Host header, mount point, ...) bindings are remembered. Clients
#: choose the Host header, so the cache is bounded; a real deployment sees one or two.
URL_BINDINGS_KEPT = 64


class PlatformRequest(Request):
    """Flask's request, reading a body of declared length in one call.

    werkzeug reads every body through a `LimitedStream`, 64 KiB at a time into a new
    zeroed buffer, until the server's stream runs dry: for the small JSON bodies of these
    APIs, that cost a create more than the JSON decoding did (bench/README.md, issue 7).
    It also stays reachable from its environ (`ROUTED_KEY`) once Flask has ended it, so
    the request path's wrapper names the operation it was routed to after the answer.
    """

    def __init__(self, environ: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(environ, *args, **kwargs)
        # Flask sets environ["werkzeug.request"] to None when the request ends; the wrapper
        # (sandbox/core/traffic/observe.py) pops this key, so no cycle outlives it.
        environ[ROUTED_KEY] = self

    @cached_property
    def content_length(self) -> int | None:
        # werkzeug's, reading the environ directly: its header lookup raises and catches
        # a KeyError for the Transfer-Encoding that almost no request has.
        environ = self.environ
        return get_content_length(
            http_content_length=environ.get("CONTENT_LENGTH"),
            http_transfer_encoding=environ.get("HTTP_TRANSFER_ENCODING"),
        )

    @cached_property
    def stream(self) -> IO[bytes]:
        length = self.content_length
        if self.shallow or length is None:
            return super().stream  # werkzeug's rules: chunked bodies, shallow requests
        limit = self.max_content_length
        if limit is not None and length > limit:
            raise RequestEntityTooLarge()
        return io.BytesIO(_read_exactly(self.environ["wsgi.input"], length))


def _read_exactly(source: IO[bytes], length: int) -> bytes:
    """`length` bytes of `source`, or the 400 werkzeug answers when the client sends less."""
    data = source.read(length)
    while len(data) < length:  # a server may hand the body over in parts
        more = source.read(length - len(data))
        if not more:
            raise ClientDisconnected()
        data += more
    return data


#: What `Map.bind_to_environ` derives its binding from, besides the path, query string
#: and method (`get_host`, the websocket upgrade check, the mount point).
_BINDING_KEYS = (
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "wsgi.url_scheme",
    "HTTP_CONNECTION",
    "HTTP_UPGRADE",
    "SCRIPT_NAME",
)


class _Binding:
    """What a URL adapter takes from the request's host and mount point."""

    __slots__ = ("host", "script_name", "server_name", "subdomain", "url_scheme")

    def __init__(self, host: str, adapter: MapAdapter) -> None:
        self.host = host
        self.server_name = adapter.server_name
        self.script_name = adapter.script_name
        self.subdomain = adapter.subdomain
        self.url_scheme = adapter.url_scheme


class PlatformFlask(Flask):
    """Flask with `PlatformRequest`, asking once per view function (not on every call)
    whether it is async, and binding the URL map once per host.

    Flask and each of flask-smorest's decorator layers pass the view through
    `ensure_sync`, which inspects the function on every call. Binding the URL map to a
    request validated and lowercased the host twice and IDNA-encoded it, about a tenth of
    a small request's time in the app.
    """

    request_class = PlatformRequest

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._is_async: dict[Callable[..., Any], bool] = {}
        self._bindings: dict[tuple[Any, ...], _Binding] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        # Methods of a MethodView come bound to a new instance per request: key on the
        # function, so the cache holds one entry per view.
        target = getattr(func, "__func__", func)
        is_async = self._is_async.get(target)
        if is_async is None:
            is_async = self._is_async.setdefault(target, inspect.iscoroutinefunction(func))
        return super().ensure_sync(func) if is_async else func

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:  # type: ignore[override]
        if request is None or not self._binds_plainly():
            return super().create_url_adapter(request)
        environ = request.environ
        key = tuple(environ.get(name) for name in _BINDING_KEYS)
        binding = self._bindings.get(key)
        if binding is None:
            # Flask's own binding, which refuses a bad host before anything is remembered.
            adapter = super().create_url_adapter(request)
            assert adapter is not None
            if len(self._bindings) >= URL_BINDINGS_KEPT:
                self._bindings.clear()
            self._bindings[key] = _Binding(request.host, adapter)
            return adapter
        request.host = binding.host  # what Flask sets, so the request does not work it out again
        path_info = environ.get("PATH_INFO")
        query_string = environ.get("QUERY_STRING")
        # The rest of `Map.bind_to_environ`: the path and query string, WSGI-decoded.
        return MapAdapter(
            self.url_map,
            binding.server_name,
            binding.script_name,
            binding.subdomain,
            binding.url_scheme,
            _wsgi_decoded(path_info) if path_info is not None else "/",
            environ["REQUEST_METHOD"],
            _wsgi_decoded(query_string) if query_string is not None else None,
        )

    def _binds_plainly(self) -> bool:
        """Whether Flask binds the URL map from the request alone: no trusted hosts, no
        server name, no host or subdomain matching (the shortcut covers nothing else)."""
        config = self.config
        return (
            config["TRUSTED_HOSTS"] is None
            and config["SERVER_NAME"] is None
            and not self.url_map.host_matching
            and not self.subdomain_matching
        )


def _wsgi_decoded(value: str) -> str:
    """A WSGI string (latin-1 code points standing for bytes) as text: werkzeug's rule."""
    return value.encode("latin1").decode(errors="replace")
