"""FlowBot AI WhatsApp flows API (seed 001, platforms.md §D, docs/flowbot-fidelity.md)."""

from __future__ import annotations

from sandbox.core.declare import platform_package
from sandbox.core.stacks import express
from sandbox.core.stacks.express_rate_limit import too_many_requests
from sandbox.platforms.flowbot.models.api import FlowBot
from sandbox.platforms.flowbot.outbox import FlowBotConversations

PLATFORM = platform_package(
    __name__,
    title="FlowBot AI API",
    vendor="FlowBot AI",
    vendor_base_url="https://your-domain.com",
    description="FlowBot AI's API: login and API tokens (HS256 JWTs), outbound WhatsApp "
    "flows and leads under WhatsApp's 24-hour rule, flows, conversations and replies, and "
    'flow generation. Errors are `{"error": "Human-readable error message"}` with the HTTP '
    "status.",
    configure=express.configure,
    too_many_requests=too_many_requests,
    backend=FlowBot,
    conversations=FlowBotConversations(),
)
