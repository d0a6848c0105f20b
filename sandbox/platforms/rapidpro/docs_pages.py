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
from flask.typing import ResponseReturnValue

#: (path without suffix, the blueprint's operations by method, page title as temba names
#: the endpoint)
ENDPOINTS = (
    (
        "/api/v2/contacts",
        {"POST": "rapidpro.save_contact", "DELETE": "rapidpro.delete_contact"},
        "Contacts",
    ),
    ("/api/v2/fields", {"POST": "rapidpro.save_field"}, "Contact Fields"),
    (
        "/api/v2/groups",
        {"POST": "rapidpro.save_group", "DELETE": "rapidpro.delete_group"},
        "Contact Groups",
    ),
)
DOCS_ENDPOINT_PREFIX = "rapidpro.docs_"


def register(app: Flask) -> None:
    """Add the suffix-less URLs: GET/HEAD to the docs page, the JSON view's writes (POST,
    DELETE where it has one) to its operations."""
    for path, writes, title in ENDPOINTS:
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
            view_func=_write_view(app, name, writes),
            methods=list(writes),
        )


def is_docs_endpoint(endpoint: str) -> bool:
    return endpoint.startswith(DOCS_ENDPOINT_PREFIX)


def is_docs_read(current: Request) -> bool:
    """A GET (or HEAD) of a docs page: upstream answers it without credentials."""
    rule = current.url_rule
    return (
        rule is not None
        and rule.endpoint.startswith(DOCS_ENDPOINT_PREFIX)
        and not rule.endpoint.endswith("_write")
    )


def _write_view(app: Flask, name: str, writes: dict[str, str]) -> Callable[[], ResponseReturnValue]:
    views = {method: app.view_functions[endpoint] for method, endpoint in writes.items()}

    def docs_write() -> ResponseReturnValue:
        return views[request.method]()  # type: ignore[no-any-return]

    docs_write.__name__ = f"docs_write_{name}"
    return docs_write


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
