"""The team's OpenAI embeddings: the knowledge its AI steps search, as
`{id, type, heading, text}` rows; a heading is unique in the team (any case).

The vectors themselves are OpenAI's business and never shown by the API, so the sandbox
keeps the texts only; regenerating them needs the team's OpenAI integration, verified.

Rows: EMBEDDINGS {id, type, heading, text}.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.core.resources import pick
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat, FlochatResource
from sandbox.platforms.flochat.models.common import name_matches
from sandbox.platforms.flochat.models.sections import Entry, Section
from sandbox.platforms.flochat.models.team_integrations import Integrations

EMBEDDINGS = "flochat.embeddings"
EMBEDDING_NOT_FOUND = "Embedding not found"
HEADING_TAKEN = "The heading has already been taken."  # Laravel's `unique` rule
NO_OPENAI = "OpenAI integration not found"
OPENAI_NOT_VERIFIED = "OpenAI integration is not verified"


def represent(embedding: Record) -> dict[str, Any]:
    """The vendor's OpenAiEmbedding."""
    return pick(embedding, "id", "type", "heading", "text")


class Embeddings(FlochatResource):
    TABLE = EMBEDDINGS
    NOT_FOUND = EMBEDDING_NOT_FOUND
    NAME_FIELD = "heading"

    def list(
        self,
        heading: str | None,
        text: str | None,
        limit: int | None,
        page_number: int | None,
    ) -> list[Record]:  # type: ignore[override]  # this list takes more filters
        text_matches = name_matches(text)
        return self.listing(heading, limit, page_number, where=lambda e: text_matches(e["text"]))

    def by_id(self, embedding_id: str) -> Record:
        """The embedding of a path's `id` (anything but a known id is not found)."""
        return self.by_path_id(embedding_id)

    def find_by_heading(self, heading: str) -> Record | None:
        return self.find_by_name(heading)

    def create(self, values: dict[str, Any]) -> Record:
        if self.find_by_heading(values["heading"]) is not None:
            raise FlochatError(HEADING_TAKEN)
        return self.add(
            {
                "id": self.api.next_id(EMBEDDINGS),
                "type": values.get("type") or "",
                "heading": values["heading"].strip(),
                "text": values["text"],
            },
        )

    def update(self, embedding: Record, values: dict[str, Any]) -> Record:
        """Change the given (non-null) values; a heading must stay unique."""
        changes = {key: value for key, value in values.items() if value is not None}
        if "heading" in changes:
            changes["heading"] = changes["heading"].strip()
            other = self.find_by_heading(changes["heading"])
            if other is not None and other["id"] != embedding["id"]:
                raise FlochatError(HEADING_TAKEN)
        return self.change(embedding, changes)

    def import_rows(self, rows: list[dict[str, Any]]) -> dict[str, int]:
        """Insert the rows whose heading is new, update those whose heading exists with
        another text or type, skip those already stored as they are."""
        counts = {"inserted": 0, "updated": 0, "skipped": 0}
        for row in rows:
            values = {"type": row.get("type") or "", "heading": row["heading"], "text": row["text"]}
            existing = self.find_by_heading(values["heading"])
            if existing is None:
                self.create(values)
                counts["inserted"] += 1
            elif (existing["type"], existing["text"]) == (values["type"], values["text"]):
                counts["skipped"] += 1
            else:
                self.change(existing, {"type": values["type"], "text": values["text"]})
                counts["updated"] += 1
        return counts

    def regenerate(self) -> None:
        """Check that OpenAI can be asked for the vectors (the sandbox computes none)."""
        verified = Integrations(self.api).is_verified("openai")
        if verified is None:
            raise FlochatError(NO_OPENAI)
        if not verified:
            raise FlochatError(OPENAI_NOT_VERIFIED)


# -- fixtures ----------------------------------------------------------------------------------


class EmbeddingEntry(Entry):
    id = fields.Integer()
    type = fields.String(load_default="")
    heading = fields.String(required=True)
    text = fields.String(required=True)


def load_embeddings(api: Flochat, entries: list[dict[str, Any]]) -> int:
    embeddings = Embeddings(api)
    for index, entry in enumerate(entries):
        where: list[str | int] = ["embeddings", index]
        embedding_id = embeddings.fixture_id(entry.get("id"), where, "embedding")
        if embeddings.find_by_heading(entry["heading"]) is not None:
            raise FixtureError([*where, "heading"], f"another embedding is {entry['heading']!r}")
        embeddings.add({**entry, "id": embedding_id})
    return len(entries)


def export_embeddings(api: Flochat) -> list[dict[str, Any]]:
    return [represent(e) for e in Embeddings(api).all()]


TEAM_SECTIONS = [Section("embeddings", EmbeddingEntry, load_embeddings, export_embeddings)]
