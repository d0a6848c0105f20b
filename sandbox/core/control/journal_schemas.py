"""Request and response bodies of the request journal's control routes."""

from __future__ import annotations

import re
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from sandbox.core.traffic.journal import UNMATCHED

#: `404`, or a class: `4xx`.
_STATUS = re.compile(r"([1-5])(\d\d|xx)", re.IGNORECASE)


class StatusMatch(fields.String):
    """An exact status (`404`, or the number 404 in a JSON body) or a class (`4xx`), loaded
    as the inclusive range of codes it matches."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        text = super()._deserialize(value, attr, data, **kwargs)
        match = _STATUS.fullmatch(text.strip())
        if match is None:
            raise ValidationError("a status code (404) or a class of them (4xx)")
        if match[2].lower() == "xx":
            low = int(match[1]) * 100
            return (low, low + 99)
        code = int(match[0])
        return (code, code)


class MatcherSchema(Schema):
    """What both the listing and the count match on (all optional: all of them must hold)."""

    class Meta:
        # A misspelt field would match everything: "called 0 times" would pass unseen.
        unknown = RAISE

    workspace = fields.String(
        load_default=None,
        metadata={
            "description": f"One workspace's journal; `{UNMATCHED}` is the journal of requests "
            "that named no workspace (refused credentials). Absent: every journal.",
            "example": "default",
        },
    )
    platform = fields.String(load_default=None, metadata={"example": "rapidpro"})
    operation = fields.String(
        load_default=None,
        metadata={
            "description": "An operationId of the platform's spec (its view's name).",
            "example": "save_contact",
        },
    )
    method = fields.String(load_default=None, metadata={"example": "POST"})
    status = StatusMatch(
        load_default=None,
        metadata={"description": "A status (`201`) or a class (`4xx`).", "example": "4xx"},
    )
    since = fields.DateTime(
        format="iso",
        load_default=None,
        metadata={
            "description": "Requests that arrived at or after this sandbox time (ISO 8601, "
            "naive = UTC)."
        },
    )
    after = fields.Integer(
        load_default=None,
        validate=validate.Range(min=0),
        metadata={"description": "Requests whose `id` is greater: poll with the newest id seen."},
    )


class ListQuerySchema(MatcherSchema):
    limit = fields.Integer(
        load_default=None,
        validate=validate.Range(min=1),
        metadata={"description": "At most this many (the newest). Absent: every match."},
    )


class ClearQuerySchema(Schema):
    class Meta:
        unknown = RAISE

    workspace = fields.String(
        load_default=None,
        metadata={
            "description": f"Only this workspace's journal (`{UNMATCHED}`: the unmatched "
            "requests'). Absent: every journal."
        },
    )


class _Operation(Schema):
    id = fields.String(required=True, metadata={"example": "save_contact"})
    path = fields.String(required=True, metadata={"example": "/api/v2/contacts.json"})


class _Message(Schema):
    headers = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        required=True,
        metadata={"description": "Credentials masked, keeping their scheme (`Token ****`)."},
    )
    body = fields.String(
        required=True, metadata={"description": "As text; its first 16 KiB at most."}
    )
    body_truncated = fields.Boolean(
        required=True, metadata={"description": "The body was longer than 16 KiB."}
    )


class EntrySchema(Schema):
    id = fields.Integer(
        required=True, metadata={"description": "Counts up from 1 (again after a full reset)."}
    )
    time = fields.DateTime(
        format="iso", required=True, metadata={"description": "When it arrived (sandbox clock)."}
    )
    workspace = fields.String(
        required=True, allow_none=True, metadata={"description": "None: it named none."}
    )
    platform = fields.String(required=True)
    operation = fields.Nested(
        _Operation,
        required=True,
        allow_none=True,
        metadata={"description": "The documented operation it matched, if any."},
    )
    nearest = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "For a path no operation has (a 404): the likeliest ones."},
    )
    method = fields.String(required=True)
    path = fields.String(required=True, metadata={"description": "Below the platform's base URL."})
    query = fields.String(required=True, metadata={"description": "Credentials masked."})
    status = fields.Integer(required=True)
    duration_ms = fields.Float(required=True)
    fault = fields.Dict(
        required=True,
        allow_none=True,
        metadata={"description": "What steered the answer (a fault rule, throttling)."},
    )
    request = fields.Nested(_Message, required=True)
    response = fields.Nested(_Message, required=True)


class EntryListSchema(Schema):
    requests = fields.List(fields.Nested(EntrySchema), required=True)


class CountSchema(Schema):
    count = fields.Integer(required=True)
