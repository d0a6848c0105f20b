"""Subscribers through the API: the list and its filters, create / update / delete, tags,
labels and user fields (group B).

Not implemented yet.
"""

from __future__ import annotations

from sandbox.platforms.flochat.models.sections import Section

TEAM_SECTIONS: list[Section] = []
FLOW_SECTIONS: list[Section] = []
