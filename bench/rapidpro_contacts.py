"""Throughput and latency of the RapidPro contacts endpoint for a growing number of contacts.

For each stored-contact count, this script starts `flow-sandbox serve` on a temporary
TinyDB file, seeds that many contacts in one POST /_sandbox/fixtures, then measures:

- get:    GET  /rapidpro/api/v2/contacts.json?uuid=<a contact in the middle of the store>
- create: POST /rapidpro/api/v2/contacts.json with {"name": ...} and no URNs, so that
          repeated bodies never collide on a URN.

The get is measured first so that it runs on exactly the seeded number of contacts;
every create adds one, so the create row's store grows during its measurement.

The load comes from wrk when it is on PATH (a Lua script sets the method, headers and
body and prints the latency percentiles), else from a Python load generator (threads,
one keep-alive http.client connection each). The output says which one was used.

Before measuring, a probe holds `--connections` keep-alive connections open at once and
counts how many get an answer ("conns served"): wrk only reports the requests that
completed, so connections a server left waiting would not show in its figures.

The script prints figures; it asserts nothing.

    .venv/bin/python bench/rapidpro_contacts.py --counts 1000,50000 --duration 10

bench/servers.py imports the load generator and the table printer from here.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
# The default workspace's demo token (sandbox/platforms/rapidpro/auth.py DEMO_CREDENTIALS);
# repeated here so the script needs nothing but the standard library.
TOKEN = "fcd60351118eb5c4d44f469892bbde1ed5308a45"
CONTACTS_PATH = "/rapidpro/api/v2/contacts.json"
HOST = "127.0.0.1"
REQUEST_TIMEOUT = 5.0  # seconds; the Python generator's and the probe's per-request limit


# -- load generation (shared with bench/servers.py) ---------------------------------------


@dataclass(frozen=True)
class Load:
    """One HTTP request, repeated as fast as the connections allow."""

    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None


@dataclass(frozen=True)
class Result:
    """What a measurement produced; latencies in milliseconds."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def per_second(self) -> float:
        """Completed requests per second of the measurement window."""
        return self.requests / self.seconds if self.seconds else 0.0


def choose_generator(wanted: str) -> str:
    """`wrk` if asked for or (for `auto`) if it is on PATH, else `python`."""
    if wanted == "auto":
        return "wrk" if shutil.which("wrk") else "python"
    if wanted == "wrk" and not shutil.which("wrk"):
        raise SystemExit("--generator wrk: wrk is not on PATH")
    return wanted


def measure(base_url: str, load: Load, duration: float, connections: int, generator: str) -> Result:
    """Run `load` against `base_url` for `duration` seconds with `connections` connections."""
    if generator == "wrk":
        return _measure_wrk(base_url, load, duration, connections)
    return _measure_python(base_url, load, duration, connections)


def _lua_string(text: str) -> str:
    # A long-bracket literal needs no escaping as long as the text has no "]==]".
    return f"[==[{text}]==]"


