"""The team: info, labels API, ticket lists, members, templates, integrations, mini apps,
OpenAI embeddings, summaries, flows; and the flow's agents, template installs and
inbound webhooks (group E).

Not implemented yet.
"""

from __future__ import annotations

from sandbox.platforms.flochat.models.sections import Section

TEAM_SECTIONS: list[Section] = []
FLOW_SECTIONS: list[Section] = []
