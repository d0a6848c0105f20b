"""The FlowBot blueprint, and how its operations document their errors and security."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.core.api import PlatformBlueprint
from sandbox.platforms.flowbot.auth import SECURITY_SCHEMES, USER_SECURITY
from sandbox.platforms.flowbot.errors import ErrorSchema

blp = PlatformBlueprint(
    "flowbot",
    __name__,
    description="FlowBot AI: auth, outbound WhatsApp flows, leads, flows, conversations "
    "and flow generation.",
)

SEED = "seed 001"
#: The errors of an authenticated endpoint (assumed: the vendor documents the envelope only).
UNAUTHORIZED = "No credentials, or an invalid or expired token (assumed)"


def fails(responses: dict[int, str]) -> Callable[[Any], Any]:
    """Document the `{"error": ...}` answers an operation can give, by status."""

    def decorator(view: Any) -> Any:
        for status in sorted(responses, reverse=True):
            view = blp.alt_response(status, schema=ErrorSchema, description=responses[status])(view)
        return view

    return decorator


def security(*extra: str) -> Callable[[Any], Any]:
    """The credentials an operation takes: a user's JWT (Bearer or cookie) and `extra`."""
    for name in extra:
        assert name in SECURITY_SCHEMES, name
    return blp.doc(security=[*USER_SECURITY, *({name: []} for name in extra)])
