"""Flow XO API keys: `Authorization: Bearer <API key>` (platforms.md §C.1)."""

from __future__ import annotations

from typing import Any

from flask import Request

from sandbox.core.auth import authorization
from sandbox.core.ids import IdFactory
from sandbox.core.sandbox import current_sandbox
from sandbox.core.workspaces import Workspace
from sandbox.platforms.flowxo.errors import Unauthorized

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "BearerAuth": {"type": "http", "scheme": "bearer", "description": "The account's API key."}
}

DEMO_CREDENTIALS = {"api_key": "b5266b8d54ee12d263b869b3f7c8a4d18d967789"}


UNIQUE_CREDENTIALS = ("api_key",)


def new_credentials(ids: IdFactory) -> dict[str, Any]:
    return {"api_key": ids.hex(40)}


def authenticate(request: Request) -> Workspace | None:
    header = authorization(request)
    if header is None or header[0].lower() != "bearer" or not header[1]:
        raise Unauthorized()
    workspace = current_sandbox().workspaces.find_by_credential("flowxo", "api_key", header[1])
    if workspace is None:
        raise Unauthorized()
    return workspace
