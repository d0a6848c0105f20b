"""Text a Flochat bot stores is limited as Laravel on MySQL limits it: `max:255` in front
of a VARCHAR(255) column (names, titles, URLs, short strings), `max:65535` in front of a
TEXT one (bodies, descriptions, notes, message texts, secrets), refused with Laravel's
message before anything is stored (a 10 MB name, product description or message was
stored before)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sandbox.core.sandbox import Sandbox
from tests.conftest import ROOT
from tests.platforms.flochat.helpers import FlochatClient, answer, error
from tests.platforms.flochat.test_shop_fixtures import load_shop

LONG_NAME = "a" * 256
LONG_TEXT = "b" * 65536
CARLA = "f123u1"


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        (
            "/subscriber/create",
            {"phone": "+5511987654321", "first_name": LONG_NAME},
            "The first name must not be greater than 255 characters.",
        ),
        (
            "/subscriber/create",
            {"phone": "+5511987654321", "name": "x" * 10_000_000},
            "The name must not be greater than 255 characters.",
        ),
        (
            "/flow/create-tag",
            {"name": LONG_NAME},
            "The name must not be greater than 255 characters.",
        ),
        (
            "/flow/create-user-field",
            {"name": "City", "var_type": "text", "value": LONG_TEXT},
            "The value must not be greater than 65535 characters.",
        ),
    ],
)
def test_over_long_text_is_refused_and_not_stored(
    flochat: FlochatClient, sandbox: Sandbox, path: str, body: dict[str, Any], message: str
) -> None:
    assert answer(flochat.post(path, body), 400) == error(message)
    section = sandbox.export("default")["workspaces"]["default"].get("flochat", {})
    stored = [key for flow in section.get("flows", []) for key in flow]
    assert {"subscribers", "tags", "user_fields"} & set(stored) == set()


def _content(**content: Any) -> dict[str, Any]:
    return {"user_ns": CARLA, "data": {"version": "v1", "content": content}}


def _too_long(what: str, length: int = 255) -> str:
    return f"The {what} must not be greater than {length} characters."


#: One or more operations of every route module (subscribers, flow, messaging, shop, team)
#: with one over-long value, and Laravel's answer to it.
OVER_LONG = [
    pytest.param(
        "POST",
        "/subscriber/add-tag-by-name",
        {"user_ns": CARLA, "tag_name": LONG_NAME},
        _too_long("tag name"),
        id="subscribers-add-tag-by-name",
    ),
    pytest.param(
        "POST",
        "/subscriber/add-tags-by-name",
        {"user_ns": CARLA, "data": [{"tag_name": LONG_NAME}]},
        _too_long("data.0.tag name"),
        id="subscribers-add-tags-by-name",
    ),
    pytest.param(
        "POST",
        "/flow/create-user-field",
        {"name": "Bairro", "var_type": "text", "value": "", "var_ns": LONG_NAME},
        _too_long("var ns"),
        id="flow-create-user-field-var-ns",
    ),
    pytest.param(
        "POST",
        "/subscriber/send-text",
        {"user_ns": CARLA, "content": "x" * 10_000_000},
        _too_long("content", 65535),
        id="messaging-send-text",
    ),
    pytest.param(
        "POST",
        "/subscriber/send-email",
        {"user_ns": CARLA, "content": "Oi", "subject": LONG_NAME},
        _too_long("subject"),
        id="messaging-send-email-subject",
    ),
    pytest.param(
        "POST",
        "/subscriber/log-custom-event",
        {"user_ns": CARLA, "event_name": "Compra", "text_value": LONG_NAME},
        _too_long("text value"),
        id="messaging-log-custom-event",
    ),
    pytest.param(
        "POST",
        "/subscriber/send-content",
        _content(messages=[{"type": "text", "text": LONG_TEXT}]),
        _too_long("data.content.messages.0.text", 65535),
        id="messaging-send-content-text",
    ),
    pytest.param(
        "POST",
        "/subscriber/send-content",
        _content(actions=[{"action": "set_field_value", "field_name": "City", "value": LONG_TEXT}]),
        _too_long("data.content.actions.0.value", 65535),
        id="messaging-send-content-field-value",
    ),
    pytest.param(
        "POST",
        "/whatsapp-template/create",
        {
            "name": "promo",
            "language": "en_US",
            "category": "MARKETING",
            "components": [{"type": "BODY", "text": LONG_TEXT}],
        },
        _too_long("components.0.text", 65535),
        id="messaging-whatsapp-template-create",
    ),
    pytest.param(
        "POST",
        "/subscriber/broadcast-by-tag",
        {"tags": ["Customer"], "sub_flow_ns": "f123s1", "name": LONG_NAME},
        _too_long("name"),
        id="messaging-broadcast-by-tag",
    ),
    pytest.param(
        "POST",
        "/shop/products/create",
        {"name": "Sabonete", "description": "d" * 10_000_000},
        _too_long("description", 65535),
        id="shop-product-description",
    ),
    pytest.param(
        "POST",
        "/shop/products/create",
        {"name": "Sabonete", "image": "https://example.com/" + LONG_NAME},
        _too_long("image"),
        id="shop-product-image",
    ),
    pytest.param(
        "PUT",
        "/shop/products/1/update",
        {"note": LONG_TEXT},
        _too_long("note", 65535),
        id="shop-product-note",
    ),
    pytest.param(
        "POST",
        "/shop/locations/create",
        {"name": "Centro", "address": LONG_NAME, "lat": 0, "lng": 0},
        _too_long("address"),
        id="shop-location-address",
    ),
    pytest.param(
        "POST",
        "/shop/orders/create",
        {"user_ns": CARLA, "items": [{"variant_id": 21}], "note": LONG_TEXT},
        _too_long("note", 65535),
        id="shop-order-note",
    ),
    pytest.param(
        "POST",
        "/subscriber/cart-paid",
        {"user_ns": CARLA, "address": LONG_NAME},
        _too_long("address"),
        id="shop-cart-paid-address",
    ),
    pytest.param(
        "POST",
        "/team/ticket-lists/5/create",
        {"title": LONG_NAME, "user_ns": CARLA},
        _too_long("title"),
        id="team-ticket-title",
    ),
    pytest.param(
        "POST",
        "/team/ticket-lists/5/create",
        {"title": "Troca", "user_ns": CARLA, "description": LONG_TEXT},
        _too_long("description", 65535),
        id="team-ticket-description",
    ),
    pytest.param(
        "POST",
        "/integration/openai",
        {"api_key": LONG_TEXT},
        _too_long("api key", 65535),
        id="team-integration-openai-key",
    ),
    pytest.param(
        "POST",
        "/integration/shopify",
        {"url": LONG_NAME, "api_key": "k", "token": "t"},
        _too_long("url"),
        id="team-integration-shopify-url",
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "message"), OVER_LONG)
def test_over_long_input_of_every_group_is_refused_and_not_stored(
    flochat: FlochatClient,
    sandbox: Sandbox,
    frozen: object,
    method: str,
    path: str,
    body: dict[str, Any],
    message: str,
) -> None:
    load_shop(sandbox)
    before = sandbox.export("default")
    assert answer(flochat.request(method, path, body), 400) == error(message)
    assert sandbox.export("default") == before


#: A value exactly at its column's limit, and where it is then found.
AT_THE_LIMIT = [
    pytest.param(
        "/subscriber/add-tag-by-name",
        {"user_ns": CARLA, "tag_name": "t" * 255},
        lambda f: [t["name"] for t in answer(f.get("/subscriber/get-info", user_ns=CARLA))["tags"]],
        "t" * 255,
        id="varchar-tag-name",
    ),
    pytest.param(
        "/shop/products/create",
        {"name": "Sabonete", "description": "d" * 65535},
        lambda f: [p["description"] for p in answer(f.get("/shop/products"))["data"]],
        "d" * 65535,
        id="text-product-description",
    ),
    pytest.param(
        "/subscriber/send-text",
        {"user_ns": CARLA, "content": "c" * 65535},
        lambda f: [
            m["content"]
            for m in answer(f.get("/subscriber/chat-messages", user_ns=CARLA, include_bot=1))[
                "data"
            ]
        ],
        "c" * 65535,
        id="text-message",
    ),
]


@pytest.mark.parametrize(("path", "body", "read", "value"), AT_THE_LIMIT)
def test_input_at_the_limit_is_stored(
    flochat: FlochatClient,
    sandbox: Sandbox,
    frozen: object,
    path: str,
    body: dict[str, Any],
    read: Any,
    value: str,
) -> None:
    load_shop(sandbox)
    answer(flochat.post(path, body))
    assert value in read(flochat)


def test_text_at_the_limit_is_stored(flochat: FlochatClient) -> None:
    created = answer(
        flochat.post("/subscriber/create", {"phone": "+5511987654321", "name": "n" * 255})
    )
    assert created["name"] == "n" * 255


@pytest.mark.parametrize(
    ("path", "field", "length"),
    [
        ("/subscriber/create", "name", 255),
        ("/subscriber/send-text", "content", 65535),
        ("/subscriber/add-tag-by-name", "tag_name", 255),
        ("/shop/products/create", "description", 65535),
        ("/shop/locations/create", "address", 255),
        ("/team/ticket-lists/{listId}/create", "title", 255),
        ("/openai-embeddings/create", "heading", 50),
    ],
)
def test_the_spec_states_the_limits(path: str, field: str, length: int) -> None:
    spec = json.loads((ROOT / "specs/flochat.openapi.json").read_text(encoding="utf-8"))
    body = spec["paths"][path]["post"]["requestBody"]["content"]
    properties = body["application/json"]["schema"]
    if "$ref" in properties:
        properties = spec["components"]["schemas"][properties["$ref"].rsplit("/", 1)[1]]
    assert properties["properties"][field]["maxLength"] == length
