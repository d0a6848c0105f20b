"""The team's integrations (credentials stored, checked for form, answered masked) and
its installed mini apps."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flochat import helpers
from tests.platforms.flochat.helpers import OK, FlochatClient, answer, error, load_team

SHOPIFY_TOKEN = "shpat_0123456789abcdef"
#: (integration, the POST body, the data its POST answers, what its GET calls them).
SAVED: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "shopify",
        {"url": "loja-da-ana.myshopify.com", "api_key": "a1b2c3d4e5f6g7h8", "token": SHOPIFY_TOKEN},
        {
            "url": "loja-da-ana.myshopify.com",
            "api_key": "************g7h8",
            "token": "******************cdef",
            "wait_time": 30,
            "status": "verified",
        },
    ),
    (
        "woocommerce",
        {"url": "https://loja.com.br", "api_key": "ck_1234567890ab", "token": "cs_secret"},
        {
            "url": "https://loja.com.br",
            "api_key": "***********90ab",
            "token": "*********",
            "status": "verified",
        },
    ),
    (
        "dropi",
        {"url": "https://api.dropi.co/", "api_key": "dropi-key-000111"},
        {"url": "https://api.dropi.co/", "api_key": "************0111", "status": "verified"},
    ),
    (
        "meta-conversions-api",
        {"token": "EAAGm0PX4ZCpsBA", "dataset_id": "123456789012345"},
        {"token": "***********psBA", "dataset_id": "123456789012345", "status": "verified"},
    ),
    (
        "openai",
        {"api_key": "sk-proj-abcdefghijkl"},
        {"api_key": "****************ijkl", "org_id": "", "status": "verified"},
    ),
    (
        "s3storage",
        {
            "url": "https://s3.sa-east-1.amazonaws.com",
            "api_key": "AKIAIOSFODNN7EXAMPLE",
            "secret": "wJalrXUtnFEMI/K7MDENG",
            "bucket": "loja-media",
            "region": "sa-east-1",
        },
        {
            "url": "https://s3.sa-east-1.amazonaws.com",
            "api_key": "****************MPLE",
            "secret": "*****************DENG",
            "bucket": "loja-media",
            "region": "sa-east-1",
            "status": "verified",
        },
    ),
]


@pytest.mark.parametrize(("kind", "body", "data"), SAVED, ids=[s[0] for s in SAVED])
def test_an_integration_is_saved_and_read_back_masked(
    flochat: FlochatClient, kind: str, body: dict[str, Any], data: dict[str, Any]
) -> None:
    assert answer(flochat.get(f"/integration/{kind}")) == {"status": "ok", "data": {}}
    assert answer(flochat.post(f"/integration/{kind}", body)) == {"status": "ok", "data": data}
    # The vendor's S3 GET names the key `key`.
    read = {("key" if kind == "s3storage" and k == "api_key" else k): v for k, v in data.items()}
    assert answer(flochat.get(f"/integration/{kind}")) == {"status": "ok", "data": read}
    assert answer(flochat.delete(f"/integration/{kind}")) == OK
    assert answer(flochat.get(f"/integration/{kind}")) == {"status": "ok", "data": {}}


def test_s3_read_back_keeps_the_vendors_key_order(flochat: FlochatClient) -> None:
    answer(flochat.post("/integration/s3storage", SAVED[5][1]))
    response = flochat.get("/integration/s3storage")
    assert list(response.json["data"]) == ["url", "key", "secret", "bucket", "region", "status"]


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        ("shopify", {"url": "loja.com.br", "api_key": "k", "token": "t"}),
        ("woocommerce", {"url": "https://loja.com.br", "api_key": "key", "token": "cs_x"}),
        ("woocommerce", {"url": "loja", "api_key": "ck_x", "token": "cs_x"}),
        ("dropi", {"url": "api.dropi.co", "api_key": "k"}),
        ("meta-conversions-api", {"token": "t", "dataset_id": "pixel-1"}),
        ("openai", {"api_key": "my-key"}),
        ("s3storage", {"url": "s3", "api_key": "k", "secret": "s", "bucket": "b"}),
    ],
)
def test_credentials_of_the_wrong_form_are_stored_as_failed(
    flochat: FlochatClient, kind: str, body: dict[str, Any]
) -> None:
    assert answer(flochat.post(f"/integration/{kind}", body))["data"]["status"] == "failed"
    assert answer(flochat.get(f"/integration/{kind}"))["data"]["status"] == "failed"


def test_saving_again_replaces_the_credentials(flochat: FlochatClient) -> None:
    body = {"url": "a.myshopify.com", "api_key": "k", "token": "t", "wait_time": 45}
    answer(flochat.post("/integration/shopify", body))
    answer(flochat.post("/integration/shopify", {**body, "url": "b.myshopify.com"}))
    assert answer(flochat.get("/integration/shopify")) == {
        "status": "ok",
        "data": {
            "url": "b.myshopify.com",
            "api_key": "*",
            "token": "*",
            "wait_time": 45,
            "status": "verified",
        },
    }


@pytest.mark.parametrize(
    ("kind", "body", "message"),
    [
        ("shopify", {"api_key": "k", "token": "t"}, "The url field is required."),
        (
            "shopify",
            {"url": "a.myshopify.com", "api_key": "k", "token": "t", "wait_time": 0},
            "The wait time must be at least 1.",
        ),
        ("woocommerce", {"url": "https://x.com", "api_key": "ck_"}, "The token field is required."),
        ("dropi", {"url": "https://x.com"}, "The api key field is required."),
        ("meta-conversions-api", {"token": "t"}, "The dataset id field is required."),
        ("openai", {"api_key": "sk-x", "org_id": 5}, "The org id must be a string."),
        (
            "s3storage",
            {"url": "https://x.com", "api_key": "k", "secret": "s"},
            ("The bucket field is required."),
        ),
    ],
)
def test_invalid_credentials_are_refused_and_nothing_is_stored(
    flochat: FlochatClient, kind: str, body: dict[str, Any], message: str
) -> None:
    assert answer(flochat.post(f"/integration/{kind}", body), 400) == error(message)
    assert answer(flochat.get(f"/integration/{kind}")) == {"status": "ok", "data": {}}


def test_clearing_an_integration_that_is_not_set_up_is_ok(flochat: FlochatClient) -> None:
    assert answer(flochat.delete("/integration/dropi")) == OK


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
@pytest.mark.parametrize(("kind", "body"), [s[:2] for s in SAVED], ids=[s[0] for s in SAVED])
def test_integrations_need_manage_team(
    client: Client, seeded: object, method: str, kind: str, body: dict[str, Any]
) -> None:
    helpers.assert_refused_to_a_flow_key(client, method, f"/integration/{kind}", body)
    assert answer(FlochatClient(client).get(f"/integration/{kind}"))["data"] == {}


def test_integrations_round_trip(flochat: FlochatClient, sandbox: Sandbox, frozen: object) -> None:
    load_team(
        sandbox,
        {
            **helpers.SEED_TEAM,
            "integrations": [
                {"type": "openai", "api_key": "sk-abcdefghijklmnop", "org_id": "org-1"},
                {
                    "type": "dropi",
                    "url": "https://api.dropi.co/",
                    "api_key": "k",
                    "status": "failed",
                },
            ],
        },
    )
    exported = sandbox.export("default")["workspaces"]["default"]["flochat"]
    assert exported["integrations"] == [
        {
            "type": "openai",
            "api_key": "sk-abcdefghijklmnop",
            "org_id": "org-1",
            "status": "verified",
        },
        {"type": "dropi", "url": "https://api.dropi.co/", "api_key": "k", "status": "failed"},
    ]
    sandbox.reset()
    load_team(sandbox, exported)
    assert answer(flochat.get("/integration/openai")) == {
        "status": "ok",
        "data": {"api_key": "***************mnop", "org_id": "org-1", "status": "verified"},
    }
    assert answer(flochat.get("/integration/dropi"))["data"]["status"] == "failed"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"type": "zapier"}, "integrations[0].type: must be one of"),
        ({"type": "openai"}, "integrations[0].api_key: Missing data for required field."),
        ({"type": "openai", "api_key": "k", "url": "x"}, "integrations[0].url: not a field of"),
    ],
)
def test_bad_integrations_are_reported(
    sandbox: Sandbox, entry: dict[str, Any], message: str
) -> None:
    assert f"flochat.{message}" in helpers.refused_team(sandbox, integrations=[entry])


# -- installed mini apps ----------------------------------------------------------------------

BLING = {
    "id": 3,
    "title": "Bling ERP",
    "intro": "Orders and invoices",
    "logo": "https://cdn.example.com/bling.png",
    "image": "",
    "app_ns": "bling",
    "status": "active",
    "version": "2.1.0",
    "auth_type": "apikey",
    "param_names": ["api_key", "account"],
}
HUBSPOT = {
    "id": 4,
    "title": "HubSpot",
    "intro": "",
    "logo": "",
    "image": "",
    "app_ns": "app4",
    "status": "active",
    "version": "1.0.0",
    "auth_type": "oauth2",
    "param_names": [],
}


@pytest.fixture
def apps(sandbox: Sandbox, frozen: object) -> dict[str, int]:
    bling = {**BLING, "params": {"account": "loja"}}
    hubspot = {k: v for k, v in HUBSPOT.items() if k not in ("app_ns", "param_names", "id")}
    return load_team(sandbox, {**helpers.SEED_TEAM, "mini_apps": [bling, hubspot]})


def test_installed_mini_apps_are_listed(flochat: FlochatClient, apps: object) -> None:
    assert answer(flochat.get("/installed-mini-app/list")) == {
        "status": "ok",
        "data": [BLING, HUBSPOT],
    }
    assert answer(flochat.get("/installed-mini-app/list", title="hub")) == {
        "status": "ok",
        "data": [HUBSPOT],
    }
    assert answer(flochat.get("/installed-mini-app/list", limit=1, page=2))["data"] == [HUBSPOT]


def test_a_mini_apps_parameters_are_updated(
    flochat: FlochatClient, sandbox: Sandbox, apps: object
) -> None:
    body = {"api_key": "bling-123", "account": "loja-ana"}
    assert answer(flochat.post("/installed-mini-app/update-api-key/3", body)) == OK
    exported = sandbox.export("default")["workspaces"]["default"]["flochat"]["mini_apps"]
    assert exported[0]["params"] == {"api_key": "bling-123", "account": "loja-ana"}
    sandbox.reset()
    load_team(sandbox, {**helpers.SEED_TEAM, "mini_apps": exported})
    assert sandbox.export("default")["workspaces"]["default"]["flochat"]["mini_apps"] == exported


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        (
            "/installed-mini-app/update-api-key/3",
            {"api_key": "k"},
            "The account field is required.",
        ),
        (
            "/installed-mini-app/update-api-key/3",
            {"account": "a"},
            "The api key field is required.",
        ),
        ("/installed-mini-app/update-api-key/99", {"api_key": "k"}, "Mini app not found"),
        ("/installed-mini-app/update-api-key/x", {"api_key": "k"}, "Mini app not found"),
        ("/installed-mini-app/update-api-key/²", {"api_key": "k"}, "Mini app not found"),
        (
            "/installed-mini-app/update-api-key/4",
            {"api_key": "k"},
            "Only the mini app with auth type apikey can be updated",
        ),
    ],
)
def test_mini_app_update_refusals(
    flochat: FlochatClient, sandbox: Sandbox, apps: object, path: str, body: Any, message: str
) -> None:
    assert answer(flochat.post(path, body), 400) == error(message)
    exported = sandbox.export("default")["workspaces"]["default"]["flochat"]["mini_apps"]
    assert exported[0]["params"] == {"account": "loja"}


def test_mini_apps_need_manage_team(client: Client, apps: object) -> None:
    flow_only = FlochatClient(client, helpers.FLOW_ONLY_KEY)
    forbidden = error("Invalid ability provided.")
    assert answer(flow_only.get("/installed-mini-app/list"), 403) == forbidden
    response = flow_only.post("/installed-mini-app/update-api-key/3", {"api_key": "k"})
    assert answer(response, 403) == forbidden


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"title": "X", "params": {"token": "t"}}, "mini_apps[0].params.token: not one of"),
        ({"title": "X", "auth_type": "oauth2", "param_names": ["k"]}, "only apikey apps"),
        ({"title": "X", "auth_type": "basic"}, "mini_apps[0].auth_type: must be one of"),
    ],
)
def test_bad_mini_apps_are_reported(sandbox: Sandbox, entry: dict[str, Any], message: str) -> None:
    assert message in helpers.refused_team(sandbox, mini_apps=[entry])
