"""Discount codes (team-wide), stored as given and checked as a whole.

No cart or order operation of the vendor takes a code, so codes are only kept: their
rules (a percentage, an amount or free shipping; a minimum price or quantity; a usage
limit; a start and an end on the sandbox's UTC clock) are checked when written, and the
summary says them in words.

Stored row {id, code, type, discount_percentage, discount_amount (cents as a string),
once_per_order, min_require, min_price, min_qty, has_usage_limit, max_usage_count,
one_per_customer, start_time, end_time}.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from marshmallow import fields, validate

from sandbox.core.fixtures import FixtureError
from sandbox.core.resources import fixture_id, pick
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.sections import Entry, Section, one_of
from sandbox.platforms.flochat.models.shop_common import (
    DISCOUNT_CODES,
    ZERO,
    ShopResource,
    currency,
    moment,
    money,
    number,
    stored,
)

CODE_NOT_FOUND = "Discount code not found"
CODE_EXISTS = "Discount code already exists"
TYPES = ("percentage", "amount", "free_shipping")
MIN_REQUIRES = ("none", "price", "qty")
FLAGS = ("once_per_order", "has_usage_limit", "one_per_customer")
DATETIME = "%Y-%m-%d %H:%M:%S"
DEFAULTS: dict[str, Any] = {
    "discount_percentage": 0,
    "discount_amount": ZERO,
    "once_per_order": 0,
    "min_require": "none",
    "min_price": ZERO,
    "min_qty": 0,
    "has_usage_limit": 0,
    "max_usage_count": 0,
    "one_per_customer": 0,
}
COLUMNS = ("code", "type", *DEFAULTS, "start_time", "end_time")


def problem(code: dict[str, Any]) -> str | None:
    """What is wrong with a code as a whole (Laravel's words for its rules), or None."""
    if code["type"] == "percentage" and not code["discount_percentage"]:
        return "The discount percentage field is required when type is percentage."
    if code["type"] == "amount" and not money(code["discount_amount"]):
        return "The discount amount field is required when type is amount."
    if code["min_require"] == "price" and not money(code["min_price"]):
        return "The min price field is required when min require is price."
    if code["min_require"] == "qty" and not code["min_qty"]:
        return "The min qty field is required when min require is qty."
    if code["has_usage_limit"] and not code["max_usage_count"]:
        return "The max usage count field is required when has usage limit is 1."
    for key in ("start_time", "end_time"):
        if not _is_datetime(code[key]):
            return f"The {key.replace('_', ' ')} does not match the format Y-m-d H:i:s."
    if code["end_time"] <= code["start_time"]:
        return "The end time must be a date after start time."
    return None


def _is_datetime(value: str) -> bool:
    try:
        datetime.strptime(value, DATETIME)
    except ValueError:
        return False
    return True


def summary(code: dict[str, Any], unit: str) -> str:
    """The code's rules in words, as the vendor's list of codes shows them."""
    unit = unit.upper()
    if code["type"] == "percentage":
        parts = [f"{code['discount_percentage']}% off entire order"]
    elif code["type"] == "amount":
        parts = [f"{money(code['discount_amount'])} {unit} off entire order"]
    else:
        parts = ["Free shipping on entire order"]
    if code["type"] == "amount" and code["once_per_order"]:
        parts.append("Applies once per order")
    if code["min_require"] == "price":
        parts.append(f"Minimum purchase of {money(code['min_price'])} {unit}")
    elif code["min_require"] == "qty":
        items = "item" if code["min_qty"] == 1 else "items"
        parts.append(f"Minimum quantity of {code['min_qty']} {items}")
    if code["has_usage_limit"]:
        uses = "use" if code["max_usage_count"] == 1 else "uses"
        parts.append(f"Limit of {code['max_usage_count']} {uses}")
    if code["one_per_customer"]:
        parts.append("One use per customer")
    parts.append(f"Active from {code['start_time']} to {code['end_time']} (UTC)")
    return "; ".join(parts)


class DiscountCodes(ShopResource):
    """The team's discount codes, listed and found by `code` (any case)."""

    TABLE = DISCOUNT_CODES
    NOT_FOUND = CODE_NOT_FOUND
    NAME_FIELD = "code"

    def find_by_code(self, code: str) -> Record | None:
        return self.find_by_name(code)

    def by_code(self, code: str) -> Record:
        return self.by_name(code)

    def create(self, data: dict[str, Any]) -> Record:
        values = _values({**DEFAULTS, **_given(data)})
        if self.find_by_code(values["code"]) is not None:
            raise FlochatError(CODE_EXISTS)
        _check(values)
        return self.add({"id": self.api.next_id(DISCOUNT_CODES), **values})

    def update(self, row: Record, data: dict[str, Any]) -> Record:
        values = _values({**row, **_given(data)})
        other = self.find_by_code(values["code"])
        if other is not None and other["id"] != row["id"]:
            raise FlochatError(CODE_EXISTS)
        _check(values)
        return self.change(row, values)

    def represent(self, row: Record) -> dict[str, Any]:
        """The vendor's DiscountCode."""
        return {
            **pick(row, "id", "code", "type", "discount_percentage"),
            "discount_amount": number(row["discount_amount"]),
            "once_per_order": row["once_per_order"],
            "min_require": row["min_require"],
            "min_price": number(row["min_price"]),
            **pick(
                row,
                "min_qty",
                "has_usage_limit",
                "max_usage_count",
                "one_per_customer",
                "start_time",
                "end_time",
            ),
            "summary": summary(row, currency(self.api)),
        }


def _given(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value is not None}


def _values(data: dict[str, Any]) -> dict[str, Any]:
    """The stored columns: the code trimmed, amounts as strings of cents."""
    values = {key: data[key] for key in COLUMNS}
    values["code"] = values["code"].strip()
    for key in ("discount_amount", "min_price"):
        values[key] = stored(Decimal(str(values[key])))
    return values


def _check(values: dict[str, Any]) -> None:
    message = problem(values)
    if message is not None:
        raise FlochatError(message)


# -- fixtures ----------------------------------------------------------------------------------


class DiscountCodeEntry(Entry):
    id = fields.Integer()
    code = fields.String(required=True, validate=validate.Length(min=1))
    type = fields.String(required=True, validate=one_of(TYPES))
    discount_percentage = fields.Integer(load_default=0, validate=validate.Range(0, 100))
    discount_amount = fields.Raw(load_default=0)
    once_per_order = fields.Integer(load_default=0, validate=one_of((0, 1)))
    min_require = fields.String(load_default="none", validate=one_of(MIN_REQUIRES))
    min_price = fields.Raw(load_default=0)
    min_qty = fields.Integer(load_default=0, validate=validate.Range(min=0))
    has_usage_limit = fields.Integer(load_default=0, validate=one_of((0, 1)))
    max_usage_count = fields.Integer(load_default=0, validate=validate.Range(min=0))
    one_per_customer = fields.Integer(load_default=0, validate=one_of((0, 1)))
    start_time = fields.String(required=True, validate=moment)
    end_time = fields.String(required=True, validate=moment)


def load_discount_codes(api: Flochat, entries: list[dict[str, Any]]) -> int:
    codes = DiscountCodes(api)
    for index, entry in enumerate(entries):
        where: list[str | int] = ["discount_codes", index]
        for key in ("discount_amount", "min_price"):
            try:
                money(entry[key])
            except ValueError:
                raise FixtureError([*where, key], "must be an amount") from None
        values = _values(entry)
        if codes.find_by_code(values["code"]) is not None:
            raise FixtureError([*where, "code"], f"another discount code is {values['code']!r}")
        message = problem(values)
        if message is not None:
            raise FixtureError(where, message)
        code_id = fixture_id(api, DISCOUNT_CODES, entry.get("id"), where, "discount code")
        api.insert(DISCOUNT_CODES, {"id": code_id, **values})
    return len(entries)


def export_discount_codes(api: Flochat) -> list[dict[str, Any]]:
    exported = []
    for row in DiscountCodes(api).all():
        entry = {"id": row["id"], **{key: row[key] for key in COLUMNS}}
        entry["discount_amount"] = number(row["discount_amount"])
        entry["min_price"] = number(row["min_price"])
        exported.append(entry)
    return exported


TEAM_SECTIONS = [
    Section("discount_codes", DiscountCodeEntry, load_discount_codes, export_discount_codes)
]
