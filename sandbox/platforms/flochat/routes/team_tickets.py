"""The team's ticket lists: their fields, tickets and change log (uchat-openapi.json tag
"Ticket List")."""

from __future__ import annotations

from typing import Any

from sandbox.platforms.flochat.models.api import TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.team_tickets import (
    TicketLists,
    represent_field,
    represent_list,
    represent_log,
    represent_ticket,
)
from sandbox.platforms.flochat.routes.common import OK, OkSchema
from sandbox.platforms.flochat.routes.team_common import (
    ASSUMED_ERRORS,
    ITEM_ID,
    LIST_ID,
    blp,
    paging,
)
from sandbox.platforms.flochat.schemas import team_tickets as ticket_schemas
from sandbox.platforms.flochat.schemas.common import ListQuery

# -- ticket lists -------------------------------------------------------------------------------


@blp.route("/team/ticket-lists", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE, query=ListQuery, answer=ticket_schemas.TeamListList, source="teamTicketLists"
)
def ticket_lists(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of ticket lists."""
    found = TicketLists(api).list(data.get("name"), *paging(data))
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
        *paging(data),
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
