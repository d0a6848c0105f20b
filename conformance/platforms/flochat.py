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

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import requests

from conformance.options import Option
from conformance.platforms.base import (
    PREFIX,
    Created,
    Creates,
    Credentials,
    Ours,
    PlatformKit,
    made_up,
)

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


def headers(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


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


# -- safety on a real account -----------------------------------------------------------------

#: Fields naming an object the run may have created (its id is in the create's answer),
#: and that object's kind.
OWN_IDS = {"user_ns": "subscribers", "tag_ns": "tags"}
#: Fields naming objects the run never creates (sub flows, nodes, segments) or cannot tell
#: it created (fields: their ids come back nested), and channel ids (a phone number, a
#: PSID): always replaced by made-up ones.
FOREIGN_IDS = ("var_ns", "sub_flow_ns", "node_ns", "segment_ns", "user_id")
#: Comma-separated lists of ids, by the field their items are.
ID_LISTS = {"user_ns_list": "user_ns", "user_id_list": "user_id", "segment_ns": "segment_ns"}
#: Arrays of names, by the field their items are.
NAME_LISTS = {"tags": "name", "exclude_tags": "name"}
#: Fields that name what they create or look up: they always carry the prefix, so they
#: only ever find (or make) the kit's own objects.
NAMES = (
    "name",
    "first_name",
    "last_name",
    "tag_name",
    "field_name",
    "label_name",
    "flow_name",
    "event_name",
    "trigger_name",
    "heading",
    "title",
    "code",
    "vendor",
)
#: Paths whose `type` is a name (a product's type, made when new); elsewhere an enum.
TYPE_IS_A_NAME = ("/shop/products/create", "/shop/products/{productId}/update")
#: Team label ids (`{"id": 3}`) are named in these paths' bodies.
LABEL_PATHS = ("/team/delete-label",)
#: WhatsApp template names take lower-case letters, digits and underscores only.
TEMPLATE_PATHS = ("/whatsapp-template/create", "/whatsapp-template/delete")
TEMPLATE_PREFIX = PREFIX.replace("-", "_")
#: Ids at least this big name nothing (MySQL INT columns stop at 2147483647).
MISSING_IDS = 2_100_000_000


def guard(case: Any, ours: Ours, negative: bool) -> None:
    """Keep a generated request to what the run created, and to nobody reachable.

    Path ids become ids no account has (the run cannot tell the ids it created from the
    nested answers that carry them). `user_ns`, `tag_ns` and label ids the run did not
    create, and every sub flow, node, segment, field and channel id, become made-up ones,
    so a subscriber operation, a send or a broadcast only reaches the run's own subscribers
    (made-up addresses) or nobody; `create_if_not_found` is dropped. Names get the prefix
    (a name is both what a create makes and what a lookup finds), e-mail addresses and
    phone numbers become made-up, undeliverable ones. Reads are left alone. Values of the
    wrong type (negative cases) are left as generated.
    """
    if case.method.upper() == "GET":
        return
    params = case.path_parameters if isinstance(case.path_parameters, dict) else {}
    for name, value in params.items():
        if _an_id(value):
            params[name] = _missing("id", value)
        elif isinstance(value, str) and value.strip() and not made_up(value):
            params[name] = _missing(name, value)  # a template's namespace
    for container in (case.query, case.body):
        if isinstance(container, dict):
            _guard_fields(container, case.path, ours)
    body = case.body
    nameless = isinstance(body, dict) and not any(
        body.get(key) for key in ("first_name", "last_name", "name")
    )
    if case.path == "/subscriber/create" and nameless:
        # The sweep finds subscribers by name: one created without a name, whose answer
        # a Ctrl-C cut off, could not be told apart from real ones.
        body["first_name"] = f"{PREFIX}{_digest(repr(sorted(body.items(), key=str)))}"


def _guard_fields(values: dict[str, Any], path: str, ours: Ours) -> None:
    values.pop("create_if_not_found", None)  # the default: never create a subscriber
    for key, value in list(values.items()):
        if isinstance(value, dict):
            _guard_fields(value, path, ours)
        elif isinstance(value, list):
            values[key] = [
                _guard_item(NAME_LISTS.get(key, key), item, path, ours) for item in value
            ]
        elif key in ID_LISTS and isinstance(value, str):
            items = value.split(",")
            values[key] = ",".join(_guard_value(ID_LISTS[key], i, path, ours) for i in items)
        elif key == "id" and path in LABEL_PATHS and _an_id(value):
            values[key] = value if ours.of("labels", str(value)) else _missing(key, value)
        else:
            values[key] = _guard_value(key, value, path, ours)


def _an_id(value: Any) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, str) and value.strip().isdigit()
    )


