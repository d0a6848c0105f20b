"""The kit's calls to a flow-sandbox's control API carry the sandbox's control token, read
from the variable `flow-sandbox serve` reads it from."""

from __future__ import annotations

import pytest
from werkzeug.test import Client

from conformance.sandbox_control import control_headers, control_url
from tests.conftest import MakeApp


def test_the_control_api_is_beside_the_platforms_base_url() -> None:
    assert control_url("http://127.0.0.1:8123/flowbot", "flowbot") == (
        "http://127.0.0.1:8123/_sandbox"
    )


def test_without_the_variable_no_token_is_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOW_SANDBOX_CONTROL_TOKEN", "")

    assert control_headers() == {}


def test_the_token_in_the_variable_opens_a_guarded_sandbox(
    monkeypatch: pytest.MonkeyPatch, make_app: MakeApp
) -> None:
    monkeypatch.setenv("FLOW_SANDBOX_CONTROL_TOKEN", "kit-token")
    client = Client(make_app(control_token="kit-token"))
    query = {"platform": "flowbot", "conversation": "+972541234567"}

    refused = client.get("/_sandbox/outbox", query_string=query)
    response = client.get("/_sandbox/outbox", query_string=query, headers=control_headers())

    assert control_headers() == {"Authorization": "Bearer kit-token"}
    assert refused.status_code == 401
    assert (response.status_code, response.json) == (
        404,
        {
            "code": 404,
            "status": "Not Found",
            "message": "no conversation '+972541234567'",
        },
    )
