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
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import requests

from conformance.options import Option
from conformance.platforms.base import Created, Credentials, Ours, PlatformKit

if TYPE_CHECKING:
    from conformance.settings import Settings
    from sandbox.core.sandbox import Sandbox

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
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
#: `Date.prototype.toISOString()`, as every documented time is written.
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
#: A WhatsApp message id: `wamid.` and an opaque base64-like body, 128 characters at most.
WAMID = re.compile(r"^wamid\.[A-Za-z0-9+/=_-]+$")
WAMID_MAX = 128
E164 = re.compile(r"^\+[1-9]\d{6,14}$")
JWT = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")
UUID_KEYS = ("id", "flowId", "clientNumber")
TIME_KEYS = ("createdAt", "updatedAt", "startedAt", "lastCustomerMessageAt")
#: What every node of a Drawflow export carries (jerosoler/Drawflow, platforms.md §D.1).
DRAWFLOW_NODE_KEYS = {
    "id",
    "name",
    "data",
    "class",
    "html",
    "typenode",
    "inputs",
    "outputs",
    "pos_x",
    "pos_y",
}
#: Made-up flow and conversation ids: well-formed version-4 UUIDs no real object has (a
#: non-UUID could make a UUID column's parser fail with a 500 instead of the vendor's 404).
MISSING_UUID_PREFIX = "00000000-0000-4000-8000-"
#: NANP numbers 555-0100 to 555-0199 are reserved for fiction: nobody answers them.
FICTIONAL_PHONE_PREFIX = "+120255501"


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
    answer = _json(response)
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
        token = api.keys.api_token(api.users.credentials_user(), 86400)
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


# -- answers -------------------------------------------------------------------------------------


def _json(response: Any) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def error_envelope(response: requests.Response) -> str | None:
    """`{"error": "Human-readable error message"}` (seed 001), nothing else."""
    body = _json(response)
    if body is None:
        return f"the body is not JSON: {response.text[:80]!r}"
    if not isinstance(body, dict) or set(body) != {"error"}:
        return f'an error must be {{"error": ...}}, got {body!r}'
    if not isinstance(body["error"], str) or not body["error"].strip():
        return f"the error must be a non-empty string, got {body['error']!r}"
    return None


def format_problems(body: Any) -> list[str]:
    """UUID ids, `toISOString()` times, WAMIDs, E.164 phone numbers, `aiflow_` client ids,
    HS256 JWTs, and Drawflow documents whose connections point at their own nodes."""
    problems = []
    for path, key, value in _walk(body):
        if value is None:
            continue
        problem = _value_problem(key, value)
        if problem is not None:
            problems.append(f"{path}: {value!r} {problem}")
        if key == "drawflowData":
            problems += [f"{path}: {problem}" for problem in drawflow_problems(value)]
    return problems


def _value_problem(key: str, value: Any) -> str | None:
    text = value if isinstance(value, str) else None
    if key in UUID_KEYS:
        return None if text and UUID.match(text) else "is not a UUID"
    if key in TIME_KEYS:
        return None if text and ISO_TIME.match(text) else "is not toISOString() text"
    if key == "messageId":
        if text and WAMID.match(text) and len(text) <= WAMID_MAX:
            return None
        return "is not a WAMID (wamid.<base64>, at most 128 characters)"
    if key == "waPhoneNumber":
        return None if text and E164.match(text) else "is not an E.164 phone number"
    if key == "clientId":
        return None if text and text.startswith("aiflow_") else "is not an aiflow_ client id"
    if key == "accessToken":
        return None if text and jwt_algorithm(text) == "HS256" else "is not an HS256 JWT"
    return None


def jwt_algorithm(token: str) -> str | None:
    """The `alg` of a JWT's header, or None when the text is no JWT."""
    if not JWT.match(token):
        return None
    head = token.split(".", 1)[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    except ValueError:
        return None
    algorithm = header.get("alg") if isinstance(header, dict) else None
    return algorithm if isinstance(algorithm, str) else None


def drawflow_problems(document: Any) -> list[str]:
    """What keeps `document` from being a Drawflow export (`editor.import()` would fail or
    draw dangling connections)."""
    try:
        nodes = document["drawflow"]["Home"]["data"]
    except (KeyError, TypeError):
        return ["drawflowData is not {drawflow: {Home: {data: {...}}}}"]
    if not isinstance(nodes, dict):
        return ["drawflowData's Home.data is not an object of nodes"]
    problems = []
    for key, node in nodes.items():
        if not isinstance(node, dict) or set(node) != DRAWFLOW_NODE_KEYS:
            keys = sorted(node) if isinstance(node, dict) else node
            problems.append(f"node {key} has keys {keys}, not Drawflow's")
            continue
        if str(node["id"]) != key:
            problems.append(f"node {key} says its id is {node['id']!r}")
        for side, port_key in (("inputs", "input"), ("outputs", "output")):
            for port, value in (node[side] or {}).items():
                for connection in value.get("connections", []):
                    if str(connection.get("node")) not in nodes or port_key not in connection:
                        problems.append(f"node {key} {side}.{port} has a dangling connection")
    return problems


def _walk(value: Any, path: str = "$") -> Iterator[tuple[str, str, Any]]:
    """(path, key, value) of every object member, except inside a Drawflow document (its
    node ids are numbers, checked by `drawflow_problems`)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}.{key}", str(key), item
            if key != "drawflowData":
                yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


# -- safety on a real deployment -------------------------------------------------------------------


def _digest(value: Any) -> str:
    return hashlib.sha1(repr(value).encode("utf-8")).hexdigest()


def missing_uuid(value: Any) -> str:
    """A version-4 UUID no deployment has, the same for the same value."""
    return MISSING_UUID_PREFIX + _digest(value)[:12]


def fictional_phone(value: Any) -> str:
    """A valid-looking number reserved for fiction (+1 202 555 0100 to 0199)."""
    return FICTIONAL_PHONE_PREFIX + f"{int(_digest(value), 16) % 100:02d}"


def is_missing_uuid(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(MISSING_UUID_PREFIX)


def is_fictional_phone(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FICTIONAL_PHONE_PREFIX)


#: Operation -> where it names a flow or conversation ("path:<name>" or a body field).
TARGETS: dict[str, tuple[str, ...]] = {
    "POST /api/webhook/outbound": ("flowId",),
    "POST /api/webhook/flow/{flowId}/lead": ("path:flowId",),
    "POST /api/conversations/{id}/reply": ("path:id",),
}


def guard(case: Any, ours: Ours, negative: bool) -> None:
    """Keep generated requests from sending anything on a real deployment.

    The kit creates no flow it could trigger and no conversation, so every flow or
    conversation id a trigger or reply names becomes a made-up UUID (the vendor refuses
    it and sends nothing), and every phone number a fictional one (in case it did not).
    """
    targets = TARGETS.get(f"{case.method.upper()} {case.path}")
    if targets is None:
        return
    params = case.path_parameters if isinstance(case.path_parameters, dict) else {}
    body = case.body if isinstance(case.body, dict) else None
    for target in targets:
        if target.startswith("path:"):
            name = target.removeprefix("path:")
            if name in params and not is_missing_uuid(params[name]):
                params[name] = missing_uuid(params[name])
        elif body is not None and target in body and not is_missing_uuid(body[target]):
            body[target] = missing_uuid(body[target])
    phone = body.get("phone") if body is not None else None
    # Text or a number (which a handler may turn into text) could reach someone.
    if body is not None and isinstance(phone, (str, int)) and not is_fictional_phone(phone):
        body["phone"] = fictional_phone(phone)


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
