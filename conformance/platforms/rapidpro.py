"""The kit's knowledge of RapidPro API v2 (Weni Flows or upstream RapidPro)."""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import requests

from conformance.options import Option
from conformance.platforms.base import PREFIX, Created, Creates, Credentials, Ours, PlatformKit

if TYPE_CHECKING:
    from conformance.settings import Settings
    from sandbox.core.sandbox import Sandbox

OPTIONS = (
    Option(
        "--rapidpro-token",
        "API token of the workspace to check (sent as `Authorization: Token <token>`).",
        env="RAPIDPRO_TOKEN",
        secret=True,
    ),
    Option(
        "--rapidpro-profile",
        "Which RapidPro the target is: weni (Weni Flows) or upstream (nyaruka/rapidpro); "
        "scenarios expect that flavour's messages and shapes.",
        env="RAPIDPRO_PROFILE",
        default="weni",
        choices=("weni", "upstream"),
    ),
)

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
URN = re.compile(r"^[a-z]+:[^\s]+$")


def credentials(settings: Settings) -> dict[str, str]:
    token = settings.option("rapidpro_token")
    if not token:
        raise ValueError("RapidPro needs a token: give --rapidpro-token or set RAPIDPRO_TOKEN")
    return {"token": str(token)}


def headers(credentials: Credentials) -> dict[str, str]:
    return {"Authorization": f"Token {credentials['token']}"}


def authorize(method: str, kwargs: dict[str, Any], credentials: Credentials) -> None:
    kwargs["headers"] = {**headers(credentials), **(kwargs.get("headers") or {})}


def sandbox_workspace(sandbox: Sandbox, settings: Settings) -> dict[str, Any]:
    """A fresh workspace of the requested flavour; its token becomes --rapidpro-token."""
    workspace = sandbox.workspaces.create()
    profile = settings.option("rapidpro_profile")
    sandbox.load_fixtures({"workspaces": {workspace.name: {"rapidpro": {"profile": profile}}}})
    return {"rapidpro_token": workspace.credentials_for("rapidpro")["token"]}


def schemathesis(settings: Settings, credentials: Credentials) -> dict[str, Any]:
    return {
        "headers": headers(credentials),
        "checks": {
            # Valid-looking data is refused for reasons no schema states: unknown group
            # names, URNs that do not parse, URNs or names already taken. RapidPro answers
            # those with 400, as documented (rapidpro.md §2.3).
            "positive_data_acceptance": {"enabled": False},
            # RapidPro refuses with 400 (validation), 403 (auth: never 401), 404, 405, 409
            # (upstream limits) and 415.
            "negative_data_rejection": {
                "expected-statuses": ["400", "403", "404", "405", "409", "415"]
            },
        },
    }


def error_envelope(response: requests.Response) -> str | None:
    """DRF's envelope: `{"detail": "..."}` or field errors `{"field": ["...", ...]}`."""
    try:
        body = response.json()
    except ValueError:
        return f"the body is not JSON: {response.text[:80]!r}"
    if not isinstance(body, dict) or not body:
        return f"the body is not a non-empty JSON object: {body!r}"
    if "detail" in body:
        if set(body) != {"detail"} or not isinstance(body["detail"], str):
            return f'a "detail" error must be {{"detail": <string>}}, got {body!r}'
        return None
    for key, messages in body.items():
        if not _field_errors(messages):
            return f"field errors must be lists of strings (or nested), got {key}: {messages!r}"
    return None


def _field_errors(value: Any) -> bool:
    if isinstance(value, list):
        return bool(value) and all(isinstance(item, str) for item in value)
    if isinstance(value, dict):
        return bool(value) and all(_field_errors(item) for item in value.values())
    return False


