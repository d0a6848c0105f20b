"""The team's OpenAI embeddings: list, read, create, update, delete, import and
regenerate (uchat-openapi.json tag "OpenAI")."""

from __future__ import annotations

from functools import partial
from typing import Any

from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.team_embeddings import Embeddings
from sandbox.platforms.flochat.models.team_embeddings import represent as represent_embedding
from sandbox.platforms.flochat.routes.common import OK, OkSchema
from sandbox.platforms.flochat.routes.tables import (
    deleted,
    listing,
    on_record,
    op,
    operations,
    shown,
    updated,
    wrapped,
)
from sandbox.platforms.flochat.routes.team_common import ASSUMED_ERRORS, EMBEDDING_ID, blp
from sandbox.platforms.flochat.schemas import team_integrations as integration_schemas

# -- OpenAI embeddings --------------------------------------------------------------------------


def _embedding(api: Flochat, data: dict[str, Any], id: str) -> tuple[Embeddings, Record]:
    embeddings = Embeddings(api)
    return embeddings, embeddings.by_id(id)


def _shown(model: Embeddings, row: Record) -> dict[str, Any]:
    return represent_embedding(row)


def _regenerate(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    Embeddings(api).regenerate()
    return OK


EMBEDDING = "/openai-embeddings/<id>"
Top = partial(op, scope=TEAM_SCOPE)
# fmt: off
operations(blp, (
    Top("embeddings", "GET /openai-embeddings", "Get list of OpenAI Embeddings.",
        listing(Embeddings, represent_embedding, "heading", "text"),
        query=integration_schemas.EmbeddingQuery, answer=integration_schemas.EmbeddingList,
        source="OpenAiEmbeddingList"),
    Top("embedding_info", f"GET {EMBEDDING}/get-info", "Get embedding info.",
        on_record(_embedding, shown(_shown)), parameters=[EMBEDDING_ID],
        answer=integration_schemas.EmbeddingAnswer,
        source=f"OpenAiEmbeddingGetInfo; {ASSUMED_ERRORS}"),
    Top("embedding_create", "POST /openai-embeddings/create", "Create new embedding.",
        lambda api, data: wrapped(represent_embedding(Embeddings(api).create(data))),
        body=integration_schemas.EmbeddingInput, answer=integration_schemas.EmbeddingAnswer,
        source=f"OpenAiEmbeddingCreate; {ASSUMED_ERRORS} (a heading is unique, any case)"),
    Top("embedding_update", f"PUT {EMBEDDING}/update",
        "Update embedding heading and text (only those given).",
        on_record(_embedding, updated(_shown)), parameters=[EMBEDDING_ID],
        body=integration_schemas.EmbeddingChanges, answer=integration_schemas.EmbeddingAnswer,
        source=f"OpenAiEmbeddingUpdate; {ASSUMED_ERRORS}"),
    Top("embedding_delete", f"DELETE {EMBEDDING}/delete", "Delete embedding.",
        on_record(_embedding, deleted), parameters=[EMBEDDING_ID], answer=OkSchema,
        source=f"OpenAiEmbeddingDelete; {ASSUMED_ERRORS}"),
    Top("embedding_import", "POST /openai-embeddings/import",
        "Import OpenAI Embeddings: up to 100 rows (heading up to 50 characters, text 1000).",
        lambda api, data: {"status": "ok", **Embeddings(api).import_rows(data["rows"])},
        body=integration_schemas.EmbeddingImport, answer=integration_schemas.ImportAnswer,
        source="OpenAiEmbeddingImport; a row whose heading exists updates it, or is skipped "
        f"when nothing differs; {ASSUMED_ERRORS}"),
    Top("embedding_generate", "POST /openai-embeddings/generate",
        "Regenerate embeddings (with the team's OpenAI integration).", _regenerate,
        answer=OkSchema,
        source=f"OpenAiEmbeddingGenerate; needs the OpenAI integration, verified; "
        f"{ASSUMED_ERRORS}"),
))
# fmt: on
