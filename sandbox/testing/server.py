"""A whole sandbox served from a thread of this process, for tests and scripts.

Why werkzeug's threaded server and not granian (what `flow-sandbox serve` runs,
sandbox/server.py): granian's worker is driven from the main thread, waits for its stop
on signals, and brings a Rust runtime whose threads outlive a stop until the process
ends; a test session needs a server that starts and stops in any thread, any number of
times, and leaves nothing behind. werkzeug's server is plain Python on the standard
library's socketserver: a thread per connection (it answers every request with
`Connection: close`, so a connection is one request), stopped by `shutdown()`. It is
slower than granian, which a test's few hundred requests never notice.
"""

from __future__ import annotations

import logging
import socket
import threading
from pathlib import Path
from types import TracebackType
from typing import Any

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

from sandbox.app import SandboxApp, create_app
from sandbox.config import SandboxConfig
from sandbox.testing.client import SandboxClient

logger = logging.getLogger("flow_sandbox.testing")

#: How often the serving loop looks for a stop (seconds): the most a stop waits for it.
_POLL = 0.05
#: How long a stop waits for requests being answered to finish (seconds).
_DRAIN = 5.0


class _QuietHandler(WSGIRequestHandler):
    """werkzeug's handler without its access log: werkzeug adds a stderr handler to its
    logger on first use, so every request of a test run would be printed. Errors go to
    the `flow_sandbox.testing` logger, which pytest captures with the test's output."""

    # Set on the class, so werkzeug does not set it on its own WSGIRequestHandler (which
    # it does, for every user of that class, when the server is threaded).
    protocol_version = "HTTP/1.1"

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass

    def log(self, type: str, message: str, *args: Any) -> None:
        logger.log(logging.ERROR if type == "error" else logging.DEBUG, message.rstrip(), *args)


class _Server(ThreadedWSGIServer):
    """werkzeug's threaded server, keeping its connection threads to join them at stop
    (the standard library joins only non-daemon ones, and werkzeug's are daemons)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._handlers: list[threading.Thread] = []
        self._handlers_lock = threading.Lock()

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name="flow-sandbox-request",
            daemon=True,
        )
        with self._handlers_lock:
            self._handlers = [handler for handler in self._handlers if handler.is_alive()]
            self._handlers.append(thread)
        thread.start()

    def join_handlers(self, timeout: float) -> None:
        with self._handlers_lock:
            handlers = list(self._handlers)
        for handler in handlers:
            handler.join(timeout)

    def log(self, type: str, message: str, *args: Any) -> None:
        logger.log(logging.ERROR if type == "error" else logging.DEBUG, message, *args)


def _listener(host: str, port: int) -> socket.socket:
    """A listening socket, bound here so a port in use is an OSError naming it (werkzeug's
    own bind prints and calls sys.exit)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError as error:
        sock.close()
        raise OSError(error.errno, f"cannot serve on {host}:{port}: {error.strerror}") from None
    return sock


class SandboxServer:
    """Serve a whole sandbox (every platform and the control API) on `host:port` (a free
    port by default) from a thread of this process, until `stop()`.

    `with SandboxServer() as sandbox:` starts it and hands over its SandboxClient. The
    state is in memory (`db`), `fixtures` is loaded at start and on every full reset,
    `seed` makes ids reproducible, `control_token` guards the control API as
    `--control-token` does; other SandboxConfig fields may be given by name.
    """

    def __init__(
        self,
        *,
        db: str = ":memory:",
        fixtures: str | Path | None = None,
        seed: int | None = None,
        control_token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        **config: Any,
    ) -> None:
        self.config = SandboxConfig(
            db=db,
            fixtures=Path(fixtures) if fixtures is not None else None,
            seed=seed,
            control_token=control_token,
            **config,
        )
        self.host = host
        self.port = port
        self.app: SandboxApp | None = None
        self.client: SandboxClient | None = None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self.client is None:
            raise RuntimeError("the server is not running: call start() first")
        return self.client.url

    def start(self) -> SandboxClient:
        """Build the sandbox, bind the port and serve; the client of the running server."""
        if self.client is not None:
            return self.client
        listener = _listener(self.host, self.port)
        try:
            self.app = create_app(self.config)
            self._server = _Server(
                self.host, 0, self.app, handler=_QuietHandler, fd=listener.fileno()
            )
        except BaseException:
            if self.app is not None:
                self.app.close()
                self.app = None
            raise
        finally:
            listener.close()  # the server holds its own duplicate of the socket
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": _POLL},
            name="flow-sandbox-server",
            daemon=True,
        )
        self._thread.start()
        host = f"[{self.host}]" if ":" in self.host else self.host
        port = self._server.socket.getsockname()[1]
        self.client = SandboxClient(f"http://{host}:{port}", self.config.control_token)
        return self.client

    def stop(self) -> None:
        """Stop accepting, let requests being answered finish, close the port and the
        sandbox (its threads and files). A second call does nothing."""
        server, thread, app = self._server, self._thread, self.app
        self._server = self._thread = self.app = None
        self.client = None
        if server is not None and thread is not None:
            server.shutdown()  # returns once the serving loop has ended
            thread.join()
            server.join_handlers(_DRAIN)
            server.server_close()
        if app is not None:
            app.close()

    def __enter__(self) -> SandboxClient:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
