"""Flochat API keys: `Authorization: Bearer <key>`, one key per bot (platforms.md §A.2)."""

from __future__ import annotations

from typing import Any

from flask import Request

from sandbox.core.auth import authorization
from sandbox.core.ids import IdFactory
from sandbox.core.sandbox import current_sandbox
from sandbox.core.workspaces import Workspace
from sandbox.platforms.flochat.errors import Unauthenticated

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "API KEY": {"type": "http", "scheme": "bearer", "description": "The bot's API key."}
}

DEMO_CREDENTIALS = {"api_key": "85f61181adbc58458636069ae41d58139ffb2cb9demo"}


UNIQUE_CREDENTIALS = ("api_key",)


def new_credentials(ids: IdFactory) -> dict[str, Any]:
    return {"api_key": ids.string(44)}


def authenticate(request: Request) -> Workspace | None:
    header = authorization(request)
    if header is None or header[0].lower() != "bearer" or not header[1]:
        raise Unauthenticated()
    workspace = current_sandbox().workspaces.find_by_credential("flochat", "api_key", header[1])
    if workspace is None:
        raise Unauthenticated()
    return workspace
