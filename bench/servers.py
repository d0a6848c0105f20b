"""Which WSGI server should serve the sandbox? Reproduces the choice in sandbox/server.py.

Serves one bare Flask JSON endpoint (`app` below, `GET /`) under each server in turn,
always as a single process, because TinyDB is not process-safe and the sandbox can
only ever run one worker:

- granian, 1 worker, 1 blocking thread (what `flow-sandbox serve` runs by default)
- granian, 1 worker, 4 blocking threads (unbounded backpressure: granian's default)
- granian, 1 worker, 4 blocking threads, --backpressure 4 (caps open connections at 4)
- waitress, 8 threads
- cheroot, 8 threads
- gunicorn, 1 gthread worker, 8 threads

A server that is not installed is skipped with a note (`pip install waitress cheroot
gunicorn` adds the optional ones). Each is measured with wrk when it is on PATH, else
with the Python load generator of bench/rapidpro_contacts.py, and the script prints
requests/s, p50 and p99 per server and connection count. It asserts nothing.

"conns served" comes from a probe that holds that many keep-alive connections open at
once and counts those answered within 5 s. It matters for reading the latencies: wrk
only times requests that complete, and granian's --backpressure N serves at most N open
connections, so its low p99 is that of the N connections it served while the others
waited (which is why flow-sandbox does not set it).

    .venv/bin/python bench/servers.py --duration 10 --connections 16,256
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

# The sibling script holds the load generator and process helpers; running this file puts
# bench/ first on sys.path, and the servers import `servers:app` with bench/ as cwd.
from rapidpro_contacts import (
    HOST,
    Load,
    choose_generator,
    exit_on_sigterm,
    free_port,
    measure,
    print_table,
    served_connections,
    server_process,
)

BENCH = Path(__file__).resolve().parent
APP_TARGET = "servers:app"


def create_app() -> Flask:
    """A bare Flask app with one small JSON endpoint: the server is what is measured."""
    flask_app = Flask(__name__)

    @flask_app.get("/")
    def index() -> dict[str, object]:
        return {"uuid": "6513270e-269e-4d37-b2a7-4de452e6b438", "name": "Ana", "groups": []}

    return flask_app


app = create_app()


@dataclass(frozen=True)
class ServerSetup:
    """One server configuration: its label, the module it needs and its command line."""

    label: str
    module: str
    arguments: tuple[str, ...]

    def command(self, port: int) -> list[str]:
        """The command that serves APP_TARGET on `port` (`{port}` is filled in)."""
        filled = [argument.format(host=HOST, port=port) for argument in self.arguments]
        return [sys.executable, "-m", self.module, *filled]


# Every server gets access logging off (each one's default) and a single process.
_GRANIAN = ("--interface", "wsgi", "--host", "{host}", "--port", "{port}", "--workers", "1")
SETUPS = (
    ServerSetup(
        "granian 1 thread",
        "granian",
        (*_GRANIAN, "--blocking-threads", "1", "--no-ws", APP_TARGET),
    ),
    ServerSetup(
        "granian 4 threads",
        "granian",
        (*_GRANIAN, "--blocking-threads", "4", "--no-ws", APP_TARGET),
    ),
    ServerSetup(
        "granian 4 threads, backpressure 4",
        "granian",
        (*_GRANIAN, "--blocking-threads", "4", "--backpressure", "4", "--no-ws", APP_TARGET),
    ),
    ServerSetup(
        "waitress 8 threads",
        "waitress",
        ("--host={host}", "--port={port}", "--threads=8", APP_TARGET),
    ),
    ServerSetup(
        "cheroot 8 threads",
        "cheroot",
        ("--bind", "{host}:{port}", "--threads", "8", APP_TARGET),
    ),
    ServerSetup(
        "gunicorn gthread 1x8",
        "gunicorn",
        (
            "--workers",
            "1",
            "--worker-class",
            "gthread",
            "--threads",
            "8",
            "--bind",
            "{host}:{port}",
            "--log-level",
            "warning",
            APP_TARGET,
        ),
    ),
)


def installed(module: str) -> bool:
    """Whether `python -m module` can run (the optional servers may be missing)."""
    return importlib.util.find_spec(module) is not None


def bench_setup(
    setup: ServerSetup, args: argparse.Namespace, generator: str, folder: Path
) -> list[list[object]]:
    """Start one server, measure it at every connection count, stop it."""
    port = args.port or free_port()
    base_url = f"http://{HOST}:{port}"
    log = folder / f"{setup.module}-{port}.log"
    print(f"[{setup.label}] starting: python -m {setup.module} ...")
    rows: list[list[object]] = []
    load = Load("GET", "/")
    with server_process(setup.command(port), f"{base_url}/", log, cwd=BENCH):
        for connections in args.connections:
            served = served_connections(base_url, load, connections)
            print(f"[{setup.label}] {served} of {connections} held-open connections answered")
            print(
                f"[{setup.label}] measuring for {args.duration:g} s "
                f"with {connections} connections ({generator}) ..."
            )
            result = measure(base_url, load, args.duration, connections, generator)
            print(f"[{setup.label}] {result.per_second:,.0f} requests/s")
            rows.append(
                [
                    setup.label,
                    connections,
                    result.per_second,
                    result.p50_ms,
                    result.p99_ms,
                    result.errors,
                    f"{served}/{connections}",
                ]
            )
    return rows


def parse_connections(text: str) -> list[int]:
    """argparse type: "16,256" -> [16, 256]."""
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"not a comma-separated list of integers: {text}"
        ) from error
    if not values or any(v < 1 for v in values):
        raise argparse.ArgumentTypeError("connection counts must be positive integers")
    return values


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line (see --help)."""
    parser = argparse.ArgumentParser(
        description=(
            "Serve a bare Flask JSON endpoint under granian, waitress, cheroot and gunicorn "
            "(one process each) and print requests/s, p50 and p99 latency per server."
        ),
        epilog="Example: python bench/servers.py --duration 10 --connections 16,256",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--duration", type=float, default=10, help="seconds per measurement")
    parser.add_argument(
        "--connections",
        type=parse_connections,
        default=parse_connections("16,256"),
        metavar="N,N,...",
        help="concurrent keep-alive connections; one measurement per value",
    )
    parser.add_argument("--port", type=int, default=0, help="server port (0: a free port)")
    parser.add_argument(
        "--only",
        default="",
        metavar="NAME,...",
        help="only the servers whose label contains one of these words, e.g. granian,waitress",
    )
    parser.add_argument(
        "--generator",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="load generator: auto uses wrk when it is on PATH, else the Python one",
    )
    return parser.parse_args(argv)


def chosen_setups(only: str) -> list[ServerSetup]:
    """The setups whose label contains one of the comma-separated words (all if none)."""
    words = [word.strip().lower() for word in only.split(",") if word.strip()]
    return [s for s in SETUPS if not words or any(w in s.label.lower() for w in words)]


def main(argv: Sequence[str] | None = None) -> int:
    """Benchmark every installed server, print the table; 130 after Ctrl-C."""
    args = parse_args(argv)
    exit_on_sigterm()
    generator = choose_generator(args.generator)
    print(f"load generator: {generator}")
    rows: list[list[object]] = []
    folder = Path(tempfile.mkdtemp(prefix="bench-servers-"))
    try:
        for setup in chosen_setups(args.only):
            if not installed(setup.module):
                print(f"[{setup.label}] skipped: {setup.module} is not installed")
                continue
            rows += bench_setup(setup, args, generator, folder)
    except KeyboardInterrupt:
        print("\ninterrupted; cleaning up", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print()
    print(f"generator: {generator}; {args.duration:g} s each; {os.cpu_count()} CPUs")
    headers = ["server", "connections", "requests/s", "p50 ms", "p99 ms", "errors"]
    print_table([*headers, "conns served"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
