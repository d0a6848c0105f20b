"""Flochat Chatbot API, the UChat API under another name (seed 002, platforms.md §A; the
vendor's own spec is ../shared/reference/uchat-openapi.json, kept in conformance/vendor/).
"""

from sandbox.core.declare import platform_package
from sandbox.platforms.flochat import models
from sandbox.platforms.flochat.errors import too_many_requests
from sandbox.platforms.flochat.models.conversations import CONVERSATIONS

PLATFORM = platform_package(
    __name__,
    title="Flochat Chatbot API",
    vendor="Flochat",
    vendor_base_url="https://app.flochat.ai/api",
    description="Flochat's Chatbot API (the UChat API): flows, subscribers, sending, "
    "cart and shop. A key belongs to one bot (flow) of a team and carries the scopes "
    '"Manage Flow" and / or "Manage Team".',
    conversations=CONVERSATIONS,
    backend=models.Flochat.of,
    too_many_requests=too_many_requests,
)
