"""JSON answers written as Express's res.json writes them (the JavaScript stacks, through
`g.json_nonfinite_null`) and the control API's: a non-finite float is `null`, and an answer
without one is encoded once, whatever its strings say ("NaN", "Infinity")."""

from __future__ import annotations

import math
from typing import Any

import pytest
from flask import Flask, g

import sandbox.core.api as api
import sandbox.core.control as control
from sandbox.core.api import SandboxJSONProvider
from sandbox.core.control import ControlJSONProvider
from sandbox.core.jsontext import nonfinite_as_null

#: Strings a random API key or a message could hold.
WORDY = {"api_key": "xNaNq-Infinity7", "text": "NaN", "n": 1.5}


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The values each provider converted (`nonfinite_as_null`'s calls, counted)."""
    calls: list[Any] = []

    def counted(value: Any) -> Any:
        calls.append(value)
        return nonfinite_as_null(value)

    monkeypatch.setattr(api, "nonfinite_as_null", counted)
    monkeypatch.setattr(control, "nonfinite_as_null", counted)
    return calls


def express_dumps(value: Any, **options: Any) -> str:
    app = Flask(__name__)
    app.json = SandboxJSONProvider(app)
    with app.test_request_context():
        g.json_nonfinite_null = True
        return app.json.dumps(value, **options)


def control_dumps(value: Any) -> str:
    app = Flask(__name__)
    app.json = ControlJSONProvider(app)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    with app.app_context():
        return app.json.dumps(value, separators=(",", ":"))


@pytest.mark.parametrize(
    "options", [{"separators": (",", ":")}, {"indent": 2}, {"sort_keys": True}]
)
def test_an_express_answer_with_nan_in_a_string_is_encoded_once(
    conversions: list[Any], options: dict[str, Any]
) -> None:
    text = express_dumps(WORDY, **options)
    assert '"xNaNq-Infinity7"' in text and '"NaN"' in text
    assert conversions == []


def test_a_control_answer_with_nan_in_a_string_is_encoded_once(conversions: list[Any]) -> None:
    assert control_dumps(WORDY) == '{"api_key":"xNaNq-Infinity7","text":"NaN","n":1.5}'
    assert conversions == []


def test_an_express_answer_writes_non_finite_floats_as_null(conversions: list[Any]) -> None:
    value = {"n": [math.inf, -math.inf, math.nan, 1.5], "text": "Infinity"}
    text = express_dumps(value, separators=(",", ":"))
    assert text == '{"n":[null,null,null,1.5],"text":"Infinity"}'
    assert conversions == [value]


def test_a_control_answer_writes_non_finite_floats_as_null(conversions: list[Any]) -> None:
    value = {"n": [math.inf, math.nan], "text": "NaN"}
    assert control_dumps(value) == '{"n":[null,null],"text":"NaN"}'
    assert conversions == [value]


def test_other_stacks_still_write_what_python_writes() -> None:
    app = Flask(__name__)
    app.json = SandboxJSONProvider(app)
    with app.test_request_context():
        assert app.json.dumps({"n": math.inf}, separators=(",", ":")) == '{"n":Infinity}'
