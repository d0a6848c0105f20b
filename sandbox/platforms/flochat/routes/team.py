"""The team: info, members, flows, usage summaries, labels, ticket lists, templates,
integrations, mini apps and OpenAI embeddings; and the flow's agents, template installs
and inbound webhooks (uchat-openapi.json tags "Workspace", "Team Label", "Ticket List",
"Template", "Integration", "OpenAI", and part of "Flow")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import Schema

from sandbox.platforms.flochat import laravel
from sandbox.platforms.flochat.models.api import FLOW_SCOPE, TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.labels import Labels
from sandbox.platforms.flochat.models.labels import represent as represent_label
from sandbox.platforms.flochat.models.team_embeddings import Embeddings
from sandbox.platforms.flochat.models.team_embeddings import represent as represent_embedding
from sandbox.platforms.flochat.models.team_integrations import KINDS, Integrations
from sandbox.platforms.flochat.models.team_members import Members
from sandbox.platforms.flochat.models.team_members import represent as represent_member
from sandbox.platforms.flochat.models.team_mini_apps import MiniApps
from sandbox.platforms.flochat.models.team_mini_apps import represent as represent_app
from sandbox.platforms.flochat.models.team_summaries import Summaries
from sandbox.platforms.flochat.models.team_templates import (
    Templates,
    represent_install,
    represent_template,
)
from sandbox.platforms.flochat.models.team_tickets import (
    TicketLists,
    represent_field,
    represent_list,
    represent_log,
    represent_ticket,
)
from sandbox.platforms.flochat.models.team_webhooks import InboundWebhooks
from sandbox.platforms.flochat.models.team_webhooks import represent as represent_webhook
from sandbox.platforms.flochat.models.team_workspace import Flows, represent_flow, team_info
from sandbox.platforms.flochat.routes.common import OK, FlochatBlueprint, OkSchema
from sandbox.platforms.flochat.schemas import team as schemas
from sandbox.platforms.flochat.schemas import team_integrations as integration_schemas
from sandbox.platforms.flochat.schemas import team_tickets as ticket_schemas
from sandbox.platforms.flochat.schemas.common import ListQuery
from sandbox.platforms.flochat.schemas.flow import NameInput

blp = FlochatBlueprint(
    "team",
    __name__,
    description="The team, and the flow's agents, template installs and inbound webhooks",
)
ASSUMED_ERRORS = "error texts assumed"


def _path(name: str, kind: str, description: str) -> dict[str, Any]:
    """A path parameter as the vendor types it (any other value is answered not found)."""
    return {
        "in": "path",
        "name": name,
        "required": True,
        "description": description,
        "schema": {"type": kind},
    }


LIST_ID = _path("listId", "integer", "List Id")
ITEM_ID = _path("listItemId", "integer", "List Item Id")
EMBEDDING_ID = _path("id", "integer", "Id")
APP_ID = _path("app_id", "integer", "Mini App Id")
TEMPLATE_NS = _path("templateNs", "string", "Template Ns")


def _paging(data: dict[str, Any]) -> tuple[int | None, int | None]:
    return data.get("limit"), data.get("page")


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
        members.of_flow(api.flow_id), data.get("name"), data.get("role"), *_paging(data)
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
    found = Templates(api).installs_in_flow(*_paging(data))
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
    found = InboundWebhooks(api).list(data.get("name"), *_paging(data))
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
    found = members.list(members.all(), data.get("name"), data.get("role"), *_paging(data))
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
    found = Flows(api).list(data.get("name"), data.get("type"), *_paging(data))
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
    found = Labels(api).list(data.get("name"), *_paging(data))
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


# -- ticket lists -------------------------------------------------------------------------------


@blp.route("/team/ticket-lists", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE, query=ListQuery, answer=ticket_schemas.TeamListList, source="teamTicketLists"
)
def ticket_lists(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of ticket lists."""
    found = TicketLists(api).list(data.get("name"), *_paging(data))
    return {"data": [represent_list(t) for t in found]}


