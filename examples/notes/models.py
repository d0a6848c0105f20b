"""The notebook of one workspace (the platform's backend) and its notes, plus the
`notes` section of fixture documents."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import fields

from examples.notes.errors import NoteNotFound
from sandbox.core.backend import WorkspaceBackend
from sandbox.core.context import Context
from sandbox.core.fixture_sections import Entry, Section
from sandbox.core.platform import Principal
from sandbox.core.storage import Record

NOTES = "notes.notes"
PAGE_SIZE = 20


class Notebook(WorkspaceBackend):
    """One workspace's notes, as a request's key sees them (every key sees them all)."""

    @classmethod
    def of(cls, ctx: Context, principal: Principal) -> Notebook:
        return cls(ctx, principal)

    def now(self) -> str:
        return self.clock.now().strftime("%Y-%m-%d %H:%M:%S")  # MySQL's DATETIME


class Notes:
    def __init__(self, book: Notebook) -> None:
        self.book = book

    def create(self, title: str, body: str | None = None) -> dict[str, Any]:
        note = {"id": self.book.next_id(NOTES), "title": title, "body": body}
        return represent(self.book.insert(NOTES, {**note, "created_at": self.book.now()}))

    def get(self, note_id: int) -> dict[str, Any]:
        found = self.book.first(NOTES, id=note_id)  # an indexed lookup
        if found is None:
            raise NoteNotFound()
        return represent(found)

    def page(self, number: int) -> list[dict[str, Any]]:
        """Page `number` (from 1) of the notes, newest first."""
        rows = self.book.page(
            NOTES, "id", descending=True, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE
        )
        return [represent(row) for row in rows]


def represent(row: Record | Mapping[str, Any]) -> dict[str, Any]:
    return {key: row.get(key) for key in ("id", "title", "body", "created_at")}


# -- fixtures ---------------------------------------------------------------------------


class NoteEntry(Entry):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    body = fields.String(allow_none=True, load_default=None)
    created_at = fields.String(load_default="2026-01-01 00:00:00")


def _load_notes(book: Notebook, entries: list[dict[str, Any]]) -> int:
    for entry in entries:
        book.reserve_id(NOTES, entry["id"])  # created notes are numbered after these
        book.insert(NOTES, entry)
    return len(entries)


def _export_notes(book: Notebook) -> list[dict[str, Any]]:
    return [represent(row) for row in sorted(book.find(NOTES), key=lambda row: row["id"])]


SECTIONS = (Section("notes", NoteEntry, _load_notes, _export_notes),)


def load_fixture(ctx: Context, data: Mapping[str, Any]) -> dict[str, int]:
    book = Notebook(ctx)
    return {section.key: section.run(book, data, ()) for section in SECTIONS}


def export_fixture(ctx: Context) -> dict[str, Any]:
    book = Notebook(ctx)
    return {section.key: section.export(book) for section in SECTIONS}
