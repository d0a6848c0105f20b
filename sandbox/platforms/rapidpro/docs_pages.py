"""The endpoints without a format suffix (`/api/v2/contacts`): temba's documentation pages.

temba routes `^contacts$` with `format_suffix_patterns`, so `/api/v2/contacts` is the same
view as `contacts.json` answered through DRF's content negotiation: the HTML docs page for
a browser or `*/*`, JSON for `Accept: application/json`; a GET lists nothing there
(`ListAPIMixin.list` returns `[]` when `is_docs()`, rapidpro-api-v2.md §1.1). Weni's docs
need authentication like the rest (403 anonymous, 200 with a token; checked against
weni-ai/flows' API tests); upstream (v9.2.5) lets anonymous GETs through but not writes
(NY `test_docs`). POST and DELETE here are the JSON views themselves, as in DRF.

These URLs stay out of the OpenAPI spec: they are the vendor's docs, not its JSON API.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from flask import Flask, Request, Response, request

#: (path without suffix, blueprint view, page title as temba names the endpoint)
ENDPOINTS = (
    ("/api/v2/contacts", "rapidpro.Contacts", "Contacts"),
    ("/api/v2/fields", "rapidpro.Fields", "Contact Fields"),
    ("/api/v2/groups", "rapidpro.Groups", "Contact Groups"),
)
DOCS_ENDPOINT_PREFIX = "rapidpro.docs_"


def register(app: Flask) -> None:
    """Add the suffix-less URLs: GET/HEAD to the docs page, POST/DELETE to the JSON view."""
    for path, view_endpoint, title in ENDPOINTS:
        name = path.rsplit("/", 1)[1]
        app.add_url_rule(
            path,
            endpoint=f"{DOCS_ENDPOINT_PREFIX}{name}",
            view_func=_page_view(path, title),
            methods=["GET"],
        )
        app.add_url_rule(
            path,
            endpoint=f"{DOCS_ENDPOINT_PREFIX}{name}_write",
            view_func=app.view_functions[view_endpoint],
            methods=["POST", "DELETE"],
        )


def is_docs_read(current: Request) -> bool:
    """A GET (or HEAD) of a docs page: upstream answers it without credentials."""
    rule = current.url_rule
    return (
        rule is not None
        and rule.endpoint.startswith(DOCS_ENDPOINT_PREFIX)
        and not rule.endpoint.endswith("_write")
    )


def _page_view(path: str, title: str) -> Callable[[], Response]:
    def docs_page() -> Response:
        wanted = request.accept_mimetypes.best_match(["text/html", "application/json"])
        if wanted == "application/json":
            return Response("[]", mimetype="application/json")
        return Response(_page(path, title), mimetype="text/html")

    docs_page.__name__ = f"docs_page_{path.rsplit('/', 1)[1]}"
    return docs_page


def _page(path: str, title: str) -> str:
    name = html.escape(title)
    json_url = html.escape(f"{request.script_root}{path}.json")
    return (
        "<!DOCTYPE html>\n"
        f"<html><head><title>{name} Endpoint - API Explorer</title></head>\n"
        f"<body><h1>{name} Endpoint</h1>\n"
        f'<p>The JSON API of this endpoint is <a href="{json_url}">{json_url}</a>.</p>\n'
        "</body></html>\n"
    )
