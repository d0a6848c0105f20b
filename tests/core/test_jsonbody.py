"""The one JSON decoding of request bodies (sandbox/core/jsonbody.py), and webargs' JSON
loading through it (SandboxParser): hostile bodies are refused, never a 500."""

from __future__ import annotations

import json
import signal
from typing import Any

import marshmallow as ma
import pytest
from flask import Flask
from werkzeug.exceptions import HTTPException

from sandbox.core import jsonbody
from sandbox.core.parsing import SandboxParser

DEEP = "[" * 100_000 + "]" * 100_000
MILLION_DIGITS = "[" + "7" * 1_000_000 + "]"


def test_ordinary_bodies_decode_as_json_loads_does() -> None:
    text = '{"name": "Jos\\u00e9 \\ud83d\\ude00", "n": [1, 2.5, null, true]}'
    assert jsonbody.decode(text) == json.loads(text)


def test_a_body_nested_too_deep_is_refused_with_pythons_message() -> None:
    with pytest.raises(jsonbody.TooDeep) as refused:
        jsonbody.decode(DEEP)
    assert str(refused.value) == (
        "maximum recursion depth exceeded while decoding a JSON array from a unicode string"
    )


def test_a_long_integer_is_refused_unless_a_decoder_for_it_is_given() -> None:
    with pytest.raises(jsonbody.LongNumber) as refused:
        jsonbody.decode(MILLION_DIGITS)
    assert str(refused.value) == (
        "Exceeds the limit (4300 digits) for integer string conversion: value has 1000000 "
        "digits; use sys.set_int_max_str_digits() to increase the limit"
    )
    doubles = json.JSONDecoder(parse_int=jsonbody.int_or_float)
    assert jsonbody.decode('{"a": 1, "b": ' + MILLION_DIGITS + "}", long_numbers=doubles) == {
        "a": 1,
        "b": [float("inf")],
    }


def test_a_hooks_own_value_error_is_not_taken_for_a_long_integer() -> None:
    def refuse(name: str) -> Any:
        raise ValueError(f"no {name}")

    with pytest.raises(ValueError, match=r"^no NaN$"):
        jsonbody.decode("[NaN]", json.JSONDecoder(parse_constant=refuse))


def test_bad_syntax_is_json_decode_error() -> None:
    with pytest.raises(json.JSONDecodeError):
        jsonbody.decode('{"a": ')


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ('"\\ud800"', 1),
        ('"\\uDFFF"', 1),
        ('["ok", "x\\udbff"]', 9),
        ('"\\ud800\\ud800\\udc00"', 1),  # the first high half has no low half
        ('"\\udc00\\ud800"', 1),  # a low half first is alone
        ('"\\\\\\ud800"', 3),  # an escaped backslash, then the escape
        ('"\\\\ud800\\udc00"', 8),  # the text "\ud800", then a low half alone
        ('{"k\\ud800": 1}', 3),
    ],
)
def test_a_lone_surrogate_escape_is_found(text: str, position: int) -> None:
    assert jsonbody.lone_surrogate(text) == position
    with pytest.raises(jsonbody.LoneSurrogate) as refused:
        jsonbody.decode(text)
    assert refused.value.position == position


@pytest.mark.parametrize(
    "text",
    ['"\\ud800\\udc00"', '"\\uDBFF\\uDFFF"', '"\\\\ud800"', '"\\u00e9"', '"plain"'],
)
def test_pairs_and_other_escapes_are_no_lone_surrogate(text: str) -> None:
    assert jsonbody.lone_surrogate(text) is None
    assert jsonbody.decode(text) == json.loads(text)


@pytest.mark.parametrize(("limit", "deeper"), [(5, False), (4, True)])
def test_nested_deeper_than(limit: int, deeper: bool) -> None:
    text = '{"a": [1, {"b": [[]]}]}'  # five levels: object, array, object, array, array
    assert jsonbody.nested_deeper_than(text, json.loads(text), limit) is deeper


