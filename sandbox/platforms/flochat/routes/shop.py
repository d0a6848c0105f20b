"""Cart and orders of subscribers, and the shop: products, variants, product tags / types /
vendors, discount codes, orders, business hours, locations (uchat-openapi.json tag
"Ecommerce").

Carts and orders of a subscriber need "Manage Flow" (the subscriber is the key's flow's);
the shop needs "Manage Team" (it is the team's, whatever the flow). Ids in paths are
integers: a non-numeric or unknown one answers 400 "<Thing> not found".
"""

from __future__ import annotations

from functools import partial
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
from sandbox.platforms.flochat.routes.tables import (
    SubscriberOperation,
    deleted,
    on_record,
    op,
    operations,
    shown,
    subscriber_operations,
    updated,
)
from sandbox.platforms.flochat.schemas import shop as schemas
from sandbox.platforms.flochat.schemas import shop_orders as order_schemas
from sandbox.platforms.flochat.schemas import shop_store as store_schemas
from sandbox.platforms.flochat.schemas.common import PageQuery

__all__ = ["blp", "shop_records"]


# -- the subscriber's cart ------------------------------------------------------------------------


def _cart(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    carts = Carts(api)
    return carts.represent(carts.of(Subscribers(api).by_ns(data["user_ns"])))


operations(blp, (
    op("cart", "GET /subscriber/cart", "Get subscriber shopping cart detail.", _cart,
       scope=FLOW_SCOPE, query=order_schemas.UserNsQuery, answer=order_schemas.CartDetail,
       source="flowBotUserCart; a subscriber without a cart gets an empty one (firstOrCreate), "
       "lines at the variants' current prices, dates as Laravel serializes them; "
       f"{ASSUMED_ERRORS}"),
))  # fmt: skip


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


# -- orders, products, variants, discount codes by code, business hours -----------------------


def _product(api: Flochat, data: dict[str, Any], productId: str) -> tuple[Products, Record]:
    products = Products(api)
    return products, products.by_id(productId)


def _variants(api: Flochat, productId: str) -> Variants:
    return Variants(api, Products(api).by_id(productId))


def _variant(
    api: Flochat, data: dict[str, Any], productId: str, variantId: str
) -> tuple[Variants, Record]:
    variants = _variants(api, productId)
    return variants, variants.by_id(variantId)


def _code(api: Flochat, data: dict[str, Any]) -> tuple[DiscountCodes, Record]:
    codes = DiscountCodes(api)
    return codes, codes.by_code(data["code"])


def _product_shown(model: Products, row: Record) -> dict[str, Any]:
    return model.represent(row)


def _variant_shown(model: Variants, row: Record) -> dict[str, Any]:
    return represent_variant(row)


def _products(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    found = Products(api)
    listed = found.list(
        data.get("name"),
        data.get("product_type_id"),
        data.get("vendor_id"),
        data.get("limit"),
        data.get("page"),
    )
    return {"data": [found.represent(product) for product in listed]}


def _create_product(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    found = Products(api)
    return wrapped(found.represent(found.create(data)))


def _update_order(api: Flochat, data: dict[str, Any], orderId: str) -> dict[str, Any]:
    found = Orders(api)
    found.update(found.in_flow(orderId), data)
    return OK


def _update_business_hours(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    hours = BusinessHours(api)
    hours.update(data["data"])
    return wrapped(hours.represent())


PRODUCT = "/shop/products/<productId>"
VARIANT = f"{PRODUCT}/variants/<variantId>"
Top = partial(op, scope=TEAM_SCOPE)
# fmt: off
operations(blp, (
    # -- orders
    Top("orders", "GET /shop/orders", "Get list of orders.",
        lambda api, data: {
            "data": [Orders.list_row(order) for order in Orders(api).list(
                data.get("user_ns"), data.get("limit"), data.get("page"))],
            "status": "ok",
        },
        query=order_schemas.OrdersQuery, answer=order_schemas.OrderList,
        source="Orders; the team's orders of every flow, oldest first"),
    Top("order_info", "GET /shop/orders/<orderId>/get-info", "Get order info.",
        lambda api, data, orderId: wrapped(Orders.represent(Orders(api).by_id(orderId))),
        parameters=[ORDER_ID], doc=PRICE_ERRATUM, answer=order_schemas.OrderAnswer,
        source=f"OrderGetInfo; {ASSUMED_ERRORS}"),
    op("update_order", "PUT /shop/orders/<orderId>/update", "Update order.", _update_order,
       parameters=[ORDER_ID], scope=FLOW_SCOPE, body=order_schemas.UpdateOrder,
       answer=OkSchema,
       source="UpdateOrder; an order of the key's flow; items replace the order's while it is "
       "ordered, paid or processing (stock follows), status moves as update-order-status; "
       f"{ASSUMED_ERRORS}"),
    # -- products
    Top("products", "GET /shop/products", "Get list of products.", _products,
        doc=PRICE_ERRATUM, query=schemas.ProductListQuery, answer=schemas.ProductList,
        source="Products; `variants` lists a product's default variant too"),
    Top("product_info", f"GET {PRODUCT}/get-info", "Get product info.",
        on_record(_product, shown(_product_shown)), parameters=[PRODUCT_ID], doc=PRICE_ERRATUM,
        answer=schemas.ProductAnswer, source=f"ProductGetInfo; {ASSUMED_ERRORS}"),
    Top("create_product", "POST /shop/products/create", "Create new product.",
        _create_product, doc=PRICE_ERRATUM, body=schemas.CreateProduct,
        answer=schemas.ProductAnswer,
        source="CreateProduct; use_variant 0 makes one default variant of the product-level "
        "price and stock, 1 needs variant_1_name and variants (distinct option values); type, "
        f"vendor and tags are names, made when new; {ASSUMED_ERRORS}"),
    Top("update_product", f"PUT {PRODUCT}/update",
        "Update product info only (variants change through their own operations).",
        on_record(_product, updated(_product_shown)), parameters=[PRODUCT_ID], doc=PRICE_ERRATUM,
        body=schemas.UpdateProduct, answer=schemas.ProductAnswer,
        source="UpdateProduct; the product's own info, tags replaced when given; "
        f"{ASSUMED_ERRORS}"),
    Top("delete_product", f"DELETE {PRODUCT}/delete", "Delete product.",
        on_record(_product, deleted), parameters=[PRODUCT_ID], answer=OkSchema,
        source="DeleteProduct; its variants leave every cart, orders keep their copy; "
        f"{ASSUMED_ERRORS}"),
    # -- variants
    Top("variants", f"GET {PRODUCT}/variants", "Get list of product variants.",
        lambda api, data, productId: {"data": [
            represent_variant(variant)
            for variant in _variants(api, productId).list(data.get("limit"), data.get("page"))
        ]},
        parameters=[PRODUCT_ID], doc=PRICE_ERRATUM, query=PageQuery,
        answer=schemas.VariantList, source=f"ProductVariants; {ASSUMED_ERRORS}"),
    Top("variant_info", f"GET {VARIANT}/get-info", "Get product variant info.",
        on_record(_variant, shown(_variant_shown)), parameters=[PRODUCT_ID, VARIANT_ID],
        doc=PRICE_ERRATUM, answer=schemas.VariantAnswer,
        source=f"ProductVariantInfo; {ASSUMED_ERRORS}"),
    Top("create_variant", f"POST {PRODUCT}/variants/create", "Create new product variant.",
        lambda api, data, productId: wrapped(
            represent_variant(_variants(api, productId).create(data))
        ),
        parameters=[PRODUCT_ID], doc=PRICE_ERRATUM, body=schemas.VariantInput,
        answer=schemas.VariantAnswer,
        source="CreateProductVariant; only for a product with variants, with distinct option "
        f"values; {ASSUMED_ERRORS}"),
    Top("update_variant", f"PUT {VARIANT}/update",
        "Update product variant info (a product without variants changes its price and\n"
        "    stock here, on its default variant).",
        on_record(_variant, updated(_variant_shown)), parameters=[PRODUCT_ID, VARIANT_ID],
        doc=PRICE_ERRATUM, body=schemas.VariantInput, answer=schemas.VariantAnswer,
        source="UpdateProductVariant; a default variant takes no option values; "
        f"{ASSUMED_ERRORS}"),
    Top("delete_variant", f"DELETE {VARIANT}/delete", "Delete product variant.",
        on_record(_variant, deleted), parameters=[PRODUCT_ID, VARIANT_ID], answer=OkSchema,
        source="DeleteProductVariant; it leaves every cart; a product keeps its last variant; "
        f"{ASSUMED_ERRORS}"),
    # -- discount codes by code (the others: routes/shop_records.py)
    Top("discount_code_by_code", "GET /shop/discount-codes/get-info-by-code",
        "Get discount code info by code.",
        on_record(_code, shown(lambda codes, row: codes.represent(row))),
        query=store_schemas.CodeQuery, answer=store_schemas.DiscountCodeAnswer,
        source=f"DiscountCodeGetInfoByCode; codes match in any case; {ASSUMED_ERRORS}"),
    Top("delete_discount_code_by_code", "DELETE /shop/discount-codes/delete-by-code",
        "Delete discount code by code.", on_record(_code, deleted),
        query=store_schemas.CodeQuery, answer=OkSchema,
        source=f"DeleteDiscountCodeByCode; codes match in any case; {ASSUMED_ERRORS}"),
    # -- business hours
    Top("business_hours", "GET /shop/business-hours/info", "Get store business hours.",
        lambda api, data: wrapped(BusinessHours(api).represent()),
        answer=store_schemas.BusinessHoursAnswer,
        source="ShopGetBusinessHours; `data` (typed one BusinessHours object) holds the seven "
        'days keyed by id "1" to "7", as PHP encodes an array indexed from 1 (assumed); a day '
        "never set is open"),
    Top("update_business_hours", "PUT /shop/business-hours/update",
        "Update store business hours.", _update_business_hours,
        body=store_schemas.UpdateBusinessHours, answer=store_schemas.BusinessHoursAnswer,
        source="ShopUpdateBusinessHours; the days given change, the others keep theirs; ranges "
        f"must end after they start; {ASSUMED_ERRORS}"),
))
# fmt: on
