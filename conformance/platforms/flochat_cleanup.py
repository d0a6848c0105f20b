"""The kit's clean-up on a real Flochat account: delete what the run created, then sweep
the lists for objects carrying the kit's prefix (a run cut short leaves some)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import requests

from conformance.platforms.base import PREFIX, Created, Credentials
from conformance.platforms.flochat_guard import TEMPLATE_PREFIX


def headers(key: str) -> dict[str, str]:
    """A key's header: what the kit's requests and the clean-up's own carry."""
    return {"Authorization": f"Bearer {key}"}


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
