"""`/<platform>/docs`: Swagger UI on the served spec, with assets from the package, the demo
credentials filled in, outside the journal and the spec. (In a browser: tests/browser.)"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.exceptions import NotFound
from werkzeug.test import Client, TestResponse

from sandbox.app import SandboxApp
from sandbox.core.docs_ui import ASSETS, assets_dir, swagger_ui_version
from sandbox.core.traffic.exchange import Exchange
from sandbox.platforms import PLATFORMS
from sandbox.specgen import spec_of
from tests.conftest import DEMO, MakeApp

DOCS_PATHS = (
    "/docs",
    "/docs/",
    "/docs/openapi.json",
    *(f"/docs/swagger-ui/{asset}" for asset in sorted(ASSETS)),
)
#: What each page authorizes with (FlowBot's is a JWT the API issues: checked apart).
PREFILLED = {
    "rapidpro": {"Token": f"Token {DEMO['rapidpro']['token']}"},
    "xerochat": {"ApiKeyQuery": DEMO["xerochat"]["admin_key"]},
    "flochat": {"API KEY": DEMO["flochat"]["api_key"]},
    "flowxo": {"BearerAuth": DEMO["flowxo"]["api_key"]},
}


def script_value(page: str, name: str) -> Any:
    """The JSON assigned to `var <name>` in the page's script."""
    found = re.search(rf"^  var {name} = (.*);$", page, re.MULTILINE)
    assert found is not None, name
    return json.loads(found.group(1))


def config(root: str) -> dict[str, Any]:
    return {
        "url": f"{root}/docs/openapi.json",
        "dom_id": "#swagger-ui",
        "deepLinking": True,
        "showExtensions": True,
        "displayOperationId": True,
        "docExpansion": "list",
        "defaultModelsExpandDepth": 0,
        "tryItOutEnabled": True,
    }


@pytest.fixture
def recorded(make_app: MakeApp) -> Iterator[tuple[SandboxApp, list[str]]]:
    """A sandbox whose traffic parts note every request they see."""
    app = make_app(seed=3)
    seen: list[str] = []

    def gate(exchange: Exchange, _: Any) -> None:
        seen.append(f"gate {exchange.path}")

    def recorder(exchange: Exchange) -> None:
        seen.append(f"recorder {exchange.path}")

    app.sandbox.traffic.gates.append(gate)
    app.sandbox.traffic.recorders.append(recorder)
    yield app, seen


@pytest.mark.parametrize("platform", sorted(PREFILLED))
def test_each_page_shows_the_served_spec_with_the_demo_credentials(
    client: Client, platform: str
) -> None:
    response = client.get(f"/{platform}/docs")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    page = response.text
    assert script_value(page, "config") == config(f"/{platform}")
    assert script_value(page, "credentials") == PREFILLED[platform]
    vendor = PLATFORMS[platform].vendor
    assert f"<title>{vendor} API (flow-sandbox)</title>" in page
    assert f'<script src="/{platform}/docs/swagger-ui/swagger-ui-bundle.js"></script>' in page
    assert f'<link rel="stylesheet" href="/{platform}/docs/swagger-ui/swagger-ui.css">' in page
    assert (
        '<a href="/">All platforms</a> &middot; <a href="/_sandbox/">Control API</a> &middot; '
        f'<a href="/{platform}/docs/swagger-ui/LICENSE">Swagger UI {swagger_ui_version()}</a>'
    ) in page
    assert f'<span id="prefilled">{", ".join(sorted(PREFILLED[platform]))}</span>' in page
    # With a trailing slash, the same page.
    assert client.get(f"/{platform}/docs/").text == page


