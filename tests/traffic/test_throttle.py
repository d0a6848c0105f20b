"""Vendor throttling (issue 15 §3): off by default, the documented rates with `--throttle`,
a workspace's own on / off and rates from its fixture section, counted per workspace and
scope on the sandbox clock, answered with the platform's 429 and DRF's Retry-After."""

from __future__ import annotations

import socket
from collections import deque
from datetime import datetime, timedelta
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner
from werkzeug.test import Client, TestResponse

from sandbox import server
from sandbox.app import SandboxApp
from sandbox.cli import main
from sandbox.core.fixtures import FixtureError
from sandbox.core.traffic.exchange import Exchange
from sandbox.core.traffic.throttle import Rate, Throttle, find, rates_of
from sandbox.platforms.rapidpro.rates import RATES as RAPIDPRO_RATES
from tests.conftest import DEMO, FROZEN_AT, RAPIDPRO_AUTH, MakeApp

CONTACTS = "/rapidpro/api/v2/contacts.json"
GROUPS = "/rapidpro/api/v2/groups.json"
FLOCHAT_AUTH = {"Authorization": f"Bearer {DEMO['flochat']['api_key']}"}


def throttled(app: SandboxApp, workspace: str, setting: Any) -> None:
    """Load `workspace` with only a throttle setting (its data emptied, as a load does)."""
    app.sandbox.load_fixtures({"workspaces": {workspace: {"throttle": setting}}})


def at(app: SandboxApp, seconds: float) -> None:
    """Put the frozen sandbox clock `seconds` after FROZEN_AT."""
    app.sandbox.clock.freeze(FROZEN_AT + timedelta(seconds=seconds))


def get(client: Client, path: str = CONTACTS, **headers: str) -> TestResponse:
    return client.get(path, headers={**RAPIDPRO_AUTH, **headers})


def statuses(client: Client, count: int, path: str = CONTACTS) -> list[int]:
    return [get(client, path).status_code for _ in range(count)]


def throttle_of(app: SandboxApp) -> Throttle:
    found = find(app.sandbox.traffic)
    assert found is not None
    return found


@pytest.fixture
def app(sandbox_app: SandboxApp, frozen: datetime) -> SandboxApp:
    return sandbox_app


@pytest.fixture
def client(app: SandboxApp) -> Client:
    return Client(app)


# -- off by default -------------------------------------------------------------------


def test_off_by_default_the_gate_is_not_even_in_the_request_path(
    app: SandboxApp, client: Client
) -> None:
    throttle = throttle_of(app)
    assert throttle not in app.sandbox.traffic.gates
    throttled(app, "default", {"rapidpro": {"v2.contacts": "1/minute"}})
    assert throttle in app.sandbox.traffic.gates
    assert get(client).status_code == 200
    assert throttle._counts
    app.sandbox.reset()  # forgets the setting and the counts: the gate leaves again
    assert throttle not in app.sandbox.traffic.gates
    assert (throttle._counts, throttle.setting("default")) == ({}, None)
    assert statuses(client, 3) == [200, 200, 200]


def test_with_throttle_every_workspace_gets_the_documented_rates(make_app: MakeApp) -> None:
    app = make_app(seed=3, throttle=True)
    app.sandbox.clock.freeze(FROZEN_AT)
    client = Client(app)
    throttle = throttle_of(app)
    assert throttle in app.sandbox.traffic.gates
    # 2,500 requests an hour for contacts: count 2,499 without HTTP, then two real ones.
    rate = RAPIDPRO_RATES.scopes["v2.contacts"]
    assert rate == Rate(2500, 3600, "2500/hour")
    key = ("default", "rapidpro", "v2.contacts")
    throttle._counts[key] = deque([FROZEN_AT.timestamp()] * 2499)
    assert get(client).status_code == 200
    refused = get(client)
    assert refused.status_code == 429
    assert refused.json == {"detail": "Request was throttled. Expected available in 3600 seconds."}
    assert refused.headers["Retry-After"] == "3600"
    # Another scope has its own count: groups are `v2`.
    assert get(client, GROUPS).status_code == 200
    # ...and the other platforms record no rate, so --throttle leaves them alone.
    assert all(
        client.get("/flowxo/api/workflows/simple", headers=flowxo_auth()).status_code == 200
        for _ in range(10)
    )


def flowxo_auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {DEMO['flowxo']['api_key']}"}


