"""RapidPro API v2 as Weni Flows and upstream RapidPro serve it (seed 004, rapidpro.md)."""

from __future__ import annotations

import functools

from flask import Flask, Response, g, request
from werkzeug.exceptions import MethodNotAllowed
from werkzeug.routing import Rule

from sandbox.core.backend import current_backend
from sandbox.core.declare import platform_package
from sandbox.platforms.rapidpro import docs_pages
from sandbox.platforms.rapidpro.errors import too_many_requests
from sandbox.platforms.rapidpro.models import RapidPro

# DRF lists a view's methods in this order in the Allow header of every response.
_DRF_METHOD_ORDER = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


def configure(app: Flask) -> None:
    docs_pages.register(app)

    @app.before_request
    def per_profile_json() -> None:
        flags = g._get_current_object()  # type: ignore[attr-defined]
        if flags.get("sandbox_context") is not None:
            profile = current_backend(RapidPro).profile
            flags.json_ensure_ascii = profile.escape_non_ascii
            flags.rapidpro_strict_json = not profile.is_weni

    # Each operation is a rule of its own, but one DRF view serves every method of its
    # URL and names them all (the docs pages and their writes are views of their own).
    methods_by_endpoint: dict[str, frozenset[str]] = {}

    def view_methods(rule: Rule) -> frozenset[str]:
        methods = methods_by_endpoint.get(rule.endpoint)
        if methods is None:
            same_view = [rule]
            if not docs_pages.is_docs_endpoint(rule.endpoint):
                same_view = [
                    other
                    for other in app.url_map.iter_rules()
                    if other.rule == rule.rule and not docs_pages.is_docs_endpoint(other.endpoint)
                ]
            methods = frozenset().union(*(other.methods or () for other in same_view))
            methods_by_endpoint[rule.endpoint] = methods
        return methods

    @app.after_request
    def drf_headers(response: Response) -> Response:
        # Every DRF response names the view's methods (OPTIONS included) and varies on Accept.
        current = request._get_current_object()  # type: ignore[attr-defined]
        if current.url_rule is not None:
            methods = view_methods(current.url_rule)
        elif isinstance(current.routing_exception, MethodNotAllowed):
            methods = current.routing_exception.valid_methods or ()
        else:
            return response  # an unknown URL: Django's 404 page, no view, no DRF headers
        response.headers["Allow"] = _allow(frozenset(methods))
        response.headers["Vary"] = "Accept"
        return response


@functools.lru_cache(maxsize=64)
def _allow(methods: frozenset[str]) -> str:
    return ", ".join(m for m in _DRF_METHOD_ORDER if m in methods | {"OPTIONS"})


PLATFORM = platform_package(
    __name__,
    title="RapidPro API v2",
    vendor="Weni Flows / RapidPro",
    vendor_base_url="https://flows.weni.ai",
    description="RapidPro API v2 (contacts, fields, groups) as Weni Flows serves it (profile "
    "`weni`, the default) or upstream RapidPro v9.2.5 does (profile `upstream`).",
    configure=configure,
    backend=RapidPro.serving,
    too_many_requests=too_many_requests,
)
