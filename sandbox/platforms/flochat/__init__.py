"""Flochat Chatbot API, the UChat API under another name (seed 002, platforms.md §A).

Endpoints arrive with issue 5.
"""

from sandbox.core.platform import Platform
from sandbox.platforms.flochat import auth, errors

PLATFORM = Platform(
    name="flochat",
    title="Flochat Chatbot API",
    vendor="Flochat",
    vendor_base_url="https://app.flochat.ai/api",
    description="Flochat's Chatbot API (the UChat API): flows, subscribers, sending, "
    "cart and shop.",
    auth=auth,
    render_error=errors.render,
    error_schema=errors.ErrorSchema,
)
