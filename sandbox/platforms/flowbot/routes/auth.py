"""`POST /api/auth/login` and `POST /api/auth/api-token` (seed 001)."""

from __future__ import annotations

from typing import Any

from werkzeug.http import dump_cookie

from sandbox.platforms.flowbot import errors, schemas, tokens
from sandbox.platforms.flowbot.auth import COOKIE
from sandbox.platforms.flowbot.models import directory
from sandbox.platforms.flowbot.models.keys import SigningKeys
from sandbox.platforms.flowbot.models.users import public as public_user
from sandbox.platforms.flowbot.routes.common import endpoint


@endpoint(
    "POST /api/auth/login",
    source="Login (body, answer, JWT session cookie); errors assumed",
    body=schemas.LoginBody,
    answer=schemas.LoginAnswer,
    description="Logged in; `Set-Cookie: token=<JWT>`",
    errors={400: "username or password missing (assumed)", 401: "Wrong credentials (assumed)"},
    public=True,
)
def login(_: None, body: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
    """Authenticate and receive a session cookie (JWT) for the other endpoints."""
    found = directory.by_login(body["username"], body["password"])
    if found is None:
        raise errors.Unauthorized("Invalid username or password")
    api, user = found
    cookie = dump_cookie(
        COOKIE,
        SigningKeys(api).session_token(user),
        max_age=tokens.SESSION_TTL,
        path="/",
        httponly=True,
        samesite="Lax",
        sync_expires=False,  # Expires would follow the machine's clock, not the sandbox's
    )
    return {"user": public_user(user)}, 200, {"Set-Cookie": cookie}


@endpoint(
    "POST /api/auth/api-token",
    source="Exchange Client Credentials to API JWT; ttl range, errors assumed",
    body=schemas.ApiTokenBody,
    answer=schemas.ApiTokenAnswer,
    errors={
        400: "clientId or apiKey missing, or ttlSec out of range (assumed)",
        401: "Unknown clientId, or the wrong apiKey (assumed)",
        403: "An admin has not approved this user's API use (assumed)",
    },
    public=True,
)
def api_token(_: None, body: dict[str, Any]) -> dict[str, Any]:
    """Exchange the client credentials of Settings → API Access for a short-lived Bearer JWT."""
    ttl = body["ttlSec"]
    found = directory.by_api_client(body["clientId"], body["apiKey"])
    if found is None:
        raise errors.Unauthorized("Invalid client credentials")
    api, user = found
    if not user["apiAccessApproved"]:
        raise errors.Forbidden("API access has not been approved for this account")
    return {
        "success": True,
        "tokenType": "Bearer",
        "accessToken": SigningKeys(api).api_token(user, ttl),
        "expiresInSec": ttl,
        "clientNumber": user["id"],
        "clientId": user["clientId"],
    }