def format_problems(body: Any) -> list[str]:
    """UUIDs, timestamps, URNs and page links where RapidPro's bodies carry them."""
    problems = []
    for path, key, value in _walk(body):
        if key == "uuid" and not _is_uuid(value):
            problems.append(f"{path}: {value!r} is not a UUID")
        elif key in ("created_on", "modified_on", "last_seen_on") and value is not None:
            if not (isinstance(value, str) and TIMESTAMP.match(value)):
                problems.append(f"{path}: {value!r} is not an ISO 8601 UTC timestamp")
        elif key == "urns" and isinstance(value, list):
            for index, urn in enumerate(value):
                if not (isinstance(urn, str) and URN.match(urn)):
                    problems.append(f"{path}[{index}]: {urn!r} is not a scheme:path URN")
        elif key in ("next", "previous") and value is not None and not _absolute(value):
            problems.append(f"{path}: {value!r} is not an absolute URL")
    return problems


def _walk(value: Any, path: str = "$") -> Iterator[tuple[str, str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}.{key}", key, item
            yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


def _absolute(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return isinstance(value, str)


# URNs a channel could deliver to (phone numbers, e-mail addresses, channel handles): never
# sent to a real account, even from the spec's examples. `ext:` URNs and URNs that cannot
# parse are left alone, so validation keeps being exercised.
DELIVERABLE = re.compile(
    r"^(tel|whatsapp):\+?[\d\s().-]{7,}$"
    r"|^mailto:[^@\s]+@[^@\s]+$"
    r"|^(telegram|facebook|instagram|viber|line|twitter|twitterid|discord|vk|wechat|jiochat"
    r"|slack|teams|fcm|freshchat|rocketchat|webchat|weniwebchat|bsuid):.+$"
)
LOOKUPS = ("uuid", "urn", "name", "key")
CONTACTS_PATH = "/api/v2/contacts.json"


def guard(case: Any, ours: Ours, negative: bool) -> None:
    """Keep a generated request from touching or messaging anything real.

    Lookups (`?uuid=`, `?urn=`, `?name=`, `?key=`) that name something the run did not
    create are rewritten to made-up values that match nothing (a POST then creates an
    object of the run's own, a DELETE finds nothing). URNs become `ext:` URNs no channel
    delivers to, and names get the kit's prefix (except in negative cases, whose names are
    invalid on purpose); a contact without a name always gets a made-up one.
    """
    if case.method.upper() == "GET":
        return
    query = case.query if isinstance(case.query, dict) else {}
    for param in LOOKUPS:
        value = query.get(param)
        if value is not None and could_match(param, str(value)) and not ours(str(value)):
            query[param] = _made_up(param, str(value))
    if not isinstance(case.body, dict):
        return
    urns = case.body.get("urns")
    if isinstance(urns, list):
        case.body["urns"] = [
            _made_up("urn", urn) if isinstance(urn, str) and not ours(urn) else urn for urn in urns
        ]
    if case.path == CONTACTS_PATH and case.body.get("name") is None:
        # A contact without a name or URN could not be told apart from real ones if the
        # run ends before it sees the answer (Ctrl-C): name it. Negative cases too: the
        # API accepts many of them (an unknown key, a null language) and creates a contact.
        case.body["name"] = _made_up("name", repr(sorted(case.body.items(), key=str)))
    if negative:
        return
    for key in ("name", "label"):
        value = case.body.get(key)
        if isinstance(value, str) and not value.startswith(PREFIX):
            case.body[key] = PREFIX + value


def could_match(param: str, value: str) -> bool:
    """Whether a lookup value could name a real object (garbage cannot, and is left as
    generated so the API's handling of it is still checked)."""
    if param == "uuid":
        return _is_uuid(value)
    if param == "urn":
        return bool(DELIVERABLE.match(value)) or value.startswith("ext:")
    if param == "key":
        return bool(re.match(r"^[a-z][a-z0-9_]*$", value))
    return bool(value.strip())


def _made_up(param: str, value: str) -> str:
    digest = hashlib.sha1(value.encode("utf-8")).hexdigest()[:12]
    if param == "uuid":
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"zz-fsbx:{value}"))
    if param == "urn":
        return f"ext:{PREFIX}{digest}" if DELIVERABLE.match(value) else value
    if param == "key":
        return f"zz_fsbx_{digest}"
    return f"{PREFIX}{digest}"