def _guard_item(key: str, item: Any, path: str, ours: Ours) -> Any:
    if isinstance(item, dict):
        _guard_fields(item, path, ours)
        return item
    return _guard_value(key, item, path, ours)


def _guard_value(key: str, value: Any, path: str, ours: Ours) -> Any:
    if not isinstance(value, str) or not value.strip() or made_up(value):
        return value
    if key in OWN_IDS:
        return value if ours.of(OWN_IDS[key], value) else _missing(key, value)
    if key in FOREIGN_IDS:
        return _missing(key, value)
    if key == "email" and "@" in value:
        return f"{PREFIX}{_digest(value)}@example.invalid"
    if key == "phone" and sum(ch.isdigit() for ch in value) >= 6:
        return _made_up_phone(value)
    if key in NAMES or (key == "type" and path in TYPE_IS_A_NAME):
        return (TEMPLATE_PREFIX if path in TEMPLATE_PATHS else PREFIX) + value
    return value


def _digest(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:12]


def _missing(key: str, value: Any) -> Any:
    """A value that names nothing, of the same type: a huge number for an `id` (path ids,
    label ids), a prefixed string otherwise."""
    digest = _digest(str(value))
    if key == "id":
        number = MISSING_IDS + int(digest, 16) % 40_000_000
        return number if isinstance(value, int) else str(number)
    return f"{PREFIX}{digest}"


def _made_up_phone(value: str) -> str:
    """+999 is no country's calling code: no message can reach the number."""
    return f"+999{int(_digest(value), 16) % 10**9:09d}"


# -- clean-up ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sweep:
    """Where the sweep looks for prefixed objects of one kind: a list and its search."""

    kind: str
    path: str
    search: str  # the list's "contains" filter, matched against the items' `search` key
    id_key: str
    method: str = "GET"


#: In the order deletes go: subscribers before the tags, fields and labels they carry,
#: products before their tags, types and vendors.
SWEEPS = (
    Sweep("subscribers", "/subscribers", "name", "user_ns"),
    Sweep("subscribers", "/subscribers", "email", "user_ns"),
    Sweep("tags", "/flow/tags", "name", "tag_ns"),
    Sweep("user_fields", "/flow/user-fields", "name", "var_ns"),
    Sweep("bot_fields", "/flow/bot-fields", "name", "var_ns"),
    Sweep("labels", "/team/labels", "name", "id"),
    Sweep("products", "/shop/products", "name", "id"),
    Sweep("product_tags", "/shop/product-tags", "name", "id"),
    Sweep("product_types", "/shop/product-types", "name", "id"),
    Sweep("product_vendors", "/shop/product-vendors", "name", "id"),
    Sweep("locations", "/shop/locations", "name", "id"),
    Sweep("discount_codes", "/shop/discount-codes", "code", "id"),
    Sweep("embeddings", "/openai-embeddings", "heading", "id"),
    Sweep("whatsapp_templates", "/whatsapp-template/list", "name", "name", method="POST"),
)
ORDER = tuple(dict.fromkeys(sweep.kind for sweep in SWEEPS))
#: kind -> (delete path, the body key naming the object), for deletes by body.
DELETE_BY_BODY = {
    "subscribers": ("/subscriber/delete", "user_ns"),
    "tags": ("/flow/delete-tag", "tag_ns"),
    "user_fields": ("/flow/delete-user-field", "var_ns"),
    "bot_fields": ("/flow/delete-bot-field", "var_ns"),
    "labels": ("/team/delete-label", "id"),
    "whatsapp_templates": ("/whatsapp-template/delete", "name"),
}
#: Page size of the sweep's list requests (the vendor's maximum).
PAGE = 100
#: The most pages the sweep reads of one list (a guard against a list that never ends).
MAX_PAGES = 20


