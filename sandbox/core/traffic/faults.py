"""Fault rules: answer a platform request late, with the vendor's error, or cut on the wire.

A rule matches requests by workspace, platform, operationId, path pattern and method (each
optional; an empty matcher matches every request) and does one thing to those it fires on:

- `latency`: the answer is held back `ms` (or a uniform draw in `min_ms`..`max_ms`) real
  milliseconds; the operation happened, only its answer is late;
- `error`: the vendor's own answer for `status` (429: the platform's throttling answer with
  `Retry-After`; 5xx: what its web stack answers); the operation does not happen;
- `drop`: the connection is closed with no answer; `empty`: the status and headers with no
  body; `truncate`: the head and the first `bytes` of the body (half by default), then the
  connection is cut. For these three the operation happened (wire.py cuts the answer).

Rules are consulted in the order they were added: every rule that matches counts the match
(`matched`), and the first whose `after` (matches to let through first), `times` (how often
it may fire) and `probability` allow it fires (`fired`); one rule acts on a request at most.
A rule that has fired `times` times stays listed, `expired`, and never fires again.
`probability` draws from a generator per rule, seeded from the sandbox's `--seed` and the
rule's id: the same rules and requests fire the same way on every run.

The gate is in the sandbox's traffic only while there are rules, so a sandbox without
faults pays nothing per request.
"""

from __future__ import annotations

import fnmatch
import random
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import current_app
from werkzeug.exceptions import HTTPException, InternalServerError, default_exceptions

from sandbox.core.errors import VendorError
from sandbox.core.traffic.exchange import Exchange, Traffic

if TYPE_CHECKING:
    from sandbox.core.platform import Platform

ACTIONS = ("latency", "error", "drop", "empty", "truncate")
#: What a rule's matcher may name.
MATCHERS = ("workspace", "platform", "operation", "path", "method")
#: The seconds a 429 fault tells the client to wait when the rule gives no `retry_after`.
DEFAULT_RETRY_AFTER = 1


@dataclass
class FaultRule:
    """One rule, as the control API and fixture documents write it."""

    action: str
    workspace: str | None = None
    platform: str | None = None
    operation: str | None = None
    path: str | None = None
    method: str | None = None
    #: error: the answer's status, and for a 429 the seconds in `Retry-After`.
    status: int | None = None
    retry_after: int | None = None
    #: latency: fixed, or a uniform range, in milliseconds.
    ms: int | None = None
    min_ms: int | None = None
    max_ms: int | None = None
    #: truncate: how many bytes of the body are sent (None: half of it).
    bytes: int | None = None
    probability: float = 1.0
    times: int | None = None
    after: int = 0
    id: int = 0
    matched: int = 0
    fired: int = 0
    _random: random.Random = field(default_factory=random.Random, repr=False)

    @property
    def expired(self) -> bool:
        return self.times is not None and self.fired >= self.times

    def definition(self) -> dict[str, Any]:
        """What a fixture document writes to make this rule again (no id, no counts)."""
        fields = (*MATCHERS, "action", "status", "retry_after", "ms", "min_ms", "max_ms")
        written = {name: getattr(self, name) for name in (*fields, "bytes", "times")}
        defined = {name: value for name, value in written.items() if value is not None}
        if self.probability != 1.0:
            defined["probability"] = self.probability
        if self.after:
            defined["after"] = self.after
        return defined

    def as_dict(self) -> dict[str, Any]:
        """The rule with its id and counts, as the control API lists it."""
        shown = {name: getattr(self, name) for name in RULE_KEYS}
        return {"id": self.id, **shown, "expired": self.expired}

    def matches(self, exchange: Exchange) -> bool:
        if self.platform is not None and self.platform != exchange.platform:
            return False
        if self.workspace is not None and self.workspace != exchange.workspace:
            return False
        if self.method is not None and self.method != exchange.method:
            return False
        operation = exchange.operation
        if self.operation is not None and (operation is None or operation.id != self.operation):
            return False
        if self.path is not None:
            template = operation.path if operation is not None else None
            on_path = fnmatch.fnmatchcase(exchange.path, self.path)
            if not on_path and (template is None or not fnmatch.fnmatchcase(template, self.path)):
                return False
        return True


#: Every key of a rule the control API shows, in order (`id` and `expired` besides).
RULE_KEYS = (
    *MATCHERS,
    "action",
    "status",
    "retry_after",
    "ms",
    "min_ms",
    "max_ms",
    "bytes",
    "probability",
    "times",
    "after",
    "matched",
    "fired",
)


