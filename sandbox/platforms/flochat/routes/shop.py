"""Cart and orders of subscribers, and the shop: products, variants, product tags / types /
vendors, discount codes, orders, business hours, locations (uchat-openapi.json tag
"Ecommerce").

Carts and orders of a subscriber need "Manage Flow" (the subscriber is the key's flow's);
the shop needs "Manage Team" (it is the team's, whatever the flow). Ids in paths are
integers: a non-numeric or unknown one answers 400 "<Thing> not found".
"""

from __future__ import annotations

from typing import Any

from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import FLOW_SCOPE, TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.shop_cart import Carts
from sandbox.platforms.flochat.models.shop_discounts import DiscountCodes
from sandbox.platforms.flochat.models.shop_hours import BusinessHours
from sandbox.platforms.flochat.models.shop_orders import Orders
from sandbox.platforms.flochat.models.shop_products import (
    Products,
    Variants,
    represent_variant,
)
from sandbox.platforms.flochat.models.subscribers import Subscribers

# The record families' tables are declared on the blueprint when imported.
from sandbox.platforms.flochat.routes import shop_records
from sandbox.platforms.flochat.routes.common import OK, OkSchema
from sandbox.platforms.flochat.routes.shop_common import (
    ASSUMED_ERRORS,
    ORDER_ID,
    PRICE_ERRATUM,
    PRODUCT_ID,
    VARIANT_ID,
    blp,
    wrapped,
)
from sandbox.platforms.flochat.routes.tables import SubscriberOperation, subscriber_operations
from sandbox.platforms.flochat.schemas import shop as schemas
from sandbox.platforms.flochat.schemas import shop_orders as order_schemas
from sandbox.platforms.flochat.schemas import shop_store as store_schemas

__all__ = ["blp", "shop_records"]


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


def _update_order_status(api: Flochat, subscriber: Record, data: dict[str, Any]) -> None:
    orders = Orders(api)
    orders.set_status(orders.of(subscriber, data["order_id"]), data["status"])


Op = SubscriberOperation
# fmt: off
SUBSCRIBER_OPERATIONS = (
    Op("empty_cart", "DELETE /subscriber/empty-cart", order_schemas.UserNsInput,
       f"flowBotUserEmptyCart; {ASSUMED_ERRORS}",
       "Empty subscriber shopping cart items.",
       lambda api, subscriber, data: Carts(api).empty(subscriber)),
    Op("add_to_cart", "POST /subscriber/add-to-cart", order_schemas.AddToCart,
       "flowBotUserAddToCart; variant_id required, qty 1 by default and added to the line's; "
       "more than a tracked stock is refused unless no-stock selling is allowed, so is an "
       f"inactive product; {ASSUMED_ERRORS}",
       "Add item to subscriber shopping cart.",
       lambda api, subscriber, data: Carts(api).add(
           subscriber, data["variant_id"], data.get("qty") or 1
       )),
    Op("remove_from_cart", "DELETE /subscriber/remove-from-cart", order_schemas.RemoveFromCart,
       f"flowBotUserRemoveFromCart; the variant's whole line goes; {ASSUMED_ERRORS}",
       "Remove item from subscriber shopping cart.",
       lambda api, subscriber, data: Carts(api).remove(subscriber, data["variant_id"])),
    Op("cart_paid", "POST /subscriber/cart-paid", order_schemas.CartPaid,
       "flowBotUserCartPaid; the cart becomes a paid order (stock checked and taken, contact "
       "defaults to the subscriber's) and is emptied; an empty cart is refused; "
       f"{ASSUMED_ERRORS}",
       "Checkout subscriber shopping cart and mark as paid.",
       lambda api, subscriber, data: Orders(api).pay_cart(subscriber, data)),
    Op("update_order_status", "POST /subscriber/update-order-status",
       order_schemas.UpdateOrderStatus,
       "flowBotUserUpdateOrderStatus; the order must be the subscriber's; status moves follow "
       "the table of models/shop_orders.py (cancelling gives the stock back); "
       f"{ASSUMED_ERRORS}",
       "Update order status to paid, ordered, processing, shipped, completed, cancelled,\n"
       "refunded.",
       _update_order_status),
    Op("create_order", "POST /shop/orders/create", order_schemas.CreateOrder,
       "flowBotUserCreateOrder; items required, status `ordered` by default; the stock is "
       "checked and taken (not for an order created cancelled or refunded); "
       f"{ASSUMED_ERRORS}",
       "Create new order for bot user.",
       lambda api, subscriber, data: Orders(api).create(subscriber, data)),
)
# fmt: on
subscriber_operations(blp, SUBSCRIBER_OPERATIONS)


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


