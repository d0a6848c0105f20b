"""What the operations read (Laravel rules: the schema that documents the input is the
one that validates it) and what they answer."""

from __future__ import annotations

from marshmallow import Schema, fields

from sandbox.core.envelopes import envelope, many, one
from sandbox.core.stacks import laravel


class NoteInput(laravel.Input):
    title = laravel.Varchar(required=True, metadata={"example": "Groceries"})
    body = laravel.LongText(metadata={"example": "Milk, eggs"})


class ListQuery(laravel.Input):
    page = laravel.Integer(validate=laravel.at_least(1), metadata={"description": "From 1"})


class Note(Schema):
    id = fields.Integer(required=True, metadata={"example": 1})
    title = fields.String(required=True)
    body = fields.String(allow_none=True)
    created_at = fields.String(required=True, metadata={"example": "2026-03-01 12:00:00"})


NoteAnswer = envelope("NoteAnswer", data=one(Note))
NoteList = envelope("NoteList", data=many(Note))
