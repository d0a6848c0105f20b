"""Team labels (`{"id", "name"}`): team-wide, unique by name; subscribers of every flow
carry label ids, so deleting a label takes it off all of them."""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import LABELS, SUBSCRIBERS, name_matches, page
from sandbox.platforms.flochat.models.sections import Entry, Section

LABEL_NOT_FOUND = "Label not found"
LABEL_EXISTS = "Label already exists"


def represent(label: Record) -> dict[str, Any]:
    """The vendor's TeamLabel."""
    return {"id": label["id"], "name": label["name"]}


class Labels:
    def __init__(self, api: Flochat) -> None:
        self.api = api

    def all(self) -> list[Record]:
        return self.api.find(LABELS)

    def list(self, name: str | None, limit: int | None, page_number: int | None) -> list[Record]:
        matches = name_matches(name)
        return page([label for label in self.all() if matches(label["name"])], limit, page_number)

    def find_by_name(self, name: str) -> Record | None:
        wanted = name.strip().casefold()
        return next((label for label in self.all() if label["name"].casefold() == wanted), None)

    def by_name(self, name: str) -> Record:
        label = self.find_by_name(name)
        if label is None:
            raise FlochatError(LABEL_NOT_FOUND)
        return label

    def by_id(self, label_id: int) -> Record:
        label = self.api.first(LABELS, id=label_id)
        if label is None:
            raise FlochatError(LABEL_NOT_FOUND)
        return label

    def create(self, name: str) -> Record:
        if self.find_by_name(name) is not None:
            raise FlochatError(LABEL_EXISTS)
        return self.api.insert(LABELS, {"id": self.api.next_id(LABELS), "name": name.strip()})

    def delete(self, label: Record) -> None:
        """Delete the label and take it off every subscriber of every flow of the team."""
        for subscriber in self.api.find(SUBSCRIBERS):
            if label["id"] in subscriber.get("labels", []):
                remaining = [i for i in subscriber["labels"] if i != label["id"]]
                self.api.update(SUBSCRIBERS, subscriber, {"labels": remaining})
        self.api.remove(LABELS, label)


# -- fixtures ----------------------------------------------------------------------------------


class LabelEntry(Entry):
    id = fields.Integer()
    name = fields.String(required=True)


def load_labels(api: Flochat, entries: list[dict[str, Any]]) -> int:
    for index, entry in enumerate(entries):
        labels = Labels(api)
        if labels.find_by_name(entry["name"]) is not None:
            raise FixtureError(
                ["labels", index, "name"], f"another label is named {entry['name']!r}"
            )
        label_id = entry.get("id") or api.next_id(LABELS)
        api.reserve_id(LABELS, label_id)
        if api.first(LABELS, id=label_id) is not None:
            raise FixtureError(["labels", index, "id"], f"another label has id {label_id}")
        api.insert(LABELS, {"id": label_id, "name": entry["name"]})
    return len(entries)


def export_labels(api: Flochat) -> list[dict[str, Any]]:
    return [represent(label) for label in Labels(api).all()]


TEAM_SECTIONS = [Section("labels", LabelEntry, load_labels, export_labels)]
