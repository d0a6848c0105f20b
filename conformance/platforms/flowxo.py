"""The kit's knowledge of Flow XO's API (`https://flowxo.com/api/...`).

`Authorization: Bearer <API key>` on every request; errors are `{"message": ...}` with a
4xx status (assumed: no public source records them, docs/flowxo-fidelity.md); ids are
MongoDB ObjectIds and times `toISOString()` text.

On a real account the API cannot delete end users, so creating them is permanent, and
enabling or disabling a workflow changes what real users get: generated requests may only
name the run's own users (their channel ids are made up, `zz-fsbx-...`, so no channel can
deliver to them) and workflows that do not exist. The scenarios that create users or
toggle a workflow use the bot and the workflow the user names for that.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import requests

from conformance.options import Option
from conformance.platforms.base import PREFIX, Created, Credentials, Ours, PlatformKit

if TYPE_CHECKING:
    from conformance.settings import Settings
    from sandbox.core.sandbox import Sandbox

OPTIONS = (
    Option(
        "--flowxo-api-key",
        "The account owner's API key (User Profile); every request sends it as "
        "`Authorization: Bearer <key>`.",
        env="FLOWXO_API_KEY",
        secret=True,
    ),
    Option(
        "--flowxo-connection-id",
        "Connection ID of a test bot of the account: the end-user scenarios add users with "
        "made-up channel ids (zz-fsbx-...) to it. The API cannot delete users, so those "
        "scenarios also need --include-permanent.",
        env="FLOWXO_CONNECTION_ID",
    ),
    Option(
        "--flowxo-workflow-id",
        "_id of a workflow the kit may disable and enable again (it is left as it was "
        "found); without it no workflow is changed.",
        env="FLOWXO_WORKFLOW_ID",
    ),
    Option(
        "--flowxo-sandbox-workspace",
        "Only when the target is a flow-sandbox: the workspace the API key belongs to. "
        "Scenarios then also simulate a user's message through the sandbox's control API "
        "(/_sandbox/inbound), with the token in FLOW_SANDBOX_CONTROL_TOKEN if the sandbox has "
        "one. Never set for a real Flow XO account.",
        env="FLOWXO_SANDBOX_WORKSPACE",
    ),
)

OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")
#: `Date.prototype.toISOString()` (the milliseconds are optional here).
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
#: `<bot id>/c/<channel id>`: a conversation's id and a user's response path.
CONVERSATION_ID = re.compile(r"^[0-9a-f]{24}/c/.+$")
#: Keys whose values are ObjectIds (a message's and a workflow's `id` / `_id` too).
OBJECT_ID_KEYS = ("_id", "bot_id", "connection")
TIME_KEYS = ("created_at", "updated_at", "timestamp")
PATH_KEYS = ("response_path",)
#: A valid ObjectId of 1970 (its first 8 hex digits are its time): no real object has it.
MISSING_PREFIX = "00000000"
#: How many pages of conversations (100 each) the clean-up reads looking for the run's users.
SWEEP_PAGES = 20


def credentials(settings: Settings) -> dict[str, str]:
    key = settings.option("flowxo_api_key")
    if not key:
        raise ValueError(
            "Flow XO needs the account's API key: give --flowxo-api-key or set FLOWXO_API_KEY"
        )
    return {"api_key": str(key)}


def headers(credentials: Credentials) -> dict[str, str]:
    return {"Authorization": f"Bearer {credentials['api_key']}"}


def authorize(method: str, kwargs: dict[str, Any], credentials: Credentials) -> None:
    """The key goes in the Authorization header; a header the request sets itself wins."""
    kwargs["headers"] = {**headers(credentials), **(kwargs.get("headers") or {})}


def sandbox_workspace(sandbox: Sandbox, settings: Settings) -> dict[str, Any]:
    """A fresh account with a WhatsApp bot and a workflow whose ids are the spec's examples
    (so schemathesis' examples create a user and toggle a workflow), and a Telegram bot
    with a conversation."""
    workspace = sandbox.workspaces.create()
    bot, workflow = "6617a0c2e4b0a1f2c3d4e5f6", "5e9fa4e90f27ed002e143161"
    telegram = "6617a0c2e4b0a1f2c3d4e5f7"
    sandbox.load_fixtures(
        {
            "workspaces": {
                workspace.name: {
                    "flowxo": {
                        "bots": [
                            {"_id": bot, "name": "Kit bot", "platform": "whatsapp"},
                            {"_id": telegram, "name": "Kit Telegram bot", "platform": "telegram"},
                        ],
                        "workflows": [
                            {"_id": workflow, "name": "A Pause", "active": True},
                            {"_id": "5e9fa4e90f27ed002e143162", "name": "Kit", "active": False},
                        ],
                        "end_users": [
                            {
                                "connection": telegram,
                                "channel": "876631178",
                                "channel_profile": {"user_name": "kit_user"},
                                "created_at": "2026-01-05T10:00:00Z",
                                "messages": [
                                    {
                                        "role": "user",
                                        "message": "/start",
                                        "timestamp": "2026-01-05T10:00:00Z",
                                    },
                                    {
                                        "role": "bot",
                                        "type": "custom",
                                        "custom": {"text": "Hi!"},
                                        "timestamp": "2026-01-05T10:00:01Z",
                                    },
                                ],
                            }
                        ],
                    }
                }
            }
        }
    )
    return {
        "flowxo_api_key": workspace.credentials_for("flowxo")["api_key"],
        "flowxo_connection_id": bot,
        "flowxo_workflow_id": workflow,
        "flowxo_sandbox_workspace": workspace.name,
    }


def schemathesis(settings: Settings, credentials: Credentials) -> dict[str, Any]:
    return {
        "auth": {"openapi": {"BearerAuth": {"bearer": credentials["api_key"]}}},
        "checks": {
            # Valid-looking ObjectIds and response paths name nothing of the account: the
            # API answers those with 404 (assumed), which no schema can state.
            "positive_data_acceptance": {"enabled": False},
            "negative_data_rejection": {"expected-statuses": ["400", "401", "404", "405"]},
        },
    }


def error_envelope(response: requests.Response) -> str | None:
    """Express's `res.status(code).json({message})`: `{"message": <non-empty text>}`."""
    try:
        body = response.json()
    except ValueError:
        return f"the body is not JSON: {response.text[:80]!r}"
    if not isinstance(body, dict) or set(body) != {"message"}:
        return f'an error must be {{"message": ...}}, got {body!r}'
    if not isinstance(body["message"], str) or not body["message"]:
        return f"the message must be a non-empty string, got {body['message']!r}"
    return None


def format_problems(body: Any) -> list[str]:
    """ObjectIds (24 hex digits), `toISOString()` times, `<bot id>/c/<channel id>` paths and
    conversation ids, and `id_url_encoded` as `encodeURIComponent(id)`."""
    problems = []
    for path, parent, key, value in _walk(body):
        if value is None:
            continue
        if key in OBJECT_ID_KEYS or (key == "id" and parent == "last_message"):
            pattern, what = OBJECT_ID, "an ObjectId"
        elif key in TIME_KEYS:
            pattern, what = ISO_TIME, "an ISO 8601 UTC time"
        elif _is_conversation_id(key, parent):
            pattern, what = CONVERSATION_ID, "<bot id>/c/<channel id>"
        else:
            continue
        if not (isinstance(value, str) and pattern.match(value)):
            problems.append(f"{path}: {value!r} is not {what}")
    for path, conversation in _conversations(body):
        conversation_id = conversation.get("id")
        encoded = conversation.get("id_url_encoded")
        if isinstance(conversation_id, str) and encoded != url_encoded(conversation_id):
            problems.append(f"{path}.id_url_encoded: {encoded!r} is not encodeURIComponent(id)")
    return problems


def _is_conversation_id(key: str, parent: str) -> bool:
    """A response path, a conversation's id, or the conversation a message belongs to."""
    return (
        key in PATH_KEYS
        or (key == "id" and parent == "conversations")
        or (key == "conversation" and parent == "last_message")
    )


def url_encoded(value: str) -> str:
    """JavaScript's `encodeURIComponent`."""
    return quote(value, safe="-_.!~*'()")


def _walk(value: Any, path: str = "$", parent: str = "") -> Iterator[tuple[str, str, str, Any]]:
    """(path, the key of the enclosing object or list, key, value) of every object member."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}.{key}", parent, str(key), item
            yield from _walk(item, f"{path}.{key}", str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]", parent)


def _conversations(body: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(body, dict) and isinstance(body.get("conversations"), list):
        for index, item in enumerate(body["conversations"]):
            if isinstance(item, dict):
                yield f"$.conversations[{index}]", item


# -- safety on a real account ----------------------------------------------------------------


def _digest(value: Any) -> str:
    return hashlib.sha1(repr(value).encode("utf-8")).hexdigest()


def missing_object_id(value: Any) -> str:
    """A well-formed ObjectId no account has (made in 1970), the same for the same value."""
    return MISSING_PREFIX + _digest(value)[:16]


def made_up_channel(value: Any) -> str:
    """A channel id no channel can deliver to (not a phone number, not a Telegram id)."""
    return f"{PREFIX}{_digest(value)[:12]}"


def _is_id_text(value: Any) -> bool:
    """Text or a number (the API reads an integer as its text): something that could name
    a real user or number."""
    if isinstance(value, bool):
        return False
    return (isinstance(value, str) and value.strip() != "") or isinstance(value, (int, float))


def guard(case: Any, ours: Ours, negative: bool) -> None:
    """Keep a generated request to the run's own objects.

    - `POST /api/end_users`: a channel id becomes a made-up one (`zz-fsbx-...`), so a
      created user is recognisable and unreachable, and an existing user is never updated.
    - `PUT /api/end_users`: a response path the run did not make names a user of a bot
      that does not exist.
    - `PUT /api/workflows/{id}`: the kit creates no workflows, so the id always becomes one
      that does not exist (the workflow scenario toggles the one the user names).
    """
    method = case.method.upper()
    body = case.body if isinstance(case.body, dict) else None
    if case.path == "/api/end_users" and body is not None:
        if method == "POST":
            channel = body.get("channel")
            if _is_id_text(channel) and not ours(str(channel)):
                body["channel"] = made_up_channel(channel)
        elif method == "PUT":
            path = body.get("response_path")
            if _is_id_text(path) and not ours(str(path)):
                body["response_path"] = f"{missing_object_id(path)}/c/{made_up_channel(path)}"
    elif case.path == "/api/workflows/{id}" and method == "PUT":
        params = case.path_parameters if isinstance(case.path_parameters, dict) else {}
        if "id" in params and not ours.of("workflows", str(params["id"])):
            params["id"] = missing_object_id(params["id"])


# -- clean-up ----------------------------------------------------------------------------------


def cleanup(
    session: requests.Session,
    base_url: str,
    credentials: Credentials,
    created: list[Created],
    started_at: datetime,
) -> list[str]:
    """The API cannot delete end users: list the ones the run made (recorded, and found
    among the conversations created since the run began with a made-up channel id)."""
    paths = {item.id for item in created if item.kind == "end_users"}
    problems: list[str] = []
    try:
        paths |= _swept(session, base_url, credentials, started_at)
    except (requests.RequestException, ValueError, KeyError, TypeError) as error:
        problems.append(f"could not look for the run's end users: {error}")
    if paths:
        problems.insert(
            0,
            "the API cannot delete end users; remove these by hand: " + ", ".join(sorted(paths)),
        )
    return problems


def _swept(
    session: requests.Session, base_url: str, credentials: Credentials, started_at: datetime
) -> set[str]:
    """Ids of conversations created since `started_at` whose channel id the kit made up."""
    start = started_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    found: set[str] = set()
    skip, limit = 0, 100
    for _ in range(SWEEP_PAGES):
        params: dict[str, Any] = {"start": start, "skip": skip, "limit": limit}
        response = session.get(
            f"{base_url}/api/conversations", params=params, headers=headers(credentials)
        )
        if response.status_code != 200:
            raise ValueError(f"GET /api/conversations answered {response.status_code}")
        page = response.json()
        for conversation in page["conversations"]:
            if PREFIX in str(conversation.get("user_id", "")):
                found.add(str(conversation["id"]))
        skip += limit
        if skip >= page["total"] or not page["conversations"]:
            break
    return found


KIT = PlatformKit(
    name="flowxo",
    title="Flow XO API",
    options=OPTIONS,
    credentials=credentials,
    authorize=authorize,
    sandbox_workspace=sandbox_workspace,
    schemathesis=schemathesis,
    error_envelope=error_envelope,
    format_problems=format_problems,
    guard=guard,
    # Users cannot be deleted through the API (and a real bot may greet a new user).
    permanent=frozenset({"POST /api/end_users"}),
    cleanup=cleanup,
)
