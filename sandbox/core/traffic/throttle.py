"""The vendors' throttling, opt-in: requests counted per workspace and per the vendor's
scope on the sandbox clock, answered with the platform's own 429 past its rate.

Each platform declares its throttling in its package's `rates` module (`RATES`, a
`VendorRates`): the scopes and their documented rates (None where nothing is recorded),
which scope a request counts in, how its vendor counts (DRF's sliding history, or the fixed
window of Laravel and express-rate-limit) and its 429 given a rate.

Off by default. `--throttle` (`SandboxConfig.throttle`) turns the documented rates on for
every workspace; a workspace's fixture section may turn them on or off and set its own rates
(`parse_setting`). The gate joins the sandbox's gates only while some workspace can be
throttled, so a sandbox that never throttles pays nothing per request.
"""

from __future__ import annotations

import math
import re
import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from typing import TYPE_CHECKING, Any, Literal

from sandbox.core.errors import VendorError
from sandbox.core.fixtures import FixtureError
from sandbox.core.traffic.exchange import Exchange, Traffic

if TYPE_CHECKING:
    from sandbox.core.platform import Platform

#: The workspace section key of a fixture document that configures throttling.
SECTION = "throttle"

#: Seconds per period, by the period's accepted spellings (DRF reads only the first letter:
#: the sandbox refuses a typo instead of reading "5/muffin" as 5 a minute).
_PERIODS = {
    **dict.fromkeys(("s", "sec", "second", "seconds"), 1),
    **dict.fromkeys(("m", "min", "minute", "minutes"), 60),
    **dict.fromkeys(("h", "hour", "hours"), 3600),
    **dict.fromkeys(("d", "day", "days"), 86400),
}
# ASCII digits only (\d takes any script's), at most six: int() of thousands raises its own
# complaint, and MAX_NUM bounds a sliding history (a time kept per allowed request).
_RATE = re.compile(r"\s*([0-9]{1,6})\s*/\s*([a-z]+)\s*")
MAX_NUM = 100_000


@dataclass(frozen=True)
class Rate:
    """`num` requests per `duration` seconds, written as DRF writes it (`2500/hour`)."""

    num: int
    duration: int
    text: str

    @classmethod
    def parse(cls, text: Any) -> Rate:
        """A rate from `N/second`, `N/minute`, `N/hour` or `N/day`; ValueError otherwise."""
        match = _RATE.fullmatch(text) if isinstance(text, str) else None
        if match is None or match[2] not in _PERIODS or not 1 <= int(match[1]) <= MAX_NUM:
            raise ValueError(
                f"{text!r} is not a rate: write N/second, N/minute, N/hour or N/day "
                f"with 1 <= N <= {MAX_NUM}"
            )
        return cls(int(match[1]), _PERIODS[match[2]], f"{int(match[1])}/{match[2]}")

    def __str__(self) -> str:
        return self.text


#: How a vendor counts: "sliding" is DRF's SimpleRateThrottle (a history of the allowed
#: requests of the last `duration` seconds; the wait is until the oldest leaves it);
#: "fixed" is Laravel's RateLimiter and express-rate-limit (a window opened by the first
#: request, `num` allowed in it; the wait is until it closes).
Window = Literal["sliding", "fixed"]
#: A platform's 429 for a client that may retry in `wait` seconds, over `rate`, at `now`.
Answer = Callable[[int, Rate, datetime], VendorError]


@dataclass(frozen=True)
class VendorRates:
    """One platform's throttling (its package's `rates.RATES`)."""

    #: Every scope a request can count in, with the vendor's rate (None: none recorded,
    #: so the scope is throttled only at a rate a workspace sets).
    scopes: Mapping[str, Rate | None]
    #: The scope a request of a workspace counts in.
    scope_of: Callable[[Exchange], str]
    answer: Answer
    window: Window = "sliding"


#: Each platform's `RATES` by its name, once looked up (None: it declares none).
_declared: dict[str, VendorRates | None] = {}


