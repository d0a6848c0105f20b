"""The team's templates: their installs and one-time install links (uchat-openapi.json
tag "Template")."""

from __future__ import annotations

from functools import partial
from typing import Any

from sandbox.platforms.flochat.models.api import TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.team_templates import (
    Templates,
    represent_install,
    represent_template,
)
from sandbox.platforms.flochat.routes.tables import listing, op, operations
from sandbox.platforms.flochat.routes.team_common import ASSUMED_ERRORS, TEMPLATE_NS, blp, paging
from sandbox.platforms.flochat.schemas import team as schemas
from sandbox.platforms.flochat.schemas.common import ListQuery, PageQuery

# -- templates ----------------------------------------------------------------------------------


def _installs(api: Flochat, data: dict[str, Any], templateNs: str) -> dict[str, Any]:
    found = Templates(api)
    installs = found.installs_of(found.by_ns(templateNs), *paging(data))
    return {"data": [represent_install(i) for i in installs]}


def _one_time_link(api: Flochat, data: dict[str, Any], templateNs: str) -> dict[str, Any]:
    found = Templates(api)
    return {"data": found.one_time_link(found.by_ns(templateNs), data.get("days")), "status": "ok"}


Top = partial(op, scope=TEAM_SCOPE)
# fmt: off
operations(blp, (
    Top("templates", "GET /templates", "Get list of templates.",
        listing(Templates, represent_template), query=ListQuery, answer=schemas.TemplateList,
        source="Templates"),
    Top("template_installs", "GET /template/<templateNs>/installs",
        "Get list of installs by template ns.", _installs, parameters=[TEMPLATE_NS],
        query=PageQuery, answer=schemas.TemplateInstallList,
        source=f"TemplatesInstalls; {ASSUMED_ERRORS}"),
    Top("template_one_time_link", "POST /template/<templateNs>/generate-one-time-link",
        "Generate template one time install link.", _one_time_link, parameters=[TEMPLATE_NS],
        query=schemas.OneTimeLinkQuery, answer=schemas.OneTimeLinkAnswer,
        source=f"TemplateOneTimeLink; the link's URL is assumed; {ASSUMED_ERRORS}"),
))
# fmt: on
