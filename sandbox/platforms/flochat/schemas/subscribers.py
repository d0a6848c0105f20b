"""Inputs of the subscriber operations (uchat-openapi.json tags "Subscriber" and, for
/team-bot-users, "Workspace"); their answers are `BotUser` / `BotUserList` (schemas/
common.py) or `{"status": "ok"}`. A failing batch item is reported under its path, as
Laravel does ("The data.0.tag ns field is required.").
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import ValidationError, fields, validates_schema

from sandbox.core.stacks import laravel
from sandbox.platforms.flochat.models.subscribers import CHANNELS

#: Every batch operation takes at most this many items ("up to 20 tags", ...).
MAX_BATCH = 20
YES_NO = ("yes", "no")
GENDERS = ("male", "female")
#: Laravel's `email` rule, simplified: something@domain.tld without spaces.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: A phone number as people write one: an optional +, then 6 to 15 digits, which may be
#: grouped with spaces, dots, dashes or parentheses.
PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().-]+$")


def email_address(value: Any) -> None:
    """Laravel's `email` rule."""
    if value and value.strip() and not EMAIL.match(value.strip()):
        raise ValidationError(laravel.MESSAGES["email"])


def is_phone_number(value: str) -> bool:
    """Whether `value` is written as a phone number: 6 to 15 digits, grouped or not."""
    digits = sum(ch.isdigit() for ch in value)
    return bool(PHONE_CHARACTERS.match(value.strip())) and 6 <= digits <= 15


def phone_number(value: Any) -> None:
    """Laravel's `regex` rule with its message (assumed: the vendor's rule is not known)."""
    if not value or not value.strip():
        return  # no phone: Laravel trims it to null
    if not is_phone_number(value):
        raise ValidationError("The :attribute format is invalid.")


def _yes_no(description: str) -> laravel.Text:
    return laravel.Text(
        validate=laravel.one_of(YES_NO),
        metadata={"description": f"{description}: yes or no", "enum": list(YES_NO)},
    )


# -- lists ----------------------------------------------------------------------------------------


class TeamBotUsersQuery(laravel.Input):
    """The filters /team-bot-users takes (and /subscribers too)."""

    limit = laravel.Integer(
        validate=laravel.between(1, 100),
        metadata={"description": "Number of items in the response, between 1 and 100 (15)"},
    )
    page = laravel.Integer(
        validate=laravel.between(1, 1000),
        metadata={"description": "Page number, between 1 and 1000"},
    )
    name = laravel.Text(metadata={"description": "Name contains this (any case)"})
    phone = laravel.Text(
        metadata={"description": "Phone contains this (its digits, when it has some)"}
    )
    email = laravel.Text(metadata={"description": "Email contains this (any case)"})
    is_channel = laravel.Text(
        validate=laravel.one_of(CHANNELS),
        metadata={"description": "The subscriber's channel", "enum": list(CHANNELS)},
    )
    is_opt_in_email = _yes_no("Opted in to email")
    is_opt_in_sms = _yes_no("Opted in to SMS")
    is_interacted_in_last_24h = _yes_no(
        "The subscriber interacted (wrote, clicked) in the last 24 hours"
    )
    is_bot_interacted_in_last_24h = _yes_no("The bot sent it a message in the last 24 hours")
    is_last_message_in_last_24h = _yes_no(
        "The chat's last message (subscriber, agent or bot) is less than 24 hours old"
    )


class SubscriberQuery(TeamBotUsersQuery):
    """/subscribers: the team filters plus the flow's own tags, labels, events and fields."""

    tag_ns = laravel.Text(metadata={"description": "Has this tag"})
    label_id = laravel.Integer(metadata={"description": "Has this team label"})
    event_ns = laravel.Text(metadata={"description": "Has logged this custom event"})
    user_field_ns = laravel.Text(
        metadata={
            "description": "Has this user field: with the value `user_field_value` when "
            "given, with any value otherwise"
        }
    )
    user_field_value = laravel.Text(metadata={"description": "The value of `user_field_ns`"})

    @validates_schema
    def value_needs_a_field(self, data: dict[str, Any], **kwargs: Any) -> None:
        """Laravel's `required_with`: a value to look for needs the field to look in."""
        if data.get("user_field_value") not in (None, "") and not data.get("user_field_ns"):
            raise ValidationError(
                "The :attribute field is required when user field value is present.",
                field_name="user_field_ns",
            )


class SubscriberNs(laravel.Input):
    user_ns = laravel.Text(required=True, metadata={"description": "Subscriber user_ns"})


class SubscriberUserId(laravel.Input):
    user_id = laravel.Text(
        required=True, metadata={"description": "The subscriber's id in its channel"}
    )


# -- the subscriber -------------------------------------------------------------------------------


