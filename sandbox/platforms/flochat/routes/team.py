"""The team: info, labels, ticket lists, members, templates, integrations, mini apps,
OpenAI embeddings, summaries, flows; the flow's agents, template installs and inbound
webhooks (group E).

Not implemented yet.
"""

from __future__ import annotations

from sandbox.platforms.flochat.routes.common import FlochatBlueprint

blp = FlochatBlueprint(
    "team",
    __name__,
    description="The team, and the flow's agents, template installs and inbound webhooks",
)
