"""Serve the sandbox with granian, a production WSGI server.

Why granian, one process, one Python thread by default (bench/servers.py and
bench/rapidpro_contacts.py reproduce the figures, bench/README.md records them): on a
2-core machine, a bare Flask JSON endpoint served ~14k requests/s under granian with one
blocking thread (p99 2.3 ms at 16 connections) against ~4.8k under waitress, ~3k under
cheroot and ~2.3k under gunicorn's threaded worker. More blocking threads add no
throughput under the GIL but GIL-convoy tails (p99 ~200 ms with 4 threads), and the
sandbox's own requests are serialised by the store's lock anyway. granian's Rust runtime
accepts and reads every connection concurrently whatever the thread count. Its
`backpressure` option is not used: it caps open connections, so clients beyond the cap
would wait unanswered. TinyDB is not process-safe, so there is exactly one worker process.

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
