"""Bodies PHP's `json_decode` cannot read are no input to Laravel, never a 500 (issue 13 §3).

Laravel's `Request::json()` is `json_decode($content, true)`; where that fails (nesting
over 512 levels, a lone surrogate escape, malformed UTF-8, NaN) the controller sees only
the query string, so the first required field is missing. The sandbox reads 256 levels
(it stores some values as they are sent), and a deeper body is no input the same way.
An integer PHP_INT cannot hold is a float, INF past 1e308 (docs/flochat-fidelity.md).
"""

from __future__ import annotations

import pytest
from werkzeug.test import TestResponse

from tests.platforms.flochat.helpers import DEMO_KEY, FlochatClient, answer, error

NAME_REQUIRED = error("The name field is required.")


def create_tag(flochat: FlochatClient, raw: str | bytes, **query: str) -> TestResponse:
    return flochat.client.post(
        "/flochat/flow/create-tag",
        data=raw,
        query_string=query,
        content_type="application/json",
        headers={"Authorization": f"Bearer {DEMO_KEY}"},
    )


def tag_names(flochat: FlochatClient) -> list[str]:
    return [tag["name"] for tag in answer(flochat.get("/flow/tags"))["data"]]


def nested(levels: int) -> str:
    """A body whose `name` is Vip, nested `levels` deep in all (the object is one)."""
    return '{"name": "Vip", "x": ' + "[" * (levels - 1) + "]" * (levels - 1) + "}"


@pytest.mark.parametrize("levels", [100_000, 1000, 513, 257])
def test_a_body_nested_deeper_than_the_sandbox_reads_is_no_input(
    flochat: FlochatClient, levels: int
) -> None:
    assert answer(create_tag(flochat, nested(levels)), 400) == NAME_REQUIRED
    assert tag_names(flochat) == []


def test_the_sandbox_reads_256_levels(flochat: FlochatClient) -> None:
    assert answer(create_tag(flochat, nested(256)))["name"] == "Vip"
    assert tag_names(flochat) == ["Vip"]


def test_the_query_string_is_still_read_when_the_body_is_not(flochat: FlochatClient) -> None:
    created = answer(create_tag(flochat, nested(100_000), name="From query"))
    assert created["name"] == "From query"
    assert tag_names(flochat) == ["From query"]


@pytest.mark.parametrize(
    "raw",
    [
        '{"name": "H\\ud800x"}',
        '{"name": "H\\udfffx"}',
        '{"name": "\\ud83d\\ud83d\\ude00"}',
        b'{"name": "H\xed\xa0\x80x"}',  # a surrogate encoded as UTF-8 bytes
        b'{"name": "H\xffx"}',
        '{"name": NaN}',
    ],
    ids=["high", "low", "high-then-pair", "encoded-surrogate", "bad-utf8", "nan"],
)
def test_a_body_json_decode_refuses_is_no_input(flochat: FlochatClient, raw: str | bytes) -> None:
    assert answer(create_tag(flochat, raw), 400) == NAME_REQUIRED
    assert tag_names(flochat) == []


def test_a_surrogate_pair_is_one_character(flochat: FlochatClient) -> None:
    assert answer(create_tag(flochat, '{"name": "Hi \\ud83d\\ude00"}'))["name"] == "Hi \U0001f600"


def test_an_integer_of_a_million_digits_is_a_float(flochat: FlochatClient) -> None:
    # json_decode gives INF, which the `string` rule refuses.
    raw = '{"name": ' + "9" * 1_000_000 + "}"
    assert answer(create_tag(flochat, raw), 400) == error("The name must be a string.")
    assert tag_names(flochat) == []
