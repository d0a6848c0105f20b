"""The request journal: every platform request, as the sandbox received and answered it,
kept in a bounded ring per workspace (and one for requests that name no workspace).

Recording is on the request path, so it only copies references: the request line, the
raw `HTTP_*` pairs of the environ, the bounded bodies the exchange already holds, the
answer's status and headers. Everything else (masking credentials, decoding bodies,
naming headers) happens when an entry is listed (`journal_view.present`), which the
request path never pays for. Memory is bounded: `size` entries per ring, each body cut to
`BODY_KEPT` bytes (docs/journal.md gives the figures).
"""

from __future__ import annotations

import heapq
import itertools
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import filterfalse
from typing import Any, NamedTuple

from sandbox.core.traffic.exchange import BODY_KEPT, Exchange, Traffic
from sandbox.core.traffic.exchange import ENVIRON_KEY as EXCHANGE_KEY

#: Entries kept per workspace unless `--journal-size` says otherwise.
DEFAULT_SIZE = 1000
#: Characters kept of the request headers' values together, and of the path and the query
#: each; what is past them is dropped without a flag.
HEADERS_KEPT = BODY_KEPT
#: The `workspace` a filter gives to mean the journal of requests that named none (a
#: refused credential, a path outside every operation before authentication).
UNMATCHED = "-"
#: The environ keys the WSGI servers that serve the sandbox (granian, werkzeug's) and its
#: own layers (Flask, the exchange) set besides the request's headers: what a recorded
#: entry leaves out (the input stream, the request object, the socket would otherwise be
#: kept alive with it).
_NOT_HEADERS = frozenset(
    {
        "REQUEST_METHOD",
        "SCRIPT_NAME",
        "PATH_INFO",
        "QUERY_STRING",
        "SERVER_NAME",
        "SERVER_PORT",
        "SERVER_PROTOCOL",
        "SERVER_SOFTWARE",
        "REMOTE_ADDR",
        "REMOTE_PORT",
        "REQUEST_URI",
        "RAW_URI",
        "wsgi.version",
        "wsgi.url_scheme",
        "wsgi.input",
        "wsgi.input_terminated",
        "wsgi.errors",
        "wsgi.multithread",
        "wsgi.multiprocess",
        "wsgi.run_once",
        "wsgi.file_wrapper",
        "werkzeug.request",
        "werkzeug.socket",
        "werkzeug.server.shutdown",
        "werkzeug.debug.preserve_context",
        "werkzeug.proxy_fix.orig",
        EXCHANGE_KEY,
    }
)
_IS_NOT_HEADER = _NOT_HEADERS.__contains__
#: What a ring holds: an `Entry`'s fields in a plain tuple of plain tuples, strings, bytes
#: and numbers. The collector stops tracking such a tuple after its first collection, never
#: a NamedTuple (nor a tuple holding one): a full ring of those would be walked again by
#: every full collection.
Recorded = tuple[Any, ...]


class Entry(NamedTuple):
    """One journalled request, as recorded (a tuple: the cheapest thing to build)."""

    id: int
    time: datetime
    platform: str
    workspace: str | None
    #: The operation's (operationId, path template): a plain tuple, see `Recorded`.
    operation: tuple[str, str] | None
    nearest: tuple[str, ...]
    method: str
    path: str
    query: str
    #: The environ's `HTTP_*`, `CONTENT_TYPE` and `CONTENT_LENGTH` keys, and their values
    #: (unmasked).
    header_keys: tuple[str, ...]
    header_values: tuple[str, ...]
    #: At most `BODY_KEPT` + 1 bytes: one more tells that it was cut.
    request_body: bytes
    status: int
    #: The answer's header names and values, in two flat tuples (see `Recorded`).
    response_header_names: tuple[str, ...]
    response_header_values: tuple[str, ...]
    response_body: bytes
    duration: float
    fault: dict[str, Any] | None