def test_the_documented_scopes_and_rates() -> None:
    assert {scope: str(rate) for scope, rate in RAPIDPRO_RATES.scopes.items()} == {
        "v2": "2500/hour",
        "v2.contacts": "2500/hour",
        "v2.broadcasts": "36000/hour",
        "v2.messages": "2500/hour",
        "v2.runs": "2500/hour",
    }


def test_a_platform_without_a_rates_module_is_never_throttled() -> None:
    examples = [
        SimpleNamespace(name=f"fake{n}", auth=ModuleType(f"{package}.auth"))
        for n, package in enumerate(("sandbox.core", "nowhere.at_all"))
    ]
    assert [rates_of(platform) for platform in examples] == [None, None]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("path", "scope"),
    [
        ("/api/v2/contacts.json", "v2.contacts"),
        ("/api/v2/contacts", "v2.contacts"),
        ("/api/v2/contacts.api", "v2.contacts"),
        ("/api/v2/broadcasts.json", "v2.broadcasts"),
        ("/api/v2/groups.json", "v2"),
        ("/api/v2/runs.json", "v2.runs"),
        ("/api/v2/", "v2"),
        ("/elsewhere", "v2"),
    ],
)
def test_rapidpro_scopes_by_endpoint(path: str, scope: str) -> None:
    exchange = Exchange("rapidpro", FROZEN_AT, 0.0, "GET", path, "", {})
    assert RAPIDPRO_RATES.scope_of(exchange) == scope


# -- DRF's sliding history and Retry-After ---------------------------------------------


def test_rapidpro_counts_a_sliding_hour_as_drf_does(app: SandboxApp, client: Client) -> None:
    throttled(app, "default", {"rapidpro": {"v2.contacts": "2/minute"}})
    assert get(client).status_code == 200
    at(app, 20)
    assert get(client).status_code == 200
    at(app, 30)
    refused = get(client)
    assert refused.status_code == 429
    # The oldest allowed request (t=0) leaves the history at t=60.
    assert refused.json == {"detail": "Request was throttled. Expected available in 30 seconds."}
    assert refused.headers["Retry-After"] == "30"
    at(app, 59.5)
    assert get(client).headers["Retry-After"] == "1"
    assert get(client).json == {"detail": "Request was throttled. Expected available in 1 second."}
    at(app, 60)
    assert get(client).status_code == 200  # a refused request was not counted
    at(app, 61)
    assert get(client).headers["Retry-After"] == "19"  # now t=20 is the oldest
    # Groups are `v2`, not named: the vendor's 2,500/hour, as the platform is named.
    assert statuses(client, 5, GROUPS) == [200] * 5


def test_the_history_is_bounded_by_the_rate(app: SandboxApp, client: Client) -> None:
    throttled(app, "default", {"rapidpro": {"v2.contacts": "3/hour"}})
    for second in range(20):
        at(app, second)
        get(client)
    [history] = throttle_of(app)._counts.values()
    assert list(history) == [FROZEN_AT.timestamp() + s for s in (0, 1, 2)]


def test_a_throttled_answer_is_marked_for_the_journal(app: SandboxApp, client: Client) -> None:
    throttled(app, "default", {"rapidpro": {"v2.contacts": "1/minute"}})
    kept: list[Exchange] = []
    app.sandbox.traffic.recorders.append(kept.append)
    try:
        statuses(client, 2)
    finally:
        app.sandbox.traffic.recorders.remove(kept.append)
    assert [(e.status, e.fault) for e in kept] == [
        (200, None),
        (429, {"throttle": "v2.contacts", "rate": "1/minute"}),
    ]


def test_unauthenticated_requests_are_not_counted(app: SandboxApp, client: Client) -> None:
    throttled(app, "default", {"rapidpro": {"v2.contacts": "1/minute"}})
    for _ in range(3):
        assert client.get(CONTACTS, headers={"Authorization": "Token nope"}).status_code == 403
    assert statuses(client, 2) == [200, 429]


# -- per workspace ------------------------------------------------------------------------


def test_workspaces_are_counted_apart(app: SandboxApp, client: Client) -> None:
    created = client.post(
        "/_sandbox/workspaces",
        json={"name": "other", "throttle": {"rapidpro": {"v2.contacts": "1/minute"}}},
    )
    assert created.status_code == 201, created.json
    other = {"Authorization": f"Token {created.json['credentials']['rapidpro']['token']}"}
    throttled(app, "default", {"rapidpro": {"v2.contacts": "1/minute"}})
    assert statuses(client, 2) == [200, 429]
    assert [client.get(CONTACTS, headers=other).status_code for _ in range(2)] == [200, 429]
    # Removing a workspace forgets its setting and its counts.
    assert client.delete("/_sandbox/workspaces/other").status_code == 204
    assert ("other", "rapidpro", "v2.contacts") not in throttle_of(app)._counts
    assert throttle_of(app).setting("other") is None


