"""Bodies Python's json reads badly get body-parser's 400, never a 500 (issue 13 §3).

body-parser answers `400 {"message": err.message}` for whatever `JSON.parse` throws.
Assumed where Python and V8 part (docs/flowxo-fidelity.md): a body nested too deep for
Python is the RangeError of a recursing JSON.parse, an integer too long for Python is a
double as V8 reads it, and a lone surrogate escape is refused before anything is stored.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from sandbox.app import SandboxApp
from sandbox.core.sandbox import Sandbox
from tests.platforms.flowxo.helpers import DEMO_KEY, SHOP_BOT, WELCOME, FlowXOClient, answer

pytestmark = pytest.mark.usefixtures("seeded")

DEPTH = 10_000  # far past Python's recursion; 7 bytes a level stays under 100 kB
TOO_DEEP = {"message": "Maximum call stack size exceeded"}


def exported(sandbox: Sandbox) -> dict[str, Any]:
    return sandbox.export("default")["workspaces"]["default"]["flowxo"]


@pytest.mark.parametrize(
    "data",
    [
        "[" * DEPTH + "]" * DEPTH,
        '{"a": ' * DEPTH + "1" + "}" * DEPTH,
        f'{{"connection": "{SHOP_BOT}", "channel": "1", "x": ' + "[" * DEPTH + "]" * DEPTH + "}",
        # The sandbox's own limit (docs/flowxo-fidelity.md): 257 levels in all.
        f'{{"connection": "{SHOP_BOT}", "channel": "1", "x": ' + "[" * 256 + "]" * 256 + "}",
    ],
    ids=["arrays", "objects", "in-a-field", "257-levels"],
)
def test_a_body_nested_too_deep_is_400(flowxo: FlowXOClient, sandbox: Sandbox, data: str) -> None:
    before = exported(sandbox)
    assert answer(flowxo.post("/api/end_users", data=data)) == (400, TOO_DEEP)
    assert answer(flowxo.put(f"/api/workflows/{WELCOME}", data=data)) == (400, TOO_DEEP)
    assert exported(sandbox) == before


def test_256_levels_are_read(flowxo: FlowXOClient) -> None:
    data = f'{{"connection": "{SHOP_BOT}", "channel": "5550001", "x": ' + "[" * 255 + "]" * 255
    status, created = answer(flowxo.post("/api/end_users", data=data + "}"))
    assert (status, created["end_user"]["response_path"]) == (200, f"{SHOP_BOT}/c/5550001")


def test_an_integer_of_100_000_digits_is_a_number(flowxo: FlowXOClient) -> None:
    # JSON.parse reads it as Infinity, which is no boolean.
    data = '{"active": ' + "9" * 100_000 + "}"
    response = flowxo.put(f"/api/workflows/{WELCOME}", data=data)
    assert answer(response) == (400, {"message": "active must be a boolean"})


def test_a_key_nobody_reads_may_hold_100_000_digits(flowxo: FlowXOClient) -> None:
    data = f'{{"connection": "{SHOP_BOT}", "channel": "5550001", "x": -{"1" * 100_000}}}'
    status, created = answer(flowxo.post("/api/end_users", data=data))
    assert (status, created["end_user"]["response_path"]) == (200, f"{SHOP_BOT}/c/5550001")


@pytest.mark.parametrize(
    ("data", "position"),
    [
        (f'{{"connection": "{SHOP_BOT}", "channel": "H\\ud800x"}}', 56),
        (f'{{"connection": "{SHOP_BOT}", "channel": "H\\uDC00x"}}', 56),
        (
            f'{{"connection": "{SHOP_BOT}", "channel": "1", '
            '"profile": {"user_first_name": "H\\ud800x"}}',
            92,
        ),
    ],
    ids=["high", "low", "in-the-profile"],
)
def test_a_lone_surrogate_is_refused_before_anything_is_stored(
    flowxo: FlowXOClient, sandbox: Sandbox, data: str, position: int
) -> None:
    before = exported(sandbox)
    assert answer(flowxo.post("/api/end_users", data=data)) == (
        400,
        {"message": f"Bad Unicode escape in JSON at position {position}"},
    )
    assert exported(sandbox) == before


def test_a_surrogate_pair_is_one_character(flowxo: FlowXOClient) -> None:
    data = (
        f'{{"connection": "{SHOP_BOT}", "channel": "1", '
        '"profile": {"user_first_name": "Hi \\ud83d\\ude00"}}'
    )
    status, created = answer(flowxo.post("/api/end_users", data=data))
    assert (status, created["end_user"]["profile"]["user_first_name"]) == (200, "Hi \U0001f600")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("skip", "skip must be a non-negative integer"),
        ("limit", "limit must be a positive integer"),
    ],
)
@pytest.mark.parametrize("digits", [309, 5000])
def test_a_query_count_javascript_reads_as_infinity_is_400(
    flowxo: FlowXOClient, name: str, message: str, digits: int
) -> None:
    response = flowxo.get("/api/conversations", **{name: "9" * digits})
    assert answer(response) == (400, {"message": message})


def padded_user(size: int) -> str:
    """An end-user body of exactly `size` bytes (ASCII), its user name padded."""
    head = f'{{"connection": "{SHOP_BOT}", "channel": "5550001", "profile": {{"user_name": "'
    tail = '"}}'
    return head + "x" * (size - len(head) - len(tail)) + tail


def test_a_json_body_over_body_parsers_100_kb_is_413(
    flowxo: FlowXOClient, sandbox: Sandbox
) -> None:
    # express.json()'s default limit (assumed unchanged, docs/flowxo-fidelity.md).
    before = exported(sandbox)
    response = flowxo.post("/api/end_users", data=padded_user(100 * 1024 + 1))
    assert answer(response) == (413, {"message": "request entity too large"})
    assert exported(sandbox) == before


def test_a_json_body_of_100_kb_is_read(flowxo: FlowXOClient) -> None:
    status, created = answer(flowxo.post("/api/end_users", data=padded_user(100 * 1024)))
    assert (status, created["end_user"]["response_path"]) == (200, f"{SHOP_BOT}/c/5550001")


def test_answers_write_non_finite_numbers_as_null(sandbox_app: SandboxApp) -> None:
    # No Flow XO answer echoes a number as sent today (numbers are read as text), but the
    # writer is Express's res.json: JSON.stringify writes Infinity and NaN as null.
    app = sandbox_app.platform_apps["flowxo"]
    value = {"n": [math.inf, -math.inf, math.nan, 1.5], "text": "Infinity"}
    with app.test_request_context(
        "/api/workflows/simple", headers={"Authorization": f"Bearer {DEMO_KEY}"}
    ):
        app.preprocess_request()
        response = app.json.response(value)
    assert response.get_data(as_text=True) == '{"n":[null,null,null,1.5],"text":"Infinity"}'
