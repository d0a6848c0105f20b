"""Cart and orders of subscribers, and the shop: products, variants, product tags / types /
vendors, discount codes, orders, business hours, locations (uchat-openapi.json tag
"Ecommerce").

Carts and orders of a subscriber need "Manage Flow" (the subscriber is the key's flow's);
the shop needs "Manage Team" (it is the team's, whatever the flow). Ids in paths are
integers: a non-numeric or unknown one answers 400 "<Thing> not found".
"""

from __future__ import annotations

# Each module declares its operations on the one blueprint when imported.
from sandbox.platforms.flochat.routes import shop_cart, shop_catalog, shop_products, shop_store
from sandbox.platforms.flochat.routes.shop_common import blp

MODULES = (shop_cart, shop_products, shop_catalog, shop_store)

__all__ = ["MODULES", "blp"]
