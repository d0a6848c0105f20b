"""Flow tags: `{"name", "tag_ns"}`, unique by name within a flow."""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.core.storage import Record
from sandbox.core.storage.records import Contains
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat, FlowResource
from sandbox.platforms.flochat.models.common import SUBSCRIBERS, TAGS
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
        if self.find_by_name(name) is not None:
            raise FlochatError(TAG_EXISTS)
        return self.add({"tag_ns": self.api.ns("tag"), "name": name.strip()})

    def delete(self, tag: Record) -> None:
        """Delete the tag and take it off every subscriber of the flow."""
        for subscriber in self.api.find_in_flow(SUBSCRIBERS, tags=Contains(tag["tag_ns"])):
            if tag["tag_ns"] in subscriber["tags"]:
                remaining = [ns for ns in subscriber["tags"] if ns != tag["tag_ns"]]
                self.api.update(SUBSCRIBERS, subscriber, {"tags": remaining})
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