def _wrk_script(load: Load) -> str:
    """A wrk Lua script that sends `load` and prints one machine-readable RESULT line."""
    lines = [f"wrk.method = {_lua_string(load.method)}"]
    if load.body is not None:
        lines.append(f"wrk.body = {_lua_string(load.body.decode('utf-8'))}")
    for name, value in load.headers.items():
        lines.append(f"wrk.headers[ {_lua_string(name)} ] = {_lua_string(value)}")
    # latency:percentile() is in microseconds; errors.status counts responses >= 400.
    lines.append(
        """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %f %f\\n",
    summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""
    )
    return "\n".join(lines)


def _measure_wrk(base_url: str, load: Load, duration: float, connections: int) -> Result:
    """Run wrk with a generated Lua script and read the RESULT line its done() prints."""
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as folder:
        script = Path(folder) / "load.lua"
        script.write_text(_wrk_script(load), encoding="utf-8")
        # Two client threads: this is a 2-core machine, and the server needs the cores more.
        threads = max(1, min(2, connections))
        command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration:g}s", "--latency"]
        # A long timeout: wrk 4.1 does not count its timeouts reliably anyway (hence
        # served_connections), and slow answers should show up in p99, not vanish.
        command += ["--timeout", "30s", "-s", str(script), base_url + load.path]
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in completed.stdout.splitlines():
        if line.startswith("RESULT "):
            requests, micros, errors, p50, p99 = line.split()[1:]
            return Result(
                requests=int(requests),
                seconds=int(micros) / 1e6,
                p50_ms=float(p50) / 1000,
                p99_ms=float(p99) / 1000,
                errors=int(errors),
            )
    raise RuntimeError(f"wrk failed:\n{completed.stdout}\n{completed.stderr}")


def _percentile(ordered: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of an ascending list (0 for an empty one)."""
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _host_port(base_url: str) -> tuple[str, int]:
    """("127.0.0.1", 8000) from "http://127.0.0.1:8000"."""
    host, port = base_url.split("://", 1)[1].rstrip("/").rsplit(":", 1)
    return host, int(port)


def _measure_python(base_url: str, load: Load, duration: float, connections: int) -> Result:
    """Threads with keep-alive connections; the GIL makes this a weaker client than wrk.

    Only requests that finish inside the window count. A request unanswered after
    REQUEST_TIMEOUT seconds is an error (wrk 4.1 does not reliably count its timeouts).
    """
    host, port = _host_port(base_url)
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections
    deadline = time.perf_counter() + duration

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=REQUEST_TIMEOUT)
        mine = latencies[index]
        while time.perf_counter() < deadline:
            begin = time.perf_counter()
            try:
                connection.request(load.method, load.path, body=load.body, headers=load.headers)
                response = connection.getresponse()
                response.read()
                failed = response.status >= 400
            except (OSError, http.client.HTTPException):
                failed = True
                connection.close()  # reconnects on the next request
            end = time.perf_counter()
            if end > deadline:
                # Past the window only a failure counts: a connection left waiting
                # throughout would otherwise go unnoticed.
                errors[index] += failed
                break
            mine.append(end - begin)
            errors[index] += failed
        connection.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(value for per_thread in latencies for value in per_thread)
    return Result(
        requests=len(ordered),
        seconds=duration,
        p50_ms=_percentile(ordered, 0.50) * 1000,
        p99_ms=_percentile(ordered, 0.99) * 1000,
        errors=sum(errors),
    )


