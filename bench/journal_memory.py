"""Memory of the request journal under load: flat once every ring is full.

Calls the sandbox's WSGI app in process (as `request_cost.py` does) with a mix of RapidPro
requests that write nothing, so only the journal grows: creates whose 40 KiB body is
refused (cut to 16 KiB in the journal), reads of one contact, lists whose answer is longer
than 16 KiB (cut too), and refused tokens (the unmatched journal), across `--workspaces`
workspaces. At checkpoints it prints the process's resident memory (VmRSS) and what
tracemalloc counts as allocated by Python, then the same after `DELETE /_sandbox/requests`.
Memory grows while the rings fill, then stays flat however many more requests come.

    .venv/bin/python bench/journal_memory.py [--requests 50000] [--size 1000]
        [--workspaces 2] [--no-tracemalloc]

The script prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import json
import tracemalloc
from pathlib import Path
from typing import Any

from request_cost import call  # bench/ is the script's own directory, on sys.path

from sandbox.app import create_app
from sandbox.config import SandboxConfig
from sandbox.core.traffic.exchange import BODY_KEPT
from sandbox.core.traffic.journal import journal_of

CONTACTS = "/rapidpro/api/v2/contacts.json"


def resident_mib() -> float:
    """This process's resident set (Linux /proc; 0 elsewhere)."""
    status = Path("/proc/self/status")
    if not status.exists():
        return 0.0
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def call_as(app: Any, token: str, method: str, path: str, query: str, body: Any) -> str:
    """One request with `token` (request_cost.call, as this script's own client)."""
    agent = {"HTTP_USER_AGENT": "journal-memory-bench", "CONTENT_TYPE": "application/json"}
    return call(app, method, path, query, body, token=token, headers=agent)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--requests", type=int, default=50_000, help="requests in all")
    parser.add_argument("--size", type=int, default=1000, help="--journal-size")
    parser.add_argument("--workspaces", type=int, default=2, help="workspaces sending them")
    parser.add_argument("--no-tracemalloc", action="store_true", help="RSS only (faster)")
    args = parser.parse_args(argv)

    app = create_app(SandboxConfig(db=":memory:", journal_size=args.size))
    tokens = []
    for number in range(args.workspaces):
        made = json.loads(
            b"".join(
                app.control_app.test_client()
                .post("/workspaces", json={"name": f"bench-{number}"})
                .response
            )
        )
        tokens.append(made["credentials"]["rapidpro"]["token"])
    # Enough contacts that a list answers more than BODY_KEPT bytes (and is cut).
    contacts = [{"name": f"Listed contact number {n}"} for n in range(120)]
    for token in tokens:
        for contact in contacts:
            call_as(app, token, "POST", CONTACTS, "", contact)
    big = {"name": "x" * (40 * 1024)}
    mix = [
        ("GET", "name=Listed%20contact%20number%205", None, None),
        ("POST", "", big, None),
        ("GET", "", None, None),
        ("GET", "", None, "nope"),  # refused: the unmatched journal
    ]
    call(app, "DELETE", "/_sandbox/requests")
    journal = journal_of(app.sandbox.traffic)
    gc.collect()
    if not args.no_tracemalloc:
        tracemalloc.start()
    base_rss = resident_mib()
    base_traced = tracemalloc.get_traced_memory()[0] if tracemalloc.is_tracing() else 0
    rings = args.workspaces + 1
    print(
        f"journal size {args.size} x {rings} rings (each body cut at {BODY_KEPT // 1024} KiB); "
        f"{args.requests:,} requests"
    )
    print("| requests | entries kept | RSS MiB | RSS growth MiB | traced growth MiB |")
    print("|---:|---:|---:|---:|---:|")
    checkpoints = {1000, 5000, 10_000, 25_000, args.requests}
    checkpoints = {n for n in checkpoints if n <= args.requests}

    def report(done: int) -> None:
        gc.collect()
        kept = len(journal) if journal is not None else 0
        traced = tracemalloc.get_traced_memory()[0] if tracemalloc.is_tracing() else 0
        rss = resident_mib()
        print(
            f"| {done:,} | {kept:,} | {rss:,.1f} | {rss - base_rss:,.1f} | "
            f"{(traced - base_traced) / 2**20:,.1f} |",
            flush=True,
        )

    for done in range(1, args.requests + 1):
        method, query, body, token = mix[done % len(mix)]
        call_as(app, token or tokens[done % len(tokens)], method, CONTACTS, query, body)
        if done in checkpoints:
            report(done)
    call(app, "DELETE", "/_sandbox/requests")
    gc.collect()
    traced = tracemalloc.get_traced_memory()[0] if tracemalloc.is_tracing() else 0
    print(
        f"after DELETE /_sandbox/requests: RSS {resident_mib():,.1f} MiB (freed memory stays "
        f"with the allocator), traced growth {(traced - base_traced) / 2**20:,.1f} MiB"
    )
    app.close()


if __name__ == "__main__":
    main()
