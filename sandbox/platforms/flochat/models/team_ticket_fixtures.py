"""The `ticket_lists` fixture section: each list with its fields, its tickets (`items`)
and its change log (`log`; without one, the tickets' select columns are logged as
created when the tickets were).

    ticket_lists:
      - name: Support
        fields:
          - {column_name: select1, name: Status, options: [{option_code: new, name: New}]}
        items:
          - {user_ns: f123456u1, title: Late order, select1: new}

Team sections load before the flows, so a ticket's subscriber cannot be checked here: its
user_ns must name its bot (`f<flow>u<n>`, as every generated user_ns does).
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from sandbox.core.fixtures import FixtureError
from sandbox.core.resources import fixture_id
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.sections import Entry, Section, Value, one_of
from sandbox.platforms.flochat.models.team_tickets import (
    COLUMN_KINDS,
    COLUMNS,
    SELECTS,
    TICKET_LISTS,
    TICKET_LOGS,
    TICKETS,
    TicketLists,
    flow_of_user_ns,
    represent_list,
    ticket_fields,
)

_COLUMN_FIELDS = {
    **{c: fields.String(allow_none=True) for c in COLUMN_KINDS["text"]},
    **{c: Value(allow_none=True) for c in SELECTS},
    **{c: fields.Integer(allow_none=True) for c in COLUMN_KINDS["number"]},
    **{c: fields.Integer(allow_none=True) for c in COLUMN_KINDS["rating"]},
    **{c: fields.String(allow_none=True) for c in COLUMN_KINDS["date"]},
}


class OptionEntry(Entry):
    option_key = fields.Integer(metadata={"description": "Its position (from 1) by default"})
    option_code = fields.String(required=True)
    name = fields.String()


class FieldEntry(Entry):
    column_name = fields.String(required=True, validate=one_of(COLUMNS))
    name = fields.String(required=True)
    options = fields.List(fields.Nested(OptionEntry), load_default=list)


TicketEntry = Entry.from_dict(
    ticket_fields(
        {"id": fields.Integer(), "user_ns": fields.String(required=True)}, _COLUMN_FIELDS
    ),
    name="TicketEntry",
)


class LogEntry(Entry):
    id = fields.Integer()
    list_item_id = fields.Integer(required=True)
    user_ns = fields.String(required=True)
    action = fields.String(required=True, validate=one_of(("create", "update")))
    column_name = fields.String(required=True, validate=one_of(SELECTS))
    value = fields.Integer(required=True)
    created_at = fields.String(required=True)


class TicketListEntry(Entry):
    id = fields.Integer()
    name = fields.String(required=True)
    icon = fields.String(load_default="")
    list_code = fields.String(metadata={"description": "The name in snake case by default"})
    is_live = fields.Integer(load_default=1, validate=validate.OneOf((0, 1)))
    fields_ = fields.List(fields.Nested(FieldEntry), load_default=list, data_key="fields")
    items = fields.List(fields.Nested(TicketEntry), load_default=list)
    log = fields.List(fields.Nested(LogEntry), allow_none=True)


def load_ticket_lists(api: Flochat, entries: list[dict[str, Any]]) -> int:
    for index, entry in enumerate(entries):
        where: list[str | int] = ["ticket_lists", index]
        list_id = fixture_id(api, TICKET_LISTS, entry.get("id"), where, "ticket list")
        definitions = _fields(entry["fields_"], [*where, "fields"])
        code = entry.get("list_code") or "_".join(entry["name"].lower().split())
        ticket_list = api.insert(
            TICKET_LISTS,
            {
                "id": list_id,
                "name": entry["name"],
                "icon": entry["icon"],
                "list_code": code,
                "is_live": entry["is_live"],
                "fields": definitions,
            },
        )
        for number, item in enumerate(entry["items"]):
            _load_ticket(
                api, ticket_list, item, [*where, "items", number], entry.get("log") is None
            )
        for number, log in enumerate(entry.get("log") or []):
            _load_log(api, list_id, log, [*where, "log", number])
    return len(entries)


def _fields(entries: list[dict[str, Any]], where: list[str | int]) -> list[dict[str, Any]]:
    definitions = []
    for index, entry in enumerate(entries):
        column = entry["column_name"]
        if any(d["column_name"] == column for d in definitions):
            raise FixtureError([*where, index, "column_name"], f"{column} is given twice")
        if entry["options"] and column not in SELECTS:
            raise FixtureError([*where, index, "options"], "only select columns have options")
        options = [
            {
                "option_key": option.get("option_key", number + 1),
                "option_code": option["option_code"],
                "name": option.get("name", option["option_code"]),
            }
            for number, option in enumerate(entry["options"])
        ]
        definitions.append({"column_name": column, "name": entry["name"], "options": options})
    return definitions


def _load_ticket(
    api: Flochat, ticket_list: Any, item: dict[str, Any], where: list[str | int], log: bool
) -> None:
    flow = flow_of_user_ns(item["user_ns"])
    if flow is None:
        raise FixtureError([*where, "user_ns"], "must be a subscriber's user_ns: f<flow>u<n>")
    ticket_id = fixture_id(api, TICKETS, item.get("id"), where, "ticket")
    tickets = TicketLists(api)
    try:
        columns = tickets.columns(ticket_list, item)
    except FlochatError as error:
        raise FixtureError(where, str(error.body)) from None
    created = item.get("created_at") or api.now()
    row = api.insert(
        TICKETS,
        {
            "id": ticket_id,
            "list_id": ticket_list["id"],
            "flow": flow,
            "user_ns": item["user_ns"],
            "title": item["title"],
            "description": None,
            "assignee": None,
            **dict.fromkeys(COLUMNS),
            **columns,
            "created_at": created,
            "updated_at": item.get("updated_at") or created,
        },
    )
    if log:
        for column in SELECTS:
            if row[column] is not None:
                tickets.log_change(row, "create", column, row[column], created)


def _load_log(api: Flochat, list_id: int, entry: dict[str, Any], where: list[str | int]) -> None:
    flow = flow_of_user_ns(entry["user_ns"])
    if flow is None:
        raise FixtureError([*where, "user_ns"], "must be a subscriber's user_ns: f<flow>u<n>")
    log_id = fixture_id(api, TICKET_LOGS, entry.get("id"), where, "log entry")
    api.insert(TICKET_LOGS, {**entry, "id": log_id, "list_id": list_id, "flow": flow})


def export_ticket_lists(api: Flochat) -> list[dict[str, Any]]:
    exported = []
    for ticket_list in api.find(TICKET_LISTS):
        items = [
            {
                key: value
                for key, value in ticket.items()
                if key not in ("list_id", "flow") and value is not None
            }
            for ticket in api.find(TICKETS, list_id=ticket_list["id"])
        ]
        log = [
            {key: value for key, value in entry.items() if key not in ("list_id", "flow")}
            for entry in api.find(TICKET_LOGS, list_id=ticket_list["id"])
        ]
        exported.append(
            {
                **represent_list(ticket_list),
                "fields": [dict(d) for d in ticket_list["fields"]],
                "items": items,
                "log": log,
            }
        )
    return exported


TEAM_SECTIONS = [Section("ticket_lists", TicketListEntry, load_ticket_lists, export_ticket_lists)]
