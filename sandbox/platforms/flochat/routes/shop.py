"""Cart and orders of subscribers, and the shop: products, variants, product tags / types /
vendors, discount codes, orders, business hours, locations (uchat-openapi.json tag
"Ecommerce").

Carts and orders of a subscriber need "Manage Flow" (the subscriber is the key's flow's);
the shop needs "Manage Team" (it is the team's, whatever the flow). Ids in paths are
integers: a non-numeric or unknown one answers 400 "<Thing> not found".
"""

from __future__ import annotations

from typing import Any

from sandbox.platforms.flochat.models.api import FLOW_SCOPE, TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.shop_cart import Carts
from sandbox.platforms.flochat.models.shop_catalog import TAG, TYPE, VENDOR, CatalogNames, Kind
from sandbox.platforms.flochat.models.shop_catalog import represent as represent_name
from sandbox.platforms.flochat.models.shop_discounts import DiscountCodes
from sandbox.platforms.flochat.models.shop_hours import BusinessHours
from sandbox.platforms.flochat.models.shop_locations import Locations
from sandbox.platforms.flochat.models.shop_locations import represent as represent_location
from sandbox.platforms.flochat.models.shop_orders import Orders
from sandbox.platforms.flochat.models.shop_products import (
    Products,
    Variants,
    represent_variant,
)
from sandbox.platforms.flochat.models.subscribers import Subscribers
from sandbox.platforms.flochat.routes.common import OK, FlochatBlueprint, OkSchema
from sandbox.platforms.flochat.schemas import shop as schemas
from sandbox.platforms.flochat.schemas import shop_orders as order_schemas
from sandbox.platforms.flochat.schemas import shop_store as store_schemas
from sandbox.platforms.flochat.schemas.common import ListQuery

blp = FlochatBlueprint(
    "shop",
    __name__,
    description="Cart, orders and the shop",
)
ASSUMED_ERRORS = "error texts assumed"
#: The vendor types a variant's `price` / `compare_price` and an order's `total_price`
#: `integer`, yet its own examples are 12.99 and 15.99, its request bodies take such
#: prices and its carts type them `number`: amounts with cents keep them.
PRICE_ERRATUM = {
    "x-vendor-erratum": "The vendor's 200 schema types prices (a variant's price and "
    "compare_price, an order's total_price) `integer`, while its examples are 12.99: the "
    "sandbox answers amounts with cents as decimals (12.99), whole ones as integers (35)"
}


def path_id(name: str, description: str) -> dict[str, Any]:
    """A path parameter as the vendor types it (an integer id)."""
    return {
        "in": "path",
        "name": name,
        "required": True,
        "description": description,
        "schema": {"type": "integer"},
    }


PRODUCT_ID = path_id("productId", "Product Id")
VARIANT_ID = path_id("variantId", "Variant Id")
CODE_ID = path_id("codeId", "Discount Code Id")
ORDER_ID = path_id("orderId", "Order Id")
LOCATION_ID = path_id("locationId", "Location Id")


def _wrapped(body: dict[str, Any]) -> dict[str, Any]:
    """`{"data": ..., "status": "ok"}`, the vendor's answer to shop reads and writes."""
    return {"data": body, "status": "ok"}


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
    return _wrapped(Orders.represent(Orders(api).by_id(orderId)))


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
    return _wrapped(found.represent(found.by_id(productId)))


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
    return _wrapped(found.represent(found.create(data)))


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
    return _wrapped(found.represent(found.update(found.by_id(productId), data)))


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
    return _wrapped(represent_variant(found.by_id(variantId)))


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
    return _wrapped(represent_variant(found.create(data)))


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
    return _wrapped(represent_variant(found.update(found.by_id(variantId), data)))


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


# -- product tags, types, vendors -----------------------------------------------------------


