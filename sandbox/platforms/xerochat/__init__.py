"""XeroChat REST API (seed 003, platforms.md §B, docs/xerochat-fidelity.md)."""

from __future__ import annotations

from flask import Flask, g

from sandbox.core.declare import platform_package
from sandbox.platforms.xerochat import routes
from sandbox.platforms.xerochat.controller import STACK
from sandbox.platforms.xerochat.errors import too_many_requests
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


PLATFORM = platform_package(
    __name__,
    title="XeroChat REST API",
    vendor="XeroChat",
    vendor_base_url="https://your-xerochat-domain.com",
    description="XeroChat's REST API (Xerone IT): users, packages, Facebook subscribers "
    "and labels, contact groups, contacts and flow campaigns. Every answer is HTTP 200: "
    'the result, or `{"status": "error" | "info", "message": ...}`.',
    configure=configure,
    backend=XeroChat,
    too_many_requests=too_many_requests,
)
