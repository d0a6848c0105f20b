"""What the shop's models share: their tables, money, the team's currency, and lookups of
rows by the ids the vendor's paths carry.

Money is exact: amounts are `Decimal`s rounded to cents (a MySQL `decimal(10,2)` column
rounds half away from zero on insert), stored as strings such as "12.99", and answered
as JSON numbers: whole amounts as integers (the vendor types prices `integer`), others
with their cents.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from marshmallow import ValidationError

from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat, FlochatResource
from sandbox.platforms.flochat.models.common import TEAM

# Team-wide tables (the shop belongs to the team, whatever the flow).
PRODUCTS = "flochat.shop_products"
VARIANTS = "flochat.shop_variants"
PRODUCT_TAGS = "flochat.shop_product_tags"
PRODUCT_TYPES = "flochat.shop_product_types"
PRODUCT_VENDORS = "flochat.shop_product_vendors"
DISCOUNT_CODES = "flochat.shop_discount_codes"
LOCATIONS = "flochat.shop_locations"
BUSINESS_HOURS = "flochat.shop_business_hours"
# Flow tables: a subscriber's cart and orders belong to the subscriber's flow.
CARTS = "flochat.shop_carts"
ORDERS = "flochat.shop_orders"

#: The currency of a team whose fixture names none (the vendor's examples say "usd").
DEFAULT_CURRENCY = "usd"
#: The largest amount a `decimal(10,2)` column holds.
MAX_AMOUNT = Decimal("99999999.99")
#: The largest stock or quantity a MySQL INT column holds.
MAX_INT = 2147483647
CENT = Decimal("0.01")
_ID = re.compile(r"-?[0-9]+")
ZERO = Decimal("0")


def money(value: Any) -> Decimal:
    """An amount rounded to cents, from a Decimal, a number or a stored string."""
    try:
        amount = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise ValueError(f"not an amount: {value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    try:
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the decimal context holds
        raise ValueError(f"not an amount: {value!r}") from None


def stored(amount: Decimal) -> str:
    """An amount as it is stored: "12.99"."""
    return str(money(amount))


def number(amount: Any) -> int | float:
    """An amount as a JSON number: 12 for 12.00, 12.99 for 12.99."""
    exact = money(amount)
    if exact == exact.to_integral_value():
        return int(exact)
    return float(exact)


def currency(api: Flochat) -> str:
    """The team's currency (the fixture's `team.currency`), lower case as the vendor
    shows it."""
    team = api.first(TEAM) or {}
    return str(team.get("currency") or DEFAULT_CURRENCY).lower()


def iso_datetime(moment: str) -> str:
    """A stored `Y-m-d H:i:s` (UTC) as Laravel serializes a model's dates since 7.x:
    "2026-03-01T12:00:00.000000Z" (the vendor types the cart's dates `date-time`)."""
    parsed = datetime.strptime(moment, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)
    return parsed.strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def moment(value: str) -> None:
    """A fixture's datetime must read `Y-m-d H:i:s` (UTC), as the vendor writes them."""
    try:
        datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise ValidationError("must read Y-m-d H:i:s") from None


def too_many(room: int) -> str:
    """Laravel's `max:` words for a quantity that would overflow its INT column."""
    return f"The qty must not be greater than {room}."


class ShopResource(FlochatResource):
    """A table of the team's shop: listed by id, looked up by the id a path carries."""

    ORDER_BY = "id"

    def by_id(self, raw_id: Any) -> Record:
        """The row of a path's id; a non-numeric or unknown one answers 400 NOT_FOUND."""
        if not _ID.fullmatch(str(raw_id)):
            raise self.missing()
        return self.by_key(id=int(str(raw_id)))


def by_id(api: Flochat, table: str, raw_id: Any, not_found: str) -> Record:
    """The team's row of `table` with the id a path carries; a non-numeric or unknown id
    answers 400 `not_found`."""
    if not _ID.fullmatch(str(raw_id)):
        raise FlochatError(not_found)
    row = api.first(table, id=int(str(raw_id)))
    if row is None:
        raise FlochatError(not_found)
    return row
