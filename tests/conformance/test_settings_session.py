"""Unit tests of the kit's settings (command line, environment, defaults), rate limiting and
request bookkeeping, and of how the command hands over to pytest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

import conformance.session
from conformance.cli import EXIT_CODES, KIT_DIR, PLUGINS, _pytest_args
from conformance.options import GENERAL, Option, env_flag
from conformance.platforms import PLATFORM_OPTIONS, Created
from conformance.platforms.rapidpro import KIT as RAPIDPRO
from conformance.session import ApiSession, RateLimiter, parse_rate
from conformance.settings import Settings, build, resolve

# -- rate limits ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("100/m", (100, 60.0)),
        ("5/s", (5, 1.0)),
        ("2000/h", (2000, 3600.0)),
        (" 3 / minute ", (3, 60.0)),
        ("1/sec", (1, 1.0)),
        ("7/second", (7, 1.0)),
        ("10/min", (10, 60.0)),
        ("60/hour", (60, 3600.0)),
    ],
)
def test_parse_rate_reads_count_and_period(text: str, parsed: tuple[int, float]) -> None:
    assert parse_rate(text) == parsed


@pytest.mark.parametrize("text", ["fast", "", "0/s", "-1/s", "1.5/s", "10/d", "10 per m", "m/10"])
def test_parse_rate_refuses_anything_else_naming_the_forms(text: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_rate(text)
    assert str(error.value) == f"rate limit {text!r} must look like 100/m, 5/s or 2000/h"


class FakeClock:
    """Stands in for the `time` module: time passes only when slept (or advanced)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(conformance.session, "time", fake)
    return fake


def test_requests_are_spaced_evenly(clock: FakeClock) -> None:
    limiter = RateLimiter(*parse_rate("5/s"))
    for _ in range(4):
        limiter.wait()
    # The first goes at once; each next one a fifth of a second after the one before.
    assert clock.slept == pytest.approx([0.2, 0.2, 0.2])


def test_no_wait_when_requests_are_already_far_apart(clock: FakeClock) -> None:
    limiter = RateLimiter(*parse_rate("100/m"))  # one every 0.6 s
    limiter.wait()
    clock.now += 0.5
    limiter.wait()
    assert clock.slept == pytest.approx([0.1])
    clock.now += 10
    limiter.wait()
    limiter.wait()
    assert clock.slept == pytest.approx([0.1, 0.6])


