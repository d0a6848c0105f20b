"""What keeps the kit's generated FlowBot requests from sending anything on a real
deployment: flow and conversation ids become made-up UUIDs (the vendor refuses them and
sends nothing), phone numbers fictional ones."""

from __future__ import annotations

import hashlib
from typing import Any

from conformance.platforms.base import Ours

#: Made-up flow and conversation ids: well-formed version-4 UUIDs no real object has (a
#: non-UUID could make a UUID column's parser fail with a 500 instead of the vendor's 404).
MISSING_UUID_PREFIX = "00000000-0000-4000-8000-"
#: NANP numbers 555-0100 to 555-0199 are reserved for fiction: nobody answers them.
FICTIONAL_PHONE_PREFIX = "+120255501"


def _digest(value: Any) -> str:
    return hashlib.sha1(repr(value).encode("utf-8")).hexdigest()


def missing_uuid(value: Any) -> str:
    """A version-4 UUID no deployment has, the same for the same value."""
    return MISSING_UUID_PREFIX + _digest(value)[:12]


def fictional_phone(value: Any) -> str:
    """A valid-looking number reserved for fiction (+1 202 555 0100 to 0199)."""
    return FICTIONAL_PHONE_PREFIX + f"{int(_digest(value), 16) % 100:02d}"


def is_missing_uuid(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(MISSING_UUID_PREFIX)


def is_fictional_phone(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FICTIONAL_PHONE_PREFIX)


#: Operation -> where it names a flow or conversation ("path:<name>" or a body field).
TARGETS: dict[str, tuple[str, ...]] = {
    "POST /api/webhook/outbound": ("flowId",),
    "POST /api/webhook/flow/{flowId}/lead": ("path:flowId",),
    "POST /api/conversations/{id}/reply": ("path:id",),
}


def guard(case: Any, ours: Ours, negative: bool) -> None:
    """Keep generated requests from sending anything on a real deployment.

    The kit creates no flow it could trigger and no conversation, so every flow or
    conversation id a trigger or reply names becomes a made-up UUID (the vendor refuses
    it and sends nothing), and every phone number a fictional one (in case it did not).
    """
    targets = TARGETS.get(f"{case.method.upper()} {case.path}")
    if targets is None:
        return
    params = case.path_parameters if isinstance(case.path_parameters, dict) else {}
    body = case.body if isinstance(case.body, dict) else None
    for target in targets:
        if target.startswith("path:"):
            name = target.removeprefix("path:")
            if name in params and not is_missing_uuid(params[name]):
                params[name] = missing_uuid(params[name])
        elif body is not None and target in body and not is_missing_uuid(body[target]):
            body[target] = missing_uuid(body[target])
    phone = body.get("phone") if body is not None else None
    # Text or a number (which a handler may turn into text) could reach someone.
    if body is not None and isinstance(phone, (str, int)) and not is_fictional_phone(phone):
        body["phone"] = fictional_phone(phone)
