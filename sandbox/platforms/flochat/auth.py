"""Flochat API keys: `Authorization: Bearer <key>` (platforms.md §A.2).

A key belongs to one bot (flow) of one team and carries scopes; which flow and scopes is
looked up here, and each operation checks its scope (`routes.common`). Failures are
Laravel Sanctum's, which the vendor does not document (assumed).
"""

from __future__ import annotations

from typing import Any

from flask import Request
from werkzeug.exceptions import MethodNotAllowed

from sandbox.core.auth import authorization
from sandbox.core.ids import IdFactory
from sandbox.core.platform import Principal
from sandbox.core.sandbox import current_sandbox
from sandbox.platforms.flochat.errors import Unauthenticated
from sandbox.platforms.flochat.models.flows import key_holder, key_workspace

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "API KEY": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key made for one bot of a team, with the scopes "
        '"Manage Flow" and / or "Manage Team".',
    }
}

DEMO_CREDENTIALS = {"api_key": "85f61181adbc58458636069ae41d58139ffb2cb9demo"}

UNIQUE_CREDENTIALS = ("api_key",)


def new_credentials(ids: IdFactory) -> dict[str, Any]:
    return {"api_key": ids.string(44)}


def authenticate(request: Request) -> Principal | None:
    """The workspace, flow and scopes of the bearer key; Laravel routes before it
    authenticates, so a wrong method is answered 405 whatever the key."""
    if isinstance(request.routing_exception, MethodNotAllowed):
        return None
    header = authorization(request)
    if header is None or header[0].lower() != "bearer" or not header[1]:
        raise Unauthenticated()
    sandbox = current_sandbox()
    key = header[1]
    workspace = key_workspace(sandbox, key)
    if workspace is None:
        raise Unauthenticated()
    ctx = sandbox.context(workspace)
    held = key_holder(ctx, key)
    if held is None:
        raise Unauthenticated()
    flow, scopes = held
    return Principal(workspace, {"flow": flow["id"], "scopes": scopes})
