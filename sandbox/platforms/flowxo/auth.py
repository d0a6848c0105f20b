"""Flow XO API keys: `Authorization: Bearer <API key>` (seed 000, platforms.md §C.1).

The vendor's keys are JWTs (HS256, payload `{"_id": <account id>, "role": "user",
"features": [], "api_key": true, "iat": ...}`), so the sandbox hands out keys of that shape,
signed with its own secret (not the vendor's: a sandbox key never works on flowxo.com, nor
the reverse). A request is tied to the workspace whose key it carries, compared exactly,
so a fixture may also fix any other string as a workspace's key.
"""

from __future__ import annotations

from typing import Any

import jwt
from flask import Request

from sandbox.core.auth import authorization
from sandbox.core.ids import IdFactory
from sandbox.core.platform import Principal
from sandbox.core.sandbox import current_sandbox
from sandbox.platforms.flowxo.errors import Unauthorized

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "BearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "The account owner's API key (User Profile), a JWT.",
    }
}

#: Signs the sandbox's keys. Public on purpose: it only has to make well-formed JWTs.
SIGNING_SECRET = "flow-sandbox: flowxo key signing secret (not the vendor's)"
ALGORITHM = "HS256"

#: The default workspace's key: account 67748580d3e0c0ffee5a4db0, issued 2025-01-01.
DEMO_CREDENTIALS = {
    "api_key": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJfaWQiOiI2Nzc0ODU4MGQzZTBjMGZmZWU1YTRkYjAiLCJyb2xlIjoidXNlciIsImZlYXR1cmVzIjpbXSwi"
    "YXBpX2tleSI6dHJ1ZSwiaWF0IjoxNzM1Njg5NjAwfQ."
    "WGXHvnhWyhuI61ERghoVjnU4COMFzqVGo7km2gGBVz4"
}

UNIQUE_CREDENTIALS = ("api_key",)

# Keys are issued between 2020-01-01 and 2026-01-01 (an ObjectId's time is its first 8 hex).
_ISSUED_FROM = 1_577_836_800
_ISSUED_UNTIL = 1_767_225_600


def api_key(account_id: str, issued_at: int) -> str:
    """A key of the vendor's shape for an account, signed with the sandbox's secret."""
    payload = {
        "_id": account_id,
        "role": "user",
        "features": [],
        "api_key": True,
        "iat": issued_at,
    }
    return jwt.encode(payload, SIGNING_SECRET, algorithm=ALGORITHM)


def new_credentials(ids: IdFactory) -> dict[str, Any]:
    # From the seedable ids alone (no clock here), so a seeded run gets the same keys.
    issued_at = ids.integer(_ISSUED_FROM, _ISSUED_UNTIL)
    return {"api_key": api_key(f"{issued_at:08x}{ids.hex(16)}", issued_at)}


def authenticate(request: Request) -> Principal:
    """The account whose key the request carries: a key is the whole account (the
    vendor's keys name no narrower scope)."""
    header = authorization(request)
    if header is None or header[0].lower() != "bearer" or not header[1]:
        raise Unauthorized()
    workspace = current_sandbox().workspaces.find_by_credential("flowxo", "api_key", header[1])
    if workspace is None:
        raise Unauthorized()
    return Principal(workspace)
