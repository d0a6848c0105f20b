"""Bodies Python's json reads badly are FlowBot's `400 Invalid JSON body`, never a 500
(issue 13 §3); an integer too long for Python is a double, as JSON.parse reads it
(assumed, docs/flowbot-fidelity.md)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from werkzeug.test import Client, TestResponse

from tests.platforms.flowbot.helpers import LEADS, USERNAME, FlowBotClient, error, make_pdf

DEPTH = 10_000  # far past Python's recursion; 7 bytes a level stays under 100 kB
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


def test_an_integer_of_100_000_digits_is_a_number(anonymous: FlowBotClient) -> None:
    # JSON.parse reads it as Infinity, which is no password.
    data = f'{{"username": "{USERNAME}", "password": {"9" * 100_000}}}'
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


def padded_lead(size: int) -> str:
    """A lead body of exactly `size` bytes (ASCII), its `note` padded."""
    head, tail = f'{{"phone": "{NEW_PHONE}", "note": "', '"}'
    return head + "x" * (size - len(head) - len(tail)) + tail


def test_a_json_body_over_body_parsers_100_kb_is_413(noa: FlowBotClient) -> None:
    # express.json()'s default limit (assumed unchanged, docs/flowbot-fidelity.md).
    response = send(noa, f"/api/webhook/flow/{LEADS}/lead", padded_lead(100 * 1024 + 1))
    assert (response.status_code, response.json) == (413, error("request entity too large"))
    assert NEW_PHONE not in conversations(noa)


def test_a_json_body_of_100_kb_is_read(noa: FlowBotClient) -> None:
    response = send(noa, f"/api/webhook/flow/{LEADS}/lead", padded_lead(100 * 1024))
    assert (response.status_code, response.json["variables"]) == (200, ["phone", "note"])


def test_a_chunked_json_body_over_100_kb_is_413(anonymous: FlowBotClient) -> None:
    """Without a Content-Length, body-parser counts the bytes as they come."""
    body = io.BytesIO(f'{{"username": "{USERNAME}", "password": "{"x" * 110_000}"}}'.encode())
    response = anonymous.client.post(
        "/flowbot/api/auth/login",
        input_stream=body,
        headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},  # as a chunked server's is
    )
    assert (response.status_code, response.json) == (413, error("request entity too large"))


def test_a_multipart_upload_over_100_kb_is_no_json_body(noa: FlowBotClient) -> None:
    # Flow generation takes a file of up to 10 MB: body-parser's JSON limit is not its own.
    pdf = make_pdf(["Pizza Roma Menu", "We bake every pizza in a wood-fired oven."])
    padded = pdf + b"%" + b"x" * 150_000 + b"\n"  # a PDF comment after %%EOF
    data = {"prompt": "Build a flow from this document", "file": (io.BytesIO(padded), "m.pdf")}
    response = noa.client.post("/flowbot/api/flows/generate", data=data, headers=noa.headers)
    assert (response.status_code, response.json["flow"]["name"]) == (200, "Pizza Roma Menu")


def strict_json(text: str) -> Any:
    """JSON as any parser reads it: `Infinity` and `NaN` are not JSON."""

    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_a_lead_variable_too_long_for_python_is_written_as_null(
    client: Client, noa: FlowBotClient
) -> None:
    # JSON.parse reads it as Infinity; MongoDB keeps it; JSON.stringify writes null. The
    # export is JSON too (the API's answers show no variables).
    data = f'{{"phone": "{NEW_PHONE}", "score": {"9" * 5000}, "rank": -{"9" * 5000}}}'
    response = send(noa, f"/api/webhook/flow/{LEADS}/lead", data)
    assert (response.status_code, response.json["variables"]) == (200, ["phone", "score", "rank"])

    answer = noa.get("/api/conversations", limit=200)
    assert NEW_PHONE in [c["waPhoneNumber"] for c in strict_json(answer.get_data(as_text=True))]
    export = client.get("/_sandbox/export?workspace=default")
    document = strict_json(export.get_data(as_text=True))
    stored = document["workspaces"]["default"]["flowbot"]["conversations"]
    variables = next(c["variables"] for c in stored if c["waPhoneNumber"] == NEW_PHONE)
    assert variables == {"phone": NEW_PHONE, "score": None, "rank": None}
