"""Inputs and answers of the team (uchat-openapi.json tags "Workspace", "Team Label",
"Template") and of the flow's agents, template installs and inbound webhooks ("Flow").
Integrations, mini apps and embeddings are in team_integrations.py, ticket lists in
team_tickets.py."""

from __future__ import annotations

from marshmallow import Schema, fields

from sandbox.core.envelopes import OK_STATUS, envelope, many, one
from sandbox.core.stacks import laravel
from sandbox.platforms.flochat.models.team_members import ROLES
from sandbox.platforms.flochat.models.team_summaries import RANGES
from sandbox.platforms.flochat.models.team_workspace import FLOW_TYPES
from sandbox.platforms.flochat.schemas.common import ListQuery
from sandbox.platforms.flochat.schemas.shop import at_most

# -- inputs -----------------------------------------------------------------------------------


class AgentQuery(ListQuery):
    role = laravel.Text(
        validate=laravel.one_of(ROLES),
        metadata={"description": "Filter by role: owner, admin, member, agent"},
    )


class FlowQuery(ListQuery):
    type = laravel.Text(
        validate=laravel.one_of(FLOW_TYPES),
        metadata={"description": f"Filter by channel type: {', '.join(FLOW_TYPES)}"},
    )


class SummaryQuery(laravel.Input):
    range = laravel.Text(
        validate=laravel.one_of(RANGES),
        metadata={"description": f"One of {', '.join(RANGES)}; yesterday by default"},
    )
    flow_ns = laravel.Text(metadata={"description": "Only the summary of this bot (f<flow id>)"})


class LabelIdInput(laravel.Input):
    id = laravel.Integer(required=True)


#: The longest a one-time link may last (assumed: the vendor documents no maximum; the
#: bound keeps the expiry a date the sandbox can write, a century ahead).
MAX_LINK_DAYS = 36500


class OneTimeLinkQuery(laravel.Input):
    days = laravel.Integer(
        validate=[laravel.at_least(1), at_most(MAX_LINK_DAYS)],
        metadata={
            "description": f"Days until the link expires, 30 by default (1 to {MAX_LINK_DAYS})"
        },
    )


# -- answers ----------------------------------------------------------------------------------


class Agent(Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()
    image = fields.String()
    role = fields.String(metadata={"enum": list(ROLES)})
    is_online = fields.Boolean()


AgentList = envelope("AgentList", data=many(Agent))


class TemplateInstall(Schema):
    id = fields.Integer()
    template_ns = fields.String()
    flow_ns = fields.String()
    team_id = fields.Integer()
    scope = fields.String(metadata={"example": "bot"})
    allow_republish = fields.Integer()
    can_view = fields.Integer()
    can_edit = fields.Integer()
    auto_update = fields.Integer()
    version = fields.String()
    created_at = fields.String()
    updated_at = fields.String()
    uninstalled_at = fields.String(metadata={"description": '"" while installed'})


TemplateInstallList = envelope("TemplateInstallList", data=many(TemplateInstall))


class InboundWebhook(Schema):
    name = fields.String(required=True)
    hook_uid = fields.String(required=True)
    sub_flow_ns = fields.String(required=True)
    status = fields.String(required=True)
    url = fields.String()


InboundWebhookList = envelope("InboundWebhookList", data=many(InboundWebhook))


def _counts(*names: str) -> dict[str, fields.Field]:
    return {name: fields.Integer() for name in names}


def _day_summary(*counts: str) -> dict[str, fields.Field]:
    """A row of the vendor's daily analytics: the bot and the day, then integer counts
    (`counts`, in the vendor's order). The bot's summary and an agent's share the agents'
    work and average times (AGENT_WORK, AVERAGE_TIMES), counted the same way."""
    return {
        "flow_ns": fields.String(),
        "summary_date": fields.String(metadata={"example": "2026-02-28"}),
        **_counts(*counts),
    }


AGENT_WORK = ("day_agent_messages", "day_note_messages", "day_assigned", "day_done")
AVERAGE_TIMES = ("avg_agent_response_time", "avg_resolve_time")


FlowUsageSummary = Schema.from_dict(
    _day_summary(
        "total_bot_users",
        "day_active_bot_users",
        "day_new_bot_users",
        "day_total_messages",
        "day_in_messages",
        "day_out_messages",
        *AGENT_WORK,
        "day_email_sent",
        "day_email_open",
        *AVERAGE_TIMES,
    ),
    name="FlowUsageSummary",
)
FlowUsageSummaryList = envelope("FlowUsageSummaryList", data=many(FlowUsageSummary))
FlowAgentSummary = Schema.from_dict(
    _day_summary("agent_id", "day_reply_bot_users", *AGENT_WORK, *AVERAGE_TIMES),
    name="FlowAgentSummary",
)
FlowAgentSummaryList = envelope("FlowAgentSummaryList", data=many(FlowAgentSummary))


class Flow(Schema):
    name = fields.String(required=True)
    flow_ns = fields.String(required=True, metadata={"example": "f123456"})
    type = fields.String()
    linked_label = fields.String()


FlowList = envelope("FlowList", data=many(Flow))


class TeamInfoData(Schema):
    id = fields.Integer()
    name = fields.String()
    image = fields.String()
    owner_id = fields.Integer()
    owner_email = fields.String()


TeamInfo = envelope("TeamInfo", data=one(TeamInfoData), status=OK_STATUS)


class TeamLabel(Schema):
    id = fields.Integer()
    name = fields.String(required=True)


TeamLabelList = envelope("TeamLabelList", data=many(TeamLabel))


class Template(Schema):
    id = fields.Integer()
    template_ns = fields.String()
    name = fields.String()
    description = fields.String()
    image = fields.String()
    price = fields.Integer()
    type = fields.String()
    scope = fields.String(metadata={"example": "bot"})
    status = fields.String()


TemplateList = envelope("TemplateList", data=many(Template))


class OneTimeLink(Schema):
    expired_at = fields.String()
    one_time_token = fields.String()
    url = fields.String()


OneTimeLinkAnswer = envelope("OneTimeLinkAnswer", data=one(OneTimeLink), status=OK_STATUS)
