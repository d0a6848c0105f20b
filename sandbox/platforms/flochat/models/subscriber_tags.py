"""A subscriber's flow tags (stored as tag_ns values).

Adding a tag it has, or removing one it lacks, is no error (the vendor answers ok to
both, assumed). Adding by name creates a tag the flow does not have yet, as UChat's
"add tag by name" action does; removing by name needs the tag to exist. A batch is
checked whole before anything is written.
"""

from __future__ import annotations

from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import SubscriberMarks
from sandbox.platforms.flochat.models.tags import Tags


class SubscriberTags(SubscriberMarks):
    def __init__(self, api: Flochat) -> None:
        self.tags = Tags(api)
        super().__init__(api, "tags", "tag_ns", self.tags)

    def by_ns(self, tag_ns: list[str]) -> list[Record]:
        """The flow's tags with these ids ("Tag not found" for an unknown one)."""
        return [self.tags.by_ns(ns) for ns in tag_ns]

    def by_name(self, names: list[str], *, create: bool = False) -> list[Record]:
        """The flow's tags with these names (any case); a missing one is created when
        `create`, "Tag not found" otherwise."""
        if not create:
            return super().by_name(names)
        return [self.tags.find_by_name(name) or self.tags.create(name) for name in names]
