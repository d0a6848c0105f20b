"""Flochat's throttling (assumed: the vendor records no rate limit). Laravel's stock `api`
limiter, `Limit::perMinute(60)` keyed by the token's user, counted in a fixed window by
ThrottleRequests: one scope, `api`, per workspace."""

from __future__ import annotations

from datetime import datetime

from sandbox.core.traffic.exchange import Exchange
from sandbox.core.traffic.throttle import Rate, VendorRates
from sandbox.platforms.flochat.errors import TooManyAttempts, too_many_requests


def scope_of(exchange: Exchange) -> str:
    return "api"


def answer(wait: int, rate: Rate, now: datetime) -> TooManyAttempts:
    return too_many_requests(wait, rate.num, now=now)


RATES = VendorRates(
    scopes={"api": Rate.parse("60/minute")}, scope_of=scope_of, answer=answer, window="fixed"
)
