"""A subscriber's team labels (stored as label ids), given by name.

Labels belong to the team and are managed with a "Manage Team" key, so a flow key
cannot create one by naming it: an unknown name is "Label not found" (assumed). Adding
a label the subscriber has, or removing one it lacks, is no error.
"""

from __future__ import annotations

from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import SUBSCRIBERS
from sandbox.platforms.flochat.models.labels import Labels


class SubscriberLabels:
    def __init__(self, api: Flochat) -> None:
        self.api = api
        self.labels = Labels(api)

    def by_name(self, names: list[str]) -> list[Record]:
        return [self.labels.by_name(name) for name in names]

    def add(self, subscriber: Record, labels: list[Record]) -> None:
        current = list(subscriber["labels"])
        for label in labels:
            if label["id"] not in current:
                current.append(label["id"])
        if current != subscriber["labels"]:
            self.api.update(SUBSCRIBERS, subscriber, {"labels": current})

    def remove(self, subscriber: Record, labels: list[Record]) -> None:
        unwanted = {label["id"] for label in labels}
        remaining = [label_id for label_id in subscriber["labels"] if label_id not in unwanted]
        if remaining != subscriber["labels"]:
            self.api.update(SUBSCRIBERS, subscriber, {"labels": remaining})