def _delete_request(kind: str, object_id: str) -> tuple[str, dict[str, Any] | None]:
    """(path, JSON body) of the DELETE that removes one object."""
    if kind in DELETE_BY_BODY:
        path, key = DELETE_BY_BODY[kind]
        return path, {key: int(object_id) if key == "id" else object_id}
    (sweep,) = {s.path for s in SWEEPS if s.kind == kind}
    return f"{sweep}/{object_id}/delete", None


def delete_created(
    session: requests.Session, base_url: str, credentials: Credentials, created: list[Created]
) -> list[str]:
    """Delete these objects, subscribers first and newest first; returns what could not be
    deleted. An object already gone (a 400 saying "... not found") counts as deleted."""
    problems = []
    auth = headers(credentials["key"])
    for kind in ORDER:
        for item in dict.fromkeys(reversed(created)):
            if item.kind != kind:
                continue
            path, body = _delete_request(kind, item.id)
            response = session.delete(f"{base_url}{path}", json=body, headers=auth)
            if response.status_code != 200 and not _gone(response):
                problems.append(
                    f"could not delete {kind} {item.id}: {response.status_code} "
                    f"{response.text[:120]}"
                )
    return problems


def _gone(response: requests.Response) -> bool:
    if response.status_code != 400:
        return False
    try:
        message = response.json().get("message")
    except (ValueError, AttributeError):
        return False
    return isinstance(message, str) and "not found" in message.lower()


def cleanup(
    session: requests.Session,
    base_url: str,
    credentials: Credentials,
    created: list[Created],
    started_at: datetime,
) -> list[str]:
    """Delete what the run created, and every object whose name carries the prefix: what
    it created without seeing the answer (interrupted), or whose id came back nested (user
    and bot fields, shop entries: the session records top-level ids only).

    A run that created nothing (a --read-only one) sends nothing: what an interrupted run
    left behind waits for the next run that writes.
    """
    if not created:
        return []
    swept = [found for sweep in SWEEPS for found in _sweep(session, base_url, credentials, sweep)]
    return delete_created(session, base_url, credentials, [*created, *swept])


def _sweep(
    session: requests.Session, base_url: str, credentials: Credentials, sweep: Sweep
) -> list[Created]:
    prefix = TEMPLATE_PREFIX if sweep.kind == "whatsapp_templates" else PREFIX
    found: list[Created] = []
    for number in range(1, MAX_PAGES + 1):
        params = {sweep.search: prefix, "limit": PAGE, "page": number}
        response = session.request(
            sweep.method,
            f"{base_url}{sweep.path}",
            params=params,
            headers=headers(credentials["key"]),
        )
        if response.status_code != 200:
            break
        try:
            items = [item for item in response.json()["data"] if isinstance(item, dict)]
        except (ValueError, KeyError, TypeError):
            break  # not the documented shape: nothing more can be found safely
        found += [
            Created(sweep.kind, str(item[sweep.id_key]))
            for item in items
            if item.get(sweep.id_key) is not None and _prefixed(item.get(sweep.search), prefix)
        ]
        if len(items) < PAGE:
            break
    return found


def _prefixed(value: Any, prefix: str) -> bool:
    """What the kit names starts with the prefix (in any case: a vendor may upper-case
    discount codes)."""
    return isinstance(value, str) and value.lower().startswith(prefix)


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
