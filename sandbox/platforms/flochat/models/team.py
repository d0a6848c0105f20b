"""The team (group E): its members and agent groups, integrations, mini apps, OpenAI
embeddings, ticket lists and templates; and, inside each flow, its inbound webhooks and
the templates installed in it. Each `team_*` module holds one of them; this one lists
their fixture sections in load order (ticket lists name members, so members come first).

Team info, team flows and the usage summaries read what other sections store
(team_workspace.py, team_summaries.py); labels are models/labels.py.
"""

from __future__ import annotations

from sandbox.platforms.flochat.models import (
    team_embeddings,
    team_integrations,
    team_members,
    team_mini_apps,
    team_template_fixtures,
    team_ticket_fixtures,
    team_webhooks,
)
from sandbox.platforms.flochat.models.sections import Section

TEAM_SECTIONS: list[Section] = [
    *team_members.TEAM_SECTIONS,
    *team_integrations.TEAM_SECTIONS,
    *team_mini_apps.TEAM_SECTIONS,
    *team_embeddings.TEAM_SECTIONS,
    *team_ticket_fixtures.TEAM_SECTIONS,
    *team_template_fixtures.TEAM_SECTIONS,
]
FLOW_SECTIONS: list[Section] = [
    *team_webhooks.FLOW_SECTIONS,
    *team_template_fixtures.FLOW_SECTIONS,
]
