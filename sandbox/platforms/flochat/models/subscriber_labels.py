"""A subscriber's team labels (stored as label ids), given by name.

Labels belong to the team and are managed with a "Manage Team" key, so a flow key
cannot create one by naming it: an unknown name is "Label not found" (assumed). Adding
a label the subscriber has, or removing one it lacks, is no error.
"""

from __future__ import annotations

from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import SubscriberMarks
from sandbox.platforms.flochat.models.labels import Labels


class SubscriberLabels(SubscriberMarks):
    def __init__(self, api: Flochat) -> None:
        super().__init__(api, "labels", "id", Labels(api))
