"""XeroChat's throttling: none recorded, and CodeIgniter 3 has none of its own, so its one
scope, `api`, has no rate unless a workspace sets one (the answer is assumed, see
`errors.TooManyRequests`); counted as DRF does, the oldest request leaving first."""

from __future__ import annotations

from datetime import datetime

from sandbox.core.traffic.exchange import Exchange
from sandbox.core.traffic.throttle import Rate, VendorRates
from sandbox.platforms.xerochat.errors import TooManyRequests, too_many_requests


def scope_of(exchange: Exchange) -> str:
    return "api"


def answer(wait: int, rate: Rate, now: datetime) -> TooManyRequests:
    return too_many_requests(wait)


RATES = VendorRates(scopes={"api": None}, scope_of=scope_of, answer=answer, window="sliding")
