"""Inputs and answers of the store's settings: discount codes, locations and business
hours (uchat-openapi.json tag "Ecommerce")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields

from sandbox.core.envelopes import OK_STATUS, envelope, keyed, many, one
from sandbox.core.stacks import laravel
from sandbox.platforms.flochat.models.shop_discounts import DATETIME, MIN_REQUIRES, TYPES
from sandbox.platforms.flochat.models.shop_hours import DAY_IDS, DAYS, OPTIONS
from sandbox.platforms.flochat.schemas.common import PageQuery
from sandbox.platforms.flochat.schemas.shop import Item, Money, filled, flag, quantity


def date_format(value: Any) -> None:
    """Laravel's `date_format:Y-m-d H:i:s` rule."""
    if value is None:
        return
    try:
        datetime.strptime(value, DATETIME)
    except ValueError:
        raise ValidationError("The :attribute does not match the format Y-m-d H:i:s.") from None


# -- discount codes ---------------------------------------------------------------------------


class DiscountListQuery(PageQuery):
    code = laravel.Text(metadata={"description": "Search for code (contains, any case)"})


class CodeQuery(laravel.Input):
    code = laravel.Varchar(required=True, metadata={"description": "Discount Code"})


class DiscountRules(laravel.Input):
    """A discount code's rules; the ones a rule needs are checked on the whole code
    (a percentage code needs its percentage, and so on)."""

    code = laravel.Varchar(validate=filled)
    type = laravel.Text(validate=laravel.one_of(TYPES), metadata={"enum": list(TYPES)})
    discount_percentage = laravel.Integer(
        validate=laravel.between(0, 100), metadata={"example": 100}
    )
    discount_amount = Money(metadata={"example": 5.05})
    once_per_order = flag(description="An amount off once per order, not per item")
    min_require = laravel.Text(
        validate=laravel.one_of(MIN_REQUIRES), metadata={"enum": list(MIN_REQUIRES)}
    )
    min_price = Money(metadata={"example": 100})
    min_qty = quantity(metadata={"example": 10})
    has_usage_limit = flag()
    max_usage_count = quantity(metadata={"example": 1})
    one_per_customer = flag()
    start_time = laravel.Text(
        validate=date_format, metadata={"example": "2022-12-25 00:00:00", "description": "UTC"}
    )
    end_time = laravel.Text(
        validate=date_format, metadata={"example": "2022-12-27 00:00:00", "description": "UTC"}
    )


class CreateDiscountCode(DiscountRules):
    code = laravel.Varchar(required=True)
    type = laravel.Text(
        required=True, validate=laravel.one_of(TYPES), metadata={"enum": list(TYPES)}
    )
    start_time = laravel.Text(
        required=True,
        validate=date_format,
        metadata={"example": "2022-12-25 00:00:00", "description": "UTC"},
    )
    end_time = laravel.Text(
        required=True,
        validate=date_format,
        metadata={"example": "2022-12-27 00:00:00", "description": "UTC"},
    )


class DiscountCode(Schema):
    """The vendor's DiscountCode."""

    id = fields.Integer(metadata={"example": 78})
    code = fields.String()
    type = fields.String(metadata={"enum": list(TYPES)})
    discount_percentage = fields.Integer(metadata={"example": 50})
    discount_amount = fields.Raw(metadata={"type": "number", "example": 5.05})
    once_per_order = fields.Integer(metadata={"example": 1})
    min_require = fields.String(metadata={"enum": list(MIN_REQUIRES)})
    min_price = fields.Raw(metadata={"type": "number", "example": 50})
    min_qty = fields.Integer(metadata={"example": 5})
    has_usage_limit = fields.Integer(metadata={"example": 0})
    max_usage_count = fields.Integer(metadata={"example": 1})
    one_per_customer = fields.Integer(metadata={"example": 0})
    start_time = fields.String(metadata={"description": "Y-m-d H:i:s, UTC"})
    end_time = fields.String(metadata={"description": "Y-m-d H:i:s, UTC"})
    summary = fields.String()


DiscountCodeList = envelope("DiscountCodeList", data=many(DiscountCode))


DiscountCodeAnswer = envelope("DiscountCodeAnswer", data=one(DiscountCode), status=OK_STATUS)


# -- locations --------------------------------------------------------------------------------


class CreateLocation(laravel.Input):
    name = laravel.Varchar(required=True)
    address = laravel.Varchar(required=True)
    note = laravel.LongText()
    lat = laravel.Number(required=True, validate=laravel.between(-90, 90))
    lng = laravel.Number(required=True, validate=laravel.between(-180, 180))


class UpdateLocation(laravel.Input):
    name = laravel.Varchar(validate=filled)
    address = laravel.Varchar(validate=filled)
    note = laravel.LongText()
    lat = laravel.Number(validate=laravel.between(-90, 90))
    lng = laravel.Number(validate=laravel.between(-180, 180))


class ShopLocation(Schema):
    """The vendor's ShopLocation."""

    id = fields.Integer(metadata={"example": 78})
    name = fields.String()
    address = fields.String()
    note = fields.String()
    lat = fields.Float()
    lng = fields.Float()


ShopLocationList = envelope("ShopLocationList", data=many(ShopLocation))


ShopLocationAnswer = envelope("ShopLocationAnswer", data=one(ShopLocation), status=OK_STATUS)


# -- business hours ---------------------------------------------------------------------------


class DayId(laravel.Text):
    """A weekday's id, "1" (Monday) to "7": given as text or as a number (Laravel's
    `in:` rule compares them as text)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        return super()._deserialize(value, attr, data, **kwargs)


class DayInput(Item):
    id = DayId(required=True, validate=laravel.one_of(DAY_IDS), metadata={"example": "1"})
    name = laravel.Text(validate=laravel.one_of(DAYS), metadata={"enum": list(DAYS)})
    option = laravel.Text(
        required=True, validate=laravel.one_of(OPTIONS), metadata={"enum": list(OPTIONS)}
    )
    start = laravel.Varchar(metadata={"example": "00:00"})
    end = laravel.Varchar(metadata={"example": "08:15"})
    start_2 = laravel.Varchar(metadata={"example": "15:30"})
    end_2 = laravel.Varchar(metadata={"example": "18:45"})


class UpdateBusinessHours(laravel.Input):
    data = laravel.Array(
        fields.Nested(DayInput),
        required=True,
        metadata={"description": "The days to set (the others keep theirs)"},
    )


class BusinessDay(Schema):
    """The vendor's BusinessHours (one day)."""

    id = fields.String(metadata={"example": "1"})
    name = fields.String(metadata={"enum": list(DAYS)})
    option = fields.String(metadata={"enum": list(OPTIONS)})
    start = fields.String()
    end = fields.String()
    start_2 = fields.String()
    end_2 = fields.String()


BusinessHoursAnswer = envelope(
    "BusinessHoursAnswer",
    data=keyed(BusinessDay, 'The seven days keyed by their id, "1" (Monday) to "7"'),
    status=OK_STATUS,
)
