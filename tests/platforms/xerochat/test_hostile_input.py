"""Hostile form and query values get XeroChat's own answers, never a 500 (issue 13 §3).

An id of thousands of digits is what PHP's (int) cast makes of it: PHP_INT_MAX (or
PHP_INT_MIN), which names no row. A JSON body, however deep, is no `$_POST` at all.
"""

from __future__ import annotations

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from sandbox.platforms.xerochat.models.common import mysql_int
from tests.platforms.xerochat.helpers import XeroChatClient, assert_refused, error

pytestmark = pytest.mark.usefixtures("installed")

HUGE = "9" * 5000


@pytest.mark.parametrize("user_id", [HUGE, f"-{HUGE}", f"{HUGE}abc"])
def test_a_user_id_of_thousands_of_digits_names_no_user(
    admin: XeroChatClient, user_id: str
) -> None:
    response = admin.get("get_user_info", user_id=user_id)
    assert (response.status_code, response.json) == (200, error("No Matching User Found"))


def test_update_user_with_an_id_of_thousands_of_digits(
    admin: XeroChatClient, sandbox: Sandbox
) -> None:
    refusal = error(f"User not found with the ID: {HUGE}")
    assert_refused(sandbox, admin, refusal, f"update_user/{HUGE}", name="X")


def test_a_package_id_of_thousands_of_digits_names_no_package(
    admin: XeroChatClient, sandbox: Sandbox
) -> None:
    ze = {"name": "Zé", "email": "ze@example.com", "password": "secret"}
    form = {**ze, "mobile": "5511900000000", "package_id": HUGE, "expired_date": "2030-01-01"}
    assert_refused(sandbox, admin, error("Package ID not found"), "create_system_user", **form)


def test_a_json_body_nested_deep_is_no_form(client: Client, admin: XeroChatClient) -> None:
    response = client.post(
        "/xerochat/api/create_system_user",
        data=f'{{"api_key": "{admin.key}", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
        content_type="application/json",
    )
    assert (response.status_code, response.json) == (200, error("API Key is required"))


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("9223372036854775807", 2**63 - 1),
        ("9223372036854775808", 2**63 - 1),
        ("-9223372036854775809", -(2**63)),
        (HUGE, 2**63 - 1),
        (f"  -{HUGE}x", -(2**63)),
        ("12abc", 12),
        ("abc", 0),
    ],
)
def test_mysql_int_saturates_as_php_does(value: str, number: int) -> None:
    assert mysql_int(value) == number