# -- products ---------------------------------------------------------------------------------


@blp.route("/shop/products", methods=["GET"])
@blp.doc(**PRICE_ERRATUM)
@blp.operation(
    scope=TEAM_SCOPE,
    query=schemas.ProductListQuery,
    answer=schemas.ProductList,
    source="Products; `variants` lists a product's default variant too",
)
def products(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of products."""
    found = Products(api)
    listed = found.list(
        data.get("name"),
        data.get("product_type_id"),
        data.get("vendor_id"),
        data.get("limit"),
        data.get("page"),
    )
    return {"data": [found.represent(product) for product in listed]}


@blp.route("/shop/products/<productId>/get-info", methods=["GET"], parameters=[PRODUCT_ID])
@blp.doc(**PRICE_ERRATUM)
@blp.operation(
    scope=TEAM_SCOPE,
    answer=schemas.ProductAnswer,
    source=f"ProductGetInfo; {ASSUMED_ERRORS}",
)
def product_info(api: Flochat, data: dict[str, Any], productId: str) -> dict[str, Any]:
    """Get product info."""
    found = Products(api)
    return wrapped(found.represent(found.by_id(productId)))


@blp.route("/shop/products/create", methods=["POST"])
@blp.doc(**PRICE_ERRATUM)
@blp.operation(
    scope=TEAM_SCOPE,
    body=schemas.CreateProduct,
    answer=schemas.ProductAnswer,
    source="CreateProduct; use_variant 0 makes one default variant of the product-level "
    "price and stock, 1 needs variant_1_name and variants (distinct option values); type, "
    f"vendor and tags are names, made when new; {ASSUMED_ERRORS}",
)
def create_product(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Create new product."""
    found = Products(api)
    return wrapped(found.represent(found.create(data)))


@blp.route("/shop/products/<productId>/update", methods=["PUT"], parameters=[PRODUCT_ID])
@blp.doc(**PRICE_ERRATUM)
@blp.operation(
    scope=TEAM_SCOPE,
    body=schemas.UpdateProduct,
    answer=schemas.ProductAnswer,
    source=f"UpdateProduct; the product's own info, tags replaced when given; {ASSUMED_ERRORS}",
)
def update_product(api: Flochat, data: dict[str, Any], productId: str) -> dict[str, Any]:
    """Update product info only (variants change through their own operations)."""
    found = Products(api)
    return wrapped(found.represent(found.update(found.by_id(productId), data)))


@blp.route("/shop/products/<productId>/delete", methods=["DELETE"], parameters=[PRODUCT_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    answer=OkSchema,
    source="DeleteProduct; its variants leave every cart, orders keep their copy; "
    f"{ASSUMED_ERRORS}",
)
def delete_product(api: Flochat, data: dict[str, Any], productId: str) -> dict[str, Any]:
    """Delete product."""
    found = Products(api)
    found.delete(found.by_id(productId))
    return OK


# -- variants ---------------------------------------------------------------------------------


@blp.route("/shop/products/<productId>/variants", methods=["GET"], parameters=[PRODUCT_ID])
@blp.doc(**PRICE_ERRATUM)
@blp.operation(
    scope=TEAM_SCOPE,
    query=schemas.PageQuery,
    answer=schemas.VariantList,
    source=f"ProductVariants; {ASSUMED_ERRORS}",
)
def variants(api: Flochat, data: dict[str, Any], productId: str) -> dict[str, Any]:
    """Get list of product variants."""
    found = Variants(api, Products(api).by_id(productId))
    listed = found.list(data.get("limit"), data.get("page"))
    return {"data": [represent_variant(variant) for variant in listed]}


@blp.route(
    "/shop/products/<productId>/variants/<variantId>/get-info",
    methods=["GET"],
    parameters=[PRODUCT_ID, VARIANT_ID],
)
@blp.doc(**PRICE_ERRATUM)
@blp.operation(
    scope=TEAM_SCOPE,
    answer=schemas.VariantAnswer,
    source=f"ProductVariantInfo; {ASSUMED_ERRORS}",
)
def variant_info(
    api: Flochat, data: dict[str, Any], productId: str, variantId: str
) -> dict[str, Any]:
    """Get product variant info."""
    found = Variants(api, Products(api).by_id(productId))
    return wrapped(represent_variant(found.by_id(variantId)))


@blp.route("/shop/products/<productId>/variants/create", methods=["POST"], parameters=[PRODUCT_ID])
@blp.doc(**PRICE_ERRATUM)
@blp.operation(
    scope=TEAM_SCOPE,
    body=schemas.VariantInput,
    answer=schemas.VariantAnswer,
    source="CreateProductVariant; only for a product with variants, with distinct option "
    f"values; {ASSUMED_ERRORS}",
)
def create_variant(api: Flochat, data: dict[str, Any], productId: str) -> dict[str, Any]:
    """Create new product variant."""
    found = Variants(api, Products(api).by_id(productId))
    return wrapped(represent_variant(found.create(data)))


@blp.route(
    "/shop/products/<productId>/variants/<variantId>/update",
    methods=["PUT"],
    parameters=[PRODUCT_ID, VARIANT_ID],
)
@blp.doc(**PRICE_ERRATUM)
@blp.operation(
    scope=TEAM_SCOPE,
    body=schemas.VariantInput,
    answer=schemas.VariantAnswer,
    source=f"UpdateProductVariant; a default variant takes no option values; {ASSUMED_ERRORS}",
)
def update_variant(
    api: Flochat, data: dict[str, Any], productId: str, variantId: str
) -> dict[str, Any]:
    """Update product variant info (a product without variants changes its price and
    stock here, on its default variant)."""
    found = Variants(api, Products(api).by_id(productId))
    return wrapped(represent_variant(found.update(found.by_id(variantId), data)))


@blp.route(
    "/shop/products/<productId>/variants/<variantId>/delete",
    methods=["DELETE"],
    parameters=[PRODUCT_ID, VARIANT_ID],
)
@blp.operation(
    scope=TEAM_SCOPE,
    answer=OkSchema,
    source="DeleteProductVariant; it leaves every cart; a product keeps its last variant; "
    f"{ASSUMED_ERRORS}",
)
def delete_variant(
    api: Flochat, data: dict[str, Any], productId: str, variantId: str
) -> dict[str, Any]:
    """Delete product variant."""
    found = Variants(api, Products(api).by_id(productId))
    found.delete(found.by_id(variantId))
    return OK


# -- discount codes by code (the others: routes/shop_records.py) ----------------------


@blp.route("/shop/discount-codes/get-info-by-code", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE,
    query=store_schemas.CodeQuery,
    answer=store_schemas.DiscountCodeAnswer,
    source=f"DiscountCodeGetInfoByCode; codes match in any case; {ASSUMED_ERRORS}",
)
def discount_code_by_code(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get discount code info by code."""
    codes = DiscountCodes(api)
    return wrapped(codes.represent(codes.by_code(data["code"])))


@blp.route("/shop/discount-codes/delete-by-code", methods=["DELETE"])
@blp.operation(
    scope=TEAM_SCOPE,
    query=store_schemas.CodeQuery,
    answer=OkSchema,
    source=f"DeleteDiscountCodeByCode; codes match in any case; {ASSUMED_ERRORS}",
)
def delete_discount_code_by_code(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Delete discount code by code."""
    codes = DiscountCodes(api)
    codes.delete(codes.by_code(data["code"]))
    return OK


# -- business hours -------------------------------------------------------------------------------


@blp.route("/shop/business-hours/info", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE,
    answer=store_schemas.BusinessHoursAnswer,
    source="ShopGetBusinessHours; `data` (typed one BusinessHours object) holds the seven "
    'days keyed by id "1" to "7", as PHP encodes an array indexed from 1 (assumed); a day '
    "never set is open",
)
def business_hours(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get store business hours."""
    return wrapped(BusinessHours(api).represent())


@blp.route("/shop/business-hours/update", methods=["PUT"])
@blp.operation(
    scope=TEAM_SCOPE,
    body=store_schemas.UpdateBusinessHours,
    answer=store_schemas.BusinessHoursAnswer,
    source="ShopUpdateBusinessHours; the days given change, the others keep theirs; ranges "
    f"must end after they start; {ASSUMED_ERRORS}",
)
def update_business_hours(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Update store business hours."""
    hours = BusinessHours(api)
    hours.update(data["data"])
    return wrapped(hours.represent())