class SubscriberProfile(laravel.Input):
    first_name = laravel.Varchar()
    last_name = laravel.Varchar()
    name = laravel.Varchar(metadata={"description": "Full name (first and last name otherwise)"})
    phone = laravel.Varchar(validate=phone_number, metadata={"example": "+5511987654321"})
    email = laravel.Varchar(validate=email_address, metadata={"example": "ana@example.com"})
    gender = laravel.Text(
        validate=laravel.one_of(GENDERS),
        metadata={"description": "male or female", "enum": list(GENDERS)},
    )
    image = laravel.Varchar(
        metadata={"description": "Profile image URL (shown as its profile_pic)"}
    )


class CreateSubscriber(SubscriberProfile):
    """Phone or email is required (Laravel's `required_without`)."""

    @validates_schema
    def phone_or_email(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not (data.get("phone") or "").strip() and not (data.get("email") or "").strip():
            raise ValidationError(
                "The :attribute field is required when email is not present.",
                field_name="phone",
            )


class UpdateSubscriber(SubscriberProfile, SubscriberNs):
    """`user_ns` and what changes (a field left out, or empty, keeps its value).
    SubscriberNs is the last base so that `user_ns` is checked first: marshmallow orders
    inherited fields from the farthest base in."""


# -- tags, labels, fields -------------------------------------------------------------------------


class Item(laravel.Input):
    """One item of a batch (`data: [{...}]`); one that is not an object is refused in
    Laravel's words ("The data.0 must be an array.")."""

    error_messages = {"type": laravel.MESSAGES["array"]}


#: How each key naming a tag, label or user field is declared, wherever a body gives one.
KEYS: dict[str, type[laravel.Text]] = {
    "tag_ns": laravel.Text,
    "tag_name": laravel.Varchar,
    "label_name": laravel.Varchar,
    "var_ns": laravel.Text,
    "name": laravel.Varchar,
    "field_name": laravel.Varchar,
}
#: A user field's value in a batch item (a single set documents its check).
VALUE = {"value": laravel.LongText(required=True)}


def _keyed(
    name: str, base: type[laravel.Input], key: str, more: dict[str, fields.Field] | None = None
) -> type[laravel.Input]:
    """`base` with the required `key` (declared as `KEYS` says), then `more`."""
    return base.from_dict({key: KEYS[key](required=True), **(more or {})}, name=name)


SubscriberTagNsItem = _keyed("SubscriberTagNsItem", Item, "tag_ns")
SubscriberTagNameItem = _keyed("SubscriberTagNameItem", Item, "tag_name")
SubscriberLabelNameItem = _keyed("SubscriberLabelNameItem", Item, "label_name")
SubscriberVarNsItem = _keyed("SubscriberVarNsItem", Item, "var_ns")
SubscriberNameItem = _keyed("SubscriberNameItem", Item, "name")
SubscriberVarNsValueItem = _keyed("SubscriberVarNsValueItem", Item, "var_ns", VALUE)
SubscriberNameValueItem = _keyed("SubscriberNameValueItem", Item, "name", VALUE)


#: A null item in Laravel's words ("The data.0 field is required.").
ITEM_MESSAGES = {"null": laravel.REQUIRED, "required": laravel.REQUIRED}


def _batch(item: type[laravel.Input]) -> laravel.Array:
    return laravel.Array(
        fields.Nested(item, error_messages=ITEM_MESSAGES),
        required=True,
        max_items=MAX_BATCH,
        metadata={"description": f"Up to {MAX_BATCH} items"},
    )


#: A single set's value, as documented.
CHECKED_VALUE = {
    "value": laravel.LongText(required=True, metadata={"description": "Checked against its type"})
}


def _batch_of(name: str, item: type[laravel.Input]) -> type[laravel.Input]:
    """The subscriber and up to 20 items in `data`."""
    return SubscriberNs.from_dict({"data": _batch(item)}, name=name)


SubscriberTag = _keyed("SubscriberTag", SubscriberNs, "tag_ns")
SubscriberTags = _batch_of("SubscriberTags", SubscriberTagNsItem)
SubscriberTagByName = _keyed("SubscriberTagByName", SubscriberNs, "tag_name")
SubscriberTagsByName = _batch_of("SubscriberTagsByName", SubscriberTagNameItem)
SubscriberLabelsByName = _batch_of("SubscriberLabelsByName", SubscriberLabelNameItem)
SubscriberSetUserField = _keyed("SubscriberSetUserField", SubscriberNs, "var_ns", CHECKED_VALUE)
SubscriberSetUserFields = _batch_of("SubscriberSetUserFields", SubscriberVarNsValueItem)
SubscriberSetUserFieldByName = _keyed(
    "SubscriberSetUserFieldByName", SubscriberNs, "field_name", CHECKED_VALUE
)
SubscriberSetUserFieldsByName = _batch_of("SubscriberSetUserFieldsByName", SubscriberNameValueItem)
SubscriberClearUserField = _keyed("SubscriberClearUserField", SubscriberNs, "var_ns")
SubscriberClearUserFields = _batch_of("SubscriberClearUserFields", SubscriberVarNsItem)
SubscriberClearUserFieldByName = _keyed(
    "SubscriberClearUserFieldByName", SubscriberNs, "field_name"
)
SubscriberClearUserFieldsByName = _batch_of("SubscriberClearUserFieldsByName", SubscriberNameItem)
