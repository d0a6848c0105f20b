"""RapidPro authentication: `Authorization: Token <key>` or Basic `<user>:<key>` (rapidpro.md §1).

Failures are 403 with DRF's (or temba's) exact `detail`. A workspace's credentials are
`token` (40 hex characters), `email` and `username` (the Basic user part: Weni compares
the username; upstream compares the username too, which at v9.2.5 is the login e-mail,
so the sandbox compares the `email`) and an optional `role`: a `viewer` token may only
read (Weni) or is refused (upstream, which lets only administrators and editors use
tokens). Generated credentials use the e-mail as the username, so the login they list
works in both profiles.
"""

from __future__ import annotations

from typing import Any

from flask import Request
from werkzeug.exceptions import MethodNotAllowed

from sandbox.core.auth import MalformedBasic, authorization, decode_basic, secrets_equal
from sandbox.core.ids import IdFactory
from sandbox.core.platform import Principal
from sandbox.core.sandbox import Sandbox, current_sandbox
from sandbox.core.workspaces import Workspace
from sandbox.platforms.rapidpro.docs_pages import is_docs_read
from sandbox.platforms.rapidpro.errors import (
    AuthenticationFailed,
    NotAuthenticated,
    PermissionDenied,
)
from sandbox.platforms.rapidpro.models import RapidPro
from sandbox.platforms.rapidpro.profiles import PROFILES, WENI, Profile

SECURITY_SCHEMES: dict[str, dict[str, Any]] = {
    "Token": {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "`Token <API token>`, the token from the workspace's API settings.",
    },
    "Basic": {
        "type": "http",
        "scheme": "basic",
        "description": "User name (Weni) or login e-mail (upstream, whose user names are "
        "the e-mail) as user, API token as password.",
    },
}

DEMO_CREDENTIALS = {
    "token": "fcd60351118eb5c4d44f469892bbde1ed5308a45",
    "email": "demo@flow-sandbox.local",
    "username": "demo",
}


UNIQUE_CREDENTIALS = ("token",)


def new_credentials(ids: IdFactory) -> dict[str, Any]:
    # At v9.2.5 RapidPro's user names are the login e-mail (rapidpro-api-v2.md §0), and
    # Basic compares the user name: listing the e-mail as both keeps the listed login
    # valid whichever profile the workspace gets later.
    email = f"user-{ids.hex(8)}@flow-sandbox.local"
    return {"token": ids.hex(40), "email": email, "username": email}


def authenticate(request: Request) -> Principal | None:
    """The token's workspace and `role` (administrator, editor or viewer)."""
    # Bad credentials always fail first. Anonymous requests with a wrong method get the
    # 405 upstream (its permission check raises it), the 403 in Weni.
    sandbox = current_sandbox()
    workspace = _authenticate(request, sandbox)
    profile = _profile(workspace, sandbox)
    role = "administrator"
    if workspace is not None:
        role = workspace.credentials_for("rapidpro").get("role", "administrator")
    if isinstance(request.routing_exception, MethodNotAllowed) and (
        profile.method_check_before_auth
    ):
        # The 405 comes next, before any permission check.
        return None if workspace is None else Principal(workspace, {"role": role})
    if workspace is None:
        # Upstream's docs pages (no .json) are public to read; Weni's are not.
        if not profile.is_weni and request.method in ("GET", "HEAD") and is_docs_read(request):
            return None
        raise NotAuthenticated()
    if role == "viewer" and (not profile.is_weni or request.method != "GET"):
        raise PermissionDenied()
    return Principal(workspace, {"role": role})


def _one_word(credentials: str, scheme: str, part: str) -> None:
    """DRF's TokenAuthentication and BasicAuthentication refuse a header whose credentials
    are missing or hold spaces, each in its own words."""
    if not credentials:
        raise AuthenticationFailed(f"Invalid {scheme} header. No credentials provided.")
    if len(credentials.split()) > 1:
        raise AuthenticationFailed(
            f"Invalid {scheme} header. {part} string should not contain spaces."
        )


def _authenticate(request: Request, sandbox: Sandbox) -> Workspace | None:
    """The workspace of valid credentials, None for an anonymous request, 403 otherwise."""
    header = authorization(request)
    if header is None:
        return None
    scheme, credentials = header
    if scheme.lower() == "token":
        _one_word(credentials, "token", "Token")
        workspace = _by_token(credentials, sandbox)
        if workspace is None:
            raise AuthenticationFailed("Invalid token")
        return workspace
    if scheme.lower() == "basic":
        _one_word(credentials, "basic", "Credentials")
        try:
            user, token = decode_basic(credentials)
        except MalformedBasic as error:
            raise AuthenticationFailed(
                "Invalid basic header. Credentials not correctly base64 encoded."
            ) from error
        workspace = _by_token(token, sandbox)
        if workspace is None:
            raise AuthenticationFailed("Invalid token or email")
        user_key = _profile(workspace, sandbox).basic_user_key
        expected = workspace.credentials_for("rapidpro").get(user_key)
        if expected is None or not secrets_equal(user, str(expected)):
            raise AuthenticationFailed("Invalid token or email")
        return workspace
    # Bearer and other schemes are no authenticator's business: the request is anonymous.
    return None


def _by_token(token: str, sandbox: Sandbox) -> Workspace | None:
    return sandbox.workspaces.find_by_credential("rapidpro", "token", token)


def _profile(workspace: Workspace | None, sandbox: Sandbox) -> Profile:
    """The workspace's profile; the server's default for an anonymous request."""
    if workspace is None:
        return PROFILES[sandbox.config.defaults.get("rapidpro", {}).get("profile", WENI)]
    # The org is cached per context: the request's backend is a copy of the same one.
    return RapidPro.of(sandbox.context(workspace)).profile
