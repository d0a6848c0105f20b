"""Schemas several Flochat groups share: list paging, and the flow's own objects as the
vendor's spec (`uchat-openapi.json` components) describes them.

Answers follow the vendor's types exactly: a field's `value` is a string whatever its
type, and a subscriber's `name`, `email` and `phone` are strings ("" when unknown).
"""

from __future__ import annotations

from marshmallow import Schema, fields

from sandbox.core.envelopes import envelope, many
from sandbox.core.stacks import laravel

VAR_TYPES = ("text", "number", "boolean", "date", "datetime", "array")


class PageQuery(laravel.Input):
    """`limit` and `page` (1 to 100): every paged list's; a list with a search adds it."""

    limit = laravel.Integer(
        validate=laravel.between(1, 100),
        metadata={"description": "Number of items in the response, between 1 and 100"},
    )
    page = laravel.Integer(
        validate=laravel.between(1, 100), metadata={"description": "Page number, between 1 and 100"}
    )


class ListQuery(PageQuery):
    """`limit`, `page` (1 to 100) and `name` (a search), as most lists take them."""

    name = laravel.Text(metadata={"description": "Search by name (contains, any case)"})


class Tag(Schema):
    name = fields.String(required=True)
    tag_ns = fields.String(required=True, metadata={"example": "f123t456"})


TagList = envelope("TagList", data=many(Tag))


class UserField(Schema):
    name = fields.String(required=True)
    var_ns = fields.String(metadata={"example": "f123v345"})
    var_type = fields.String(required=True, metadata={"enum": list(VAR_TYPES)})
    description = fields.String()
    value = fields.String(
        required=True, metadata={"description": 'The value as text ("" when it has none).'}
    )


class BotField(UserField):
    is_template_field = fields.Boolean()


class SubFlow(Schema):
    name = fields.String(required=True)
    sub_flow_ns = fields.String(required=True, metadata={"example": "f123s789"})


class Segment(Schema):
    name = fields.String(required=True)
    segment_ns = fields.String(metadata={"example": "f123sg34"})


class BotUser(Schema):
    """A subscriber (the vendor's BotUser); datetimes are `Y-m-d H:i:s` or ""."""

    name = fields.String(required=True)
    user_ns = fields.String(metadata={"example": "f123u111"})
    user_id = fields.String(metadata={"description": "The user's id in its channel"})
    first_name = fields.String()
    last_name = fields.String()
    gender = fields.String(metadata={"enum": ["male", "female"]})
    email = fields.String(required=True)
    phone = fields.String(required=True)
    locale = fields.String()
    language = fields.String()
    profile_pic = fields.String()
    subscribed = fields.String()
    opted_in_email = fields.String()
    opted_in_sms = fields.String()
    opted_in_through = fields.String()
    last_interaction = fields.String()
    last_seen = fields.String()
    last_message_at = fields.String()
    last_message_type = fields.String()
    tags = fields.List(fields.Nested(Tag))
    user_fields = fields.List(fields.Nested(UserField))


BotUserList = envelope("BotUserList", data=many(BotUser))
