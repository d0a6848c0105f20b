"""FlowBot AI authentication (seed 001: "JWT Bearer / Cookie / Legacy per-flow auth").

- `Authorization: Bearer <JWT>`: an API token from `POST /api/auth/api-token`, or the
  login's session token. Every endpoint takes it.
- The `token` cookie `POST /api/auth/login` sets (HttpOnly; the same JWT). Every endpoint.
- A flow's legacy outbound token as the Bearer (`FLOW_OUTBOUND_TOKEN_OR_JWT` in the
  vendor's examples): the two triggers (outbound and lead), for that flow only.
- `X-Signature-256`: HMAC-SHA256 of the raw body with the flow's secret: leads only.

JWTs are HS256 (PyJWT), signed with a secret of the workspace kept in the store, and
expire on the sandbox clock. The workspace's credentials (`username` / `password`,
`client_id` / `api_key`) are one admin user whose API use is approved (models/users.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Request, current_app
from werkzeug.exceptions import MethodNotAllowed

from sandbox.core.ids import IdFactory
from sandbox.core.platform import Principal
from sandbox.core.stacks.express import node_json
from sandbox.platforms.flowbot import errors, signatures, tokens
from sandbox.platforms.flowbot.models import directory
from sandbox.platforms.flowbot.models.api import (
    VIA_API_TOKEN,
    VIA_FLOW_TOKEN,
    VIA_SESSION,
    VIA_SIGNATURE,
)

COOKIE = "token"
#: What else than a user's JWT a view accepts (set by `accepts`).
FLOW_TOKEN = "flow-token"
SIGNATURE = "signature"

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "BearerJWT": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "An API token from POST /api/auth/api-token (or the login's JWT).",
    },
    "SessionCookie": {
        "type": "apiKey",
        "in": "cookie",
        "name": COOKIE,
        "description": "The session cookie POST /api/auth/login sets.",
    },
    "FlowOutboundToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "A flow's legacy outbound token (outbound and lead triggers of "
        "that flow only).",
    },
    "HmacSignature": {
        "type": "apiKey",
        "in": "header",
        "name": signatures.HEADER,
        "description": "HMAC-SHA256 of the raw body with the flow's secret, lowercase hex, "
        "bare or as `sha256=<hex>` (leads only).",
    },
}
USER_SECURITY = [{"BearerJWT": []}, {"SessionCookie": []}]

DEMO_CREDENTIALS = {
    "client_id": "aiflow_c80ffc96d6ea7763",
    "api_key": "sk_c80ffc96d6ea77633de7bb8251eefa20",
    "username": "demo",
    "password": "demo-password",
}

UNIQUE_CREDENTIALS = ("client_id", "api_key", "username")

View = TypeVar("View", bound=Callable[..., Any])


def new_credentials(ids: IdFactory) -> dict[str, Any]:
    return {
        "client_id": f"aiflow_{ids.hex(16)}",
        "api_key": f"sk_{ids.hex(32)}",
        "username": f"user-{ids.hex(6)}",
        "password": ids.string(20),
    }


def accepts(*kinds: str) -> Callable[[View], View]:
    """Let a view also take a flow's outbound token and / or a signed body."""

    def decorator(view: View) -> View:
        view.flowbot_accepts = frozenset(kinds)  # type: ignore[attr-defined]
        return view

    return decorator


def authenticate(request: Request) -> Principal | None:
    """The deployment and who the credentials stand for (the `via`, `user` and `flow`
    claims the backend reads), or answer 401."""
    node_json()  # errors raised here are rendered before the app's hooks
    if isinstance(request.routing_exception, MethodNotAllowed):
        return None  # Express matches the route before its auth middleware runs
    view = current_app.view_functions.get(request.endpoint or "")
    extra: frozenset[str] = getattr(view, "flowbot_accepts", frozenset())
    bearer = _bearer(request)
    if bearer is not None:
        principal = _by_jwt(bearer)
        if principal is None and FLOW_TOKEN in extra:
            principal = _by_flow_token(bearer)
        if principal is None:
            raise errors.invalid_token()
    elif request.cookies.get(COOKIE):
        principal = _by_jwt(request.cookies[COOKIE])
        if principal is None:
            raise errors.invalid_token()
    elif SIGNATURE in extra and request.headers.get(signatures.HEADER):
        principal = _by_signature(request)
    else:
        raise errors.Unauthorized()
    return principal


def _bearer(request: Request) -> str | None:
    header = request.headers.get("Authorization", "").strip()
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _by_jwt(token: str) -> Principal | None:
    found = directory.by_jwt(token)
    if found is None:
        return None
    api, user, claims = found
    via = VIA_API_TOKEN if claims.get(tokens.KIND) == tokens.API else VIA_SESSION
    return Principal(api.ctx.workspace, {"via": via, "user": user})


def _by_flow_token(token: str) -> Principal | None:
    found = directory.by_outbound_token(token)
    if found is None:
        return None
    api, flow = found
    return Principal(api.ctx.workspace, {"via": VIA_FLOW_TOKEN, "flow": flow["id"]})


def _by_signature(request: Request) -> Principal:
    flow_id = (request.view_args or {}).get("flowId", "")
    body = request.get_data(cache=True)
    try:
        found = directory.by_signature(flow_id, body, request.headers[signatures.HEADER])
    except LookupError:
        raise errors.flow_not_found() from None
    if found is None:
        raise errors.invalid_signature()
    api, flow = found
    return Principal(api.ctx.workspace, {"via": VIA_SIGNATURE, "flow": flow["id"]})
