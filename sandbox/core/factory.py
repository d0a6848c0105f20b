"""Build the Flask app of one platform: its Api, its auth, its transactions."""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, Response, g, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from sandbox.core.api import PlatformApi, SandboxJSONProvider
from sandbox.core.auth import is_public
from sandbox.core.docs_ui import DocsPages
from sandbox.core.platform import PLATFORM_EXTENSION, Platform, Principal
from sandbox.core.platform_flask import PlatformFlask
from sandbox.core.sandbox import EXTENSION, Sandbox
from sandbox.core.storage import Store, StoreWriteError
from sandbox.core.traffic.observe import ObservedApp, steer_requests
from sandbox.core.traffic.operations import OperationIndex

OPENAPI_VERSION = "3.0.3"
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: How long (seconds) a browser may reuse a preflight's answer: Chromium's own cap.
CORS_MAX_AGE = 7200


def create_platform_app(platform: Platform, sandbox: Sandbox) -> Flask:
    """The WSGI app serving `platform` (mounted under /<name>, or at the root)."""
    app = PlatformFlask(f"sandbox.platforms.{platform.name}")
    app.json_provider_class = SandboxJSONProvider
    app.json = SandboxJSONProvider(app)
    app.config.update(
        API_TITLE=platform.title,
        API_VERSION=platform.version,
        OPENAPI_VERSION=OPENAPI_VERSION,
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        # The vendors answer OPTIONS themselves (or refuse it); Flask must not invent it.
        PROVIDE_AUTOMATIC_OPTIONS=False,
        MAX_CONTENT_LENGTH=sandbox.config.max_body_size,
    )
    app.extensions[EXTENSION] = sandbox
    app.extensions[PLATFORM_EXTENSION] = platform
    if sandbox.config.cors:
        # First: its preflight answer skips auth and transactions, and its after_request
        # hook runs last, on the answer every other hook has finished.
        allow_cross_origin(app)
    api = PlatformApi(app, platform, spec_kwargs=spec_options(platform))
    for blueprint in platform.blueprints:
        api.register_blueprint(blueprint)
    bind_transactions(app, sandbox.store)
    operations = OperationIndex(app)
    authenticate_requests(app, platform, sandbox)
    steer_requests(app, platform, sandbox, operations)
    if platform.configure is not None:
        platform.configure(app)
    # Registered last so it runs first of the after_request hooks: the platform's own
    # hooks then finish whichever answer it leaves (a vendor 500 when the commit fails).
    commit_before_answering(app, sandbox.store)
    # Outermost: the journal times and keeps the answer every hook above has finished.
    app.wsgi_app = ObservedApp(  # type: ignore[method-assign]
        app.wsgi_app, platform.name, sandbox, operations
    )
    # Outside the journal: `/docs` (Swagger UI) is not the platform's traffic.
    at_root = sandbox.config.platform is not None
    app.wsgi_app = DocsPages(app, platform, at_root=at_root)  # type: ignore[method-assign]
    return app


def spec_options(platform: Platform) -> dict[str, Any]:
    return {
        "info": {
            "description": (
                f"{platform.description}\n\nPaths are relative to the vendor's base URL "
                f"({platform.vendor_base_url}); in flow-sandbox the base URL is "
                f"`http://<host>:<port>/{platform.name}`."
            ),
        },
        "servers": [{"url": platform.vendor_base_url, "description": f"{platform.vendor} API"}],
        "components": {"securitySchemes": dict(platform.auth.SECURITY_SCHEMES)},
        "security": [{name: []} for name in platform.auth.SECURITY_SCHEMES],
    }


