"""Inputs and answers of the shop's catalog: products, variants, product tags / types /
vendors (uchat-openapi.json tag "Ecommerce"), and the input rules the shop's other
schemas share (money, 0/1 flags, nested items).

The vendor types prices `integer` with examples such as 12.99: amounts are read as exact
decimals and answered as numbers (whole ones as integers).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields

from sandbox.core.envelopes import OK_STATUS, envelope, many, one
from sandbox.core.stacks import laravel
from sandbox.platforms.flochat.models.shop_common import MAX_AMOUNT, MAX_INT, money
from sandbox.platforms.flochat.models.shop_products import PRODUCT_STATUSES
from sandbox.platforms.flochat.schemas.common import ListQuery


def at_most(high: float | Decimal) -> Callable[[Any], None]:
    """Laravel's `max:` rule on a number."""

    def validate(value: Any) -> None:
        if value is not None and value > high:
            raise ValidationError(f"The :attribute must not be greater than {high}.")

    return validate


def filled(value: Any) -> None:
    """Laravel's `filled` rule: when given, not blank."""
    if isinstance(value, str) and not value.strip():
        raise ValidationError("The :attribute field must have a value.")
    if isinstance(value, list) and not value:
        raise ValidationError("The :attribute field must have a value.")


class Money(laravel.Number):
    """Laravel's `numeric` rule, read as an exact amount of cents (never a float)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("validate", [laravel.at_least(0), at_most(MAX_AMOUNT)])
        kwargs.setdefault("metadata", {"description": "An amount, such as 12.99"})
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise self.make_error("invalid")
        try:
            amount = Decimal(value.strip() if isinstance(value, str) else str(value))
        except InvalidOperation:
            raise self.make_error("invalid") from None
        if not amount.is_finite():
            raise self.make_error("invalid")
        # Out of range: left whole for the `max` / `min` rules to refuse in Laravel's words.
        return money(amount) if abs(amount) <= MAX_AMOUNT else amount


def flag(**metadata: Any) -> laravel.Integer:
    """A 0 / 1 switch, as the vendor's `integer` enums [0, 1]."""
    return laravel.Integer(validate=laravel.one_of((0, 1)), metadata={"enum": [0, 1], **metadata})


def quantity(*, low: int = 0, **kwargs: Any) -> laravel.Integer:
    return laravel.Integer(validate=[laravel.at_least(low), at_most(MAX_INT)], **kwargs)


class Item(Schema):
    """An object inside a list of the input: its errors keep their path
    ("The variants.0.price must be a number.")."""

    class Meta:
        unknown = EXCLUDE

    error_messages = {"type": "The :attribute must be an array."}


# -- product tags, types, vendors ------------------------------------------------------------


class CatalogName(laravel.Input):
    name = laravel.Varchar(required=True)


class CatalogRename(laravel.Input):
    name = laravel.Varchar(validate=filled)


class CatalogEntry(Schema):
    id = fields.Integer(metadata={"example": 78})
    name = fields.String()


CatalogEntryList = envelope("CatalogEntryList", data=many(CatalogEntry))


CatalogEntryAnswer = envelope("CatalogEntryAnswer", data=one(CatalogEntry), status=OK_STATUS)


# -- variants ---------------------------------------------------------------------------------


def _variant_fields() -> dict[str, fields.Field]:
    return {
        "image": laravel.Varchar(metadata={"example": "https://example.com/image.png"}),
        "variant_1_value": laravel.Varchar(),
        "variant_2_value": laravel.Varchar(),
        "price": Money(),
        "compare_price": Money(),
        "taxable": flag(),
        "sku": laravel.Varchar(),
        "barcode": laravel.Varchar(),
        "track_stock": flag(),
        "allow_no_stock_sell": flag(description="Sell on when the stock is out"),
        "qty": quantity(metadata={"description": "Stock"}),
    }