def rates_of(platform: Platform) -> VendorRates | None:
    """The platform's `RATES`, from the `rates` module beside its `auth` module (None when
    it declares none)."""
    if platform.name not in _declared:
        package = getattr(platform.auth, "__name__", "").rpartition(".")[0]
        module = f"{package}.rates"
        try:
            found = import_module(module).RATES if package else None
        except ModuleNotFoundError as error:
            if not error.name or not f"{module}.".startswith(f"{error.name}."):
                raise  # the module is there but imports what is not
            found = None
        _declared[platform.name] = found
    return _declared[platform.name]


#: A platform's part of a workspace's setting: True (the vendor's rates), False (off), or
#: {scope: rate or None (that scope not throttled)} over the vendor's rates.
PlatformSetting = bool | dict[str, Rate | None]


@dataclass(frozen=True)
class Setting:
    """One workspace's throttling, as its fixture section says."""

    #: The vendor's rates on (True) or off (False) for the platforms it does not name;
    #: None follows `--throttle`.
    enabled: bool | None = None
    platforms: dict[str, PlatformSetting] = field(default_factory=dict)

    def rate(self, platform: str, scope: str, rates: VendorRates, default_on: bool) -> Rate | None:
        own = self.platforms.get(platform)
        if own is False:
            return None
        if isinstance(own, dict) and scope in own:
            return own[scope]
        on = own is not None or (default_on if self.enabled is None else self.enabled)
        return rates.scopes.get(scope) if on else None

    def to_fixture(self) -> Any:
        """What a fixture section writes to give this setting (`parse_setting` reads it)."""
        if not self.platforms and self.enabled is not None:
            return self.enabled
        return {
            name: own if isinstance(own, bool) else {s: r and r.text for s, r in own.items()}
            for name, own in self.platforms.items()
        }


def parse_setting(value: Any, platforms: Mapping[str, Platform]) -> Setting | None:
    """A workspace's `throttle:` value: `true`, `false`, or `{platform: true | false |
    {scope: "N/period" | null}}`. None (absent) gives None; a mistake is a FixtureError
    located at its path."""
    if value is None:
        return None
    if isinstance(value, bool):
        return Setting(enabled=value)
    if not isinstance(value, Mapping):
        raise FixtureError(SECTION, "must be true, false or a mapping of platforms to rates")
    parsed: dict[str, PlatformSetting] = {}
    for name, own in value.items():
        platform = platforms.get(name)
        rates = rates_of(platform) if platform is not None else None
        if rates is None:
            known = ", ".join(n for n, p in platforms.items() if rates_of(p) is not None)
            raise FixtureError([SECTION, str(name)], f"unknown platform (expected one of: {known})")
        if isinstance(own, bool):
            parsed[name] = own
            continue
        if not isinstance(own, Mapping):
            raise FixtureError(
                [SECTION, name], "must be true, false or a mapping of scopes to rates"
            )
        scoped: dict[str, Rate | None] = {}
        for scope, text in own.items():
            if scope not in rates.scopes:
                known = ", ".join(rates.scopes)
                raise FixtureError([SECTION, name, str(scope)], f"unknown scope (one of: {known})")
            try:
                scoped[scope] = None if text is None else Rate.parse(text)
            except ValueError as error:
                raise FixtureError([SECTION, name, scope], str(error)) from None
        parsed[name] = scoped
    return Setting(platforms=parsed)


