"""The hooks that build an `Exchange` around every request of a platform app, let the
sandbox's gates steer it and its recorders keep it.

The WSGI wrapper (outside Flask) times the request, keeps a bounded copy of both bodies,
holds the answer back or cuts it on the wire as a fault asks, and hands the finished
exchange to the recorders. A Flask hook after authentication says who asked and lets the
gates look (a fault or throttle rule names a workspace and an operation); the operation of
a request no gate looked at is named from the routed request once the answer is made (a
refused request too), which costs the request path nothing.
With no gate and no recorder the wrapper passes requests straight through.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from flask import Flask, Request, g, request
from werkzeug.exceptions import NotFound

from sandbox.core.platform_flask import ROUTED_KEY
from sandbox.core.traffic.exchange import BODY_KEPT, ENVIRON_KEY, Exchange
from sandbox.core.traffic.operations import OperationIndex
from sandbox.core.traffic.wire import deliver_cut

if TYPE_CHECKING:
    from sandbox.core.platform import Platform
    from sandbox.core.sandbox import Sandbox

WSGIApp = Callable[[dict[str, Any], Any], Iterable[bytes]]
#: Endpoint prefix of the platform's own spec (flask-smorest's `api-docs` blueprint).
SPEC_ENDPOINTS = "api-docs."


def identify(exchange: Exchange, index: OperationIndex, current: Request) -> None:
    """Name the exchange's operation from the request Flask routed (once)."""
    exchange.identified = True
    rule = current.url_rule
    exchange.operation = index.match(rule.endpoint if rule else None, current.method)
    # The platform's spec (flask-smorest's `api-docs` blueprint) is the sandbox's, not the
    # vendor's: no fault or throttle rule answers it, and the journal leaves it out, as it
    # does the docs pages (a match-all rule must not break the docs viewer).
    exchange.sandbox_own = rule is not None and rule.endpoint.startswith(SPEC_ENDPOINTS)
    if isinstance(current.routing_exception, NotFound):
        exchange.nearest = index.nearest(current.method, exchange.path)


def steer_requests(app: Flask, platform: Platform, sandbox: Sandbox, index: OperationIndex) -> None:
    """Say whose request it is, and let the gates look at it (register after authentication)."""
    traffic = sandbox.traffic

    @app.before_request
    def steer() -> None:
        # The objects, not their proxies: each read through a proxy costs as much as the
        # rest of this hook, and the journal is on by default (every request pays it).
        current = request._get_current_object()  # type: ignore[attr-defined]
        exchange: Exchange | None = current.environ.get(ENVIRON_KEY)
        if exchange is None:
            return
        principal = g._get_current_object().get("sandbox_principal")  # type: ignore[attr-defined]
        if principal is not None:
            exchange.workspace = principal.workspace.name
        if traffic.gates:
            # Gates match on the operation before the view runs; without any, the wrapper
            # names it once the answer is made (a refused request too).
            identify(exchange, index, current)
            if exchange.sandbox_own:
                return
            for gate in traffic.gates:
                gate(exchange, platform)


class ObservedApp:
    """The WSGI wrapper of one platform app (`app.wsgi_app`)."""

    def __init__(
        self, wsgi_app: WSGIApp, platform: str, sandbox: Sandbox, index: OperationIndex
    ) -> None:
        self._app = wsgi_app
        self._platform = platform
        self._sandbox = sandbox
        self._index = index

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        traffic = self._sandbox.traffic
        if not traffic.gates and not traffic.recorders:
            answer = self._app(environ, start_response)
            environ.pop(ROUTED_KEY, None)  # the request and its environ: no cycle left
            return answer
        exchange = Exchange(
            platform=self._platform,
            time=self._sandbox.clock.now(),
            started=time.perf_counter(),
            method=environ.get("REQUEST_METHOD", "GET"),
            path=environ.get("PATH_INFO", ""),
            query=environ.get("QUERY_STRING", ""),
            environ=environ,
        )
        environ[ENVIRON_KEY] = exchange
        source = environ.get("wsgi.input")
        # A request that says it has no body (most GETs) has nothing to keep: no copy.
        has_body = environ.get("CONTENT_LENGTH") not in (None, "", "0") or (
            "HTTP_TRANSFER_ENCODING" in environ
        )
        tee = _Tee(source) if source is not None and has_body else None
        if tee is not None:
            environ["wsgi.input"] = tee
        answered: list[Any] = []

        def keep_answer(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            answered[:] = [status, headers, exc_info]
            return _no_write

        chunks = self._app(environ, keep_answer)
        try:
            body = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        status, headers, exc_info = answered
        # The request Flask made of this environ (PlatformRequest leaves it): its route.
        routed = environ.pop(ROUTED_KEY, None)
        if not exchange.identified and routed is not None:
            identify(exchange, self._index, routed)
        if tee is not None:
            exchange.request_body = tee.kept(_content_length(environ))
        exchange.status = int(status[:3])
        exchange.response_headers = headers
        exchange.response_body = body
        if exchange.delay > 0:
            time.sleep(exchange.delay)
        exchange.duration = time.perf_counter() - exchange.started
        if not exchange.sandbox_own:
            for record in traffic.recorders:
                record(exchange)
        if exchange.cut is not None:
            return deliver_cut(exchange, start_response, status, headers, body)
        start_response(status, headers, exc_info)
        return [body]


def _no_write(data: bytes) -> None:
    raise RuntimeError("platform apps return their bodies; they never call write()")


def _content_length(environ: dict[str, Any]) -> int:
    try:
        return max(0, int(environ.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


class _Tee:
    """The request's input stream, keeping a copy of its first `BODY_KEPT` + 1 bytes."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._kept = bytearray()
        self._consumed = 0

    def _keep(self, data: bytes) -> bytes:
        self._consumed += len(data)
        room = BODY_KEPT + 1 - len(self._kept)
        if room > 0:
            self._kept += data[:room]
        return data

    def read(self, *args: Any) -> bytes:
        return self._keep(self._stream.read(*args))

    def readline(self, *args: Any) -> bytes:
        return self._keep(self._stream.readline(*args))

    def __iter__(self) -> Any:
        return (self._keep(line) for line in self._stream)

    def kept(self, length: int) -> bytes:
        """The kept copy; what the app left unread (a 404, a refusal) is read for it,
        as far as the copy keeps and the request's Content-Length says there is."""
        wanted = min(length, BODY_KEPT + 1) - self._consumed
        if wanted > 0:
            with contextlib.suppress(OSError):  # the client went away: keep what arrived
                self.read(wanted)
        return bytes(self._kept)
