"""The sandbox clock (`/_sandbox/clock`), which every timestamp the sandbox writes comes from."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sandbox.testing.http import ControlAPI

#: What `at` / `now` may be: an aware or naive (= UTC) datetime, or ISO 8601 text.
Instant = datetime | str


def _iso(instant: Instant) -> str:
    if isinstance(instant, str):
        return instant
    if instant.tzinfo is None:  # the control API reads a naive instant as UTC too
        instant = instant.replace(tzinfo=timezone.utc)
    return instant.isoformat()


class SandboxClock:
    """Read, freeze, set and advance the sandbox clock.

    There is one clock per sandbox, shared by its workspaces: a change made here is seen by
    every workspace. `changed` says whether this handle changed it, so a workspace handle
    can put it back on real time when it is removed.
    """

    def __init__(self, api: ControlAPI) -> None:
        self._api = api
        self.changed = False

    def state(self) -> dict[str, Any]:
        """`{"now": ..., "frozen": ..., "offset_seconds": ...}`."""
        return self._api.get("clock")  # type: ignore[no-any-return]

    def now(self) -> datetime:
        """The sandbox's current time, as an aware datetime."""
        return datetime.fromisoformat(self.state()["now"].replace("Z", "+00:00"))

    def change(self, **change: Any) -> dict[str, Any]:
        """POST /_sandbox/clock with `change` as it is (`now`, `advance`, `frozen`, `real`)."""
        self.changed = True
        return self._api.post("clock", change)  # type: ignore[no-any-return]

    def freeze(self, at: Instant | None = None) -> dict[str, Any]:
        """Stop the clock, at `at` if given (else where it is), so timestamps are exact."""
        change: dict[str, Any] = {"frozen": True}
        if at is not None:
            change["now"] = _iso(at)
        return self.change(**change)

    def set(self, now: Instant) -> dict[str, Any]:
        """Jump to `now`; a frozen clock stays frozen there, a running one runs on from it."""
        return self.change(now=_iso(now))

    def advance(self, seconds: float) -> dict[str, Any]:
        """Move `seconds` ahead (a day: 86400): a 24-hour window closes, a token expires."""
        return self.change(advance=seconds)

    def unfreeze(self) -> dict[str, Any]:
        """Let a frozen clock run again from where it stands."""
        return self.change(frozen=False)

    def real(self) -> dict[str, Any]:
        """Back on real time, not frozen."""
        answer = self.change(real=True)
        self.changed = False
        return answer
