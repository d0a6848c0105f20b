"""Finding the workspace a credential belongs to.

FlowBot's credentials do not name a workspace: a login, an API client, a JWT, a flow's
outbound token or a signed lead each find their deployment here, by asking every
workspace. A JWT is verified with the secret of each workspace that has its subject, so a
token only ever opens the workspace that issued it; fixtures keep the other credentials
unique across workspaces (models/fixtures.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sandbox.core.sandbox import current_sandbox
from sandbox.platforms.flowbot import signatures, tokens
from sandbox.platforms.flowbot.models.api import FlowBot
from sandbox.platforms.flowbot.models.flows import Flows
from sandbox.platforms.flowbot.models.keys import SigningKeys
from sandbox.platforms.flowbot.models.users import Users


def deployments() -> Iterator[FlowBot]:
    sandbox = current_sandbox()
    for workspace in sandbox.workspaces.all():
        yield FlowBot(sandbox.context(workspace))


def _first_user(
    find: Callable[[Users], dict[str, Any] | None],
) -> tuple[FlowBot, dict[str, Any]] | None:
    """The first deployment whose users `find` a user in, and that user."""
    for api in deployments():
        user = find(Users(api))
        if user is not None:
            return api, user
    return None


def by_login(username: str, password: str) -> tuple[FlowBot, dict[str, Any]] | None:
    return _first_user(lambda users: users.login(username, password))


def by_api_client(client_id: str, api_key: str) -> tuple[FlowBot, dict[str, Any]] | None:
    return _first_user(lambda users: users.api_client(client_id, api_key))


def by_jwt(token: str) -> tuple[FlowBot, dict[str, Any], dict[str, Any]] | None:
    """The deployment, user and claims of a valid, unexpired JWT of ours."""
    subject = tokens.unverified_subject(token)
    if subject is None:
        return None
    for api in deployments():
        user = Users(api).get(subject)
        secret = SigningKeys(api).current()
        if user is None or secret is None:
            continue
        claims = tokens.verify(token, secret, api.now())
        if claims is None:
            continue
        if claims.get(tokens.KIND) == tokens.API and not user["apiAccessApproved"]:
            return None  # the admin withdrew the approval: its tokens stop working
        return api, user, claims
    return None


def by_outbound_token(token: str) -> tuple[FlowBot, dict[str, Any]] | None:
    for api in deployments():
        flow = Flows(api).by_outbound_token(token)
        if flow is not None:
            return api, flow
    return None


def by_signature(flow_id: str, body: bytes, header: str) -> tuple[FlowBot, dict[str, Any]] | None:
    """The flow (and its deployment) whose HMAC secret signed `body`; None when the flow
    exists but no secret of it matches. Raises LookupError when no workspace has the flow."""
    found = False
    for api in deployments():
        flow = Flows(api).by_text_id(flow_id)
        if flow is None:
            continue
        found = True
        if signatures.valid(flow["hmacSecret"], body, header):
            return api, flow
    if not found:
        raise LookupError(flow_id)
    return None
