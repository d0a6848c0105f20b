"""The control API app, mounted at /_sandbox, with its own spec."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from sandbox import __version__
from sandbox.config import format_size
from sandbox.core.errors import error_headers
from sandbox.core.jsontext import nonfinite_as_null
from sandbox.core.lazyspec import LazyDocsApi
from sandbox.core.sandbox import EXTENSION, Sandbox

TITLE = "flow-sandbox control API"
CONTROL_TOKEN_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "description": "The token given to `flow-sandbox serve --control-token` (or "
    "FLOW_SANDBOX_CONTROL_TOKEN); `X-Sandbox-Token: <token>` works too.",
}


class ControlApi(LazyDocsApi):
    """flask-smorest's error format, plus the `Allow` header on 405."""

    def handle_http_exception(self, error: HTTPException) -> Response:  # type: ignore[override]
        payload, status, headers = super().handle_http_exception(error)
        if isinstance(error, RequestEntityTooLarge):
            # werkzeug's text says nothing of the limit, nor how to raise it.
            limit = format_size(self._app.config["MAX_CONTENT_LENGTH"])
            payload["message"] = (
                f"the body is larger than the server's limit of {limit} "
                "(flow-sandbox serve --max-body-size)"
            )
        result = jsonify(payload)
        result.status_code = status
        result.headers.update({**(headers or {}), **error_headers(error)})
        return result


class ControlJSONProvider(DefaultJSONProvider):
    """Flask's JSON, but `Infinity` and `NaN` (a number too long for Python, read as a
    JavaScript vendor reads it, then stored) are written `null`, as `JSON.stringify`
    writes them: they are not JSON, and an export must be JSON any parser reads."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        try:
            return super().dumps(obj, **{**kwargs, "allow_nan": False})
        except ValueError:  # rare: encode once more, with `null` for them
            return super().dumps(nonfinite_as_null(obj), **kwargs)


def create_control_app(sandbox: Sandbox) -> Flask:
    from sandbox.core.control.fault_routes import blp as fault_blp
    from sandbox.core.control.guard import guard_requests
    from sandbox.core.control.journal_routes import blp as journal_blp
    from sandbox.core.control.routes import blp
    from sandbox.core.landing import register_control_index

    app = Flask("sandbox.control")
    app.json_provider_class = ControlJSONProvider
    app.json = ControlJSONProvider(app)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.config.update(
        API_TITLE=TITLE,
        API_VERSION=__version__,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        MAX_CONTENT_LENGTH=sandbox.config.max_body_size,
    )
    app.extensions[EXTENSION] = sandbox
    api = ControlApi(
        app,
        spec_kwargs={
            "info": {
                "description": "Reset, seed, export and inspect a flow-sandbox server. "
                "Mounted at /_sandbox; never part of a vendor's API. With `serve "
                "--control-token`, every call but health and this spec needs the token "
                "(401 without it). Without one, Host names other than localhost, IP "
                "addresses and `--allowed-host` are refused (403, against DNS rebinding). "
                "A write whose Origin is another site's is refused (403), as is one whose "
                "body is not JSON (415)."
            },
            "components": {"securitySchemes": {"controlToken": CONTROL_TOKEN_SCHEME}},
            # Optional: only a server started with --control-token asks for it.
            "security": [{}, {"controlToken": []}],
        },
    )
    api.register_blueprint(blp)
    api.register_blueprint(journal_blp)
    api.register_blueprint(fault_blp)
    # `/_sandbox/` itself: an index of the above (not an operation, so not in the spec).
    register_control_index(app, sandbox.platforms, sandbox.config.platform)
    guard_requests(app, sandbox.config)
    return app
