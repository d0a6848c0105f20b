"""The FlowBot blueprint: its Express stack, its error envelope, and how its operations
document the credentials they take; `endpoint` declares a view (route, credentials, operation).

    @endpoint("GET /api/flows", query=schemas.FlowsQuery, answer=..., source=..., errors=...)
    def list_flows(api: FlowBot, data: dict[str, Any]) -> list[dict[str, Any]]: ...

The operation's schema reads its input (`schemas.py`, its fields `inputs.py`): a value
at fault is answered `400 {"error": ...}` in the vendor's words before the view runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sandbox.core.operations import OperationBlueprint
from sandbox.core.stacks import express
from sandbox.platforms.flowbot import errors
from sandbox.platforms.flowbot.auth import SECURITY_SCHEMES, USER_SECURITY
from sandbox.platforms.flowbot.errors import ErrorSchema

F = TypeVar("F", bound=Callable[..., Any])

SEED = "seed 001"
#: The errors of an authenticated endpoint (assumed: the vendor documents the envelope only).
UNAUTHORIZED = "No credentials, or an invalid or expired token (assumed)"


def _invalid_json(message: str) -> Exception:
    return errors.invalid_json()  # the vendor's own words, whatever JSON.parse said


#: express.json({type: ['json', '+json']}), non-strict: a body that is not an object is
#: read as `{}`; the body's BOM is dropped.
STACK = express.Stack(
    invalid_json=_invalid_json,
    too_large=errors.too_large,
    refuse=errors.BadRequest,
    json_suffix=True,
    strict=False,
    strip_bom=True,
)


class FlowBotBlueprint(OperationBlueprint):
    STACK = STACK
    ERROR_SCHEMA = ErrorSchema
    ANSWER_DESCRIPTION = "OK"
    SOURCE_PREFIX = f"{SEED} "


blp = FlowBotBlueprint(
    "flowbot",
    __name__,
    description="FlowBot AI: auth, outbound WhatsApp flows, leads, flows, conversations "
    "and flow generation.",
)


def security(*extra: str) -> Callable[[Any], Any]:
    """The credentials an operation takes: a user's JWT (Bearer or cookie) and `extra`."""
    for name in extra:
        assert name in SECURITY_SCHEMES, name
    return blp.doc(security=[*USER_SECURITY, *({name: []} for name in extra)])


def endpoint(route: str, *extra: str, **spec: Any) -> Callable[[F], F]:
    """A view's declaration: "METHOD /path", the credentials it takes besides a user's
    (`security`; a `public` one takes none) and `blp.operation`'s keywords."""
    method, path = route.split(" ")

    def declare(view: F) -> F:
        declared = blp.operation(**spec)(view)
        if not spec.get("public"):
            declared = security(*extra)(declared)
        routed: F = blp.route(path, methods=[method])(declared)
        return routed

    return declare
