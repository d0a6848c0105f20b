"""Subscribers through the API: list and filters, info, create / update / delete, tags,
labels, user fields; and /team-bot-users (group B).

Not implemented yet.
"""

from __future__ import annotations

from sandbox.platforms.flochat.routes.common import FlochatBlueprint

blp = FlochatBlueprint(
    "subscribers",
    __name__,
    description="Subscribers: list, info, create, update, delete, tags, labels, fields",
)
