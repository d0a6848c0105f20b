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
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sandbox.core.traffic.exchange import BODY_KEPT, Exchange, Operation, Traffic

#: Entries kept per workspace unless `--journal-size` says otherwise.
DEFAULT_SIZE = 1000
#: The `workspace` a filter gives to mean the journal of requests that named none (a
#: refused credential, a path outside every operation before authentication).
UNMATCHED = "-"
#: The two request headers WSGI does not name `HTTP_*`.
_BODY = frozenset({"CONTENT_TYPE", "CONTENT_LENGTH"})


class Entry(NamedTuple):
    """One journalled request, as recorded (a tuple: the cheapest thing to build)."""

    id: int
    time: datetime
    platform: str
    workspace: str | None
    operation: Operation | None
    nearest: tuple[str, ...]
    method: str
    path: str
    query: str
    #: The environ's `HTTP_*`, `CONTENT_TYPE` and `CONTENT_LENGTH` pairs, unmasked.
    headers: tuple[tuple[str, str], ...]
    #: At most `BODY_KEPT` + 1 bytes: one more tells that it was cut.
    request_body: bytes
    status: int
    response_headers: tuple[tuple[str, str], ...]
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
                lambda entry: entry.operation is not None and entry.operation.id == operation
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
        self._rings: dict[str, deque[Entry]] = {}
        self._unmatched: deque[Entry] = deque(maxlen=size)
        self._next_id = 1

    def __call__(self, exchange: Exchange) -> None:
        """Record a finished exchange (the recorder; on the request path, so: references)."""
        environ = exchange.environ
        # Tuples, not lists: the collector stops tracking a tuple of strings, so a full
        # ring is not walked again and again by every collection.
        headers = tuple(
            [(key, value) for key, value in environ.items() if key[:5] == "HTTP_" or key in _BODY]
        )
        body = exchange.response_body
        if len(body) > BODY_KEPT:  # bytes slicing copies: only a body that is cut pays
            body = body[: BODY_KEPT + 1]
        workspace = exchange.workspace
        with self._lock:
            entry = Entry(
                self._next_id,
                exchange.time,
                exchange.platform,
                workspace,
                exchange.operation,
                tuple(exchange.nearest) if exchange.nearest else (),
                exchange.method,
                exchange.path,
                exchange.query,
                headers,
                exchange.request_body,
                exchange.status,
                tuple(exchange.response_headers),
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
            rings = [list(ring) for ring in self._chosen(wanted.workspace)]
        newest_first = heapq.merge(*(reversed(ring) for ring in rings), key=_id, reverse=True)
        return list(itertools.islice(filter(test, newest_first), limit))

    def count(self, wanted: Filter) -> int:
        test = wanted.test()
        with self._lock:
            rings = [list(ring) for ring in self._chosen(wanted.workspace)]
        return sum(1 for ring in rings for entry in ring if test(entry))

    def _chosen(self, workspace: str | None) -> Iterator[deque[Entry]]:
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
            entries = sorted(itertools.chain(self._unmatched, *self._rings.values()), key=_id)
            return entries, self._next_id


def _id(entry: Entry) -> int:
    return entry.id


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
