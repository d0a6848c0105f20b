"""FlowBot AI credentials: an API client (clientId + apiKey) and a user login.

Tokens (HS256 JWTs) and session cookies are issued by the auth endpoints that arrive
with issue 6; until then, no request can authenticate.
"""

from __future__ import annotations

from typing import Any

from flask import Request

from sandbox.core.ids import IdFactory
from sandbox.core.workspaces import Workspace
from sandbox.platforms.flowbot.errors import Unauthorized

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "BearerJWT": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
}

DEMO_CREDENTIALS = {
    "client_id": "aiflow_c80ffc96d6ea7763",
    "api_key": "sk_c80ffc96d6ea77633de7bb8251eefa20",
    "username": "demo",
    "password": "demo-password",
}


UNIQUE_CREDENTIALS = ("client_id", "api_key", "username")


def new_credentials(ids: IdFactory) -> dict[str, Any]:
    return {
        "client_id": f"aiflow_{ids.hex(16)}",
        "api_key": f"sk_{ids.hex(32)}",
        "username": f"user-{ids.hex(6)}",
        "password": ids.string(20),
    }


def authenticate(request: Request) -> Workspace | None:
    raise Unauthorized()
