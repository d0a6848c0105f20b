"""How soon does `flow-sandbox serve` answer? Time from process start to the first 200 of
`GET /_sandbox/health`, for `--db :memory:` and for a database file in an empty directory.

Starts the real command (the `flow-sandbox` script of this interpreter's environment) on a
free port, polls the health endpoint until it answers 200, stops the server with SIGTERM,
and repeats. Prints every run and the median per case. It asserts nothing.

    .venv/bin/python bench/startup.py [--runs 5] [--timeout 20]
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HOST = "127.0.0.1"
#: How long to wait between two polls of a server that does not answer yet (seconds): short
#: beside the figures measured, long enough not to steal much CPU from the server starting.
POLL = 0.002


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def command() -> list[str]:
    """The installed `flow-sandbox` script beside this interpreter, else `-m sandbox`."""
    script = Path(sys.executable).with_name("flow-sandbox")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "sandbox"]


def health_ok(port: int) -> bool:
    connection = http.client.HTTPConnection(HOST, port, timeout=2)
    try:
        connection.request("GET", "/_sandbox/health")
        return connection.getresponse().status == 200
    except OSError:  # refused: not listening yet
        return False
    finally:
        connection.close()


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process has used so far, from /proc (Linux); NaN
    elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_to_health(db: str, timeout: float) -> tuple[float, float]:
    """Seconds from starting `serve` to its first 200 on /_sandbox/health, and the CPU
    seconds the server used until then (the wall time grows with the machine's load)."""
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [*command(), "serve", "--port", str(port), "--db", db],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        while not health_ok(port):
            if server.poll() is not None:
                error = server.stderr.read().decode() if server.stderr else ""
                raise RuntimeError(f"serve exited with {server.returncode}: {error}")
            if time.perf_counter() - started > timeout:
                raise RuntimeError(f"no answer from /_sandbox/health within {timeout} s")
            time.sleep(POLL)
        return time.perf_counter() - started, cpu_seconds(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def measure(case: str, runs: int, timeout: float) -> list[tuple[float, float]]:
    figures = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="flow-sandbox-startup-") as directory:
            db = ":memory:" if case == ":memory:" else os.path.join(directory, "sandbox.json")
            figures.append(time_to_health(db, timeout))
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args(argv)
    print(f"{' '.join(command())} serve: start to first 200 of /_sandbox/health")
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for case, label in ((":memory:", "--db :memory:"), ("empty", "--db <empty dir>/sandbox.json")):
        figures = measure(case, args.runs, args.timeout)
        for index, what in ((0, "wall"), (1, "server CPU")):
            values = [figure[index] * 1000 for figure in figures]
            runs = ", ".join(f"{value:.0f}" for value in values)
            print(
                f"  {label:<30} {what:<10} median {statistics.median(values):5.0f} ms"
                f"  (runs: {runs})"
            )


if __name__ == "__main__":
    main()
