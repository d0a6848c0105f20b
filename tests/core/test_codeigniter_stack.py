"""The CodeIgniter stack (`sandbox/core/stacks/codeigniter.py`): PHP's `(int)` cast,
`$_GET` / `$_POST` read through a schema that refuses nothing, the URI check and the
controller's routing. XeroChat's tests prove its answers over HTTP (its key users:
tests/platforms/xerochat/test_key_users.py); these pin the stack itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.exceptions import BadRequest, NotFound

from sandbox.core.stacks import codeigniter

STACK = codeigniter.Stack()


class Form(codeigniter.Input):
    api_key = codeigniter.Text(required=True)
    name = codeigniter.Text()


@pytest.fixture
def app() -> Iterator[Flask]:
    yield Flask(__name__)


def read(app: Flask, method: str, location: str, **request: Any) -> dict[str, Any]:
    with app.test_request_context("/api/x", method=method, **request):
        return STACK.read(Form, location)


# -- PHP's (int) cast -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12abc", 12),
        ("abc", 0),
        ("", 0),
        (None, 0),
        ("  -7x", -7),
        ("+3", 3),
        ("1.9", 1),
        (5, 5),
        ("9" * 25, 2**63 - 1),
        ("-" + "9" * 25, -(2**63)),
        ("9223372036854775808", 2**63 - 1),  # 19 digits, one past PHP_INT_MAX
        ("1" * 5000, 2**63 - 1),  # more digits than int() takes: still no error
    ],
)
def test_php_int_is_the_leading_integer_saturated(value: Any, expected: int) -> None:
    assert codeigniter.php_int(value) == expected


# -- $_GET and $_POST -------------------------------------------------------------------------


def test_get_is_the_query_string_read_by_the_schema(app: Flask) -> None:
    given = read(app, "GET", "query", query_string="api_key=k&name=5&other=x&name=6")

    # Every value a string; a field the schema lacks is dropped; a repeated key's first.
    assert given == {"api_key": "k", "name": "5"}


def test_a_missing_required_value_is_absent_not_refused(app: Flask) -> None:
    assert read(app, "GET", "query", query_string="name=") == {"name": ""}


def test_post_is_the_form_body_of_a_post_request(app: Flask) -> None:
    assert read(app, "POST", "form", data={"api_key": "k", "name": "N"}) == {
        "api_key": "k",
        "name": "N",
    }


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_post_is_empty_for_any_other_method(app: Flask, method: str) -> None:
    # PHP fills $_POST only for POST, whatever body another method carries.
    assert read(app, method, "form", data={"api_key": "k"}) == {}


def test_a_json_body_is_no_post(app: Flask) -> None:
    assert read(app, "POST", "form", json={"api_key": "k"}) == {}


def test_the_stack_reads_no_json(app: Flask) -> None:
    with pytest.raises(ValueError, match="CodeIgniter reads no 'json' input"):
        read(app, "POST", "json")


# -- the URI check ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/get_contact/1", "/api/a b~%.:_+-/Z9"])
def test_permitted_uri_characters_pass(app: Flask, path: str) -> None:
    with app.test_request_context(path):
        STACK.check_uri()


@pytest.mark.parametrize("path", ["/api/update_user/1'", "/api/x/<b>", "/api/é", "/api/a!"])
def test_other_characters_are_codeigniters_400(app: Flask, path: str) -> None:
    with app.test_request_context(path), pytest.raises(BadRequest) as refused:
        STACK.check_uri()
    assert refused.value.description == codeigniter.DISALLOWED_URI


# -- the controller -----------------------------------------------------------------------------


def controller() -> tuple[codeigniter.Controller, codeigniter.Route, codeigniter.Route]:
    found = codeigniter.Controller("api")
    plain = codeigniter.Route(lambda: "plain", "get")
    with_id = codeigniter.Route(lambda id: f"id={id}", "post", path_id=True)
    found.add("get_thing", plain)
    found.add("update_thing", with_id)
    return found, plain, with_id


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/api/get_thing", "plain"),
        ("/api/GET_Thing", "plain"),  # PHP's method names ignore case
        ("/api/get_thing/", "plain"),
        ("/api/get_thing/ignored/too", "plain"),
        ("/api/update_thing/7", {"id": "7"}),
        ("/api/update_thing/7/8", {"id": "7"}),
        ("/api/update_thing/", {"id": ""}),
        ("/api/update_thing", {"id": ""}),
    ],
)
def test_the_controller_routes_as_codeigniter_does(path: str, expected: Any) -> None:
    routes, plain, with_id = controller()

    found = routes.resolve(path)

    assert found is not None
    route, argument = found
    assert (route, argument) == ((plain, {}) if expected == "plain" else (with_id, expected))
    assert route.location == ("query" if route is plain else "form")


@pytest.mark.parametrize("path", ["/api/nothing", "/api", "/other/get_thing", "/"])
def test_a_method_the_controller_lacks_is_no_route(path: str) -> None:
    assert controller()[0].resolve(path) is None


def test_dispatch_calls_the_view_with_its_argument() -> None:
    routes = controller()[0]

    assert routes.dispatch("update_thing/42/") == "id=42"
    assert routes.dispatch("Get_Thing") == "plain"
    with pytest.raises(NotFound):
        routes.dispatch("nothing")
