"""Bearer API keys, one per workspace (`notes.api_key` in its credentials)."""

from __future__ import annotations

from typing import Any

from flask import Request

from examples.notes.errors import Unauthenticated
from sandbox.core.auth import authorization
from sandbox.core.ids import IdFactory
from sandbox.core.platform import Principal
from sandbox.core.sandbox import current_sandbox

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "apiKey": {"type": "http", "scheme": "bearer", "description": "The workspace's API key."}
}
DEMO_CREDENTIALS = {"api_key": "notes-demo-key"}
UNIQUE_CREDENTIALS = ("api_key",)


def new_credentials(ids: IdFactory) -> dict[str, Any]:
    return {"api_key": ids.string(32)}


def authenticate(request: Request) -> Principal:
    """The workspace whose key the request carries, or the vendor's 401."""
    header = authorization(request)
    if header is None or header[0].lower() != "bearer":
        raise Unauthenticated()
    workspace = current_sandbox().workspaces.find_by_credential("notes", "api_key", header[1])
    if workspace is None:
        raise Unauthenticated()
    return Principal(workspace)
