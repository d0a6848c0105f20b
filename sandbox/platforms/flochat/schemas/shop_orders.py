"""Inputs and answers of subscribers' carts and orders (uchat-openapi.json tag
"Ecommerce": flowBotUserCart ... UpdateOrder, Orders, OrderGetInfo)."""

from __future__ import annotations

from marshmallow import Schema, fields

from sandbox.core.envelopes import OK_STATUS, envelope, many, one
from sandbox.core.stacks import laravel
from sandbox.platforms.flochat.models.shop_orders import STATUSES
from sandbox.platforms.flochat.schemas.common import PageQuery
from sandbox.platforms.flochat.schemas.shop import Item, filled, quantity

STATUS_TEXT = ",".join(STATUSES)
SHIPPING_METHODS = ("pickup", "delivery")


class UserNsQuery(laravel.Input):
    user_ns = laravel.Text(required=True, metadata={"description": "Subscriber user_ns"})


class UserNsInput(laravel.Input):
    user_ns = laravel.Text(required=True)


class AddToCart(laravel.Input):
    user_ns = laravel.Text(required=True)
    variant_id = laravel.Integer(required=True, metadata={"example": 123})
    qty = quantity(low=1, metadata={"description": "How many more (1 when absent)"})


class RemoveFromCart(laravel.Input):
    user_ns = laravel.Text(required=True)
    variant_id = laravel.Integer(required=True, metadata={"example": 123})


def _status() -> laravel.Text:
    return laravel.Text(validate=laravel.one_of(STATUSES), metadata={"enum": list(STATUSES)})


class OrderDetails(laravel.Input):
    """Shipping, payment and contact details every order write takes."""

    shipping_method = laravel.Text(
        validate=laravel.one_of(SHIPPING_METHODS), metadata={"enum": list(SHIPPING_METHODS)}
    )
    payment_method = laravel.Varchar(metadata={"example": "cash,card..."})
    reference_no = laravel.Varchar()
    note = laravel.LongText()
    address = laravel.Varchar(metadata={"description": "Shipping address"})
    suburb = laravel.Varchar(metadata={"description": "Shipping suburb"})
    state = laravel.Varchar(metadata={"description": "Shipping state"})
    postcode = laravel.Varchar(metadata={"description": "Shipping postcode"})
    country = laravel.Varchar(metadata={"description": "Shipping country"})
    tracking_no = laravel.Varchar()


class CartPaid(OrderDetails):
    user_ns = laravel.Text(required=True)
    phone = laravel.Varchar(
        metadata={"description": "Contact phone (the subscriber's when absent)"}
    )
    name = laravel.Varchar(metadata={"description": "Contact name (the subscriber's when absent)"})
    email = laravel.Varchar(
        metadata={"description": "Contact email (the subscriber's when absent)"}
    )


class UpdateOrderStatus(laravel.Input):
    user_ns = laravel.Text(required=True)
    order_id = laravel.Integer(required=True)
    status = laravel.Text(
        required=True, validate=laravel.one_of(STATUSES), metadata={"enum": list(STATUSES)}
    )


class OrderItem(Item):
    variant_id = laravel.Integer(required=True, metadata={"description": "Product Variant Id"})
    qty = quantity(low=1, metadata={"description": "Quantity (1 when absent)"})


class CreateOrder(OrderDetails):
    user_ns = laravel.Text(required=True)
    status = _status()
    items = laravel.Array(fields.Nested(OrderItem), required=True)


class UpdateOrder(OrderDetails):
    status = _status()
    items = laravel.Array(
        fields.Nested(OrderItem),
        validate=filled,
        metadata={"description": "The order's new items (while ordered, paid or processing)"},
    )


class OrdersQuery(PageQuery):
    user_ns = laravel.Text(metadata={"description": "Subscriber user_ns"})


# -- answers ----------------------------------------------------------------------------------


class CartItem(Schema):
    """The vendor's CartItem: a variant in the cart, at its current price."""

    id = fields.Integer(metadata={"description": "Variant Id", "example": 12356})
    product_id = fields.Integer(metadata={"example": 78})
    name = fields.String(metadata={"description": "Product name"})
    desc = fields.String(metadata={"description": "Product description"})
    image = fields.String()
    price = fields.Raw(metadata={"type": "number", "example": 10})
    compare_price = fields.Raw(metadata={"type": "number", "example": 12})
    currency = fields.String(metadata={"example": "usd"})
    num = fields.Integer(metadata={"example": 2})
    subtotal = fields.Raw(metadata={"type": "number", "example": 20})


class CartDetail(Schema):
    """The vendor's CartDetailResource."""

    id = fields.Integer()
    created_at = fields.String(metadata={"format": "date-time"})
    updated_at = fields.String(metadata={"format": "date-time"})
    items = fields.List(fields.Nested(CartItem))
    num_of_items = fields.Integer(metadata={"example": 2})
    total_price = fields.Raw(metadata={"type": "number", "example": 20})


class Order(Schema):
    """The vendor's Order."""

    id = fields.Integer(metadata={"example": 78})
    total_price = fields.Raw(metadata={"type": "number", "example": 200})
    num_of_items = fields.Integer(metadata={"example": 2})


OrderAnswer = envelope("OrderAnswer", data=one(Order), status=OK_STATUS)


class OrderRow(Schema):
    id = fields.Integer(metadata={"example": 12})
    total = fields.String(metadata={"example": "25.00"})
    currency = fields.String(metadata={"example": "usd"})
    status = fields.String(metadata={"enum": list(STATUSES)})


OrderList = envelope("OrderList", data=many(OrderRow), status=OK_STATUS)
