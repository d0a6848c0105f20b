"""Ticket lists: the team's lists (made in the app, so from fixtures), their fields, their
items (tickets) and the log of their changes.

A ticket belongs to a subscriber (`user_ns`) of one of the team's bots. Besides its title,
description and assignee (a team member), it has fixed columns: text1-5, select1-5,
number1-2, rating1-2 and date1-2. A list's `fields` name the columns it uses and, for
select columns, their options (`option_key`, an integer, and `option_code`, a string; the
API takes either). The change log records what the vendor's log documents: the select
columns a ticket was created with (`create`) and every later change of one (`update`;
a cleared column logs 0). Deleting a ticket keeps its log.

Rows: TICKET_LISTS {id, name, icon, list_code, is_live, fields: [{column_name, name,
options}]}; TICKETS {id, list_id, flow, user_ns, title, description, assignee, <columns>,
created_at, updated_at}; TICKET_LOGS {id, list_id, list_item_id, flow, user_ns, action,
column_name, value, created_at}.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from marshmallow import fields

from sandbox.core.resources import pick
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import FlochatResource
from sandbox.platforms.flochat.models.common import (
    MEMBERS,
    SUBSCRIBERS,
    name_matches,
    page,
)
from sandbox.platforms.flochat.models.subscribers import SUBSCRIBER_NOT_FOUND
from sandbox.platforms.flochat.models.team_common import path_id
from sandbox.platforms.flochat.models.team_workspace import flow_ns


def ticket_fields(
    head: dict[str, fields.Field], columns: dict[str, fields.Field]
) -> dict[str, fields.Field]:
    """A ticket's fields in the vendor's order, as its answer (schemas/team_tickets.py) and
    its fixture entry both describe it: `head` (its ids) and `columns` (the list's column
    values) are what they describe differently."""
    return {
        **head,
        "title": fields.String(required=True),
        "description": fields.String(allow_none=True),
        "assignee": fields.Integer(allow_none=True),
        **columns,
        "created_at": fields.String(),
        "updated_at": fields.String(),
    }


TICKET_LISTS = "flochat.ticket_lists"
TICKETS = "flochat.tickets"
TICKET_LOGS = "flochat.ticket_logs"
LIST_NOT_FOUND = "Ticket list not found"
TICKET_NOT_FOUND = "Ticket not found"
INVALID = "The selected {column} is invalid."  # Laravel's `in` / `exists` rules

COLUMN_KINDS = {
    "text": ("text1", "text2", "text3", "text4", "text5"),
    "select": ("select1", "select2", "select3", "select4", "select5"),
    "number": ("number1", "number2"),
    "rating": ("rating1", "rating2"),
    "date": ("date1", "date2"),
}
COLUMNS = tuple(column for columns in COLUMN_KINDS.values() for column in columns)
SELECTS = COLUMN_KINDS["select"]
EDITABLE = ("title", "description", "assignee", *COLUMNS)
#: Log filters and rows read a flow's ns; a ticket's user_ns names its bot.
_USER_NS = re.compile(r"^f(\d+)u\d+$")
LOG_LIMIT = 100  # the vendor's log takes `limit` (1-100) and no page: assumed default


def column_kind(column: str) -> str:
    return next(kind for kind, columns in COLUMN_KINDS.items() if column in columns)


def represent_list(ticket_list: Record) -> dict[str, Any]:
    """The vendor's TeamList."""
    return {
        **pick(ticket_list, "id", "name", "icon", "list_code"),
        "is_live": int(ticket_list["is_live"]),
    }


def represent_field(definition: dict[str, Any]) -> dict[str, Any]:
    field = {
        "column_name": definition["column_name"],
        "name": definition["name"],
        "type": column_kind(definition["column_name"]),
    }
    if field["type"] == "select":
        field["options"] = [dict(option) for option in definition["options"]]
    return field


def represent_ticket(ticket: Record) -> dict[str, Any]:
    """A ticket: the vendor documents its `title` only; the rest are its columns."""
    return {
        "id": ticket["id"],
        "list_id": ticket["list_id"],
        "flow_ns": flow_ns(ticket["flow"]),
        **pick(ticket, "user_ns", "title", "description", "assignee"),
        **{column: ticket[column] for column in COLUMNS},
        "created_at": ticket["created_at"],
        "updated_at": ticket["updated_at"],
    }


def represent_log(log: Record) -> dict[str, Any]:
    """The vendor's TeamListLogData. Its schema requires an `event_ns` (it looks copied
    from the custom events' log): a ticket change has none, so it is ""."""
    return {
        **pick(log, "id", "list_id", "list_item_id"),
        "flow_ns": flow_ns(log["flow"]),
        **pick(log, "user_ns", "action", "column_name", "value", "created_at"),
        "event_ns": "",
    }


def flow_of_user_ns(user_ns: str) -> int | None:
    match = _USER_NS.match(user_ns)
    return int(match.group(1)) if match else None


