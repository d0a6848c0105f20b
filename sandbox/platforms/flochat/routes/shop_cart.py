"""The subscriber's cart, and orders (uchat-openapi.json tag "Ecommerce")."""

from __future__ import annotations

from typing import Any

from sandbox.platforms.flochat.models.api import FLOW_SCOPE, TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.shop_cart import Carts
from sandbox.platforms.flochat.models.shop_orders import Orders
from sandbox.platforms.flochat.models.subscribers import Subscribers
from sandbox.platforms.flochat.routes.common import OK, OkSchema
from sandbox.platforms.flochat.routes.shop_common import (
    ASSUMED_ERRORS,
    ORDER_ID,
    PRICE_ERRATUM,
    blp,
    wrapped,
)
from sandbox.platforms.flochat.schemas import shop_orders as order_schemas

# -- the subscriber's cart ------------------------------------------------------------------------


@blp.route("/subscriber/cart", methods=["GET"])
@blp.operation(
    scope=FLOW_SCOPE,
    query=order_schemas.UserNsQuery,
    answer=order_schemas.CartDetail,
    source="flowBotUserCart; a subscriber without a cart gets an empty one (firstOrCreate), "
    "lines at the variants' current prices, dates as Laravel serializes them; "
    f"{ASSUMED_ERRORS}",
)
def cart(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get subscriber shopping cart detail."""
    carts = Carts(api)
    return carts.represent(carts.of(Subscribers(api).by_ns(data["user_ns"])))


@blp.route("/subscriber/empty-cart", methods=["DELETE"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=order_schemas.UserNsInput,
    answer=OkSchema,
    source=f"flowBotUserEmptyCart; {ASSUMED_ERRORS}",
)
def empty_cart(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Empty subscriber shopping cart items."""
    Carts(api).empty(Subscribers(api).by_ns(data["user_ns"]))
    return OK


@blp.route("/subscriber/add-to-cart", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=order_schemas.AddToCart,
    answer=OkSchema,
    source="flowBotUserAddToCart; variant_id required, qty 1 by default and added to the "
    "line's; more than a tracked stock is refused unless no-stock selling is allowed, so is "
    f"an inactive product; {ASSUMED_ERRORS}",
)
def add_to_cart(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Add item to subscriber shopping cart."""
    subscriber = Subscribers(api).by_ns(data["user_ns"])
    Carts(api).add(subscriber, data["variant_id"], data.get("qty") or 1)
    return OK


@blp.route("/subscriber/remove-from-cart", methods=["DELETE"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=order_schemas.RemoveFromCart,
    answer=OkSchema,
    source=f"flowBotUserRemoveFromCart; the variant's whole line goes; {ASSUMED_ERRORS}",
)
def remove_from_cart(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Remove item from subscriber shopping cart."""
    Carts(api).remove(Subscribers(api).by_ns(data["user_ns"]), data["variant_id"])
    return OK


@blp.route("/subscriber/cart-paid", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=order_schemas.CartPaid,
    answer=OkSchema,
    source="flowBotUserCartPaid; the cart becomes a paid order (stock checked and taken, "
    "contact defaults to the subscriber's) and is emptied; an empty cart is refused; "
    f"{ASSUMED_ERRORS}",
)
def cart_paid(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Checkout subscriber shopping cart and mark as paid."""
    Orders(api).pay_cart(Subscribers(api).by_ns(data["user_ns"]), data)
    return OK


@blp.route("/subscriber/update-order-status", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=order_schemas.UpdateOrderStatus,
    answer=OkSchema,
    source="flowBotUserUpdateOrderStatus; the order must be the subscriber's; status moves "
    "follow the table of models/shop_orders.py (cancelling gives the stock back); "
    f"{ASSUMED_ERRORS}",
)
def update_order_status(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Update order status to paid, ordered, processing, shipped, completed, cancelled,
    refunded."""
    orders = Orders(api)
    order = orders.of(Subscribers(api).by_ns(data["user_ns"]), data["order_id"])
    orders.set_status(order, data["status"])
    return OK


# -- orders -----------------------------------------------------------------------------------


@blp.route("/shop/orders", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE,
    query=order_schemas.OrdersQuery,
    answer=order_schemas.OrderList,
    source="Orders; the team's orders of every flow, oldest first",
)
def orders(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of orders."""
    found = Orders(api).list(data.get("user_ns"), data.get("limit"), data.get("page"))
    return {"data": [Orders.list_row(order) for order in found], "status": "ok"}


@blp.route("/shop/orders/<orderId>/get-info", methods=["GET"], parameters=[ORDER_ID])
@blp.doc(**PRICE_ERRATUM)
@blp.operation(
    scope=TEAM_SCOPE,
    answer=order_schemas.OrderAnswer,
    source=f"OrderGetInfo; {ASSUMED_ERRORS}",
)
def order_info(api: Flochat, data: dict[str, Any], orderId: str) -> dict[str, Any]:
    """Get order info."""
    return wrapped(Orders.represent(Orders(api).by_id(orderId)))


@blp.route("/shop/orders/create", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=order_schemas.CreateOrder,
    answer=OkSchema,
    source="flowBotUserCreateOrder; items required, status `ordered` by default; the "
    "stock is checked and taken (not for an order created cancelled or refunded); "
    f"{ASSUMED_ERRORS}",
)
def create_order(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Create new order for bot user."""
    Orders(api).create(Subscribers(api).by_ns(data["user_ns"]), data)
    return OK


@blp.route("/shop/orders/<orderId>/update", methods=["PUT"], parameters=[ORDER_ID])
@blp.operation(
    scope=FLOW_SCOPE,
    body=order_schemas.UpdateOrder,
    answer=OkSchema,
    source="UpdateOrder; an order of the key's flow; items replace the order's while it is "
    "ordered, paid or processing (stock follows), status moves as update-order-status; "
    f"{ASSUMED_ERRORS}",
)
def update_order(api: Flochat, data: dict[str, Any], orderId: str) -> dict[str, Any]:
    """Update order."""
    found = Orders(api)
    found.update(found.in_flow(orderId), data)
    return OK
