"""Flochat's keys and Laravel's answers around every operation: missing or unknown keys,
scopes, routing errors, and the validation messages."""

from __future__ import annotations

import pytest
from werkzeug.test import Client

from tests.platforms.flochat import helpers
from tests.platforms.flochat.helpers import LIMIT_REFUSALS, FlochatClient, answer, error

UNAUTHENTICATED = error("Unauthenticated.")


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer nope"},
        {"Authorization": "Token 85f61181adbc58458636069ae41d58139ffb2cb9demo"},
        {"Authorization": "Basic ODVmNjExODFhZGJjNTg0NTg2MzYwNjlhZTQxZDU4MTM5ZmZiMmNiOWRlbW8="},
    ],
)
def test_no_key_or_an_unknown_one_is_401(client: Client, headers: dict[str, str]) -> None:
    response = client.get("/flochat/flow/tags", headers=headers)
    assert answer(response, 401) == UNAUTHENTICATED
    assert response.headers["Content-Type"] == "application/json"


def test_the_scheme_is_read_in_any_case(flochat: FlochatClient, client: Client) -> None:
    key = flochat.key
    response = client.get("/flochat/flow/tags", headers={"Authorization": f"bearer {key}"})
    assert answer(response) == {"data": []}


def test_a_key_without_the_operations_scope_is_403(client: Client, seeded: object) -> None:
    team_only = FlochatClient(client, helpers.TEAM_ONLY_KEY)
    assert answer(team_only.get("/flow/tags"), 403) == error("Invalid ability provided.")
    flow_only = FlochatClient(client, helpers.FLOW_ONLY_KEY)
    assert answer(flow_only.get("/flow/tags"))["data"][0]["tag_ns"] == "f123t1"


def test_me_needs_no_scope(client: Client, seeded: object) -> None:
    for key in (helpers.FLOW_ONLY_KEY, helpers.TEAM_ONLY_KEY):
        me = answer(FlochatClient(client, key).get("/me"))
        assert me == {"id": 42, "name": "Ana", "email": "ana@loja.com"}


def test_a_key_sees_its_own_flow_only(client: Client, seeded: object) -> None:
    other = FlochatClient(client, helpers.OTHER_FLOW_KEY)
    assert answer(other.get("/flow/tags")) == {"data": [{"name": "Customer", "tag_ns": "f456t1"}]}
    assert answer(other.delete("/flow/delete-tag", {"tag_ns": "f123t1"}), 400) == error(
        "Tag not found"
    )


def test_a_wrong_method_is_405_with_allow_before_authentication(client: Client) -> None:
    response = client.put("/flochat/flow/tags")
    assert answer(response, 405) == error(
        "The PUT method is not supported for route flow/tags. Supported methods: GET, HEAD."
    )
    assert response.headers["Allow"] == "GET, HEAD"


def test_an_unknown_route_is_404_whoever_asks(client: Client) -> None:
    assert answer(client.get("/flochat/flow/nothing"), 404) == error(
        "The route flow/nothing could not be found."
    )


# -- Laravel's validation messages -----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (None, "The name field is required."),
        ({}, "The name field is required."),
        ({"name": ""}, "The name field is required."),
        ({"name": "   "}, "The name field is required."),
        ({"name": None}, "The name field is required."),
        ({"name": 5}, "The name must be a string."),
        ({"name": ["a"]}, "The name must be a string."),
        ([{"name": "x"}], "The name field is required."),
    ],
)
def test_invalid_input_is_400_with_the_first_failing_rule(
    flochat: FlochatClient, body: object, message: str
) -> None:
    assert answer(flochat.post("/flow/create-tag", body), 400) == error(message)
    assert answer(flochat.get("/flow/tags")) == {"data": []}


def test_attribute_names_read_with_spaces(flochat: FlochatClient) -> None:
    response = flochat.delete("/flow/delete-tag", {})
    assert answer(response, 400) == error("The tag ns field is required.")


def test_a_body_that_is_not_json_is_no_input(flochat: FlochatClient, client: Client) -> None:
    response = client.post(
        "/flochat/flow/create-tag",
        data="{not json",
        content_type="application/json",
        headers=flochat.headers(),
    )
    assert answer(response, 400) == error("The name field is required.")


def test_input_comes_from_the_query_string_too(flochat: FlochatClient) -> None:
    """Laravel's input() merges the query string with the body: a DELETE can name its
    object in the URL (for clients that send no DELETE bodies)."""
    tag = answer(flochat.post("/flow/create-tag", name="From query"))
    assert tag["name"] == "From query"
    assert answer(flochat.delete("/flow/delete-tag", tag_ns=tag["tag_ns"])) == {"status": "ok"}
    # The body wins over the query string.
    tag = answer(flochat.post("/flow/create-tag", {"name": "Body"}, name="Query"))
    assert tag["name"] == "Body"


def test_form_bodies_are_input_too(flochat: FlochatClient, client: Client) -> None:
    response = client.post(
        "/flochat/flow/create-tag", data={"name": "Form"}, headers=flochat.headers()
    )
    assert answer(response)["name"] == "Form"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        *LIMIT_REFUSALS,
        ({"page": "0"}, "The page must be between 1 and 100."),
        ({"page": "1.5"}, "The page must be an integer."),
    ],
)
def test_list_paging_is_validated(
    flochat: FlochatClient, params: dict[str, str], message: str
) -> None:
    assert answer(flochat.get("/flow/tags", **params), 400) == error(message)
