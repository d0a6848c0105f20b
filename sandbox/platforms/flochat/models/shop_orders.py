"""Subscribers' orders: made from a paid cart or created outright, then moved along.

Stored row {flow, id (team-wide), user_ns, status, items: [{variant_id, product_id, name,
desc, image, price, compare_price, qty}] (a copy made when ordered, so later price changes
or deleted products leave the order as it was), total, num_of_items, currency, the
contact, shipping and payment details, created_at, updated_at}.

Statuses and the moves between them (the vendor documents the statuses, not the moves):

    ordered    -> paid, processing, shipped, completed, cancelled
    paid       -> processing, shipped, completed, cancelled, refunded
    processing -> shipped, completed, cancelled, refunded
    shipped    -> completed, refunded
    completed  -> refunded
    cancelled, refunded: final

Setting the status an order already has changes nothing. An order takes its stock when
created (unless created cancelled or refunded); cancelling gives it back, and so does a
refund before the goods left (from ordered, paid or processing). Items change only while
the order is ordered, paid or processing, and the stock follows them.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from marshmallow import fields, validate

from sandbox.core.fixtures import FixtureError
from sandbox.core.resources import fixture_id, pick
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import SUBSCRIBERS, page
from sandbox.platforms.flochat.models.sections import Entry, Section, blank_text, one_of
from sandbox.platforms.flochat.models.shop_cart import Carts
from sandbox.platforms.flochat.models.shop_common import (
    MAX_INT,
    ORDERS,
    PRODUCTS,
    VARIANTS,
    ZERO,
    by_id,
    currency,
    moment,
    money,
    number,
    stored,
    too_many,
)
from sandbox.platforms.flochat.models.shop_products import VARIANT_NOT_FOUND, describe
from sandbox.platforms.flochat.models.shop_stock import Stock, quantities

ORDER_NOT_FOUND = "Order not found"
CART_EMPTY = "The cart is empty"
STATUSES = ("paid", "ordered", "processing", "shipped", "completed", "cancelled", "refunded")
MOVES: dict[str, tuple[str, ...]] = {
    "ordered": ("paid", "processing", "shipped", "completed", "cancelled"),
    "paid": ("processing", "shipped", "completed", "cancelled", "refunded"),
    "processing": ("shipped", "completed", "cancelled", "refunded"),
    "shipped": ("completed", "refunded"),
    "completed": ("refunded",),
    "cancelled": (),
    "refunded": (),
}
#: Statuses whose goods have not left: the order's stock can still come back.
BEFORE_SHIPPING = ("ordered", "paid", "processing")
#: Statuses of an order that holds no stock from the start.
WITHOUT_STOCK = ("cancelled", "refunded")
#: Details an order keeps as text, as the request gives them.
DETAILS = (
    "shipping_method",
    "payment_method",
    "reference_no",
    "note",
    "name",
    "phone",
    "email",
    "address",
    "suburb",
    "state",
    "postcode",
    "country",
    "tracking_no",
)
CONTACT = ("name", "phone", "email")


def cannot_move(current: str, wanted: str) -> str:
    return f"The order status cannot change from {current} to {wanted}"


def cannot_change_items(status: str) -> str:
    return f"The items of a {status} order cannot change"


def totals(items: list[dict[str, Any]]) -> tuple[Decimal, int]:
    total = sum((money(item["price"]) * item["qty"] for item in items), ZERO)
    return total, sum(item["qty"] for item in items)


class Orders:
    def __init__(self, api: Flochat) -> None:
        self.api = api
        self.stock = Stock(api)

    # -- reads -------------------------------------------------------------------------------

    def list(self, user_ns: str | None, limit: int | None, page_number: int | None) -> list[Record]:
        """The team's orders (any flow), oldest first; `user_ns` keeps one subscriber's."""
        found = sorted(self.api.find(ORDERS), key=lambda row: row["id"])
        if user_ns is not None:
            found = [order for order in found if order["user_ns"] == user_ns]
        return page(found, limit, page_number)

    def by_id(self, raw_id: Any) -> Record:
        """Any order of the team."""
        return by_id(self.api, ORDERS, raw_id, ORDER_NOT_FOUND)

    def in_flow(self, raw_id: Any) -> Record:
        """An order of the key's flow."""
        order = self.by_id(raw_id)
        if order["flow"] != self.api.flow_id:
            raise FlochatError(ORDER_NOT_FOUND)
        return order

    def of(self, subscriber: Record, order_id: int) -> Record:
        """An order of this subscriber."""
        order = self.in_flow(order_id)
        if order["user_ns"] != subscriber["user_ns"]:
            raise FlochatError(ORDER_NOT_FOUND)
        return order

    # -- writes ------------------------------------------------------------------------------

    def pay_cart(self, subscriber: Record, data: dict[str, Any]) -> Record:
        """Check the cart out: a `paid` order of its lines, their stock taken, the cart
        emptied."""
        carts = Carts(self.api)
        cart = carts.find(subscriber)
        lines = (
            [{"variant_id": v["id"], "qty": qty} for _, v, qty in carts.lines(cart)] if cart else []
        )
        if not lines:
            raise FlochatError(CART_EMPTY)
        order = self._insert(subscriber, "paid", self._items(lines), data)
        carts.empty(subscriber)
        return order

    def create(self, subscriber: Record, data: dict[str, Any]) -> Record:
        """An order of the given lines (`ordered` unless another status is given)."""
        status = data.get("status") or "ordered"
        return self._insert(subscriber, status, self._items(data["items"]), data)

    def _insert(
        self, subscriber: Record, status: str, items: list[dict[str, Any]], data: dict[str, Any]
    ) -> Record:
        if status not in WITHOUT_STOCK:
            self.stock.take(items)
        total, count = totals(items)
        details = {key: str(data.get(key) or "") for key in DETAILS}
        for key in CONTACT:  # the subscriber's own, unless the request gives others
            details[key] = details[key] or str(subscriber.get(key) or "")
        now = self.api.now()
        return self.api.insert(
            ORDERS,
            {
                "flow": self.api.flow_id,
                "id": self.api.next_id(ORDERS),
                "user_ns": subscriber["user_ns"],
                "status": status,
                "items": items,
                "total": stored(total),
                "num_of_items": count,
                "currency": currency(self.api),
                **details,
                "created_at": now,
                "updated_at": now,
            },
        )

    def _items(self, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Order lines copied from the variants as they are now (one line per variant; a
        line without a qty is one)."""
        items = []
        wanted = [{"variant_id": line["variant_id"], "qty": line.get("qty") or 1} for line in lines]
        for variant_id, qty in quantities(wanted).items():
            if qty > MAX_INT:  # lines of one variant add up in one INT column
                raise FlochatError(too_many(MAX_INT))
            variant = self.api.first(VARIANTS, id=variant_id)
            product = self.api.first(PRODUCTS, id=variant["product_id"]) if variant else None
            if variant is None or product is None:
                raise FlochatError(VARIANT_NOT_FOUND)
            items.append(
                {
                    "variant_id": variant["id"],
                    "product_id": product["id"],
                    "name": describe(product, variant),
                    "desc": product["description"],
                    "image": variant["image"] or product["image"],
                    "price": variant["price"],
                    "compare_price": variant["compare_price"],
                    "qty": qty,
                }
            )
        return items

    def update(self, order: Record, data: dict[str, Any]) -> Record:
        """Change an order's details, its items (stock follows) and its status."""
        changes: dict[str, Any] = {
            key: str(data[key]) for key in DETAILS if data.get(key) is not None
        }
        if data.get("items") is not None:
            if order["status"] not in BEFORE_SHIPPING:
                raise FlochatError(cannot_change_items(order["status"]))
            self.stock.give_back(order["items"])
            items = self._items(data["items"])
            self.stock.take(items)
            total, count = totals(items)
            changes.update({"items": items, "total": stored(total), "num_of_items": count})
        if changes:
            changes["updated_at"] = self.api.now()
            order = self.api.update(ORDERS, order, changes)
        if data.get("status") is not None:
            order = self.set_status(order, data["status"])
        return order

    def set_status(self, order: Record, status: str) -> Record:
        current = order["status"]
        if status == current:
            return order
        if status not in MOVES[current]:
            raise FlochatError(cannot_move(current, status))
        if status in WITHOUT_STOCK and current in BEFORE_SHIPPING:
            self.stock.give_back(order["items"])
        return self.api.update(ORDERS, order, {"status": status, "updated_at": self.api.now()})

    # -- answers -----------------------------------------------------------------------------

    @staticmethod
    def represent(order: Record) -> dict[str, Any]:
        """The vendor's Order."""
        return {
            "id": order["id"],
            "total_price": number(order["total"]),
            "num_of_items": order["num_of_items"],
        }

    @staticmethod
    def list_row(order: Record) -> dict[str, Any]:
        """A row of the vendor's order list: the total as text with its cents."""
        return {
            "id": order["id"],
            "total": stored(money(order["total"])),
            "currency": order["currency"],
            "status": order["status"],
        }


# -- fixtures ----------------------------------------------------------------------------------


class OrderItemEntry(Entry):
    variant_id = fields.Integer(required=True)
    product_id = fields.Integer()
    name = fields.String()
    desc = fields.String()
    image = fields.String()
    price = fields.Raw(metadata={"description": "The unit price paid (the variant's price)"})
    compare_price = fields.Raw()
    qty = fields.Integer(load_default=1, validate=validate.Range(min=1))


OrderEntry = Entry.from_dict(
    {
        "id": fields.Integer(),
        "user_ns": fields.String(required=True),
        "status": fields.String(load_default="paid", validate=one_of(STATUSES)),
        "currency": fields.String(),
        "items": fields.List(fields.Nested(OrderItemEntry), required=True),
        "created_at": fields.String(validate=moment),
        "updated_at": fields.String(validate=moment),
        **blank_text(*DETAILS),
    },
    name="OrderEntry",
)


def load_orders(api: Flochat, entries: list[dict[str, Any]]) -> int:
    """Orders as they are: their stock is already out of the fixture's stock figures, so
    loading takes none (cancelling one later gives it back). An order outlives its
    subscriber: a user_ns of this flow's form (`f<flow>u<n>`) that no subscriber has is a
    deleted subscriber's, as an export after a deletion writes it."""
    deleted = re.compile(rf"f{api.flow_id}u[0-9]+")
    for index, entry in enumerate(entries):
        where: list[str | int] = ["orders", index]
        known = api.first_in_flow(SUBSCRIBERS, user_ns=entry["user_ns"]) is not None
        if not known and not deleted.fullmatch(entry["user_ns"]):
            raise FixtureError([*where, "user_ns"], f"no subscriber {entry['user_ns']!r}")
        if not entry["items"]:
            raise FixtureError([*where, "items"], "an order has at least one item")
        items = [
            _fixture_item(api, item, [*where, "items", n]) for n, item in enumerate(entry["items"])
        ]
        order_id = fixture_id(api, ORDERS, entry.get("id"), where, "order")
        total, count = totals(items)
        now = api.now()
        api.insert(
            ORDERS,
            {
                "flow": api.flow_id,
                "id": order_id,
                "user_ns": entry["user_ns"],
                "status": entry["status"],
                "items": items,
                "total": stored(total),
                "num_of_items": count,
                "currency": (entry.get("currency") or currency(api)).lower(),
                **{key: entry[key] for key in DETAILS},
                "created_at": entry.get("created_at") or now,
                "updated_at": entry.get("updated_at") or entry.get("created_at") or now,
            },
        )
    return len(entries)


def _fixture_item(api: Flochat, entry: dict[str, Any], where: list[str | int]) -> dict[str, Any]:
    """An order line: what the entry says, the rest from its variant (which must exist
    unless the entry says everything: orders outlive deleted products)."""
    variant = api.first(VARIANTS, id=entry["variant_id"])
    product = api.first(PRODUCTS, id=variant["product_id"]) if variant else None
    if variant is None or product is None:
        missing = [key for key in ("product_id", "name", "price") if key not in entry]
        if missing:
            raise FixtureError(
                [*where, "variant_id"],
                f"no variant {entry['variant_id']}: give the line's {', '.join(missing)}",
            )
    item = {
        "variant_id": entry["variant_id"],
        "product_id": entry.get("product_id", product["id"] if product else 0),
        "name": entry.get("name", describe(product, variant) if product and variant else ""),
        "desc": entry.get("desc", product["description"] if product else ""),
        "image": entry.get(
            "image", (variant["image"] or product["image"]) if product and variant else ""
        ),
        "qty": entry["qty"],
    }
    for key in ("price", "compare_price"):
        value = entry.get(key, variant[key] if variant else 0)
        try:
            item[key] = stored(money(value))
        except ValueError:
            raise FixtureError([*where, key], "must be an amount") from None
    return item


def export_orders(api: Flochat) -> list[dict[str, Any]]:
    exported = []
    for order in sorted(api.find_in_flow(ORDERS), key=lambda row: row["id"]):
        entry: dict[str, Any] = {
            **pick(order, "id", "user_ns", "status", "currency"),
            "items": [
                {
                    **item,
                    "price": number(item["price"]),
                    "compare_price": number(item["compare_price"]),
                }
                for item in order["items"]
            ],
        }
        entry.update({key: order[key] for key in DETAILS if order[key]})
        entry["created_at"] = order["created_at"]
        entry["updated_at"] = order["updated_at"]
        exported.append(entry)
    return exported


FLOW_SECTIONS = [Section("orders", OrderEntry, load_orders, export_orders)]
