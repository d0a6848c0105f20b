"""The team blueprint, and what its view modules (team_*.py) share: the path parameters
as the vendor types them, and paging."""

from __future__ import annotations

from typing import Any

from sandbox.platforms.flochat.routes.common import FlochatBlueprint

blp = FlochatBlueprint(
    "team",
    __name__,
    description="The team, and the flow's agents, template installs and inbound webhooks",
)
ASSUMED_ERRORS = "error texts assumed"


def _path(name: str, kind: str, description: str) -> dict[str, Any]:
    """A path parameter as the vendor types it (any other value is answered not found)."""
    return {
        "in": "path",
        "name": name,
        "required": True,
        "description": description,
        "schema": {"type": kind},
    }


LIST_ID = _path("listId", "integer", "List Id")
ITEM_ID = _path("listItemId", "integer", "List Item Id")
EMBEDDING_ID = _path("id", "integer", "Id")
APP_ID = _path("app_id", "integer", "Mini App Id")
TEMPLATE_NS = _path("templateNs", "string", "Template Ns")


def paging(data: dict[str, Any]) -> tuple[int | None, int | None]:
    return data.get("limit"), data.get("page")
