"""FlowBot AI WhatsApp flows API (seed 001, platforms.md §D). Endpoints arrive with issue 6."""

from sandbox.core.platform import Platform
from sandbox.platforms.flowbot import auth, errors

PLATFORM = Platform(
    name="flowbot",
    title="FlowBot AI API",
    vendor="FlowBot AI",
    vendor_base_url="https://your-domain.com",
    description="FlowBot AI's API: auth, outbound WhatsApp flows, leads, flows, "
    "conversations and flow generation.",
    auth=auth,
    render_error=errors.render,
    error_schema=errors.ErrorSchema,
)
