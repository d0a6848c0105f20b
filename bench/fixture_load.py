"""What loading a fixture document of N RapidPro contacts costs: time and memory.

For each count, two ways in, each on a fresh database in a temporary folder:

- **post**: `flow-sandbox serve` is started empty, then the document is sent in one
  `POST /_sandbox/fixtures`. Meanwhile another thread asks `GET /_sandbox/health` again and
  again: the longest of those waits is how long the load kept every other request waiting.
- **startup**: `flow-sandbox serve --fixtures <file>`, timed from process start to the first
  answer of `/_sandbox/health`, against the same server started without the file.

Memory is the proportional set size (PSS, from /proc/<pid>/smaps_rollup) summed over the
server's processes (one since `serve` stopped forking granian's worker; summed so that
a server that forks, like older trees, is not counted twice through shared pages).
"extra" is after the load minus before it (post) or minus the same server without
fixtures (startup); "peak" is the highest sum sampled every 20 ms, minus the same baseline.
Linux only.

    .venv/bin/python bench/fixture_load.py [--counts 10000,100000] [--ways post,startup]
        [--format json|yaml]

The script prints figures; it asserts nothing.
"""

from __future__ import annotations

import functools
import http.client
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import yaml
from loadgen import (
    HOST,
    ROOT,
    exit_on_sigterm,
    free_port,
    new_parser,
    positive_ints,
    print_table,
    server_process,
)

WAYS = ("post", "startup")
SAMPLE_EVERY = 0.02  # seconds between memory samples
HEADERS = (
    "contacts",
    "document MB",
    "way",
    "load s",
    "server CPU s",
    "extra MB",
    "peak extra MB",
    "longest wait s",
)


def make_document(count: int, form: str) -> bytes:
    """`count` contacts with unique WhatsApp URNs and reproducible uuids (what
    bench/rapidpro_contacts.py seeds), as JSON or YAML."""
    rng = random.Random(count)
    contacts = [
        {
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "name": f"Contact {i}",
            "urns": [f"whatsapp:55{8200000000 + i}"],
        }
        for i in range(count)
    ]
    document = {"version": 1, "workspaces": {"default": {"rapidpro": {"contacts": contacts}}}}
    if form == "yaml":
        return yaml.dump(document, Dumper=yaml.CSafeDumper, sort_keys=False).encode("utf-8")
    return json.dumps(document).encode("utf-8")


