"""The kit's knowledge of Flochat's Chatbot API (the UChat API; `{base}/<path>`, e.g.
`https://app.flochat.ai/api/flow/tags`).

A key belongs to one bot (flow) of a team and carries the scopes "Manage Flow" and / or
"Manage Team"; it goes in `Authorization: Bearer <key>`. Every answer the controllers give
is HTTP 200 with the object, or 400 `{"message": ...}` (Laravel's validation texts, or the
controller's own); Sanctum answers 401 `{"message": "Unauthenticated."}` and 403
`{"message": "Invalid ability provided."}`.

On a real account the guard keeps generated requests to what the run created: subscribers,
tags and labels it created (by their ids), and anything named with the kit's prefix, which
is what every name, e-mail address and phone number the kit sends carries or is replaced
with. Nothing the kit sends can reach a real person: recipients are the run's own
subscribers (made-up addresses) or ones that do not exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timezone
from typing import TYPE_CHECKING, Any

import requests

from conformance.options import Option
from conformance.platforms.base import (
    Creates,
    Credentials,
    PlatformKit,
)
from conformance.platforms.flochat_cleanup import cleanup, delete_created, headers
from conformance.platforms.flochat_guard import guard

if TYPE_CHECKING:
    from conformance.settings import Settings
    from sandbox.core.sandbox import Sandbox

OPTIONS = (
    Option(
        "--flochat-api-key",
        'API key of the bot (flow) to check, made with both scopes ("Manage Flow" and '
        '"Manage Team"); every request sends it as `Authorization: Bearer <key>`.',
        env="FLOCHAT_API_KEY",
        secret=True,
    ),
    Option(
        "--flochat-flow-scope-key",
        'A key of the same bot with only the "Manage Flow" scope: a scenario checks that '
        "team operations refuse it (403).",
        env="FLOCHAT_FLOW_SCOPE_KEY",
        secret=True,
    ),
    Option(
        "--flochat-team-scope-key",
        'A key of the same bot with only the "Manage Team" scope: a scenario checks that '
        "flow operations refuse it (403).",
        env="FLOCHAT_TEAM_SCOPE_KEY",
        secret=True,
    ),
    Option(
        "--flochat-test-subscriber",
        "user_ns of a subscriber of the bot who agreed to receive test messages (your own "
        "phone, say, having written to the bot in the last 24 hours): the sending scenarios "
        "send it one text. Without it nothing is ever sent.",
        env="FLOCHAT_TEST_SUBSCRIBER",
    ),
)

#: A flow-scoped id: `f<flow id><letter(s)><number>` ("f123s789" in the vendor's examples).
NS = re.compile(r"^f\d+[a-z]+\d+$")
NS_KEYS = ("user_ns", "tag_ns", "var_ns", "sub_flow_ns", "segment_ns", "node_ns")
#: Laravel's `Y-m-d H:i:s` (the vendor's "2020-11-27 17:50:45"), or "" for never.
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
SUBSCRIBER_DATETIMES = (
    "subscribed",
    "opted_in_email",
    "opted_in_sms",
    "last_interaction",
    "last_seen",
    "last_message_at",
)


def credentials(settings: Settings) -> dict[str, str]:
    key = settings.option("flochat_api_key")
    if not key:
        raise ValueError(
            "Flochat needs an API key with both scopes: give --flochat-api-key or set "
            "FLOCHAT_API_KEY"
        )
    return {"key": str(key)}


def authorize(method: str, kwargs: dict[str, Any], credentials: Credentials) -> None:
    """The key goes in the Authorization header; a request that sets its own (a scenario
    trying another key) keeps it."""
    kwargs["headers"] = {**headers(credentials["key"]), **(kwargs.get("headers") or {})}


def sandbox_workspace(sandbox: Sandbox, settings: Settings) -> dict[str, Any]:
    """A fresh team whose default bot has a key of each scope, a main flow, a segment and
    a subscriber who wrote to the bot just now (the test subscriber the sending scenarios
    write to)."""
    workspace = sandbox.workspaces.create()
    flow_key = f"{workspace.name}-flow-scope-key"
    team_key = f"{workspace.name}-team-scope-key"
    now = sandbox.clock.now().astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    tester = "f100001u1"
    sandbox.load_fixtures(
        {
            "workspaces": {
                workspace.name: {
                    "flochat": {
                        "team": {"name": "Kit team"},
                        "labels": [{"name": "Kit label"}],
                        "flows": [
                            {
                                "id": 100001,
                                "name": "Kit bot",
                                "default": True,
                                "keys": [
                                    {"key": flow_key, "scopes": ["Manage Flow"]},
                                    {"key": team_key, "scopes": ["Manage Team"]},
                                ],
                                "tags": [{"name": "Kit tag"}],
                                "sub_flows": [
                                    {
                                        "name": "Welcome",
                                        "main": True,
                                        "nodes": [{"name": "Hello", "text": "Hi!"}],
                                    }
                                ],
                                "segments": [{"name": "Kit segment", "tags": ["Kit tag"]}],
                                "subscribers": [
                                    {
                                        "user_ns": tester,
                                        "first_name": "Kit",
                                        "last_name": "Tester",
                                        "phone": "+999100000001",
                                        "last_inbound_at": now,
                                    }
                                ],
                            }
                        ],
                    }
                }
            }
        }
    )
    return {
        "flochat_api_key": workspace.credentials_for("flochat")["api_key"],
        "flochat_flow_scope_key": flow_key,
        "flochat_team_scope_key": team_key,
        "flochat_test_subscriber": tester,
    }


#: Operations that change what the account is connected to or how it behaves, in ways the
#: kit can neither keep to its own objects nor restore: never run against a real account
#: (an in-process sandbox runs them).
ACCOUNT_SETTINGS = frozenset(
    {
        *(
            f"{method} /integration/{name}"
            for method in ("POST", "DELETE")
            for name in (
                "dropi",
                "meta-conversions-api",
                "openai",
                "s3storage",
                "shopify",
                "woocommerce",
            )
        ),
        "POST /flow/settings/set-audio-transcription",
        "PUT /shop/business-hours/update",
        "POST /openai-embeddings/generate",  # spends the account's OpenAI credit
    }
)
#: Why an account setting is not run against a real account (the summary says so).
ACCOUNT_SETTINGS_REASON = (
    "changes the account's settings, which the kit cannot restore (an in-process run checks it)"
)
#: Sending: a message cannot be unsent (the guard points generated ones at subscribers that
#: do not exist, or at the run's own, whose addresses are made up).
SENDING = frozenset(
    f"POST /subscriber/{name}"
    for name in (
        "send-content",
        "send-email",
        "send-main-flow",
        "send-node",
        "send-sms",
        "send-sub-flow",
        "send-sub-flow-by-flow-name",
        "send-sub-flow-by-user-id",
        "send-text",
        "send-whatsapp-template",
        "send-whatsapp-template-by-user-id",
        "broadcast",
        "broadcast-by-segment",
        "broadcast-by-tag",
        "broadcast-by-user-id",
        "app-trigger",  # runs a mini app's trigger, which may send
    )
)
#: Operations whose effects cannot be undone: sending, orders (the API deletes none),
#: WhatsApp templates (submitted to Meta for review), and the account's settings.
PERMANENT = frozenset(
    {
        *SENDING,
        "POST /subscriber/cart-paid",
        "POST /subscriber/update-order-status",
        "POST /shop/orders/create",
        "PUT /shop/orders/{orderId}/update",
        "POST /whatsapp-template/create",
        *ACCOUNT_SETTINGS,
    }
)


def schemathesis(settings: Settings, credentials: Credentials) -> dict[str, Any]:
    config: dict[str, Any] = {
        "auth": {"openapi": {"API KEY": {"bearer": credentials["key"]}}},
        "checks": {
            # Valid-looking data names subscribers, tags, fields and sub flows that do not
            # exist, which the vendor refuses with 400 (as it documents every error).
            "positive_data_acceptance": {"enabled": False},
            # Laravel refuses with 400 (validation, as the vendor documents), 401 / 403
            # (Sanctum), 404 (routing) and 405.
            "negative_data_rejection": {"expected-statuses": ["400", "401", "403", "404", "405"]},
        },
    }
    return config


def error_envelope(response: requests.Response) -> str | None:
    """Laravel's JSON error: exactly `{"message": "<non-empty text>"}`."""
    try:
        body = response.json()
    except ValueError:
        return f"the body is not JSON: {response.text[:80]!r}"
    if not isinstance(body, dict) or set(body) != {"message"}:
        return f'an error must be {{"message": ...}}, got {body!r}'
    if not isinstance(body["message"], str) or not body["message"].strip():
        return f"the message must be a non-empty string, got {body['message']!r}"
    return None


