"""What a fault rule may say, checked the same way for the control API and fixture documents.

Unknown keys are refused, and so are a platform or an operationId the sandbox does not
serve (with the valid ones listed): a typo must not give a rule that never fires.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from sandbox.core.traffic.faults import ACTIONS, operation_ids

if TYPE_CHECKING:
    from sandbox.core.platform import Platform

#: The longest latency a rule may ask for (ms): ten minutes, past any client's timeout.
MAX_MS = 600_000
#: Keys each action reads besides the matcher and the firing controls.
ACTION_KEYS = {
    "latency": {"ms", "min_ms", "max_ms"},
    "error": {"status", "retry_after"},
    "drop": set(),
    "empty": set(),
    "truncate": {"bytes"},
}
#: Every action-specific key.
_ACTION_SPECIFIC = set().union(*ACTION_KEYS.values())
#: How many close names an unknown operationId's message suggests.
SUGGESTED = 3


def _describe(text: str, **extra: Any) -> dict[str, Any]:
    return {"description": text, **extra}


def _optional_int(low: int, high: int | None, text: str) -> fields.Integer:
    """An integer a rule may leave out (or give as null), within `low`..`high`."""
    return fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(low, high),
        metadata=_describe(text),
    )


class FaultRuleSchema(Schema):
    """A fault rule's definition (POST /_sandbox/faults, a fixture's `faults:` entries)."""

    class Meta:
        unknown = RAISE

    workspace = fields.String(
        load_default=None,
        allow_none=True,
        metadata=_describe("Only requests of this workspace (any workspace if absent)."),
    )
    platform = fields.String(
        load_default=None, allow_none=True, metadata=_describe("Only this platform's requests.")
    )
    operation = fields.String(
        load_default=None,
        allow_none=True,
        metadata=_describe(
            "Only this operation, by the operationId of the platform's spec.",
            example="list_contacts",
        ),
    )
    path = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(min=1),
        metadata=_describe(
            "A glob (`*`, `?`, `[...]`) on the path below the platform's mount, or on the "
            "operation's path template.",
            example="/api/v2/contacts*",
        ),
    )
    method = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]),
        metadata=_describe("Only this HTTP method (upper case)."),
    )
    action = fields.String(
        required=True,
        validate=validate.OneOf(ACTIONS),
        metadata=_describe("What the rule does to the requests it fires on."),
    )
    status = _optional_int(400, 599, "error: the status, answered in the platform's own words.")
    retry_after = _optional_int(0, 86_400, "error 429: the seconds in `Retry-After` (default 1).")
    ms = _optional_int(0, MAX_MS, "latency: a fixed delay (real milliseconds).")
    min_ms = _optional_int(0, MAX_MS, "latency: the shortest delay of a uniform range.")
    max_ms = _optional_int(0, MAX_MS, "latency: the longest delay of a uniform range.")
    bytes = _optional_int(0, None, "truncate: how many bytes of the body are sent (default: half).")
    probability = fields.Float(
        load_default=1.0,
        validate=validate.Range(0, 1),
        metadata=_describe("Chance that a matching request fires it, drawn from --seed."),
    )
    times = _optional_int(1, None, "Fire at most this often, then expire (stays listed).")
    after = fields.Integer(
        load_default=0,
        validate=validate.Range(0),
        metadata=_describe("Let the first N matching requests through."),
    )

    def __init__(self, platforms: Mapping[str, Platform] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        #: The platforms a rule may name (None: names are not checked, for documenting).
        self.platforms = platforms

    @validates_schema
    def _coherent(self, data: dict[str, Any], **_: Any) -> None:
        action = data["action"]
        given = {key for key in _ACTION_SPECIFIC if data.get(key) is not None}
        for key in sorted(given - ACTION_KEYS[action]):
            raise ValidationError(f"not read by the {action} action", key)
        if action == "error" and data.get("status") is None:
            raise ValidationError("the error action needs a status (e.g. 503)", "status")
        if data.get("retry_after") is not None and data.get("status") != 429:
            raise ValidationError("only a 429 carries Retry-After", "retry_after")
        if action == "latency":
            _check_latency(data)
        if self.platforms is not None:
            _check_names(data, self.platforms)


def _check_latency(data: dict[str, Any]) -> None:
    fixed, low, high = data.get("ms"), data.get("min_ms"), data.get("max_ms")
    if fixed is not None and (low is not None or high is not None):
        raise ValidationError("give either ms or min_ms and max_ms", "ms")
    if fixed is None and (low is None or high is None):
        raise ValidationError("the latency action needs ms, or min_ms and max_ms", "ms")
    if low is not None and high is not None and low > high:
        raise ValidationError("must not be less than min_ms", "max_ms")


def _check_names(data: dict[str, Any], platforms: Mapping[str, Platform]) -> None:
    name = data.get("platform")
    if name is not None and name not in platforms:
        raise ValidationError(
            f"unknown platform (expected one of: {', '.join(platforms)})", "platform"
        )
    operation = data.get("operation")
    if operation is None:
        return
    chosen = [platforms[name]] if name is not None else list(platforms.values())
    valid = sorted({op for platform in chosen for op in operation_ids(platform)})
    if operation in valid:
        return
    where = f"of {name}" if name is not None else "of any platform"
    close = difflib.get_close_matches(operation, valid, n=SUGGESTED)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ValidationError(
        f"unknown operationId {where}{hint} (valid: {', '.join(valid)})", "operation"
    )


def load_rule(definition: Any, platforms: Mapping[str, Platform]) -> dict[str, Any]:
    """A rule's definition, checked and with its defaults (raises ValidationError)."""
    if not isinstance(definition, Mapping):
        raise ValidationError("a fault rule must be a mapping")
    loaded: dict[str, Any] = FaultRuleSchema(platforms).load(definition)
    return loaded
