"""What the shop's modules share: the blueprint, the notes their sources repeat, the
integer path ids and the `{"data": ..., "status": "ok"}` wrapping."""

from __future__ import annotations

from typing import Any

from sandbox.platforms.flochat.routes.common import FlochatBlueprint

# The shop's answers share the team's wrapping; its modules import it from here.
from sandbox.platforms.flochat.routes.tables import wrapped

__all__ = ["wrapped"]

blp = FlochatBlueprint(
    "shop",
    "sandbox.platforms.flochat.routes.shop",
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