def format_problems(body: Any) -> list[str]:
    """Flow-scoped ids look like `f123t456`, and subscribers' dates are `Y-m-d H:i:s` (or
    "" for never)."""
    problems = []
    for path, key, value in _walk(body):
        if key in NS_KEYS and value is not None and not _is_ns(value):
            problems.append(f"{path}: {value!r} is not a flow-scoped id (f<flow><letter><n>)")
        elif (
            key in SUBSCRIBER_DATETIMES
            and value not in (None, "")
            and not (isinstance(value, str) and DATETIME.match(value))
        ):
            problems.append(f"{path}: {value!r} is not a Y-m-d H:i:s date")
    return problems


def _is_ns(value: Any) -> bool:
    return isinstance(value, str) and NS.match(value) is not None


def _walk(value: Any, path: str = "$") -> Iterator[tuple[str, str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}.{key}", str(key), item
            yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


KIT = PlatformKit(
    name="flochat",
    title="Flochat Chatbot API",
    options=OPTIONS,
    credentials=credentials,
    authorize=authorize,
    sandbox_workspace=sandbox_workspace,
    schemathesis=schemathesis,
    error_envelope=error_envelope,
    format_problems=format_problems,
    creates={
        "POST /subscriber/create": Creates("subscribers", "user_ns", 200),
        "POST /flow/create-tag": Creates("tags", "tag_ns", 200),
        "POST /team/create-label": Creates("labels", "id", 200),
    },
    guard=guard,
    permanent=PERMANENT,
    in_process_only=dict.fromkeys(sorted(ACCOUNT_SETTINGS), ACCOUNT_SETTINGS_REASON),
    cleanup=cleanup,
    delete_created=delete_created,
)
