"""The control API app, mounted at /_sandbox, with its own spec."""

from __future__ import annotations

from flask import Flask, Response, jsonify
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from sandbox import __version__
from sandbox.core.errors import error_headers
from sandbox.core.sandbox import EXTENSION, Sandbox

TITLE = "flow-sandbox control API"


class ControlApi(Api):
    """flask-smorest's error format, plus the `Allow` header on 405."""

    def handle_http_exception(self, error: HTTPException) -> Response:  # type: ignore[override]
        payload, status, headers = super().handle_http_exception(error)
        result = jsonify(payload)
        result.status_code = status
        result.headers.update({**(headers or {}), **error_headers(error)})
        return result


def create_control_app(sandbox: Sandbox) -> Flask:
    from sandbox.core.control.routes import blp

    app = Flask("sandbox.control")
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.config.update(
        API_TITLE=TITLE,
        API_VERSION=__version__,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        MAX_CONTENT_LENGTH=512 * 1024 * 1024,
    )
    app.extensions[EXTENSION] = sandbox
    api = ControlApi(
        app,
        spec_kwargs={
            "info": {
                "description": "Reset, seed, export and inspect a flow-sandbox server. "
                "Mounted at /_sandbox; never part of a vendor's API."
            }
        },
    )
    api.register_blueprint(blp)
    return app