def test_flowbot_is_authorized_with_a_jwt_its_api_issued(client: Client) -> None:
    credentials = script_value(client.get("/flowbot/docs").text, "credentials")

    assert list(credentials) == ["BearerJWT"]
    token = credentials["BearerJWT"]
    answer = client.get("/flowbot/api/flows", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    refused = client.get("/flowbot/api/flows", headers={"Authorization": "Bearer nope"})
    assert refused.status_code == 401


def test_the_page_spec_is_the_served_spec(client: Client) -> None:
    docs = client.get("/rapidpro/docs/openapi.json")
    served = client.get("/rapidpro/openapi.json")

    assert (docs.status_code, docs.headers["Content-Type"]) == (200, "application/json")
    assert docs.data == served.data
    assert docs.json["servers"][0] == {
        "url": "http://localhost/rapidpro",
        "description": "flow-sandbox",
    }


@pytest.mark.parametrize("asset", sorted(ASSETS))
def test_the_assets_come_from_the_installed_package(client: Client, asset: str) -> None:
    response = client.get(f"/flochat/docs/swagger-ui/{asset}")

    assert response.status_code == 200
    assert response.data == (assets_dir() / asset).read_bytes()
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    types = {
        "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
        "swagger-ui.css": "text/css; charset=utf-8",
        "favicon-32x32.png": "image/png",
        "LICENSE": "text/plain; charset=utf-8",
    }
    assert response.headers["Content-Type"] == types[asset]
    again = client.get(
        f"/flochat/docs/swagger-ui/{asset}", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


def test_swagger_ui_is_a_current_5x_with_its_licence(client: Client) -> None:
    major, minor, _ = swagger_ui_version().split(".")
    assert (int(major), int(minor) >= 32) == (5, True)
    licence = client.get("/rapidpro/docs/swagger-ui/LICENSE").text
    assert "Licensed under the Apache License, Version 2.0" in licence


def vendor_answer(response: TestResponse) -> tuple[int, bytes]:
    return response.status_code, response.data


@pytest.mark.parametrize(
    "path",
    [
        "/docs/swagger-ui/index.html",  # in dist/, but not served
        "/docs/swagger-ui/../../openapi.json",
        "/docs/nope",
        "/docsx",
    ],
)
def test_other_paths_under_docs_are_the_vendors_404(client: Client, path: str) -> None:
    assert vendor_answer(client.get(f"/rapidpro{path}")) == vendor_answer(
        client.get("/rapidpro/nope")
    )


def test_a_write_to_docs_is_answered_by_the_vendor(client: Client) -> None:
    # Laravel's 404 for a route it does not have, as for any other path.
    assert vendor_answer(client.post("/flochat/docs")) == (
        404,
        b'{"message":"The route docs could not be found."}',
    )


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_no_vendor_path_is_under_docs(sandbox_app: SandboxApp, platform: str) -> None:
    adapter = sandbox_app.platform_apps[platform].url_map.bind("localhost")
    for path in DOCS_PATHS:
        for method in ("GET", "POST"):
            with pytest.raises(NotFound):
                adapter.match(path, method=method)


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_docs_stay_out_of_the_spec(sandbox_app: SandboxApp, platform: str) -> None:
    paths = spec_of(sandbox_app.platform_apps[platform])["paths"]
    assert [path for path in paths if path.startswith("/docs")] == []


def test_docs_and_assets_reach_neither_journal_nor_faults(
    recorded: tuple[SandboxApp, list[str]],
) -> None:
    app, seen = recorded
    client = Client(app)
    for path in DOCS_PATHS:
        for platform in PLATFORMS:
            assert client.get(f"/{platform}{path}").status_code == 200, (platform, path)
    assert seen == []
    # The spec the viewer reads is the sandbox's own too (tests/traffic/test_exchange.py);
    # a 404 under /docs is the platform's traffic, and is seen.
    client.get("/rapidpro/openapi.json")
    client.get("/rapidpro/docs/nope")
    assert seen == ["gate /docs/nope", "recorder /docs/nope"]


def test_one_platform_at_the_root_has_its_docs_at_docs(make_app: MakeApp) -> None:
    client = Client(make_app(seed=1, platform="flowxo"))

    page = client.get("/docs").text
    assert script_value(page, "config") == config("")
    assert script_value(page, "credentials") == PREFILLED["flowxo"]
    # No index of platforms at the root: only the control API is linked.
    assert (
        '<a href="/_sandbox/">Control API</a> &middot; '
        f'<a href="/docs/swagger-ui/LICENSE">Swagger UI {swagger_ui_version()}</a>'
    ) in page
    assert "All platforms" not in page
    assert client.get("/docs/openapi.json").data == client.get("/openapi.json").data
    assert client.get("/docs/swagger-ui/swagger-ui.css").status_code == 200


def test_the_page_needs_no_credentials_even_with_a_control_token(make_app: MakeApp) -> None:
    client = Client(make_app(seed=1, control_token="secret"))

    assert client.get("/xerochat/docs").status_code == 200
    assert client.get("/xerochat/docs/openapi.json").status_code == 200


def test_without_the_demo_workspace_flowbot_is_left_unauthorized(make_app: MakeApp) -> None:
    client = Client(make_app(seed=1))
    assert client.delete("/_sandbox/workspaces/default").status_code == 204

    page = client.get("/flowbot/docs").text
    assert script_value(page, "credentials") == {}
    assert '<span id="prefilled">none</span>' in page
