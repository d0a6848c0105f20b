"""What one request costs inside the app, without a server or a load generator.

Calls the sandbox's WSGI app directly, in this process, for the two requests
`rapidpro_contacts.py` measures over HTTP (get a contact by uuid, create a contact), and a
bare Flask endpoint the same way, then prints microseconds per request and the ratio to
the bare endpoint. On a shared 2-core machine whose speed drifts from minute to minute,
the ratio moves far less than requests/s under wrk do, so it is the figure to compare
when changing the request path; `rapidpro_contacts.py` gives the figures users see.

    .venv/bin/python bench/request_cost.py [--contacts 1000] [--requests 3000] [--rounds 3]

The script prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import random
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask

from sandbox.app import create_app
from sandbox.config import SandboxConfig

TOKEN = "fcd60351118eb5c4d44f469892bbde1ed5308a45"  # the default workspace's demo token
CONTACTS_PATH = "/rapidpro/api/v2/contacts.json"

WSGIApp = Callable[[dict[str, Any], Any], Iterable[bytes]]


def call(
    app: WSGIApp,
    method: str,
    path: str,
    query: str = "",
    body: Any = None,
    *,
    token: str = TOKEN,
    headers: dict[str, str] | None = None,
) -> str:
    """One request through `app`, as a WSGI server would make it (with `token`, and extra
    `headers` as WSGI keys, e.g. HTTP_USER_AGENT); returns the status."""
    data = json.dumps(body).encode("utf-8") if body is not None else b""
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_AUTHORIZATION": f"Token {token}",
        "CONTENT_LENGTH": str(len(data)),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(data),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    if body is not None:
        environ["CONTENT_TYPE"] = "application/json"
    environ.update(headers or {})
    status: list[str] = []
    b"".join(app(environ, lambda code, headers, exc_info=None: status.append(code)))
    return status[0]


def bare_app() -> Flask:
    app = Flask("bare")

    @app.get("/")
    def index() -> dict[str, Any]:
        return {"a": 1, "b": "two", "c": [1, 2, 3]}

    return app


def microseconds_each(request: Callable[[], str], count: int, rounds: int) -> float:
    """The best of `rounds` runs of `count` requests, in microseconds per request."""
    best = float("inf")
    for _ in range(rounds):
        began = time.perf_counter()
        for _ in range(count):
            request()
        best = min(best, time.perf_counter() - began)
    return best / count * 1e6


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--contacts", type=int, default=1000, help="stored contacts")
    parser.add_argument("--requests", type=int, default=3000, help="requests per round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the best one counts")
    parser.add_argument(
        "--journal-size",
        type=int,
        default=SandboxConfig.journal_size,
        help="the request journal's size (serve's default; 0 measures the path without it)",
    )
    args = parser.parse_args(argv)

    app = create_app(SandboxConfig(db=":memory:", journal_size=args.journal_size))
    rng = random.Random(args.contacts)
    contacts = [
        {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "name": f"Contact {i}",
            "urns": [f"whatsapp:55{8200000000 + i}"],
        }
        for i in range(args.contacts)
    ]
    print(f"seeding {args.contacts:,} contacts ...", flush=True)
    document = {"workspaces": {"default": {"rapidpro": {"contacts": contacts}}}}
    if call(app, "POST", "/_sandbox/fixtures", body=document) != "200 OK":
        raise SystemExit("seeding failed")
    target = str(contacts[args.contacts // 2]["uuid"]) if contacts else str(uuid.uuid4())
    bare = bare_app()
    requests: dict[str, tuple[Callable[[], str], str]] = {
        "bare Flask": (lambda: call(bare, "GET", "/"), "200 OK"),
        "get": (lambda: call(app, "GET", CONTACTS_PATH, f"uuid={target}"), "200 OK"),
        "create": (
            lambda: call(
                app, "POST", CONTACTS_PATH, body={"name": "Bench Contact", "language": "eng"}
            ),
            "201 CREATED",
        ),
    }
    for name, (request, expected) in requests.items():
        if (status := request()) != expected:
            raise SystemExit(f"{name} answered {status}, expected {expected}")
    # As `flow-sandbox serve` does after startup: what exists now stays out of collections.
    gc.collect()
    gc.freeze()
    print(f"{args.rounds} rounds of {args.requests:,} requests each, best round:")
    cost = {
        name: microseconds_each(request, args.requests, args.rounds)
        for name, (request, _) in requests.items()
    }
    print("| request | us/request | x bare Flask |")
    print("|---|---:|---:|")
    for name, micros in cost.items():
        print(f"| {name} | {micros:,.0f} | {micros / cost['bare Flask']:.2f} |")
    app.close()


if __name__ == "__main__":
    main()
