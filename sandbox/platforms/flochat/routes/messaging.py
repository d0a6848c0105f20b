"""Sending to subscribers, broadcasts, bot pause / resume, chat status and agent
assignment, subscription and opt-ins, custom events, app triggers, chat messages,
WhatsApp templates, conversations data and the agent activity log (uchat-openapi.json
tags "Sending", "Subscriber", "Mini-App", "Whatsapp Template", "Flow Custom Events",
"Flow Conversation").

Nothing is really sent: a send records its messages in the subscriber's conversation
(models/messaging_messages.py), read back by `/subscriber/chat-messages` and by the
control API's outbox. The vendor documents every answer but no error text: those are
assumed ("<Thing> not found", Laravel's validation messages, WhatsApp's own errors).
"""

from __future__ import annotations

# Each module declares its operations on the one blueprint when imported.
from sandbox.platforms.flochat.routes import (
    messaging_broadcasts,
    messaging_reads,
    messaging_send,
)
from sandbox.platforms.flochat.routes.messaging_common import blp

MODULES = (messaging_send, messaging_broadcasts, messaging_reads)

__all__ = ["MODULES", "blp"]
