"""The Express stack's fields for values a handler destructures and uses as sent
(`AsSent`, `AnyObject`, `Destructured`'s `absent` and `later`, `read_value`), its form
reading at "files", and messages that quote a value sent (FlowBot's phone number)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from sandbox.core.stacks import express
from sandbox.platforms.flowbot import inputs


class Refused(Exception):
    """What the test stack raises: the message it was given."""


def refuse(message: str) -> Refused:
    return Refused(message)


STACK = express.Stack(invalid_json=refuse, too_large=Refused)


class Trigger(express.Input):
    flowId = express.AsSent(required=True)
    data = express.AnyObject(absent=dict)
    params = inputs.TemplateParams(later=True)


def load(given: dict[str, Any]) -> dict[str, Any]:
    return express.load(Trigger, given, refuse)


@pytest.mark.parametrize("value", [None, 7, 1.5, True, [1], {"a": 1}, "x"])
def test_a_value_used_as_sent_is_handed_on_unchanged(value: Any) -> None:
    assert load({"flowId": value})["flowId"] == value


def test_an_absent_value_is_the_destructuring_default_a_new_one_each_time() -> None:
    first, second = load({"flowId": "f"}), load({"flowId": "f"})
    assert first == {"flowId": "f", "data": {}}
    assert first["data"] is not second["data"]


@pytest.mark.parametrize("value", [None, [], "x", 1, True])
def test_anything_but_an_object_null_too_is_no_object(value: Any) -> None:
    with pytest.raises(Refused) as raised:
        load({"flowId": "f", "data": value})
    assert str(raised.value) == "data must be an object"


def test_a_value_read_later_is_handed_on_unread_then_read_when_asked() -> None:
    loaded = load({"flowId": "f", "params": 5})
    assert loaded["params"] == 5
    with pytest.raises(Refused) as raised:
        express.read_value(inputs.TemplateParams(), "params", loaded, refuse)
    assert str(raised.value) == "params must be an array of strings"
    assert express.read_value(inputs.TemplateParams(), "params", {}, refuse) == []


def test_a_message_names_its_value_only_where_it_starts_with_the_placeholder() -> None:
    assert express.first_message({"a": {"b": [":attribute is required"]}}) == "a.b is required"
    quoted = "Invalid phone number: :attribute. Use E.164 format, e.g. +972501234567"
    assert express.first_message({"phone": [quoted]}) == quoted


def test_a_phone_number_sent_as_the_placeholder_is_quoted_as_sent() -> None:
    with pytest.raises(Refused) as raised:
        express.read_value(inputs.Phone(), "phone", {"phone": ":attribute"}, refuse)
    assert str(raised.value) == (
        "Invalid phone number: :attribute. Use E.164 format, e.g. +972501234567"
    )


class Prompt(express.Input):
    prompt = express.AsSent()


@pytest.mark.parametrize(
    ("data", "mimetype", "expected"),
    [
        ({"prompt": "p"}, "multipart/form-data", {"prompt": "p"}),
        ({"prompt": "p"}, "application/x-www-form-urlencoded", {"prompt": "p"}),
        (b'{"prompt": 5}', "application/json", {"prompt": 5}),
        (b'{"prompt": 5}', "text/plain", {}),
        (b"[1]", "application/json", {}),
    ],
)
def test_an_upload_reads_the_forms_text_fields_else_the_json_body(
    data: Any, mimetype: str, expected: dict[str, Any]
) -> None:
    app = Flask(__name__)
    with app.test_request_context("/", method="POST", data=data, content_type=mimetype):
        assert STACK.read(Prompt, "files") == expected
