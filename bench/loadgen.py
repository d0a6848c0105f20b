"""What both benchmarks share: load generators, the connection probe, the results table,
server processes and the command-line plumbing (standard library only).

bench/rapidpro_contacts.py and bench/servers.py import this module as `loadgen`: running
either script puts bench/ first on sys.path.

- Load generators: wrk when it is on PATH (a generated Lua script sets the method, headers
  and body and prints the latency percentiles), else Python threads with one keep-alive
  http.client connection each. `measure` runs one; `choose_generator` picks it.
- `served_connections`: how many of N held-open keep-alive connections get an answer, which
  wrk cannot tell (it only reports the requests that completed).
- `server_process`: start a server in its own process group, wait until it answers, and
  stop it (SIGTERM, then SIGKILL of the group) however the block ends.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
REQUEST_TIMEOUT = 5.0  # seconds; the Python generator's and the probe's per-request limit
#: The measured columns of every results table, after the script's own ones.
RESULT_HEADERS = ("requests/s", "p50 ms", "p99 ms", "errors", "conns served")


# -- load generation ------------------------------------------------------------------------


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


def run_threads(target: Callable[[int], None], count: int) -> None:
    """Run target(0) ... target(count - 1) at once, one daemon thread each; wait for all."""
    threads = [threading.Thread(target=target, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


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

    run_threads(worker, connections)
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

    run_threads(probe, connections)
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


def wait_until_up(
    url: str,
    process: subprocess.Popen[bytes],
    log: Path,
    timeout: float,
    poll_interval: float = 0.1,
) -> None:
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
            time.sleep(poll_interval)
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
    command: Sequence[str],
    health_url: str,
    log: Path,
    cwd: Path = ROOT,
    timeout: float = 60,
    poll_interval: float = 0.1,
) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server, wait until it answers, and stop it however the block ends."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            list(command), cwd=cwd, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until_up(health_url, process, log, timeout, poll_interval)
        yield process
    finally:
        stop(process)


def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit so the `finally` blocks clean up as on Ctrl-C."""

    def handler(signum: int, frame: FrameType | None) -> None:
        print("\nterminated; cleaning up", file=sys.stderr)
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


# -- progress lines -------------------------------------------------------------------------


def probe_logged(tag: str, base_url: str, load: Load, connections: int) -> int:
    """served_connections, reported on a progress line that starts with `[tag]`."""
    served = served_connections(base_url, load, connections)
    print(f"[{tag}] {served} of {connections} held-open connections answered")
    return served


def measure_logged(
    tag: str,
    base_url: str,
    load: Load,
    duration: float,
    connections: int,
    generator: str,
    operation: str = "",
    warmup: float = 0,
) -> Result:
    """measure, with a progress line before and after (naming `operation` if given), after
    `warmup` seconds of the same load whose figures are thrown away."""
    what = f" {operation}" if operation else ""
    if warmup > 0:
        print(f"[{tag}] warming up{what} for {warmup:g} s ...")
        measure(base_url, load, warmup, connections, generator)
    print(
        f"[{tag}] measuring{what} for {duration:g} s "
        f"with {connections} connections ({generator}) ..."
    )
    result = measure(base_url, load, duration, connections, generator)
    print(f"[{tag}] {operation + ': ' if operation else ''}{result.per_second:,.0f} requests/s")
    return result


def measured_cells(result: Result, served: int, connections: int) -> list[object]:
    """A table row's measured cells, in the order of RESULT_HEADERS."""
    return [
        result.per_second,
        result.p50_ms,
        result.p99_ms,
        result.errors,
        f"{served}/{connections}",
    ]


# -- command line ---------------------------------------------------------------------------


def positive_ints(what: str) -> Callable[[str], list[int]]:
    """An argparse type: "16,256" -> [16, 256]; `what` names the values in its errors."""

    def parse(text: str) -> list[int]:
        try:
            values = [int(part) for part in text.split(",") if part.strip()]
        except ValueError as error:
            raise argparse.ArgumentTypeError(
                f"not a comma-separated list of integers: {text}"
            ) from error
        if not values or any(v < 1 for v in values):
            raise argparse.ArgumentTypeError(f"{what} must be positive integers")
        return values

    return parse


def new_parser(description: str, example: str) -> argparse.ArgumentParser:
    """A parser whose --help shows every default and ends with an example command."""
    return argparse.ArgumentParser(
        description=description,
        epilog=f"Example: {example}",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )


def add_generator_option(parser: argparse.ArgumentParser) -> None:
    """--generator auto|wrk|python."""
    parser.add_argument(
        "--generator",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="load generator: auto uses wrk when it is on PATH, else the Python one",
    )


def add_warmup_option(parser: argparse.ArgumentParser) -> None:
    """--warmup SECONDS."""
    parser.add_argument(
        "--warmup",
        type=float,
        default=1,
        help="seconds of the same load before each measurement, not counted: without it, "
        "the first measurement of a run came out 10-20%% below the same one repeated",
    )


def start(wanted: str) -> str:
    """Begin a run: SIGTERM cleans up as Ctrl-C does; pick the generator and say which."""
    exit_on_sigterm()
    generator = choose_generator(wanted)
    note = " (wrk not on PATH)" if generator == "python" and wanted == "auto" else ""
    print(f"load generator: {generator}{note}")
    return generator


def run_benchmark(
    prefix: str,
    run: Callable[[Path], list[list[object]]],
    summary: str | Callable[[], str],
    headers: Sequence[str],
) -> int:
    """`run(folder)` in a temporary folder (removed however it ends), then print `summary`
    and its rows under `headers` and RESULT_HEADERS; 0, or 130 after Ctrl-C."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        rows = run(folder)
    except KeyboardInterrupt:
        print("\ninterrupted; cleaning up", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print()
    print(summary() if callable(summary) else summary)
    print_table([*headers, *RESULT_HEADERS], rows)
    return 0
