"""Throughput and latency of the RapidPro contacts endpoint for a growing number of contacts.

For each stored-contact count, this script starts `flow-sandbox serve` on a temporary
TinyDB file, seeds that many contacts in one POST /_sandbox/fixtures, then measures:

- get:    GET  /rapidpro/api/v2/contacts.json?uuid=<a contact in the middle of the store>
- create: POST /rapidpro/api/v2/contacts.json with {"name": ...} and no URNs, so that
          repeated bodies never collide on a URN.

The get is measured first so that it runs on exactly the seeded number of contacts;
every create adds one (the warm-up's too), so the create row's store grows during its
measurement. Each measurement follows `--warmup` seconds of the same load, not counted. When the
seeded contacts start a compaction of the journal (at 100,000 they do), the script waits
for it to finish before measuring.

The load comes from wrk when it is on PATH (a Lua script sets the method, headers and
body and prints the latency percentiles), else from a Python load generator (threads,
one keep-alive http.client connection each). The output says which one was used.

Before measuring, a probe holds `--connections` keep-alive connections open at once and
counts how many get an answer ("conns served"): wrk only reports the requests that
completed, so connections a server left waiting would not show in its figures.

The script prints figures; it asserts nothing.

    .venv/bin/python bench/rapidpro_contacts.py --counts 1000,50000 --duration 10

The load generators, the probe, the table and the process handling are in bench/loadgen.py.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Sequence
from pathlib import Path

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

# The default workspace's demo token (sandbox/platforms/rapidpro/auth.py DEMO_CREDENTIALS);
# repeated here so the script needs nothing but the standard library.
TOKEN = "fcd60351118eb5c4d44f469892bbde1ed5308a45"
CONTACTS_PATH = "/rapidpro/api/v2/contacts.json"
# The journal size that starts a compaction at the least (sandbox/core/storage/persistence.py
# COMPACT_AT_BYTES), repeated for the same reason.
COMPACT_AT_BYTES = 8 * 1024 * 1024


# -- the contacts benchmark -----------------------------------------------------------------


def make_contacts(count: int, rng: random.Random) -> list[dict[str, object]]:
    """`count` fixture contacts with unique WhatsApp URNs and reproducible uuids."""
    return [
        {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "name": f"Contact {i}",
            "urns": [f"whatsapp:55{8200000000 + i}"],
        }
        for i in range(count)
    ]


def post_json(url: str, document: object, timeout: float) -> object:
    """POST `document` as JSON and return the decoded answer (HTTPError on 4xx/5xx)."""
    data = json.dumps(document).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


def loads_for(target_uuid: str) -> dict[str, Load]:
    """The two measured requests, by operation name."""
    auth = {"Authorization": f"Token {TOKEN}"}
    return {
        "get": Load("GET", f"{CONTACTS_PATH}?uuid={target_uuid}", auth),
        "create": Load(
            "POST",
            CONTACTS_PATH,
            {**auth, "Content-Type": "application/json"},
            json.dumps({"name": "Bench Contact", "language": "eng"}).encode("utf-8"),
        ),
    }


def check_once(base_url: str, load: Load, expected: int) -> None:
    """Send `load` once; a wrong status means a broken setup, not a slow server."""
    request = urllib.request.Request(
        base_url + load.path, data=load.body, method=load.method, headers=load.headers
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != expected:
        raise RuntimeError(f"{load.method} {load.path} answered {status}, expected {expected}")


def measure_startup(command: Sequence[str], health_url: str, log: Path) -> float:
    """Seconds from starting the server on an existing database to its first answer
    (interpreter start, loading the snapshot, replaying the journal, binding the port)."""
    began = time.monotonic()
    with server_process(command, health_url, log, poll_interval=0.01):
        return time.monotonic() - began


def wait_for_compaction(count: int, database: Path, timeout: float = 120) -> None:
    """Wait until the server has folded the seeded contacts into its snapshot, if their
    journal line was long enough to start a compaction: one that falls inside a
    measurement competes with the requests for the interpreter (`compaction_stall.py`)."""
    journal = database.with_name(database.name + ".journal")
    pending = database.with_name(database.name + ".journal.pending")

    def compacting() -> bool:
        size = journal.stat().st_size if journal.exists() else 0
        return pending.exists() or size >= COMPACT_AT_BYTES

    if not compacting():
        return
    print(f"[{count:,}] waiting for the background compaction of the seeded contacts ...")
    began = time.monotonic()
    while compacting():
        if time.monotonic() - began > timeout:
            raise SystemExit(f"the server did not compact its journal within {timeout:.0f} s")
        time.sleep(0.05)
    print(f"[{count:,}] compacted in {time.monotonic() - began:.1f} s")


def bench_count(
    count: int, args: argparse.Namespace, generator: str, folder: Path, startups: dict[int, float]
) -> list[list[object]]:
    """Start a server on a fresh database, seed `count` contacts, measure both operations,
    stop it, then time a restart on the database it left."""
    port = args.port or free_port()
    base_url = f"http://{HOST}:{port}"
    database = folder / f"contacts-{count}.json"
    log = folder / f"server-{count}.log"
    command = [sys.executable, "-m", "sandbox", "serve", "--host", HOST, "--port", str(port)]
    command += ["--db", str(database), "--threads", str(args.threads)]
    print(f"[{count:,}] starting flow-sandbox serve --db {database} --threads {args.threads}")
    with server_process(command, f"{base_url}/_sandbox/health", log):
        contacts = make_contacts(count, random.Random(count))
        target = str(contacts[count // 2]["uuid"])  # the middle of the store, neither end
        # Loading a document replaces the workspace's data, so it is one document.
        document = {"workspaces": {"default": {"rapidpro": {"contacts": contacts}}}}
        print(f"[{count:,}] seeding {count:,} contacts through POST /_sandbox/fixtures ...")
        began = time.monotonic()
        post_json(f"{base_url}/_sandbox/fixtures", document, timeout=1800)
        print(f"[{count:,}] seeded in {time.monotonic() - began:.1f} s")
        wait_for_compaction(count, database)
        loads = loads_for(target)
        check_once(base_url, loads["get"], 200)
        served = probe_logged(f"{count:,}", base_url, loads["get"], args.connections)
        rows: list[list[object]] = []
        for operation in ("get", "create"):  # get first: it then sees exactly `count`
            result = measure_logged(
                f"{count:,}",
                base_url,
                loads[operation],
                args.duration,
                args.connections,
                generator,
                operation,
                warmup=args.warmup,
            )
            rows.append([count, operation, *measured_cells(result, served, args.connections)])
        print(f"[{count:,}] stopping the server (it writes its state first) ...")
    health = f"{base_url}/_sandbox/health"
    startups[count] = measure_startup(command, health, folder / f"restart-{count}.log")
    print(f"[{count:,}] restarted on the stored file in {startups[count]:.2f} s")
    return rows


#: argparse type: "1000,50000" -> [1000, 50000].
parse_counts = positive_ints("counts")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line (see --help)."""
    parser = new_parser(
        "Measure contact create and contact get-by-uuid on `flow-sandbox serve` "
        "(a temporary TinyDB file) for each number of stored contacts, and print "
        "requests/s, p50 and p99 latency and errors per operation.",
        "python bench/rapidpro_contacts.py --counts 1000,50000 --duration 10",
    )
    parser.add_argument(
        "--counts",
        type=parse_counts,
        default=parse_counts("1000,50000"),
        metavar="N,N,...",
        help="stored-contact counts, one server (and one fresh database) each",
    )
    parser.add_argument("--duration", type=float, default=10, help="seconds per measurement")
    parser.add_argument(
        "--connections", type=int, default=16, help="concurrent keep-alive connections"
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="server threads (flow-sandbox serve --threads)"
    )
    parser.add_argument("--port", type=int, default=0, help="server port (0: a free port)")
    add_generator_option(parser)
    add_warmup_option(parser)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Benchmark every count, print the table; 130 after Ctrl-C."""
    args = parse_args(argv)
    generator = start(args.generator)

    startups: dict[int, float] = {}

    def run(folder: Path) -> list[list[object]]:
        rows: list[list[object]] = []
        for count in args.counts:
            rows += bench_count(count, args, generator, folder, startups)
        return rows

    def summary() -> str:
        restarts = "; ".join(f"{count:,}: {seconds:.2f} s" for count, seconds in startups.items())
        return (
            f"generator: {generator}; {args.connections} connections; {args.duration:g} s each; "
            f"server: flow-sandbox serve --threads {args.threads}; {os.cpu_count()} CPUs\n"
            f"startup on the stored file (process start to first answer): {restarts}"
        )

    return run_benchmark("bench-contacts-", run, summary, ["stored contacts", "operation"])


if __name__ == "__main__":
    sys.exit(main())
