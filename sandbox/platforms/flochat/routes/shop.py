"""Cart and orders of subscribers, and the shop: products, variants, product tags / types /
vendors, discount codes, locations, business hours (group D).

Not implemented yet.
"""

from __future__ import annotations

from sandbox.platforms.flochat.routes.common import FlochatBlueprint

blp = FlochatBlueprint(
    "shop",
    __name__,
    description="Cart, orders and the shop",
)
