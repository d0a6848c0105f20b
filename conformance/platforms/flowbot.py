"""The kit's knowledge of FlowBot AI's API (`{base}/api/...`, seed 001).

Every request carries `Authorization: Bearer <JWT>`: the run exchanges the client
credentials of Settings → API Access for one (`POST /api/auth/api-token`) when it starts,
or uses a token it is given. Errors are `{"error": "Human-readable error message"}` with a
4xx status; ids are UUIDs, times `toISOString()` text, message ids WhatsApp's WAMIDs.

A real deployment sends real WhatsApp messages: outbound triggers, leads and replies reach
real people. Generated requests therefore never name a real flow or conversation (the
guard points them at made-up ones, so they are refused and send nothing), and the
scenarios that do send go only to the test phone the user gives (`--flowbot-test-phone`).
`POST /api/flows/generate` stores a draft flow the API cannot delete: it runs only with
--include-permanent, and the clean-up lists the drafts to remove by hand.

This module holds the options, credentials, the in-process workspace, schemathesis'
settings, the clean-up and the `PlatformKit`; the error envelope and id formats are
`flowbot_answers`, the guard `flowbot_guard` (their names stay importable from here).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import requests

from conformance.options import Option
from conformance.platforms.base import Created, Credentials, PlatformKit
from conformance.platforms.flowbot_answers import (
    DRAWFLOW_NODE_KEYS,
    WAMID,
    drawflow_problems,
    error_envelope,
    format_problems,
    json_or_none,
    jwt_algorithm,
)
from conformance.platforms.flowbot_guard import fictional_phone, guard, missing_uuid

if TYPE_CHECKING:
    from conformance.settings import Settings
    from sandbox.core.sandbox import Sandbox

__all__ = [
    "DRAWFLOW_NODE_KEYS",
    "KIT",
    "OPTIONS",
    "WAMID",
    "authorize",
    "cleanup",
    "credentials",
    "drawflow_problems",
    "error_envelope",
    "exchange",
    "fictional_phone",
    "format_problems",
    "guard",
    "jwt_algorithm",
    "missing_uuid",
    "sandbox_workspace",
    "schemathesis",
]

OPTIONS = (
    Option(
        "--flowbot-client-id",
        "Client ID of Settings → API Access (aiflow_...); with --flowbot-api-key, exchanged "
        "for a Bearer JWT when the run starts (POST /api/auth/api-token, ttlSec 3600).",
        env="FLOWBOT_CLIENT_ID",
    ),
    Option(
        "--flowbot-api-key",
        "API key of Settings → API Access (sk_...), for the client ID.",
        env="FLOWBOT_API_KEY",
        secret=True,
    ),
    Option(
        "--flowbot-token",
        "A Bearer JWT from POST /api/auth/api-token, used instead of exchanging the client "
        "credentials.",
        env="FLOWBOT_TOKEN",
        secret=True,
    ),
    Option(
        "--flowbot-username",
        "User name of the same user: the login scenario logs in with it.",
        env="FLOWBOT_USERNAME",
    ),
    Option(
        "--flowbot-password",
        "That user's password.",
        env="FLOWBOT_PASSWORD",
        secret=True,
    ),
    Option(
        "--flowbot-flow-id",
        "ID of an active flow of the user. Trigger scenarios start it for the test phone only; "
        "without a test phone, scenarios only send it refused requests.",
        env="FLOWBOT_FLOW_ID",
    ),
    Option(
        "--flowbot-outbound-token",
        "That flow's legacy outbound token.",
        env="FLOWBOT_OUTBOUND_TOKEN",
        secret=True,
    ),
    Option(
        "--flowbot-hmac-secret",
        "That flow's HMAC secret (leads signed with X-Signature-256).",
        env="FLOWBOT_HMAC_SECRET",
        secret=True,
    ),
    Option(
        "--flowbot-template-group-id",
        "An approved template group of that flow, sent with outbound triggers (the template "
        "that opens a closed 24-hour window).",
        env="FLOWBOT_TEMPLATE_GROUP_ID",
    ),
    Option(
        "--flowbot-template",
        "NAME:LANGUAGE of an approved WhatsApp template without parameters (e.g. "
        "hello_world:en_US): the reply scenario sends it.",
        env="FLOWBOT_TEMPLATE",
    ),
    Option(
        "--flowbot-test-phone",
        "WhatsApp number (E.164) of a phone you own. Scenarios that send real messages "
        "(outbound triggers, leads, replies) run only with it, and send only to it.",
        env="FLOWBOT_TEST_PHONE",
    ),
    Option(
        "--flowbot-sandbox-workspace",
        "Only when the target is a flow-sandbox: the workspace of the credentials. Scenarios "
        "then also simulate the customer's reply through the sandbox's control API "
        "(/_sandbox/inbound, /_sandbox/outbox), with the token in FLOW_SANDBOX_CONTROL_TOKEN "
        "if the sandbox has one. Never set for a real deployment.",
        env="FLOWBOT_SANDBOX_WORKSPACE",
    ),
)

#: Lifetime of the token the run asks for: the vendor's documented example.
TOKEN_TTL = 3600


# -- credentials -------------------------------------------------------------------------------


def credentials(settings: Settings) -> dict[str, str]:
    """A Bearer JWT: the one given, or one exchanged for the client credentials."""
    client_id = settings.option("flowbot_client_id")
    api_key = settings.option("flowbot_api_key")
    given: dict[str, str] = {}
    if client_id and api_key:
        given = {"client_id": str(client_id), "api_key": str(api_key)}
    token = settings.option("flowbot_token")
    if token:
        return {"token": str(token), **given}
    if not given:
        raise ValueError(
            "FlowBot needs API credentials: give --flowbot-client-id and --flowbot-api-key "
            "(or --flowbot-token), or set FLOWBOT_CLIENT_ID and FLOWBOT_API_KEY"
        )
    if settings.base_url is None:
        raise ValueError("FlowBot's client credentials are exchanged at a --base-url")
    return {"token": exchange(settings.base_url, given["client_id"], given["api_key"]), **given}


def exchange(base_url: str, client_id: str, api_key: str) -> str:
    """`POST /api/auth/api-token`; ValueError saying why when the deployment refuses."""
    url = f"{base_url}/api/auth/api-token"
    body = {"clientId": client_id, "apiKey": api_key, "ttlSec": TOKEN_TTL}
    try:
        response = requests.post(url, json=body, timeout=30)
    except requests.RequestException as error:
        raise ValueError(f"cannot reach {url}: {error.__class__.__name__}: {error}") from error
    answer = json_or_none(response)
    token = answer.get("accessToken") if isinstance(answer, dict) else None
    if response.status_code != 200 or not isinstance(token, str) or not token:
        said = answer.get("error") if isinstance(answer, dict) else None
        reason = said if isinstance(said, str) else response.text[:200]
        raise ValueError(
            f"FlowBot refused the client credentials (POST /api/auth/api-token answered "
            f"{response.status_code}): {reason}"
        )
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def authorize(method: str, kwargs: dict[str, Any], credentials: Credentials) -> None:
    """The JWT goes in the Authorization header; a header the request sets itself wins."""
    kwargs["headers"] = {**bearer(credentials["token"]), **(kwargs.get("headers") or {})}


# -- the in-process sandbox ----------------------------------------------------------------------

KIT_FLOW = "7d1b3f5a-9c2e-4a6b-8d0f-1e3a5c7b9d2f"
KIT_TEMPLATE_GROUP = "tg_kit_welcome"
KIT_TEMPLATE = ("kit_welcome", "en")
KIT_PHONE = "+972500000001"


def sandbox_workspace(sandbox: Sandbox, settings: Settings) -> dict[str, Any]:
    """A fresh deployment whose credentials user owns an active flow with a parameterless
    template (its default group) and a draft; the customer's phone is made up (nothing
    leaves the sandbox); the run's token is issued on the sandbox's clock."""
    from sandbox.platforms.flowbot.models import FlowBot
    from sandbox.platforms.flowbot.models.keys import SigningKeys
    from sandbox.platforms.flowbot.models.users import Users

    workspace = sandbox.workspaces.create()
    name, language = KIT_TEMPLATE
    outbound_token = sandbox.ids.hex(48)
    hmac_secret = sandbox.ids.hex(64)
    sandbox.load_fixtures(
        {
            "workspaces": {
                workspace.name: {
                    "flowbot": {
                        "flows": [
                            {
                                "id": KIT_FLOW,
                                "name": "Kit flow",
                                "status": "active",
                                "outboundToken": outbound_token,
                                "hmacSecret": hmac_secret,
                                "firstMessage": "Hi {{customerName}}! This is the kit's flow.",
                                "templateGroups": [
                                    {
                                        "id": KIT_TEMPLATE_GROUP,
                                        "templates": [
                                            {
                                                "id": "1000000000000001",
                                                "name": name,
                                                "language": language,
                                                "text": "Hello from the kit! Reply to go on.",
                                            }
                                        ],
                                    }
                                ],
                                "defaultTemplateGroupId": KIT_TEMPLATE_GROUP,
                            },
                            {"name": "Kit draft", "status": "draft", "firstMessage": "Draft"},
                        ]
                    }
                }
            }
        }
    )
    keys = workspace.credentials_for("flowbot")
    with sandbox.store.transaction():
        api = FlowBot(sandbox.context(workspace))
        token = SigningKeys(api).api_token(Users(api).credentials_user(), 86400)
    return {
        "flowbot_token": token,
        "flowbot_client_id": keys["client_id"],
        "flowbot_api_key": keys["api_key"],
        "flowbot_username": keys["username"],
        "flowbot_password": keys["password"],
        "flowbot_flow_id": KIT_FLOW,
        "flowbot_outbound_token": outbound_token,
        "flowbot_hmac_secret": hmac_secret,
        "flowbot_template_group_id": KIT_TEMPLATE_GROUP,
        "flowbot_template": f"{name}:{language}",
        "flowbot_test_phone": KIT_PHONE,
        "flowbot_sandbox_workspace": workspace.name,
    }


def schemathesis(settings: Settings, credentials: Credentials) -> dict[str, Any]:
    return {
        "auth": {"openapi": {"BearerJWT": {"bearer": credentials["token"]}}},
        "checks": {
            # Valid-looking flow and conversation ids name nothing of the account (on a real
            # one the guard makes sure of it): the API answers 404, which no schema states.
            "positive_data_acceptance": {"enabled": False},
        },
        "operations": [
            {
                # The handler reads the query itself: `stats` is on as "true" or "1" and
                # off otherwise, as `req.query.stats === 'true'` would be (assumed), so a
                # `stats` that is no boolean is not refused.
                "include-path": "/api/conversations",
                "include-method": "GET",
                "checks": {"negative_data_rejection": {"enabled": False}},
            }
        ],
    }


# -- clean-up ----------------------------------------------------------------------------------


def cleanup(
    session: requests.Session,
    base_url: str,
    credentials: Credentials,
    created: list[Created],
    started_at: datetime,
) -> list[str]:
    """The API deletes nothing: list the draft flows `POST /api/flows/generate` made (those
    the run recorded, and drafts created since it began, which the generated requests of
    --include-permanent runs may have made) for removal by hand. Conversations with the
    test phone stay: they are the user's own test chats."""
    flows = {item.id: "" for item in created if item.kind == "flows"}
    problems: list[str] = []
    try:
        flows.update(_drafts_since(session, base_url, credentials, started_at))
    except (requests.RequestException, ValueError, KeyError, TypeError) as error:
        problems.append(f"could not look for the run's draft flows: {error}")
    if flows:
        listed = ", ".join(
            f"{flow_id} ({name})" if name else flow_id for flow_id, name in sorted(flows.items())
        )
        problems.insert(0, "the API cannot delete flows; remove these drafts by hand: " + listed)
    return problems


def _drafts_since(
    session: requests.Session, base_url: str, credentials: Credentials, started_at: datetime
) -> dict[str, str]:
    """{id: name} of the user's draft flows created since `started_at`."""
    response = session.get(f"{base_url}/api/flows", headers=bearer(credentials["token"]))
    if response.status_code != 200:
        raise ValueError(f"GET /api/flows answered {response.status_code}")
    start = started_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    return {
        str(flow["id"]): str(flow["name"])
        for flow in response.json()
        if flow["status"] == "draft" and str(flow["createdAt"])[:19] >= start
    }


KIT = PlatformKit(
    name="flowbot",
    title="FlowBot AI API",
    options=OPTIONS,
    credentials=credentials,
    authorize=authorize,
    sandbox_workspace=sandbox_workspace,
    schemathesis=schemathesis,
    error_envelope=error_envelope,
    format_problems=format_problems,
    guard=guard,
    # A generated flow is stored as a draft, and the API has no way to delete a flow.
    permanent=frozenset({"POST /api/flows/generate"}),
    cleanup=cleanup,
)
