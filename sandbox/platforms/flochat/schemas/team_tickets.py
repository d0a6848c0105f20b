"""Inputs and answers of ticket lists (uchat-openapi.json tag "Ticket List")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields

from sandbox.core.envelopes import OK_STATUS, envelope, many
from sandbox.core.stacks import laravel
from sandbox.platforms.flochat.models.team_tickets import COLUMN_KINDS, SELECTS, ticket_fields
from sandbox.platforms.flochat.schemas.common import PageQuery

OPTION = "An option's option_key or option_code"
DATE = "Y-m-d, e.g. 2024-10-15"


def ymd(value: Any) -> None:
    """Laravel's `date_format:Y-m-d` rule ("" clears the column)."""
    if value in (None, ""):
        return
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        raise ValidationError("The :attribute does not match the format Y-m-d.") from None


class OptionValue(laravel.Text):
    """A select column: an option's code, or its key (as a string or an integer)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        return super()._deserialize(value, attr, data, **kwargs)


def _columns() -> dict[str, fields.Field]:
    columns: dict[str, fields.Field] = {}
    columns.update({c: laravel.Varchar() for c in COLUMN_KINDS["text"]})
    columns.update({c: OptionValue(metadata={"description": OPTION}) for c in SELECTS})
    columns.update({c: laravel.Integer() for c in COLUMN_KINDS["number"]})
    columns.update(
        {c: laravel.Integer(validate=laravel.between(1, 5)) for c in COLUMN_KINDS["rating"]}
    )
    columns.update(
        {
            c: laravel.Text(validate=ymd, metadata={"description": DATE})
            for c in COLUMN_KINDS["date"]
        }
    )
    return columns


TicketCreate = laravel.Input.from_dict(
    {
        "title": laravel.Varchar(required=True),
        "user_ns": laravel.Text(
            required=True, metadata={"description": "A subscriber of the team"}
        ),
        "description": laravel.LongText(),
        "assignee": laravel.Integer(metadata={"description": "A team member's id"}),
        **_columns(),
    },
    name="TicketCreate",
)
TicketUpdate = laravel.Input.from_dict(
    {
        "title": laravel.Varchar(),
        "description": laravel.LongText(),
        "assignee": laravel.Integer(metadata={"description": "A team member's id"}),
        **_columns(),
    },
    name="TicketUpdate",
)


class TicketItemsQuery(PageQuery):
    title = laravel.Text(metadata={"description": "Search by title (contains, any case)"})
    flow_ns = laravel.Text()
    user_ns = laravel.Text()


class LogQuery(laravel.Input):
    start_time = laravel.Integer(metadata={"description": "Unix timestamp"})
    end_time = laravel.Integer(metadata={"description": "Unix timestamp"})
    flow_ns = laravel.Text()
    user_ns = laravel.Text()
    list_item_id = laravel.Integer()
    column_name = laravel.Text(validate=laravel.one_of(SELECTS))
    limit = laravel.Integer(
        validate=laravel.between(1, 100),
        metadata={"description": "Number of items in the response, between 1 and 100 (100)"},
    )


# -- answers ----------------------------------------------------------------------------------


class TeamList(Schema):
    id = fields.Integer()
    name = fields.String(required=True)
    icon = fields.String()
    list_code = fields.String()
    is_live = fields.Integer()


TeamListList = envelope("TeamListList", data=many(TeamList))


class TicketFieldOption(Schema):
    option_key = fields.Integer()
    option_code = fields.String()
    name = fields.String()


class TicketField(Schema):
    column_name = fields.String(metadata={"example": "select1"})
    name = fields.String()
    type = fields.String(metadata={"enum": list(COLUMN_KINDS)})
    options = fields.List(
        fields.Nested(TicketFieldOption), metadata={"description": "Select columns'"}
    )


#: The vendor documents ResponseOk only; the fields come in `data`.
TicketFieldList = envelope("TicketFieldList", data=many(TicketField), status=OK_STATUS)


def _column_answers() -> dict[str, fields.Field]:
    answers: dict[str, fields.Field] = {}
    for kind, columns in COLUMN_KINDS.items():
        for column in columns:
            if kind in ("text", "date"):
                answers[column] = fields.String(allow_none=True)
            else:
                answers[column] = fields.Integer(allow_none=True)
    return answers


#: The ticket's ids: the answer also names its list and flow; `user_ns` is not required.
_ANSWER_HEAD = {
    "id": fields.Integer(),
    "list_id": fields.Integer(),
    "flow_ns": fields.String(),
    "user_ns": fields.String(),
}
Ticket = Schema.from_dict(ticket_fields(_ANSWER_HEAD, _column_answers()), name="Ticket")


TicketList = envelope("TicketList", data=many(Ticket))


class TeamListLogData(Schema):
    id = fields.Integer()
    list_id = fields.Integer()
    list_item_id = fields.Integer()
    flow_ns = fields.String()
    user_ns = fields.String()
    action = fields.String(metadata={"enum": ["create", "update"]})
    column_name = fields.String()
    value = fields.Integer(metadata={"description": "The option_key (0: cleared)"})
    created_at = fields.String()
    event_ns = fields.String(
        required=True, metadata={"description": 'Required by the vendor\'s schema; always ""'}
    )


TeamListLogDataList = envelope("TeamListLogDataList", data=many(TeamListLogData))
