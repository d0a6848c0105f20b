"""The one Express stack (`sandbox/core/stacks/express.py`) both Node vendors use: what
body-parser makes of a body under each platform's options, and how its schema fields read
JavaScript values. The platforms' own tests prove their answers over HTTP; these pin the
options themselves, and the places FlowBot's reader now agrees with JSON.parse."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask

from sandbox.core.stacks import express


class Refused(Exception):
    """What the test stack raises: the message it was given."""


def refuse(message: str) -> Refused:
    return Refused(message)


class TooLarge(Exception):
    pass


STRICT = express.Stack(invalid_json=refuse, too_large=TooLarge)  # Flow XO's options
LENIENT = express.Stack(  # FlowBot's options
    invalid_json=refuse,
    too_large=TooLarge,
    json_suffix=True,
    strict=False,
    strip_bom=True,
    validate=False,
)


@pytest.fixture
def app() -> Iterator[Flask]:
    yield Flask(__name__)


def body_of(
    app: Flask, stack: express.Stack, data: bytes, mimetype: str = "application/json"
) -> Any:
    with app.test_request_context("/", method="POST", data=data, content_type=mimetype):
        return stack.body()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"5", 5),  # non-strict: a bare value is read (and a view sees no fields in it)
        (b'\xef\xbb\xbf{"a": 1}', {"a": 1}),  # the decoder drops a byte-order mark
        (b"\xef\xbb\xbf", {}),  # ... and what is left is an empty body
        (b" \r\n\t", {}),
    ],
)
def test_lenient_body_parser_reads(app: Flask, data: bytes, expected: Any) -> None:
    assert body_of(app, LENIENT, data) == expected


@pytest.mark.parametrize("data", [b'{"a": NaN}', b'{"a": Infinity}', b"\x0b", b"[1,]"])
def test_json_parse_refuses_what_python_reads_for_both_stacks(app: Flask, data: bytes) -> None:
    # FlowBot's reader took NaN / Infinity (Python's json does) and a body of only
    # vertical tab or form feed (bytes.strip() skipped them); JSON.parse refuses all three.
    for stack in (STRICT, LENIENT):
        with pytest.raises(Refused):
            body_of(app, stack, data)


def test_json_suffix_types_are_json_only_where_the_platform_says(app: Flask) -> None:
    data = b'{"a": 1}'
    assert body_of(app, LENIENT, data, "application/vnd.api+json") == {"a": 1}
    assert body_of(app, STRICT, data, "application/vnd.api+json") == {}
    assert body_of(app, STRICT, data, "text/plain") == {}


def test_a_body_over_the_limit_is_too_large(app: Flask) -> None:
    data = b'{"a": "' + b"x" * express.JSON_LIMIT + b'"}'
    for stack in (STRICT, LENIENT):
        with pytest.raises(TooLarge):
            body_of(app, stack, data)


class Person(express.Input):
    name = express.Text(required=True)
    nick = express.TextOrNumber(allow_none=True)
    active = express.Boolean()
    page = express.QueryInteger(minimum=1, default=25)


def read(app: Flask, stack: express.Stack, data: bytes) -> dict[str, Any]:
    with app.test_request_context("/", method="POST", data=data, content_type="application/json"):
        return stack.read(Person, "json")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"name": 1.0, "nick": 1e21, "x": 1}', {"name": "1", "nick": "1e+21", "page": 25}),
        (
            b'{"name": "Ana", "nick": "", "active": false}',
            {"name": "Ana", "nick": None, "active": False, "page": 25},
        ),
        (b'{"name": "Ana", "page": " 7 "}', {"name": "Ana", "page": 7}),
    ],
)
def test_fields_read_javascript_values(app: Flask, data: bytes, expected: dict[str, Any]) -> None:
    assert read(app, STRICT, data) == expected


@pytest.mark.parametrize(
    ("reader", "data", "message"),
    [
        # The body parser refuses in V8's words.
        (body_of, b"  5", "Unexpected token 5 in JSON at position 2"),
        (body_of, b"\xef\xbb\xbf{}", "Unexpected token \ufeff in JSON at position 0"),
        (body_of, b'{"a": NaN}', "Unexpected token N in JSON at position 6"),
        (body_of, b'{"a": 1', "Unexpected end of JSON input"),
        (body_of, b"[\xff]", "Unexpected token \ufffd in JSON at position 1"),
        (body_of, b'{"a": "\\ud800"}', "Bad Unicode escape in JSON at position 7"),
        # The fields name the first value at fault.
        (read, b"[]", "name is required"),  # an array body has no fields
        (read, b'{"name": ""}', "name is required"),
        (read, b'{"name": null}', "name is required"),
        (read, b'{"name": true, "active": 1}', "name must be a string"),
        (read, b'{"name": "Ana", "active": 1}', "active must be a boolean"),
        (read, b'{"name": "Ana", "page": "0"}', "page must be a positive integer"),
    ],
)
def test_the_strict_stack_refuses_in_its_words(
    app: Flask, reader: Callable[[Flask, express.Stack, bytes], Any], data: bytes, message: str
) -> None:
    with pytest.raises(Refused) as raised:
        reader(app, STRICT, data)
    assert str(raised.value) == message


def test_a_documenting_stack_hands_over_the_body_as_it_is(app: Flask) -> None:
    assert read(app, LENIENT, b'{"name": true, "extra": [1]}') == {"name": True, "extra": [1]}
    assert read(app, LENIENT, b"[1, 2]") == {}
