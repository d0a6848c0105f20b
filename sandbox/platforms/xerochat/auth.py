"""XeroChat's `api_key`: `<user_id>-<secret>`, in the query (GET) or the form body (POST).

Each workspace has an admin key and a member key (platforms.md §B.2).
"""

from __future__ import annotations

from typing import Any

from flask import Request, g

from sandbox.core.ids import IdFactory
from sandbox.core.sandbox import current_sandbox
from sandbox.core.workspaces import Workspace
from sandbox.platforms.xerochat.errors import ApiKeyRequired, InvalidApiKey

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "ApiKeyQuery": {
        "type": "apiKey",
        "in": "query",
        "name": "api_key",
        "description": "`<user_id>-<secret>`; POST endpoints read it from the form body instead.",
    }
}

DEMO_CREDENTIALS = {
    "admin_key": "1-39efca8cf616d65b658785061ab4d690",
    "member_key": "2-46b9274e9832f466522f414c6f28f5aa",
}


UNIQUE_CREDENTIALS = ("admin_key", "member_key")


def new_credentials(ids: IdFactory) -> dict[str, Any]:
    admin_id, member_id = ids.digits(6), ids.digits(6)
    return {"admin_key": f"{admin_id}-{ids.hex(32)}", "member_key": f"{member_id}-{ids.hex(32)}"}


def authenticate(request: Request) -> Workspace | None:
    source = request.args if request.method == "GET" else request.form
    key = (source.get("api_key") or "").strip()
    if not key:
        raise ApiKeyRequired()
    workspaces = current_sandbox().workspaces
    for role in ("admin", "member"):
        workspace = workspaces.find_by_credential("xerochat", f"{role}_key", key)
        if workspace is not None:
            g.xerochat_role = role
            return workspace
    raise InvalidApiKey()
