"""The workspace: its info, members, bots, usage summaries and labels; and the flow's
agents, template installs and inbound webhooks (uchat-openapi.json tags "Workspace",
"Team Label", and part of "Flow")."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import FLOW_SCOPE, TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.labels import Labels
from sandbox.platforms.flochat.models.labels import represent as represent_label
from sandbox.platforms.flochat.models.team_members import Members
from sandbox.platforms.flochat.models.team_members import represent as represent_member
from sandbox.platforms.flochat.models.team_summaries import Summaries
from sandbox.platforms.flochat.models.team_templates import Templates, represent_install
from sandbox.platforms.flochat.models.team_webhooks import InboundWebhooks
from sandbox.platforms.flochat.models.team_webhooks import represent as represent_webhook
from sandbox.platforms.flochat.models.team_workspace import Flows, represent_flow, team_info
from sandbox.platforms.flochat.routes.common import OK, OkSchema
from sandbox.platforms.flochat.routes.tables import Serve, listing, op, operations
from sandbox.platforms.flochat.routes.team_common import ASSUMED_ERRORS, blp, paging
from sandbox.platforms.flochat.schemas import team as schemas
from sandbox.platforms.flochat.schemas.common import ListQuery, PageQuery
from sandbox.platforms.flochat.schemas.flow import NameInput


def _members(of: Callable[[Flochat, Members], list[Record]]) -> Serve:
    """Members (`of`: those among the team's the read is about) by name and role, paged."""

    def serve(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        members = Members(api)
        found = members.list(of(api, members), data.get("name"), data.get("role"), *paging(data))
        return {"data": [represent_member(m) for m in found]}

    return serve


def _summary(rows: Callable[[Summaries, Any, Any], list[dict[str, Any]]]) -> Serve:
    return lambda api, data: {"data": rows(Summaries(api), data.get("range"), data.get("flow_ns"))}


def _delete_label(by: str, key: str) -> Serve:
    """Delete the label the body names: `by` "by_id" or "by_name" on `key`."""

    def serve(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        labels = Labels(api)
        labels.delete(getattr(labels, by)(data[key]))
        return OK

    return serve


Top = partial(op, scope=TEAM_SCOPE)
Fop = partial(op, scope=FLOW_SCOPE)
# fmt: off
operations(blp, (
    # -- the flow's agents, template installs and inbound webhooks
    Fop("flow_agents", "GET /flow/agents", "Get list of agents.",
        _members(lambda api, members: members.of_flow(api.flow_id)),
        query=schemas.AgentQuery, answer=schemas.AgentList,
        source="flowAgents; the team's members who work on the key's bot"),
    Fop("flow_template_installs", "GET /flow/template-installs",
        "Get list of template installs in this flow.",
        lambda api, data: {"data": [
            represent_install(i) for i in Templates(api).installs_in_flow(*paging(data))
        ]},
        query=PageQuery, answer=schemas.TemplateInstallList,
        source="FlowTemplatesInstalls"),
    Fop("flow_inbound_webhooks", "GET /flow/inbound-webhooks",
        "Get list of inbound webhooks by flow.", listing(InboundWebhooks, represent_webhook),
        query=ListQuery, answer=schemas.InboundWebhookList,
        source="flowInboundWebhooks; webhooks come from fixtures (made in the flow builder)"),
    # -- the workspace
    Top("workspace_info", "GET /team-info", "Get workspace info.",
        lambda api, data: {"data": team_info(api), "status": "ok"},
        answer=schemas.TeamInfo,
        source="workspaceInfo; the fixture's `team` (its owner is /me's user)"),
    Top("workspace_members", "GET /team-members", "Get list of workspace members.",
        _members(lambda api, members: members.all()), query=schemas.AgentQuery,
        answer=schemas.AgentList, source="workspaceMembers"),
    Top("workspace_bots", "GET /team-flows", "Get list of workspace bots.",
        listing(Flows, represent_flow, "name", "type"),
        query=schemas.FlowQuery, answer=schemas.FlowList,
        source="workspaceBots; flow_ns is f<flow id> (assumed)"),
    Top("flow_summary", "GET /flow-summary",
        "Get the flow summary: one row per bot and day of the range.",
        _summary(Summaries.usage), query=schemas.SummaryQuery,
        answer=schemas.FlowUsageSummaryList,
        source="AnalyticsFlowSummary; one row per bot and UTC day, computed from subscribers "
        f"and messages as models/team_summaries.py says; {ASSUMED_ERRORS}"),
    Top("flow_agent_summary", "GET /flow-agent-summary",
        "Get the flow agent summary: one row per agent, bot and day with activity.",
        _summary(Summaries.agents), query=schemas.SummaryQuery,
        answer=schemas.FlowAgentSummaryList,
        source="AnalyticsFlowAgentSummary; one row per agent, bot and UTC day with activity, "
        f"computed as models/team_summaries.py says; {ASSUMED_ERRORS}"),
    # -- team labels
    Top("team_labels", "GET /team/labels", "Get list of labels.",
        listing(Labels, represent_label), query=ListQuery, answer=schemas.TeamLabelList,
        source="teamLabels"),
    Top("team_create_label", "POST /team/create-label", "Create new label.",
        lambda api, data: represent_label(Labels(api).create(data["name"])), body=NameInput,
        answer=schemas.TeamLabel,
        source=f"teamCreateLabel; {ASSUMED_ERRORS} (a taken name is refused)"),
    Top("team_delete_label", "DELETE /team/delete-label",
        "Delete label (subscribers of every bot lose it).", _delete_label("by_id", "id"),
        body=schemas.LabelIdInput, answer=OkSchema,
        source=f"teamDeleteLabel; {ASSUMED_ERRORS}"),
    Top("team_delete_label_by_name", "DELETE /team/delete-label-by-name",
        "Delete label by label name.", _delete_label("by_name", "name"), body=NameInput,
        answer=OkSchema, source=f"teamDeleteLabelByName; {ASSUMED_ERRORS}"),
))
# fmt: on
