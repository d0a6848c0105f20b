"""XeroChat REST API (seed 003, platforms.md §B, docs/xerochat-fidelity.md)."""

from __future__ import annotations

from flask import Flask, g

from sandbox.core.platform import Platform
from sandbox.platforms.xerochat import auth, errors, models, routes
from sandbox.platforms.xerochat.controller import STACK
from sandbox.platforms.xerochat.models.api import XeroChat

ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def configure(app: Flask) -> None:
    # No XeroChat endpoint checks the HTTP method; a trailing slash is the same URL.
    app.add_url_rule(
        "/api/<path:rest>",
        endpoint="xerochat_dispatch",
        view_func=routes.dispatch,
        methods=ALL_METHODS,
    )
    # Authentication checks the URI first; this covers the URLs it does not see (the
    # spec, unknown URLs, whose 404 comes after CodeIgniter's URI check).
    app.before_request(STACK.check_uri)

    @app.before_request
    def php_json() -> None:
        g.json_escape_slashes = True  # PHP's json_encode writes "\/"


PLATFORM = Platform(
    name="xerochat",
    title="XeroChat REST API",
    vendor="XeroChat",
    vendor_base_url="https://your-xerochat-domain.com",
    description="XeroChat's REST API (Xerone IT): users, packages, Facebook subscribers "
    "and labels, contact groups, contacts and flow campaigns. Every answer is HTTP 200: "
    'the result, or `{"status": "error" | "info", "message": ...}`.',
    auth=auth,
    render_error=errors.render,
    error_schema=errors.ErrorSchema,
    models=models,
    blueprints=(routes.blp,),
    configure=configure,
    backend=XeroChat,
)