def test_a_session_waits_for_its_limiter_before_each_request(
    clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[str] = []

    def fake_send(self: requests.Session, method: str, url: str, **kwargs: Any) -> Any:
        sent.append(f"{method} {url} at {clock.now:.1f}")
        return answer(200, b"[]", "GET", url)

    monkeypatch.setattr(requests.Session, "request", fake_send)
    session = ApiSession(RAPIDPRO, "http://target.test/rapidpro", rate_limit="2/s")
    for _ in range(3):
        session.request("GET", "http://target.test/rapidpro/api/v2/contacts.json")
    session.close()
    url = "http://target.test/rapidpro/api/v2/contacts.json"
    assert sent == [f"GET {url} at 1000.0", f"GET {url} at 1000.5", f"GET {url} at 1001.0"]
    assert session.requests_sent == 3


# -- what a run created -------------------------------------------------------------------


def answer(status: int, body: bytes, method: str, url: str) -> requests.Response:
    """A response as requests builds it, with the request it answers."""
    response = requests.Response()
    response.status_code = status
    response._content = body
    response.encoding = "utf-8"
    response.request = requests.Request(method, url).prepare()
    response.url = url
    return response


@pytest.fixture
def session() -> Iterator[ApiSession]:
    api = ApiSession(RAPIDPRO, "http://target.test/rapidpro/")
    yield api
    api.close()


def test_created_objects_are_remembered_by_their_id(session: ApiSession) -> None:
    base = "http://target.test/rapidpro/api/v2"
    uuid = "5f1a0e55-2b2c-4b5e-9d3c-6b8e6f1c2a10"
    for endpoint, body in [
        ("contacts", f'{{"uuid": "{uuid}"}}'.encode()),
        ("groups", b'{"uuid": "g-1", "name": "x"}'),
        ("fields", b'{"key": "nick", "label": "Nick"}'),
    ]:
        session._remember(answer(201, body, "POST", f"{base}/{endpoint}.json"))
    assert session.created == [
        Created("contacts", uuid),
        Created("groups", "g-1"),
        Created("fields", "nick"),
    ]


@pytest.mark.parametrize(
    ("status", "body", "method", "url"),
    [
        (200, b'{"uuid": "u"}', "POST", "http://target.test/rapidpro/api/v2/contacts.json"),
        (201, b'{"uuid": "u"}', "GET", "http://target.test/rapidpro/api/v2/contacts.json"),
        (201, b'{"uuid": "u"}', "POST", "http://target.test/other/api/v2/contacts.json"),
        (201, b'{"uuid": "u"}', "POST", "http://target.test/rapidpro/api/v2/flows.json"),
        (201, b'{"name": "no id"}', "POST", "http://target.test/rapidpro/api/v2/groups.json"),
        (201, b'{"uuid": null}', "POST", "http://target.test/rapidpro/api/v2/groups.json"),
        (201, b"not json", "POST", "http://target.test/rapidpro/api/v2/groups.json"),
        (201, b'["u"]', "POST", "http://target.test/rapidpro/api/v2/groups.json"),
    ],
)
def test_only_creations_under_the_base_url_are_remembered(
    session: ApiSession, status: int, body: bytes, method: str, url: str
) -> None:
    session._remember(answer(status, body, method, url))
    assert session.created == []


# -- settings -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No option's environment variable is set unless a test sets it."""
    for option in (*GENERAL, *PLATFORM_OPTIONS):
        if option.env:
            monkeypatch.delenv(option.env, raising=False)


NUMBER = Option("--number", "A number.", env="FSBX_TEST_NUMBER", type=int, default=5)
FLAG = Option("--flag", "A flag.", env="FSBX_TEST_FLAG", flag=True)


def test_the_command_line_beats_the_environment_which_beats_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FSBX_TEST_NUMBER", raising=False)
    assert resolve(NUMBER, None) == 5
    monkeypatch.setenv("FSBX_TEST_NUMBER", "7")
    assert resolve(NUMBER, None) == 7
    assert resolve(NUMBER, 3) == 3
    monkeypatch.setenv("FSBX_TEST_NUMBER", "")  # set but empty: as if unset
    assert resolve(NUMBER, None) == 5


def test_an_invalid_environment_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FSBX_TEST_NUMBER", "many")
    with pytest.raises(ValueError) as error:
        resolve(NUMBER, None)
    assert str(error.value) == (
        "FSBX_TEST_NUMBER='many' is not valid: invalid literal for int() with base 10: 'many'"
    )


@pytest.mark.parametrize(
    ("given", "env", "expected"),
    [
        (False, None, False),
        (True, None, True),
        (False, "1", True),
        (False, "true", True),
        (False, " Yes ", True),
        (False, "ON", True),
        (False, "0", False),
        (False, "false", False),
        (False, "no", False),
        (False, "", False),
        (True, "0", True),
    ],
)
def test_flags_are_on_from_the_command_line_or_the_environment(
    monkeypatch: pytest.MonkeyPatch, given: bool, env: str | None, expected: bool
) -> None:
    if env is None:
        monkeypatch.delenv("FSBX_TEST_FLAG", raising=False)
    else:
        monkeypatch.setenv("FSBX_TEST_FLAG", env)
    assert resolve(FLAG, given) is expected


def test_env_flag_values() -> None:
    assert [env_flag(v) for v in ("1", "TRUE", "yes", "on", None, "", "off", "2")] == [
        True,
        True,
        True,
        True,
        False,
        False,
        False,
        False,
    ]


def given(**values: Any) -> Any:
    """A `lookup` for build(): the parsed command line (None where not given)."""
    return lambda dest: values.get(dest)


def test_build_with_nothing_given_uses_the_defaults() -> None:
    settings = build("rapidpro", tuple(RAPIDPRO.options), given())
    assert settings == Settings(
        platform="rapidpro",
        base_url=None,
        read_only=False,
        include_permanent=False,
        max_examples=10,
        seed=None,
        report_dir=Path("conformance-report"),
        rate_limit=None,
        platform_options={"rapidpro_token": None, "rapidpro_profile": "weni"},
        secrets=(),
    )
    assert settings.in_process is True


def test_build_from_the_command_line() -> None:
    settings = build(
        "rapidpro",
        tuple(RAPIDPRO.options),
        given(
            base_url="https://flows.example.com/",
            read_only=True,
            max_examples=3,
            seed=9,
            report_dir="out",
            rate_limit="5/s",
            rapidpro_token="tok-cli",
            rapidpro_profile="upstream",
        ),
    )
    assert settings == Settings(
        platform="rapidpro",
        base_url="https://flows.example.com",
        read_only=True,
        include_permanent=False,
        max_examples=3,
        seed=9,
        report_dir=Path("out"),
        rate_limit="5/s",
        platform_options={"rapidpro_token": "tok-cli", "rapidpro_profile": "upstream"},
        secrets=("tok-cli",),
    )
    assert settings.in_process is False
    assert settings.option("rapidpro_profile") == "upstream"


def test_build_from_the_environment_where_the_command_line_is_silent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    environment = {
        "CONFORMANCE_BASE_URL": "http://127.0.0.1:8000/rapidpro",
        "CONFORMANCE_READ_ONLY": "yes",
        "CONFORMANCE_INCLUDE_PERMANENT": "1",
        "CONFORMANCE_MAX_EXAMPLES": "4",
        "CONFORMANCE_SEED": "11",
        "CONFORMANCE_REPORT_DIR": "env-reports",
        "CONFORMANCE_RATE_LIMIT": "100/m",
        "RAPIDPRO_TOKEN": "tok-env",
        "RAPIDPRO_PROFILE": "upstream",
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings = build(
        "rapidpro", tuple(RAPIDPRO.options), given(max_examples=2, rapidpro_token="tok-cli")
    )
    assert settings == Settings(
        platform="rapidpro",
        base_url="http://127.0.0.1:8000/rapidpro",
        read_only=True,
        include_permanent=True,
        max_examples=2,
        seed=11,
        report_dir=Path("env-reports"),
        rate_limit="100/m",
        platform_options={"rapidpro_token": "tok-cli", "rapidpro_profile": "upstream"},
        secrets=("tok-cli",),
    )


def test_build_refuses_an_unknown_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError) as error:
        build("rapidpro", tuple(RAPIDPRO.options), given(rapidpro_profile="nyaruka"))
    assert str(error.value) == "--rapidpro-profile must be one of weni, upstream, not 'nyaruka'"
    monkeypatch.setenv("RAPIDPRO_PROFILE", "foo")
    with pytest.raises(ValueError) as error:
        build("rapidpro", tuple(RAPIDPRO.options), given())
    assert str(error.value) == "--rapidpro-profile must be one of weni, upstream, not 'foo'"


def test_build_refuses_fewer_than_one_example() -> None:
    with pytest.raises(ValueError) as error:
        build("rapidpro", tuple(RAPIDPRO.options), given(max_examples=0))
    assert str(error.value) == "--max-examples must be at least 1"


def test_the_token_is_documented_with_its_environment_variable_and_secret() -> None:
    (token,) = [option for option in RAPIDPRO.options if option.dest == "rapidpro_token"]
    assert (token.name, token.env, token.secret) == ("--rapidpro-token", "RAPIDPRO_TOKEN", True)
    assert token.help_text().endswith("[env: RAPIDPRO_TOKEN]")
    envs = {option.name: option.env for option in GENERAL}
    assert envs == {
        "--base-url": "CONFORMANCE_BASE_URL",
        "--read-only": "CONFORMANCE_READ_ONLY",
        "--include-permanent": "CONFORMANCE_INCLUDE_PERMANENT",
        "--max-examples": "CONFORMANCE_MAX_EXAMPLES",
        "--seed": "CONFORMANCE_SEED",
        "--report-dir": "CONFORMANCE_REPORT_DIR",
        "--rate-limit": "CONFORMANCE_RATE_LIMIT",
    }


# -- the command ----------------------------------------------------------------------------


def test_the_command_passes_only_given_options_to_pytest() -> None:
    values = {
        "base_url": "http://127.0.0.1:8000/rapidpro",
        "read_only": True,
        "include_permanent": False,
        "max_examples": 3,
        "seed": None,
        "report_dir": None,
        "rate_limit": "5/s",
        "rapidpro_token": "tok",
        "rapidpro_profile": None,
    }
    assert _pytest_args("rapidpro", values, verbose=True) == [
        str(KIT_DIR),
        "--disable-plugin-autoload",
        "-p",
        "schemathesis.pytest.plugin",
        "-p",
        "_hypothesis_pytestplugin",
        "--platform",
        "rapidpro",
        "-v",
        "--tb=short",
        "--base-url",
        "http://127.0.0.1:8000/rapidpro",
        "--read-only",
        "--max-examples",
        "3",
        "--rate-limit",
        "5/s",
        "--rapidpro-token",
        "tok",
    ]
    assert _pytest_args("rapidpro", {}, verbose=False) == [
        str(KIT_DIR),
        *PLUGINS,
        "--platform",
        "rapidpro",
        "-q",
        "--tb=short",
    ]


def test_pytest_outcomes_become_the_documented_exit_codes() -> None:
    codes = [code for code in pytest.ExitCode if code.name != "MAX_WARNINGS_ERROR"]
    assert {code.name: EXIT_CODES[int(code)] for code in codes} == {
        "OK": 0,
        "TESTS_FAILED": 1,
        "INTERRUPTED": 130,
        "INTERNAL_ERROR": 2,
        "USAGE_ERROR": 2,
        "NO_TESTS_COLLECTED": 2,
    }
