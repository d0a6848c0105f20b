"""What keeps the kit's generated Flochat requests to what the run created on a real
account: subscribers, tags and labels it created (by their ids), and anything named with
the kit's prefix; recipients are the run's own subscribers or ones that do not exist."""

from __future__ import annotations

import hashlib
from typing import Any

from conformance.platforms.base import PREFIX, Ours, made_up

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
