"""Sending, broadcasts, chat state, chat messages, WhatsApp templates, custom events,
conversations data (group C).

Not implemented yet.
"""

from __future__ import annotations

from sandbox.platforms.flochat.models.sections import Section

TEAM_SECTIONS: list[Section] = []
FLOW_SECTIONS: list[Section] = []
