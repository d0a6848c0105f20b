"""Sending to subscribers, broadcasts, bot pause / resume, agent assignment, opt-in / opt-
out, custom events, app triggers, chat messages, WhatsApp templates, conversations data,
agent activity log (group C).

Not implemented yet.
"""

from __future__ import annotations

from sandbox.platforms.flochat.routes.common import FlochatBlueprint

blp = FlochatBlueprint(
    "messaging",
    __name__,
    description="Sending, broadcasts, chat state, chat messages, WhatsApp templates, custom events",
)
