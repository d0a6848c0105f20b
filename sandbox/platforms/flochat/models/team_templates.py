"""Templates: the bots and sub flows the team publishes for others to install, where they
were installed, and one-time install links; and the templates installed in a bot.

Two views of the same install log: `/template/{templateNs}/installs` lists where one of the
team's templates was installed (any team's bot), `/flow/template-installs` what was
installed in the key's bot (from any team's template). Templates are published in the app,
so they and their installs come from fixtures: `templates[].installs` at the team level for
installs elsewhere, `template_installs` inside a flow for installs in the team's own bots.

Rows: TEMPLATES {id, template_ns, name, description, image, price, type, scope, status};
TEMPLATE_INSTALLS {id, template_ns, flow (the team's bot, or None), flow_ns, team_id,
scope, allow_republish, can_view, can_edit, auto_update, version, created_at, updated_at,
uninstalled_at}; TEMPLATE_LINKS {template_ns, token, expired_at, created_at}.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sandbox.core.resources import pick
from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import FlochatResource
from sandbox.platforms.flochat.models.common import (
    laravel_datetime,
    page,
)

TEMPLATES = "flochat.templates"
TEMPLATE_INSTALLS = "flochat.template_installs"
TEMPLATE_LINKS = "flochat.template_links"
TEMPLATE_NOT_FOUND = "Template not found"
SCOPES = ("bot", "sub_flow")
#: Where an install link leads (the vendor's app; the path is assumed).
APP_URL = "https://app.flochat.ai"
DEFAULT_LINK_DAYS = 30
INSTALL_FLAGS = ("allow_republish", "can_view", "can_edit", "auto_update")


def represent_template(template: Record) -> dict[str, Any]:
    """The vendor's Template."""
    keys = ("id", "template_ns", "name", "description", "image", "price", "type", "scope")
    return {**{key: template[key] for key in keys}, "status": template["status"]}


def represent_install(install: Record) -> dict[str, Any]:
    """The vendor's TemplateInstall ("" for a datetime that has not happened)."""
    return {
        **pick(install, "id", "template_ns", "flow_ns", "team_id", "scope"),
        **{flag: int(install[flag]) for flag in INSTALL_FLAGS},
        **pick(install, "version", "created_at", "updated_at"),
        "uninstalled_at": install["uninstalled_at"] or "",
    }


class Templates(FlochatResource):
    TABLE = TEMPLATES
    NOT_FOUND = TEMPLATE_NOT_FOUND
    NS_FIELD = "template_ns"

    def installs_of(
        self, template: Record, limit: int | None, page_number: int | None
    ) -> list[Record]:
        found = self.api.find(TEMPLATE_INSTALLS, template_ns=template["template_ns"])
        return page(found, limit, page_number)

    def installs_in_flow(self, limit: int | None, page_number: int | None) -> list[Record]:
        return page(self.api.find_in_flow(TEMPLATE_INSTALLS), limit, page_number)

    def one_time_link(self, template: Record, days: int | None) -> dict[str, Any]:
        """A link that installs the template once, valid for `days` (30 by default)."""
        token = self.api.ctx.ids.string(32)
        now = self.api.ctx.clock.now()
        expired_at = laravel_datetime(now + timedelta(days=days or DEFAULT_LINK_DAYS))
        self.api.insert(
            TEMPLATE_LINKS,
            {
                "template_ns": template["template_ns"],
                "token": token,
                "expired_at": expired_at,
                "created_at": laravel_datetime(now),
            },
        )
        return {
            "expired_at": expired_at,
            "one_time_token": token,
            "url": f"{APP_URL}/template/{template['template_ns']}/install?token={token}",
        }
