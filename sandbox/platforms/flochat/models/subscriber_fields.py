"""A subscriber's user field values ({var_ns: value}).

Values are checked against the field's type (`fields.coerce`: "Invalid value for number
field") and stored as that type; clearing removes the value (clearing one it has no
value for is no error). A batch is checked whole before anything is written.
"""

from __future__ import annotations

from typing import Any

from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import SUBSCRIBERS
from sandbox.platforms.flochat.models.fields import Fields


class SubscriberFields:
    def __init__(self, api: Flochat) -> None:
        self.api = api
        self.fields = Fields(api, bot=False)

    def resolve(self, items: list[dict[str, Any]], key: str) -> list[tuple[Record, Any]]:
        """(field, checked value) of each `{key: var_ns or name, "value": ...}` item."""
        return self.fields.resolve_batch(items, key)

    def named(self, items: list[dict[str, Any]], key: str) -> list[Record]:
        """The user fields the items name by `key` ("var_ns" or "name")."""
        if key == "var_ns":
            return [self.fields.by_ns(item[key]) for item in items]
        return [self.fields.by_name(item[key]) for item in items]

    def set(self, subscriber: Record, values: list[tuple[Record, Any]]) -> None:
        stored = dict(subscriber["user_fields"])
        for field, value in values:
            stored[field["var_ns"]] = value
        self.api.update(SUBSCRIBERS, subscriber, {"user_fields": stored})

    def clear(self, subscriber: Record, fields: list[Record]) -> None:
        stored = dict(subscriber["user_fields"])
        for field in fields:
            stored.pop(field["var_ns"], None)
        if stored != subscriber["user_fields"]:
            self.api.update(SUBSCRIBERS, subscriber, {"user_fields": stored})
