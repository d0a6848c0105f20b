"""HTTP tests of RapidPro's error responses and DRF's request parsing, in both profiles.

Oracle: ../shared/reference/rapidpro.md §5 and docs/rapidpro-fidelity.md §10; exact texts
that neither document spells out come from Django / DRF source (cited where used).
"""

from __future__ import annotations

import json

import pytest
from werkzeug.test import Client

from tests.platforms.rapidpro.helpers import FARMERS, REPORTERS, Org, body

# django/views/defaults.py: ERROR_PAGE_TEMPLATE (it starts with a newline) filled with
# page_not_found's title and details; temba has no 404.html and no custom handler404.
DJANGO_404_PAGE = (
    "\n"
    "<!doctype html>\n"
    '<html lang="en">\n'
    "<head>\n"
    "  <title>Not Found</title>\n"
    "</head>\n"
    "<body>\n"
    "  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>\n"
    "</body>\n"
    "</html>\n"
)
NOT_AN_OBJECT = {"non_field_errors": ["Request body should be a single JSON object"]}

ALLOW = {
    "contacts": "GET, POST, DELETE, HEAD, OPTIONS",
    "fields": "GET, POST, HEAD, OPTIONS",
    "groups": "GET, POST, DELETE, HEAD, OPTIONS",
}


def group_names(org: Org) -> list[str]:
    return [g["name"] for g in body(org.api.get("groups"))["results"]]


def new_org_names(org: Org) -> list[str]:
    """What an org lists before anything is written: upstream's "Open Tickets" system group."""
    return [] if org.weni else ["Open Tickets"]


# -- unknown URLs ------------------------------------------------------------------------------


def test_unknown_url_is_djangos_html_404(client: Client) -> None:
    response = client.get("/rapidpro/api/v2/nope.json")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.get_data(as_text=True) == DJANGO_404_PAGE
    assert "Allow" not in response.headers
    assert "Vary" not in response.headers


@pytest.mark.parametrize(
    "path",
    [
        "/rapidpro/api/v2/nope.json",
        "/rapidpro/api/v2/groups.xml",
        "/rapidpro/api/v3/groups.json",
        "/rapidpro/api/v2/groups.json/extra",
        "/rapidpro/nothing",
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "DELETE"])
@pytest.mark.parametrize("authenticated", [True, False])
def test_unknown_urls_are_404_before_auth_and_method(
    org: Org, path: str, method: str, authenticated: bool
) -> None:
    headers = org.api.headers() if authenticated else {}
    response = org.api.client.open(path, method=method, headers=headers, json={})
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    # The page itself is checked above; here only that no JSON / DRF answer leaks in.
    assert "<h1>Not Found</h1>" in response.get_data(as_text=True)
    assert "Allow" not in response.headers


# -- 405 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "endpoint"),
    [
        ("PUT", "groups"),
        ("PATCH", "groups"),
        ("PUT", "contacts"),
        ("PATCH", "contacts"),
        ("PUT", "fields"),
        ("DELETE", "fields"),
        ("OPTIONS", "fields"),
        ("OPTIONS", "contacts"),
        ("OPTIONS", "groups"),
    ],
)
def test_method_not_allowed(org: Org, method: str, endpoint: str) -> None:
    response = org.send(method, endpoint, data=json.dumps({"name": "X"}))
    assert response.status_code == 405
    assert body(response) == {"detail": f'Method "{method}" not allowed.'}
    assert response.headers["Allow"] == ALLOW[endpoint]
    assert group_names(org) == new_org_names(org)


def test_405_is_not_blocked_by_a_bad_body(org: Org) -> None:
    response = org.send("PUT", "groups", data="{broken", content_type="text/plain")
    assert response.status_code == 405
    assert body(response) == {"detail": 'Method "PUT" not allowed.'}


