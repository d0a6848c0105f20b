"""Cart, orders and the shop (group D): the fixture sections of the shop's modules, in
the order they load.

- shop_catalog: product tags, types and vendors
- shop_products (+ shop_product_fixtures): products and their variants
- shop_stock: what variants can sell, and the stock orders take and give back
- shop_cart: subscribers' carts; shop_orders: their orders and the status moves
- shop_discounts, shop_locations, shop_hours: the store's settings
- shop_common: tables, money, the team's currency

Team-wide sections load before the flows', so products exist when a flow's carts and
orders name their variants.
"""

from __future__ import annotations

from sandbox.platforms.flochat.models import (
    shop_cart,
    shop_catalog,
    shop_discounts,
    shop_hours,
    shop_locations,
    shop_orders,
    shop_product_fixtures,
)
from sandbox.platforms.flochat.models.sections import Section

TEAM_SECTIONS: list[Section] = [
    *shop_catalog.TEAM_SECTIONS,
    *shop_product_fixtures.TEAM_SECTIONS,
    *shop_discounts.TEAM_SECTIONS,
    *shop_locations.TEAM_SECTIONS,
    *shop_hours.TEAM_SECTIONS,
]
FLOW_SECTIONS: list[Section] = [*shop_cart.FLOW_SECTIONS, *shop_orders.FLOW_SECTIONS]
