"""HTTP tests of RapidPro authentication: Token and Basic, every failure body, roles, and
how the 405 check is ordered against authentication in each profile.

Oracle: ../shared/reference/rapidpro.md §1 and §5, docs/rapidpro-fidelity.md §9.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest
from werkzeug.test import Client, TestResponse

from sandbox.core.sandbox import Sandbox
from sandbox.platforms.rapidpro.auth import DEMO_CREDENTIALS
from tests.conftest import MakeApp
from tests.platforms.rapidpro.helpers import FARMERS, OPEN_TICKETS_IN, REPORTERS, UP_TOKEN

GROUPS = "/rapidpro/api/v2/groups.json"
FIELDS = "/rapidpro/api/v2/fields.json"
CONTACTS = "/rapidpro/api/v2/contacts.json"
ENDPOINTS = [CONTACTS, FIELDS, GROUPS]

NOT_PROVIDED = {"detail": "Authentication credentials were not provided."}
INVALID_TOKEN = {"detail": "Invalid token"}
INVALID_BASIC = {"detail": "Invalid token or email"}
NO_PERMISSION = {"detail": "You do not have permission to perform this action."}

TOKEN = DEMO_CREDENTIALS["token"]
USERNAME = DEMO_CREDENTIALS["username"]
EMAIL = DEMO_CREDENTIALS["email"]

UP_EMAIL = "editor@upstream.example"
UP_USERNAME = "editor"
VIEWER_TOKEN = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
UP_VIEWER_TOKEN = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
UNKNOWN_TOKEN = "ffffffffffffffffffffffffffffffffffffffff"
WENI_ON_UP_TOKEN = "cccccccccccccccccccccccccccccccccccccccc"


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def call(
    client: Client, method: str, url: str, authorization: str | None, **kwargs: Any
) -> TestResponse:
    headers = {} if authorization is None else {"Authorization": authorization}
    return client.open(url, method=method, headers=headers, **kwargs)


@pytest.fixture
def orgs(sandbox: Sandbox) -> Sandbox:
    """default (weni, demo credentials, group Reporters); `up` (upstream, group Farmers);
    a weni and an upstream workspace whose tokens belong to viewers."""
    sandbox.load_fixtures(
        {
            "workspaces": {
                "default": {"rapidpro": {"groups": [{"uuid": REPORTERS, "name": "Reporters"}]}},
                "up": {
                    "credentials": {
                        "rapidpro": {"token": UP_TOKEN, "email": UP_EMAIL, "username": UP_USERNAME}
                    },
                    "rapidpro": {
                        "profile": "upstream",
                        "groups": [{"uuid": FARMERS, "name": "Farmers"}],
                    },
                },
                "viewer": {
                    "credentials": {
                        "rapidpro": {
                            "token": VIEWER_TOKEN,
                            "email": "viewer@weni.example",
                            "username": "viewer",
                            "role": "viewer",
                        }
                    },
                    "rapidpro": {"groups": [{"name": "Seen"}]},
                },
                "up-viewer": {
                    "credentials": {
                        "rapidpro": {
                            "token": UP_VIEWER_TOKEN,
                            "email": "viewer@upstream.example",
                            "username": "upviewer",
                            "role": "viewer",
                        }
                    },
                    "rapidpro": {"profile": "upstream"},
                },
            }
        }
    )
    return sandbox


@pytest.fixture
def upstream_server(make_app: MakeApp) -> Client:
    """A server whose default profile (the one anonymous requests get) is upstream."""
    app = make_app(seed=99, defaults={"rapidpro": {"profile": "upstream"}})
    app.sandbox.load_fixtures(
        {
            "workspaces": {
                "default": {"rapidpro": {"groups": [{"uuid": FARMERS, "name": "Farmers"}]}},
                "weni": {
                    "credentials": {"rapidpro": {"token": WENI_ON_UP_TOKEN, "username": "w"}},
                    "rapidpro": {"profile": "weni"},
                },
            }
        }
    )
    return Client(app)


# -- missing credentials -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", CONTACTS),
        ("POST", CONTACTS),
        ("DELETE", CONTACTS),
        ("GET", FIELDS),
        ("POST", FIELDS),
        ("GET", GROUPS),
        ("POST", GROUPS),
        ("DELETE", GROUPS),
    ],
)
def test_no_credentials(client: Client, url: str, method: str) -> None:
    response = call(client, method, url, None, json={"name": "Ana"})
    assert response.status_code == 403
    assert response.get_json() == NOT_PROVIDED
    assert "WWW-Authenticate" not in response.headers


@pytest.mark.parametrize(
    "authorization",
    [
        "",
        "   ",
        f"Bearer {TOKEN}",
        "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
        f"Tokens {TOKEN}",
        f"Digest {TOKEN}",
        TOKEN,
    ],
)
def test_headers_no_authenticator_claims_are_anonymous(
    client: Client, orgs: Sandbox, authorization: str
) -> None:
    response = call(client, "GET", GROUPS, authorization)
    assert response.status_code == 403
    assert response.get_json() == NOT_PROVIDED


# -- Token -------------------------------------------------------------------------------------


@pytest.mark.parametrize("keyword", ["Token", "token", "TOKEN", "tOkEn"])
def test_token_keyword_is_case_insensitive(client: Client, orgs: Sandbox, keyword: str) -> None:
    response = call(client, "GET", GROUPS, f"{keyword} {TOKEN}")
    assert response.status_code == 200
    assert [g["name"] for g in response.get_json()["results"]] == ["Reporters"]


def test_token_tolerates_extra_whitespace(client: Client, orgs: Sandbox) -> None:
    # DRF splits the header on any whitespace.
    response = call(client, "GET", GROUPS, f"Token   {TOKEN}  ")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("authorization", "detail"),
    [
        (f"Token {UNKNOWN_TOKEN}", INVALID_TOKEN),
        (f"Token {TOKEN.upper()}", INVALID_TOKEN),
        (f"Token {TOKEN[:-1]}", INVALID_TOKEN),
        ("Token", {"detail": "Invalid token header. No credentials provided."}),
        ("Token ", {"detail": "Invalid token header. No credentials provided."}),
        (
            f"Token {TOKEN} extra",
            {"detail": "Invalid token header. Token string should not contain spaces."},
        ),
        (
            f"token {TOKEN[:20]} {TOKEN[20:]}",
            {"detail": "Invalid token header. Token string should not contain spaces."},
        ),
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_token_failures(
    client: Client, orgs: Sandbox, authorization: str, detail: dict[str, str], method: str
) -> None:
    response = call(client, method, GROUPS, authorization, json={"name": "Nope"})
    assert response.status_code == 403
    assert response.get_json() == detail
    assert "WWW-Authenticate" not in response.headers


# -- Basic -------------------------------------------------------------------------------------


def test_weni_basic_uses_the_username(client: Client, orgs: Sandbox) -> None:
    response = call(client, "GET", GROUPS, basic(USERNAME, TOKEN))
    assert response.status_code == 200
    assert [g["name"] for g in response.get_json()["results"]] == ["Reporters"]


def test_weni_basic_refuses_the_email(client: Client, orgs: Sandbox) -> None:
    response = call(client, "GET", GROUPS, basic(EMAIL, TOKEN))
    assert response.status_code == 403
    assert response.get_json() == INVALID_BASIC


def test_upstream_basic_uses_the_email(client: Client, orgs: Sandbox) -> None:
    response = call(client, "GET", GROUPS, basic(UP_EMAIL, UP_TOKEN))
    assert response.status_code == 200
    assert [g["name"] for g in response.get_json()["results"]] == ["Farmers", "Open Tickets"]


def test_upstream_basic_refuses_the_username(client: Client, orgs: Sandbox) -> None:
    response = call(client, "GET", GROUPS, basic(UP_USERNAME, UP_TOKEN))
    assert response.status_code == 403
    assert response.get_json() == INVALID_BASIC


@pytest.mark.parametrize("profile", ["weni", "upstream"])
def test_basic_takes_the_login_generated_credentials_list(
    client: Client, sandbox: Sandbox, profile: str
) -> None:
    # At v9.2.5 upstream user names are the login e-mail, so generated credentials list
    # the e-mail as the username, and that login works in either profile.
    sandbox.load_fixtures({"workspaces": {"gen": {"rapidpro": {"profile": profile}}}})
    workspace = sandbox.workspaces.get("gen")
    assert workspace is not None
    listed = workspace.credentials_for("rapidpro")
    assert listed["username"] == listed["email"]
    assert listed["email"].endswith("@flow-sandbox.local")
    response = call(client, "GET", GROUPS, basic(listed["username"], listed["token"]))
    assert response.status_code == 200


def test_basic_keyword_is_case_insensitive(client: Client, orgs: Sandbox) -> None:
    encoded = base64.b64encode(f"{USERNAME}:{TOKEN}".encode()).decode()
    response = call(client, "GET", GROUPS, f"BASIC {encoded}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("authorization", "detail"),
    [
        (basic(USERNAME, UNKNOWN_TOKEN), INVALID_BASIC),
        (basic("someone-else", TOKEN), INVALID_BASIC),
        (basic(UP_USERNAME, TOKEN), INVALID_BASIC),  # another workspace's user
        (basic(USERNAME, UP_TOKEN), INVALID_BASIC),
        (basic(USERNAME.upper(), TOKEN), INVALID_BASIC),
        (basic("", TOKEN), INVALID_BASIC),
        ("Basic", {"detail": "Invalid basic header. No credentials provided."}),
        (
            f"Basic {base64.b64encode(b'a:b').decode()} more",
            {"detail": "Invalid basic header. Credentials string should not contain spaces."},
        ),
        (
            "Basic abc",
            {"detail": "Invalid basic header. Credentials not correctly base64 encoded."},
        ),
        (
            "Basic Zm9vOmJhcg",  # "foo:bar" without its padding
            {"detail": "Invalid basic header. Credentials not correctly base64 encoded."},
        ),
    ],
)
def test_basic_failures(
    client: Client, orgs: Sandbox, authorization: str, detail: dict[str, str]
) -> None:
    response = call(client, "GET", GROUPS, authorization)
    assert response.status_code == 403
    assert response.get_json() == detail
    assert "WWW-Authenticate" not in response.headers


@pytest.mark.parametrize(
    "credentials", [base64.b64encode(USERNAME.encode()).decode(), "Zm9v=", "!!!"]
)
def test_basic_that_decodes_without_a_colon(
    client: Client, orgs: Sandbox, credentials: str
) -> None:
    # DRF's BasicAuthentication decodes leniently (base64.b64decode drops characters outside
    # the alphabet: "!!!" is b"", "Zm9v=" is b"foo") and splits with str.partition(":"), so
    # these are a user with an empty token, which RapidPro's own check then refuses.
    response = call(client, "GET", GROUPS, f"Basic {credentials}")
    assert response.status_code == 403
    assert response.get_json() == INVALID_BASIC


# -- roles -------------------------------------------------------------------------------------


def test_weni_viewer_may_read(client: Client, orgs: Sandbox) -> None:
    for url in ENDPOINTS:
        response = call(client, "GET", url, f"Token {VIEWER_TOKEN}")
        assert response.status_code == 200, url
    groups = call(client, "GET", GROUPS, f"Token {VIEWER_TOKEN}").get_json()["results"]
    assert [g["name"] for g in groups] == ["Seen"]


@pytest.mark.parametrize(
    ("method", "url", "payload"),
    [
        ("POST", GROUPS, {"name": "Viewers"}),
        ("POST", FIELDS, {"label": "Age", "value_type": "numeric"}),
        ("POST", CONTACTS, {"name": "Ana"}),
        ("DELETE", GROUPS, None),
        ("DELETE", CONTACTS, None),
        ("PUT", GROUPS, None),  # Weni checks permissions before the method
        ("OPTIONS", GROUPS, None),
    ],
)
def test_weni_viewer_may_not_write(
    client: Client, orgs: Sandbox, method: str, url: str, payload: dict[str, str] | None
) -> None:
    response = call(client, method, url, f"Token {VIEWER_TOKEN}", json=payload)
    assert response.status_code == 403
    assert response.get_json() == NO_PERMISSION
    groups = call(client, "GET", GROUPS, f"Token {VIEWER_TOKEN}").get_json()["results"]
    assert [g["name"] for g in groups] == ["Seen"]


def test_weni_viewer_may_only_get(client: Client, orgs: Sandbox) -> None:
    # WF APIPermission: viewers pass only when request.method == "GET" (fidelity §9).
    response = call(client, "HEAD", GROUPS, f"Token {VIEWER_TOKEN}")
    assert response.status_code == 403


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_upstream_viewer_tokens_are_refused(client: Client, orgs: Sandbox, method: str) -> None:
    # Upstream lets only administrators and editors use API tokens.
    response = call(client, method, GROUPS, f"Token {UP_VIEWER_TOKEN}", json={"name": "X"})
    assert response.status_code == 403
    assert response.get_json() == NO_PERMISSION


def test_weni_viewer_with_basic_may_read(client: Client, orgs: Sandbox) -> None:
    response = call(client, "GET", GROUPS, basic("viewer", VIEWER_TOKEN))
    assert response.status_code == 200
    denied = call(client, "POST", GROUPS, basic("viewer", VIEWER_TOKEN), json={"name": "X"})
    assert denied.status_code == 403
    assert denied.get_json() == NO_PERMISSION


# -- 405 against authentication ----------------------------------------------------------------


@pytest.mark.parametrize("method", ["PUT", "PATCH", "OPTIONS"])
def test_weni_authenticates_before_the_method_check(client: Client, method: str) -> None:
    anonymous = call(client, method, GROUPS, None)
    assert anonymous.status_code == 403
    assert anonymous.get_json() == NOT_PROVIDED
    invalid = call(client, method, GROUPS, f"Token {UNKNOWN_TOKEN}")
    assert invalid.status_code == 403
    assert invalid.get_json() == INVALID_TOKEN
    authenticated = call(client, method, GROUPS, f"Token {TOKEN}")
    assert authenticated.status_code == 405
    assert authenticated.get_json() == {"detail": f'Method "{method}" not allowed.'}


@pytest.mark.parametrize("method", ["PUT", "PATCH", "OPTIONS"])
def test_upstream_token_gets_405(client: Client, orgs: Sandbox, method: str) -> None:
    response = call(client, method, GROUPS, f"Token {UP_TOKEN}")
    assert response.status_code == 405
    assert response.get_json() == {"detail": f'Method "{method}" not allowed.'}


@pytest.mark.parametrize("method", ["PUT", "PATCH", "OPTIONS"])
def test_upstream_anonymous_gets_405(upstream_server: Client, method: str) -> None:
    # NY's APIPermission raises MethodNotAllowed itself, so anonymous callers see 405.
    response = call(upstream_server, method, GROUPS, None)
    assert response.status_code == 405
    assert response.get_json() == {"detail": f'Method "{method}" not allowed.'}


def test_upstream_viewer_gets_405_for_an_unknown_method(client: Client, orgs: Sandbox) -> None:
    response = call(client, "PUT", GROUPS, f"Token {UP_VIEWER_TOKEN}")
    assert response.status_code == 405
    assert response.get_json() == {"detail": 'Method "PUT" not allowed.'}


def test_upstream_invalid_token_fails_before_the_method_check(upstream_server: Client) -> None:
    # DRF authenticates in initial() before the permission classes run, so a bad token is
    # refused even on a method the view lacks.
    response = call(upstream_server, "PUT", GROUPS, f"Token {UNKNOWN_TOKEN}")
    assert response.status_code == 403
    assert response.get_json() == INVALID_TOKEN


def test_weni_workspace_on_an_upstream_server_authenticates_first(upstream_server: Client) -> None:
    response = call(upstream_server, "PUT", GROUPS, f"Token {WENI_ON_UP_TOKEN}")
    assert response.status_code == 405
    assert response.get_json() == {"detail": 'Method "PUT" not allowed.'}


def test_upstream_server_anonymous_get_is_refused(upstream_server: Client) -> None:
    response = call(upstream_server, "GET", GROUPS, None)
    assert response.status_code == 403
    assert response.get_json() == NOT_PROVIDED


# -- workspaces --------------------------------------------------------------------------------


def test_each_token_sees_only_its_own_workspace(client: Client, orgs: Sandbox) -> None:
    mine = call(client, "GET", GROUPS, f"Token {TOKEN}").get_json()["results"]
    theirs = call(client, "GET", GROUPS, f"Token {UP_TOKEN}").get_json()["results"]
    assert [g["uuid"] for g in mine] == [REPORTERS]
    assert [g["uuid"] for g in theirs] == [FARMERS, OPEN_TICKETS_IN["up"]]
    assert "system" not in mine[0]  # each answers in its own profile
    assert theirs[0]["system"] is False


def test_another_workspaces_objects_are_not_found(client: Client, orgs: Sandbox) -> None:
    lookup = call(client, "GET", GROUPS + f"?uuid={FARMERS}", f"Token {TOKEN}")
    assert lookup.get_json() == {"next": None, "previous": None, "results": []}
    rename = call(client, "POST", GROUPS + f"?uuid={FARMERS}", f"Token {TOKEN}", json={"name": "X"})
    assert rename.status_code == 404
    assert rename.get_json() == {"detail": "Not found."}
    delete = call(client, "DELETE", GROUPS + f"?uuid={REPORTERS}", f"Token {UP_TOKEN}")
    assert delete.status_code == 404
    assert delete.get_json() == {"detail": "No ContactGroup matches the given query."}
    mine = call(client, "GET", GROUPS, f"Token {TOKEN}").get_json()["results"]
    assert [g["name"] for g in mine] == ["Reporters"]


def test_writes_land_in_the_tokens_workspace(client: Client, orgs: Sandbox) -> None:
    created = call(client, "POST", GROUPS, f"Token {UP_TOKEN}", json={"name": "Reporters"})
    assert created.status_code == 201  # the name is only taken in the other workspace
    theirs = call(client, "GET", GROUPS, f"Token {UP_TOKEN}").get_json()["results"]
    assert [g["name"] for g in theirs] == ["Reporters", "Farmers", "Open Tickets"]
    mine = call(client, "GET", GROUPS, f"Token {TOKEN}").get_json()["results"]
    assert [g["name"] for g in mine] == ["Reporters"]
