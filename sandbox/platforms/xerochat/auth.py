"""XeroChat's `api_key`: `<user_id>-<secret>`, in the query (GET endpoints) or the form
body (POST endpoints), checked by each endpoint first (platforms.md §B.2).

Each workspace (one XeroChat installation) has an admin key and a member key. A key is
valid when it is one of them (compared without regard to case, as the vendor's MySQL
collation does) and the user it names is active; admin-only endpoints also want that user
to be an Admin. Expiry dates are never checked, whatever the message says.
"""

from __future__ import annotations

from typing import Any

from flask import Request, g

from sandbox.core.ids import IdFactory
from sandbox.core.platform import Principal
from sandbox.core.sandbox import current_sandbox
from sandbox.platforms.xerochat.controller import CONTROLLER, STACK
from sandbox.platforms.xerochat.errors import ApiKeyRequired, InvalidApiKey
from sandbox.platforms.xerochat.models.api import XeroChat
from sandbox.platforms.xerochat.models.users import Users
from sandbox.platforms.xerochat.schemas import KeyOnly

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "ApiKeyQuery": {
        "type": "apiKey",
        "in": "query",
        "name": "api_key",
        "description": "`<user_id>-<secret>` in the query of GET endpoints; POST endpoints "
        "take it as the `api_key` form field instead.",
    }
}

DEMO_CREDENTIALS = {
    "admin_key": "1-XcAdmin1732147200DemoKey",
    "member_key": "2-XcMembr1732147200DemoKey",
}

UNIQUE_CREDENTIALS = ("admin_key", "member_key")


def new_credentials(ids: IdFactory) -> dict[str, Any]:
    """Keys shaped like the vendor's: user id, 7 letters, a Unix time, 7 letters."""

    def secret() -> str:
        return f"{ids.string(7)}{ids.digits(10)}{ids.string(7)}"

    return {"admin_key": f"1-{secret()}", "member_key": f"2-{secret()}"}


def authenticate(request: Request) -> Principal | None:
    """What the endpoint a request reaches does first, as CodeIgniter runs it: the URI
    check, the routing (None: CodeIgniter's 404 to come), then the endpoint's own checks
    before the key (update_user's id), then its api_key_check() on the key where it reads
    it ($_GET or $_POST) as the endpoint's documented schema reads it."""
    g.json_escape_slashes = True  # PHP's json_encode writes "\/", in these errors too
    STACK.check_uri()
    found = CONTROLLER.resolve(request.path)
    if found is None:
        return None
    route, path = found
    notes = route.notes or {}
    if notes.get("before_key") is not None:
        notes["before_key"](**path)
    api_key = STACK.read(KeyOnly, route.location).get("api_key")
    return api_key_check(api_key, admin=bool(notes.get("admin")))


def api_key_check(api_key: str | None, *, admin: bool) -> Principal:
    """The vendor's api_key_check(): the installation and user of a valid key (the
    principal's `user_id` claim), or its error."""
    if api_key is None or api_key == "":
        raise ApiKeyRequired()
    sandbox = current_sandbox()
    workspace = next(
        (
            found
            for key in UNIQUE_CREDENTIALS
            if (
                found := sandbox.workspaces.find_by_credential(
                    "xerochat", key, api_key, ignore_case=True
                )
            )
            is not None
        ),
        None,
    )
    if workspace is None:
        raise InvalidApiKey()
    user = Users(XeroChat(sandbox.context(workspace))).key_holder(api_key, admin=admin)
    if user is None:
        raise InvalidApiKey()
    return Principal(workspace, {"user_id": user["id"], "user_type": user["user_type"]})