class Throttle:
    """The throttling gate of one sandbox, its workspaces' settings and its counts."""

    def __init__(self, traffic: Traffic, default_on: bool) -> None:
        self._traffic = traffic
        #: `--throttle`: the vendors' rates apply to workspaces that set nothing.
        self.default_on = default_on
        self._settings: dict[str, Setting] = {}
        #: (workspace, platform, scope) -> the sliding history (allowed requests' times,
        #: oldest first) or the fixed window ([its start, requests counted in it]).
        self._counts: dict[tuple[str, str, str], Any] = {}
        self._lock = threading.Lock()
        self._update_gate()

    # -- settings --------------------------------------------------------------------

    def configure(self, workspace: str, setting: Setting | None) -> None:
        """Give `workspace` its setting (None: follow `--throttle`); its counts restart."""
        with self._lock:
            if setting is None:
                self._settings.pop(workspace, None)
            else:
                self._settings[workspace] = setting
            self._forget(workspace)
        self._update_gate()

    def setting(self, workspace: str) -> Setting | None:
        return self._settings.get(workspace)

    def reset(self, workspace: str | None) -> None:
        """A reset forgets the counts and settings (a fixture load gives them back)."""
        with self._lock:
            if workspace is None:
                self._settings.clear()
                self._counts.clear()
            else:
                self._settings.pop(workspace, None)
                self._forget(workspace)
        self._update_gate()

    def remove(self, workspace: str) -> None:
        self.reset(workspace)

    def _forget(self, workspace: str) -> None:
        for key in [key for key in self._counts if key[0] == workspace]:
            del self._counts[key]

    def _update_gate(self) -> None:
        # In the request path only while some workspace can be throttled.
        gates = self._traffic.gates
        wanted = self.default_on or any(
            setting.enabled is not False or setting.platforms for setting in self._settings.values()
        )
        if wanted and self not in gates:
            gates.append(self)
        elif not wanted and self in gates:
            gates.remove(self)

    # -- the gate --------------------------------------------------------------------

    def __call__(self, exchange: Exchange, platform: Platform) -> None:
        workspace = exchange.workspace
        if workspace is None:
            return  # only requests with credentials are throttled (DRF's OrgUserRateThrottle)
        rates = rates_of(platform)
        if rates is None:
            return
        scope = rates.scope_of(exchange)
        setting = self._settings.get(workspace)
        if setting is None:
            rate = rates.scopes.get(scope) if self.default_on else None
        else:
            rate = setting.rate(platform.name, scope, rates, self.default_on)
        if rate is None:
            return
        now = exchange.time.timestamp()
        key = (workspace, platform.name, scope)
        with self._lock:
            if rates.window == "sliding":
                wait = self._sliding(key, rate, now)
            else:
                wait = self._fixed(key, rate, now)
        if wait is not None:
            exchange.fault = {"throttle": scope, "rate": rate.text}
            raise rates.answer(wait, rate, exchange.time)

    def _sliding(self, key: tuple[str, str, str], rate: Rate, now: float) -> int | None:
        """DRF's SimpleRateThrottle.allow_request() and wait(), history oldest first."""
        history: deque[float] | None = self._counts.get(key)
        if history is None:
            history = self._counts[key] = deque()
        while history and history[0] <= now - rate.duration:
            history.popleft()
        if len(history) < rate.num:
            history.append(now)
            return None
        remaining = rate.duration - (now - history[0])
        # Throttled's math.ceil of remaining / available (available is 1: the history holds
        # `num` requests, its counts restart whenever a rate changes).
        return math.ceil(remaining / (rate.num - len(history) + 1))

    def _fixed(self, key: tuple[str, str, str], rate: Rate, now: float) -> int | None:
        """A window opened by its first request: `num` allowed until it closes."""
        window: list[float] | None = self._counts.get(key)
        if window is None or now >= window[0] + rate.duration:
            window = self._counts[key] = [now, 0]
        if window[1] < rate.num:
            window[1] += 1
            return None
        return max(1, math.ceil(window[0] + rate.duration - now))


def find(traffic: Traffic) -> Throttle | None:
    """The sandbox's throttle (registered by `install`)."""
    for reset in traffic.on_reset:
        owner = getattr(reset, "__self__", None)
        if isinstance(owner, Throttle):
            return owner
    return None


def install(traffic: Traffic, default_on: bool) -> Throttle:
    """Register a sandbox's throttle (its gate joins while some workspace can be throttled)."""
    throttle = Throttle(traffic, default_on)
    traffic.on_reset.append(throttle.reset)
    traffic.on_remove.append(throttle.remove)
    return throttle


def configure(traffic: Traffic, workspace: str, setting: Setting | None) -> None:
    """Give a loaded workspace the setting of its fixture section (None: follow `--throttle`)."""
    throttle = find(traffic)
    if throttle is not None:
        throttle.configure(workspace, setting)


def export(traffic: Traffic, workspace: str) -> Any:
    """The workspace's setting as its fixture section writes it (None: it has none)."""
    throttle = find(traffic)
    setting = throttle.setting(workspace) if throttle is not None else None
    return None if setting is None else setting.to_fixture()
