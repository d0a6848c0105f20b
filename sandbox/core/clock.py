"""The one clock every timestamp in the sandbox comes from.

Real time by default. The control API can freeze it, set it and advance it, so tests of
time-dependent behaviour (24-hour windows, token expiry, `modified_on` ordering) are
reproducible.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone


@dataclass(frozen=True)
class ClockState:
    """What the control API reports about the clock."""

    now: datetime
    frozen: bool
    offset_seconds: float


class Clock:
    """Real time shifted by an offset, or a frozen instant.

    The offset survives `unfreeze()`, so a clock set to 2030 and then unfrozen keeps
    running from 2030 rather than jumping back to real time.
    """

    def __init__(self, source: Callable[[], datetime] | None = None) -> None:
        self._source = source or (lambda: datetime.now(timezone.utc))
        self._lock = threading.Lock()
        self._offset = timedelta(0)
        self._frozen_at: datetime | None = None

    def now(self) -> datetime:
        """The current sandbox time, timezone-aware UTC."""
        with self._lock:
            return self._now_locked()

    def _now_locked(self) -> datetime:
        if self._frozen_at is not None:
            return self._frozen_at
        offset = self._offset
        return self._source() + offset if offset else self._source()

    def freeze(self, at: datetime | None = None) -> None:
        """Stop the clock, at `at` or at the current sandbox time."""
        with self._lock:
            self._frozen_at = _utc(at) if at is not None else self._now_locked()

    def unfreeze(self) -> None:
        """Let a frozen clock run again from where it stands."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - self._source()
                self._frozen_at = None

    def set(self, at: datetime) -> None:
        """Jump to `at`; a frozen clock stays frozen, a running one runs on from there."""
        with self._lock:
            at = _utc(at)
            if self._frozen_at is not None:
                self._frozen_at = at
            else:
                self._offset = at - self._source()

    def advance(self, seconds: float) -> None:
        """Move the clock forward (or back, with a negative number) by `seconds`."""
        with self._lock:
            delta = timedelta(seconds=seconds)
            if self._frozen_at is not None:
                self._frozen_at += delta
            else:
                self._offset += delta

    def reset(self) -> None:
        """Back to real time."""
        with self._lock:
            self._offset = timedelta(0)
            self._frozen_at = None

    def state(self) -> ClockState:
        with self._lock:
            real = self._source()
            now = self._frozen_at if self._frozen_at is not None else real + self._offset
            return ClockState(
                now=now,
                frozen=self._frozen_at is not None,
                offset_seconds=(now - real).total_seconds(),
            )


def _utc(value: datetime) -> datetime:
    """Naive datetimes are taken as UTC; aware ones are converted."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def parse_iso(value: str) -> datetime:
    """Parse an ISO 8601 timestamp, accepting a trailing `Z` on every Python >= 3.10."""
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    return _utc(datetime.fromisoformat(text))
