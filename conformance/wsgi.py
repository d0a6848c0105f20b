"""A requests transport that hands an in-process run's requests straight to the sandbox's
WSGI app: the same environ and answer headers `werkzeug.serving` makes for the run's local
server, without a TCP connection per request (the dev server closes each one), a thread
switch and HTTP parsing on both sides, which took most of a run's CPU time."""

from __future__ import annotations

import http.client
import importlib.metadata
import io
import sys
from collections.abc import Callable, Iterable, Mapping
from email.utils import formatdate
from typing import Any
from urllib.parse import unquote, urlsplit

from requests import PreparedRequest, Response
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3 import HTTPResponse
from urllib3._collections import HTTPHeaderDict
from werkzeug.exceptions import InternalServerError

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
_SERVER = f"Werkzeug/{importlib.metadata.version('werkzeug')} Python/{sys.version.split()[0]}"
# http.client refuses these before anything is sent; so does this transport, with the same
# errors, so that a generated request the network would not carry fails the same way.
_ILLEGAL_URL = http.client._contains_disallowed_url_pchar_re  # type: ignore[attr-defined]
_LEGAL_NAME = http.client._is_legal_header_name  # type: ignore[attr-defined]
_ILLEGAL_VALUE = http.client._is_illegal_header_value  # type: ignore[attr-defined]


def _dance(text: str) -> str:
    """WSGI's native strings: what werkzeug.serving does to a decoded URL."""
    return text.encode("utf-8").decode("latin-1")


class _Answer:
    """What urllib3 and requests use of an http.client answer: its headers, closing."""

    def __init__(self, msg: http.client.HTTPMessage) -> None:
        self.msg = msg

    def isclosed(self) -> bool:
        return True

    def close(self) -> None:
        pass


class WsgiAdapter(BaseAdapter):
    """Mounted on the run's session for the in-process server's origin only."""

    def __init__(self, app: WsgiApp, host: str, port: int) -> None:
        super().__init__()
        self.app = app
        self.host = host
        self.port = port
        self._builder = HTTPAdapter()

    def send(
        self, request: PreparedRequest, stream: bool = False, timeout: Any = None, **_: Any
    ) -> Response:
        environ = self._environ(request)
        status, headers, body = self._call(environ)
        raw = HTTPResponse(
            body=io.BytesIO(b"" if request.method == "HEAD" else body),
            headers=HTTPHeaderDict(headers),
            status=int(status.split(None, 1)[0]),
            reason=status.split(None, 1)[1] if " " in status else "",
            version=11,
            preload_content=False,
            decode_content=True,
            request_method=request.method,
            request_url=request.url,
        )
        # requests reads Set-Cookie (into the response's and the session's jars) from the
        # http.client answer it wraps: hand it one with the headers.
        message = http.client.HTTPMessage()
        for name, value in headers:
            message[name] = value
        raw._original_response = _Answer(message)
        response: Response = self._builder.build_response(request, raw)
        if not stream:
            _ = response.content
        return response

    def close(self) -> None:
        self._builder.close()

    def _environ(self, request: PreparedRequest) -> dict[str, Any]:
        target = request.path_url
        method = request.method or "GET"
        if _ILLEGAL_URL.search(target):
            raise http.client.InvalidURL(
                f"URL can't contain control characters. {target!r} (found at least "
                f"{_ILLEGAL_URL.search(target).group()!r})"
            )
        headers: list[tuple[str, str]] = []
        names = {name.lower() for name in request.headers}
        if "host" not in names:
            headers.append(("Host", f"{self.host}:{self.port}"))
        if "accept-encoding" not in names:
            headers.append(("Accept-Encoding", "identity"))
        for name, value in request.headers.items():
            # What http.client checks and how it encodes, then how the server decodes.
            raw_name = name.encode("ascii")
            if not _LEGAL_NAME(raw_name):
                raise ValueError(f"Invalid header name {raw_name!r}")
            raw_value = value.encode("latin-1") if isinstance(value, str) else value
            if _ILLEGAL_VALUE(raw_value):
                raise ValueError(f"Invalid header value {raw_value!r}")
            headers.append((name, raw_value.decode("latin-1")))
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, bytes):
            body = b"".join(body)
        url = urlsplit(target)
        environ: dict[str, Any] = {
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "SERVER_SOFTWARE": _SERVER.split()[0],
            "REQUEST_METHOD": method,
            "SCRIPT_NAME": "",
            "PATH_INFO": _dance(unquote(url.path)),
            "QUERY_STRING": _dance(url.query),
            "REQUEST_URI": _dance(target),
            "RAW_URI": _dance(target),
            "REMOTE_ADDR": "127.0.0.1",
            "REMOTE_PORT": 0,
            "SERVER_NAME": self.host,
            "SERVER_PORT": str(self.port),
            "SERVER_PROTOCOL": "HTTP/1.1",
        }
        for name, value in headers:
            if "_" in name:
                continue  # werkzeug.serving drops them (they would pass for dashes)
            key = name.upper().replace("-", "_")
            value = value.replace("\r\n", "")
            if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                key = f"HTTP_{key}"
                if key in environ:
                    value = f"{environ[key]},{value}"
            environ[key] = value
        return environ

    def _call(self, environ: Mapping[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
        started: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None):  # type: ignore[no-untyped-def]
            started[:] = [status, headers]
            return lambda data: chunks.append(data)

        chunks: list[bytes] = []
        try:
            result = self.app(dict(environ), start_response)
            try:
                chunks.extend(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        except Exception:  # what werkzeug.serving answers when the app itself fails
            chunks = list(InternalServerError()(dict(environ), start_response))
        status, headers = started
        names = {name.lower() for name, _ in headers}
        body = b"".join(chunks)
        sent = [("Server", _SERVER), ("Date", formatdate(usegmt=True)), *headers]
        if "content-length" not in names and environ["REQUEST_METHOD"] != "HEAD":
            code = int(status.split(None, 1)[0])
            if not (100 <= code < 200 or code in (204, 304)):
                sent.append(("Transfer-Encoding", "chunked"))
        sent.append(("Connection", "close"))
        return status, sent, body


def route_fresh_sessions(prefix: str, adapter: BaseAdapter) -> Callable[[], None]:
    """Send the requests schemathesis makes on sessions of its own to `adapter` too, until
    the returned function is called. Its checks probe an operation without the run's
    session (ignored_auth: the same request without credentials) on a fresh
    SameHostRedirectsSession each time, which took the TCP path to the run's server: a
    connection, a server thread and HTTP parsing on both sides for each of Flochat's 800
    probes. The answers are the same either way (this adapter answers as the server)."""
    from schemathesis.transport import requests as transport

    original = transport.SameHostRedirectsSession

    class _Routed(original):  # type: ignore[misc,valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.mount(prefix, adapter)
            # As the run's own session: nothing from the environment applies to the app.
            self.trust_env = False

    transport.SameHostRedirectsSession = _Routed

    def restore() -> None:
        transport.SameHostRedirectsSession = original

    return restore
