"""The assembled server: the index, the mounts, a platform not built yet, one-platform mode."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import pytest
import schemathesis
from werkzeug.test import Client

from sandbox import __version__
from sandbox.app import SandboxApp, create_app
from sandbox.config import SandboxConfig
from sandbox.platforms import PLATFORMS
from sandbox.platforms.rapidpro.errors import DJANGO_404
from tests.conftest import RAPIDPRO_AUTH, MakeApp, served_platform
from tests.core.test_storage_health import HEALTHY_STORAGE

#: Platforms whose stub (the Platform without its endpoints) the stub tests mount.
STUBS = ("flowxo", "flowbot")
TITLES = {
    "rapidpro": "RapidPro API v2",
    "xerochat": "XeroChat REST API",
    "flochat": "Flochat Chatbot API",
    "flowxo": "Flow XO API",
    "flowbot": "FlowBot AI API",
}
INDEX_HINT = "platforms live under /<platform>/ (see GET /), the control API under /_sandbox/"
# CodeIgniter 3's stock error_404 page, as XeroChat serves it.
CODEIGNITER_404 = (
    "<!DOCTYPE html>\n"
    '<html lang="en">\n'
    "<head>\n"
    '<meta charset="utf-8">\n'
    "<title>404 Page Not Found</title>\n"
    "</head>\n"
    "<body>\n"
    '\t<div id="container">\n'
    "\t\t<h1>404 Page Not Found</h1>\n"
    "\t\t<p>The page you requested was not found.</p>\t</div>\n"
    "</body>\n"
    "</html>"
)


@pytest.fixture
def single(make_app: MakeApp) -> Callable[[str], Client]:
    """Build sandboxes that serve one platform at the root (closed at the end)."""

    def build(platform: str) -> Client:
        return Client(make_app(seed=1, platform=platform))

    return build


# -- the index -----------------------------------------------------------------------------------


def test_the_index_maps_the_server(client: Client) -> None:
    response = client.get("/")

    assert response.status_code == 200
    assert response.json == {
        "service": "flow-sandbox",
        "version": __version__,
        "platforms": {
            "rapidpro": {"vendor": "Weni Flows / RapidPro", **served_platform("rapidpro")},
            "xerochat": {"vendor": "XeroChat", **served_platform("xerochat")},
            "flochat": {"vendor": "Flochat", **served_platform("flochat")},
            "flowxo": {"vendor": "Flow XO", **served_platform("flowxo")},
            "flowbot": {"vendor": "FlowBot AI", **served_platform("flowbot")},
        },
        "control": {"base_path": "/_sandbox", "spec": "/_sandbox/openapi.json"},
    }


@pytest.mark.parametrize("path", ["/nope", "/api/v2/contacts.json", "/sandbox/health"])
def test_an_unknown_root_path_is_404_with_a_hint(client: Client, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 404
    assert response.json == {"error": "404 Not Found", "hint": INDEX_HINT}


def test_a_wrong_method_on_the_index_is_405_with_allow(client: Client) -> None:
    response = client.post("/")

    assert response.status_code == 405
    assert response.json == {"error": "405 Method Not Allowed", "hint": INDEX_HINT}
    assert response.headers.get("Allow") == "GET, HEAD, OPTIONS"


# -- mounts --------------------------------------------------------------------------------------


def test_rapidpro_is_mounted_under_its_name(client: Client) -> None:
    response = client.get("/rapidpro/api/v2/contacts.json", headers=RAPIDPRO_AUTH)

    assert (response.status_code, response.json) == (
        200,
        {"next": None, "previous": None, "results": []},
    )


def test_the_control_api_is_mounted_under_sandbox(client: Client) -> None:
    assert client.get("/_sandbox/health").json["status"] == "ok"


# -- unknown URLs --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/anything", "/api/subscribers", "/flow/tags/42"])
def test_xerochat_answers_unknown_urls_with_codeigniters_404_page(
    client: Client, path: str
) -> None:
    response = client.get(f"/xerochat{path}")

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert response.get_data(as_text=True) == CODEIGNITER_404


@pytest.mark.parametrize("path", ["anything", "flow/nope", "subscriber/nope"])
def test_flochat_answers_unknown_urls_with_laravels_404(client: Client, path: str) -> None:
    response = client.get(f"/flochat/{path}")

    assert response.status_code == 404
    assert response.json == {"message": f"The route {path} could not be found."}


@pytest.mark.parametrize(("platform", "key"), [("flowxo", "message"), ("flowbot", "error")])
@pytest.mark.parametrize("path", ["/anything", "/api/nothing", "/a/b/c"])
def test_flowxo_and_flowbot_answer_unknown_urls_with_their_404(
    client: Client, platform: str, key: str, path: str
) -> None:
    response = client.get(f"/{platform}{path}")

    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert response.json == {key: "Not Found"}


# -- a platform not built yet -------------------------------------------------------------------


@pytest.fixture(scope="module")
def stubs() -> Iterator[Client]:
    """A server whose flowxo and flowbot are stubs: their Platform without endpoints, as a
    new platform is mounted before its first endpoint exists."""
    platforms = {
        name: dataclasses.replace(platform, blueprints=(), models=None, conversations=None)
        if name in STUBS
        else platform
        for name, platform in PLATFORMS.items()
    }
    app: SandboxApp = create_app(SandboxConfig(db=":memory:"), platforms)
    yield Client(app)
    app.close()


def test_a_stub_platform_is_listed_as_not_implemented(stubs: Client) -> None:
    listed = stubs.get("/").json["platforms"]

    assert {name: entry["implemented"] for name, entry in listed.items()} == {
        "rapidpro": True,
        "xerochat": True,
        "flochat": True,
        "flowxo": False,
        "flowbot": False,
    }


@pytest.mark.parametrize(("platform", "key"), [("flowxo", "message"), ("flowbot", "error")])
def test_a_stub_platform_answers_every_url_with_its_vendors_404(
    stubs: Client, platform: str, key: str
) -> None:
    response = stubs.get(f"/{platform}/api/end_users")

    assert (response.status_code, response.json) == (404, {key: "Not Found"})


@pytest.mark.parametrize("platform", STUBS)
def test_a_stub_platform_ignores_credentials_on_unknown_urls(stubs: Client, platform: str) -> None:
    plain = stubs.get(f"/{platform}/anything")
    with_credentials = stubs.get(
        f"/{platform}/anything",
        headers={"Authorization": "Bearer whatever"},
        query_string={"api_key": "1-x"},
    )

    assert (with_credentials.status_code, with_credentials.get_data()) == (
        plain.status_code,
        plain.get_data(),
    )


@pytest.mark.parametrize("platform", PLATFORMS)
def test_each_platform_serves_a_valid_openapi_3_spec(client: Client, platform: str) -> None:
    response = client.get(f"/{platform}/openapi.json")

    assert response.status_code == 200
    spec = response.json
    schemathesis.openapi.from_dict(spec).validate()
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == TITLES[platform]


@pytest.mark.parametrize("platform", STUBS)
def test_a_stub_platforms_spec_has_no_operations_yet(stubs: Client, platform: str) -> None:
    spec = stubs.get(f"/{platform}/openapi.json").json

    assert spec["paths"] == {}
    assert spec["servers"] == [
        {"url": f"http://localhost/{platform}", "description": "flow-sandbox"},
        {
            "url": PLATFORMS[platform].vendor_base_url,
            "description": f"{PLATFORMS[platform].vendor} API",
        },
    ]


@pytest.mark.parametrize("platform", PLATFORMS)
def test_a_wrong_method_on_a_spec_is_405_with_allow(client: Client, platform: str) -> None:
    response = client.post(f"/{platform}/openapi.json")

    # Django REST framework lists OPTIONS too; the other stacks do not.
    allowed = "GET, HEAD, OPTIONS" if platform == "rapidpro" else "GET, HEAD"
    assert (response.status_code, response.headers.get("Allow")) == (405, allowed)


@pytest.mark.parametrize(
    ("platform", "body"),
    [
        (
            "flochat",
            {
                "message": "The POST method is not supported for route openapi.json. "
                "Supported methods: GET, HEAD."
            },
        ),
        ("flowxo", {"message": "Method Not Allowed"}),
        ("flowbot", {"error": "Method Not Allowed"}),
    ],
)
def test_a_wrong_method_on_a_spec_answers_in_the_vendors_shape(
    client: Client, platform: str, body: dict[str, str]
) -> None:
    response = client.post(f"/{platform}/openapi.json")

    assert (response.status_code, response.json) == (405, body)


# -- one platform at the root -------------------------------------------------------------------


def test_one_platform_mode_serves_the_platform_at_the_root(single: Callable[[str], Client]) -> None:
    client: Client = single("rapidpro")

    created = client.post("/api/v2/contacts.json", json={"name": "Ana"}, headers=RAPIDPRO_AUTH)
    listed = client.get("/api/v2/contacts.json", headers=RAPIDPRO_AUTH)

    assert created.status_code == 201
    assert (listed.status_code, [c["name"] for c in listed.json["results"]]) == (200, ["Ana"])


def test_one_platform_mode_serves_the_spec_at_the_root(single: Callable[[str], Client]) -> None:
    response = single("rapidpro").get("/openapi.json")

    assert (response.status_code, response.json["info"]["title"]) == (200, "RapidPro API v2")


def test_one_platform_mode_keeps_the_control_api(single: Callable[[str], Client]) -> None:
    response = single("rapidpro").get("/_sandbox/health")

    assert response.status_code == 200
    assert response.json == {
        "status": "ok",
        "version": __version__,
        "platforms": {
            "rapidpro": {"base_path": "", "spec": "/openapi.json", "implemented": True},
        },
        "storage": HEALTHY_STORAGE,
    }


def test_one_platform_mode_control_api_changes_the_served_state(
    single: Callable[[str], Client],
) -> None:
    client: Client = single("rapidpro")
    document = {"workspaces": {"default": {"rapidpro": {"contacts": [{"name": "Loaded"}]}}}}

    assert client.post("/_sandbox/fixtures", json=document).status_code == 200
    listed = client.get("/api/v2/contacts.json", headers=RAPIDPRO_AUTH)

    assert [c["name"] for c in listed.json["results"]] == ["Loaded"]


@pytest.mark.parametrize(
    "path", ["/", "/rapidpro/api/v2/contacts.json", "/xerochat/openapi.json", "/flowxo/x"]
)
def test_one_platform_mode_mounts_nothing_else(single: Callable[[str], Client], path: str) -> None:
    response = single("rapidpro").get(path, headers=RAPIDPRO_AUTH)

    assert response.status_code == 404
    assert response.get_data(as_text=True) == DJANGO_404


def test_one_platform_mode_of_flowxo(single: Callable[[str], Client]) -> None:
    client: Client = single("flowxo")

    missing = client.get("/api/nothing")
    unauthorized = client.get("/api/workflows/simple")
    spec = client.get("/openapi.json")

    assert (missing.status_code, missing.json) == (404, {"message": "Not Found"})
    assert (unauthorized.status_code, unauthorized.json) == (401, {"message": "Unauthorized"})
    assert (spec.status_code, spec.json["info"]["title"]) == (200, "Flow XO API")


def test_one_platform_mode_of_an_unknown_platform_is_refused() -> None:
    with pytest.raises(ValueError) as raised:
        create_app(SandboxConfig(db=":memory:", platform="whatsapp"))

    assert str(raised.value) == (
        "unknown platform 'whatsapp' (choose from rapidpro, xerochat, flochat, flowxo, flowbot)"
    )