def test_a_workspace_turns_the_vendor_rates_on_or_off(make_app: MakeApp) -> None:
    app = make_app(seed=3, throttle=True)
    app.sandbox.clock.freeze(FROZEN_AT)
    client = Client(app)
    throttle = throttle_of(app)
    full = deque([FROZEN_AT.timestamp()] * 2500)

    def fill() -> None:  # the contacts' hour used up, for every setting below
        throttle._counts[("default", "rapidpro", "v2.contacts")] = deque(full)
        throttle._counts[("default", "rapidpro", "v2")] = deque(full)

    throttled(app, "default", False)
    fill()
    assert get(client).status_code == get(client, GROUPS).status_code == 200
    throttled(app, "default", {"rapidpro": False})
    fill()
    assert get(client).status_code == get(client, GROUPS).status_code == 200
    throttled(app, "default", {"rapidpro": {"v2": None}})  # only `v2` off
    fill()
    assert (get(client).status_code, get(client, GROUPS).status_code) == (429, 200)
    throttled(app, "default", None)  # --throttle again
    fill()
    assert (get(client).status_code, get(client, GROUPS).status_code) == (429, 429)


def test_true_turns_the_documented_rates_on_for_one_workspace(
    app: SandboxApp, client: Client
) -> None:
    throttled(app, "default", True)
    setting = throttle_of(app).setting("default")
    assert setting is not None
    assert setting.rate("rapidpro", "v2.contacts", RAPIDPRO_RATES, False) == Rate(
        2500, 3600, "2500/hour"
    )
    assert get(client).status_code == 200
    assert throttle_of(app)._counts[("default", "rapidpro", "v2.contacts")] == deque(
        [FROZEN_AT.timestamp()]
    )


def test_a_workspace_reset_gives_back_its_startup_setting(make_app: MakeApp, tmp_path: Any) -> None:
    fixture = tmp_path / "throttled.yaml"
    fixture.write_text("workspaces:\n  default:\n    throttle: {rapidpro: {v2.contacts: 1/hour}}\n")
    app = make_app(seed=3, fixtures=fixture)
    app.sandbox.clock.freeze(FROZEN_AT)
    client = Client(app)
    assert statuses(client, 2) == [200, 429]
    app.sandbox.reset("default")  # counts forgotten, the startup setting back
    assert statuses(client, 2) == [200, 429]
    throttled(app, "default", None)  # a load without a setting follows --throttle (off)
    assert statuses(client, 3) == [200, 200, 200]
    app.sandbox.reset()
    assert statuses(client, 2) == [200, 429]


# -- the fixed window of Laravel and express-rate-limit -----------------------------------


def test_flochat_counts_a_fixed_window_as_laravel_does(app: SandboxApp, client: Client) -> None:
    throttled(app, "default", {"flochat": {"api": "2/minute"}})

    def tags() -> TestResponse:
        return client.get("/flochat/flow/tags", headers=FLOCHAT_AUTH)

    assert tags().status_code == 200
    at(app, 20)
    assert tags().status_code == 200
    at(app, 30)
    refused = tags()
    assert refused.status_code == 429
    assert refused.json == {"message": "Too Many Attempts."}
    now = int(FROZEN_AT.timestamp()) + 30
    assert [
        (name, value) for name, value in refused.headers if name.startswith(("X-Rate", "Retry"))
    ] == [
        ("X-RateLimit-Limit", "2"),
        ("X-RateLimit-Remaining", "0"),
        ("Retry-After", "30"),
        ("X-RateLimit-Reset", str(now + 30)),
    ]
    at(app, 60)  # a new window: two more
    assert [tags().status_code for _ in range(3)] == [200, 200, 429]


def test_express_platforms_take_a_workspace_rate(app: SandboxApp, client: Client) -> None:
    throttled(app, "default", {"flowxo": {"api": "1/second"}})
    first = client.get("/flowxo/api/workflows/simple", headers=flowxo_auth())
    second = client.get("/flowxo/api/workflows/simple", headers=flowxo_auth())
    assert (first.status_code, second.status_code) == (200, 429)
    assert second.text == "Too many requests, please try again later."
    assert second.headers["X-RateLimit-Limit"] == "1"
    assert second.headers["Retry-After"] == "1"