def group_processes(group: int) -> Iterator[tuple[Path, list[str]]]:
    """(/proc/<pid>, the fields of its stat after the command name) of every process in
    process group `group`."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name (field 2) may hold spaces; the fields after it do not.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group:
            yield stat.parent, fields


def group_cpu_s(group: int) -> float:
    """CPU seconds (user + system) the processes of `group` have used: unlike the wall
    time, it hardly moves when other jobs share the machine."""
    ticks = sum(int(fields[11]) + int(fields[12]) for _, fields in group_processes(group))
    return ticks / os.sysconf("SC_CLK_TCK")


def group_pss_mb(group: int) -> float:
    """PSS of every process in process group `group`, in MB (0 for one that has gone)."""
    total_kb = 0
    for folder, _ in group_processes(group):
        try:
            for line in (folder / "smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kb += int(line.split()[1])
                    break
        except (OSError, IndexError, ValueError):
            continue
    return total_kb / 1024


@contextmanager
def sampled(measure: Callable[[], float]) -> Iterator[list[float]]:
    """Call `measure` every SAMPLE_EVERY seconds while the block runs; the list it yields
    holds the highest value seen (filled in when the block ends)."""
    peak: list[float] = []
    highest = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal highest
        while not done.is_set():
            highest = max(highest, measure())
            done.wait(SAMPLE_EVERY)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        done.set()
        thread.join()
        peak.append(max(highest, measure()))


@contextmanager
def longest_wait(port: int) -> Iterator[list[float]]:
    """Ask /_sandbox/health one request after another while the block runs; the list it
    yields holds the longest time one of them took (filled in when the block ends)."""
    longest: list[float] = []
    worst = 0.0
    done = threading.Event()

    def ask() -> None:
        nonlocal worst
        connection = http.client.HTTPConnection(HOST, port, timeout=600)
        while not done.is_set():
            began = time.monotonic()
            connection.request("GET", "/_sandbox/health")
            connection.getresponse().read()
            worst = max(worst, time.monotonic() - began)
            done.wait(0.005)
        connection.close()

    thread = threading.Thread(target=ask, daemon=True)
    thread.start()
    try:
        yield longest
    finally:
        done.set()
        thread.join()
        longest.append(worst)


def post_document(port: int, body: bytes, form: str) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=1800)
    connection.request(
        "POST", "/_sandbox/fixtures", body=body, headers={"Content-Type": f"application/{form}"}
    )
    response = connection.getresponse()
    answer = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"the load answered {response.status}: {answer[:500]!r}")


@functools.cache
def takes_max_body_size() -> bool:
    """Whether `serve` has --max-body-size (trees before it read bodies of any size)."""
    command = [sys.executable, "-m", "sandbox", "serve", "--help"]
    shown = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return "--max-body-size" in shown.stdout


def serve_command(
    port: int, database: Path, body_size: int, fixtures: Path | None = None
) -> list[str]:
    command = [sys.executable, "-m", "sandbox", "serve", "--host", HOST, "--port", str(port)]
    command += ["--db", str(database)]
    if takes_max_body_size():  # the document must get through, whatever the default limit
        command += ["--max-body-size", str(body_size + 1024 * 1024)]
    return command + (["--fixtures", str(fixtures)] if fixtures else [])


def settle() -> None:
    """Give a server that has just answered its first request time to finish starting
    (granian's worker), so its memory is not sampled half-built."""
    time.sleep(1.0)


def by_post(count: int, body: bytes, form: str, folder: Path) -> list[object]:
    port = free_port()
    health = f"http://{HOST}:{port}/_sandbox/health"
    command = serve_command(port, folder / f"post-{count}.json", len(body))
    with server_process(command, health, folder / f"post-{count}.log") as server:
        settle()
        before, cpu_before = group_pss_mb(server.pid), group_cpu_s(server.pid)
        print(f"[{count:,}] post: server up, {before:.0f} MB; sending the document ...")
        with sampled(lambda: group_pss_mb(server.pid)) as peak, longest_wait(port) as wait:
            began = time.monotonic()
            post_document(port, body, form)
            seconds = time.monotonic() - began
        after, cpu = group_pss_mb(server.pid), group_cpu_s(server.pid) - cpu_before
    megabytes = len(body) / 1e6
    return [count, megabytes, "post", seconds, cpu, after - before, peak[0] - before, wait[0]]


def by_startup(count: int, body: bytes, form: str, folder: Path) -> list[object]:
    fixtures = folder / f"fixtures-{count}.{form}"
    fixtures.write_bytes(body)
    runs: dict[bool, tuple[float, float, float]] = {}
    for with_file in (False, True):
        port = free_port()
        health = f"http://{HOST}:{port}/_sandbox/health"
        database = folder / f"startup-{count}-{with_file}.json"
        command = serve_command(port, database, len(body), fixtures if with_file else None)
        log = folder / f"startup-{count}-{with_file}.log"
        began = time.monotonic()
        with server_process(command, health, log, timeout=600, poll_interval=0.01) as server:
            seconds = time.monotonic() - began
            settle()
            runs[with_file] = (seconds, group_cpu_s(server.pid), group_pss_mb(server.pid))
        print(
            f"[{count:,}] startup {'with' if with_file else 'without'} --fixtures: {seconds:.2f} s"
        )
    (bare_s, bare_cpu, bare_mb), (full_s, full_cpu, full_mb) = runs[False], runs[True]
    cpu = full_cpu - bare_cpu
    return [count, len(body) / 1e6, "startup", full_s - bare_s, cpu, full_mb - bare_mb, "-", "-"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = new_parser(
        __doc__.split("\n\n")[0], ".venv/bin/python bench/fixture_load.py --counts 100000"
    )
    parser.add_argument(
        "--counts", type=positive_ints("counts"), default="10000,100000", help="contacts"
    )
    parser.add_argument(
        "--ways",
        type=lambda text: [way for way in text.split(",") if way],
        default=",".join(WAYS),
        help="post (POST /_sandbox/fixtures), startup (serve --fixtures), or both",
    )
    parser.add_argument(
        "--format",
        choices=("json", "yaml"),
        default="json",
        help="the document's form (PyYAML builds a YAML document's values in Python, "
        "so a big YAML document takes far longer to parse)",
    )
    args = parser.parse_args(argv)
    if unknown := set(args.ways) - set(WAYS):
        parser.error(f"unknown way(s): {', '.join(sorted(unknown))}")

    exit_on_sigterm()
    folder = Path(tempfile.mkdtemp(prefix="fixture-load-"))
    rows: list[list[object]] = []
    try:
        for count in args.counts:
            body = make_document(count, args.format)
            if "post" in args.ways:
                rows.append(by_post(count, body, args.format, folder))
            if "startup" in args.ways:
                rows.append(by_startup(count, body, args.format, folder))
    except KeyboardInterrupt:
        print("\ninterrupted; cleaning up", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print()
    print(
        "load s: post = the POST's answer time; startup = startup with --fixtures minus "
        "without (wall clock). server CPU s: user + system time of the server's processes, "
        "the same difference. MB: PSS summed over the server's processes."
    )
    print_table(HEADERS, rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
