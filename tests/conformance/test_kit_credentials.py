"""Each platform kit's credential for a run: the key it is given, (given none) the message
that says how to give one, and where a request carries it. One table per check, a row per
platform; the platforms' other unit tests are in test_<platform>_kit.py (FlowBot's
credentials, a token or client credentials exchanged for one, are tested there)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from conformance.platforms import flochat, flowbot, flowxo, rapidpro, xerochat
from conformance.settings import Settings
from tests.conformance.kit_units import kit_settings, refusal

FLOCHAT_KEY = "3K0foRAJ8VK0pSIvPXw5VQZMoHrIxWUoQDCYc2lMpO0S"
FLOWXO_KEY = "eyJhbGciOiJIUzI1NiJ9.eyJfaWQiOiJ4In0.c2lnbmF0dXJl"
XEROCHAT_ADMIN = "1-AbcDefg1732147200HijKlmn"
FLOWBOT_TOKEN = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI2ZjFjMmI5ZSJ9.c2lnbmF0dXJlLW9mLWEtdGVzdA"
)

#: Each kit's options as a run has them when nothing gives its key.
UNSET: dict[str, dict[str, Any]] = {
    "flochat": {"flochat_api_key": None},
    "flowxo": {"flowxo_api_key": None},
    "rapidpro": {"rapidpro_token": None, "rapidpro_profile": "weni"},
    "xerochat": {"xerochat_admin_key": None},
}
KITS: dict[str, ModuleType] = {
    "flochat": flochat,
    "flowbot": flowbot,
    "flowxo": flowxo,
    "rapidpro": rapidpro,
    "xerochat": xerochat,
}


def credentials_of(platform: str, tmp_path: Path, **options: Any) -> Callable[[], Any]:
    """The kit's `credentials()` of a run with these options, to call."""
    given: Settings = kit_settings(platform, tmp_path, **{**UNSET[platform], **options})
    credentials: Callable[[Settings], Any] = KITS[platform].credentials
    return lambda: credentials(given)


@pytest.mark.parametrize(
    ("platform", "options", "expected"),
    [
        ("flochat", {"flochat_api_key": FLOCHAT_KEY}, {"key": FLOCHAT_KEY}),
        ("flowxo", {"flowxo_api_key": FLOWXO_KEY}, {"api_key": FLOWXO_KEY}),
        ("xerochat", {"xerochat_admin_key": XEROCHAT_ADMIN}, {"admin": XEROCHAT_ADMIN}),
    ],
)
def test_the_key_is_the_runs_credential(
    tmp_path: Path, platform: str, options: dict[str, str], expected: dict[str, str]
) -> None:
    assert credentials_of(platform, tmp_path, **options)() == expected


@pytest.mark.parametrize(
    ("platform", "options", "message"),
    [
        (
            "flochat",
            {"flochat_flow_scope_key": "flow-only"},
            "Flochat needs an API key with both scopes: give --flochat-api-key or set "
            "FLOCHAT_API_KEY",
        ),
        (
            "flowxo",
            {"flowxo_connection_id": "6617a0c2e4b0a1f2c3d4e5f6"},
            "Flow XO needs the account's API key: give --flowxo-api-key or set FLOWXO_API_KEY",
        ),
        ("rapidpro", {}, "RapidPro needs a token: give --rapidpro-token or set RAPIDPRO_TOKEN"),
        (
            "xerochat",
            {"xerochat_member_key": "2-x"},
            "XeroChat needs an admin's API key: give --xerochat-admin-key or set "
            "XEROCHAT_ADMIN_KEY",
        ),
    ],
)
def test_without_a_key_the_message_says_how_to_give_one(
    tmp_path: Path, platform: str, options: dict[str, str], message: str
) -> None:
    assert refusal(credentials_of(platform, tmp_path, **options)) == message


@pytest.mark.parametrize(
    ("platform", "credentials", "params", "own", "method"),
    [
        ("flochat", {"key": FLOCHAT_KEY}, {"user_ns": "f1u1"}, "Bearer other", "DELETE"),
        ("flowxo", {"api_key": FLOWXO_KEY}, {"limit": 5}, "Basic x", "PUT"),
        ("flowbot", {"token": FLOWBOT_TOKEN}, {"limit": 1}, "Bearer flow-token", "POST"),
    ],
)
def test_the_key_goes_in_a_bearer_header_unless_the_request_sets_its_own(
    platform: str, credentials: dict[str, str], params: dict[str, Any], own: str, method: str
) -> None:
    authorize: Callable[[str, dict[str, Any], dict[str, str]], None] = KITS[platform].authorize
    (bearer,) = credentials.values()
    given: dict[str, Any] = {"params": dict(params)}
    authorize("GET", given, credentials)
    assert given == {"params": params, "headers": {"Authorization": f"Bearer {bearer}"}}
    # A header the request sets itself wins (scenarios send other or wrong keys that way).
    its_own: dict[str, Any] = {"headers": {"Authorization": own}}
    authorize(method, its_own, credentials)
    assert its_own == {"headers": {"Authorization": own}}