def served_connections(
    base_url: str, load: Load, connections: int, wait: float = REQUEST_TIMEOUT
) -> int:
    """How many of `connections` keep-alive connections, all held open at once, get an
    answer to one request within `wait` seconds.

    wrk cannot tell this: it reports rates and latencies of the requests that completed,
    so a server that serves only its first few connections and leaves the others waiting
    (granian with --backpressure N serves at most N open connections) looks fast. Every
    connection here stays open until all have finished, as a client pool's would.
    """
    host, port = _host_port(base_url)
    answered = [False] * connections
    all_done = threading.Barrier(connections)

    def probe(index: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=wait)
        try:
            connection.request(load.method, load.path, body=load.body, headers=load.headers)
            response = connection.getresponse()
            response.read()
            answered[index] = response.status < 400
        except (OSError, http.client.HTTPException):
            pass
        finally:
            # Hold the connection (and any slot it took) until every probe is over.
            with contextlib.suppress(threading.BrokenBarrierError):
                all_done.wait(timeout=wait * 2)
            connection.close()

    threads = [threading.Thread(target=probe, args=(i,), daemon=True) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(answered)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """Print rows under headers, numbers right-aligned, as a Markdown-compatible table."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    numeric = [all(isinstance(row[i], int | float) for row in rows) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        padded = [
            v.rjust(w) if is_number else v.ljust(w)
            for v, w, is_number in zip(values, widths, numeric, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    # Markdown alignment markers: "---:" right-aligns a numeric column.
    rules = [
        "-" * (w + 1) + ":" if n else "-" * (w + 2) for w, n in zip(widths, numeric, strict=True)
    ]
    print(line(list(headers)))
    print("|" + "|".join(rules) + "|")
    for row in cells:
        print(line(row))


def _cell(value: object) -> str:
    """Big numbers without decimals (with thousands separators), small ones with two."""
    if isinstance(value, float):
        return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


# -- processes ------------------------------------------------------------------------------


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    """Poll `url` until it answers; fail with the server's log if it dies or stays silent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answered, with an error status: it is up
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server did not answer {url} within {timeout:g} s")


def stop(process: subprocess.Popen[bytes], grace: float = 60) -> None:
    """SIGTERM (the server writes its state and exits), then SIGKILL its process group.

    The server runs in its own session (process group) so that Ctrl-C reaches only this
    script, which then stops it here; the group also holds granian's worker process.
    """
    if process.poll() is None:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@contextlib.contextmanager
def server_process(
    command: Sequence[str], health_url: str, log: Path, cwd: Path = ROOT, timeout: float = 60
) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server, wait until it answers, and stop it however the block ends."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            list(command), cwd=cwd, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until_up(health_url, process, log, timeout)
        yield process
    finally:
        stop(process)


def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit so the `finally` blocks clean up as on Ctrl-C."""

    def handler(signum: int, frame: FrameType | None) -> None:
        print("\nterminated; cleaning up", file=sys.stderr)
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


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


def bench_count(
    count: int, args: argparse.Namespace, generator: str, folder: Path
) -> list[list[object]]:
    """Start a server on a fresh database, seed `count` contacts, measure both operations."""
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
        loads = loads_for(target)
        check_once(base_url, loads["get"], 200)
        served = served_connections(base_url, loads["get"], args.connections)
        print(f"[{count:,}] {served} of {args.connections} held-open connections answered")
        rows: list[list[object]] = []
        for operation in ("get", "create"):  # get first: it then sees exactly `count`
            print(
                f"[{count:,}] measuring {operation} for {args.duration:g} s "
                f"with {args.connections} connections ({generator}) ..."
            )
            result = measure(base_url, loads[operation], args.duration, args.connections, generator)
            print(f"[{count:,}] {operation}: {result.per_second:,.0f} requests/s")
            rows.append(
                [
                    count,
                    operation,
                    result.per_second,
                    result.p50_ms,
                    result.p99_ms,
                    result.errors,
                    f"{served}/{args.connections}",
                ]
            )
        print(f"[{count:,}] stopping the server (it writes its state first) ...")
    return rows


def parse_counts(text: str) -> list[int]:
    """argparse type: "1000,50000" -> [1000, 50000]."""
    try:
        counts = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"not a comma-separated list of integers: {text}"
        ) from error
    if not counts or any(c < 1 for c in counts):
        raise argparse.ArgumentTypeError("counts must be positive integers")
    return counts


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line (see --help)."""
    parser = argparse.ArgumentParser(
        description=(
            "Measure contact create and contact get-by-uuid on `flow-sandbox serve` "
            "(a temporary TinyDB file) for each number of stored contacts, and print "
            "requests/s, p50 and p99 latency and errors per operation."
        ),
        epilog="Example: python bench/rapidpro_contacts.py --counts 1000,50000 --duration 10",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
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
    parser.add_argument(
        "--generator",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="load generator: auto uses wrk when it is on PATH, else the Python one",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Benchmark every count, print the table; 130 after Ctrl-C."""
    args = parse_args(argv)
    exit_on_sigterm()
    generator = choose_generator(args.generator)
    print(
        f"load generator: {generator}"
        + (" (wrk not on PATH)" if generator == "python" and args.generator == "auto" else "")
    )
    rows: list[list[object]] = []
    folder = Path(tempfile.mkdtemp(prefix="bench-contacts-"))
    try:
        for count in args.counts:
            rows += bench_count(count, args, generator, folder)
    except KeyboardInterrupt:
        print("\ninterrupted; cleaning up", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print()
    print(
        f"generator: {generator}; {args.connections} connections; {args.duration:g} s each; "
        f"server: flow-sandbox serve --threads {args.threads}; {os.cpu_count()} CPUs"
    )
    headers = ["stored contacts", "operation", "requests/s", "p50 ms", "p99 ms", "errors"]
    print_table([*headers, "conns served"], rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
