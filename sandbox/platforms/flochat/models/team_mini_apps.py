"""Mini apps installed in the team (installed from the app store, so from fixtures), and
the parameters of those that authenticate with an API key.

A mini app names its parameters (`param_names`, e.g. ["api_key"]); its update-api-key
operation takes each of them in the body. Apps that authenticate with OAuth2 take none.

Rows: MINI_APPS {id, title, intro, logo, image, app_ns, status, version, auth_type,
param_names, params: {name: value}}.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat, FlochatResource
from sandbox.platforms.flochat.models.sections import Entry, Section, one_of

MINI_APPS = "flochat.mini_apps"
AUTH_TYPES = ("apikey", "oauth2")
MINI_APP_NOT_FOUND = "Mini app not found"
NOT_AN_API_KEY_APP = "Only the mini app with auth type apikey can be updated"
SHOWN = ("id", "title", "intro", "logo", "image", "app_ns", "status", "version", "auth_type")


def represent(app: Record) -> dict[str, Any]:
    """The vendor's InstalledApp (without the parameters' values)."""
    return {**{key: app[key] for key in SHOWN}, "param_names": list(app["param_names"])}


class MiniApps(FlochatResource):
    TABLE = MINI_APPS
    NOT_FOUND = MINI_APP_NOT_FOUND
    NAME_FIELD = "title"

    def by_id(self, app_id: str) -> Record:
        """The app of a path's `app_id` (anything but a known id is not found)."""
        return self.by_path_id(app_id)

    def api_key_app(self, app_id: str) -> Record:
        app = self.by_id(app_id)
        if app["auth_type"] != "apikey":
            raise FlochatError(NOT_AN_API_KEY_APP)
        return app

    def set_params(self, app: Record, values: dict[str, str]) -> None:
        self.change(app, {"params": {**app["params"], **values}})


# -- fixtures ----------------------------------------------------------------------------------


class MiniAppEntry(Entry):
    id = fields.Integer()
    title = fields.String(required=True)
    intro = fields.String(load_default="")
    logo = fields.String(load_default="")
    image = fields.String(load_default="")
    app_ns = fields.String()
    status = fields.String(load_default="active")
    version = fields.String(load_default="1.0.0")
    auth_type = fields.String(load_default="apikey", validate=one_of(AUTH_TYPES))
    param_names = fields.List(
        fields.String(), metadata={"description": '["api_key"] by default for apikey apps'}
    )
    params = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)


def load_mini_apps(api: Flochat, entries: list[dict[str, Any]]) -> int:
    apps = MiniApps(api)
    for index, entry in enumerate(entries):
        where: list[str | int] = ["mini_apps", index]
        app_id = apps.fixture_id(entry.get("id"), where, "mini app")
        with_key = entry["auth_type"] == "apikey"
        names = entry.get("param_names", ["api_key"] if with_key else [])
        if names and not with_key:
            raise FixtureError([*where, "param_names"], "only apikey apps have parameters")
        unknown = sorted(set(entry["params"]) - set(names))
        if unknown:
            raise FixtureError([*where, "params", unknown[0]], "not one of its param_names")
        apps.add(
            {
                **entry,
                "id": app_id,
                "app_ns": entry.get("app_ns") or f"app{app_id}",
                "param_names": names,
            },
        )
    return len(entries)


def export_mini_apps(api: Flochat) -> list[dict[str, Any]]:
    return [{**represent(app), "params": dict(app["params"])} for app in MiniApps(api).all()]


TEAM_SECTIONS = [Section("mini_apps", MiniAppEntry, load_mini_apps, export_mini_apps)]
