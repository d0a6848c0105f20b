"""Serve the sandbox with granian, a production WSGI server.

Why granian, one process, a few threads: measured on a 2-core machine with wrk
(bench/servers.py reproduces it), a Flask JSON endpoint served ~12k requests/s under
granian against ~3.5k under waitress, ~2.6k under cheroot and ~2.1k under gunicorn's
threaded worker. TinyDB is not process-safe, so there is exactly one worker process;
inside it granian runs the app on `threads` blocking threads, and a backpressure equal to
the thread count keeps tail latency low (p99 ~7 ms instead of ~900 ms with an unbounded
queue).

The app is built in the main process, so a bad fixture file or database fails before
anything listens, with a readable message; the worker process is forked from it and
inherits it. The worker writes everything to disk when it stops (Ctrl-C or SIGTERM).
"""

from __future__ import annotations

import multiprocessing
from typing import Any

from sandbox.app import SandboxApp

_APP: SandboxApp | None = None


def serve(app: SandboxApp, host: str, port: int, threads: int, access_log: bool) -> None:
    """Serve `app` until Ctrl-C or SIGTERM."""
    from granian.constants import Interfaces
    from granian.server import MPServer

    global _APP
    _APP = app
    # The forked worker owns the store: write it out here, restart its writer there.
    app.sandbox.store.suspend_writer()
    # The worker must inherit the app, so it has to be forked (Python 3.14 would spawn).
    multiprocessing.set_start_method("fork", force=True)
    server = MPServer(
        "sandbox.server:app",
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=1,
        blocking_threads=threads,
        backpressure=threads,
        log_access=access_log,
        respawn_failed_workers=False,
    )
    server.serve(spawn_target=_serve_then_close, target_loader=_inherited_app, wrap_loader=False)


def _inherited_app() -> SandboxApp:
    assert _APP is not None
    return _APP


def _serve_then_close(*args: Any, **kwargs: Any) -> None:
    """The worker's body: granian's own WSGI worker, then a final write of the state."""
    from granian.server import MPServer

    assert _APP is not None
    _APP.sandbox.store.resume_writer()
    try:
        MPServer._spawn_wsgi_worker(*args, **kwargs)
    finally:
        if _APP is not None:
            _APP.close()
