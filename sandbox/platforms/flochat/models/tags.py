"""Flow tags: `{"name", "tag_ns"}`, unique by name within a flow."""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import Flochat, FlowResource
from sandbox.platforms.flochat.models.common import TAGS, take_off_subscribers
from sandbox.platforms.flochat.models.sections import Entry, Section

TAG_EXISTS = "Tag already exists"
TAG_NOT_FOUND = "Tag not found"


def represent(tag: Record) -> dict[str, Any]:
    return {"name": tag["name"], "tag_ns": tag["tag_ns"]}


class Tags(FlowResource):
    TABLE = TAGS
    NOT_FOUND = TAG_NOT_FOUND
    NS_FIELD = "tag_ns"

    def create(self, name: str) -> Record:
        return self.add_named(name, {"tag_ns": self.api.ns("tag")}, TAG_EXISTS)

    def delete(self, tag: Record) -> None:
        """Delete the tag and take it off every subscriber of the flow."""
        take_off_subscribers(self.api, "tags", tag["tag_ns"], flow=self.api.flow_id)
        super().delete(tag)


# -- fixtures ----------------------------------------------------------------------------------


class TagEntry(Entry):
    name = fields.String(required=True)
    tag_ns = fields.String()


def load_tags(api: Flochat, entries: list[dict[str, Any]]) -> int:
    tags = Tags(api)
    for index, entry in enumerate(entries):
        if tags.find_by_name(entry["name"]) is not None:
            raise FixtureError(["tags", index, "name"], f"another tag is named {entry['name']!r}")
        tags.add({"tag_ns": entry.get("tag_ns") or api.ns("tag"), "name": entry["name"]})
    return len(entries)


def export_tags(api: Flochat) -> list[dict[str, Any]]:
    return [represent(tag) for tag in Tags(api).all()]


FLOW_SECTIONS = [Section("tags", TagEntry, load_tags, export_tags)]