class FaultRules:
    """The sandbox's fault rules and the gate that applies them."""

    def __init__(self, traffic: Traffic, seed: int | None) -> None:
        self._traffic = traffic
        self._seed = seed
        self._rules: list[FaultRule] = []
        self._next_id = 1
        self._lock = threading.Lock()

    # -- the rule set ---------------------------------------------------------------------

    def add(self, definition: Mapping[str, Any]) -> FaultRule:
        """Add a rule from its (validated) definition; it gets the next id."""
        with self._lock:
            rule = FaultRule(**dict(definition))
            rule.id = self._next_id
            self._next_id += 1
            # Per rule, so one rule's draws do not shift another's; from --seed, so a run
            # with the same seed, rules and requests fires the same way.
            rule._random = random.Random(None if self._seed is None else f"{self._seed}/{rule.id}")
            self._rules.append(rule)
            self._wire()
            return rule

    def all(self, workspace: str | None = None) -> list[FaultRule]:
        with self._lock:
            return [r for r in self._rules if workspace is None or r.workspace == workspace]

    def get(self, rule_id: int) -> FaultRule | None:
        with self._lock:
            return next((rule for rule in self._rules if rule.id == rule_id), None)

    def remove(self, rule_id: int) -> bool:
        with self._lock:
            kept = [rule for rule in self._rules if rule.id != rule_id]
            removed = len(kept) != len(self._rules)
            self._rules = kept
            self._wire()
            return removed

    def clear(self, workspace: str | None = None) -> int:
        """Remove every rule, or those limited to `workspace`; how many went."""
        with self._lock:
            kept = [r for r in self._rules if workspace is not None and r.workspace != workspace]
            removed = len(self._rules) - len(kept)
            self._rules = kept
            self._wire()
            return removed

    def reset(self, workspace: str | None) -> None:
        """`Traffic.on_reset`: a full reset forgets every rule and numbers anew (the
        startup fixture's rules are loaded again after it); a workspace's reset forgets
        that workspace's rules (its fixture's are loaded again)."""
        self.clear(workspace)
        if workspace is None:
            with self._lock:
                self._next_id = 1

    def forget(self, workspace: str) -> None:
        """`Traffic.on_remove`: a removed workspace's rules go with it."""
        self.clear(workspace)

    def _wire(self) -> None:
        """Keep the gate in the traffic only while there are rules (first: before the
        throttling, so a fault answers before a request is counted against a limit)."""
        gates = self._traffic.gates
        present = any(gate == self.gate for gate in gates)
        # A new list rather than a change in place: a request going through the gates in
        # another thread meanwhile finishes with the list it started with.
        if self._rules and not present:
            self._traffic.gates = [self.gate, *gates]
        elif not self._rules and present:
            self._traffic.gates = [gate for gate in gates if gate != self.gate]

    # -- the gate -------------------------------------------------------------------------

    def gate(self, exchange: Exchange, platform: Platform) -> None:
        """Apply the first rule that fires on `exchange` (see the module's docstring)."""
        with self._lock:
            firing: FaultRule | None = None
            for rule in self._rules:
                if not rule.matches(exchange):
                    continue
                rule.matched += 1
                if firing is None and _fires(rule):
                    rule.fired += 1
                    firing = rule
        if firing is not None:
            exchange.fault = {"rule": firing.id, "action": firing.action}
            _act(firing, exchange, platform)


def _fires(rule: FaultRule) -> bool:
    if rule.expired or rule.matched <= rule.after:
        return False
    return rule.probability >= 1.0 or rule._random.random() < rule.probability


def _act(rule: FaultRule, exchange: Exchange, platform: Platform) -> None:
    if rule.action == "latency":
        if rule.ms is not None:
            exchange.delay = rule.ms / 1000
        else:
            low, high = rule.min_ms or 0, rule.max_ms or 0
            exchange.delay = rule._random.uniform(low, high) / 1000
    elif rule.action == "error":
        raise vendor_answer(platform, rule.status or 500, rule.retry_after)
    else:
        exchange.cut = rule.action
        # Half the body, whose length is not known yet: wire.py reads -1 so.
        exchange.truncate_at = -1 if rule.bytes is None else rule.bytes


def vendor_answer(platform: Platform, status: int, retry_after: int | None) -> HTTPException:
    """The platform's own answer for `status`, as an exception Flask sends as it is.

    429 is the platform's throttling answer (`Platform.too_many_requests`) where it has
    one, with `Retry-After`; any other status is the werkzeug error of that status, worded
    by the platform's error handler as its web stack words it. A stack that words every
    5xx as its 500 (Django's "Server Error") keeps its words and takes the rule's status.
    """
    wait = DEFAULT_RETRY_AFTER if retry_after is None else retry_after
    error: HTTPException
    if status == 429 and platform.too_many_requests is not None:
        error = platform.too_many_requests(wait)
    else:
        error = default_exceptions.get(status, InternalServerError)()
        if status not in default_exceptions:
            error = VendorError(error.description, status=status)
    response = current_app.handle_http_exception(error)
    if isinstance(response, HTTPException):  # no handler: werkzeug's own page
        response = response.get_response()
    response.status_code = status
    if status == 429 and "Retry-After" not in response.headers:
        response.headers["Retry-After"] = str(wait)
    return HTTPException(response=response)


def install(traffic: Traffic, seed: int | None) -> FaultRules:
    """Give a sandbox's traffic its fault rules (none yet: the gate is not in the way)."""
    rules = FaultRules(traffic, seed)
    traffic.on_reset.append(rules.reset)
    traffic.on_remove.append(rules.forget)
    return rules


def rules_of(traffic: Traffic) -> FaultRules:
    """The fault rules `install` gave `traffic` (found by their reset listener)."""
    for listener in traffic.on_reset:
        owner = getattr(listener, "__self__", None)
        if isinstance(owner, FaultRules):
            return owner
    raise LookupError("this sandbox has no fault rules installed")


def operation_ids(platform: Platform) -> list[str]:
    """Every operationId of a platform's API (what a rule's `operation` may name)."""
    found: list[str] = []
    for blueprint in platform.blueprints:
        for methods in getattr(blueprint, "_docs", {}).values():
            for method, doc in methods.items():
                if method == "parameters" or not isinstance(doc, dict):
                    continue
                operation_id = doc.get("manual_doc", {}).get("operationId")
                if isinstance(operation_id, str):
                    found.append(operation_id)
    return sorted(found)
