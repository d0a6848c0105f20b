"""Team labels (`{"id", "name"}`): team-wide, unique by name; subscribers of every flow
carry label ids, so deleting a label takes it off all of them."""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import Flochat, FlochatResource
from sandbox.platforms.flochat.models.common import LABELS, take_off_subscribers
from sandbox.platforms.flochat.models.sections import Entry, Section

LABEL_NOT_FOUND = "Label not found"
LABEL_EXISTS = "Label already exists"


def represent(label: Record) -> dict[str, Any]:
    """The vendor's TeamLabel."""
    return {"id": label["id"], "name": label["name"]}


class Labels(FlochatResource):
    TABLE = LABELS
    NOT_FOUND = LABEL_NOT_FOUND

    def by_id(self, label_id: int) -> Record:
        return self.by_key(id=label_id)

    def create(self, name: str) -> Record:
        return self.add_named(name, {"id": self.api.next_id(LABELS)}, LABEL_EXISTS)

    def delete(self, label: Record) -> None:
        """Delete the label and take it off every subscriber of every flow of the team."""
        take_off_subscribers(self.api, "labels", label["id"])
        super().delete(label)


# -- fixtures ----------------------------------------------------------------------------------


class LabelEntry(Entry):
    id = fields.Integer()
    name = fields.String(required=True)


def load_labels(api: Flochat, entries: list[dict[str, Any]]) -> int:
    labels = Labels(api)
    for index, entry in enumerate(entries):
        if labels.find_by_name(entry["name"]) is not None:
            raise FixtureError(
                ["labels", index, "name"], f"another label is named {entry['name']!r}"
            )
        label_id = labels.fixture_id(entry.get("id"), ["labels", index], "label")
        labels.add({"id": label_id, "name": entry["name"]})
    return len(entries)


def export_labels(api: Flochat) -> list[dict[str, Any]]:
    return [represent(label) for label in Labels(api).all()]


TEAM_SECTIONS = [Section("labels", LabelEntry, load_labels, export_labels)]
