"""The HTTP session every request of a run goes through: rate limited, and remembering
what it created so the run can delete it afterwards."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import requests

from conformance.platforms import Created, PlatformKit

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(s|sec|second|m|min|minute|h|hour)\s*$")
_SECONDS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60}


def parse_rate(text: str) -> tuple[int, float]:
    """`100/m` -> (100, 60.0); ValueError with the accepted forms otherwise."""
    match = _RATE.match(text)
    if not match or int(match.group(1)) < 1:
        raise ValueError(f"rate limit {text!r} must look like 100/m, 5/s or 2000/h")
    return int(match.group(1)), float(_SECONDS.get(match.group(2), 3600))


class RateLimiter:
    """At most `count` requests per `period` seconds, evenly spaced."""

    def __init__(self, count: int, period: float) -> None:
        self._interval = period / count
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            delay = self._next - now
            self._next = max(now, self._next) + self._interval
        if delay > 0:
            time.sleep(delay)


class ApiSession(requests.Session):
    """A requests session for one target. It adds no credentials itself: schemathesis
    needs to send requests without them, and scenarios pass them explicitly."""

    def __init__(self, kit: PlatformKit, base_url: str, rate_limit: str | None = None) -> None:
        super().__init__()
        self.kit = kit
        self.base_url = base_url.rstrip("/")
        self.base_path = urlsplit(self.base_url).path
        self.limiter = RateLimiter(*parse_rate(rate_limit)) if rate_limit else None
        self.created: list[Created] = []
        self.requests_sent = 0

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        if self.limiter is not None:
            self.limiter.wait()
        kwargs.setdefault("timeout", 30)
        response = super().request(method, url, *args, **kwargs)
        self.requests_sent += 1
        self._remember(response)
        return response

    def _remember(self, response: requests.Response) -> None:
        """Record the object an answer says was created (whoever sent the request)."""
        if response.request.method != "POST":
            return
        path = urlsplit(response.request.url or "").path
        if not path.startswith(self.base_path):
            return
        created = self.kit.creates.get(f"POST {path[len(self.base_path) :] or '/'}")
        if created is None or response.status_code != created.status:
            return
        try:
            body = response.json()
        except ValueError:
            return
        if isinstance(body, Mapping) and body.get(created.key) is not None:
            self.created.append(Created(created.kind, str(body[created.key])))
