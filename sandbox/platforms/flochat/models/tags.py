"""Flow tags: `{"name", "tag_ns"}`, unique by name within a flow."""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import SUBSCRIBERS, TAGS, name_matches, page
from sandbox.platforms.flochat.models.sections import Entry, Section

TAG_EXISTS = "Tag already exists"
TAG_NOT_FOUND = "Tag not found"


def represent(tag: Record) -> dict[str, Any]:
    return {"name": tag["name"], "tag_ns": tag["tag_ns"]}


class Tags:
    def __init__(self, api: Flochat) -> None:
        self.api = api

    def list(self, name: str | None, limit: int | None, page_number: int | None) -> list[Record]:
        matches = name_matches(name)
        tags = [tag for tag in self.api.find_in_flow(TAGS) if matches(tag["name"])]
        return page(tags, limit, page_number)

    def by_ns(self, tag_ns: str) -> Record:
        tag = self.api.first_in_flow(TAGS, tag_ns=tag_ns)
        if tag is None:
            raise FlochatError(TAG_NOT_FOUND)
        return tag

    def by_name(self, name: str) -> Record:
        tag = self.find_by_name(name)
        if tag is None:
            raise FlochatError(TAG_NOT_FOUND)
        return tag

    def find_by_name(self, name: str) -> Record | None:
        wanted = name.strip().casefold()
        return next(
            (t for t in self.api.find_in_flow(TAGS) if t["name"].casefold() == wanted), None
        )

    def create(self, name: str) -> Record:
        if self.find_by_name(name) is not None:
            raise FlochatError(TAG_EXISTS)
        return self.api.insert(
            TAGS, {"flow": self.api.flow_id, "tag_ns": self.api.ns("tag"), "name": name.strip()}
        )

    def delete(self, tag: Record) -> None:
        """Delete the tag and take it off every subscriber of the flow."""
        for subscriber in self.api.find_in_flow(SUBSCRIBERS):
            if tag["tag_ns"] in subscriber["tags"]:
                remaining = [ns for ns in subscriber["tags"] if ns != tag["tag_ns"]]
                self.api.update(SUBSCRIBERS, subscriber, {"tags": remaining})
        self.api.remove(TAGS, tag)


# -- fixtures ----------------------------------------------------------------------------------


class TagEntry(Entry):
    name = fields.String(required=True)
    tag_ns = fields.String()


def load_tags(api: Flochat, entries: list[dict[str, Any]]) -> int:
    for index, entry in enumerate(entries):
        tags = Tags(api)
        if tags.find_by_name(entry["name"]) is not None:
            raise FixtureError(["tags", index, "name"], f"another tag is named {entry['name']!r}")
        api.insert(
            TAGS,
            {
                "flow": api.flow_id,
                "tag_ns": entry.get("tag_ns") or api.ns("tag"),
                "name": entry["name"],
            },
        )
    return len(entries)


def export_tags(api: Flochat) -> list[dict[str, Any]]:
    return [represent(tag) for tag in api.find_in_flow(TAGS)]


FLOW_SECTIONS = [Section("tags", TagEntry, load_tags, export_tags)]