def test_a_body_deeper_than_max_depth_is_refused() -> None:
    assert jsonbody.decode("[[1]]", max_depth=2) == [[1]]
    with pytest.raises(jsonbody.TooDeep) as refused:
        jsonbody.decode("[[[1]]]", max_depth=2)
    assert str(refused.value) == "nested deeper than 2 levels"
    with pytest.raises(jsonbody.TooDeep):  # through the long-number decoder too
        jsonbody.decode(
            "[[[" + MILLION_DIGITS + "]]]",
            long_numbers=json.JSONDecoder(parse_int=jsonbody.int_or_float),
            max_depth=3,
        )


def test_nesting_is_not_walked_for_too_few_brackets() -> None:
    # A value that is deeper than its text says (never the case for a decoded body)
    # shows that the brackets are counted first.
    assert jsonbody.nested_deeper_than("[]", [[[[]]]], 2) is False
    assert jsonbody.nested_deeper_than("[[[[]]]]", [[[[]]]], 2) is True


# -- SandboxParser: webargs' JSON loading --------------------------------------------------


class Body(ma.Schema):
    name = ma.fields.Raw()


@pytest.mark.parametrize(
    "raw",
    [DEEP, '{"name": ' + MILLION_DIGITS + "}", '{"name": "H\\ud800x"}'],
    ids=["deep", "long-number", "lone-surrogate"],
)
def test_webargs_json_loading_refuses_hostile_bodies_as_invalid_json(raw: str) -> None:
    app = Flask(__name__)
    context = app.test_request_context(
        "/", method="POST", data=raw, content_type="application/json"
    )
    with context, pytest.raises(HTTPException) as refused:
        SandboxParser().parse(Body, location="json")
    assert refused.value.code == 400
    assert refused.value.data["messages"] == {"json": ["Invalid JSON body."]}  # type: ignore[attr-defined]


def test_webargs_json_loading_still_reads_bodies() -> None:
    app = Flask(__name__)
    data = '{"name": "Hi \\ud83d\\ude00"}'
    with app.test_request_context("/", method="POST", data=data, content_type="application/json"):
        assert SandboxParser().parse(Body, location="json") == {"name": "Hi \U0001f600"}
    with app.test_request_context("/", method="POST", data="", content_type="application/json"):
        assert SandboxParser().parse(Body, location="json") == {}


class _TooSlow(Exception):
    pass


def _within(seconds: int, work: Any) -> Any:
    """`work()`, failing (rather than hanging) if it runs longer than `seconds`: a bound
    for a regression to quadratic time, far above what the linear scan takes."""

    def stop(signum: int, frame: Any) -> None:
        raise _TooSlow(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        return work()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


#: A million backslashes: escaped in pairs they are text; the old pattern `(\\+)u...`
#: tried every suffix of the run at every backslash (hours for this run).
BACKSLASHES = "\\" * 1_000_000


@pytest.mark.parametrize(
    ("text", "position"),
    [
        # A real pair and a \u escape first, so the quick checks do not skip the scan.
        (f'["\\u0041\\ud83d\\ude00", "{BACKSLASHES}"]', None),
        (f'["\\ud83d\\ude00", "{BACKSLASHES}ud800"]', None),  # the text "\ud800"
        (f'["\\ud83d\\ude00", "{BACKSLASHES}\\ud800"]', 18 + len(BACKSLASHES)),
        (f'["\\ud83d\\ude00", "{BACKSLASHES}\\ud800\\udc00"]', None),
    ],
    ids=["backslashes", "escaped-text", "lone-after", "pair-after"],
)
def test_a_long_run_of_backslashes_is_scanned_in_linear_time(
    text: str, position: int | None
) -> None:
    assert _within(30, lambda: jsonbody.lone_surrogate(text)) == position
    if position is None:
        assert _within(30, lambda: jsonbody.decode(text)) == json.loads(text)
