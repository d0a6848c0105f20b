"""Fixture sections of templates: the team's `templates` (each with the `installs` made
elsewhere) and, inside a flow, the `template_installs` made in that bot.

    templates:
      - name: Loja starter
        template_ns: tpl1
        installs: [{flow_ns: f777001, team_id: 9001, version: "3"}]
    flows:
      - id: 123456
        template_installs: [{template_ns: tpl1, version: "3"}]
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.core.resources import fixture_id
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.sections import Entry, Section, one_of
from sandbox.platforms.flochat.models.team_templates import (
    INSTALL_FLAGS,
    SCOPES,
    TEMPLATE_INSTALLS,
    TEMPLATES,
    represent_install,
    represent_template,
)
from sandbox.platforms.flochat.models.team_workspace import flow_ns, team_id


class InstallEntry(Entry):
    id = fields.Integer()
    scope = fields.String(validate=one_of(SCOPES))
    allow_republish = fields.Boolean(load_default=False)
    can_view = fields.Boolean(load_default=True)
    can_edit = fields.Boolean(load_default=True)
    auto_update = fields.Boolean(load_default=False)
    version = fields.String(load_default="1")
    created_at = fields.String()
    updated_at = fields.String()
    uninstalled_at = fields.String(allow_none=True)


class ElsewhereInstallEntry(InstallEntry):
    """An install of one of the team's templates, in some team's bot."""

    flow_ns = fields.String(required=True)
    team_id = fields.Integer(required=True)


class FlowInstallEntry(InstallEntry):
    """A template (of any team) installed in this bot."""

    template_ns = fields.String(required=True)


class TemplateEntry(Entry):
    id = fields.Integer()
    template_ns = fields.String(metadata={"description": "t<id> by default"})
    name = fields.String(required=True)
    description = fields.String(load_default="")
    image = fields.String(load_default="")
    price = fields.Integer(load_default=0)
    type = fields.String(load_default="whatsapp_cloud")
    scope = fields.String(load_default="bot", validate=one_of(SCOPES))
    status = fields.String(load_default="published")
    installs = fields.List(fields.Nested(ElsewhereInstallEntry), load_default=list)


def _insert_install(
    api: Flochat, entry: dict[str, Any], where: list[str | int], **place: Any
) -> None:
    install_id = fixture_id(api, TEMPLATE_INSTALLS, entry.get("id"), where, "template install")
    created = entry.get("created_at") or api.now()
    api.insert(
        TEMPLATE_INSTALLS,
        {
            "id": install_id,
            **{flag: entry[flag] for flag in INSTALL_FLAGS},
            "version": entry["version"],
            "created_at": created,
            "updated_at": entry.get("updated_at") or created,
            "uninstalled_at": entry.get("uninstalled_at") or "",
            **place,
        },
    )


def load_templates(api: Flochat, entries: list[dict[str, Any]]) -> int:
    for index, entry in enumerate(entries):
        where: list[str | int] = ["templates", index]
        template_id = fixture_id(api, TEMPLATES, entry.get("id"), where, "template")
        template_ns = entry.get("template_ns") or f"t{template_id}"
        if api.first(TEMPLATES, template_ns=template_ns) is not None:
            raise FixtureError([*where, "template_ns"], f"another template is {template_ns!r}")
        template = {k: v for k, v in entry.items() if k != "installs"}
        api.insert(TEMPLATES, {**template, "id": template_id, "template_ns": template_ns})
        for number, install in enumerate(entry["installs"]):
            _insert_install(
                api,
                install,
                [*where, "installs", number],
                template_ns=template_ns,
                flow=None,
                flow_ns=install["flow_ns"],
                team_id=install["team_id"],
                scope=install.get("scope") or entry["scope"],
            )
    return len(entries)


def export_templates(api: Flochat) -> list[dict[str, Any]]:
    exported = []
    for template in api.find(TEMPLATES):
        installs = api.find(TEMPLATE_INSTALLS, template_ns=template["template_ns"], flow=None)
        exported.append(
            {
                **represent_template(template),
                "installs": [_install_entry(i, drop=("template_ns",)) for i in installs],
            }
        )
    return exported


def load_flow_installs(api: Flochat, entries: list[dict[str, Any]]) -> int:
    for index, entry in enumerate(entries):
        template = api.first(TEMPLATES, template_ns=entry["template_ns"])
        _insert_install(
            api,
            entry,
            ["template_installs", index],
            template_ns=entry["template_ns"],
            flow=api.flow_id,
            flow_ns=flow_ns(api.flow_id),
            team_id=team_id(api),
            scope=entry.get("scope") or (template["scope"] if template else "bot"),
        )
    return len(entries)


def export_flow_installs(api: Flochat) -> list[dict[str, Any]]:
    return [
        _install_entry(install, drop=("flow_ns", "team_id"))
        for install in api.find_in_flow(TEMPLATE_INSTALLS)
    ]


def _install_entry(install: Any, drop: tuple[str, ...]) -> dict[str, Any]:
    entry = represent_install(install)
    for flag in INSTALL_FLAGS:
        entry[flag] = bool(entry[flag])
    return {key: value for key, value in entry.items() if key not in drop}


TEAM_SECTIONS = [Section("templates", TemplateEntry, load_templates, export_templates)]
FLOW_SECTIONS = [
    Section("template_installs", FlowInstallEntry, load_flow_installs, export_flow_installs)
]
