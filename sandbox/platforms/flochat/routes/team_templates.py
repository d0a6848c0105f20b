"""The team's templates: their installs and one-time install links (uchat-openapi.json
tag "Template")."""

from __future__ import annotations

from typing import Any

from sandbox.platforms.flochat.models.api import TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.team_templates import (
    Templates,
    represent_install,
    represent_template,
)
from sandbox.platforms.flochat.routes.team_common import ASSUMED_ERRORS, TEMPLATE_NS, blp, paging
from sandbox.platforms.flochat.schemas import team as schemas
from sandbox.platforms.flochat.schemas.common import ListQuery

# -- templates ----------------------------------------------------------------------------------


@blp.route("/templates", methods=["GET"])
@blp.operation(scope=TEAM_SCOPE, query=ListQuery, answer=schemas.TemplateList, source="Templates")
def templates(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of templates."""
    found = Templates(api).list(data.get("name"), *paging(data))
    return {"data": [represent_template(t) for t in found]}


@blp.route("/template/<templateNs>/installs", methods=["GET"], parameters=[TEMPLATE_NS])
@blp.operation(
    scope=TEAM_SCOPE,
    query=schemas.PageQuery,
    answer=schemas.TemplateInstallList,
    source=f"TemplatesInstalls; {ASSUMED_ERRORS}",
)
def template_installs(api: Flochat, data: dict[str, Any], templateNs: str) -> dict[str, Any]:
    """Get list of installs by template ns."""
    found = Templates(api)
    installs = found.installs_of(found.by_ns(templateNs), *paging(data))
    return {"data": [represent_install(i) for i in installs]}


@blp.route(
    "/template/<templateNs>/generate-one-time-link", methods=["POST"], parameters=[TEMPLATE_NS]
)
@blp.operation(
    scope=TEAM_SCOPE,
    query=schemas.OneTimeLinkQuery,
    answer=schemas.OneTimeLinkAnswer,
    source=f"TemplateOneTimeLink; the link's URL is assumed; {ASSUMED_ERRORS}",
)
def template_one_time_link(api: Flochat, data: dict[str, Any], templateNs: str) -> dict[str, Any]:
    """Generate template one time install link."""
    found = Templates(api)
    return {"data": found.one_time_link(found.by_ns(templateNs), data.get("days")), "status": "ok"}
