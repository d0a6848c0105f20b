"""`FlowBot`: one workspace's FlowBot deployment, as the request's credentials see it (the
platform's per-request backend: `Platform(backend=FlowBot)`).

Who is asking is the principal's claims (`auth.authenticate`): how the request
authenticated (`via`), and the user (a JWT or the session cookie) or the one flow (its
outbound token or HMAC secret) the credentials stand for.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sandbox.core.backend import WorkspaceBackend
from sandbox.platforms.flowbot.models.common import js_iso

#: How a request authenticated (the endpoints accept different ones): the `via` claim.
VIA_API_TOKEN = "api-token"  # Bearer JWT from /api/auth/api-token
VIA_SESSION = "session"  # the login's JWT, as cookie or Bearer
VIA_FLOW_TOKEN = "flow-token"  # a flow's legacy outbound token
VIA_SIGNATURE = "signature"  # X-Signature-256 with a flow's HMAC secret


class FlowBot(WorkspaceBackend):
    """The deployment of one workspace. Views and models build the resource they need on
    it (`Flows(api)`); the resources import this class for annotations only."""

    @property
    def via(self) -> str | None:
        return self.principal.claims.get("via")

    @property
    def user(self) -> dict[str, Any] | None:
        """The user the credentials stand for (None for a flow's own credential)."""
        return self.principal.claims.get("user")

    @property
    def flow_id(self) -> str | None:
        """The one flow a flow's outbound token or HMAC secret is good for."""
        return self.principal.claims.get("flow")

    @property
    def is_admin(self) -> bool:
        return self.user is not None and self.user["role"] == "admin"

    def now(self) -> datetime:
        return self.clock.now()

    def timestamp(self) -> str:
        return js_iso(self.now())
