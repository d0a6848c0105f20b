"""`/` and `/_sandbox/`: JSON for curl, a page of links for a browser."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from sandbox import __version__
from sandbox.core.landing import STYLE
from tests.conftest import MakeApp

#: What Chromium sends when it opens a page.
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
VENDORS = {
    "rapidpro": "Weni Flows / RapidPro",
    "xerochat": "XeroChat",
    "flochat": "Flochat",
    "flowxo": "Flow XO",
    "flowbot": "FlowBot AI",
}
#: The control API's operations when `/_sandbox/` was built; later ones are listed too.
CONTROL_OPERATIONS = [
    (
        "GET",
        "/_sandbox/health",
        "Report that the sandbox is up, what it serves, and what its storage recovered.",
    ),
    (
        "POST",
        "/_sandbox/reset",
        "Return everything, or one workspace's data, to its state at startup.",
    ),
    (
        "POST",
        "/_sandbox/fixtures",
        "Load a fixture document (JSON or YAML); the workspaces it names are replaced.",
    ),
    ("GET", "/_sandbox/export", "The state (all workspaces, or one) as a fixture document."),
    ("GET", "/_sandbox/clock", "The sandbox time every timestamp comes from."),
    ("POST", "/_sandbox/clock", "Freeze, set or advance the clock."),
    ("GET", "/_sandbox/workspaces", "Every workspace with its credentials."),
    (
        "POST",
        "/_sandbox/workspaces",
        "Create an isolated workspace with fresh credentials for every platform.",
    ),
    ("GET", "/_sandbox/workspaces/{name}", "One workspace with its credentials."),
    (
        "DELETE",
        "/_sandbox/workspaces/{name}",
        "Remove a workspace and all its data (CI jobs clean up with this).",
    ),
    (
        "GET",
        "/_sandbox/outbox",
        'What a workspace "sent" on a messaging platform (nothing really leaves the sandbox), '
        "oldest first; `conversation` narrows it to one.",
    ),
    (
        "POST",
        "/_sandbox/inbound",
        "Simulate a customer's message in a conversation: it is recorded as received and opens "
        "(or refreshes) the 24-hour window in which free-form messages may be sent.",
    ),
]


def links(name: str) -> dict[str, str]:
    return {
        "vendor": VENDORS[name],
        "base_path": f"/{name}",
        "spec": f"/{name}/openapi.json",
        "docs": f"/{name}/docs",
    }


def row(name: str) -> str:
    return (
        f"<tr><td>{VENDORS[name]}</td><td><code>/{name}</code></td>"
        f'<td><a href="/{name}/docs">API docs</a></td>'
        f'<td><a href="/{name}/openapi.json">openapi.json</a></td></tr>'
    )


PLATFORM_TABLE = (
    '<table id="platforms">\n<tr><th>Platform</th><th>Base URL</th><th>Try it</th>'
    "<th>Spec</th></tr>\n" + "\n".join(row(name) for name in VENDORS) + "\n</table>"
)


def page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{title}</h1>\n{body}\n</body>\n</html>\n"
    )


# -- / -------------------------------------------------------------------------------------------


def test_a_browser_gets_the_landing_page(client: Client) -> None:
    response = client.get("/", headers=BROWSER)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Vary"] == "Accept"
    assert response.text == page(
        f"flow-sandbox {__version__}",
        "<p>Local sandboxes of chatbot platform APIs. Each platform answers under its base URL "
        "as the vendor does; its API docs call this sandbox, with the default workspace's demo "
        "credentials filled in.</p>\n"
        f"{PLATFORM_TABLE}\n"
        "<h2>Control API</h2>\n"
        '<p>Reset, fixtures, export, clock and workspaces: <a href="/_sandbox/">/_sandbox/</a> '
        '(spec: <a href="/_sandbox/openapi.json">/_sandbox/openapi.json</a>).</p>\n'
        '<p id="inspector">Inspector: <code>/_sandbox/ui/</code> (not in this version yet).</p>',
    )


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "text/html;q=0.5, */*"])
def test_curl_and_scripts_keep_the_json_index(client: Client, accept: str | None) -> None:
    response = client.get("/", headers={"Accept": accept} if accept else {})

    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Vary"] == "Accept"
    assert response.json["service"] == "flow-sandbox"  # the whole body: tests/test_app.py


# -- /_sandbox/ ----------------------------------------------------------------------------------


def control_index(body: dict[str, Any]) -> dict[str, Any]:
    """`body` with the operations listed when it was built, later ones checked apart."""
    operations = body.pop("operations")
    known = [op for op in operations if (op["method"], op["path"]) in _KNOWN]
    assert [(op["method"], op["path"], op["summary"]) for op in known] == CONTROL_OPERATIONS
    for op in operations:  # those added since: each a documented route with a summary
        assert op["path"].startswith("/_sandbox/") and op["summary"], op
    return body


_KNOWN = {(method, path) for method, path, _ in CONTROL_OPERATIONS}


def test_the_control_index_lists_its_operations_and_the_platforms(client: Client) -> None:
    response = client.get("/_sandbox/")

    assert (response.status_code, response.headers["Vary"]) == (200, "Accept")
    assert control_index(response.json) == {
        "service": "flow-sandbox control API",
        "version": __version__,
        "spec": "/_sandbox/openapi.json",
        "ui": None,
        "platforms": {name: links(name) for name in VENDORS},
    }


def test_the_control_index_without_its_slash_redirects(client: Client) -> None:
    response = client.get("/_sandbox")

    assert (response.status_code, response.headers["Location"]) == (
        308,
        "http://localhost/_sandbox/",
    )


def test_a_browser_gets_the_control_index_as_a_page(client: Client) -> None:
    response = client.get("/_sandbox/", headers=BROWSER)

    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    text = response.text
    head, operations = text.split('<table id="operations">\n', 1)
    assert (
        head
        == page(
            "flow-sandbox control API",
            '<p><a href="/">All platforms</a></p>\n'
            '<p>Spec: <a href="/_sandbox/openapi.json">/_sandbox/openapi.json</a></p>\n'
            '<p id="inspector">Inspector: <code>/_sandbox/ui/</code> '
            "(not in this version yet).</p>\n",
        ).split("\n</body>")[0]
    )
    assert operations.startswith(
        "<tr><th>Method</th><th>Path</th><th>What it does</th></tr>\n"
        "<tr><td><code>GET</code></td><td><code>/_sandbox/health</code></td><td>Report that the "
        "sandbox is up, what it serves, and what its storage recovered.</td></tr>\n"
    )
    assert (
        "<tr><td><code>GET</code></td><td><code>/_sandbox/workspaces/{name}</code></td>"
        "<td>One workspace with its credentials.</td></tr>\n"
    ) in operations
    assert text.endswith(f"</table>\n<h2>Platforms</h2>\n{PLATFORM_TABLE}\n</body>\n</html>\n")


def test_the_control_index_needs_no_control_token(make_app: MakeApp) -> None:
    client = Client(make_app(seed=1, control_token="secret"))

    assert client.get("/_sandbox/").status_code == 200
    assert client.get("/_sandbox/", headers={"Host": "sandbox.example"}).status_code == 200
    # The rest of the control API still wants it.
    assert client.get("/_sandbox/workspaces").status_code == 401


def test_one_platform_at_the_root_is_indexed_at_the_root(make_app: MakeApp) -> None:
    client = Client(make_app(seed=1, platform="flochat"))

    body = control_index(client.get("/_sandbox/").json)
    assert body["platforms"] == {
        "flochat": {
            "vendor": "Flochat",
            "base_path": "/",
            "spec": "/openapi.json",
            "docs": "/docs",
        }
    }
    text = client.get("/_sandbox/", headers=BROWSER).text
    assert "All platforms" not in text
    assert (
        '<tr><td>Flochat</td><td><code>/</code></td><td><a href="/docs">API docs</a></td>'
        '<td><a href="/openapi.json">openapi.json</a></td></tr>'
    ) in text


def test_the_inspector_is_linked_once_the_control_app_serves_it(make_app: MakeApp) -> None:
    app = make_app(seed=1)
    app.control_app.add_url_rule("/ui/", "ui", lambda: "the inspector")
    client = Client(app)

    assert client.get("/_sandbox/").json["ui"] == "/_sandbox/ui/"
    expected = '<p id="inspector">Inspector: <a href="/_sandbox/ui/">/_sandbox/ui/</a></p>'
    assert expected in client.get("/_sandbox/", headers=BROWSER).text
    assert expected in client.get("/", headers=BROWSER).text
