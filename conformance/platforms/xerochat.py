"""The kit's knowledge of XeroChat's REST API (`{base}/api/<method>`).

XeroChat answers HTTP 200 to everything its controller handles: success bodies, and
`{"status": "error", "message": ...}` for errors, so an error is told by its body. GET
endpoints read `api_key` from the query string, POST endpoints from the form body.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

import requests

from conformance.options import Option
from conformance.platforms.base import PREFIX, Created, Creates, Credentials, Ours, PlatformKit

if TYPE_CHECKING:
    from conformance.settings import Settings
    from sandbox.core.sandbox import Sandbox

OPTIONS = (
    Option(
        "--xerochat-admin-key",
        "API key of an Admin user of the installation to check (`<user_id>-<secret>`); "
        "every request uses it.",
        env="XEROCHAT_ADMIN_KEY",
        secret=True,
    ),
    Option(
        "--xerochat-member-key",
        "API key of a Member user: scenarios check that admin-only endpoints refuse it.",
        env="XEROCHAT_MEMBER_KEY",
        secret=True,
    ),
    Option(
        "--xerochat-page-id",
        "Facebook page ID of one of the admin's pages with an enabled bot: label and "
        "subscriber scenarios read it (they never write to it).",
        env="XEROCHAT_PAGE_ID",
    ),
    Option(
        "--xerochat-subscriber-id",
        "PSID of a subscriber of that page: subscriber and flow-answer scenarios read it.",
        env="XEROCHAT_SUBSCRIBER_ID",
    ),
    Option(
        "--xerochat-flow-campaign-id",
        "ID of one of the admin's flow campaigns (with questions): flow scenarios read it.",
        env="XEROCHAT_FLOW_CAMPAIGN_ID",
    ),
)

MYSQL_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
DIGITS = re.compile(r"^\d+$")
#: Keys whose values are table ids: numbers, as strings in raw rows.
TABLE_IDS = ("id", "user_id", "contact_type_id", "new_contact_id", "package_id", "question_id")
#: Keys whose values are Facebook ids: strings of digits.
FACEBOOK_IDS = ("label_id", "subscriber_id", "page_id")
#: Keys whose values are MySQL DATETIME columns.
DATETIMES = ("add_date", "created_at", "last_login_at")


def credentials(settings: Settings) -> dict[str, str]:
    admin = settings.option("xerochat_admin_key")
    if not admin:
        raise ValueError(
            "XeroChat needs an admin's API key: give --xerochat-admin-key or set XEROCHAT_ADMIN_KEY"
        )
    return {"admin": str(admin)}


def authorize(method: str, kwargs: dict[str, Any], credentials: Credentials) -> None:
    """The key goes where the endpoint reads it: the query of a GET, the form of a POST."""
    key = credentials["admin"]
    if method.upper() == "POST":
        kwargs["data"] = {"api_key": key, **(kwargs.get("data") or {})}
    else:
        kwargs["params"] = {"api_key": key, **(kwargs.get("params") or {})}


def prepare(case: Any, credentials: Credentials) -> None:
    """schemathesis' auth fills the query key of GET endpoints; POST endpoints take the
    key as a form field, which it cannot reach: put the admin key there."""
    if case.method.upper() == "POST" and isinstance(case.body, dict):
        case.body["api_key"] = credentials["admin"]


def sandbox_workspace(sandbox: Sandbox, settings: Settings) -> dict[str, Any]:
    """A fresh installation with a package, whose admin owns a page with an enabled bot,
    a subscriber with a label, and a flow campaign with questions and that subscriber's
    answers."""
    workspace = sandbox.workspaces.create()
    page, psid, label = "100000000000001", "2400000000000001", "3600000000000001"
    sandbox.load_fixtures(
        {
            "workspaces": {
                workspace.name: {
                    "xerochat": {
                        "packages": [{"id": 1, "package_name": "Kit package"}],
                        "pages": [
                            {"page_id": page, "page_name": "Kit page", "user_id": 1},
                            {
                                "page_id": "100000000000002",
                                "page_name": "Kit page without bot",
                                "bot_enabled": False,
                                "user_id": 1,
                            },
                        ],
                        "labels": [{"label_id": label, "name": "Kit", "page": page, "user_id": 1}],
                        "subscribers": [
                            {
                                "subscriber_id": psid,
                                "page": page,
                                "first_name": "Kit",
                                "last_name": "Subscriber",
                                "labels": [label],
                                "user_id": 1,
                            }
                        ],
                        "flow_campaigns": [
                            {
                                "id": 1,
                                "flow_name": "Kit flow",
                                "questions": ["Your e-mail?", "Your city?"],
                                "answers": {psid: ["kit@example.invalid", "Lisbon"]},
                                "user_id": 1,
                            }
                        ],
                    }
                }
            }
        }
    )
    keys = workspace.credentials_for("xerochat")
    return {
        "xerochat_admin_key": keys["admin_key"],
        "xerochat_member_key": keys["member_key"],
        "xerochat_page_id": page,
        "xerochat_subscriber_id": psid,
        "xerochat_flow_campaign_id": "1",
    }


def schemathesis(settings: Settings, credentials: Credentials) -> dict[str, Any]:
    return {
        "auth": {"openapi": {"ApiKeyQuery": {"api_key": credentials["admin"]}}},
        "checks": {
            # The vendor checks no parameter's type and answers every request its
            # controller handles with HTTP 200 (errors in the body): nothing is refused
            # by status, whatever the method or the credentials (platforms.md §B.2).
            # vendor_error_envelope checks the error bodies instead.
            "negative_data_rejection": {"enabled": False},
            "unsupported_method": {"enabled": False},
            "ignored_auth": {"enabled": False},
        },
    }


def is_error(response: requests.Response) -> bool:
    if response.status_code >= 400:
        return True
    body = _json(response)
    return isinstance(body, dict) and body.get("status") == "error"


def error_envelope(response: requests.Response) -> str | None:
    """`{"status": "error", "message": ...}` with HTTP 200, or CodeIgniter's HTML error
    page for a URL it refuses or cannot route."""
    if response.status_code >= 400:
        text = response.text
        if "<h1>" not in text or "<html" not in text:
            return f"a {response.status_code} answer must be CodeIgniter's HTML error page"
        return None
    body = _json(response)
    if not isinstance(body, dict) or set(body) != {"status", "message"}:
        return f'an error must be {{"status": "error", "message": ...}}, got {body!r}'
    message = body["message"]
    facebook = isinstance(message, dict) and isinstance(message.get("message"), str)
    if not (isinstance(message, str) and message) and not facebook:
        return f"the message must be a non-empty string (or Facebook's error), got {message!r}"
    return None


def _json(response: Any) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def format_problems(body: Any) -> list[str]:
    """Table ids are numbers (strings of digits in raw rows), Facebook ids strings of
    digits, and DATETIME columns MySQL's `YYYY-MM-DD HH:MM:SS`."""
    problems = []
    for path, key, value in _walk(body):
        if value is None:
            continue
        if key in TABLE_IDS and not (
            (isinstance(value, int) and not isinstance(value, bool))
            or (isinstance(value, str) and DIGITS.match(value))
        ):
            problems.append(f"{path}: {value!r} is not a table id")
        elif key in FACEBOOK_IDS and not (isinstance(value, str) and DIGITS.match(value)):
            problems.append(f"{path}: {value!r} is not a Facebook id (a string of digits)")
        elif key in DATETIMES and not (isinstance(value, str) and MYSQL_DATETIME.match(value)):
            problems.append(f"{path}: {value!r} is not a MySQL DATETIME")
    return problems


