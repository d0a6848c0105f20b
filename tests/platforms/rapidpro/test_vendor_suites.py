"""RapidPro behaviour found by the vendors' own API tests (issue 13 §5): the endpoints
without `.json`, upstream's `?expand_urns=true`, the system group a new upstream org
lists, and the v9.2.5 limit message.

Oracles: weni-ai/flows' and nyaruka/rapidpro v9.2.5's API tests, as recorded in
../shared/reference/rapidpro.md §1-§4 and rapidpro-api-v2.md §0-§1 (NY test_groups and
test_contacts are quoted in docs/rapidpro-fidelity.md).
"""

from __future__ import annotations

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.conftest import MakeApp, RapidProClient
from tests.platforms.rapidpro.helpers import REPORTERS, many_groups

TOKEN_HEADER = "Authorization"
NOT_PROVIDED = {"detail": "Authentication credentials were not provided."}
DOCS_PATHS = ["/rapidpro/api/v2/contacts", "/rapidpro/api/v2/fields", "/rapidpro/api/v2/groups"]


def auth(api: RapidProClient) -> dict[str, str]:
    return {TOKEN_HEADER: f"Token {api.token}"}


# -- endpoints without .json (docs pages) ------------------------------------------------------


@pytest.mark.parametrize("path", DOCS_PATHS)
def test_weni_docs_need_credentials(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 403
    assert response.get_json() == NOT_PROVIDED


@pytest.mark.parametrize("path", DOCS_PATHS)
def test_weni_docs_with_a_token(client: Client, rapidpro: RapidProClient, path: str) -> None:
    page = client.get(path, headers=auth(rapidpro))
    assert page.status_code == 200
    assert page.mimetype == "text/html"
    assert f'href="{path}.json"' in page.get_data(as_text=True)
    # DRF's negotiation: JSON when asked for, and a docs view lists nothing.
    as_json = client.get(path, headers={**auth(rapidpro), "Accept": "application/json"})
    assert as_json.status_code == 200
    assert as_json.mimetype == "application/json"
    assert as_json.get_json() == []


@pytest.fixture
def upstream_server(make_app: MakeApp) -> Client:
    """A server whose default profile (the one anonymous requests get) is upstream."""
    return Client(make_app(seed=7, defaults={"rapidpro": {"profile": "upstream"}}))


@pytest.mark.parametrize("path", DOCS_PATHS)
def test_upstream_docs_are_public_to_read(upstream_server: Client, path: str) -> None:
    # NY test_docs: anonymous GETs of the docs pass APIPermission, writes do not.
    response = upstream_server.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.get_json() == []
    refused = upstream_server.post(path, json={"name": "Nope"})
    assert refused.status_code == 403
    assert refused.get_json() == NOT_PROVIDED


def test_docs_url_writes_like_the_json_url(client: Client, rapidpro: RapidProClient) -> None:
    # The same DRF view answers both URLs; only a GET lists nothing on the docs one.
    created = client.post(
        "/rapidpro/api/v2/groups", json={"name": "Reporters"}, headers=auth(rapidpro)
    )
    assert created.status_code == 201
    assert created.get_json()["name"] == "Reporters"
    listed = rapidpro.get("groups").get_json()["results"]
    assert [group["name"] for group in listed] == ["Reporters"]


# -- ?expand_urns=true (upstream) ----------------------------------------------------------------


def test_upstream_expand_urns(upstream: RapidProClient, sandbox: Sandbox) -> None:
    sandbox.load_fixtures(
        {
            "workspaces": {
                "upstream": {
                    "rapidpro": {
                        "profile": "upstream",
                        "contacts": [
                            {"name": "Don", "urns": ["tel:+250788000004", "twitterid:123#don"]},
                            {"name": "Gone", "urns": ["tel:+250788000005"], "deleted": True},
                        ],
                    }
                }
            }
        }
    )
    [don] = upstream.get("contacts", expand_urns="true").get_json()["results"]
    assert don["urns"] == [
        {"channel": None, "scheme": "tel", "path": "+250788000004", "display": None},
        {"channel": None, "scheme": "twitterid", "path": "123", "display": "don"},
    ]
    [gone] = upstream.get("contacts", expand_urns="true", deleted="true").get_json()["results"]
    assert gone["urns"] == []
    # str_to_bool: anything but true/y/yes/1 keeps the strings.
    [plain] = upstream.get("contacts", expand_urns="no").get_json()["results"]
    assert plain["urns"] == ["tel:+250788000004", "twitterid:123#don"]


def test_weni_ignores_expand_urns(rapidpro: RapidProClient) -> None:
    rapidpro.post("contacts", {"urns": ["tel:+5582999887766"]})
    [contact] = rapidpro.get("contacts", expand_urns="true").get_json()["results"]
    assert contact["urns"] == ["tel:+5582999887766"]


# -- the system group of a new upstream org ------------------------------------------------------


def test_new_upstream_workspace_lists_open_tickets(upstream: RapidProClient) -> None:
    results = upstream.get("groups").get_json()["results"]
    assert len(results) == 1
    tickets = results[0]
    assert tickets == {
        "uuid": tickets["uuid"],
        "name": "Open Tickets",
        "query": "tickets > 0",
        "status": "ready",
        "system": True,
        "count": 0,
    }
    # The same UUID on every request, and the group behaves as NY's system group does.
    assert upstream.get("groups", uuid=tickets["uuid"]).get_json()["results"] == [tickets]
    renamed = upstream.post("groups", {"name": "Mine"}, uuid=tickets["uuid"])
    assert (renamed.status_code, renamed.get_json()) == (
        403,
        {"detail": "Cannot modify system object."},
    )
    deleted = upstream.delete("groups", uuid=tickets["uuid"])
    assert (deleted.status_code, deleted.get_json()) == (
        403,
        {"detail": "Cannot delete system object."},
    )
    taken = upstream.post("groups", {"name": "open tickets"})
    assert (taken.status_code, taken.get_json()) == (400, {"name": ["This field must be unique."]})
    smart = upstream.post("contacts", {"groups": ["Open Tickets"]})
    assert (smart.status_code, smart.get_json()) == (
        400,
        {"groups": ["Contact group must not be query based: Open Tickets"]},
    )


def test_open_tickets_is_listed_after_the_orgs_own_groups(upstream: RapidProClient) -> None:
    upstream.post("groups", {"name": "Reporters"})
    names = [group["name"] for group in upstream.get("groups").get_json()["results"]]
    assert names == ["Reporters", "Open Tickets"]


def test_fixture_system_groups_replace_the_default(
    upstream: RapidProClient, sandbox: Sandbox
) -> None:
    sandbox.load_fixtures(
        {
            "workspaces": {
                "upstream": {
                    "rapidpro": {
                        "profile": "upstream",
                        "groups": [
                            {"uuid": REPORTERS, "name": "Tickets", "query": "t > 0", "system": True}
                        ],
                    }
                }
            }
        }
    )
    assert [g["name"] for g in upstream.get("groups").get_json()["results"]] == ["Tickets"]


def test_weni_lists_no_system_group(rapidpro: RapidProClient) -> None:
    assert rapidpro.get("groups").get_json()["results"] == []


def test_upstream_limit_message_is_v9_2_5s(upstream: RapidProClient, sandbox: Sandbox) -> None:
    # v9.2.5 (NY test_groups: "...reached limit of 10."): the number is in the message.
    sandbox.load_fixtures(
        {
            "workspaces": {
                "upstream": {"rapidpro": {"profile": "upstream", "groups": many_groups(250)}}
            }
        }
    )
    response = upstream.post("groups", {"name": "One more"})
    assert response.status_code == 409
    assert response.get_json() == {
        "detail": "Cannot create object because workspace has reached limit of 250."
    }