# -- DRF headers on every answer ---------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ["contacts", "fields", "groups"])
def test_allow_and_vary_on_success(org: Org, endpoint: str) -> None:
    response = org.api.get(endpoint)
    assert response.status_code == 200
    assert response.headers["Allow"] == ALLOW[endpoint]
    assert response.headers["Vary"] == "Accept"
    assert response.headers["Content-Type"] == "application/json"


def test_allow_and_vary_on_errors(org: Org) -> None:
    for response in (
        org.api.post("groups", {}),  # 400
        org.api.delete("groups", uuid=FARMERS),  # 404
        org.api.client.get(org.api.url("groups")),  # 403
        org.send("PUT", "groups"),  # 405
    ):
        assert response.headers["Allow"] == ALLOW["groups"], response.status_code
        assert response.headers["Vary"] == "Accept", response.status_code


def test_allow_and_vary_on_created_and_deleted(org: Org) -> None:
    created = org.api.post("groups", {"name": "Reporters"})
    assert created.status_code == 201
    assert created.headers["Allow"] == ALLOW["groups"]
    deleted = org.api.delete("groups", uuid=body(created)["uuid"])
    assert deleted.status_code == 204
    assert deleted.headers["Allow"] == ALLOW["groups"]
    assert deleted.headers["Vary"] == "Accept"


# -- 415 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "text/plain; charset=utf-8",
        "application/xml",
        "application/jsonx",
        # DRF's JSONParser is registered for application/json only.
        "application/vnd.api+json",
    ],
)
def test_unsupported_media_type(org: Org, content_type: str) -> None:
    response = org.send("POST", "groups", data='{"name": "Reporters"}', content_type=content_type)
    assert response.status_code == 415
    assert body(response) == {"detail": f'Unsupported media type "{content_type}" in request.'}
    assert group_names(org) == new_org_names(org)


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        pytest.param('{"name": "Reporters"}', "application/json; charset=utf-8", id="json-charset"),
        pytest.param("name=Reporters", "application/x-www-form-urlencoded", id="form"),
    ],
)
def test_json_with_a_charset_and_form_bodies_are_parsed(
    org: Org, data: str, content_type: str
) -> None:
    response = org.send("POST", "groups", data=data, content_type=content_type)
    assert response.status_code == 201
    assert body(response)["name"] == "Reporters"
    assert group_names(org) == ["Reporters", *new_org_names(org)]


@pytest.mark.parametrize("content_type", [None, "application/json"])
def test_empty_body_is_an_empty_object(org: Org, content_type: str | None) -> None:
    response = org.send("POST", "groups", data=b"", content_type=content_type)
    assert response.status_code == 400
    assert body(response) == {"name": ["This field is required."]}


def test_body_without_a_content_type_is_ignored(org: Org) -> None:
    # DRF: no content type means no parser runs; the data is empty.
    response = org.send("POST", "groups", data='{"name": "Reporters"}', content_type=None)
    assert response.status_code == 400
    assert body(response) == {"name": ["This field is required."]}


# -- JSON parse errors -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("{", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        ('{"name": ', "Expecting value: line 1 column 10 (char 9)"),
        (
            "{'name': 'x'}",
            "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
        ('{"name": "x"} trailing', "Extra data: line 1 column 15 (char 14)"),
        ("nope", "Expecting value: line 1 column 1 (char 0)"),
    ],
)
def test_json_parse_errors(org: Org, raw: str, reason: str) -> None:
    response = org.send("POST", "groups", data=raw)
    assert response.status_code == 400
    assert body(response) == {"detail": f"JSON parse error - {reason}"}
    assert group_names(org) == new_org_names(org)


def test_body_that_is_not_utf8(org: Org) -> None:
    response = org.send("POST", "groups", data=b'{"name": "\xff"}')
    assert response.status_code == 400
    assert body(response) == {
        "detail": "JSON parse error - 'utf-8' codec can't decode byte 0xff in position 10: "
        "invalid start byte"
    }


