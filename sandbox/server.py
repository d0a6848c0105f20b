"""Serve the sandbox with granian's WSGI worker, run inside the process the user started.

Why granian, one Python thread by default (bench/servers.py and bench/rapidpro_contacts.py
reproduce the figures, bench/README.md records them): on a 2-core machine, a bare Flask JSON
endpoint served ~14k requests/s under granian with one blocking thread against ~4.8k under
waitress, ~3k under cheroot and ~2.3k under gunicorn's threaded worker. More blocking threads
add no throughput under the GIL but GIL-convoy tails, and the sandbox's own requests are
serialised by the store's lock anyway. granian's Rust runtime accepts and reads every
connection concurrently whatever the thread count. Its `backpressure` option is left at
granian's default: a low cap leaves clients beyond it waiting unanswered.

Why not granian's own process manager (`MPServer`, what the `granian` command runs): it forks
a worker and the two processes stop badly.
- The worker waits for its stop in `threading.Event.wait()` with no timeout, and only a
  Python signal handler wakes it. The kernel hands a process-wide signal to any thread that
  does not block it; when it lands on one of granian's Rust threads (more likely on a busy
  machine), the C-level handler only flags it, the main thread sleeps on, the handler never
  runs, and the parent waits for the worker forever. With two busy loops beside it, the
  first Ctrl-C hung 1 try in 5 here (3-4 in 10 in the issue): the signals were taken (none
  pending on any thread), the handlers installed, the worker's main thread still waiting.
  SIGHUP (a closed terminal) was not handled at all.
- A worker outlives a parent killed with SIGKILL, still serving and writing the journal.
- Each worker binds the port with SO_REUSEPORT, so a second server on the port starts anyway
  and takes half of the connections.
Here there is no second process: the worker runs in the main process, which can only stop as
a whole. The main thread waits with a timeout, so a signal flagged on any thread has its
handler run within `_POLL` seconds. The listening socket is bound here, without SO_REUSEPORT,
so a port in use is refused at start. bench/servers.py measures this against the `granian`
command (`granian in-process` against `granian 1 thread`).

This reuses granian's worker class and callback glue (`granian._granian.WSGIWorker`, the same
calls `MPServer._spawn_wsgi_worker` makes), which are not public API: tests/test_lifecycle.py
and tests/test_cli.py run real servers, so a granian upgrade that changes them fails there.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import signal
import socket
import sys
import threading
from collections.abc import Callable, Sequence
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sandbox.app import SandboxApp

#: Signals that stop the server: Ctrl-C, `kill` / `docker stop`, a closed terminal.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
#: How often the main thread looks for a stop signal a Rust thread received (seconds).
_POLL = 0.1
#: How long open requests may take to finish once the server stops accepting (seconds).
_DRAIN = 2.0
#: Listen backlog, granian's default.
_BACKLOG = 1024

WSGIApp = Callable[..., Any]


class ServeError(Exception):
    """A server that cannot start (address in use, bad host): one line for the user."""


class FinalWriteError(Exception):
    """The state could not be written when the server stopped (a full disk, say)."""


def bind_listener(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port but not listening yet, so a port in use or a bad
    address is refused before anything is loaded, while clients that connect during the
    startup are refused (not left waiting) until `serve` listens."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (socket.gaierror, UnicodeError, OverflowError) as error:
        raise ServeError(f"cannot listen on {host}:{port}: {_reason(error)}") from error
    listener = socket.socket(family, kind, proto)
    # SO_REUSEADDR lets a restart bind while old connections sit in TIME_WAIT; unlike
    # SO_REUSEPORT it never lets two listening sockets share the port.
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Inherited by every accepted connection, as on the sockets granian binds itself:
    # without it, Nagle's algorithm holds small answers back ~40 ms (a POST's p50 was 44 ms).
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        listener.bind(address)
    except OSError as error:
        listener.close()
        if error.errno == errno.EADDRINUSE:
            raise ServeError(
                f"port {port} on {host} is in use by another program "
                "(another flow-sandbox?); stop it or choose another --port"
            ) from error
        raise ServeError(f"cannot listen on {host}:{port}: {_reason(error)}") from error
    return listener


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)


def run(wsgi_app: WSGIApp, listener: socket.socket, threads: int, access_log: bool) -> bool:
    """Serve `wsgi_app` on the bound `listener` until SIGINT, SIGTERM or SIGHUP, then stop
    accepting, let open requests finish (up to `_DRAIN` seconds) and return whether they all
    did."""
    from granian._futures import _new_cbscheduler
    from granian._granian import SocketHolder, WorkerSignal, WSGIWorker
    from granian._loops import loops
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import MPServer
    from granian.server.common import WORKERS_METHODS, RuntimeModes, TaskImpl
    from granian.wsgi import _callback_wrapper

    stop = threading.Event()

    def on_stop_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_stop_signal) for sig in STOP_SIGNALS}
    try:
        listener.listen(_BACKLOG)
        # Only to resolve the settings as the `granian` command would (backpressure,
        # runtime threads, TLS off, log formats); its serve(), which forks, is not called.
        settings = MPServer(
            "sandbox",
            interface=Interfaces.WSGI,
            workers=1,
            blocking_threads=threads,
            websockets=False,
            # granian's own lines ("Started worker-1") would only add noise to the banner.
            log_level=LogLevels.warning,
            log_access=access_log,
        )
        shutdown = WorkerSignal()
        drained = threading.Event()
        shutdown.add_cb(drained.set)
        worker = WSGIWorker(
            1,
            (None, SocketHolder(listener.detach(), False, _BACKLOG)),  # granian closes it
            None,  # no IPC: granian uses it for metrics only
            settings.runtime_threads,
            settings.runtime_blocking_threads,
            settings.blocking_threads,
            settings.blocking_threads_idle_timeout,
            settings.backpressure,
            settings.http,
            settings.http1_settings,
            settings.http2_settings,
            None,  # no static files
            *settings.ssl_ctx,
            (None, None),  # no metrics
        )
        callback = _callback_wrapper(
            wsgi_app, {"url_path_prefix": None}, settings.log_access_format if access_log else None
        )
        loop = loops.get(settings.loop)
        scheduler = _new_cbscheduler(
            loop, callback, impl_asyncio=settings.task_impl == TaskImpl.asyncio
        )
        # A WSGI interface always runs granian's multi-threaded runtime (MPServer.serve's
        # choice for anything but RSGI).
        getattr(worker, WORKERS_METHODS[RuntimeModes.mt][False])(scheduler, loop, shutdown)
        while not stop.wait(_POLL):
            pass
        shutdown.set()
        return drained.wait(_DRAIN)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        listener.close()


def serve(app: SandboxApp, listener: socket.socket, threads: int, access_log: bool) -> bool:
    """Serve the sandbox until a stop signal, then write its whole state to disk. Returns
    whether every open request had finished before that write (see `run`)."""
    from sandbox.core.storage import StoreError

    drained = False
    try:
        drained = run(app, listener, threads, access_log)
    finally:
        # A second Ctrl-C (or a `docker stop` repeated) while the final state is written
        # would interrupt the write with a traceback; everything is in the journal by then,
        # but the user would be told otherwise. The process ends right after.
        previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in STOP_SIGNALS}
        try:
            app.close()
        except (StoreError, OSError) as error:
            raise FinalWriteError(str(error)) from error
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    return drained


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m sandbox.server",
        description="Serve any WSGI app the way `flow-sandbox serve` serves the sandbox "
        "(bench/servers.py compares it with the `granian` command).",
    )
    parser.add_argument("target", help="module:attribute of the WSGI app")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--threads", type=int, default=1)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    module, _, attribute = args.target.partition(":")
    sys.path.insert(0, "")  # `servers:app` from the current directory, as granian loads it
    wsgi_app = getattr(importlib.import_module(module), attribute or "app")
    try:
        listener = bind_listener(args.host, args.port)
    except ServeError as error:
        sys.exit(f"Error: {error}")
    run(wsgi_app, listener, args.threads, access_log=False)


if __name__ == "__main__":
    main()
