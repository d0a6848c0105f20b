"""Randomised crash loop: `kill -9` of `flow-sandbox serve` under concurrent writes, again
and again, checking after each restart that every acknowledged write is there.

Each round starts the server on the same database file (state piles up from round to
round), runs 1-8 writer threads that create, rename and delete contacts of their own
through the RapidPro API, and sends SIGKILL to the server's process group after a random
delay. The restarted server must then hold:

- every contact whose create was acknowledged (201), unless its delete was acknowledged;
- for each contact, the name of its last acknowledged rename;
- no contact whose delete was acknowledged (204).

Each check looks at every round so far, so a later recovery losing an earlier write shows.

The one request each writer had in flight at the kill may or may not have landed; both are
accepted. The first violation stops the loop with exit code 1 and the details.

    .venv/bin/python bench/crash_loop.py --rounds 50 --seed 1 [--fsync]

tests/core/test_storage_crash.py is the short, fixed version that runs in `make test`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from loadgen import HOST, ROOT, free_port, new_parser, wait_until_up

TOKEN = "fcd60351118eb5c4d44f469892bbde1ed5308a45"  # the default workspace's demo token
CONTACTS = "/rapidpro/api/v2/contacts.json"
HEADERS = {"Authorization": f"Token {TOKEN}", "Content-Type": "application/json"}


@dataclass
class Writer:
    """One writer thread's view: what the server acknowledged, and what it had in flight."""

    number: int
    rng: random.Random
    names: dict[str, str] = field(default_factory=dict)  # uuid -> last acknowledged name
    deleted: set[str] = field(default_factory=set)
    in_flight: tuple[str, str, str] | None = None  # (operation, uuid, name)
    acknowledged: int = 0


def request(
    connection: http.client.HTTPConnection, method: str, path: str, body: object = None
) -> tuple[int, object]:
    data = None if body is None else json.dumps(body).encode("utf-8")
    connection.request(method, path, body=data, headers=HEADERS)
    response = connection.getresponse()
    raw = response.read()
    return response.status, (json.loads(raw) if raw else None)


def write(port: int, writer: Writer, stop: threading.Event) -> None:
    """Create, rename and delete own contacts until the server dies or `stop` is set."""
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    serial = 0
    while not stop.is_set():
        serial += 1
        roll = writer.rng.random()
        live = [uuid for uuid in writer.names if uuid not in writer.deleted]
        name = f"W{writer.number} {serial}"
        if roll < 0.6 or not live:
            writer.in_flight = ("create", "", name)
            operation = ("POST", CONTACTS, {"name": name})
        elif roll < 0.9:
            uuid = writer.rng.choice(live)
            writer.in_flight = ("rename", uuid, name)
            operation = ("POST", f"{CONTACTS}?uuid={uuid}", {"name": name})
        else:
            uuid = writer.rng.choice(live)
            writer.in_flight = ("delete", uuid, "")
            operation = ("DELETE", f"{CONTACTS}?uuid={uuid}", None)
        try:
            status, answer = request(connection, *operation)
        except (OSError, http.client.HTTPException):
            return  # the server is gone; `in_flight` stays as it was
        kind, uuid, name = writer.in_flight
        if (kind, status) == ("create", 201):
            writer.names[answer["uuid"]] = name  # type: ignore[index]
        elif (kind, status) == ("rename", 200):
            writer.names[uuid] = name
        elif (kind, status) == ("delete", 204):
            writer.deleted.add(uuid)
        else:
            raise RuntimeError(f"{kind} answered {status}: {answer}")
        writer.in_flight = None
        writer.acknowledged += 1


