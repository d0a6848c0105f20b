"""How requests reach the XeroChat endpoints (fidelity §1.3): CodeIgniter routes
/api/<method>[/<id>] whatever the HTTP method; GET endpoints read the query string and POST
endpoints the form body ($_POST: form-encoded or multipart POSTs only); unknown methods get
CodeIgniter's HTML 404 page and URIs with characters it does not permit its HTML 400 page.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from werkzeug.test import Client

from tests.platforms.xerochat.helpers import (
    CODEIGNITER_404,
    CODEIGNITER_DISALLOWED,
    KEY_REQUIRED,
    MEMBER_KEY,
    XeroChatClient,
)

OTHER_METHODS = ["POST", "PUT", "PATCH", "DELETE"]
NO_CAMPAIGNS: list[object] = []


@pytest.fixture
def api(client: Client, frozen: datetime) -> Client:
    """The whole server, for requests the XeroChatClient does not make."""
    return client


# -- CodeIgniter's own pages -------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/xerochat/api/no_such_method", "/xerochat/api/no_such_method/1", "/xerochat/nope"]
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_unknown_url_is_codeigniters_404_page(api: Client, path: str, method: str) -> None:
    response = api.open(path, method=method, query_string={"api_key": MEMBER_KEY})

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert response.get_data(as_text=True) == CODEIGNITER_404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/xerochat/api/get_contact'"),
        ("POST", "/xerochat/api/create_contact_group$"),
        ("GET", "/xerochat/api/no_such<method>"),
        # the documented URLs with an id are checked too, for their documented method
        ("POST", "/xerochat/api/update_user/2'"),
        ("POST", "/xerochat/api/update_contact/1;2"),
        ("POST", "/xerochat/api/update_contact_group/1@"),
        ("GET", "/xerochat/api/update_contact/1;2"),
    ],
)
def test_disallowed_characters_get_codeigniters_400_page(
    api: Client, method: str, path: str
) -> None:
    response = api.open(path, method=method, data={"api_key": MEMBER_KEY, "name": "X"})

    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert response.get_data(as_text=True) == CODEIGNITER_DISALLOWED


@pytest.mark.parametrize(
    "path", ["get_flow_campaigns", "GET_Flow_Campaigns", "get_flow_campaigns/"]
)
def test_method_names_ignore_case_and_a_trailing_slash(member: XeroChatClient, path: str) -> None:
    # PHP's method names are case-insensitive; CodeIgniter drops empty segments.
    response = member.get(path)

    assert (response.status_code, response.json) == (200, NO_CAMPAIGNS)


def test_a_post_endpoint_with_a_trailing_slash(member: XeroChatClient) -> None:
    response = member.post("create_contact_group/", name="VIPs")

    assert (response.status_code, response.json) == (
        200,
        {"status": "success", "contact_type_id": 1},
    )


def test_an_endpoint_with_an_id_and_a_trailing_slash(member: XeroChatClient) -> None:
    member.post("create_contact_group", name="VIPs")

    response = member.post("update_contact_group/1/", name="Clientes")

    assert (response.status_code, response.json) == (200, {"status": "success"})
    assert member.ok("GET", "get_contact_group", contact_type_id="1")["type"] == "Clientes"


def test_extra_segments_are_ignored(member: XeroChatClient) -> None:
    # CodeIgniter passes them as arguments the method does not take.
    response = member.get("get_flow_campaigns/extra/segments")

    assert (response.status_code, response.json) == (200, NO_CAMPAIGNS)


# -- which HTTP method, and where the parameters are read ---------------------------------------


@pytest.mark.parametrize("method", OTHER_METHODS)
def test_a_get_endpoint_reads_the_query_string_whatever_the_method(
    api: Client, method: str
) -> None:
    response = api.open(
        "/xerochat/api/get_flow_campaigns", method=method, query_string={"api_key": MEMBER_KEY}
    )

    assert (response.status_code, response.json) == (200, NO_CAMPAIGNS)
    assert "Allow" not in response.headers  # no 405, ever


def test_a_get_endpoint_posted_as_the_docs_curl_does(api: Client) -> None:
    # The doc's curl for get_flow_campaign_info says POST, with the parameters in the URL.
    response = api.post(
        "/xerochat/api/get_flow_campaign_info/",
        query_string={"api_key": MEMBER_KEY, "flow_campaign_id": "7"},
    )

    assert (response.status_code, response.json) == (
        200,
        {"status": "error", "message": "The flow campaign ID does not exist"},
    )


def test_a_get_endpoint_does_not_read_a_form_body(api: Client) -> None:
    response = api.post("/xerochat/api/get_flow_campaigns", data={"api_key": MEMBER_KEY})

    assert (response.status_code, response.json) == (200, KEY_REQUIRED)


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_a_post_endpoint_reads_no_parameters_from_other_methods(api: Client, method: str) -> None:
    # Whether in the query string or in a form body: $_POST is only filled for POST.
    response = api.open(
        "/xerochat/api/create_contact_group",
        method=method,
        query_string={"api_key": MEMBER_KEY, "name": "VIPs"},
        data={"api_key": MEMBER_KEY, "name": "VIPs"},
    )

    assert (response.status_code, response.json) == (200, KEY_REQUIRED)


def test_a_post_endpoint_does_not_read_the_query_string(api: Client) -> None:
    response = api.post(
        "/xerochat/api/create_contact_group", query_string={"api_key": MEMBER_KEY, "name": "V"}
    )

    assert (response.status_code, response.json) == (200, KEY_REQUIRED)


def test_a_post_endpoint_does_not_read_a_json_body(api: Client) -> None:
    response = api.post(
        "/xerochat/api/create_contact_group", json={"api_key": MEMBER_KEY, "name": "VIPs"}
    )

    assert (response.status_code, response.json) == (200, KEY_REQUIRED)


def test_a_post_endpoint_reads_a_multipart_body(api: Client) -> None:
    response = api.post(
        "/xerochat/api/create_contact_group",
        data={"api_key": MEMBER_KEY, "name": "VIPs"},
        content_type="multipart/form-data",
    )

    assert (response.status_code, response.json) == (
        200,
        {"status": "success", "contact_type_id": 1},
    )


# -- the answers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "values"),
    [
        ("GET", "get_flow_campaigns", {}),
        ("GET", "get_contact", {"contact_id": "1"}),
        ("POST", "create_contact_group", {}),
        ("GET", "get_flow_campaigns", {"api_key": "nope"}),
    ],
)
def test_json_answers_are_application_json_without_charset(
    member: XeroChatClient, method: str, path: str, values: dict[str, str]
) -> None:
    response = member.call(method, path, **values)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"


def test_json_answers_are_compact_without_a_trailing_newline(member: XeroChatClient) -> None:
    response = member.post("create_contact_group")

    assert response.get_data(as_text=True) == (
        '{"status":"error","message":"The contact type name is required"}'
    )
