"""The team's ticket lists: their fields, tickets and change log (uchat-openapi.json tag
"Ticket List")."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.team_tickets import (
    TicketLists,
    represent_field,
    represent_list,
    represent_log,
    represent_ticket,
)
from sandbox.platforms.flochat.routes.common import OK, OkSchema
from sandbox.platforms.flochat.routes.tables import Serve, listing, op, operations
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

#: What a view does with the ticket list of its path: (the model, the list, the validated
#: input, the ticket's id where the path names one) -> the answer's body.
ListAct = Callable[..., dict[str, Any]]


def _on_list(act: ListAct) -> Serve:
    """Find the ticket list of the path (400 otherwise), then act on it."""

    def serve(api: Flochat, data: dict[str, Any], listId: str, **item: str) -> dict[str, Any]:
        tickets = TicketLists(api)
        return act(tickets, tickets.by_id(listId), data, **item)

    return serve


def _items(tickets: TicketLists, ticket_list: Record, data: dict[str, Any]) -> dict[str, Any]:
    found = tickets.tickets(
        ticket_list, data.get("title"), data.get("flow_ns"), data.get("user_ns"), *paging(data)
    )
    return {"data": [represent_ticket(t) for t in found]}


def _update(
    tickets: TicketLists, ticket_list: Record, data: dict[str, Any], listItemId: str
) -> dict[str, Any]:
    tickets.update(ticket_list, tickets.ticket(ticket_list, listItemId), data)
    return OK


def _delete(
    tickets: TicketLists, ticket_list: Record, data: dict[str, Any], listItemId: str
) -> dict[str, Any]:
    tickets.delete(tickets.ticket(ticket_list, listItemId))
    return OK


def _create(tickets: TicketLists, ticket_list: Record, data: dict[str, Any]) -> dict[str, Any]:
    tickets.create(ticket_list, data)
    return OK


LIST = "/team/ticket-lists/<listId>"
Top = partial(op, scope=TEAM_SCOPE)
# fmt: off
operations(blp, (
    Top("ticket_lists", "GET /team/ticket-lists", "Get list of ticket lists.",
        listing(TicketLists, represent_list), query=ListQuery,
        answer=ticket_schemas.TeamListList, source="teamTicketLists"),
    Top("ticket_list_fields", f"GET {LIST}/fields",
        "Get list of ticket list fields: the columns the list uses, with select options.",
        _on_list(lambda tickets, ticket_list, data: {
            "data": [represent_field(d) for d in ticket_list["fields"]], "status": "ok"
        }),
        parameters=[LIST_ID], answer=ticket_schemas.TicketFieldList,
        source="teamTicketListFields; the vendor documents ResponseOk only: the fields' shape "
        f"is assumed; {ASSUMED_ERRORS}", fidelity="assumed"),
    Top("ticket_list_items", f"GET {LIST}/items", "Get list of ticket list items.",
        _on_list(_items), parameters=[LIST_ID], query=ticket_schemas.TicketItemsQuery,
        answer=ticket_schemas.TicketList,
        source="teamTicketListItems; the vendor documents a ticket's title only: its other "
        f"columns are assumed; {ASSUMED_ERRORS}"),
    Top("ticket_list_log", f"GET {LIST}/log-data", "Get the ticket list change log data.",
        _on_list(lambda tickets, ticket_list, data: {
            "data": [represent_log(e) for e in tickets.log(ticket_list, data)]
        }),
        parameters=[LIST_ID], query=ticket_schemas.LogQuery,
        answer=ticket_schemas.TeamListLogDataList,
        source="teamTicketListLogData; select columns' changes, oldest first, 100 by default; "
        f"{ASSUMED_ERRORS}"),
    Top("ticket_create", f"POST {LIST}/create",
        "Create new ticket for a subscriber of any of the team's bots.", _on_list(_create),
        parameters=[LIST_ID], body=ticket_schemas.TicketCreate, answer=OkSchema,
        source=f"teamCreateTicketListItem; {ASSUMED_ERRORS}"),
    Top("ticket_update", f"PUT {LIST}/update/<listItemId>",
        'Update a ticket: only the fields given change ("" clears one).', _on_list(_update),
        parameters=[LIST_ID, ITEM_ID], body=ticket_schemas.TicketUpdate, answer=OkSchema,
        source=f"teamUpdateTicketListItem; {ASSUMED_ERRORS}"),
    Top("ticket_delete", f"DELETE {LIST}/delete/<listItemId>", "Delete a ticket.",
        _on_list(_delete), parameters=[LIST_ID, ITEM_ID], answer=OkSchema,
        source=f"teamDeleteTicketListItem; {ASSUMED_ERRORS} (its change log stays)"),
))
# fmt: on
