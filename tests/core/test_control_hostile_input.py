"""The control API never answers 500 to a hostile body (issue 13 §3): nesting deeper than
the decoder recurses, integers over Python's digit limit and lone surrogate escapes are
refused with 400, in the control API's own shape, before anything is stored."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

#: Deeper than Python's json decoder can recurse (a RecursionError before the fix).
DEEP = "[" * 100_000 + "]" * 100_000
#: Shallow enough to decode, too deep to store (records are copied recursively).
STORABLE_DEPTH_PASSED = "[" * 300 + "]" * 300
LONG_NUMBER = "1" * 1_000_000

TOO_DEEP = "arrays and objects nest deeper than 256 levels"
TOO_LONG = "a number has more than 4300 digits"


def lone_surrogate(offset: int) -> str:
    return (
        f"a lone surrogate escape at offset {offset} (\\uD800-\\uDFFF without its other "
        "half) is not text that can be stored as UTF-8"
    )


def invalid_json(reason: str) -> dict[str, Any]:
    """webargs' answer to an invalid JSON body, saying why."""
    return {
        "code": 400,
        "status": "Bad Request",
        "errors": {"json": [f"Invalid JSON body: {reason}."]},
    }


def bad_fixture(reason: str) -> dict[str, Any]:
    return {
        "code": 400,
        "status": "Bad Request",
        "message": f"the document cannot be loaded: {reason}",
    }


def post(client: Client, path: str, text: str, content_type: str = "application/json") -> Any:
    return client.post(f"/_sandbox/{path}", data=text, content_type=content_type)


WRITES = ["workspaces", "clock", "reset", "inbound"]


@pytest.mark.parametrize("path", WRITES)
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (DEEP, TOO_DEEP),
        (f'{{"advance": {LONG_NUMBER}}}', TOO_LONG),
        ('{"name": "ab\\ud800"}', lone_surrogate(12)),
    ],
    ids=["deep", "long-number", "lone-surrogate"],
)
def test_a_control_write_refuses_a_hostile_json_body(
    client: Client, path: str, text: str, reason: str
) -> None:
    response = post(client, path, text)
    assert (response.status_code, response.json) == (400, invalid_json(reason))


def test_a_workspace_named_with_a_lone_surrogate_is_not_created(client: Client) -> None:
    before = client.get("/_sandbox/workspaces").json
    response = post(client, "workspaces", '{"name": "ci-\\udc00"}')
    assert (response.status_code, response.json) == (400, invalid_json(lone_surrogate(13)))
    assert client.get("/_sandbox/workspaces").json == before


def test_a_paired_surrogate_escape_is_text(client: Client) -> None:
    """An emoji written as its escaped pair is ordinary text, not a refusal."""
    response = post(client, "reset", '{"workspace": "\\ud83d\\ude00"}')
    assert (response.status_code, response.json["message"]) == (404, "no workspace named '😀'")


def test_a_workspace_section_too_deep_to_store_is_refused(client: Client) -> None:
    before = client.get("/_sandbox/workspaces").json
    response = post(client, "workspaces", f'{{"name": "ci-1", "x": {STORABLE_DEPTH_PASSED}}}')
    assert (response.status_code, response.json) == (400, invalid_json(TOO_DEEP))
    assert client.get("/_sandbox/workspaces").json == before


def test_inbound_text_with_a_lone_surrogate_is_refused(client: Client) -> None:
    text = '{"platform": "flochat", "conversation": "f1u1", "text": "hi \\ud800"}'
    response = post(client, "inbound", text)
    offset = text.index("\\ud800")
    assert (response.status_code, response.json) == (400, invalid_json(lone_surrogate(offset)))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (DEEP, TOO_DEEP),
        (f'{{"workspaces": {{"a": {{"flowxo": {{"n": {STORABLE_DEPTH_PASSED}}}}}}}}}', TOO_DEEP),
        (f'{{"version": {LONG_NUMBER}}}', TOO_LONG),
        ('{"workspaces": {"a\\ud800": {}}}', lone_surrogate(18)),
    ],
    ids=["deep", "too-deep-to-store", "long-number", "lone-surrogate"],
)
def test_a_json_fixture_document_with_a_hazard_is_refused(
    client: Client, text: str, reason: str
) -> None:
    before = client.get("/_sandbox/workspaces").json
    response = post(client, "fixtures", text)
    assert (response.status_code, response.json) == (400, bad_fixture(reason))
    assert client.get("/_sandbox/workspaces").json == before


def block_yaml(depth: int) -> str:
    """A YAML document whose mappings nest `depth` levels in block style (no brackets)."""
    lines = ["workspaces:", "  a:", "    flowxo:"]
    lines += [" " * (6 + 2 * level) + "k:" for level in range(depth)]
    return "\n".join(lines) + " 1\n"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (f"version: {LONG_NUMBER}\n", TOO_LONG),
        (block_yaml(300), TOO_DEEP),
    ],
    ids=["long-number", "block-nesting"],
)
def test_a_yaml_fixture_document_with_a_hazard_is_refused(
    client: Client, text: str, reason: str
) -> None:
    before = client.get("/_sandbox/workspaces").json
    response = post(client, "fixtures", text, "application/yaml")
    assert (response.status_code, response.json) == (400, bad_fixture(reason))
    assert client.get("/_sandbox/workspaces").json == before


def test_a_yaml_fixture_document_with_a_lone_surrogate_escape_is_invalid_yaml(
    client: Client,
) -> None:
    response = post(client, "fixtures", 'workspaces: {"a\\ud800": {}}\n', "application/yaml")
    assert response.status_code == 400
    assert response.json["message"].startswith("the document is not valid YAML: ")
    assert "found invalid Unicode character escape code" in response.json["message"]


@pytest.mark.parametrize(
    ("date", "reason"),
    [("2020-13-45", "month must be in 1..12"), ("2021-02-30", "day is out of range for month")],
)
def test_a_yaml_fixture_document_with_an_impossible_date_is_invalid_yaml(
    client: Client, date: str, reason: str
) -> None:
    # PyYAML reads a timestamp with `datetime`, whose ValueError was a 500.
    text = f"workspaces:\n  ci:\n    rapidpro:\n      when: {date}\n"
    response = post(client, "fixtures", text, "application/yaml")
    assert (response.status_code, response.json) == (
        400,
        {
            "code": 400,
            "status": "Bad Request",
            "message": f"the document is not valid YAML: {reason}",
        },
    )
