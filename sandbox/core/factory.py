"""Build the Flask app of one platform: its Api, its auth, its transactions."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from sandbox.core.api import PlatformApi, SandboxJSONProvider
from sandbox.core.auth import is_public
from sandbox.core.platform import Platform
from sandbox.core.sandbox import EXTENSION, Sandbox, current_sandbox
from sandbox.core.storage import Store

OPENAPI_VERSION = "3.0.3"
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PLATFORM_EXTENSION = "flow_sandbox_platform"


class PlatformFlask(Flask):
    """Flask, asking once per view function (not on every call) whether it is async.

    Flask and each of flask-smorest's decorator layers pass the view through
    `ensure_sync`, which inspects the function on every call.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._is_async: dict[Callable[..., Any], bool] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        # Methods of a MethodView come bound to a new instance per request: key on the
        # function, so the cache holds one entry per view.
        target = getattr(func, "__func__", func)
        is_async = self._is_async.get(target)
        if is_async is None:
            is_async = self._is_async.setdefault(target, inspect.iscoroutinefunction(func))
        return super().ensure_sync(func) if is_async else func


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
        MAX_CONTENT_LENGTH=64 * 1024 * 1024,
    )
    app.extensions[EXTENSION] = sandbox
    app.extensions[PLATFORM_EXTENSION] = platform
    api = PlatformApi(app, platform, spec_kwargs=spec_options(platform))
    for blueprint in platform.blueprints:
        api.register_blueprint(blueprint)
    bind_transactions(app, sandbox.store)
    app.before_request(_authenticate)
    if platform.configure is not None:
        platform.configure(app)
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
        if g.pop("sandbox_transaction", False):
            store.end(commit=error is None and not g.get("sandbox_failed", False))


def _authenticate() -> None:
    """Tie the request to a workspace, or let the platform refuse it."""
    if isinstance(request.routing_exception, NotFound):
        return  # unknown URLs get the vendor's 404 whoever asks
    if _is_public(_endpoint()):
        return
    platform: Platform = current_app.extensions[PLATFORM_EXTENSION]
    # The request itself, not its proxy: authenticators read it many times.
    workspace = platform.auth.authenticate(request._get_current_object())  # type: ignore[attr-defined]
    if workspace is not None:
        g.sandbox_context = current_sandbox().context(workspace)


def _endpoint() -> str | None:
    """The endpoint of the URL, even when the method is wrong (a 405 to come)."""
    if isinstance(request.routing_exception, MethodNotAllowed):
        adapter = current_app.url_map.bind_to_environ(request.environ)
        method = sorted(request.routing_exception.valid_methods or ["GET"])[0]
        try:
            endpoint, _ = adapter.match(method=method)
        except HTTPException:
            return None
        return endpoint
    return request.endpoint


def _is_public(endpoint: str | None) -> bool:
    """The spec (flask-smorest's `api-docs` blueprint) and views marked `@public`."""
    if endpoint is None:
        return False
    if endpoint.startswith("api-docs."):
        return True
    view = current_app.view_functions.get(endpoint)
    return view is not None and is_public(view)
