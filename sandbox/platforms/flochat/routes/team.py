"""The team: info, members, flows, usage summaries, labels, ticket lists, templates,
integrations, mini apps and OpenAI embeddings; and the flow's agents, template installs
and inbound webhooks (uchat-openapi.json tags "Workspace", "Team Label", "Ticket List",
"Template", "Integration", "OpenAI", and part of "Flow").

Its views live in one module per concern, which registers them on the one `blp` of
routes/team_common.py when imported: the imports below are in the order the views register
(the order of the spec's paths), so they are kept out of isort's alphabetical order.
"""

# isort: off
from sandbox.platforms.flochat.routes import (
    team_workspace,
    team_tickets,
    team_templates,
    team_integrations,
    team_embeddings,
)

# isort: on
from sandbox.platforms.flochat.routes.team_common import blp

__all__ = [
    "blp",
    "team_embeddings",
    "team_integrations",
    "team_templates",
    "team_tickets",
    "team_workspace",
]
