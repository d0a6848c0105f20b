"""RapidPro's throttling as recorded (rapidpro-api-v2.md §0 and §1.4, rapidpro.md §5).

DRF's scoped throttles at v9.2.5, the same in Weni: `v2` 2,500/hour for every endpoint
without a scope of its own, `v2.contacts`, `v2.messages` and `v2.runs` 2,500/hour each,
`v2.broadcasts` 36,000/hour. Upstream keys the counts per org, Weni per org and user: a
sandbox workspace is one org with one API user, so both count per workspace.
"""

from __future__ import annotations

from datetime import datetime

from sandbox.core.traffic.exchange import Exchange
from sandbox.core.traffic.throttle import Rate, VendorRates
from sandbox.platforms.rapidpro.errors import Throttled, too_many_requests

#: The endpoints (their URL name) with a scope of their own; every other one is `v2`.
_SCOPES = {
    "contacts": "v2.contacts",
    "contacts_lean": "v2.contacts",
    "broadcasts": "v2.broadcasts",
    "whatsapp_broadcasts": "v2.broadcasts",
    "messages": "v2.messages",
    "runs": "v2.runs",
}
_PREFIX = "/api/v2/"


def scope_of(exchange: Exchange) -> str:
    """The view's `throttle_scope`, from its URL (`.json`, `.api` or the docs page alike)."""
    path = exchange.path
    if not path.startswith(_PREFIX):
        return "v2"
    name = path[len(_PREFIX) :].partition(".")[0].partition("/")[0]
    return _SCOPES.get(name, "v2")


def answer(wait: int, rate: Rate, now: datetime) -> Throttled:
    return too_many_requests(wait)


RATES = VendorRates(
    scopes={
        "v2": Rate.parse("2500/hour"),
        "v2.contacts": Rate.parse("2500/hour"),
        "v2.broadcasts": Rate.parse("36000/hour"),
        "v2.messages": Rate.parse("2500/hour"),
        "v2.runs": Rate.parse("2500/hour"),
    },
    scope_of=scope_of,
    answer=answer,
    window="sliding",
)
