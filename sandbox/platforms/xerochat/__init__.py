"""XeroChat REST API (seed 003, platforms.md §B). Endpoints arrive with issue 4."""

from sandbox.core.platform import Platform
from sandbox.platforms.xerochat import auth, errors

PLATFORM = Platform(
    name="xerochat",
    title="XeroChat REST API",
    vendor="XeroChat",
    vendor_base_url="https://your-xerochat-domain.com",
    description="XeroChat's REST API (Xerone IT): users, packages, subscribers, labels, "
    "contact groups, contacts and flow campaigns.",
    auth=auth,
    render_error=errors.render,
    error_schema=errors.ErrorSchema,
)