@dataclass(frozen=True)
class Filter:
    """What `GET /_sandbox/requests` and `POST /_sandbox/requests/count` match on; None
    matches anything. `status` is an exact code or a class (`400`..`499` for `4xx`)."""

    workspace: str | None = None
    platform: str | None = None
    operation: str | None = None
    method: str | None = None
    status: tuple[int, int] | None = None
    #: Entries at or after this sandbox time.
    since: datetime | None = None
    #: Entries whose id is greater (a poller's cursor).
    after: int | None = None

    def test(self) -> Callable[[Entry], bool]:
        """One predicate for every entry of a listing (the rings were chosen by workspace)."""
        checks: list[Callable[[Entry], bool]] = []
        if self.platform is not None:
            platform = self.platform
            checks.append(lambda entry: entry.platform == platform)
        if self.operation is not None:
            operation = self.operation
            checks.append(
                lambda entry: entry.operation is not None and entry.operation[0] == operation
            )
        if self.method is not None:
            method = self.method.upper()
            checks.append(lambda entry: entry.method == method)
        if self.status is not None:
            low, high = self.status
            checks.append(lambda entry: low <= entry.status <= high)
        if self.since is not None:
            since = self.since
            checks.append(lambda entry: entry.time >= since)
        if self.after is not None:
            after = self.after
            checks.append(lambda entry: entry.id > after)
        return lambda entry: all(check(entry) for check in checks)