def allow_cross_origin(app: Flask) -> None:
    """Let pages of any origin call the platform from a browser (`serve --cors`).

    A preflight (OPTIONS with Access-Control-Request-Method) of a URL the platform serves
    is answered 204 with what the browser asked for; every answer (a preflight of an unknown
    URL gets the platform's 404) carries Access-Control-Allow-Origin and Vary: Origin. The
    control API is another app, guarded against browsers on its own.
    """

    @app.before_request
    def preflight() -> Response | None:
        if request.method != "OPTIONS" or "Access-Control-Request-Method" not in request.headers:
            return None
        adapter = app.create_url_adapter(request)
        methods = adapter.allowed_methods() if adapter is not None else []
        if not methods:
            return None  # an unknown URL: the platform's own 404
        response = app.response_class(status=204)
        del response.headers["Content-Type"]  # no body, so no type either
        response.headers["Access-Control-Allow-Methods"] = ", ".join(sorted(methods))
        requested = request.headers.get("Access-Control-Request-Headers")
        if requested:
            response.headers["Access-Control-Allow-Headers"] = requested
        response.headers["Access-Control-Max-Age"] = str(CORS_MAX_AGE)
        return response

    @app.after_request
    def allow_origin(response: Response) -> Response:
        # The caller's origin rather than `*`: also valid for requests sent with credentials.
        response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")
        response.vary.add("Origin")
        return response


def bind_transactions(app: Flask, store: Store) -> None:
    """Run each request in one store transaction, rolled back if the request fails.

    A request fails when it raises, whether or not a vendor error response follows
    (XeroChat answers errors with HTTP 200, so the status code cannot tell).
    """

    @app.before_request
    def begin() -> None:
        # A request that may write takes the write lock before it reads, so what it
        # checks (a name not taken yet) still holds when it writes; reads run alongside.
        store.begin(write=request.method not in READ_ONLY_METHODS)
        g.sandbox_transaction = True

    @app.teardown_request
    def end(error: BaseException | None) -> None:
        # Still open only when no answer was made (an exception Flask let through):
        # commit_before_answering ends it otherwise.
        flags = g._get_current_object()  # type: ignore[attr-defined]
        if flags.pop("sandbox_transaction", False):
            store.end(commit=error is None and not flags.get("sandbox_failed", False))


def commit_before_answering(app: Flask, store: Store) -> None:
    """End the request's transaction before its answer is final: a commit that cannot be
    journalled (a full disk) raises StoreWriteError, answered as the vendor's 500 instead
    of the success the view built (in teardown, it became an empty 500 from the server)."""

    @app.after_request
    def commit(response: Response) -> Response:
        flags = g._get_current_object()  # type: ignore[attr-defined]
        if not flags.pop("sandbox_transaction", False):
            return response
        try:
            store.end(commit=not flags.get("sandbox_failed", False))
        except StoreWriteError as error:
            return app.make_response(app.handle_user_exception(error))
        return response


def authenticate_requests(app: Flask, platform: Platform, sandbox: Sandbox) -> None:
    """Tie each request to a workspace, or let the platform refuse it."""

    @app.before_request
    def authenticate() -> None:
        # The request itself, not its proxy: this and the authenticators read it many times.
        current = request._get_current_object()  # type: ignore[attr-defined]
        if isinstance(current.routing_exception, NotFound):
            return  # unknown URLs get the vendor's 404 whoever asks
        if _is_public(app, _endpoint(app, current)):
            return
        found = platform.auth.authenticate(current)
        if found is not None:
            principal = found if isinstance(found, Principal) else Principal(found)
            g.sandbox_principal = principal
            g.sandbox_context = sandbox.context(principal.workspace)


def _endpoint(app: Flask, current: Request) -> str | None:
    """The endpoint of the URL, even when the method is wrong (a 405 to come)."""
    error = current.routing_exception
    if isinstance(error, MethodNotAllowed):
        adapter = app.url_map.bind_to_environ(current.environ)
        method = sorted(error.valid_methods or ["GET"])[0]
        try:
            endpoint, _ = adapter.match(method=method)
        except HTTPException:
            return None
        return endpoint
    return current.endpoint


def _is_public(app: Flask, endpoint: str | None) -> bool:
    """The spec (flask-smorest's `api-docs` blueprint) and views marked `@public`."""
    if endpoint is None:
        return False
    if endpoint.startswith("api-docs."):
        return True
    view = app.view_functions.get(endpoint)
    return view is not None and is_public(view)
