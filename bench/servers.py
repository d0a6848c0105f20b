"""Which WSGI server should serve the sandbox? Reproduces the choice in sandbox/server.py.

Serves one bare Flask JSON endpoint (`app` below: `GET /`, and with `--requests get,post`
also `POST /`, which reads a JSON body and answers 201) under each server in turn, always
as a single process, because TinyDB is not process-safe and the sandbox can only ever run
one worker:

- granian in-process, 1 blocking thread: what `flow-sandbox serve` runs (granian's WSGI
  worker in the process started, no forked worker: sandbox/server.py says why), through
  `python -m sandbox.server servers:app`
- granian, 1 worker, 1 blocking thread: the `granian` command, which forks its worker
- granian, 1 worker, 4 blocking threads (unbounded backpressure: granian's default)
- granian, 1 worker, 4 blocking threads, --backpressure 4 (caps open connections at 4)
- waitress, 8 threads
- cheroot, 8 threads
- gunicorn, 1 gthread worker, 8 threads

A server that is not installed is skipped with a note (`pip install waitress cheroot
gunicorn` adds the optional ones). Each is measured with wrk when it is on PATH, else
with the Python load generator of bench/loadgen.py, and the script prints
requests/s, p50 and p99 per server and connection count. It asserts nothing.

"conns served" comes from a probe that holds that many keep-alive connections open at
once and counts those answered within 5 s. It matters for reading the latencies: wrk
only times requests that complete, and granian's --backpressure N serves at most N open
connections, so its low p99 is that of the N connections it served while the others
waited (which is why flow-sandbox does not set it).

    .venv/bin/python bench/servers.py --duration 10 --connections 16,256 [--requests get,post]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, request

# The sibling module holds the load generators and process helpers; running this file puts
# bench/ first on sys.path, and the servers import `servers:app` with bench/ as cwd.
from loadgen import (
    HOST,
    Load,
    add_generator_option,
    add_warmup_option,
    free_port,
    measure_logged,
    measured_cells,
    new_parser,
    positive_ints,
    probe_logged,
    run_benchmark,
    server_process,
    start,
)

BENCH = Path(__file__).resolve().parent
APP_TARGET = "servers:app"


def create_app() -> Flask:
    """A bare Flask app with one small JSON endpoint: the server is what is measured."""
    flask_app = Flask(__name__)

    @flask_app.get("/")
    def index() -> dict[str, object]:
        return {"uuid": "6513270e-269e-4d37-b2a7-4de452e6b438", "name": "Ana", "groups": []}

    @flask_app.post("/")
    def create() -> tuple[dict[str, object], int]:
        # What a create costs the server and Flask alone: read a JSON body, answer 201.
        return {"uuid": "6513270e-269e-4d37-b2a7-4de452e6b438", **request.get_json()}, 201

    return flask_app


#: The requests `--requests` chooses from: the bare counterparts of a get and a create.
LOADS = {
    "get": Load("GET", "/"),
    "post": Load(
        "POST",
        "/",
        headers={"Content-Type": "application/json"},
        body=b'{"name": "Bench Contact", "language": "eng"}',
    ),
}


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
        "granian in-process 1 thread",
        "sandbox.server",
        ("--host", "{host}", "--port", "{port}", "--threads", "1", APP_TARGET),
    ),
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
    with server_process(setup.command(port), f"{base_url}/", log, cwd=BENCH):
        for name in args.requests:
            load = LOADS[name]
            label = f"{setup.label}, {name}"
            for connections in args.connections:
                served = probe_logged(label, base_url, load, connections)
                result = measure_logged(
                    label,
                    base_url,
                    load,
                    args.duration,
                    connections,
                    generator,
                    warmup=args.warmup,
                )
                cells = measured_cells(result, served, connections)
                rows.append([setup.label, name.upper(), connections, *cells])
    return rows


#: argparse type: "16,256" -> [16, 256].
parse_connections = positive_ints("connection counts")


def parse_requests(text: str) -> list[str]:
    """argparse type: "get,post" -> ["get", "post"]."""
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in LOADS]
    if not names or unknown:
        raise argparse.ArgumentTypeError(
            f"requests: choose from {', '.join(LOADS)}, comma-separated (not {text!r})"
        )
    return names


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line (see --help)."""
    parser = new_parser(
        "Serve a bare Flask JSON endpoint under granian, waitress, cheroot and gunicorn "
        "(one process each) and print requests/s, p50 and p99 latency per server.",
        "python bench/servers.py --duration 10 --connections 16,256",
    )
    parser.add_argument("--duration", type=float, default=10, help="seconds per measurement")
    parser.add_argument(
        "--connections",
        type=parse_connections,
        default=parse_connections("16,256"),
        metavar="N,N,...",
        help="concurrent keep-alive connections; one measurement per value",
    )
    parser.add_argument(
        "--requests",
        type=parse_requests,
        default=parse_requests("get"),
        metavar="get,post",
        help="the requests to measure: get (a small JSON object) and/or post (a JSON body "
        "read, 201 answered)",
    )
    parser.add_argument("--port", type=int, default=0, help="server port (0: a free port)")
    parser.add_argument(
        "--only",
        default="",
        metavar="NAME,...",
        help="only the servers whose label contains one of these words, e.g. granian,waitress",
    )
    add_generator_option(parser)
    add_warmup_option(parser)
    return parser.parse_args(argv)


def chosen_setups(only: str) -> list[ServerSetup]:
    """The setups whose label contains one of the comma-separated words (all if none)."""
    words = [word.strip().lower() for word in only.split(",") if word.strip()]
    return [s for s in SETUPS if not words or any(w in s.label.lower() for w in words)]


def main(argv: Sequence[str] | None = None) -> int:
    """Benchmark every installed server, print the table; 130 after Ctrl-C."""
    args = parse_args(argv)
    generator = start(args.generator)

    def run(folder: Path) -> list[list[object]]:
        rows: list[list[object]] = []
        for setup in chosen_setups(args.only):
            if not installed(setup.module):
                print(f"[{setup.label}] skipped: {setup.module} is not installed")
                continue
            rows += bench_setup(setup, args, generator, folder)
        return rows

    summary = f"generator: {generator}; {args.duration:g} s each; {os.cpu_count()} CPUs"
    return run_benchmark("bench-servers-", run, summary, ["server", "request", "connections"])


if __name__ == "__main__":
    sys.exit(main())
