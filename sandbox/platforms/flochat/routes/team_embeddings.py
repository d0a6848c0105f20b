"""The team's OpenAI embeddings: list, read, create, update, delete, import and
regenerate (uchat-openapi.json tag "OpenAI")."""

from __future__ import annotations

from typing import Any

from sandbox.platforms.flochat.models.api import TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.team_embeddings import Embeddings
from sandbox.platforms.flochat.models.team_embeddings import represent as represent_embedding
from sandbox.platforms.flochat.routes.common import OK, OkSchema
from sandbox.platforms.flochat.routes.team_common import ASSUMED_ERRORS, EMBEDDING_ID, blp, paging
from sandbox.platforms.flochat.schemas import team_integrations as integration_schemas

# -- OpenAI embeddings --------------------------------------------------------------------------


@blp.route("/openai-embeddings", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE,
    query=integration_schemas.EmbeddingQuery,
    answer=integration_schemas.EmbeddingList,
    source="OpenAiEmbeddingList",
)
def embeddings(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of OpenAI Embeddings."""
    found = Embeddings(api).list(data.get("heading"), data.get("text"), *paging(data))
    return {"data": [represent_embedding(e) for e in found]}


@blp.route("/openai-embeddings/<id>/get-info", methods=["GET"], parameters=[EMBEDDING_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    answer=integration_schemas.EmbeddingAnswer,
    source=f"OpenAiEmbeddingGetInfo; {ASSUMED_ERRORS}",
)
def embedding_info(api: Flochat, data: dict[str, Any], id: str) -> dict[str, Any]:
    """Get embedding info."""
    return {"data": represent_embedding(Embeddings(api).by_id(id)), "status": "ok"}


@blp.route("/openai-embeddings/create", methods=["POST"])
@blp.operation(
    scope=TEAM_SCOPE,
    body=integration_schemas.EmbeddingInput,
    answer=integration_schemas.EmbeddingAnswer,
    source=f"OpenAiEmbeddingCreate; {ASSUMED_ERRORS} (a heading is unique, any case)",
)
def embedding_create(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Create new embedding."""
    return {"data": represent_embedding(Embeddings(api).create(data)), "status": "ok"}


@blp.route("/openai-embeddings/<id>/update", methods=["PUT"], parameters=[EMBEDDING_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    body=integration_schemas.EmbeddingChanges,
    answer=integration_schemas.EmbeddingAnswer,
    source=f"OpenAiEmbeddingUpdate; {ASSUMED_ERRORS}",
)
def embedding_update(api: Flochat, data: dict[str, Any], id: str) -> dict[str, Any]:
    """Update embedding heading and text (only those given)."""
    found = Embeddings(api)
    return {"data": represent_embedding(found.update(found.by_id(id), data)), "status": "ok"}


@blp.route("/openai-embeddings/<id>/delete", methods=["DELETE"], parameters=[EMBEDDING_ID])
@blp.operation(scope=TEAM_SCOPE, answer=OkSchema, source=f"OpenAiEmbeddingDelete; {ASSUMED_ERRORS}")
def embedding_delete(api: Flochat, data: dict[str, Any], id: str) -> dict[str, Any]:
    """Delete embedding."""
    found = Embeddings(api)
    found.delete(found.by_id(id))
    return OK


@blp.route("/openai-embeddings/import", methods=["POST"])
@blp.operation(
    scope=TEAM_SCOPE,
    body=integration_schemas.EmbeddingImport,
    answer=integration_schemas.ImportAnswer,
    source="OpenAiEmbeddingImport; a row whose heading exists updates it, or is skipped "
    f"when nothing differs; {ASSUMED_ERRORS}",
)
def embedding_import(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Import OpenAI Embeddings: up to 100 rows (heading up to 50 characters, text 1000)."""
    return {"status": "ok", **Embeddings(api).import_rows(data["rows"])}


@blp.route("/openai-embeddings/generate", methods=["POST"])
@blp.operation(
    scope=TEAM_SCOPE,
    answer=OkSchema,
    source=f"OpenAiEmbeddingGenerate; needs the OpenAI integration, verified; {ASSUMED_ERRORS}",
)
def embedding_generate(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Regenerate embeddings (with the team's OpenAI integration)."""
    Embeddings(api).regenerate()
    return OK