@pytest.mark.parametrize("raw", ["[]", '[{"name": "x"}]', '"Reporters"', "42", "true", "null"])
@pytest.mark.parametrize("endpoint", ["groups", "fields", "contacts"])
def test_body_that_is_not_an_object(org: Org, raw: str, endpoint: str) -> None:
    response = org.send("POST", endpoint, data=raw)
    assert response.status_code == 400
    assert body(response) == NOT_AN_OBJECT


def test_lookup_errors_come_before_the_body(org: Org) -> None:
    weni = org.profile == "weni"
    unknown = org.send("POST", "groups", data="{broken", uuid=FARMERS)
    assert unknown.status_code == 404
    assert body(unknown) == {
        "detail": "Not found." if weni else "No ContactGroup matches the given query."
    }
    not_an_object = org.send("POST", "fields", data="[]", key="nope")
    assert not_an_object.status_code == 404
    assert body(not_an_object) == {
        "detail": "Not found." if weni else "No ContactField matches the given query."
    }
    no_param = org.send("DELETE", "groups", data="{broken")
    assert no_param.status_code == 400
    assert body(no_param) == {"detail": "URL must contain one of the following parameters: uuid"}


def test_a_known_object_with_a_bad_body(org: Org) -> None:
    org.seed(groups=[{"uuid": REPORTERS, "name": "Reporters"}])
    response = org.send("POST", "groups", data="[]", uuid=REPORTERS)
    assert response.status_code == 400
    assert body(response) == NOT_AN_OBJECT


# -- STRICT_JSON -------------------------------------------------------------------------------


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_upstream_refuses_non_finite_numbers(up: Org, constant: str) -> None:
    # DRF STRICT_JSON (the default): rest_framework.utils.json.strict_constant raises
    # ValueError('Out of range float values are not JSON compliant: ' + repr(o)).
    response = up.send("POST", "groups", data=f'{{"name": "Reporters", "extra": {constant}}}')
    assert response.status_code == 400
    assert body(response) == {
        "detail": "JSON parse error - Out of range float values are not JSON compliant: "
        f"'{constant}'"
    }
    assert group_names(up) == ["Open Tickets"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_weni_accepts_non_finite_numbers(weni: Org, constant: str) -> None:
    response = weni.send("POST", "groups", data=f'{{"name": "Reporters", "extra": {constant}}}')
    assert response.status_code == 201
    assert body(response)["name"] == "Reporters"


@pytest.mark.parametrize(("constant", "text"), [("NaN", "nan"), ("Infinity", "inf")])
def test_weni_turns_a_non_finite_name_into_text(weni: Org, constant: str, text: str) -> None:
    # DRF's CharField takes numbers and keeps str(value).
    response = weni.send("POST", "groups", data=f'{{"name": {constant}}}')
    assert response.status_code == 201
    assert body(response)["name"] == text


def test_weni_non_finite_name_still_meets_the_name_rules(weni: Org) -> None:
    # "-inf" does not start with a word character.
    response = weni.send("POST", "groups", data='{"name": -Infinity}')
    assert response.status_code == 400
    assert body(response) == {"name": ["Name contains illegal characters."]}


# -- response encoding -------------------------------------------------------------------------


def test_weni_escapes_non_ascii(weni: Org) -> None:
    # Weni sets UNICODE_JSON = False.
    response = weni.api.post("groups", {"name": "Žena"})
    assert response.status_code == 201
    assert '"name":"\\u017dena"' in response.get_data(as_text=True)


def test_upstream_keeps_non_ascii(up: Org) -> None:
    response = up.api.post("groups", {"name": "Žena"})
    assert response.status_code == 201
    assert '"name":"Žena"' in response.get_data(as_text=True)


def test_error_bodies_are_compact_json(org: Org) -> None:
    # DRF's JSONRenderer: compact separators, and nothing after the closing brace.
    response = org.send("PUT", "groups")
    assert response.get_data(as_text=True) == '{"detail":"Method \\"PUT\\" not allowed."}'
