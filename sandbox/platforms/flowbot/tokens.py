"""FlowBot's JWTs (HS256, PyJWT): API tokens from `/api/auth/api-token` and the session
cookie from `/api/auth/login`, both signed with the workspace's secret.

Expiry is judged on the sandbox clock, not the machine's, so a test that moves the clock
past `exp` sees the token expire. PyJWT's own time checks are turned off for that reason.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import jwt

ALGORITHM = "HS256"
#: The claim telling an API token from a session token.
KIND = "type"
API = "api"
SESSION = "session"
#: How long a login session lasts (assumed: the vendor does not say).
SESSION_TTL = 7 * 24 * 3600


def issue(secret: str, claims: dict[str, Any], now: datetime, ttl: int) -> str:
    issued = int(now.timestamp())
    payload = {**claims, "iat": issued, "exp": issued + ttl}
    return jwt.encode(payload, secret, algorithm=ALGORITHM)


def unverified_subject(token: str) -> str | None:
    """The `sub` claim of something that parses as a JWT (its signature not yet checked),
    to find whose secret verifies it; None when it is no JWT."""
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    subject = claims.get("sub")
    if header.get("alg") != ALGORITHM or not isinstance(subject, str):
        return None
    return subject


def verify(token: str, secret: str, now: datetime) -> dict[str, Any] | None:
    """The claims of a token signed with `secret` and not expired at `now`, else None."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
        )
    except jwt.PyJWTError:
        return None
    expires = claims.get("exp")
    if not isinstance(expires, int) or now.timestamp() >= expires:
        return None
    return claims
