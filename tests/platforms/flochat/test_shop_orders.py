"""Orders: paying a cart, creating and updating orders ("Manage Flow"), their status moves
and the stock they take and give back, and the team's order list ("Manage Team")."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flochat import helpers
from tests.platforms.flochat.helpers import FORBIDDEN, OK, FlochatClient, answer, error
from tests.platforms.flochat.test_shop_fixtures import exported_shop, load_shop

CARLA = "f123u1"
DIEGO = "f123u2"
ORDER_1 = {"id": 1, "total": "35.00", "currency": "brl", "status": "paid"}
ORDER_2 = {"id": 2, "total": "64.90", "currency": "brl", "status": "ordered"}


@pytest.fixture
def flochat(client: Client, sandbox: Sandbox, frozen: object) -> FlochatClient:
    """The shop team loaded; the demo key (flow 123, both scopes)."""
    load_shop(sandbox)
    return FlochatClient(client)


def stock(flochat: FlochatClient, product_id: int, variant_id: int) -> int:
    path = f"/shop/products/{product_id}/variants/{variant_id}/get-info"
    qty: int = answer(flochat.get(path))["data"]["qty"]
    return qty


def statuses(flochat: FlochatClient) -> dict[int, str]:
    return {order["id"]: order["status"] for order in answer(flochat.get("/shop/orders"))["data"]}


def set_status(flochat: FlochatClient, order_id: int, status: str, user_ns: str = CARLA) -> Any:
    body = {"user_ns": user_ns, "order_id": order_id, "status": status}
    return flochat.post("/subscriber/update-order-status", body)


def exported_order(sandbox: Sandbox, order_id: int) -> dict[str, Any]:
    flows = exported_shop(sandbox)["flows"]
    return next(o for flow in flows for o in flow.get("orders", []) if o["id"] == order_id)


# -- the team's orders ------------------------------------------------------------------------


def test_orders_list_is_the_teams(flochat: FlochatClient) -> None:
    assert answer(flochat.get("/shop/orders")) == {"data": [ORDER_1, ORDER_2], "status": "ok"}
    assert answer(flochat.get("/shop/orders", user_ns="f456u1"))["data"] == [ORDER_2]
    assert answer(flochat.get("/shop/orders", user_ns="f123u9"))["data"] == []
    assert answer(flochat.get("/shop/orders", limit=1, page=2))["data"] == [ORDER_2]
    assert answer(flochat.get("/shop/orders", page=0), 400) == error(
        "The page must be between 1 and 100."
    )


def test_order_get_info(flochat: FlochatClient) -> None:
    assert answer(flochat.get("/shop/orders/2/get-info")) == {
        "data": {"id": 2, "total_price": 64.9, "num_of_items": 1},
        "status": "ok",
    }
    for wrong in ("3", "x", "²", "99999999999999999999999"):
        assert answer(flochat.get(f"/shop/orders/{wrong}/get-info"), 400) == error(
            "Order not found"
        )


def test_reading_orders_needs_manage_team(flochat: FlochatClient, client: Client) -> None:
    flow_only = FlochatClient(client, helpers.FLOW_ONLY_KEY)
    assert answer(flow_only.get("/shop/orders"), 403) == FORBIDDEN
    assert answer(flow_only.get("/shop/orders/1/get-info"), 403) == FORBIDDEN


# -- paying the cart --------------------------------------------------------------------------


def test_paying_the_cart_makes_a_paid_order(flochat: FlochatClient, sandbox: Sandbox) -> None:
    body = {"user_ns": CARLA, "shipping_method": "delivery", "address": "Rua A, 1"}
    assert answer(flochat.post("/subscriber/cart-paid", body)) == OK
    assert answer(flochat.get("/shop/orders"))["data"][-1] == {
        "id": 3,
        "total": "119.80",
        "currency": "brl",
        "status": "paid",
    }
    assert answer(flochat.get("/shop/orders/3/get-info"))["data"] == {
        "id": 3,
        "total_price": 119.8,
        "num_of_items": 2,
    }
    assert stock(flochat, 1, 11) == 3
    assert answer(flochat.get("/subscriber/cart", user_ns=CARLA))["items"] == []
    order = exported_order(sandbox, 3)
    assert {key: order.get(key) for key in ("name", "phone", "email", "address")} == {
        "name": "Carla Mendes",
        "phone": "+5511987654321",
        "email": "carla@example.com",
        "address": "Rua A, 1",
    }
    assert order["shipping_method"] == "delivery"


def test_the_contact_given_when_paying_wins(flochat: FlochatClient, sandbox: Sandbox) -> None:
    body = {"user_ns": CARLA, "name": "Ana", "phone": "+5581911112222", "email": "a@b.co"}
    answer(flochat.post("/subscriber/cart-paid", body))
    order = exported_order(sandbox, 3)
    assert (order["name"], order["phone"], order["email"]) == ("Ana", "+5581911112222", "a@b.co")


def test_paying_checks_the_stock_again(flochat: FlochatClient) -> None:
    answer(flochat.put("/shop/products/1/variants/11/update", {"qty": 1}))
    assert answer(flochat.post("/subscriber/cart-paid", {"user_ns": CARLA}), 400) == error(
        "Not enough stock for Camiseta (Azul / M)"
    )
    assert stock(flochat, 1, 11) == 1
    assert len(answer(flochat.get("/subscriber/cart", user_ns=CARLA))["items"]) == 1
    assert statuses(flochat) == {1: "paid", 2: "ordered"}


def test_an_inactive_product_cannot_be_paid(flochat: FlochatClient) -> None:
    answer(flochat.put("/shop/products/1/update", {"status": "inactive"}))
    assert answer(flochat.post("/subscriber/cart-paid", {"user_ns": CARLA}), 400) == error(
        "Product is not active"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"user_ns": DIEGO}, "The cart is empty"),
        ({}, "The user ns field is required."),
        ({"user_ns": "f123u9"}, "Subscriber not found"),
        (
            {"user_ns": CARLA, "shipping_method": "drone"},
            "The selected shipping method is invalid.",
        ),
        ({"user_ns": CARLA, "note": 5}, "The note must be a string."),
    ],
)
def test_cart_paid_refusals(flochat: FlochatClient, body: dict[str, Any], message: str) -> None:
    assert answer(flochat.post("/subscriber/cart-paid", body), 400) == error(message)
    assert statuses(flochat) == {1: "paid", 2: "ordered"}


def test_an_emptied_cart_cannot_be_paid(flochat: FlochatClient) -> None:
    answer(flochat.delete("/subscriber/empty-cart", {"user_ns": CARLA}))
    assert answer(flochat.post("/subscriber/cart-paid", {"user_ns": CARLA}), 400) == error(
        "The cart is empty"
    )


# -- status moves -----------------------------------------------------------------------------


def test_an_order_moves_along_to_refunded(flochat: FlochatClient) -> None:
    for status in ("processing", "processing", "shipped", "completed", "refunded"):
        assert answer(set_status(flochat, 1, status)) == OK
        assert statuses(flochat)[1] == status
    assert stock(flochat, 2, 21) == 3  # refunded after shipping: the goods left


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (["completed", "paid"], "The order status cannot change from completed to paid"),
        (["shipped", "cancelled"], "The order status cannot change from shipped to cancelled"),
        (["cancelled", "paid"], "The order status cannot change from cancelled to paid"),
        (["refunded", "completed"], "The order status cannot change from refunded to completed"),
        (["processing", "ordered"], "The order status cannot change from processing to ordered"),
    ],
)
def test_moves_the_table_forbids(flochat: FlochatClient, path: list[str], message: str) -> None:
    first, refused = path
    answer(set_status(flochat, 1, first))
    assert answer(set_status(flochat, 1, refused), 400) == error(message)
    assert statuses(flochat)[1] == first


def test_cancelling_gives_the_stock_back(flochat: FlochatClient) -> None:
    assert stock(flochat, 2, 21) == 3
    answer(set_status(flochat, 1, "cancelled"))
    assert stock(flochat, 2, 21) == 4


def test_a_refund_before_shipping_gives_the_stock_back(flochat: FlochatClient) -> None:
    answer(set_status(flochat, 1, "processing"))
    answer(set_status(flochat, 1, "refunded"))
    assert stock(flochat, 2, 21) == 4


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"user_ns": DIEGO, "order_id": 1, "status": "shipped"}, "Order not found"),
        ({"user_ns": CARLA, "order_id": 2, "status": "shipped"}, "Order not found"),
        ({"user_ns": CARLA, "order_id": 1, "status": "lost"}, "The selected status is invalid."),
        ({"user_ns": CARLA, "order_id": 1}, "The status field is required."),
        ({"user_ns": CARLA, "status": "paid"}, "The order id field is required."),
        ({"order_id": 1, "status": "paid"}, "The user ns field is required."),
        (
            {"user_ns": CARLA, "order_id": 1.5, "status": "shipped"},
            "The order id must be an integer.",
        ),
    ],
)
def test_update_order_status_refusals(
    flochat: FlochatClient, body: dict[str, Any], message: str
) -> None:
    assert answer(flochat.post("/subscriber/update-order-status", body), 400) == error(message)
    assert statuses(flochat) == {1: "paid", 2: "ordered"}


# -- creating and updating orders -------------------------------------------------------------


def test_create_an_order(flochat: FlochatClient, sandbox: Sandbox) -> None:
    items = [{"variant_id": 21, "qty": 2}, {"variant_id": 13}, {"variant_id": 21, "qty": 1}]
    body = {"user_ns": DIEGO, "items": items, "payment_method": "cash", "tracking_no": "BR1"}
    assert answer(flochat.post("/shop/orders/create", body)) == OK
    assert answer(flochat.get("/shop/orders", user_ns=DIEGO))["data"] == [
        {"id": 3, "total": "169.90", "currency": "brl", "status": "ordered"}
    ]
    assert answer(flochat.get("/shop/orders/3/get-info"))["data"] == {
        "id": 3,
        "total_price": 169.9,
        "num_of_items": 4,
    }
    assert stock(flochat, 2, 21) == 0
    order = exported_order(sandbox, 3)
    assert [(item["variant_id"], item["qty"]) for item in order["items"]] == [(21, 3), (13, 1)]
    assert (order["payment_method"], order["tracking_no"], order["name"]) == (
        "cash",
        "BR1",
        "Diego",
    )
    again = {"user_ns": DIEGO, "items": [{"variant_id": 21}]}
    assert answer(flochat.post("/shop/orders/create", again), 400) == error(
        "Not enough stock for Caneca"
    )


def test_an_order_created_cancelled_takes_no_stock(flochat: FlochatClient) -> None:
    body = {"user_ns": DIEGO, "status": "cancelled", "items": [{"variant_id": 21, "qty": 9}]}
    answer(flochat.post("/shop/orders/create", body))
    assert statuses(flochat)[3] == "cancelled"
    assert stock(flochat, 2, 21) == 3


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"user_ns": DIEGO}, "The items field is required."),
        ({"user_ns": DIEGO, "items": []}, "The items field is required."),
        ({"user_ns": DIEGO, "items": [{}]}, "The items.0.variant id field is required."),
        ({"user_ns": DIEGO, "items": [1]}, "The items.0 must be an array."),
        (
            {"user_ns": DIEGO, "items": [{"variant_id": 21, "qty": 0}]},
            "The items.0.qty must be at least 1.",
        ),
        ({"user_ns": DIEGO, "items": [{"variant_id": 99}]}, "Variant not found"),
        ({"user_ns": DIEGO, "items": [{"variant_id": 22}]}, "Product is not active"),
        (
            {"user_ns": DIEGO, "items": [{"variant_id": 21, "qty": 4}]},
            "Not enough stock for Caneca",
        ),
        (
            {"user_ns": DIEGO, "status": "new", "items": [{"variant_id": 21}]},
            "The selected status is invalid.",
        ),
        ({"user_ns": "f456u1", "items": [{"variant_id": 21}]}, "Subscriber not found"),
        (
            {
                "user_ns": DIEGO,
                "items": [{"variant_id": 13, "qty": 2147483647}, {"variant_id": 13}],
            },
            "The qty must not be greater than 2147483647.",
        ),
    ],
)
def test_create_order_refusals(flochat: FlochatClient, body: dict[str, Any], message: str) -> None:
    assert answer(flochat.post("/shop/orders/create", body), 400) == error(message)
    assert statuses(flochat) == {1: "paid", 2: "ordered"}
    assert stock(flochat, 2, 21) == 3


def test_update_an_order(flochat: FlochatClient, sandbox: Sandbox) -> None:
    body = {
        "items": [{"variant_id": 21, "qty": 3}, {"variant_id": 11}],
        "note": "Embrulhar",
        "tracking_no": "BR2",
        "status": "processing",
    }
    assert answer(flochat.put("/shop/orders/1/update", body)) == OK
    assert answer(flochat.get("/shop/orders/1/get-info"))["data"] == {
        "id": 1,
        "total_price": 164.9,
        "num_of_items": 4,
    }
    assert (stock(flochat, 2, 21), stock(flochat, 1, 11)) == (1, 4)
    order = exported_order(sandbox, 1)
    assert (order["status"], order["note"], order["tracking_no"]) == (
        "processing",
        "Embrulhar",
        "BR2",
    )
    answer(flochat.put("/shop/orders/1/update", {"status": "shipped"}))
    assert answer(flochat.put("/shop/orders/1/update", {"items": [{"variant_id": 13}]}), 400) == (
        error("The items of a shipped order cannot change")
    )


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("/shop/orders/2/update", {"note": "x"}, "Order not found"),
        ("/shop/orders/x/update", {"note": "x"}, "Order not found"),
        ("/shop/orders/1/update", {"items": []}, "The items field must have a value."),
        (
            "/shop/orders/1/update",
            {"status": "ordered"},
            "The order status cannot change from paid to ordered",
        ),
        (
            "/shop/orders/1/update",
            {"items": [{"variant_id": 21, "qty": 5}]},
            "Not enough stock for Caneca",
        ),
        (
            "/shop/orders/1/update",
            {"note": "changed", "items": [{"variant_id": 21, "qty": 2}], "status": "ordered"},
            "The order status cannot change from paid to ordered",
        ),
    ],
)
def test_update_order_refusals_change_nothing(
    flochat: FlochatClient, sandbox: Sandbox, path: str, body: dict[str, Any], message: str
) -> None:
    assert answer(flochat.put(path, body), 400) == error(message)
    assert statuses(flochat) == {1: "paid", 2: "ordered"}
    assert stock(flochat, 2, 21) == 3
    assert "note" not in exported_order(sandbox, 1)


def test_writing_orders_needs_manage_flow(flochat: FlochatClient, client: Client) -> None:
    team = FlochatClient(client, helpers.TEAM_ONLY_KEY)
    create = {"user_ns": DIEGO, "items": [{"variant_id": 21}]}
    assert answer(team.post("/shop/orders/create", create), 403) == FORBIDDEN
    assert answer(team.put("/shop/orders/1/update", {"note": "x"}), 403) == FORBIDDEN
    assert answer(set_status(team, 1, "shipped"), 403) == FORBIDDEN
    assert statuses(flochat) == {1: "paid", 2: "ordered"}
