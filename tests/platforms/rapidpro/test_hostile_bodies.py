"""Bodies that Python's json reads badly answer DRF's parse error, never a 500 (issue 13 §3).

DRF's JSONParser turns a `ValueError` from `json.load` into
`400 {"detail": "JSON parse error - <str(error)>"}`. Upstream, nesting too deep raises
`RecursionError` (a 500) and a lone surrogate is read, then fails in Postgres (a 500):
the sandbox answers both as parse errors, in Python's own words (assumed,
docs/rapidpro-fidelity.md).
"""

from __future__ import annotations

import pytest

from tests.platforms.rapidpro.helpers import Org, body

DEPTH = 100_000
TOO_DEEP_ARRAY = (
    "maximum recursion depth exceeded while decoding a JSON array from a unicode string"
)
TOO_DEEP_OBJECT = (
    "maximum recursion depth exceeded while decoding a JSON object from a unicode string"
)


def contact_names(org: Org) -> list[str]:
    return [contact["name"] for contact in body(org.api.get("contacts"))["results"]]


def parse_error(reason: str) -> dict[str, str]:
    return {"detail": f"JSON parse error - {reason}"}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("[" * DEPTH + "]" * DEPTH, TOO_DEEP_ARRAY),
        ('{"name": "Ann", "fields": ' + "[" * DEPTH + "]" * DEPTH + "}", TOO_DEEP_ARRAY),
        ('{"a": ' * DEPTH + "1" + "}" * DEPTH, TOO_DEEP_OBJECT),
    ],
    ids=["arrays", "in-a-field", "objects"],
)
def test_a_body_nested_too_deep_is_a_parse_error(org: Org, raw: str, reason: str) -> None:
    response = org.send("POST", "contacts", data=raw)
    assert (response.status_code, body(response)) == (400, parse_error(reason))
    assert contact_names(org) == []


def test_an_integer_of_a_million_digits_is_pythons_parse_error(org: Org) -> None:
    # What DRF answers on Python 3.11+: int() refuses more than 4,300 digits.
    response = org.send("POST", "contacts", data='{"name": ' + "7" * 1_000_000 + "}")
    assert (response.status_code, body(response)) == (
        400,
        parse_error(
            "Exceeds the limit (4300 digits) for integer string conversion: value has "
            "1000000 digits; use sys.set_int_max_str_digits() to increase the limit"
        ),
    )
    assert contact_names(org) == []


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ('{"name": "H\\ud800x"}', "Invalid \\uXXXX escape: line 1 column 13 (char 12)"),
        ('{"name": "H\\uDFFFx"}', "Invalid \\uXXXX escape: line 1 column 13 (char 12)"),
        # A high half followed by another high half: the first is alone.
        ('{"name": "\\ud83d\\ud83d\\ude00"}', "Invalid \\uXXXX escape: line 1 column 12 (char 11)"),
        ('{"H\\udc00": 1, "name": "Ann"}', "Invalid \\uXXXX escape: line 1 column 5 (char 4)"),
    ],
    ids=["high", "low", "high-then-pair", "in-a-key"],
)
def test_a_lone_surrogate_is_refused_before_anything_is_stored(
    org: Org, raw: str, reason: str
) -> None:
    response = org.send("POST", "contacts", data=raw)
    assert (response.status_code, body(response)) == (400, parse_error(reason))
    assert contact_names(org) == []


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ('{"name": "Hi \\ud83d\\ude00"}', "Hi \U0001f600"),  # a pair is one character
        ('{"name": "C:\\\\ud800"}', "C:\\ud800"),  # an escaped backslash, then text
        ('{"name": "Jos\\u00e9"}', "Jos\u00e9"),
    ],
    ids=["pair", "escaped-backslash", "not-a-surrogate"],
)
def test_other_escapes_are_read(org: Org, raw: str, name: str) -> None:
    response = org.send("POST", "contacts", data=raw)
    assert (response.status_code, body(response)["name"]) == (201, name)
    assert contact_names(org) == [name]