def cleanup(
    session: requests.Session,
    base_url: str,
    credentials: Credentials,
    created: list[Created],
    started_at: datetime,
) -> list[str]:
    """Delete the contacts and groups the run created, then sweep for prefixed ones it may
    have created without seeing the answer; fields cannot be deleted, so they are listed."""
    auth = headers(credentials)
    endpoints = {
        "contacts": f"{base_url}/api/v2/contacts.json",
        "groups": f"{base_url}/api/v2/groups.json",
    }
    since = (started_at - timedelta(minutes=1)).astimezone(timezone.utc)
    contacts = _prefixed(session, endpoints["contacts"], auth, since)
    groups = _prefixed(session, endpoints["groups"], auth, None)
    swept = [Created("contacts", found) for found in contacts]
    swept += [Created("groups", found) for found in groups]
    # Newest first (contacts before the groups they joined), then the sweep's finds.
    problems = delete_created(session, base_url, credentials, [*swept[::-1], *created])
    fields = sorted(item.id for item in created if item.kind == "fields")
    if fields:
        problems.append(
            "the API cannot delete contact fields; remove these by hand: " + ", ".join(fields)
        )
    return problems


def delete_created(
    session: requests.Session, base_url: str, credentials: Credentials, created: list[Created]
) -> list[str]:
    """Delete these contacts and groups, newest first; returns what could not be deleted."""
    auth = headers(credentials)
    endpoints = {
        "contacts": f"{base_url}/api/v2/contacts.json",
        "groups": f"{base_url}/api/v2/groups.json",
    }
    problems = []
    for item in dict.fromkeys(reversed(created)):
        if item.kind not in endpoints:
            continue
        response = session.delete(endpoints[item.kind], params={"uuid": item.id}, headers=auth)
        if response.status_code not in (204, 404):
            problems.append(f"could not delete {item.kind} {item.id}: {response.status_code}")
    return problems


def _made_by_kit(item: dict[str, Any]) -> bool:
    """A prefixed name, or (for contacts) a URN the kit made up."""
    if str(item.get("name") or "").startswith(PREFIX):
        return True
    urns = item.get("urns")
    return isinstance(urns, list) and any(PREFIX in str(urn) for urn in urns)


def _prefixed(
    session: requests.Session, url: str, auth: dict[str, str], since: datetime | None
) -> list[str]:
    """UUIDs of the objects at `url` (changed since `since`) whose names have the prefix."""
    found: list[str] = []
    params = {"after": since.strftime("%Y-%m-%dT%H:%M:%SZ")} if since else None
    next_url: str | None = url
    while next_url is not None:
        response = session.get(next_url, params=params, headers=auth)
        if response.status_code != 200:
            break
        try:
            body = response.json()
            results = [item for item in body["results"] if isinstance(item, dict)]
        except (ValueError, KeyError, TypeError):
            break  # not the documented envelope: nothing more can be found safely
        found += [str(item["uuid"]) for item in results if item.get("uuid") and _made_by_kit(item)]
        next_url, params = body.get("next"), None
    return found


KIT = PlatformKit(
    name="rapidpro",
    title="RapidPro API v2",
    options=OPTIONS,
    credentials=credentials,
    authorize=authorize,
    sandbox_workspace=sandbox_workspace,
    schemathesis=schemathesis,
    error_envelope=error_envelope,
    format_problems=format_problems,
    creates={
        "POST /api/v2/contacts.json": Creates("contacts", "uuid"),
        "POST /api/v2/groups.json": Creates("groups", "uuid"),
        "POST /api/v2/fields.json": Creates("fields", "key"),
    },
    guard=guard,
    permanent=frozenset({"POST /api/v2/fields.json"}),
    cleanup=cleanup,
    delete_created=delete_created,
)
