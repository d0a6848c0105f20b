"""Bodies Python's json reads badly are FlowBot's `400 Invalid JSON body`, never a 500
(issue 13 §3); an integer too long for Python is a double, as JSON.parse reads it
(assumed, docs/flowbot-fidelity.md)."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import TestResponse

from tests.platforms.flowbot.helpers import LEADS, USERNAME, FlowBotClient, error

DEPTH = 100_000
INVALID_JSON = error("Invalid JSON body")
NEW_PHONE = "+972541234567"


def send(client: FlowBotClient, path: str, data: str | bytes) -> TestResponse:
    headers = {"Content-Type": "application/json"}
    return client.post(path, data=data, headers=headers)


def conversations(client: FlowBotClient) -> dict[str, dict[str, Any]]:
    return {c["waPhoneNumber"]: c for c in client.get("/api/conversations", limit=200).json}


@pytest.mark.parametrize(
    "data",
    [
        "[" * DEPTH + "]" * DEPTH,
        '{"a": ' * DEPTH + "1" + "}" * DEPTH,
        f'{{"username": "{USERNAME}", "password": ' + "[" * DEPTH + "]" * DEPTH + "}",
    ],
    ids=["arrays", "objects", "in-a-field"],
)
def test_a_body_nested_too_deep_is_invalid_json(anonymous: FlowBotClient, data: str) -> None:
    response = send(anonymous, "/api/auth/login", data)
    assert (response.status_code, response.json) == (400, INVALID_JSON)


@pytest.mark.parametrize("levels", [257, 600])
def test_a_lead_nested_deeper_than_the_sandbox_stores_is_refused(
    noa: FlowBotClient, levels: int
) -> None:
    # A lead keeps its fields as they are: 600 levels parsed, then failed to be stored.
    inner = levels - 1
    data = f'{{"phone": "{NEW_PHONE}", "x": ' + "[" * inner + "]" * inner + "}"
    response = send(noa, f"/api/webhook/flow/{LEADS}/lead", data)
    assert (response.status_code, response.json) == (400, INVALID_JSON)
    assert NEW_PHONE not in conversations(noa)


def test_a_lead_of_256_levels_is_stored(noa: FlowBotClient) -> None:
    data = f'{{"phone": "{NEW_PHONE}", "x": ' + "[" * 255 + "]" * 255 + "}"
    response = send(noa, f"/api/webhook/flow/{LEADS}/lead", data)
    assert (response.status_code, response.json["variables"]) == (200, ["phone", "x"])
    assert NEW_PHONE in conversations(noa)


def test_an_integer_of_a_million_digits_is_a_number(anonymous: FlowBotClient) -> None:
    # JSON.parse reads it as Infinity, which is no password.
    data = f'{{"username": "{USERNAME}", "password": {"9" * 1_000_000}}}'
    response = send(anonymous, "/api/auth/login", data)
    assert (response.status_code, response.json) == (
        400,
        error("Username and password are required"),
    )


@pytest.mark.parametrize(
    "name",
    ["H\\ud800x", "H\\udfffx", "\\ud83d\\ud83d\\ude00"],
    ids=["high", "low", "high-then-pair"],
)
def test_a_lone_surrogate_is_refused_before_anything_is_stored(
    noa: FlowBotClient, name: str
) -> None:
    data = f'{{"phone": "{NEW_PHONE}", "name": "{name}"}}'
    response = send(noa, f"/api/webhook/flow/{LEADS}/lead", data)
    assert (response.status_code, response.json) == (400, INVALID_JSON)
    assert NEW_PHONE not in conversations(noa)


def test_a_surrogate_pair_is_one_character(noa: FlowBotClient) -> None:
    data = f'{{"phone": "{NEW_PHONE}", "name": "Hi \\ud83d\\ude00"}}'
    response = send(noa, f"/api/webhook/flow/{LEADS}/lead", data)
    assert response.status_code == 200
    assert conversations(noa)[NEW_PHONE]["customerName"] == "Hi \U0001f600"


def test_a_byte_order_mark_is_dropped(noa: FlowBotClient) -> None:
    data = f'\ufeff{{"phone": "{NEW_PHONE}", "name": "Tamar"}}'.encode()
    response = send(noa, f"/api/webhook/flow/{LEADS}/lead", data)
    assert response.status_code == 200
    assert conversations(noa)[NEW_PHONE]["customerName"] == "Tamar"


def test_a_limit_of_thousands_of_digits_is_capped_like_any_large_one(noa: FlowBotClient) -> None:
    # JavaScript reads it as Infinity; min(Infinity, 200) is 200 (was int()'s 500).
    huge = noa.get("/api/conversations", limit="9" * 5000)
    assert (huge.status_code, huge.json) == (200, noa.get("/api/conversations", limit=200).json)
