"""Flow XO API (seed 000, platforms.md §C, docs/flowxo-fidelity.md): end users, workflow
activation and conversations of one account."""

from __future__ import annotations

from sandbox.core.platform import Platform
from sandbox.core.stacks import express
from sandbox.platforms.flowxo import auth, errors, models, routes
from sandbox.platforms.flowxo.models.api import FlowXO

PLATFORM = Platform(
    name="flowxo",
    title="Flow XO API",
    vendor="Flow XO",
    vendor_base_url="https://flowxo.com",
    description="Flow XO's API (`Authorization: Bearer <API key>`): create and update the "
    "end users of the account's bots, list and enable / disable workflows, and list "
    'conversations. Errors are `{"message": ...}` with the HTTP status.',
    auth=auth,
    render_error=errors.render,
    error_schema=errors.ErrorSchema,
    models=models,
    blueprints=(routes.blp,),
    configure=express.configure,
    backend=FlowXO,
    conversations=models.CONVERSATIONS,
)
