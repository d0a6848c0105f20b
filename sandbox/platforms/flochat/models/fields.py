"""User fields (per subscriber) and bot fields (one value for the whole flow).

Both are `{"name", "var_ns", "var_type", "description", "value"}`, unique by name within a
flow; a bot field also says whether it is a template field. Values are checked against
the field's type and shown as text, as the vendor's spec types them.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import Any

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.core.resources import pick
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat, FlowResource
from sandbox.platforms.flochat.models.common import (
    BOT_FIELDS,
    SUBSCRIBERS,
    USER_FIELDS,
    text,
)
from sandbox.platforms.flochat.models.sections import Entry, Section, Value, one_of

VAR_TYPES = ("text", "number", "boolean", "date", "datetime", "array")

FIELD_EXISTS = "Field already exists"
FIELD_NOT_FOUND = "Field not found"
MAX_BATCH = 20


def invalid_value(var_type: str) -> str:
    return f"Invalid value for {var_type} field"


def coerce(var_type: str, value: Any) -> Any:
    """A value as a field of `var_type` stores it; FlochatError when it does not fit."""
    if value is None or value == "":
        return ""
    try:
        if var_type == "number":
            number = float(value) if not isinstance(value, bool) else None
            if number is None or not math.isfinite(number):  # "1e999", "nan": no number
                raise ValueError(value)
            return int(number) if number.is_integer() else number
        if var_type == "boolean":
            lowered = str(value).strip().lower()
            if lowered in ("true", "1", "yes"):
                return True
            if lowered in ("false", "0", "no"):
                return False
            raise ValueError(value)
        if var_type == "date":
            return date.fromisoformat(str(value)[:10]).isoformat()
        if var_type == "datetime":
            return datetime.fromisoformat(str(value).replace("Z", "+00:00")).isoformat()
        if var_type == "array":
            items = value if isinstance(value, list) else json.loads(str(value))
            if not isinstance(items, list):
                raise ValueError(value)
            return items
    except (TypeError, ValueError) as error:
        raise FlochatError(invalid_value(var_type)) from error
    return value if isinstance(value, str) else text(value)


def represent(field: Record, value: Any = None, *, bot: bool = False) -> dict[str, Any]:
    shown = field.get("value") if value is None else value
    body = {
        **pick(field, "name", "var_ns", "var_type"),
        "description": field.get("description") or "",
        "value": text(shown),
    }
    if bot:
        body["is_template_field"] = bool(field.get("is_template_field"))
    return body


class Fields(FlowResource):
    """User fields (`bot=False`) or bot fields (`bot=True`) of the key's flow."""

    NOT_FOUND = FIELD_NOT_FOUND
    NS_FIELD = "var_ns"

    def __init__(self, api: Flochat, *, bot: bool) -> None:
        super().__init__(api, BOT_FIELDS if bot else USER_FIELDS)
        self.bot = bot

    def create(self, data: dict[str, Any]) -> Record:
        if self.find_by_name(data["name"]) is not None:
            raise FlochatError(FIELD_EXISTS)
        var_ns = data.get("var_ns") or self.api.ns("bot_field" if self.bot else "user_field")
        if self.first(var_ns=var_ns) is not None:
            raise FlochatError(FIELD_EXISTS)
        row = {
            "var_ns": var_ns,
            "name": data["name"].strip(),
            "var_type": data["var_type"],
            "description": data.get("description") or "",
            "value": coerce(data["var_type"], data.get("value")),
        }
        if self.bot:
            row["is_template_field"] = bool(data.get("is_template_field"))
        return self.add(row)

    def set_value(self, field: Record, value: Any) -> Record:
        """A bot field's value."""
        return self.change(field, {"value": coerce(field["var_type"], value)})

    def delete(self, field: Record) -> None:
        """Delete the field (a user field's values go with it)."""
        if not self.bot:
            for subscriber in self.api.find_in_flow(SUBSCRIBERS):
                if field["var_ns"] in subscriber["user_fields"]:
                    values = dict(subscriber["user_fields"])
                    values.pop(field["var_ns"])
                    self.api.update(SUBSCRIBERS, subscriber, {"user_fields": values})
        super().delete(field)

    def resolve_batch(self, items: list[dict[str, Any]], key: str) -> list[tuple[Record, Any]]:
        """(field, value) for each `{key: ..., "value": ...}` item, checked before anything
        is written, so a batch is applied whole or not at all."""
        if len(items) > MAX_BATCH:
            raise FlochatError(f"The data must not have more than {MAX_BATCH} items.")
        resolved = []
        for item in items:
            field = self.by_ns(item[key]) if key == "var_ns" else self.by_name(item[key])
            resolved.append((field, coerce(field["var_type"], item.get("value"))))
        return resolved


# -- fixtures ----------------------------------------------------------------------------------


class FieldEntry(Entry):
    name = fields.String(required=True)
    var_ns = fields.String()
    var_type = fields.String(load_default="text", validate=one_of(VAR_TYPES))
    description = fields.String(load_default="")
    value = Value(load_default="")


class BotFieldEntry(FieldEntry):
    is_template_field = fields.Boolean(load_default=False)


def _loader(bot: bool, key: str) -> Any:
    def load(api: Flochat, entries: list[dict[str, Any]]) -> int:
        for index, entry in enumerate(entries):
            try:
                Fields(api, bot=bot).create(entry)
            except FlochatError as error:
                raise FixtureError([key, index], str(error.body)) from None
        return len(entries)

    return load


def _exporter(bot: bool) -> Any:
    def export(api: Flochat) -> list[dict[str, Any]]:
        exported = []
        for field in Fields(api, bot=bot).all():
            entry = {
                **pick(field, "name", "var_ns", "var_type", "description", "value"),
            }
            if bot:
                entry["is_template_field"] = field["is_template_field"]
            exported.append(entry)
        return exported

    return export


FLOW_SECTIONS = [
    Section("user_fields", FieldEntry, _loader(False, "user_fields"), _exporter(False)),
    Section("bot_fields", BotFieldEntry, _loader(True, "bot_fields"), _exporter(True)),
]
