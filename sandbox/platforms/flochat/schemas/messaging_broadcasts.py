"""Inputs of broadcasts: to a list of subscribers (by user_ns or user_id), by tag and by
segment (uchat-openapi.json tag "Sending")."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, validates_schema

from sandbox.core.stacks import laravel
from sandbox.platforms.flochat.models.messaging_send import BROADCAST_TYPES, MESSAGE_TAGS
from sandbox.platforms.flochat.schemas.messaging_rules import (
    LATEST_TIMESTAMP,
    NestedInput,
    at_most,
    field_value,
    nested,
)

# -- broadcasts ------------------------------------------------------------------------------


class BroadcastFieldValue(NestedInput):
    var_ns = laravel.Text(required=True)
    value = field_value()


def _sub_flow_ns() -> laravel.Text:
    return laravel.Text(required=True, metadata={"example": "f123s789"})


def _type() -> laravel.Text:
    return laravel.Text(validate=laravel.one_of(BROADCAST_TYPES))


def _scheduled_time() -> laravel.Integer:
    return laravel.Integer(
        validate=at_most(LATEST_TIMESTAMP),
        metadata={"description": "Unix timestamp; empty (or past) to send now"},
    )


def _max_per_minute() -> laravel.Integer:
    return laravel.Integer(validate=laravel.at_least(1), metadata={"description": "Default 60"})


def _message_tag() -> laravel.Text:
    return laravel.Text(validate=laravel.one_of(MESSAGE_TAGS))


class TaggedBroadcast(laravel.Input):
    """A broadcast that can be a message-tagged Facebook notification."""

    @validates_schema
    def tag_for_notifications(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("type") == "FACEBOOK_NOTIFICATION" and not data.get("message_tag"):
            raise ValidationError(
                "The message tag field is required when type is FACEBOOK_NOTIFICATION."
            )


def _to_list(key: str, name: str) -> type[laravel.Input]:
    """A broadcast to a comma separated list of subscribers, each named by `key` (user_ns
    or user_id): the two list broadcasts differ in that first field only. Fields are
    declared in the vendor's order: Laravel reports the first failing rule."""
    return laravel.Input.from_dict(
        {
            f"{key}_list": laravel.Text(
                required=True, metadata={"description": "Comma separated, up to 200"}
            ),
            "sub_flow_ns": _sub_flow_ns(),
            "type": _type(),
            "scheduled_time": _scheduled_time(),
            "max_per_minute": _max_per_minute(),
        },
        name=name,
    )


BroadcastInput = _to_list("user_ns", "BroadcastInput")
BroadcastByUserIdInput = _to_list("user_id", "BroadcastByUserIdInput")


class BroadcastByTagInput(TaggedBroadcast):
    tags = laravel.Array(laravel.Varchar(required=True), required=True, max_items=10)
    exclude_tags = laravel.Array(laravel.Varchar(required=True), max_items=10)
    sub_flow_ns = _sub_flow_ns()
    name = laravel.Varchar()
    scheduled_time = _scheduled_time()
    max_per_minute = _max_per_minute()
    type = _type()
    message_tag = _message_tag()
    user_fields = laravel.Array(nested(BroadcastFieldValue, required=True), max_items=10)


class BroadcastBySegmentInput(TaggedBroadcast):
    segment_ns = laravel.Text(required=True, metadata={"description": "Comma separated, up to 10"})
    sub_flow_ns = _sub_flow_ns()
    scheduled_time = _scheduled_time()
    max_per_minute = _max_per_minute()
    type = _type()
    message_tag = _message_tag()
    bot_fields = laravel.Array(nested(BroadcastFieldValue, required=True), max_items=10)
