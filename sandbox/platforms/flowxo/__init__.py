"""Flow XO end-user API (seed 000, platforms.md §C). Endpoints arrive with issue 6."""

from sandbox.core.platform import Platform
from sandbox.platforms.flowxo import auth, errors

PLATFORM = Platform(
    name="flowxo",
    title="Flow XO API",
    vendor="Flow XO",
    vendor_base_url="https://flowxo.com",
    description="Flow XO's API: end users, workflows and conversations.",
    auth=auth,
    render_error=errors.render,
    error_schema=errors.ErrorSchema,
)