def stored_names(port: int) -> dict[str, str | None]:
    """uuid -> name of every live contact, paging as a client would."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    names: dict[str, str | None] = {}
    path: str | None = CONTACTS
    while path:
        status, answer = request(connection, "GET", path)
        if status != 200:
            raise RuntimeError(f"listing contacts answered {status}: {answer}")
        names.update({c["uuid"]: c["name"] for c in answer["results"]})  # type: ignore[index]
        following = answer["next"]  # type: ignore[index]
        path = following[following.index("/rapidpro/") :] if following else None
    return names


def violations(writers: Sequence[Writer], stored: dict[str, str | None]) -> list[str]:
    """What the restarted server lost or kept against the acknowledged writes."""
    found: list[str] = []
    for writer in writers:
        flight_kind, flight_uuid, flight_name = writer.in_flight or ("", "", "")
        for uuid, name in writer.names.items():
            maybe = uuid == flight_uuid
            if uuid in writer.deleted:
                if uuid in stored:
                    found.append(f"{uuid}: deleted (acknowledged) but still there")
            elif uuid not in stored:
                if not (maybe and flight_kind == "delete"):
                    found.append(f"{uuid}: created (acknowledged) but missing")
            elif stored[uuid] != name and not (maybe and stored[uuid] == flight_name):
                found.append(f"{uuid}: name {stored[uuid]!r}, last acknowledged {name!r}")
    return found


def start_server(port: int, database: Path, fsync: bool, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "sandbox", "serve", "--host", HOST, "--port", str(port)]
    command += ["--db", str(database), "--fsync" if fsync else "--no-fsync"]
    with log.open("ab") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    wait_until_up(f"http://{HOST}:{port}/_sandbox/health", process, log, 60, 0.01)
    return process


def kill(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def run_round(
    number: int, args: argparse.Namespace, rng: random.Random, folder: Path
) -> tuple[list[Writer], float]:
    """One round's writers (after the kill) and the time the server took to start."""
    port = free_port()
    began = time.monotonic()
    server = start_server(port, folder / "db.json", args.fsync, folder / "server.log")
    startup = time.monotonic() - began
    writers = [Writer(n, random.Random(rng.random())) for n in range(rng.randint(1, 8))]
    stop = threading.Event()
    threads = [threading.Thread(target=write, args=(port, w, stop)) for w in writers]
    for thread in threads:
        thread.start()
    delay = rng.uniform(0.05, args.max_delay)
    time.sleep(delay)
    kill(server)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    acknowledged = sum(w.acknowledged for w in writers)
    print(
        f"round {number}: started in {startup:.2f} s, {len(writers)} writers, killed after "
        f"{delay * 1000:.0f} ms, {acknowledged} acknowledged writes"
    )
    return writers, startup


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = new_parser(
        "kill -9 `flow-sandbox serve` under random concurrent writes, round after round, "
        "and check after each restart that every acknowledged write survived.",
        "python bench/crash_loop.py --rounds 50 --seed 1",
    )
    parser.add_argument("--rounds", type=int, default=20, help="kill/restart rounds")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: random)")
    parser.add_argument(
        "--max-delay", type=float, default=1.5, help="longest wait before a kill, in seconds"
    )
    parser.add_argument("--fsync", action="store_true", help="serve with --fsync")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    print(f"seed {seed} (repeat with --seed {seed})")
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="crash-loop-") as name:
        folder = Path(name)
        everyone: list[Writer] = []
        try:
            for number in range(1, args.rounds + 1):
                writers, _ = run_round(number, args, rng, folder)
                # Check the whole history so far on a fresh server, then stop it cleanly.
                port = free_port()
                server = start_server(port, folder / "db.json", args.fsync, folder / "server.log")
                try:
                    stored = stored_names(port)
                finally:
                    kill(server)
                everyone += writers
                lost = violations(everyone, stored)
                if lost:
                    print(f"round {number}: {len(lost)} violations", *lost[:20], sep="\n  ")
                    return 1
                print(f"round {number}: all acknowledged writes present ({len(stored)} contacts)")
        except KeyboardInterrupt:
            print("\ninterrupted", file=sys.stderr)
            return 130
    print(f"{args.rounds} rounds, {sum(w.acknowledged for w in everyone)} writes, no loss")
    return 0


if __name__ == "__main__":
    sys.exit(main())
