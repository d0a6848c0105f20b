"""Flow XO's throttling: none recorded, so its one scope, `api`, has no rate unless a
workspace sets one; counted as express-rate-limit counts (a fixed window per client) and
answered as it answers (assumed, see `errors.RateLimited`)."""

from __future__ import annotations

from datetime import datetime

from sandbox.core.traffic.exchange import Exchange
from sandbox.core.traffic.throttle import Rate, VendorRates
from sandbox.platforms.flowxo.errors import RateLimited, too_many_requests


def scope_of(exchange: Exchange) -> str:
    return "api"


def answer(wait: int, rate: Rate, now: datetime) -> RateLimited:
    return too_many_requests(wait, rate.num, now=now)


RATES = VendorRates(scopes={"api": None}, scope_of=scope_of, answer=answer, window="fixed")