@blp.route("/team/ticket-lists/<listId>/fields", methods=["GET"], parameters=[LIST_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    answer=ticket_schemas.TicketFieldList,
    source="teamTicketListFields; the vendor documents ResponseOk only: the fields' shape "
    f"is assumed; {ASSUMED_ERRORS}",
    fidelity="assumed",
)
def ticket_list_fields(api: Flochat, data: dict[str, Any], listId: str) -> dict[str, Any]:
    """Get list of ticket list fields: the columns the list uses, with select options."""
    ticket_list = TicketLists(api).by_id(listId)
    return {"data": [represent_field(d) for d in ticket_list["fields"]], "status": "ok"}


@blp.route("/team/ticket-lists/<listId>/items", methods=["GET"], parameters=[LIST_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    query=ticket_schemas.TicketItemsQuery,
    answer=ticket_schemas.TicketList,
    source="teamTicketListItems; the vendor documents a ticket's title only: its other "
    f"columns are assumed; {ASSUMED_ERRORS}",
)
def ticket_list_items(api: Flochat, data: dict[str, Any], listId: str) -> dict[str, Any]:
    """Get list of ticket list items."""
    tickets = TicketLists(api)
    found = tickets.tickets(
        tickets.by_id(listId),
        data.get("title"),
        data.get("flow_ns"),
        data.get("user_ns"),
        *_paging(data),
    )
    return {"data": [represent_ticket(t) for t in found]}


@blp.route("/team/ticket-lists/<listId>/log-data", methods=["GET"], parameters=[LIST_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    query=ticket_schemas.LogQuery,
    answer=ticket_schemas.TeamListLogDataList,
    source="teamTicketListLogData; select columns' changes, oldest first, 100 by default; "
    f"{ASSUMED_ERRORS}",
)
def ticket_list_log(api: Flochat, data: dict[str, Any], listId: str) -> dict[str, Any]:
    """Get the ticket list change log data."""
    tickets = TicketLists(api)
    return {"data": [represent_log(e) for e in tickets.log(tickets.by_id(listId), data)]}


@blp.route("/team/ticket-lists/<listId>/create", methods=["POST"], parameters=[LIST_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    body=ticket_schemas.TicketCreate,
    answer=OkSchema,
    source=f"teamCreateTicketListItem; {ASSUMED_ERRORS}",
)
def ticket_create(api: Flochat, data: dict[str, Any], listId: str) -> dict[str, Any]:
    """Create new ticket for a subscriber of any of the team's bots."""
    tickets = TicketLists(api)
    tickets.create(tickets.by_id(listId), data)
    return OK


@blp.route(
    "/team/ticket-lists/<listId>/update/<listItemId>",
    methods=["PUT"],
    parameters=[LIST_ID, ITEM_ID],
)
@blp.operation(
    scope=TEAM_SCOPE,
    body=ticket_schemas.TicketUpdate,
    answer=OkSchema,
    source=f"teamUpdateTicketListItem; {ASSUMED_ERRORS}",
)
def ticket_update(
    api: Flochat, data: dict[str, Any], listId: str, listItemId: str
) -> dict[str, Any]:
    """Update a ticket: only the fields given change ("" clears one)."""
    tickets = TicketLists(api)
    ticket_list = tickets.by_id(listId)
    tickets.update(ticket_list, tickets.ticket(ticket_list, listItemId), data)
    return OK


@blp.route(
    "/team/ticket-lists/<listId>/delete/<listItemId>",
    methods=["DELETE"],
    parameters=[LIST_ID, ITEM_ID],
)
@blp.operation(
    scope=TEAM_SCOPE,
    answer=OkSchema,
    source=f"teamDeleteTicketListItem; {ASSUMED_ERRORS} (its change log stays)",
)
def ticket_delete(
    api: Flochat, data: dict[str, Any], listId: str, listItemId: str
) -> dict[str, Any]:
    """Delete a ticket."""
    tickets = TicketLists(api)
    tickets.delete(tickets.ticket(tickets.by_id(listId), listItemId))
    return OK


# -- templates ----------------------------------------------------------------------------------


@blp.route("/templates", methods=["GET"])
@blp.operation(scope=TEAM_SCOPE, query=ListQuery, answer=schemas.TemplateList, source="Templates")
def templates(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of templates."""
    found = Templates(api).list(data.get("name"), *_paging(data))
    return {"data": [represent_template(t) for t in found]}


@blp.route("/template/<templateNs>/installs", methods=["GET"], parameters=[TEMPLATE_NS])
@blp.operation(
    scope=TEAM_SCOPE,
    query=schemas.PageQuery,
    answer=schemas.TemplateInstallList,
    source=f"TemplatesInstalls; {ASSUMED_ERRORS}",
)
def template_installs(api: Flochat, data: dict[str, Any], templateNs: str) -> dict[str, Any]:
    """Get list of installs by template ns."""
    found = Templates(api)
    installs = found.installs_of(found.by_ns(templateNs), *_paging(data))
    return {"data": [represent_install(i) for i in installs]}


@blp.route(
    "/template/<templateNs>/generate-one-time-link", methods=["POST"], parameters=[TEMPLATE_NS]
)
@blp.operation(
    scope=TEAM_SCOPE,
    query=schemas.OneTimeLinkQuery,
    answer=schemas.OneTimeLinkAnswer,
    source=f"TemplateOneTimeLink; the link's URL is assumed; {ASSUMED_ERRORS}",
)
def template_one_time_link(api: Flochat, data: dict[str, Any], templateNs: str) -> dict[str, Any]:
    """Generate template one time install link."""
    found = Templates(api)
    return {"data": found.one_time_link(found.by_ns(templateNs), data.get("days")), "status": "ok"}


# -- integrations -------------------------------------------------------------------------------

INTEGRATION_SOURCE = (
    "the sandbox checks the credentials' form only (verified / failed); secrets are "
    "answered masked; {} as data when not set up (assumed)"
)


def _integration(
    kind_name: str,
    title: str,
    body: type[laravel.Input],
    read: type[Schema],
    saved: type[Schema],
    operation_ids: tuple[str, str, str],
) -> None:
    """GET, POST and DELETE /integration/<kind>: read, save and clear its credentials."""
    kind = KINDS[kind_name]
    read_answer = integration_schemas.integration_answer(read, f"{title}Config")
    saved_answer = (
        read_answer
        if saved is read
        else integration_schemas.integration_answer(saved, f"{title}Saved")
    )
    rule = f"/integration/{kind_name}"
    get_id, update_id, clear_id = operation_ids

    def get_config(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        return {"status": "ok", "data": Integrations(api).config(kind) or {}}

    def update_config(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        return {"status": "ok", "data": Integrations(api).save(kind, data)}

    def clear_config(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        Integrations(api).clear(kind)
        return OK

    views: list[tuple[Callable[..., Any], str, str, dict[str, Any]]] = [
        (get_config, "GET", get_id, {"answer": read_answer}),
        (update_config, "POST", update_id, {"answer": saved_answer, "body": body}),
        (clear_config, "DELETE", clear_id, {"answer": OkSchema}),
    ]
    verbs = {"GET": "Get", "POST": "Update", "DELETE": "Clear"}
    for view, method, operation_id, options in views:
        view.__name__ = operation_id
        view.__doc__ = f"{verbs[method]} the config of the {title} integration."
        documented = blp.operation(
            scope=TEAM_SCOPE, source=f"{operation_id}; {INTEGRATION_SOURCE}", **options
        )(view)
        blp.route(rule, methods=[method], endpoint=operation_id)(documented)


_integration(
    "shopify",
    "Shopify",
    integration_schemas.ShopifyInput,
    integration_schemas.Shopify,
    integration_schemas.Shopify,
    ("getShopifyData", "updateShopifyData", "clearShopifyData"),
)
_integration(
    "woocommerce",
    "WooCommerce",
    integration_schemas.WoocommerceInput,
    integration_schemas.Woocommerce,
    integration_schemas.Woocommerce,
    ("getWoocommerceData", "updateWoocommerceData", "clearWoocommerceData"),
)
_integration(
    "dropi",
    "Dropi",
    integration_schemas.DropiInput,
    integration_schemas.Dropi,
    integration_schemas.Dropi,
    ("getDropiData", "updateDropiData", "clearDropiData"),
)
_integration(
    "meta-conversions-api",
    "MetaConversionsApi",
    integration_schemas.MetaConversionsInput,
    integration_schemas.MetaConversions,
    integration_schemas.MetaConversions,
    ("getMetaConversionsApiData", "updateMetaConversionsApiData", "clearMetaConversionsApiData"),
)
_integration(
    "openai",
    "OpenAi",
    integration_schemas.OpenAiInput,
    integration_schemas.OpenAi,
    integration_schemas.OpenAi,
    ("getOpenAiData", "updateOpenAiData", "clearOpenAiData"),
)
_integration(
    "s3storage",
    "S3Storage",
    integration_schemas.S3StorageInput,
    integration_schemas.S3Storage,
    integration_schemas.S3StorageSaved,
    ("getS3StorageData", "updateS3StorageData", "clearS3StorageData"),
)


# -- installed mini apps ------------------------------------------------------------------------


@blp.route("/installed-mini-app/list", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE,
    query=integration_schemas.MiniAppQuery,
    answer=integration_schemas.InstalledAppList,
    source="listInstalledMiniApps; apps come from fixtures (installed from the app store)",
)
def installed_mini_apps(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get the list of installed mini apps."""
    found = MiniApps(api).list(data.get("title"), *_paging(data))
    return {"status": "ok", "data": [represent_app(app) for app in found]}


@blp.route("/installed-mini-app/update-api-key/<app_id>", methods=["POST"], parameters=[APP_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    body=integration_schemas.MiniAppKeyInput,
    answer=OkSchema,
    source="updateMiniAppApiKey; every one of the app's param_names is a required string; "
    f"{ASSUMED_ERRORS}",
)
def update_mini_app_api_key(api: Flochat, data: dict[str, Any], app_id: str) -> dict[str, Any]:
    """Update the parameters of an installed mini app that authenticates with an API key."""
    apps = MiniApps(api)
    app = apps.api_key_app(app_id)
    rules = laravel.Input.from_dict(
        {name: laravel.LongText(required=True) for name in app["param_names"]}, name="MiniAppParams"
    )
    apps.set_params(app, laravel.load(rules))
    return OK


# -- OpenAI embeddings --------------------------------------------------------------------------


@blp.route("/openai-embeddings", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE,
    query=integration_schemas.EmbeddingQuery,
    answer=integration_schemas.EmbeddingList,
    source="OpenAiEmbeddingList",
)
def embeddings(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of OpenAI Embeddings."""
    found = Embeddings(api).list(data.get("heading"), data.get("text"), *_paging(data))
    return {"data": [represent_embedding(e) for e in found]}


@blp.route("/openai-embeddings/<id>/get-info", methods=["GET"], parameters=[EMBEDDING_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    answer=integration_schemas.EmbeddingAnswer,
    source=f"OpenAiEmbeddingGetInfo; {ASSUMED_ERRORS}",
)
def embedding_info(api: Flochat, data: dict[str, Any], id: str) -> dict[str, Any]:
    """Get embedding info."""
    return {"data": represent_embedding(Embeddings(api).by_id(id)), "status": "ok"}


@blp.route("/openai-embeddings/create", methods=["POST"])
@blp.operation(
    scope=TEAM_SCOPE,
    body=integration_schemas.EmbeddingInput,
    answer=integration_schemas.EmbeddingAnswer,
    source=f"OpenAiEmbeddingCreate; {ASSUMED_ERRORS} (a heading is unique, any case)",
)
def embedding_create(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Create new embedding."""
    return {"data": represent_embedding(Embeddings(api).create(data)), "status": "ok"}


@blp.route("/openai-embeddings/<id>/update", methods=["PUT"], parameters=[EMBEDDING_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    body=integration_schemas.EmbeddingChanges,
    answer=integration_schemas.EmbeddingAnswer,
    source=f"OpenAiEmbeddingUpdate; {ASSUMED_ERRORS}",
)
def embedding_update(api: Flochat, data: dict[str, Any], id: str) -> dict[str, Any]:
    """Update embedding heading and text (only those given)."""
    found = Embeddings(api)
    return {"data": represent_embedding(found.update(found.by_id(id), data)), "status": "ok"}


@blp.route("/openai-embeddings/<id>/delete", methods=["DELETE"], parameters=[EMBEDDING_ID])
@blp.operation(scope=TEAM_SCOPE, answer=OkSchema, source=f"OpenAiEmbeddingDelete; {ASSUMED_ERRORS}")
def embedding_delete(api: Flochat, data: dict[str, Any], id: str) -> dict[str, Any]:
    """Delete embedding."""
    found = Embeddings(api)
    found.delete(found.by_id(id))
    return OK


@blp.route("/openai-embeddings/import", methods=["POST"])
@blp.operation(
    scope=TEAM_SCOPE,
    body=integration_schemas.EmbeddingImport,
    answer=integration_schemas.ImportAnswer,
    source="OpenAiEmbeddingImport; a row whose heading exists updates it, or is skipped "
    f"when nothing differs; {ASSUMED_ERRORS}",
)
def embedding_import(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Import OpenAI Embeddings: up to 100 rows (heading up to 50 characters, text 1000)."""
    return {"status": "ok", **Embeddings(api).import_rows(data["rows"])}


@blp.route("/openai-embeddings/generate", methods=["POST"])
@blp.operation(
    scope=TEAM_SCOPE,
    answer=OkSchema,
    source=f"OpenAiEmbeddingGenerate; needs the OpenAI integration, verified; {ASSUMED_ERRORS}",
)
def embedding_generate(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Regenerate embeddings (with the team's OpenAI integration)."""
    Embeddings(api).regenerate()
    return OK
