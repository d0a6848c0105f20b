"""The shared JSON encoders write what `json.dumps` writes with the same options."""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any

import pytest

from sandbox.core.jsontext import text_encoder

VALUES: list[Any] = [
    {"b": 1, "a": [1, 2.5, None, True, False], "c": {"d": 'é ✓ \u2028 "quoted" \\ /'}},
    ["x", {"nested": [{"deep": [1, {"k": "v"}]}]}, -0.0, 1e300, 10**30],
    "a bare string with ünïcode",
    12,
    None,
    [math.inf, -math.inf],
    {},
    [],
    {2: "int key", True: "bool key", None: "null key", 1.5: "float key"},
]


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("ensure_ascii", [True, False])
@pytest.mark.parametrize("separators", [None, (",", ":")])
def test_text_is_what_json_dumps_writes(
    value: Any, ensure_ascii: bool, separators: tuple[str, str] | None
) -> None:
    encode = text_encoder(ensure_ascii=ensure_ascii, separators=separators)

    assert encode(value) == json.dumps(value, ensure_ascii=ensure_ascii, separators=separators)


def test_nan_and_indent_are_written_as_json_dumps_writes_them() -> None:
    assert text_encoder()([math.nan]) == "[NaN]"
    assert text_encoder(indent=2)({"a": [1]}) == json.dumps({"a": [1]}, indent=2)


@pytest.mark.parametrize("indent", [None, 2])  # the C encoder, and the Python one
def test_without_allow_nan_a_non_finite_number_fails_as_json_dumps_fails(
    indent: int | None,
) -> None:
    strict = text_encoder(indent=indent, allow_nan=False)
    for value in (math.inf, -math.inf, math.nan):
        with pytest.raises(ValueError, match="Out of range float values are not JSON compliant"):
            strict({"n": [value]})
    assert strict({"n": 1.5, "s": "NaN Infinity"}) == json.dumps(
        {"n": 1.5, "s": "NaN Infinity"}, indent=indent
    )


def test_the_default_hook_writes_other_values_and_a_failure_leaves_no_trace() -> None:
    encode = text_encoder(default=lambda value: value.isoformat())
    shared = {"on": date(2026, 1, 2)}

    with pytest.raises(AttributeError):
        encode({"list": [shared, object()]})  # fails half way, `shared` already entered

    # The same objects encode again: nothing of the failed call is remembered.
    assert encode({"list": [shared]}) == '{"list": [{"on": "2026-01-02"}]}'
    assert encode([shared, shared]) == '[{"on": "2026-01-02"}, {"on": "2026-01-02"}]'


def test_a_cycle_still_fails() -> None:
    cyclic: list[Any] = []
    cyclic.append(cyclic)

    with pytest.raises(RecursionError):
        text_encoder()(cyclic)
