"""`FlowBot`: one workspace's FlowBot deployment, as the request's credentials see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import g

from sandbox.core.context import Context
from sandbox.core.storage import Record, Store
from sandbox.platforms.flowbot.models.common import js_iso

#: How a request authenticated (the endpoints accept different ones).
VIA_API_TOKEN = "api-token"  # Bearer JWT from /api/auth/api-token
VIA_SESSION = "session"  # the login's JWT, as cookie or Bearer
VIA_FLOW_TOKEN = "flow-token"  # a flow's legacy outbound token
VIA_SIGNATURE = "signature"  # X-Signature-256 with a flow's HMAC secret


@dataclass(frozen=True)
class Principal:
    """Who is asking: a user (JWT or cookie), or one flow's own credential."""

    via: str
    user: dict[str, Any] | None = None
    flow_id: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.user is not None and self.user["role"] == "admin"


class FlowBot:
    """The deployment of one workspace; `principal` is who the request authenticated as."""

    def __init__(self, ctx: Context, principal: Principal | None = None) -> None:
        from sandbox.platforms.flowbot.models.conversations import Conversations
        from sandbox.platforms.flowbot.models.flows import Flows
        from sandbox.platforms.flowbot.models.keys import SigningKeys
        from sandbox.platforms.flowbot.models.messaging import Messaging
        from sandbox.platforms.flowbot.models.users import Users

        self.ctx = ctx
        self.store: Store = ctx.store
        self.workspace = ctx.workspace.name
        self.principal = principal
        self.users = Users(self)
        self.keys = SigningKeys(self)
        self.flows = Flows(self)
        self.conversations = Conversations(self)
        self.messaging = Messaging(self)

    def now(self) -> datetime:
        return self.ctx.clock.now()

    def timestamp(self) -> str:
        return js_iso(self.now())

    def find(self, table: str, **conditions: Any) -> list[Record]:
        return self.store.find(table, self.workspace, **conditions)

    def first(self, table: str, **conditions: Any) -> Record | None:
        return self.store.first(table, self.workspace, **conditions)

    def insert(self, table: str, doc: dict[str, Any]) -> Record:
        return self.store.insert(table, self.workspace, doc)

    def update(self, table: str, record_id: int, changes: dict[str, Any]) -> Record:
        return self.store.update(table, record_id, changes)


def current_flowbot() -> FlowBot:
    """The deployment and principal of the request (set by `auth.authenticate`)."""
    api = g.get("flowbot")
    if api is None:
        raise RuntimeError("the FlowBot credentials have not been checked for this request")
    return api