class Journal:
    """The rings, and the recorder that fills them (`Traffic.recorders`); thread-safe.

    Ids count up from 1 across every ring, so a poller asks for `after=<last id seen>`;
    a full reset empties every ring and starts the ids again from 1, as a fresh start.
    """

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        if size <= 0:
            raise ValueError("a journal keeps at least one entry per workspace")
        self.size = size
        self._lock = threading.Lock()
        self._rings: dict[str, deque[Recorded]] = {}
        self._unmatched: deque[Recorded] = deque(maxlen=size)
        self._next_id = 1

    def __call__(self, exchange: Exchange) -> None:
        """Record a finished exchange (the recorder; on the request path, so: references)."""
        environ = exchange.environ
        # Picked and copied in C (a set's lookup, the environ's own): a Python loop over
        # the environ's twenty-odd keys would cost as much as all the rest. A key no server
        # of ours sets stays with the entry (bounded as the ring is) and is not listed:
        # only `HTTP_*`, `CONTENT_TYPE` and `CONTENT_LENGTH` are headers.
        names = tuple(filterfalse(_IS_NOT_HEADER, environ))
        values = tuple(map(environ.__getitem__, names))
        # Servers take hundreds of KiB of headers and query: kept whole, a ring would not
        # stay within the bound docs/journal.md gives. Summed in C; only an outlier pays.
        try:
            oversized = sum(map(len, values)) > HEADERS_KEPT
        except TypeError:  # a value some server put in the environ that is not text
            oversized = True
        if oversized:
            values = _cut(values)
        path, query = exchange.path, exchange.query
        if len(path) > HEADERS_KEPT or len(query) > HEADERS_KEPT:
            path, query = path[:HEADERS_KEPT], query[:HEADERS_KEPT]
        body = exchange.response_body
        if len(body) > BODY_KEPT:  # bytes slicing copies: only a body that is cut pays
            body = body[: BODY_KEPT + 1]
        # Two flat tuples of strings (zip in C): (name, value) pairs would add a level the
        # collector must see through before it stops tracking the entry.
        answer_names, answer_values = tuple(zip(*exchange.response_headers, strict=True)) or (
            (),
            (),
        )
        nearest = exchange.nearest
        operation = exchange.operation
        workspace = exchange.workspace
        with self._lock:
            entry = (
                self._next_id,
                exchange.time,
                exchange.platform,
                workspace,
                # Not the `Operation` itself: a NamedTuple would keep the entry tracked.
                None if operation is None else tuple(operation),
                tuple(nearest) if nearest else (),
                exchange.method,
                path,
                query,
                names,
                values,
                exchange.request_body,
                exchange.status,
                answer_names,
                answer_values,
                body,
                exchange.duration,
                exchange.fault,
            )
            self._next_id += 1
            if workspace is None:
                self._unmatched.append(entry)
            else:
                ring = self._rings.get(workspace)
                if ring is None:
                    ring = self._rings[workspace] = deque(maxlen=self.size)
                ring.append(entry)

    # -- reading -----------------------------------------------------------------------

    def select(self, wanted: Filter, limit: int | None = None) -> list[Entry]:
        """The entries `wanted` matches, newest first, at most `limit`."""
        test = wanted.test()
        with self._lock:  # copies: a ring must not change while it is read
            rings = [list(map(_entry, ring)) for ring in self._chosen(wanted.workspace)]
        newest_first = heapq.merge(*(reversed(ring) for ring in rings), key=_id, reverse=True)
        # islice refuses a stop past sys.maxsize; no journal holds that many entries anyway.
        stop = None if limit is None else min(limit, sys.maxsize)
        return list(itertools.islice(filter(test, newest_first), stop))

    def count(self, wanted: Filter) -> int:
        test = wanted.test()
        with self._lock:
            rings = [list(map(_entry, ring)) for ring in self._chosen(wanted.workspace)]
        return sum(1 for ring in rings for entry in ring if test(entry))

    def _chosen(self, workspace: str | None) -> Iterator[deque[Recorded]]:
        if workspace is None:
            yield from self._rings.values()
            yield self._unmatched
        elif workspace == UNMATCHED:
            yield self._unmatched
        else:
            ring = self._rings.get(workspace)
            if ring is not None:
                yield ring

    def __len__(self) -> int:
        with self._lock:
            return len(self._unmatched) + sum(len(ring) for ring in self._rings.values())

    # -- forgetting --------------------------------------------------------------------

    def clear(self, workspace: str | None = None) -> None:
        """Forget every entry (ids go on counting), or one workspace's (`-`: the unmatched)."""
        with self._lock:
            if workspace is None:
                self._rings.clear()
                self._unmatched.clear()
            elif workspace == UNMATCHED:
                self._unmatched.clear()
            else:
                self._rings.pop(workspace, None)

    def reset(self, workspace: str | None) -> None:
        """`Traffic.on_reset`: a full reset is a fresh start, ids included."""
        with self._lock:
            if workspace is None:
                self._rings.clear()
                self._unmatched.clear()
                self._next_id = 1
            else:
                self._rings.pop(workspace, None)

    def remove(self, workspace: str) -> None:
        """`Traffic.on_remove`: a removed workspace's ring goes with it."""
        self.clear(workspace)

    def state(self) -> tuple[list[Entry], int]:
        """Every entry, oldest first, and the next id (what a reset must give back)."""
        with self._lock:
            recorded = itertools.chain(self._unmatched, *self._rings.values())
            entries = sorted(map(_entry, recorded), key=_id)
            return entries, self._next_id


def _id(entry: Entry) -> int:
    return entry.id


_entry = Entry._make


def install_journal(traffic: Traffic, size: int) -> Journal | None:
    """Record every request in a journal of `size` entries per workspace; 0 installs
    nothing at all (no recorder: the request path pays nothing)."""
    if size <= 0:
        return None
    journal = Journal(size)
    traffic.recorders.append(journal)
    traffic.on_reset.append(journal.reset)
    traffic.on_remove.append(journal.remove)
    return journal


def journal_of(traffic: Traffic) -> Journal | None:
    """The sandbox's journal, or None when `--journal-size 0` turned it off."""
    return next((part for part in traffic.recorders if isinstance(part, Journal)), None)


def _cut(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """Header values cut to HEADERS_KEPT characters together, in the environ's order."""
    budget = HEADERS_KEPT
    kept = []
    for value in values:
        if isinstance(value, str):
            value = value[: max(budget, 0)]
            budget -= len(value)
        kept.append(value)
    return tuple(kept)
