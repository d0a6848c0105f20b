"""`python -m sandbox.healthcheck`: the container image's HEALTHCHECK.

Exits 0 when the `flow-sandbox serve` running on this machine (in a container: the one the
image started) answers `GET /_sandbox/health` with 200, 1 otherwise, printing one line
either way (Docker keeps it in `docker inspect`'s health log).

A fixed URL in the Dockerfile would mark a healthy container unhealthy as soon as the
server runs on another port (`-e FLOW_SANDBOX_PORT=9000`, or `--port 9000` passed to the
image). So the address is worked out the way `serve` works it out: the server's own
`--port` / `--host` arguments, read from its command line in /proc, then the
FLOW_SANDBOX_PORT variable `serve` also reads, then serve's defaults.

Deliberately light: it imports neither Flask nor the platforms, since Docker runs it every
few seconds for the container's whole life.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

from sandbox.config import DEFAULT_HOST, DEFAULT_PORT

#: The environment variable `flow-sandbox serve --port` falls back to.
PORT_ENV = "FLOW_SANDBOX_PORT"
HEALTH_PATH = "/_sandbox/health"
#: Addresses that mean "every interface" and the loopback address that reaches them.
_WILDCARDS = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}


def _last_option(arguments: Sequence[str], name: str) -> str | None:
    """The value of the last `name VALUE` or `name=VALUE` (a later one wins, as in click)."""
    value = None
    pending = False
    for argument in arguments:
        if pending:
            value, pending = argument, False
        elif argument == "--":
            break  # what follows is positional, never an option
        elif argument == name:
            pending = True
        elif argument.startswith(name + "="):
            value = argument[len(name) + 1 :]
    return value


def served_address(serve_arguments: Sequence[str], environ: Mapping[str, str]) -> tuple[str, int]:
    """The host and port to probe for a server started with these `serve` arguments.

    Raises ValueError for a port that is not a number (serve would have refused it too).
    """
    port = _last_option(serve_arguments, "--port") or environ.get(PORT_ENV) or DEFAULT_PORT
    host = _last_option(serve_arguments, "--host")
    host = DEFAULT_HOST if host is None else host
    return _WILDCARDS.get(host, host), int(port)


def serve_arguments(argv: Sequence[str]) -> list[str] | None:
    """The arguments after `serve` when argv is a `flow-sandbox serve` command line (the
    console script, or `python -m sandbox`), else None."""
    for index, argument in enumerate(argv[:-1]):
        script = os.path.basename(argument) == "flow-sandbox"
        module = argument == "sandbox" and index > 0 and argv[index - 1] == "-m"
        if (script or module) and argv[index + 1] == "serve":
            return list(argv[index + 2 :])
    return None


def find_server(proc: Path = Path("/proc")) -> list[str] | None:
    """The `serve` arguments of the sandbox server running here, None if none is seen.

    In pid order: PID 1 is the server in a container (or `docker run --init`'s shim, whose
    arguments are the server's); the others count behind a wrapper script, or outside any
    container.
    """
    try:
        entries = sorted(
            (entry for entry in proc.iterdir() if entry.name.isdigit()),
            key=lambda entry: int(entry.name),
        )
    except OSError:
        return None  # no /proc (not Linux): fall back to the environment
    for entry in entries:
        try:
            raw = (entry / "cmdline").read_bytes()
        except OSError:
            continue  # the process ended meanwhile, or is not ours to read
        arguments = serve_arguments(raw.decode(errors="replace").split("\0")[:-1])
        if arguments is not None:
            return arguments
    return None


def health_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}{HEALTH_PATH}"


def probe(url: str, timeout: float = 2.0) -> str | None:
    """None when url answers 200, else why not, in a few words."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (OSError, ValueError) as error:
        return f"{url}: {getattr(error, 'reason', error)}"
    return None if status == 200 else f"{url}: HTTP {status}"


def main(proc: Path = Path("/proc"), environ: Mapping[str, str] = os.environ) -> int:
    arguments = find_server(proc) or []
    try:
        host, port = served_address(arguments, environ)
    except ValueError as error:
        print(f"unhealthy: no port to probe ({error})", file=sys.stderr)
        return 1
    url = health_url(host, port)
    problem = probe(url)
    if problem is not None:
        print(f"unhealthy: {problem}", file=sys.stderr)
        return 1
    print(f"healthy: {url}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