class TicketLists(FlochatResource):
    TABLE = TICKET_LISTS
    NOT_FOUND = LIST_NOT_FOUND

    # -- lists ---------------------------------------------------------------------------------

    def by_id(self, list_id: str) -> Record:
        """The list of a path's `listId` (anything but a known id is not found)."""
        return self.by_path_id(list_id)

    # -- tickets -------------------------------------------------------------------------------

    def tickets(
        self,
        ticket_list: Record,
        title: str | None,
        of_flow: str | None,
        user_ns: str | None,
        limit: int | None,
        page_number: int | None,
    ) -> list[Record]:
        matches = name_matches(title)
        found = [
            t
            for t in self.api.find(TICKETS, list_id=ticket_list["id"])
            if matches(t["title"])
            and of_flow in (None, flow_ns(t["flow"]))
            and user_ns in (None, t["user_ns"])
        ]
        return page(found, limit, page_number)

    def ticket(self, ticket_list: Record, item_id: str) -> Record:
        number = path_id(item_id)
        found = (
            self.api.first(TICKETS, list_id=ticket_list["id"], id=number)
            if number is not None
            else None
        )
        if found is None:
            raise FlochatError(TICKET_NOT_FOUND)
        return found

    def create(self, ticket_list: Record, values: dict[str, Any]) -> Record:
        """A new ticket of a subscriber of any of the team's bots."""
        subscriber = self.api.first(SUBSCRIBERS, user_ns=values["user_ns"])
        if subscriber is None:
            raise FlochatError(SUBSCRIBER_NOT_FOUND)
        now = self.api.now()
        row: dict[str, Any] = {
            "id": self.api.next_id(TICKETS),
            "list_id": ticket_list["id"],
            "flow": subscriber["flow"],
            "user_ns": subscriber["user_ns"],
            "title": "",
            "description": None,
            "assignee": None,
            **dict.fromkeys(COLUMNS),
            "created_at": now,
            "updated_at": now,
        }
        row.update(self.columns(ticket_list, values))
        ticket = self.api.insert(TICKETS, row)
        for column in SELECTS:
            if ticket[column] is not None:
                self.log_change(ticket, "create", column, ticket[column], now)
        return ticket

    def update(self, ticket_list: Record, ticket: Record, values: dict[str, Any]) -> Record:
        """Change the given columns; select columns that change are logged."""
        changes = self.columns(ticket_list, values)
        if "title" in changes and not (changes["title"] or "").strip():
            raise FlochatError("The title field is required.")
        now = self.api.now()
        for column in SELECTS:
            if column in changes and changes[column] != ticket[column]:
                self.log_change(ticket, "update", column, changes[column] or 0, now)
        return self.api.update(TICKETS, ticket, {**changes, "updated_at": now})

    def delete(self, ticket: Record) -> None:
        self.api.remove(TICKETS, ticket)

    def columns(self, ticket_list: Record, values: dict[str, Any]) -> dict[str, Any]:
        """The stored values of the given columns: select options as their keys, the
        assignee a team member, "" as nothing."""
        changes: dict[str, Any] = {}
        for column in EDITABLE:
            if column not in values:
                continue
            value = values[column]
            if value == "" and column != "title":
                value = None
            if column in SELECTS and value is not None:
                value = self._option_key(ticket_list, column, value)
            names_member = column == "assignee" and value is not None
            if names_member and self.api.first(MEMBERS, id=value) is None:
                raise FlochatError(INVALID.format(column="assignee"))
            changes[column] = value
        return changes

    @staticmethod
    def _option_key(ticket_list: Record, column: str, value: Any) -> int:
        for definition in ticket_list["fields"]:
            if definition["column_name"] != column:
                continue
            for option in definition["options"]:
                if str(value) in (option["option_code"], str(option["option_key"])):
                    return int(option["option_key"])
        raise FlochatError(INVALID.format(column=column))

    # -- the change log ------------------------------------------------------------------------

    def log_change(self, ticket: Record, action: str, column: str, value: int, when: str) -> None:
        self.api.insert(
            TICKET_LOGS,
            {
                "id": self.api.next_id(TICKET_LOGS),
                "list_id": ticket["list_id"],
                "list_item_id": ticket["id"],
                "flow": ticket["flow"],
                "user_ns": ticket["user_ns"],
                "action": action,
                "column_name": column,
                "value": value,
                "created_at": when,
            },
        )

    def log(self, ticket_list: Record, filters: dict[str, Any]) -> list[Record]:
        """The list's changes, oldest first, filtered as the vendor's log-data is."""
        start, end = filters.get("start_time"), filters.get("end_time")
        found = []
        for entry in self.api.find(TICKET_LOGS, list_id=ticket_list["id"]):
            moment = _unix(entry["created_at"])
            if (start is not None and moment < start) or (end is not None and moment > end):
                continue
            wanted = {
                "flow_ns": flow_ns(entry["flow"]),
                **pick(entry, "user_ns", "list_item_id", "column_name"),
            }
            if all(filters.get(key) in (None, value) for key, value in wanted.items()):
                found.append(entry)
        return found[: filters.get("limit") or LOG_LIMIT]


def _unix(moment: str) -> int:
    parsed = datetime.strptime(moment, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)
    return int(parsed.timestamp())
