"""Flow XO API (seed 000, platforms.md §C, docs/flowxo-fidelity.md): end users, workflow
activation and conversations of one account."""

from __future__ import annotations

from sandbox.core.declare import platform_package
from sandbox.core.stacks import express
from sandbox.core.stacks.express_rate_limit import too_many_requests
from sandbox.platforms.flowxo import models
from sandbox.platforms.flowxo.models.api import FlowXO

PLATFORM = platform_package(
    __name__,
    title="Flow XO API",
    vendor="Flow XO",
    vendor_base_url="https://flowxo.com",
    description="Flow XO's API (`Authorization: Bearer <API key>`): create and update the "
    "end users of the account's bots, list and enable / disable workflows, and list "
    'conversations. Errors are `{"message": ...}` with the HTTP status.',
    configure=express.configure,
    too_many_requests=too_many_requests,
    backend=FlowXO,
    conversations=models.CONVERSATIONS,
)
