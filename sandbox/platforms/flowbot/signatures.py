"""`X-Signature-256` on leads: HMAC-SHA256 of the raw request body with the flow's secret,
as lowercase hex, either bare (the vendor's curl example) or `sha256=<hex>` (Meta's
`X-Hub-Signature-256` form, which integrators reuse); platforms.md §D.2."""

from __future__ import annotations

import hashlib
import hmac

HEADER = "X-Signature-256"


def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def valid(secret: str, body: bytes, header: str) -> bool:
    given = header.strip()
    if given[:7].lower() == "sha256=":
        given = given[7:]
    # Hex is case-insensitive; compare in constant time whatever the input.
    return hmac.compare_digest(given.lower().encode("utf-8"), sign(secret, body).encode("utf-8"))
