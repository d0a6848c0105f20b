"""Stock: what a variant that tracks its stock can sell, and the moves orders make.

A variant with `track_stock` sells at most its `qty`, unless `allow_no_stock_sell` lets it
sell on (its stock then goes below zero, as in the vendor's Shopify-like model). A
variant that does not track stock always sells and its `qty` never moves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.shop_common import PRODUCTS, VARIANTS
from sandbox.platforms.flochat.models.shop_products import describe

PRODUCT_NOT_ACTIVE = "Product is not active"


def not_enough_stock(label: str) -> str:
    return f"Not enough stock for {label}"


def quantities(lines: Iterable[dict[str, Any]]) -> dict[int, int]:
    """{variant id: total qty} of order or cart lines (`variant_id`, `qty`)."""
    totals: dict[int, int] = {}
    for line in lines:
        totals[line["variant_id"]] = totals.get(line["variant_id"], 0) + line["qty"]
    return totals


class Stock:
    def __init__(self, api: Flochat) -> None:
        self.api = api

    def check(self, variant: Record, wanted: int) -> None:
        """Refuse selling `wanted` of the variant when its product is inactive or its
        stock is short."""
        product = self.api.first(PRODUCTS, id=variant["product_id"])
        if product is None or product["status"] != "active":
            raise FlochatError(PRODUCT_NOT_ACTIVE)
        tracked = variant["track_stock"] and not variant["allow_no_stock_sell"]
        if tracked and wanted > variant["qty"]:
            raise FlochatError(not_enough_stock(describe(product, variant)))

    def take(self, lines: Iterable[dict[str, Any]]) -> None:
        """Sell the lines: every one is checked first, then the stock goes down."""
        wanted = quantities(lines)
        variants = {}
        for variant_id, qty in wanted.items():
            variant = self.api.first(VARIANTS, id=variant_id)
            if variant is None:
                raise FlochatError("Variant not found")
            self.check(variant, qty)
            variants[variant_id] = variant
        for variant_id, qty in wanted.items():
            self._move(variants[variant_id], -qty)

    def give_back(self, lines: Iterable[dict[str, Any]]) -> None:
        """Put the lines back in stock (variants deleted since are skipped)."""
        for variant_id, qty in quantities(lines).items():
            variant = self.api.first(VARIANTS, id=variant_id)
            if variant is not None:
                self._move(variant, qty)

    def _move(self, variant: Record, change: int) -> None:
        if variant["track_stock"]:
            self.api.update(VARIANTS, variant, {"qty": variant["qty"] + change})
