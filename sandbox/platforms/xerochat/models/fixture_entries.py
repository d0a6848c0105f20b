"""The entries of a fixture's `xerochat` section: the section names and one marshmallow
schema per kind of object (users, packages, pages, labels, subscribers, contact groups,
contacts, flow campaigns and their questions), which check an entry and store its values
as MySQL would. The format is described in models/fixtures.py.
"""

from __future__ import annotations

from typing import Any, ClassVar

from marshmallow import ValidationError, fields, validates_schema

from sandbox.core.fixture_sections import Entry as CoreEntry
from sandbox.platforms.xerochat.models.common import (
    CONTACT_GROUPS,
    CONTACTS,
    FLOWS,
    LABELS,
    PACKAGES,
    PAGES,
    SUBSCRIBER_COLUMNS,
    SUBSCRIBERS,
    USERS,
    VARCHAR_WIDTHS,
    ZERO_DATE,
    mysql_column,
)

#: The sections in load order, each with the table its entries' rows go to (a flow
#: campaign's questions and answers go to their own tables too).
SECTION_TABLES = {
    "users": USERS,
    "packages": PACKAGES,
    "pages": PAGES,
    "labels": LABELS,
    "subscribers": SUBSCRIBERS,
    "contact_groups": CONTACT_GROUPS,
    "contacts": CONTACTS,
    "flow_campaigns": FLOWS,
}
SECTIONS = tuple(SECTION_TABLES)
# The subscriber columns an entry gives as text; ids, labels and the page are resolved.
SUBSCRIBER_TEXT = tuple(
    column
    for column in SUBSCRIBER_COLUMNS
    if column not in ("subscriber_id", "labels", "page_name", "page_id")
)


def stored_text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return "" if value is None else str(value)


class Entry(CoreEntry):
    #: (key, other key, message): the entry must give one of the two keys (the fixture's
    #: name for a value, or the stored column's).
    ONE_OF: ClassVar[tuple[tuple[str, str, str], ...]] = ()

    @validates_schema
    def _one_of(self, data: dict[str, Any], **kwargs: Any) -> None:
        for key, other, message in self.ONE_OF:
            if not (data.get(key) or data.get(other)):
                raise ValidationError(message, key)


class Text(fields.Field):
    """A column value: strings, numbers and booleans are all stored as MySQL would; a
    `column` named in VARCHAR_WIDTHS, or "notes" (TEXT), is cut as MySQL cuts it."""

    def __init__(self, *, column: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.column = column

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            raise ValidationError("Not a single value.")
        if self.column is None:
            return stored_text(value)
        return mysql_column(stored_text(value), VARCHAR_WIDTHS.get(self.column))


class OwnedEntry(Entry):
    """An object a user owns: its id and user_id are given, or the loader gives them."""

    id = fields.Integer()
    user_id = fields.Integer()


class UserEntry(Entry):
    id = fields.Integer(required=True)
    name = Text(load_default="")
    email = Text(required=True)
    password = Text()
    password_md5 = Text()
    user_type = fields.String(load_default="Member")
    status = Text(load_default="1")
    mobile = Text(load_default="")
    address = Text(load_default="")
    add_date = Text()
    last_login_at = Text(load_default=ZERO_DATE)
    expired_date = Text(load_default=ZERO_DATE)
    package_id = Text(load_default="0")
    last_login_ip = Text(load_default="")
    deleted = Text(load_default="0")


class PackageEntry(Entry):
    id = fields.Integer(required=True)
    package_name = Text(required=True)
    module_ids = Text(load_default="")
    price = Text(load_default="0")
    validity = Text(load_default="0")
    visible = Text(load_default="1")
    highlight = Text(load_default="0")
    deleted = Text(load_default="0")


class PageEntry(OwnedEntry):
    page_id = Text(required=True)
    page_name = Text(load_default="")
    page_access_token = Text()
    bot_enabled = Text(load_default="1")
    deleted = Text(load_default="0")


class LabelEntry(OwnedEntry):
    label_id = Text(required=True)
    name = Text()
    group_name = Text()
    page = Text()  # the Facebook page id; or the stored page_id + fb_page_id
    page_id = fields.Integer()
    fb_page_id = Text()
    deleted = Text(load_default="0")
    unsubscribe = Text(load_default="0")
    invisible = Text(load_default="0")
    ONE_OF = (
        ("name", "group_name", "a label needs a name"),
        ("page", "fb_page_id", "a label needs the page it belongs to"),
    )


def texts(default: str | None, *columns: str) -> dict[str, Text]:
    """Text columns an entry may leave out, stored as `default` (for a class body built
    with `type`, in the column order given)."""
    return {column: Text(load_default=default) for column in columns}


#: A Messenger subscriber; its columns in the table's order (an entry's first error is
#: reported in that order).
SubscriberEntry = type(
    "SubscriberEntry",
    (OwnedEntry,),
    {
        "__module__": __name__,
        "subscriber_id": Text(),
        "subscribe_id": Text(),
        "page": Text(),
        "page_id": Text(),
        "page_table_id": fields.Integer(),
        "labels": fields.List(Text()),
        "contact_group_id": Text(),
        **texts("", "first_name", "last_name", "full_name", "gender", "locale", "timezone"),
        "unavailable": Text(load_default="0"),
        **texts("", "last_error_message", "refferer_source"),  # sic: the vendor's column
        **texts("", "subscribed_at", "email", "phone_number"),
        "birthdate": Text(load_default=None),
        "last_subscriber_interaction_time": Text(load_default=""),
        "ONE_OF": (
            ("subscriber_id", "subscribe_id", "a subscriber needs its subscriber_id (PSID)"),
            ("page", "page_id", "a subscriber needs the page it subscribed to"),
        ),
    },
)


class GroupEntry(OwnedEntry):
    name = Text(column="type")
    type = Text(column="type")
    created_at = Text()
    deleted = Text(load_default="0")


class ContactEntry(OwnedEntry):
    contact_type_id = Text(required=True)
    first_name = Text(load_default="", column="first_name")
    last_name = Text(load_default="", column="last_name")
    email = Text(load_default=None, column="email")
    phone_number = Text(load_default=None, column="phone_number")
    notes = Text(load_default="", column="notes")
    unsubscribed = Text(load_default="0")
    deleted = Text(load_default="0")


class QuestionEntry(Entry):
    id = fields.Integer()
    question = Text(required=True)


class FlowEntry(OwnedEntry):
    flow_name = Text(required=True)
    deleted = Text(load_default="0")
    questions = fields.List(fields.Raw(), load_default=list)
    answers = fields.Dict(keys=fields.String(), values=fields.Raw(), load_default=dict)
