"""The workspace: its info, members, bots, usage summaries and labels; and the flow's
agents, template installs and inbound webhooks (uchat-openapi.json tags "Workspace",
"Team Label", and part of "Flow")."""

from __future__ import annotations

from typing import Any

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
from sandbox.platforms.flochat.routes.team_common import ASSUMED_ERRORS, blp, paging
from sandbox.platforms.flochat.schemas import team as schemas
from sandbox.platforms.flochat.schemas.common import ListQuery
from sandbox.platforms.flochat.schemas.flow import NameInput

# -- the flow's agents, template installs and inbound webhooks ----------------------------------


@blp.route("/flow/agents", methods=["GET"])
@blp.operation(
    scope=FLOW_SCOPE,
    query=schemas.AgentQuery,
    answer=schemas.AgentList,
    source="flowAgents; the team's members who work on the key's bot",
)
def flow_agents(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of agents."""
    members = Members(api)
    found = members.list(
        members.of_flow(api.flow_id), data.get("name"), data.get("role"), *paging(data)
    )
    return {"data": [represent_member(m) for m in found]}


@blp.route("/flow/template-installs", methods=["GET"])
@blp.operation(
    scope=FLOW_SCOPE,
    query=schemas.PageQuery,
    answer=schemas.TemplateInstallList,
    source="FlowTemplatesInstalls",
)
def flow_template_installs(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of template installs in this flow."""
    found = Templates(api).installs_in_flow(*paging(data))
    return {"data": [represent_install(i) for i in found]}


@blp.route("/flow/inbound-webhooks", methods=["GET"])
@blp.operation(
    scope=FLOW_SCOPE,
    query=ListQuery,
    answer=schemas.InboundWebhookList,
    source="flowInboundWebhooks; webhooks come from fixtures (made in the flow builder)",
)
def flow_inbound_webhooks(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of inbound webhooks by flow."""
    found = InboundWebhooks(api).list(data.get("name"), *paging(data))
    return {"data": [represent_webhook(h) for h in found]}


# -- the workspace ------------------------------------------------------------------------------


@blp.route("/team-info", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE,
    answer=schemas.TeamInfo,
    source="workspaceInfo; the fixture's `team` (its owner is /me's user)",
)
def workspace_info(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get workspace info."""
    return {"data": team_info(api), "status": "ok"}


@blp.route("/team-members", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE,
    query=schemas.AgentQuery,
    answer=schemas.AgentList,
    source="workspaceMembers",
)
def workspace_members(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of workspace members."""
    members = Members(api)
    found = members.list(members.all(), data.get("name"), data.get("role"), *paging(data))
    return {"data": [represent_member(m) for m in found]}


@blp.route("/team-flows", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE,
    query=schemas.FlowQuery,
    answer=schemas.FlowList,
    source="workspaceBots; flow_ns is f<flow id> (assumed)",
)
def workspace_bots(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of workspace bots."""
    found = Flows(api).list(data.get("name"), data.get("type"), *paging(data))
    return {"data": [represent_flow(flow) for flow in found]}


@blp.route("/flow-summary", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE,
    query=schemas.SummaryQuery,
    answer=schemas.FlowUsageSummaryList,
    source="AnalyticsFlowSummary; one row per bot and UTC day, computed from subscribers and "
    f"messages as models/team_summaries.py says; {ASSUMED_ERRORS}",
)
def flow_summary(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get the flow summary: one row per bot and day of the range."""
    return {"data": Summaries(api).usage(data.get("range"), data.get("flow_ns"))}


@blp.route("/flow-agent-summary", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE,
    query=schemas.SummaryQuery,
    answer=schemas.FlowAgentSummaryList,
    source="AnalyticsFlowAgentSummary; one row per agent, bot and UTC day with activity, "
    f"computed as models/team_summaries.py says; {ASSUMED_ERRORS}",
)
def flow_agent_summary(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get the flow agent summary: one row per agent, bot and day with activity."""
    return {"data": Summaries(api).agents(data.get("range"), data.get("flow_ns"))}


# -- team labels --------------------------------------------------------------------------------


@blp.route("/team/labels", methods=["GET"])
@blp.operation(scope=TEAM_SCOPE, query=ListQuery, answer=schemas.TeamLabelList, source="teamLabels")
def team_labels(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of labels."""
    found = Labels(api).list(data.get("name"), *paging(data))
    return {"data": [represent_label(label) for label in found]}


@blp.route("/team/create-label", methods=["POST"])
@blp.operation(
    scope=TEAM_SCOPE,
    body=NameInput,
    answer=schemas.TeamLabel,
    source=f"teamCreateLabel; {ASSUMED_ERRORS} (a taken name is refused)",
)
def team_create_label(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Create new label."""
    return represent_label(Labels(api).create(data["name"]))


@blp.route("/team/delete-label", methods=["DELETE"])
@blp.operation(
    scope=TEAM_SCOPE,
    body=schemas.LabelIdInput,
    answer=OkSchema,
    source=f"teamDeleteLabel; {ASSUMED_ERRORS}",
)
def team_delete_label(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Delete label (subscribers of every bot lose it)."""
    labels = Labels(api)
    labels.delete(labels.by_id(data["id"]))
    return OK


@blp.route("/team/delete-label-by-name", methods=["DELETE"])
@blp.operation(
    scope=TEAM_SCOPE,
    body=NameInput,
    answer=OkSchema,
    source=f"teamDeleteLabelByName; {ASSUMED_ERRORS}",
)
def team_delete_label_by_name(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Delete label by label name."""
    labels = Labels(api)
    labels.delete(labels.by_name(data["name"]))
    return OK
