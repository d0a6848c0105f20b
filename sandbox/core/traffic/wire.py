"""Answers a fault cuts on the wire: dropped, empty or truncated.

A WSGI application cannot close its connection: it can only return a body. So a cut is
made on the connection's socket itself, found in the environ:

- werkzeug's server (`make_server`, what `sandbox.testing` serves from a thread) and
  gunicorn put it there (`werkzeug.socket`, `gunicorn.socket`);
- granian (what `flow-sandbox serve` runs) does not, and its WSGI protocol has no way to
  abort an answer: once it has the status and headers it writes them, so a body that fails
  half-way reaches the client as a head and part of a body, or as nothing, depending on
  which of its threads wins (measured: 1 drop in 100 arrived as an empty reply, 99 with
  the head). The socket is found among the process's file descriptors instead: the TCP
  connection to the request's client address on the server's port that received data
  last (the request was just read from it). Several connections from one address at the
  same instant could make that the wrong one; a test sandbox seldom has them.

With the socket: a drop shuts it down before any byte is written; a truncation writes the
status line, the headers (with the whole body's Content-Length) and the first bytes itself,
then shuts it down. The server then fails to write its own answer on a dead connection
and forgets it. Without a socket (werkzeug's test `Client`, an unknown server) a drop
raises `ConnectionAbortedError` out of the application, and a truncation returns the head
and a body that raises it after the first bytes: what a caller in the same process sees.
An empty answer needs no cut: the status and headers with `Content-Length: 0`.
"""

from __future__ import annotations

import contextlib
import os
import socket
import struct
from collections.abc import Iterable, Iterator
from http import HTTPStatus
from typing import Any

from sandbox.core.traffic.exchange import Exchange

#: Environ keys of servers that hand the application its connection.
SOCKET_KEYS = ("werkzeug.socket", "gunicorn.socket")
#: Where a process's open file descriptors are listed (Linux; /dev/fd on macOS and BSDs).
FD_DIRS = ("/proc/self/fd", "/dev/fd")
#: `struct tcp_info` (linux/tcp.h): byte 0 is the state, `tcpi_last_data_recv` (ms since
#: the connection last received data) the u32 at offset 52.
_TCP_ESTABLISHED = 1
_LAST_DATA_RECV = struct.Struct("=I")
_LAST_DATA_RECV_AT = 52


def deliver_cut(
    exchange: Exchange,
    start_response: Any,
    status: str,
    headers: list[tuple[str, str]],
    body: bytes,
) -> Iterable[bytes]:
    """Send the answer `exchange.cut` asks for: "drop", "empty" or "truncate"."""
    if exchange.cut == "empty":
        start_response(status, _with_length(headers, 0))
        return [b""]
    connection = connection_socket(exchange.environ)
    # A truncation at -1: half the body (a rule that gives no byte count).
    at = exchange.truncate_at if exchange.truncate_at >= 0 else len(body) // 2
    kept = body[:at] if exchange.cut == "truncate" else b""
    if connection is None:
        if exchange.cut == "drop":
            raise ConnectionAbortedError("flow-sandbox fault: the connection was dropped")
        start_response(status, _with_length(headers, len(body)))
        return _cut_after(kept)
    try:
        if exchange.cut == "truncate":
            with contextlib.suppress(OSError):  # the client went away first: cut anyway
                connection.sendall(_head(status, headers, len(body)) + kept)
        with contextlib.suppress(OSError):
            connection.shutdown(socket.SHUT_RDWR)
    finally:
        if exchange.environ.get("SERVER_SOFTWARE") == "Granian":
            connection.close()  # our duplicate of granian's descriptor
    # The server writes this on a connection that is gone, and gives up quietly.
    start_response(status, _with_length(headers, 0))
    return [b""]


def _cut_after(kept: bytes) -> Iterator[bytes]:
    if kept:
        yield kept
    raise ConnectionAbortedError("flow-sandbox fault: the connection was cut mid-body")


def _with_length(headers: list[tuple[str, str]], length: int) -> list[tuple[str, str]]:
    kept = [(name, value) for name, value in headers if name.lower() != "content-length"]
    return [*kept, ("Content-Length", str(length))]


def _head(status: str, headers: list[tuple[str, str]], length: int) -> bytes:
    code = status.split(" ", 1)[0]
    reason = status[len(code) + 1 :] or _reason(int(code))
    lines = [f"HTTP/1.1 {code} {reason}"]
    lines += [f"{name}: {value}" for name, value in _with_length(headers, length)]
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def _reason(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return ""


def connection_socket(environ: Any) -> socket.socket | None:
    """The socket of the request's connection, or None where it cannot be found."""
    for key in SOCKET_KEYS:
        found = environ.get(key)
        if isinstance(found, socket.socket):
            return found
    if environ.get("SERVER_SOFTWARE") == "Granian":
        return _granian_socket(environ)
    return None


def _granian_socket(environ: Any) -> socket.socket | None:
    """A duplicate of granian's socket for this request (see the module's docstring)."""
    try:
        port = int(environ.get("SERVER_PORT") or 0)
    except ValueError:
        return None
    client = environ.get("REMOTE_ADDR")
    best: tuple[int, socket.socket] | None = None
    for fd in _open_descriptors():
        candidate = _tcp_socket(fd)
        if candidate is None:
            continue
        idle = _idle_ms(candidate, port, client)
        if idle is not None and (best is None or idle < best[0]):
            if best is not None:
                best[1].close()
            best = (idle, candidate)
        else:
            candidate.close()
    return best[1] if best is not None else None


def _open_descriptors() -> list[int]:
    for directory in FD_DIRS:
        try:
            return [int(name) for name in os.listdir(directory) if name.isdigit()]
        except OSError:
            continue
    return []


def _tcp_socket(fd: int) -> socket.socket | None:
    try:
        if not os.readlink(f"{FD_DIRS[0]}/{fd}").startswith("socket:"):
            return None
    except OSError:
        pass  # no /proc: try it as a socket
    try:
        found = socket.socket(fileno=os.dup(fd))
    except OSError:
        return None
    if found.type != socket.SOCK_STREAM or found.family not in (socket.AF_INET, socket.AF_INET6):
        found.close()
        return None
    return found


def _idle_ms(candidate: socket.socket, port: int, client: str | None) -> int | None:
    """How long ago (ms) `candidate` last received data, if it is an established
    connection from `client` to the server's `port`; None otherwise."""
    try:
        local, peer = candidate.getsockname(), candidate.getpeername()
    except OSError:
        return None  # the listening socket, or a connection already closed
    if local[1] != port or (client and _plain(peer[0]) != _plain(client)):
        return None
    try:
        info = candidate.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    except (OSError, AttributeError):  # no TCP_INFO: take it, it matched the addresses
        return 0
    if info[0] != _TCP_ESTABLISHED or len(info) < _LAST_DATA_RECV_AT + 4:
        return None
    return int(_LAST_DATA_RECV.unpack_from(info, _LAST_DATA_RECV_AT)[0])


def _plain(address: str) -> str:
    """An IPv4 address as an IPv6 socket may report it (`::ffff:127.0.0.1`)."""
    return address.removeprefix("::ffff:")
