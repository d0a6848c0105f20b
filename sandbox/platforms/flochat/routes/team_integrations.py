"""The team's integrations (their credentials) and installed mini apps
(uchat-openapi.json tag "Integration")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import Schema

from sandbox.core.stacks import laravel
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.team_integrations import KINDS, Integrations
from sandbox.platforms.flochat.models.team_mini_apps import MiniApps
from sandbox.platforms.flochat.models.team_mini_apps import represent as represent_app
from sandbox.platforms.flochat.routes.common import OK, OkSchema
from sandbox.platforms.flochat.routes.tables import listing, op, operations
from sandbox.platforms.flochat.routes.team_common import APP_ID, ASSUMED_ERRORS, blp
from sandbox.platforms.flochat.schemas import team_integrations as integration_schemas

# -- integrations -------------------------------------------------------------------------------

INTEGRATION_SOURCE = (
    "the sandbox checks the credentials' form only (verified / failed); secrets are "
    "answered masked; {} as data when not set up (assumed)"
)


def _integration(
    kind_name: str,
    title: str,
    body: type[laravel.Input],
    read: type[Schema],
    saved: type[Schema],
    operation_ids: tuple[str, str, str],
) -> None:
    """GET, POST and DELETE /integration/<kind>: read, save and clear its credentials."""
    kind = KINDS[kind_name]
    read_answer = integration_schemas.integration_answer(read, f"{title}Config")
    saved_answer = (
        read_answer
        if saved is read
        else integration_schemas.integration_answer(saved, f"{title}Saved")
    )
    rule = f"/integration/{kind_name}"
    get_id, update_id, clear_id = operation_ids

    def get_config(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        return {"status": "ok", "data": Integrations(api).config(kind) or {}}

    def update_config(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        return {"status": "ok", "data": Integrations(api).save(kind, data)}

    def clear_config(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        Integrations(api).clear(kind)
        return OK

    views: list[tuple[Callable[..., Any], str, str, dict[str, Any]]] = [
        (get_config, "GET", get_id, {"answer": read_answer}),
        (update_config, "POST", update_id, {"answer": saved_answer, "body": body}),
        (clear_config, "DELETE", clear_id, {"answer": OkSchema}),
    ]
    verbs = {"GET": "Get", "POST": "Update", "DELETE": "Clear"}
    operations(
        blp,
        (
            op(
                operation_id,
                f"{method} {rule}",
                f"{verbs[method]} the config of the {title} integration.",
                view,
                scope=TEAM_SCOPE,
                source=f"{operation_id}; {INTEGRATION_SOURCE}",
                **options,
            )
            for view, method, operation_id, options in views
        ),
    )


_integration(
    "shopify",
    "Shopify",
    integration_schemas.ShopifyInput,
    integration_schemas.Shopify,
    integration_schemas.Shopify,
    ("getShopifyData", "updateShopifyData", "clearShopifyData"),
)
_integration(
    "woocommerce",
    "WooCommerce",
    integration_schemas.WoocommerceInput,
    integration_schemas.Woocommerce,
    integration_schemas.Woocommerce,
    ("getWoocommerceData", "updateWoocommerceData", "clearWoocommerceData"),
)
_integration(
    "dropi",
    "Dropi",
    integration_schemas.DropiInput,
    integration_schemas.Dropi,
    integration_schemas.Dropi,
    ("getDropiData", "updateDropiData", "clearDropiData"),
)
_integration(
    "meta-conversions-api",
    "MetaConversionsApi",
    integration_schemas.MetaConversionsInput,
    integration_schemas.MetaConversions,
    integration_schemas.MetaConversions,
    ("getMetaConversionsApiData", "updateMetaConversionsApiData", "clearMetaConversionsApiData"),
)
_integration(
    "openai",
    "OpenAi",
    integration_schemas.OpenAiInput,
    integration_schemas.OpenAi,
    integration_schemas.OpenAi,
    ("getOpenAiData", "updateOpenAiData", "clearOpenAiData"),
)
_integration(
    "s3storage",
    "S3Storage",
    integration_schemas.S3StorageInput,
    integration_schemas.S3Storage,
    integration_schemas.S3StorageSavedData,
    ("getS3StorageData", "updateS3StorageData", "clearS3StorageData"),
)


# -- installed mini apps ------------------------------------------------------------------------


def _update_mini_app_api_key(api: Flochat, data: dict[str, Any], app_id: str) -> dict[str, Any]:
    apps = MiniApps(api)
    app = apps.api_key_app(app_id)
    rules = laravel.Input.from_dict(
        {name: laravel.LongText(required=True) for name in app["param_names"]}, name="MiniAppParams"
    )
    apps.set_params(app, laravel.load(rules, FlochatError))
    return OK


# fmt: off
operations(blp, (
    op("installed_mini_apps", "GET /installed-mini-app/list",
       "Get the list of installed mini apps.",
       lambda api, data: {"status": "ok", **listing(MiniApps, represent_app, "title")(api, data)},
       scope=TEAM_SCOPE, query=integration_schemas.MiniAppQuery,
       answer=integration_schemas.InstalledAppList,
       source="listInstalledMiniApps; apps come from fixtures (installed from the app store)"),
    op("update_mini_app_api_key", "POST /installed-mini-app/update-api-key/<app_id>",
       "Update the parameters of an installed mini app that authenticates with an API key.",
       _update_mini_app_api_key, parameters=[APP_ID], scope=TEAM_SCOPE,
       body=integration_schemas.MiniAppKeyInput, answer=OkSchema,
       source="updateMiniAppApiKey; every one of the app's param_names is a required string; "
       f"{ASSUMED_ERRORS}"),
))
# fmt: on
