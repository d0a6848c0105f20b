"""The Flow XO models' tricky parts, without HTTP: ObjectIds and times, response paths,
merged profiles and display names, the 24-hour window, and reading request values."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from sandbox.core.sandbox import Sandbox
from sandbox.platforms.flowxo.errors import InvalidInput
from sandbox.platforms.flowxo.models import FlowXO, inputs
from sandbox.platforms.flowxo.models.common import (
    js_iso,
    object_id,
    parse_time,
    response_path,
    split_path,
    url_encoded,
)
from sandbox.platforms.flowxo.models.end_users import EndUsers, display_name, merged_profile

UTC = timezone.utc


def account(sandbox: Sandbox) -> FlowXO:
    workspace = sandbox.workspaces.get("default")
    assert workspace is not None
    return FlowXO(sandbox.context(workspace))


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2021, 11, 12, 0, 5, 39, 329999, tzinfo=UTC), "2021-11-12T00:05:39.329Z"),
        (
            datetime(2026, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=-3))),
            "2026-03-01T12:00:00.000Z",
        ),
    ],
)
def test_times_are_written_as_to_iso_string_does(moment: datetime, text: str) -> None:
    assert js_iso(moment) == text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-02-01", datetime(2026, 2, 1, tzinfo=UTC)),
        ("2026-02-01T10:00:00", datetime(2026, 2, 1, 10, tzinfo=UTC)),
        ("2026-02-01T10:00:00-03:00", datetime(2026, 2, 1, 13, tzinfo=UTC)),
        (date(2026, 2, 1), datetime(2026, 2, 1, tzinfo=UTC)),
        (datetime(2026, 2, 1, 10), datetime(2026, 2, 1, 10, tzinfo=UTC)),
    ],
)
def test_times_are_read_as_new_date_reads_them(value: object, expected: datetime) -> None:
    assert parse_time(value) == expected


@pytest.mark.parametrize("value", ["", "tomorrow", "20260201", "2026-02-31", 1767225600, None])
def test_other_times_are_refused(value: object) -> None:
    with pytest.raises(ValueError):
        parse_time(value)


def test_an_object_id_starts_with_its_creation_time(sandbox: Sandbox, frozen: datetime) -> None:
    ctx = account(sandbox).ctx

    made = [object_id(ctx), object_id(ctx), object_id(ctx, "2021-11-12T00:05:39.329Z")]

    # Article 291's message of 2021-11-12T00:05:39.329Z has the id 618dafd33546c5802fd7991c.
    assert [m[:8] for m in made] == ["69a42a40", "69a42a40", "618dafd3"]
    assert len(set(made)) == 3
    assert all(len(m) == 24 for m in made)


def test_object_ids_are_reproducible_with_a_seed(sandbox: Sandbox, frozen: datetime) -> None:
    ctx = account(sandbox).ctx
    sandbox.ids.reseed(7)
    first = object_id(ctx)
    sandbox.ids.reseed(7)

    assert object_id(ctx) == first


@pytest.mark.parametrize(
    ("path", "parts"),
    [
        ("60105b74d2b084f0b80bd45a/c/876631178", ("60105b74d2b084f0b80bd45a", "876631178")),
        ("b/c/x/c/y", ("b", "x/c/y")),
        ("b/c/", None),
        ("/c/x", None),
        ("b/x", None),
    ],
)
def test_response_paths_split_at_their_first_separator(
    path: str, parts: tuple[str, str] | None
) -> None:
    assert split_path(path) == parts
    if parts is not None:
        assert response_path(*parts) == path


def test_id_url_encoded_is_encode_uri_component() -> None:
    assert url_encoded("60105b74d2b084f0b80bd45a/c/876631178") == (
        "60105b74d2b084f0b80bd45a%2Fc%2F876631178"
    )
    assert url_encoded("b/c/+1 555 (0)*!~'_.-") == "b%2Fc%2F%2B1%20555%20(0)*!~'_.-"


@pytest.mark.parametrize(
    ("override", "reported", "profile", "name"),
    [
        ({}, {}, {"user_name": None, "user_first_name": None, "user_last_name": None}, None),
        (
            {"user_first_name": "Jo"},
            {"user_name": "jdoe", "user_first_name": "John", "user_last_name": "Doe"},
            {"user_name": "jdoe", "user_first_name": "Jo", "user_last_name": "Doe"},
            "jdoe",
        ),
        (
            {"user_last_name": "Lee"},
            {"user_first_name": "Ana"},
            {"user_name": None, "user_first_name": "Ana", "user_last_name": "Lee"},
            "Ana Lee",
        ),
        (
            {"user_last_name": "Lee"},
            {},
            {"user_name": None, "user_first_name": None, "user_last_name": "Lee"},
            "Lee",
        ),
    ],
)
def test_the_api_profile_wins_over_the_channels(
    override: dict[str, str],
    reported: dict[str, str],
    profile: dict[str, str | None],
    name: str | None,
) -> None:
    user = {"profile": override, "channel_profile": reported}

    assert merged_profile(user) == profile
    assert display_name(user) == name


def test_the_window_is_open_for_24_hours_after_the_users_message(
    sandbox: Sandbox, frozen: datetime
) -> None:
    users = EndUsers(account(sandbox))
    user = {"last_inbound_at": "2026-03-01T12:00:00.000Z"}

    assert users.window_open(user)
    assert users.window_expires_at(user) == datetime(2026, 3, 2, 12, tzinfo=UTC)
    assert users.window_open(user, datetime(2026, 3, 2, 11, 59, 59, 999000, tzinfo=UTC))
    assert not users.window_open(user, datetime(2026, 3, 2, 12, tzinfo=UTC))
    assert not users.window_open({"last_inbound_at": None})
    assert users.window_expires_at({"last_inbound_at": None}) is None


@pytest.mark.parametrize(
    ("args", "name", "default", "minimum", "expected"),
    [
        ({}, "skip", 0, 0, 0),
        ({"skip": "0"}, "skip", 0, 0, 0),
        ({"skip": " 12 "}, "skip", 0, 0, 12),
        ({"limit": "100"}, "limit", 25, 1, 100),
    ],
)
def test_query_integers(
    args: dict[str, str], name: str, default: int, minimum: int, expected: int
) -> None:
    assert inputs.integer(args, name, default, minimum=minimum) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, None),
        ({"profile": None}, None),
        ({"profile": {}}, {}),
        (
            {"profile": {"user_name": 7, "user_last_name": ""}},
            {"user_name": "7", "user_last_name": None},
        ),
    ],
)
def test_profiles_are_read_field_by_field(body: dict[str, object], expected: object) -> None:
    assert inputs.profile(body, required=False) == expected


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1.0, "1"),
        (-0.0, "0"),
        (0.1, "0.1"),
        (1.5e-6, "0.0000015"),
        (1e-7, "1e-7"),
        (123456789012345680000.0, "123456789012345680000"),
        (1e21, "1e+21"),
        (2.5e22, "2.5e+22"),
    ],
)
def test_numbers_are_written_as_javascripts_string_does(number: float, text: str) -> None:
    assert inputs.js_number(number) == text


def test_a_boolean_is_not_text() -> None:
    with pytest.raises(InvalidInput) as raised:
        inputs.required_text({"channel": False}, "channel")

    assert (raised.value.code, raised.value.body) == (400, "channel must be a string")
