"""A subscriber's shopping cart: one per subscriber, made when first read or filled
(Laravel's `firstOrCreate`), with one line per variant.

Stored row {flow, id (team-wide), user_ns, items: [{variant_id, qty}], created_at,
updated_at}. Lines show the variant's current price: the cart is priced when read, the
order when paid. Adding more than a variant's stock is refused (see shop_stock).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import fields, validate

from sandbox.core.fixtures import FixtureError
from sandbox.core.resources import fixture_id
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import SUBSCRIBERS
from sandbox.platforms.flochat.models.sections import Entry, Section
from sandbox.platforms.flochat.models.shop_common import (
    CARTS,
    MAX_INT,
    PRODUCTS,
    VARIANTS,
    ZERO,
    currency,
    iso_datetime,
    moment,
    money,
    number,
    too_many,
)
from sandbox.platforms.flochat.models.shop_products import VARIANT_NOT_FOUND, sold_as
from sandbox.platforms.flochat.models.shop_stock import Stock

NOT_IN_CART = "Item not found in cart"


class Carts:
    """The carts of the key's flow."""

    def __init__(self, api: Flochat) -> None:
        self.api = api

    def find(self, subscriber: Record) -> Record | None:
        return self.api.first_in_flow(CARTS, user_ns=subscriber["user_ns"])

    def of(self, subscriber: Record) -> Record:
        """The subscriber's cart, made empty when it has none yet."""
        cart = self.find(subscriber)
        if cart is None:
            now = self.api.now()
            cart = self.api.insert(
                CARTS,
                {
                    "flow": self.api.flow_id,
                    "id": self.api.next_id(CARTS),
                    "user_ns": subscriber["user_ns"],
                    "items": [],
                    "created_at": now,
                    "updated_at": now,
                },
            )
        return cart

    def add(self, subscriber: Record, variant_id: int, qty: int) -> Record:
        """Put `qty` more of the variant in the cart, within its stock."""
        variant = self.api.first(VARIANTS, id=variant_id)
        if variant is None:
            raise FlochatError(VARIANT_NOT_FOUND)
        cart = self.of(subscriber)
        items = [dict(item) for item in cart["items"]]
        line = next((item for item in items if item["variant_id"] == variant_id), None)
        if line is None:
            line = {"variant_id": variant_id, "qty": 0}
            items.append(line)
        if line["qty"] + qty > MAX_INT:  # the line's INT column would overflow
            raise FlochatError(too_many(MAX_INT - line["qty"]))
        line["qty"] += qty
        Stock(self.api).check(variant, line["qty"])
        return self._save(cart, items)

    def remove(self, subscriber: Record, variant_id: int) -> Record:
        cart = self.of(subscriber)
        items = [item for item in cart["items"] if item["variant_id"] != variant_id]
        if len(items) == len(cart["items"]):
            raise FlochatError(NOT_IN_CART)
        return self._save(cart, items)

    def empty(self, subscriber: Record) -> Record:
        return self._save(self.of(subscriber), [])

    def _save(self, cart: Record, items: list[dict[str, Any]]) -> Record:
        return self.api.update(CARTS, cart, {"items": items, "updated_at": self.api.now()})

    def lines(self, cart: Record) -> list[tuple[Record, Record, int]]:
        """(product, variant, qty) of each line whose variant still exists."""
        found = []
        for item in cart["items"]:
            variant = self.api.first(VARIANTS, id=item["variant_id"])
            product = self.api.first(PRODUCTS, id=variant["product_id"]) if variant else None
            if variant is not None and product is not None:
                found.append((product, variant, item["qty"]))
        return found

    def represent(self, cart: Record) -> dict[str, Any]:
        """The vendor's CartDetailResource."""
        unit = currency(self.api)
        items = []
        total: Decimal = ZERO
        for product, variant, qty in self.lines(cart):
            subtotal = money(variant["price"]) * qty
            total += subtotal
            items.append(
                {
                    "id": variant["id"],
                    "product_id": product["id"],
                    **sold_as(product, variant),
                    "currency": unit,
                    "num": qty,
                    "subtotal": number(subtotal),
                }
            )
        return {
            "id": cart["id"],
            "created_at": iso_datetime(cart["created_at"]),
            "updated_at": iso_datetime(cart["updated_at"]),
            "items": items,
            "num_of_items": sum(item["num"] for item in items),
            "total_price": number(total),
        }


# -- fixtures ----------------------------------------------------------------------------------


class CartItemEntry(Entry):
    variant_id = fields.Integer(required=True)
    qty = fields.Integer(load_default=1, validate=validate.Range(min=1))


class CartEntry(Entry):
    id = fields.Integer()
    user_ns = fields.String(required=True)
    items = fields.List(fields.Nested(CartItemEntry), load_default=list)
    created_at = fields.String(validate=moment)
    updated_at = fields.String(validate=moment)


def load_carts(api: Flochat, entries: list[dict[str, Any]]) -> int:
    """Carts as they are: their lines take no stock (a fixture's stock is the stock)."""
    for index, entry in enumerate(entries):
        where: list[str | int] = ["carts", index]
        if api.first_in_flow(SUBSCRIBERS, user_ns=entry["user_ns"]) is None:
            raise FixtureError([*where, "user_ns"], f"no subscriber {entry['user_ns']!r}")
        if api.first_in_flow(CARTS, user_ns=entry["user_ns"]) is not None:
            raise FixtureError([*where, "user_ns"], "the subscriber has another cart")
        items: list[dict[str, Any]] = []
        for number_, item in enumerate(entry["items"]):
            if api.first(VARIANTS, id=item["variant_id"]) is None:
                raise FixtureError(
                    [*where, "items", number_, "variant_id"], f"no variant {item['variant_id']}"
                )
            if any(line["variant_id"] == item["variant_id"] for line in items):
                raise FixtureError([*where, "items", number_, "variant_id"], "listed twice")
            items.append({"variant_id": item["variant_id"], "qty": item["qty"]})
        cart_id = fixture_id(api, CARTS, entry.get("id"), where, "cart")
        now = api.now()
        api.insert(
            CARTS,
            {
                "flow": api.flow_id,
                "id": cart_id,
                "user_ns": entry["user_ns"],
                "items": items,
                "created_at": entry.get("created_at") or now,
                "updated_at": entry.get("updated_at") or entry.get("created_at") or now,
            },
        )
    return len(entries)


def export_carts(api: Flochat) -> list[dict[str, Any]]:
    """The carts of the flow's subscribers (a deleted subscriber's cart went with it)."""
    living = {row["user_ns"] for row in api.find_in_flow(SUBSCRIBERS)}
    carts = sorted(
        (cart for cart in api.find_in_flow(CARTS) if cart["user_ns"] in living),
        key=lambda row: row["id"],
    )
    return [
        {
            "id": cart["id"],
            "user_ns": cart["user_ns"],
            "items": [dict(item) for item in cart["items"]],
            "created_at": cart["created_at"],
            "updated_at": cart["updated_at"],
        }
        for cart in carts
    ]


FLOW_SECTIONS = [Section("carts", CartEntry, load_carts, export_carts)]
