"""Products, their variants, and the product tags, types and vendors (uchat-openapi.json
tag "Ecommerce")."""

from __future__ import annotations

from typing import Any

from sandbox.platforms.flochat.models.api import TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.shop_products import (
    Products,
    Variants,
    represent_variant,
)
from sandbox.platforms.flochat.routes.common import OK, OkSchema
from sandbox.platforms.flochat.routes.shop_common import (
    ASSUMED_ERRORS,
    PRICE_ERRATUM,
    PRODUCT_ID,
    VARIANT_ID,
    blp,
    wrapped,
)
from sandbox.platforms.flochat.schemas import shop as schemas

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