# -- settings refused in one line ----------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            {"rapidpro": {"v2": "5 per minute"}},
            "workspaces.default.throttle.rapidpro.v2: '5 per minute' is not a rate: write "
            "N/second, N/minute, N/hour or N/day with 1 <= N <= 100000",
        ),
        (
            {"rapidpro": {"v2": "0/minute"}},
            "workspaces.default.throttle.rapidpro.v2: '0/minute' is not a rate: write "
            "N/second, N/minute, N/hour or N/day with 1 <= N <= 100000",
        ),
        (
            {"rapidpro": {"v3": "5/minute"}},
            "workspaces.default.throttle.rapidpro.v3: unknown scope (one of: v2, v2.contacts, "
            "v2.broadcasts, v2.messages, v2.runs)",
        ),
        (
            {"temba": {"v2": "5/minute"}},
            "workspaces.default.throttle.temba: unknown platform (expected one of: rapidpro, "
            "xerochat, flochat, flowxo, flowbot)",
        ),
        (
            {"rapidpro": "5/minute"},
            "workspaces.default.throttle.rapidpro: must be true, false or a mapping of scopes "
            "to rates",
        ),
        (
            "5/minute",
            "workspaces.default.throttle: must be true, false or a mapping of platforms to rates",
        ),
    ],
)
def test_a_bad_setting_is_refused_in_one_line_and_changes_nothing(
    app: SandboxApp, setting: Any, message: str
) -> None:
    before = app.sandbox.export()
    with pytest.raises(FixtureError) as refused:
        throttled(app, "default", setting)
    assert str(refused.value) == message
    assert app.sandbox.export() == before
    assert throttle_of(app).setting("default") is None


@pytest.mark.parametrize("text", ["\u0661/hour", "100001/hour", "9" * 5000 + "/day"])
def test_a_rate_is_ascii_digits_up_to_a_bound(text: str) -> None:
    # A sliding history keeps a time per allowed request: an unbounded N let memory grow
    # without bound under a frozen clock, and 5,000 digits leaked int()'s own complaint.
    with pytest.raises(ValueError) as refused:
        Rate.parse(text)
    assert str(refused.value) == (
        f"{text!r} is not a rate: write N/second, N/minute, N/hour or N/day with 1 <= N <= 100000"
    )
    assert Rate.parse("100000/hour") == Rate(100_000, 3600, "100000/hour")


def test_the_control_api_refuses_a_bad_setting(client: Client) -> None:
    response = client.post(
        "/_sandbox/fixtures",
        json={"workspaces": {"default": {"throttle": {"rapidpro": {"v2": "lots"}}}}},
    )
    assert response.status_code == 400
    assert "workspaces.default.throttle.rapidpro.v2: 'lots' is not a rate" in response.text


@pytest.mark.parametrize(
    "setting",
    [
        True,
        False,
        {"rapidpro": {"v2.contacts": "2/minute", "v2": None}, "flochat": False, "flowxo": True},
    ],
)
def test_an_export_writes_the_setting_a_load_reads(app: SandboxApp, setting: Any) -> None:
    throttled(app, "default", setting)
    exported = app.sandbox.export("default")
    assert exported["workspaces"]["default"]["throttle"] == setting
    before = throttle_of(app).setting("default")
    app.sandbox.reset()
    assert "throttle" not in app.sandbox.export("default")["workspaces"]["default"]
    app.sandbox.load_fixtures(exported)
    assert throttle_of(app).setting("default") == before


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ([], {}, (False, False)),
        (["--throttle"], {}, (True, True)),
        ([], {"FLOW_SANDBOX_THROTTLE": "1"}, (True, True)),
        ([], {"FLOW_SANDBOX_THROTTLE": "0"}, (False, False)),
    ],
)
def test_serve_takes_throttle_from_its_flag_or_the_environment(
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    env: dict[str, str],
    expected: tuple[bool, bool],
) -> None:
    served: list[tuple[bool, bool]] = []

    def stop_at_once(app: SandboxApp, listener: socket.socket, *rest: object) -> bool:
        served.append((app.sandbox.config.throttle, throttle_of(app) in app.sandbox.traffic.gates))
        listener.close()
        app.close()
        return True

    monkeypatch.setattr(server, "serve", stop_at_once)
    monkeypatch.delenv("FLOW_SANDBOX_THROTTLE", raising=False)
    result = CliRunner().invoke(main, ["serve", "--port", "0", "--db", ":memory:", *args], env=env)

    assert result.exit_code == 0, result.output
    assert served == [expected]
