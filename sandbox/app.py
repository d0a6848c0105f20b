"""Assemble the whole sandbox: every platform app plus the control API, in one WSGI app.

    /                 index: what is served where (JSON; a page of links for a browser)
    /<platform>/...   each platform's app, with the vendor's own paths below it
    /<platform>/docs  its spec in Swagger UI (sandbox/core/docs_ui.py)
    /_sandbox/...     the control API (`/_sandbox/` itself: its index)

With `SandboxConfig.platform` set, that one platform is served at the root instead, so
an integration only changes scheme, host and port.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from sandbox import __version__
from sandbox.config import SandboxConfig
from sandbox.core.control import create_control_app
from sandbox.core.errors import error_headers
from sandbox.core.factory import create_platform_app
from sandbox.core.landing import (
    UI_PATH,
    has_ui,
    html_response,
    json_response,
    platform_links,
    render_landing,
    wants_html,
)
from sandbox.core.platform import Platform
from sandbox.core.sandbox import Sandbox
from sandbox.platforms import PLATFORMS

CONTROL_PREFIX = "/_sandbox"


class SandboxApp:
    """The WSGI application, plus handles on its parts for tests and the server."""

    def __init__(self, config: SandboxConfig, platforms: Mapping[str, Platform]) -> None:
        if config.platform is not None and config.platform not in platforms:
            raise ValueError(
                f"unknown platform {config.platform!r} (choose from {', '.join(platforms)})"
            )
        self.sandbox = Sandbox(config, platforms)
        self.platform_apps = {
            name: create_platform_app(platform, self.sandbox)
            for name, platform in platforms.items()
            if config.platform in (None, name)
        }
        self.control_app = create_control_app(self.sandbox)
        mounts: dict[str, Any] = {CONTROL_PREFIX: self.control_app}
        if config.platform is not None:
            root: Any = self.platform_apps[config.platform]
        else:
            root = _index_app(platforms, self.control_app)
            mounts.update({f"/{name}": app for name, app in self.platform_apps.items()})
        self._wsgi = DispatcherMiddleware(root, mounts)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        return self._wsgi(environ, start_response)

    def close(self) -> None:
        self.sandbox.close()


def create_app(
    config: SandboxConfig | None = None, platforms: Mapping[str, Platform] | None = None
) -> SandboxApp:
    return SandboxApp(config or SandboxConfig(), platforms if platforms is not None else PLATFORMS)


def _index_app(platforms: Mapping[str, Platform], control: Flask) -> Flask:
    """`GET /`: a map of the server, so a first curl shows where everything is; a page of
    links for a browser (content negotiation: curl's `*/*` keeps the JSON)."""
    app = Flask("sandbox.index")
    app.json.sort_keys = False  # type: ignore[attr-defined]

    @app.get("/")
    def index() -> Any:
        if wants_html(request):
            root = request.script_root
            return html_response(
                render_landing(
                    platform_links(platforms, root, None),
                    f"{root}{CONTROL_PREFIX}",
                    f"{root}{CONTROL_PREFIX}{UI_PATH}" if has_ui(control) else None,
                )
            )
        return json_response(
            {
                "service": "flow-sandbox",
                "version": __version__,
                "platforms": {
                    name: {
                        "vendor": platform.vendor,
                        "base_path": f"/{name}",
                        "spec": f"/{name}/openapi.json",
                        "implemented": platform.implemented,
                    }
                    for name, platform in platforms.items()
                },
                "control": {"base_path": CONTROL_PREFIX, "spec": f"{CONTROL_PREFIX}/openapi.json"},
            }
        )

    @app.errorhandler(HTTPException)
    def not_here(error: HTTPException) -> Any:
        response = jsonify(
            {
                "error": f"{error.code} {error.name}",
                "hint": "platforms live under /<platform>/ (see GET /), the control API under "
                f"{CONTROL_PREFIX}/",
            }
        )
        response.status_code = error.code or 500
        response.headers.update(error_headers(error))
        return response

    return app