def _catalog_routes(path: str, kind: Kind, id_name: str, label: str, ops: dict[str, str]) -> None:
    """The five operations of one kind of catalog name (tags, types or vendors)."""
    parameter = path_id(id_name, f"{label} Id")
    thing = label.lower()
    prefix = kind.product_column

    def listed(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        found = CatalogNames(api, kind).list(data.get("name"), data.get("limit"), data.get("page"))
        return {"data": [represent_name(row) for row in found]}

    def info(api: Flochat, data: dict[str, Any], **path_ids: str) -> dict[str, Any]:
        return _wrapped(represent_name(CatalogNames(api, kind).by_id(path_ids[id_name])))

    def create(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        return _wrapped(represent_name(CatalogNames(api, kind).create(data["name"])))

    def update(api: Flochat, data: dict[str, Any], **path_ids: str) -> dict[str, Any]:
        names = CatalogNames(api, kind)
        row = names.by_id(path_ids[id_name])
        if data.get("name") is not None:
            row = names.rename(row, data["name"])
        return _wrapped(represent_name(row))

    def delete(api: Flochat, data: dict[str, Any], **path_ids: str) -> dict[str, Any]:
        names = CatalogNames(api, kind)
        names.delete(names.by_id(path_ids[id_name]))
        return OK

    # flask-smorest reads the summary from the docstring when the route is declared.
    listed.__doc__ = f"Get list of product {thing}s."
    info.__doc__ = f"Get {thing} info."
    create.__doc__ = f"Create new {thing}."
    update.__doc__ = f"Update {thing} name."
    delete.__doc__ = f"Delete {thing} (products lose it)."
    taken = "a taken name (any case) is refused"
    blp.route(path, methods=["GET"], endpoint=f"{prefix}_list")(
        blp.operation(
            scope=TEAM_SCOPE, query=ListQuery, answer=schemas.CatalogEntryList, source=ops["list"]
        )(listed)
    )
    blp.route(
        f"{path}/<{id_name}>/get-info",
        methods=["GET"],
        parameters=[parameter],
        endpoint=f"{prefix}_info",
    )(
        blp.operation(
            scope=TEAM_SCOPE,
            answer=schemas.CatalogEntryAnswer,
            source=f"{ops['info']}; {ASSUMED_ERRORS}",
        )(info)
    )
    blp.route(f"{path}/create", methods=["POST"], endpoint=f"{prefix}_create")(
        blp.operation(
            scope=TEAM_SCOPE,
            body=schemas.CatalogName,
            answer=schemas.CatalogEntryAnswer,
            source=f"{ops['create']}; {taken}; {ASSUMED_ERRORS}",
        )(create)
    )
    blp.route(
        f"{path}/<{id_name}>/update",
        methods=["PUT"],
        parameters=[parameter],
        endpoint=f"{prefix}_update",
    )(
        blp.operation(
            scope=TEAM_SCOPE,
            body=schemas.CatalogRename,
            answer=schemas.CatalogEntryAnswer,
            source=f"{ops['update']}; {taken}; {ASSUMED_ERRORS}",
        )(update)
    )
    blp.route(
        f"{path}/<{id_name}>/delete",
        methods=["DELETE"],
        parameters=[parameter],
        endpoint=f"{prefix}_delete",
    )(
        blp.operation(
            scope=TEAM_SCOPE,
            answer=OkSchema,
            source=f"{ops['delete']}; products lose it; {ASSUMED_ERRORS}",
        )(delete)
    )


_catalog_routes(
    "/shop/product-tags",
    TAG,
    "tagId",
    "Tag",
    {
        "list": "Tags",
        "info": "TagGetInfo",
        "create": "CreateTag",
        "update": "UpdateTag",
        "delete": "DeleteTag",
    },
)
_catalog_routes(
    "/shop/product-types",
    TYPE,
    "typeId",
    "Type",
    {
        "list": "Types",
        "info": "TypeGetInfo",
        "create": "CreateType",
        "update": "UpdateType",
        "delete": "DeleteType",
    },
)
_catalog_routes(
    "/shop/product-vendors",
    VENDOR,
    "vendorId",
    "Vendor",
    {
        "list": "Vendors",
        "info": "VendorGetInfo",
        "create": "CreateVendor",
        "update": "UpdateVendor",
        "delete": "DeleteVendor",
    },
)


# -- discount codes ---------------------------------------------------------------------------


@blp.route("/shop/discount-codes", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE,
    query=store_schemas.DiscountListQuery,
    answer=store_schemas.DiscountCodeList,
    source="DiscountCodes; `summary` words the rules (assumed wording)",
)
def discount_codes(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of discount codes."""
    codes = DiscountCodes(api)
    found = codes.list(data.get("code"), data.get("limit"), data.get("page"))
    return {"data": [codes.represent(row) for row in found]}


@blp.route("/shop/discount-codes/<codeId>/get-info", methods=["GET"], parameters=[CODE_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    answer=store_schemas.DiscountCodeAnswer,
    source=f"DiscountCodeGetInfo; {ASSUMED_ERRORS}",
)
def discount_code_info(api: Flochat, data: dict[str, Any], codeId: str) -> dict[str, Any]:
    """Get discount code info."""
    codes = DiscountCodes(api)
    return _wrapped(codes.represent(codes.by_id(codeId)))


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
    return _wrapped(codes.represent(codes.by_code(data["code"])))


@blp.route("/shop/discount-codes/create", methods=["POST"])
@blp.operation(
    scope=TEAM_SCOPE,
    body=store_schemas.CreateDiscountCode,
    answer=store_schemas.DiscountCodeAnswer,
    source="CreateDiscountCode; stored only (no cart or order operation takes a code): a "
    "percentage needs discount_percentage, an amount discount_amount, min_require its "
    f"minimum, a usage limit its count, end after start; {ASSUMED_ERRORS}",
)
def create_discount_code(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Create new discount code."""
    codes = DiscountCodes(api)
    return _wrapped(codes.represent(codes.create(data)))


@blp.route("/shop/discount-codes/<codeId>/update", methods=["PUT"], parameters=[CODE_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    body=store_schemas.DiscountRules,
    answer=store_schemas.DiscountCodeAnswer,
    source="UpdateDiscountCode; the code as updated must follow the create rules; "
    f"{ASSUMED_ERRORS}",
)
def update_discount_code(api: Flochat, data: dict[str, Any], codeId: str) -> dict[str, Any]:
    """Update discount code."""
    codes = DiscountCodes(api)
    return _wrapped(codes.represent(codes.update(codes.by_id(codeId), data)))


@blp.route("/shop/discount-codes/<codeId>/delete", methods=["DELETE"], parameters=[CODE_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    answer=OkSchema,
    source=f"DeleteDiscountCode; {ASSUMED_ERRORS}",
)
def delete_discount_code(api: Flochat, data: dict[str, Any], codeId: str) -> dict[str, Any]:
    """Delete discount code."""
    codes = DiscountCodes(api)
    codes.delete(codes.by_id(codeId))
    return OK


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
    return _wrapped(BusinessHours(api).represent())


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
    return _wrapped(hours.represent())


# -- locations --------------------------------------------------------------------------------


@blp.route("/shop/locations", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE,
    query=ListQuery,
    answer=store_schemas.ShopLocationList,
    source="Locations",
)
def locations(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of locations."""
    found = Locations(api).list(data.get("name"), data.get("limit"), data.get("page"))
    return {"data": [represent_location(row) for row in found]}


@blp.route("/shop/locations/<locationId>/get-info", methods=["GET"], parameters=[LOCATION_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    answer=store_schemas.ShopLocationAnswer,
    source=f"LocationGetInfo; {ASSUMED_ERRORS}",
)
def location_info(api: Flochat, data: dict[str, Any], locationId: str) -> dict[str, Any]:
    """Get location info."""
    return _wrapped(represent_location(Locations(api).by_id(locationId)))


@blp.route("/shop/locations/create", methods=["POST"])
@blp.operation(
    scope=TEAM_SCOPE,
    body=store_schemas.CreateLocation,
    answer=store_schemas.ShopLocationAnswer,
    source=f"CreateLocation; latitude and longitude in range; {ASSUMED_ERRORS}",
)
def create_location(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Create new location."""
    return _wrapped(represent_location(Locations(api).create(data)))


@blp.route("/shop/locations/<locationId>/update", methods=["PUT"], parameters=[LOCATION_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    body=store_schemas.UpdateLocation,
    answer=store_schemas.ShopLocationAnswer,
    source=f"UpdateLocation; {ASSUMED_ERRORS}",
)
def update_location(api: Flochat, data: dict[str, Any], locationId: str) -> dict[str, Any]:
    """Update location."""
    found = Locations(api)
    return _wrapped(represent_location(found.update(found.by_id(locationId), data)))


@blp.route("/shop/locations/<locationId>/delete", methods=["DELETE"], parameters=[LOCATION_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    answer=OkSchema,
    source=f"DeleteLocation; {ASSUMED_ERRORS}",
)
def delete_location(api: Flochat, data: dict[str, Any], locationId: str) -> dict[str, Any]:
    """Delete location."""
    found = Locations(api)
    found.delete(found.by_id(locationId))
    return OK