VariantInput = laravel.Input.from_dict(_variant_fields(), name="VariantInput")
VariantItem = Item.from_dict(_variant_fields(), name="VariantItem")


class Variant(Schema):
    """The vendor's Variant."""

    id = fields.Integer(metadata={"example": 278})
    product_id = fields.Integer(metadata={"example": 78})
    variant_1_value = fields.String()
    variant_2_value = fields.String()
    image = fields.String()
    price = fields.Raw(metadata={"type": "number", "example": 12.99})
    compare_price = fields.Raw(metadata={"type": "number", "example": 15.99})
    taxable = fields.Boolean()
    sku = fields.String()
    barcode = fields.String()
    track_stock = fields.Boolean()
    allow_no_stock_sell = fields.Boolean()
    qty = fields.Integer()
    display_order = fields.Integer()


VariantList = envelope("VariantList", data=many(Variant))


VariantAnswer = envelope("VariantAnswer", data=one(Variant), status=OK_STATUS)


# -- products ---------------------------------------------------------------------------------


class ProductListQuery(ListQuery):
    product_type_id = laravel.Integer(metadata={"description": "Search by product type id"})
    vendor_id = laravel.Integer(metadata={"description": "Search by vendor id"})


class ProductInfo(laravel.Input):
    """What both creating and updating a product take."""

    name = laravel.Varchar(validate=filled)
    description = laravel.LongText()
    image = laravel.Varchar(metadata={"example": "https://example.com/image.png"})
    note = laravel.LongText()
    status = laravel.Text(
        validate=laravel.one_of(PRODUCT_STATUSES), metadata={"enum": list(PRODUCT_STATUSES)}
    )
    type = laravel.Varchar(
        metadata={"description": "A product type's name (made when new)"},
    )
    vendor = laravel.Varchar(
        metadata={"description": "A product vendor's name (made when new)"},
    )
    tags = laravel.Array(
        laravel.Varchar(required=True),
        metadata={"description": "Product tags' names (made when new)"},
    )


class CreateProduct(ProductInfo):
    name = laravel.Varchar(required=True)
    use_variant = flag(
        description="0: one default variant made of the product-level price, stock and "
        "codes; 1: the `variants` given"
    )
    price = Money()
    compare_price = Money()
    sku = laravel.Varchar()
    barcode = laravel.Varchar()
    track_stock = flag()
    allow_no_stock_sell = flag()
    qty = quantity(metadata={"description": "Stock"})
    variant_1_name = laravel.Varchar(metadata={"example": "color"})
    variant_2_name = laravel.Varchar(metadata={"example": "size"})
    variants = laravel.Array(fields.Nested(VariantItem))


class UpdateProduct(ProductInfo):
    id = laravel.Integer(metadata={"description": "Ignored: the path names the product"})


class VariantJson(Schema):
    """The vendor's VariantJsonVarResource."""

    id = fields.Integer(metadata={"example": 278})
    product_id = fields.Integer(metadata={"example": 78})
    option_1 = fields.String()
    option_2 = fields.String()
    option_1_value = fields.String()
    option_2_value = fields.String()
    name = fields.String()
    desc = fields.String()
    image = fields.String()
    price = fields.Raw(metadata={"type": "number", "example": 12.99})
    compare_price = fields.Raw(metadata={"type": "number", "example": 15.99})
    sku = fields.String()
    barcode = fields.String()


class Product(Schema):
    """The vendor's Product."""

    id = fields.Integer(metadata={"example": 78})
    name = fields.String()
    description = fields.String()
    image = fields.String()
    use_variant = fields.Boolean()
    total_qty = fields.Integer()
    num_of_variants = fields.Integer()
    track_stock = fields.Boolean()
    type = fields.String()
    vendor = fields.String()
    variants = fields.List(fields.Nested(VariantJson))


ProductList = envelope("ProductList", data=many(Product))


ProductAnswer = envelope("ProductAnswer", data=one(Product), status=OK_STATUS)
