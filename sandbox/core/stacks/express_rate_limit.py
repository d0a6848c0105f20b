"""express-rate-limit, the throttling Express APIs of their kind use: how it counts (a fixed
window per client) and how it refuses (429, its message as text/html, its legacy headers).

Flow XO and FlowBot AI record no rate limit of their own, so both are assumed to answer as
this library does with its defaults (v7); their `rates` modules are `RATES` below, and their
renderers answer `RateLimited` with `render`.
"""

from __future__ import annotations

from datetime import datetime

from flask import Response

from sandbox.core.errors import VendorError
from sandbox.core.traffic.exchange import Exchange
from sandbox.core.traffic.throttle import Rate, VendorRates

#: express-rate-limit's defaults (v7): `limit` 5 per `windowMs` 60,000, and its `message`,
#: sent with `res.send()` (text/html).
RATE_LIMIT = 5
RATE_LIMITED = "Too many requests, please try again later."


class RateLimited(VendorError):
    """express-rate-limit refusing a request: 429, its message as text/html, its legacy
    headers (on by default) in its order, then `Retry-After` (seconds to the window's
    reset)."""

    code = 429

    def __init__(self, retry_after: int, limit: int, now: datetime) -> None:
        super().__init__(
            RATE_LIMITED,
            headers={
                "X-RateLimit-Limit": str(limit),
                "X-RateLimit-Remaining": "0",
                # The window's reset as a Unix time in whole seconds.
                "X-RateLimit-Reset": str(int(now.timestamp()) + retry_after),
                "Retry-After": str(retry_after),
            },
        )


def too_many_requests(
    retry_after: int, limit: int = RATE_LIMIT, *, now: datetime | None = None
) -> RateLimited:
    """`Platform.too_many_requests`: express-rate-limit's 429, its reset time on the sandbox
    clock (the current request's, unless `now` is given)."""
    if now is None:
        from sandbox.core.sandbox import current_sandbox  # the request's sandbox

        now = current_sandbox().clock.now()
    return RateLimited(retry_after, limit, now)


def render(error: RateLimited) -> Response:
    """The refusal as the library sends it (`res.send(message)`: text/html)."""
    return Response(error.body, status=429, mimetype="text/html")


def _scope_of(exchange: Exchange) -> str:
    return "api"


def _answer(wait: int, rate: Rate, now: datetime) -> RateLimited:
    return too_many_requests(wait, rate.num, now=now)


#: One scope, `api`, with no rate unless a workspace sets one, counted in fixed windows.
RATES = VendorRates(scopes={"api": None}, scope_of=_scope_of, answer=_answer, window="fixed")