def _walk(value: Any, path: str = "$") -> Iterator[tuple[str, str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}.{key}", str(key), item
            yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


# -- safety on a real installation ------------------------------------------------------------

#: POST endpoint -> {form field or "path:id": the kind of object it must name}.
LOOKUPS: dict[str, dict[str, str]] = {
    "/api/update_user/{id}": {"path:id": "users"},
    "/api/update_contact_group/{id}": {"path:id": "contact_groups"},
    "/api/delete_contact_group": {"contact_type_id": "contact_groups"},
    "/api/create_contact": {"contact_type_id": "contact_groups"},
    "/api/update_contact/{id}": {"path:id": "contacts"},
    "/api/delete_contact": {"contact_id": "contacts"},
    "/api/assign_label": {"label_ids": "labels"},
}
#: Names the kit gives its objects (prefixed).
NAMES = ("name", "first_name", "label_name")


def guard(case: Any, ours: Ours, negative: bool) -> None:
    """Keep a generated request to what the run created, and its data recognisable.

    Ids that name an object the run did not create (path ids, contact_type_id, contact_id,
    label_ids) become ids no installation has, so the vendor answers with its "does not
    exist" errors; e-mail addresses and phone numbers become made-up ones no message can
    reach; names get the kit's prefix (except in negative cases).
    """
    if case.method.upper() != "POST":
        return
    lookups = LOOKUPS.get(case.path, {})
    path_kind = lookups.get("path:id")
    params = case.path_parameters if isinstance(case.path_parameters, dict) else {}
    if path_kind and "id" in params and not ours.of(path_kind, str(params["id"])):
        params["id"] = _missing_id(str(params["id"]))
    if not isinstance(case.body, dict):
        return
    body = case.body
    for field, kind in lookups.items():
        if field.startswith("path:") or body.get(field) is None:
            continue
        if field == "label_ids":
            labels = str(body[field]).split(",")
            body[field] = ",".join(i if ours.of(kind, i) else _missing_id(i) for i in labels)
        elif not ours.of(kind, str(body[field])):
            body[field] = _missing_id(str(body[field]))
    for field in ("email", "phone_number", "mobile"):
        value = body.get(field)
        if isinstance(value, str) and value.strip() and not ours(value):
            body[field] = _made_up(field, value)
    if negative:
        return
    for field in NAMES:
        value = body.get(field)
        if isinstance(value, str) and not value.startswith(PREFIX):
            body[field] = PREFIX + value


def _digest(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:12]


def _missing_id(value: str) -> str:
    """An id above any real table's (int(11) holds 2147483647)."""
    return str(2_100_000_000 + int(_digest(value), 16) % 40_000_000)


def _made_up(field: str, value: str) -> str:
    if field == "email":
        return f"{PREFIX}{_digest(value)}@example.invalid"
    return f"{PREFIX}{int(_digest(value), 16) % 10**10:010d}"


# -- clean-up ----------------------------------------------------------------------------------

#: kind -> (delete endpoint, its id field, read endpoint, its id parameter, name column)
DELETABLE = {
    "contacts": ("/api/delete_contact", "contact_id", "/api/get_contact", "contact_id"),
    "contact_groups": (
        "/api/delete_contact_group",
        "contact_type_id",
        "/api/get_contact_group",
        "contact_type_id",
    ),
}
NAME_COLUMN = {"contacts": "first_name", "contact_groups": "type"}
#: Ids past the highest one the run saw that the sweep reads, for objects whose creation
#: was interrupted before its answer arrived.
SWEEP = 10
GONE = ("The contact ID does not exist", "The contact type ID does not exist")


def delete_created(
    session: requests.Session, base_url: str, credentials: Credentials, created: list[Created]
) -> list[str]:
    """Delete these contacts, then these contact groups (newest first); returns what could
    not be deleted."""
    problems = []
    for kind in ("contacts", "contact_groups"):
        endpoint, field, _, _ = DELETABLE[kind]
        for item in dict.fromkeys(reversed(created)):
            if item.kind != kind:
                continue
            data = {"api_key": credentials["admin"], field: item.id}
            response = session.post(f"{base_url}{endpoint}", data=data)
            body = _json(response)
            status = body.get("status") if isinstance(body, dict) else None
            if status != "success" and not (status == "error" and body["message"] in GONE):
                problems.append(
                    f"could not delete {kind} {item.id}: {response.status_code} "
                    f"{response.text[:120]}"
                )
    return problems


def cleanup(
    session: requests.Session,
    base_url: str,
    credentials: Credentials,
    created: list[Created],
    started_at: datetime,
) -> list[str]:
    """Delete the contacts and groups the run created, and prefixed ones just past the
    highest ids it saw; users and labels cannot be deleted through the API, so they are
    listed."""
    swept = [*_sweep(session, base_url, credentials, created, "contacts")]
    swept += _sweep(session, base_url, credentials, created, "contact_groups")
    problems = delete_created(session, base_url, credentials, [*created, *swept])
    for kind, what in (("users", "users"), ("labels", "Facebook labels")):
        left = sorted({item.id for item in created if item.kind == kind})
        if left:
            problems.append(
                f"the API cannot delete {what}; remove these by hand: " + ", ".join(left)
            )
    return problems


def _sweep(
    session: requests.Session,
    base_url: str,
    credentials: Credentials,
    created: list[Created],
    kind: str,
) -> list[Created]:
    known = [int(item.id) for item in created if item.kind == kind and item.id.isdigit()]
    if not known:
        return []
    _, _, endpoint, param = DELETABLE[kind]
    found = []
    for object_id in range(max(known) + 1, max(known) + 1 + SWEEP):
        params = {"api_key": credentials["admin"], param: str(object_id)}
        row = _json(session.get(f"{base_url}{endpoint}", params=params))
        name = row.get(NAME_COLUMN[kind]) if isinstance(row, dict) else None
        if isinstance(name, str) and name.startswith(PREFIX):
            found.append(Created(kind, str(object_id)))
    return found


KIT = PlatformKit(
    name="xerochat",
    title="XeroChat REST API",
    options=OPTIONS,
    credentials=credentials,
    authorize=authorize,
    sandbox_workspace=sandbox_workspace,
    schemathesis=schemathesis,
    error_envelope=error_envelope,
    format_problems=format_problems,
    is_error=is_error,
    creates={
        "POST /api/create_contact_group": Creates("contact_groups", "contact_type_id", 200),
        "POST /api/create_contact": Creates("contacts", "new_contact_id", 200),
        "POST /api/create_system_user": Creates("users", "id", 200),
        "POST /api/create_label": Creates("labels", "label_id", 200),
    },
    prepare=prepare,
    guard=guard,
    permanent=frozenset(
        {
            "POST /api/create_system_user",
            "POST /api/update_user/{id}",
            "POST /api/create_label",
            "POST /api/assign_label",
        }
    ),
    cleanup=cleanup,
    delete_created=delete_created,
)
