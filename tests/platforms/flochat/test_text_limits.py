"""Text a Flochat bot stores is limited as Laravel on MySQL limits it: `max:255` in front
of a VARCHAR(255) column, `max:65535` in front of a TEXT one, refused with Laravel's
message before anything is stored (a 10 MB name was stored before)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sandbox.core.sandbox import Sandbox
from tests.conftest import ROOT
from tests.platforms.flochat.helpers import FlochatClient, answer, error

LONG_NAME = "a" * 256
LONG_TEXT = "b" * 65536


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        (
            "/subscriber/create",
            {"phone": "+5511987654321", "first_name": LONG_NAME},
            "The first name must not be greater than 255 characters.",
        ),
        (
            "/subscriber/create",
            {"phone": "+5511987654321", "name": "x" * 10_000_000},
            "The name must not be greater than 255 characters.",
        ),
        (
            "/flow/create-tag",
            {"name": LONG_NAME},
            "The name must not be greater than 255 characters.",
        ),
        (
            "/flow/create-user-field",
            {"name": "City", "var_type": "text", "value": LONG_TEXT},
            "The value must not be greater than 65535 characters.",
        ),
    ],
)
def test_over_long_text_is_refused_and_not_stored(
    flochat: FlochatClient, sandbox: Sandbox, path: str, body: dict[str, Any], message: str
) -> None:
    assert answer(flochat.post(path, body), 400) == error(message)
    section = sandbox.export("default")["workspaces"]["default"].get("flochat", {})
    stored = [key for flow in section.get("flows", []) for key in flow]
    assert {"subscribers", "tags", "user_fields"} & set(stored) == set()


def test_text_at_the_limit_is_stored(flochat: FlochatClient) -> None:
    created = answer(
        flochat.post("/subscriber/create", {"phone": "+5511987654321", "name": "n" * 255})
    )
    assert created["name"] == "n" * 255


def test_the_spec_states_the_limits() -> None:
    spec = json.loads((ROOT / "specs/flochat.openapi.json").read_text(encoding="utf-8"))
    body = spec["paths"]["/subscriber/create"]["post"]["requestBody"]["content"]
    properties = body["application/json"]["schema"]
    if "$ref" in properties:
        properties = spec["components"]["schemas"][properties["$ref"].rsplit("/", 1)[1]]
    assert properties["properties"]["name"]["maxLength"] == 255
