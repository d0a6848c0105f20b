"""Subscribers' carts ("Manage Flow"): reading, adding within the stock, removing,
emptying, and the arithmetic of lines and totals."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flochat import helpers
from tests.platforms.flochat.helpers import OK, FlochatClient, answer, error
from tests.platforms.flochat.test_shop_fixtures import load_shop

CARLA = "f123u1"
DIEGO = "f123u2"
AZUL_M_LINE = {
    "id": 11,
    "product_id": 1,
    "name": "Camiseta",
    "desc": "Algodão orgânico",
    "image": "https://loja.example/camiseta.png",
    "price": 59.9,
    "compare_price": 79.9,
    "currency": "brl",
    "num": 2,
    "subtotal": 119.8,
}
NOON = "2026-03-01T12:00:00.000000Z"


@pytest.fixture
def flochat(client: Client, sandbox: Sandbox, frozen: object) -> FlochatClient:
    """The shop team loaded; the demo key (flow 123, both scopes)."""
    load_shop(sandbox)
    return FlochatClient(client)


def cart(flochat: FlochatClient, user_ns: str = CARLA) -> dict[str, Any]:
    body: dict[str, Any] = answer(flochat.get("/subscriber/cart", user_ns=user_ns))
    return body


def lines(flochat: FlochatClient, user_ns: str = CARLA) -> list[tuple[int, int]]:
    return [(item["id"], item["num"]) for item in cart(flochat, user_ns)["items"]]


def test_a_cart_as_the_vendor_shows_it(flochat: FlochatClient) -> None:
    assert cart(flochat) == {
        "id": 1,
        "created_at": NOON,
        "updated_at": NOON,
        "items": [AZUL_M_LINE],
        "num_of_items": 2,
        "total_price": 119.8,
    }


def test_a_subscriber_without_a_cart_gets_an_empty_one_that_stays(
    flochat: FlochatClient,
) -> None:
    empty = {
        "id": 2,
        "created_at": NOON,
        "updated_at": NOON,
        "items": [],
        "num_of_items": 0,
        "total_price": 0,
    }
    assert cart(flochat, DIEGO) == empty
    assert cart(flochat, DIEGO) == empty


def test_reading_a_cart_refuses_what_it_cannot_find(flochat: FlochatClient, client: Client) -> None:
    assert answer(flochat.get("/subscriber/cart", user_ns="f123u9"), 400) == error(
        "Subscriber not found"
    )
    assert answer(flochat.get("/subscriber/cart"), 400) == error("The user ns field is required.")
    other = FlochatClient(client, helpers.OTHER_FLOW_KEY)
    assert answer(other.get("/subscriber/cart", user_ns=CARLA), 400) == error(
        "Subscriber not found"
    )


def test_adding_grows_the_line_and_moves_updated_at(
    flochat: FlochatClient, sandbox: Sandbox
) -> None:
    sandbox.clock.advance(60)
    assert answer(flochat.post("/subscriber/add-to-cart", {"user_ns": CARLA, "variant_id": 11}))
    answer(flochat.post("/subscriber/add-to-cart", {"user_ns": CARLA, "variant_id": 13, "qty": 2}))
    body = cart(flochat)
    assert body["items"][0] == {**AZUL_M_LINE, "num": 3, "subtotal": 179.7}
    assert body["items"][1] == {
        "id": 13,
        "product_id": 1,
        "name": "Camiseta",
        "desc": "Algodão orgânico",
        "image": "https://loja.example/verde.png",
        "price": 64.9,
        "compare_price": 0,
        "currency": "brl",
        "num": 2,
        "subtotal": 129.8,
    }
    assert (body["num_of_items"], body["total_price"]) == (5, 309.5)
    assert (body["created_at"], body["updated_at"]) == (NOON, "2026-03-01T12:01:00.000000Z")


def test_amounts_are_exact_decimals(flochat: FlochatClient, client: Client) -> None:
    """0.1 three times is 0.3 (a float sum would answer 0.30000000000000004)."""
    team = FlochatClient(client, helpers.TEAM_ONLY_KEY)
    product = answer(team.post("/shop/products/create", {"name": "Bala", "price": 0.1}))["data"]
    variant_id = product["variants"][0]["id"]
    body = {"user_ns": DIEGO, "variant_id": variant_id, "qty": 3}
    answer(flochat.post("/subscriber/add-to-cart", body))
    answer(flochat.post("/subscriber/add-to-cart", {**body, "variant_id": 21, "qty": 1}))
    totals = cart(flochat, DIEGO)
    assert [item["subtotal"] for item in totals["items"]] == [0.3, 35]
    assert totals["total_price"] == 35.3
    answer(flochat.post("/subscriber/cart-paid", {"user_ns": DIEGO}))
    orders = answer(team.get("/shop/orders", user_ns=DIEGO))["data"]
    assert orders == [{"id": 3, "total": "35.30", "currency": "brl", "status": "paid"}]


def test_a_cart_shows_current_prices(flochat: FlochatClient, client: Client) -> None:
    team = FlochatClient(client, helpers.TEAM_ONLY_KEY)
    answer(team.put("/shop/products/1/variants/11/update", {"price": 49.95}))
    assert cart(flochat)["items"][0]["subtotal"] == 99.9


def test_adding_more_than_the_stock_is_refused(flochat: FlochatClient) -> None:
    add = {"user_ns": CARLA, "variant_id": 11, "qty": 4}
    assert answer(flochat.post("/subscriber/add-to-cart", add), 400) == error(
        "Not enough stock for Camiseta (Azul / M)"
    )
    assert lines(flochat) == [(11, 2)]
    answer(flochat.post("/subscriber/add-to-cart", {**add, "qty": 3}))
    assert lines(flochat) == [(11, 5)]


def test_no_stock_selling_and_untracked_stock_sell_on(flochat: FlochatClient) -> None:
    for variant_id in (12, 13):
        body = {"user_ns": DIEGO, "variant_id": variant_id, "qty": 50}
        assert answer(flochat.post("/subscriber/add-to-cart", body)) == OK
    assert lines(flochat, DIEGO) == [(12, 50), (13, 50)]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"user_ns": CARLA, "variant_id": 22}, "Product is not active"),
        ({"user_ns": CARLA, "variant_id": 99}, "Variant not found"),
        ({"user_ns": "f123u9", "variant_id": 11}, "Subscriber not found"),
        ({"user_ns": CARLA}, "The variant id field is required."),
        ({"variant_id": 11}, "The user ns field is required."),
        ({"user_ns": CARLA, "variant_id": "x"}, "The variant id must be an integer."),
        ({"user_ns": CARLA, "variant_id": 11, "qty": 0}, "The qty must be at least 1."),
        ({"user_ns": CARLA, "variant_id": 11, "qty": 1.5}, "The qty must be an integer."),
        ({"user_ns": CARLA, "variant_id": 11.5}, "The variant id must be an integer."),
        ({"user_ns": CARLA, "variant_id": 10**30}, "The variant id must be an integer."),
        (
            {"user_ns": CARLA, "variant_id": 13, "qty": 2147483648},
            "The qty must not be greater than 2147483647.",
        ),
    ],
)
def test_add_to_cart_refusals(flochat: FlochatClient, body: dict[str, Any], message: str) -> None:
    assert answer(flochat.post("/subscriber/add-to-cart", body), 400) == error(message)
    assert lines(flochat) == [(11, 2)]


def test_a_line_never_outgrows_its_int_column(flochat: FlochatClient) -> None:
    """A variant that sells without limit still holds at most 2147483647 in one line."""
    body = {"user_ns": DIEGO, "variant_id": 13, "qty": 2147483000}
    assert answer(flochat.post("/subscriber/add-to-cart", body)) == OK
    assert answer(flochat.post("/subscriber/add-to-cart", body), 400) == error(
        "The qty must not be greater than 647."
    )
    assert answer(flochat.post("/subscriber/add-to-cart", {**body, "qty": 647})) == OK
    assert lines(flochat, DIEGO) == [(13, 2147483647)]


def test_remove_from_cart(flochat: FlochatClient) -> None:
    answer(flochat.post("/subscriber/add-to-cart", {"user_ns": CARLA, "variant_id": 13}))
    body = {"user_ns": CARLA, "variant_id": 11}
    assert answer(flochat.delete("/subscriber/remove-from-cart", body)) == OK
    assert lines(flochat) == [(13, 1)]
    assert answer(flochat.delete("/subscriber/remove-from-cart", body), 400) == error(
        "Item not found in cart"
    )
    assert answer(flochat.delete("/subscriber/remove-from-cart", {"user_ns": CARLA}), 400) == (
        error("The variant id field is required.")
    )


def test_empty_cart(flochat: FlochatClient) -> None:
    assert answer(flochat.delete("/subscriber/empty-cart", {"user_ns": CARLA})) == OK
    assert cart(flochat)["items"] == []
    assert answer(flochat.delete("/subscriber/empty-cart", {"user_ns": CARLA})) == OK
    assert answer(flochat.delete("/subscriber/empty-cart", {}), 400) == error(
        "The user ns field is required."
    )
    assert answer(flochat.delete("/subscriber/empty-cart", {"user_ns": "f1u1"}), 400) == error(
        "Subscriber not found"
    )


def test_the_cart_needs_manage_flow(flochat: FlochatClient, client: Client) -> None:
    team = FlochatClient(client, helpers.TEAM_ONLY_KEY)
    forbidden = error("Invalid ability provided.")
    assert answer(team.get("/subscriber/cart", user_ns=CARLA), 403) == forbidden
    body = {"user_ns": CARLA, "variant_id": 11}
    assert answer(team.post("/subscriber/add-to-cart", body), 403) == forbidden
    assert answer(team.delete("/subscriber/remove-from-cart", body), 403) == forbidden
    assert answer(team.delete("/subscriber/empty-cart", body), 403) == forbidden
    assert answer(team.post("/subscriber/cart-paid", body), 403) == forbidden
    assert lines(flochat) == [(11, 2)]
