"""The control API at /_sandbox: health, reset, fixtures, export, clock, workspaces."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import yaml
from werkzeug.test import Client, TestResponse

from sandbox import __version__
from sandbox.core.clock import Clock
from sandbox.core.sandbox import Sandbox
from sandbox.platforms import PLATFORMS
from tests.conftest import DEMO, FROZEN_AT, RapidProClient, invalid_urn, served_platform
from tests.core.test_storage_health import HEALTHY_STORAGE
from tests.platforms.flochat.fresh_team import default_bot_export, default_bot_yaml
from tests.platforms.xerochat.fresh_install import (
    key_users_export,
    key_users_yaml,
    pin_real_time,
)

REAL = datetime(2026, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
ANA_UUID = "0e8e4ab6-8b1f-4b4e-9f3c-2f6c1d0b9a11"
ZED_UUID = "7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e"


def ana(**extra: Any) -> dict[str, Any]:
    """A fixture contact with every generated value given."""
    return {
        "uuid": ANA_UUID,
        "name": "Ana",
        "urns": ["whatsapp:5582999887766"],
        "created_on": "2026-02-01T10:00:00Z",
        **extra,
    }


def contact_json(uuid: str, name: str, urns: list[str], created_on: str) -> dict[str, Any]:
    """A contact as the weni profile's GET contacts.json shows it."""
    return {
        "uuid": uuid,
        "name": name,
        "language": None,
        "urns": urns,
        "groups": [],
        "fields": {},
        "blocked": False,
        "stopped": False,
        "created_on": created_on,
        "modified_on": created_on,
        "last_seen_on": None,
    }


def not_found(message: str) -> dict[str, Any]:
    return {"code": 404, "status": "Not Found", "message": message}


def bad_request(message: str) -> dict[str, Any]:
    return {"code": 400, "status": "Bad Request", "message": message}


def post_yaml(client: Client, path: str, text: str) -> TestResponse:
    return client.post(path, data=text.encode("utf-8"), content_type="application/yaml")


def load_ana(client: Client) -> None:
    """Load Ana into the default workspace through the control API."""
    document = {"workspaces": {"default": {"rapidpro": {"contacts": [ana()]}}}}
    assert client.post("/_sandbox/fixtures", json=document).status_code == 200


def export_yaml(client: Client) -> str:
    response = client.get("/_sandbox/export", query_string={"format": "yaml"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


class RealTime:
    """The wall clock, standing still unless a test moves it."""

    def __init__(self, tick: timedelta = timedelta(0)) -> None:
        self.current = REAL
        self.tick = tick

    def __call__(self) -> datetime:
        now = self.current
        self.current += self.tick
        return now


@pytest.fixture
def real(sandbox: Sandbox) -> RealTime:
    """Real time stands still at REAL, so clock responses are exact."""
    source = RealTime()
    sandbox.clock = Clock(source=source)
    return source


# -- health ------------------------------------------------------------------------------------


def test_health_reports_every_platform(client: Client) -> None:
    response = client.get("/_sandbox/health")

    assert response.status_code == 200
    assert response.json == {
        "status": "ok",
        "version": __version__,
        "platforms": {
            name: served_platform(name)
            for name in ("rapidpro", "xerochat", "flochat", "flowxo", "flowbot")
        },
        "storage": HEALTHY_STORAGE,
    }


# -- reset -------------------------------------------------------------------------------------


def test_reset_of_everything(
    client: Client, sandbox: Sandbox, rapidpro: RapidProClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    pin_real_time(monkeypatch, FROZEN_AT)  # the default workspace is made again then
    assert rapidpro.post("contacts", {"name": "Ana"}).status_code == 201
    assert client.post("/_sandbox/workspaces", json={"name": "ci"}).status_code == 201

    response = client.post("/_sandbox/reset", json={})

    assert (response.status_code, response.json) == (200, {"reset": "all"})
    assert sandbox.export() == {
        "version": 1,
        "workspaces": {
            "default": {
                "credentials": DEMO,
                "xerochat": key_users_export(DEMO["xerochat"]),
                "flochat": default_bot_export("default"),
            }
        },
    }


def test_reset_without_a_body_resets_everything(client: Client, sandbox: Sandbox) -> None:
    assert client.post("/_sandbox/workspaces", json={"name": "ci"}).status_code == 201

    response = client.post("/_sandbox/reset")

    assert (response.status_code, response.json) == (200, {"reset": "all"})
    assert [w.name for w in sandbox.workspaces.all()] == ["default"]


def test_reset_of_one_workspace(
    client: Client, sandbox: Sandbox, rapidpro: RapidProClient, upstream: RapidProClient
) -> None:
    assert rapidpro.post("contacts", {"name": "Ana"}).status_code == 201
    assert upstream.post("contacts", {"name": "Bo"}).status_code == 201
    upstream_before = sandbox.export("upstream")

    response = client.post("/_sandbox/reset", json={"workspace": "default"})

    assert (response.status_code, response.json) == (200, {"reset": "default"})
    assert rapidpro.get("contacts").json == {"next": None, "previous": None, "results": []}
    assert sandbox.export("upstream") == upstream_before


def test_reset_of_an_unknown_workspace_is_404(client: Client) -> None:
    response = client.post("/_sandbox/reset", json={"workspace": "ghost"})

    assert (response.status_code, response.json) == (404, not_found("no workspace named 'ghost'"))


def test_reset_with_a_seed_makes_generated_values_reproducible(client: Client) -> None:
    assert client.post("/_sandbox/reset", json={"seed": 5}).status_code == 200
    first = client.post("/_sandbox/workspaces", json={}).json

    assert client.post("/_sandbox/reset", json={"seed": 5}).status_code == 200
    second = client.post("/_sandbox/workspaces", json={}).json

    assert first == second


def test_reset_puts_the_clock_back_on_real_time(client: Client, real: RealTime) -> None:
    client.post("/_sandbox/clock", json={"now": "2030-01-01T00:00:00Z", "frozen": True})

    assert client.post("/_sandbox/reset", json={}).status_code == 200
    assert client.get("/_sandbox/clock").json == {
        "now": "2026-01-01T12:00:00+00:00",
        "frozen": False,
        "offset_seconds": 0.0,
    }


# -- fixtures ----------------------------------------------------------------------------------


def test_post_fixtures_as_json_returns_what_was_loaded(
    client: Client, rapidpro: RapidProClient
) -> None:
    document = {
        "version": 1,
        "workspaces": {
            "default": {"rapidpro": {"fields": [{"label": "Nick"}], "contacts": [ana()]}},
            "ci": {"rapidpro": {"groups": [{"name": "A"}, {"name": "B"}]}},
        },
    }

    response = client.post("/_sandbox/fixtures", json=document)

    assert response.status_code == 200
    assert response.json == {
        "loaded": {
            "default": {"rapidpro": {"fields": 1, "groups": 0, "contacts": 1}},
            "ci": {"rapidpro": {"fields": 0, "groups": 2, "contacts": 0}},
        }
    }
    assert [c["name"] for c in rapidpro.get("contacts").json["results"]] == ["Ana"]


def test_post_fixtures_as_yaml_loads_the_document(client: Client, rapidpro: RapidProClient) -> None:
    text = f"""\
version: 1
workspaces:
  default:
    rapidpro:
      contacts:
        - uuid: {ANA_UUID}
          name: Ana
          urns: ["whatsapp:5582999887766"]
          created_on: 2026-02-01T10:00:00Z
"""

    response = post_yaml(client, "/_sandbox/fixtures", text)

    assert response.status_code == 200
    assert response.json == {
        "loaded": {"default": {"rapidpro": {"fields": 0, "groups": 0, "contacts": 1}}}
    }
    assert rapidpro.get("contacts").json["results"] == [
        contact_json(ANA_UUID, "Ana", ["whatsapp:5582999887766"], "2026-02-01T10:00:00Z")
    ]


def test_post_fixtures_with_an_invalid_entry_is_400_naming_the_path(
    client: Client, sandbox: Sandbox
) -> None:
    before = sandbox.export()
    document = {
        "workspaces": {
            "ci": {"rapidpro": {"contacts": [{"name": "Fine"}]}},
            "default": {
                "rapidpro": {"contacts": [ana(), {"urns": ["whatsapp:12345678"]}, {"urns": ["x"]}]}
            },
        }
    }

    response = client.post("/_sandbox/fixtures", json=document)

    assert response.status_code == 400
    assert response.json == bad_request(
        "workspaces.default.rapidpro.contacts[2].urns[0]: " + invalid_urn("x")
    )
    assert sandbox.export() == before


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (
            '{"workspaces": ',
            "application/json",
            "the document is not valid JSON: Expecting value: line 1 column 16 (char 15)",
        ),
        (
            "version: 2\n",
            "application/yaml",
            "version: unsupported version 2 (this sandbox reads 1)",
        ),
        (
            '{"workspaces": {"default": {"flowxo": {"bots": "many"}}}}',
            "application/json",
            "workspaces.default.flowxo.bots: must be a list",
        ),
    ],
)
def test_post_fixtures_with_an_invalid_document_is_400(
    client: Client, body: str, content_type: str, message: str
) -> None:
    response = client.post("/_sandbox/fixtures", data=body, content_type=content_type)

    assert (response.status_code, response.json) == (400, bad_request(message))


# -- export ------------------------------------------------------------------------------------


def test_export_as_json(client: Client, frozen: datetime) -> None:
    load_ana(client)

    response = client.get("/_sandbox/export")

    assert response.status_code == 200
    assert response.json == {
        "version": 1,
        "workspaces": {
            "default": {
                "credentials": DEMO,
                "rapidpro": {
                    "contacts": [
                        {
                            "uuid": ANA_UUID,
                            "name": "Ana",
                            "language": None,
                            "urns": ["whatsapp:5582999887766"],
                            "groups": [],
                            "fields": {},
                            "status": "active",
                            "flow": None,
                            "notes": [],
                            "created_on": "2026-02-01T10:00:00.000000Z",
                            "modified_on": "2026-02-01T10:00:00.000000Z",
                            "last_seen_on": None,
                            "deleted": False,
                        }
                    ]
                },
                "xerochat": key_users_export(DEMO["xerochat"]),
                "flochat": default_bot_export("default"),
            }
        },
    }


def test_export_as_yaml(client: Client, frozen: datetime) -> None:
    load_ana(client)

    response = client.get("/_sandbox/export", query_string={"format": "yaml"})

    assert response.status_code == 200
    assert response.mimetype == "application/yaml"
    assert (
        response.get_data(as_text=True)
        == f"""\
version: 1
workspaces:
  default:
    credentials:
      rapidpro:
        token: {DEMO["rapidpro"]["token"]}
        email: demo@flow-sandbox.local
        username: demo
      xerochat:
        admin_key: {DEMO["xerochat"]["admin_key"]}
        member_key: {DEMO["xerochat"]["member_key"]}
      flochat:
        api_key: {DEMO["flochat"]["api_key"]}
      flowxo:
        api_key: {DEMO["flowxo"]["api_key"]}
      flowbot:
        client_id: {DEMO["flowbot"]["client_id"]}
        api_key: {DEMO["flowbot"]["api_key"]}
        username: demo
        password: demo-password
    rapidpro:
      contacts:
      - uuid: {ANA_UUID}
        name: Ana
        language: null
        urns:
        - whatsapp:5582999887766
        groups: []
        fields: {{}}
        status: active
        flow: null
        notes: []
        created_on: '2026-02-01T10:00:00.000000Z'
        modified_on: '2026-02-01T10:00:00.000000Z'
        last_seen_on: null
        deleted: false
    xerochat:
      users:
{key_users_yaml()}{default_bot_yaml()}"""
    )


def test_export_of_one_workspace(client: Client, frozen: datetime) -> None:
    load_ana(client)
    created = client.post("/_sandbox/workspaces", json={"name": "ci"}).json

    response = client.get("/_sandbox/export", query_string={"workspace": "ci"})

    assert response.status_code == 200
    assert response.json == {
        "version": 1,
        "workspaces": {
            "ci": {
                "credentials": created["credentials"],
                "xerochat": key_users_export(created["credentials"]["xerochat"]),
                "flochat": default_bot_export("ci"),
            }
        },
    }


def test_yaml_export_reset_load_restores_the_same_state(
    client: Client, rapidpro: RapidProClient, frozen: datetime
) -> None:
    load_ana(client)
    upstream_ws = {"name": "ci", "rapidpro": {"profile": "upstream"}}
    assert client.post("/_sandbox/workspaces", json=upstream_ws).status_code == 201
    created = rapidpro.post("contacts", {"name": "Via API", "urns": ["tel:+5582911112222"]})
    assert created.status_code == 201
    exported = export_yaml(client)

    assert client.post("/_sandbox/reset", json={}).status_code == 200
    assert post_yaml(client, "/_sandbox/fixtures", exported).status_code == 200

    assert export_yaml(client) == exported
    assert yaml.safe_load(exported)["workspaces"]["ci"]["rapidpro"]["profile"] == "upstream"


def test_export_of_an_unknown_workspace_is_404(client: Client) -> None:
    response = client.get("/_sandbox/export", query_string={"workspace": "ghost"})

    assert (response.status_code, response.json) == (404, not_found("no workspace named 'ghost'"))


# -- request validation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "options", "errors"),
    [
        (
            "GET",
            "/export",
            {"query_string": {"format": "xml"}},
            {"query": {"format": ["Must be one of: json, yaml."]}},
        ),
        ("POST", "/clock", {"json": {"now": "soon"}}, {"json": {"now": ["Not a valid datetime."]}}),
        (
            "POST",
            "/clock",
            {"json": {"advance": "a lot"}},
            {"json": {"advance": ["Not a valid number."]}},
        ),
        ("POST", "/reset", {"json": {"seed": "x"}}, {"json": {"seed": ["Not a valid integer."]}}),
        ("POST", "/workspaces", {"json": {"name": 7}}, {"json": {"name": ["Not a valid string."]}}),
    ],
    ids=["export format", "clock now", "clock advance", "reset seed", "workspace name"],
)
def test_invalid_parameters_are_400_with_the_field_errors(
    client: Client, method: str, path: str, options: dict[str, Any], errors: dict[str, Any]
) -> None:
    response = client.open(f"/_sandbox{path}", method=method, **options)

    assert response.status_code == 400
    assert response.json == {"code": 400, "status": "Bad Request", "errors": errors}


# -- clock -------------------------------------------------------------------------------------


def test_get_clock_of_a_running_clock(client: Client, real: RealTime) -> None:
    response = client.get("/_sandbox/clock")

    assert response.status_code == 200
    assert response.json == {
        "now": "2026-01-01T12:00:00+00:00",
        "frozen": False,
        "offset_seconds": 0.0,
    }


def test_get_clock_of_a_frozen_clock(client: Client, sandbox: Sandbox, real: RealTime) -> None:
    sandbox.clock.freeze(REAL - timedelta(hours=1))

    assert client.get("/_sandbox/clock").json == {
        "now": "2026-01-01T11:00:00+00:00",
        "frozen": True,
        "offset_seconds": -3600.0,
    }


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"frozen": True},
            {"now": "2026-01-01T12:00:00+00:00", "frozen": True, "offset_seconds": 0.0},
        ),
        (
            {"now": "2030-01-01T00:00:00Z", "frozen": True},
            {"now": "2030-01-01T00:00:00+00:00", "frozen": True, "offset_seconds": 126187200.0},
        ),
        (
            {"now": "2030-01-01T00:00:00Z"},
            {"now": "2030-01-01T00:00:00+00:00", "frozen": False, "offset_seconds": 126187200.0},
        ),
        (
            {"now": "2026-01-01T15:00:00+03:00"},
            {"now": "2026-01-01T12:00:00+00:00", "frozen": False, "offset_seconds": 0.0},
        ),
        (
            {"now": "2026-01-02T12:00:00"},
            {"now": "2026-01-02T12:00:00+00:00", "frozen": False, "offset_seconds": 86400.0},
        ),
        (
            {"advance": 86400},
            {"now": "2026-01-02T12:00:00+00:00", "frozen": False, "offset_seconds": 86400.0},
        ),
        (
            {"advance": -1.5, "frozen": True},
            {"now": "2026-01-01T11:59:58.500000+00:00", "frozen": True, "offset_seconds": -1.5},
        ),
        ({}, {"now": "2026-01-01T12:00:00+00:00", "frozen": False, "offset_seconds": 0.0}),
    ],
    ids=[
        "freeze",
        "set and freeze",
        "set",
        "set with an offset",
        "set naive",
        "advance",
        "advance and freeze",
        "nothing",
    ],
)
def test_post_clock_changes_the_clock(
    client: Client, real: RealTime, change: dict[str, Any], expected: dict[str, Any]
) -> None:
    response = client.post("/_sandbox/clock", json=change)

    assert (response.status_code, response.json) == (200, expected)
    assert client.get("/_sandbox/clock").json == expected


def test_advance_moves_a_frozen_clock(client: Client, real: RealTime) -> None:
    client.post("/_sandbox/clock", json={"now": "2030-01-01T00:00:00Z", "frozen": True})

    response = client.post("/_sandbox/clock", json={"advance": 86400})

    assert response.json == {
        "now": "2030-01-02T00:00:00+00:00",
        "frozen": True,
        "offset_seconds": 126187200.0 + 86400,
    }


def test_unfreezing_runs_on_from_the_frozen_instant(client: Client, real: RealTime) -> None:
    client.post("/_sandbox/clock", json={"now": "2030-01-01T00:00:00Z", "frozen": True})
    real.current += timedelta(minutes=5)  # real time passes while the clock stands

    response = client.post("/_sandbox/clock", json={"frozen": False})

    assert response.json == {
        "now": "2030-01-01T00:00:00+00:00",
        "frozen": False,
        "offset_seconds": 126187200.0 - 300,
    }


def test_real_goes_back_to_real_time_before_the_other_changes(
    client: Client, real: RealTime
) -> None:
    client.post("/_sandbox/clock", json={"now": "2030-01-01T00:00:00Z", "frozen": True})

    response = client.post("/_sandbox/clock", json={"real": True, "advance": 60})

    assert response.json == {
        "now": "2026-01-01T12:01:00+00:00",
        "frozen": False,
        "offset_seconds": 60.0,
    }


def test_set_and_freeze_stops_time_at_exactly_that_instant_while_real_time_runs(
    client: Client, sandbox: Sandbox
) -> None:
    sandbox.clock = Clock(source=RealTime(tick=timedelta(milliseconds=1)))

    response = client.post("/_sandbox/clock", json={"now": "2030-01-01T00:00:00Z", "frozen": True})

    assert response.json["now"] == "2030-01-01T00:00:00+00:00"
    assert client.get("/_sandbox/clock").json["now"] == "2030-01-01T00:00:00+00:00"


def test_platform_timestamps_come_from_the_sandbox_clock(
    client: Client, rapidpro: RapidProClient, real: RealTime
) -> None:
    client.post("/_sandbox/clock", json={"now": "2030-05-06T07:08:09Z", "frozen": True})

    created = rapidpro.post("contacts", {"name": "Ana"})

    assert created.status_code == 201
    assert (created.json["created_on"], created.json["modified_on"]) == (
        "2030-05-06T07:08:09Z",
        "2030-05-06T07:08:09Z",
    )


# -- workspaces --------------------------------------------------------------------------------


def test_list_workspaces(client: Client) -> None:
    response = client.get("/_sandbox/workspaces")

    assert response.status_code == 200
    assert response.json == {"workspaces": [{"name": "default", "credentials": DEMO}]}


def test_create_a_workspace_without_a_body(client: Client) -> None:
    response = client.post("/_sandbox/workspaces")

    assert response.status_code == 201
    body = response.json
    assert re.fullmatch(r"ws-[0-9a-f]{8}", body["name"])
    assert set(body["credentials"]) == set(PLATFORMS)
    for platform, credentials in body["credentials"].items():
        assert set(credentials) == set(DEMO[platform])
        assert credentials != DEMO[platform]
    assert body["loaded"] == {}


def test_a_created_workspace_is_listed_and_can_be_fetched(client: Client) -> None:
    created = client.post("/_sandbox/workspaces", json={"name": "ci-job-42"}).json
    workspace = {"name": "ci-job-42", "credentials": created["credentials"]}

    assert client.get("/_sandbox/workspaces").json == {
        "workspaces": [{"name": "default", "credentials": DEMO}, workspace]
    }
    fetched = client.get("/_sandbox/workspaces/ci-job-42")
    assert (fetched.status_code, fetched.json) == (200, workspace)


def test_create_a_workspace_with_credentials_and_platform_sections(client: Client) -> None:
    token = "ab" * 20
    body = {
        "name": "ci",
        "credentials": {"rapidpro": {"token": token, "email": "ci@example.com", "username": "ci"}},
        "rapidpro": {"profile": "upstream", "groups": [{"name": "A"}], "contacts": [ana()]},
    }

    response = client.post("/_sandbox/workspaces", json=body)

    assert response.status_code == 201
    assert response.json["name"] == "ci"
    assert response.json["credentials"]["rapidpro"] == body["credentials"]["rapidpro"]
    assert response.json["loaded"] == {"rapidpro": {"fields": 0, "groups": 1, "contacts": 1}}
    listed = RapidProClient(client, token).get("contacts")
    assert [c["uuid"] for c in listed.json["results"]] == [ANA_UUID]


def test_create_a_workspace_with_a_taken_name_is_409(client: Client) -> None:
    assert client.post("/_sandbox/workspaces", json={"name": "ci"}).status_code == 201

    response = client.post("/_sandbox/workspaces", json={"name": "ci"})

    assert response.status_code == 409
    assert response.json == {
        "code": 409,
        "status": "Conflict",
        "message": "workspace 'ci' already exists",
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            {"name": "bad name"},
            "invalid workspace name 'bad name': use letters, digits, '_', '.' and '-' "
            "(at most 64 characters, starting with a letter or digit)",
            id="invalid-name",
        ),
        pytest.param(
            {"name": "ci", "credentials": {"rapidpro": {"token": DEMO["rapidpro"]["token"]}}},
            f"rapidpro credential {DEMO['rapidpro']['token']!r} is already used by workspace "
            "'default'",
            id="another-workspaces-token",
        ),
        pytest.param(
            {"name": "ci", "rapidpro": {"contacts": [{"urns": ["bad"]}]}},
            "workspaces.ci.rapidpro.contacts[0].urns[0]: " + invalid_urn("bad"),
            id="invalid-data",
        ),
        pytest.param(
            {"name": "ci", "bogus": {}},
            "workspaces.ci.bogus: unknown platform "
            "(expected one of: rapidpro, xerochat, flochat, flowxo, flowbot)",
            id="unknown-platform-section",
        ),
    ],
)
def test_create_a_bad_workspace_is_400_and_creates_nothing(
    client: Client, sandbox: Sandbox, body: dict[str, Any], message: str
) -> None:
    before = sandbox.export()

    response = client.post("/_sandbox/workspaces", json=body)

    assert (response.status_code, response.json) == (400, bad_request(message))
    assert client.get("/_sandbox/workspaces/ci").status_code == 404
    assert sandbox.export() == before


def test_get_an_unknown_workspace_is_404(client: Client) -> None:
    response = client.get("/_sandbox/workspaces/ghost")

    assert (response.status_code, response.json) == (404, not_found("no workspace named 'ghost'"))


def test_delete_a_workspace_then_it_is_gone(client: Client) -> None:
    assert client.post("/_sandbox/workspaces", json={"name": "ci"}).status_code == 201

    deleted = client.delete("/_sandbox/workspaces/ci")

    assert (deleted.status_code, deleted.get_data()) == (204, b"")
    fetched = client.get("/_sandbox/workspaces/ci")
    assert (fetched.status_code, fetched.json) == (404, not_found("no workspace named 'ci'"))
    again = client.delete("/_sandbox/workspaces/ci")
    assert (again.status_code, again.json) == (404, not_found("no workspace named 'ci'"))


def test_a_created_workspaces_token_sees_only_its_own_contacts(
    client: Client, rapidpro: RapidProClient, frozen: datetime
) -> None:
    load_ana(client)
    created = client.post("/_sandbox/workspaces", json={"name": "ci"}).json
    mine = RapidProClient(client, created["credentials"]["rapidpro"]["token"])

    assert (
        mine.post("contacts", {"name": "Zed", "urns": ["whatsapp:5582999887766"]}).status_code
        == 201
    )
    listed = mine.get("contacts")

    assert listed.status_code == 200
    assert [c["name"] for c in listed.json["results"]] == ["Zed"]
    assert rapidpro.get("contacts").json == {
        "next": None,
        "previous": None,
        "results": [
            contact_json(ANA_UUID, "Ana", ["whatsapp:5582999887766"], "2026-02-01T10:00:00Z")
        ],
    }


def test_a_workspace_loaded_with_fixtures_serves_them_to_its_token(
    client: Client, frozen: datetime
) -> None:
    zed = {"uuid": ZED_UUID, "name": "Zed", "urns": ["whatsapp:5582988887777"]}
    created = client.post("/_sandbox/workspaces", json={"rapidpro": {"contacts": [zed]}}).json
    mine = RapidProClient(client, created["credentials"]["rapidpro"]["token"])

    response = mine.get("contacts")

    assert (response.status_code, response.json) == (
        200,
        {
            "next": None,
            "previous": None,
            "results": [
                contact_json(ZED_UUID, "Zed", ["whatsapp:5582988887777"], "2026-03-01T12:00:00Z")
            ],
        },
    )


def test_a_deleted_workspaces_token_no_longer_authenticates(client: Client) -> None:
    created = client.post("/_sandbox/workspaces", json={"name": "ci"}).json
    mine = RapidProClient(client, created["credentials"]["rapidpro"]["token"])
    assert mine.get("contacts").status_code == 200

    assert client.delete("/_sandbox/workspaces/ci").status_code == 204
    response = mine.get("contacts")

    assert (response.status_code, response.json) == (403, {"detail": "Invalid token"})


# -- the API itself ----------------------------------------------------------------------------


def test_the_control_spec_is_served(client: Client) -> None:
    import schemathesis

    response = client.get("/_sandbox/openapi.json")

    assert response.status_code == 200
    spec = response.json
    schemathesis.openapi.from_dict(spec).validate()
    assert (spec["openapi"], spec["info"]["title"], spec["info"]["version"]) == (
        "3.0.3",
        "flow-sandbox control API",
        __version__,
    )
    assert sorted(spec["paths"]) == [
        "/clock",
        "/export",
        "/faults",
        "/faults/{rule_id}",
        "/fixtures",
        "/health",
        "/inbound",
        "/outbox",
        "/requests",
        "/requests/count",
        "/reset",
        "/workspaces",
        "/workspaces/{name}",
    ]


@pytest.mark.parametrize("path", ["/_sandbox/nope", "/_sandbox/workspaces/a/b"])
def test_an_unknown_path_is_404(client: Client, path: str) -> None:
    response = client.get(path)

    assert (response.status_code, response.json) == (404, {"code": 404, "status": "Not Found"})


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("GET", "/reset", "POST, OPTIONS"),
        ("GET", "/fixtures", "POST, OPTIONS"),
        ("POST", "/export", "GET, HEAD, OPTIONS"),
        ("POST", "/health", "GET, HEAD, OPTIONS"),
        ("DELETE", "/clock", "GET, HEAD, POST, OPTIONS"),
        ("DELETE", "/workspaces", "GET, HEAD, POST, OPTIONS"),
        ("PUT", "/workspaces/default", "GET, HEAD, DELETE, OPTIONS"),
    ],
)
def test_a_wrong_method_is_405_with_allow(
    client: Client, method: str, path: str, allow: str
) -> None:
    response = client.open(f"/_sandbox{path}", method=method)

    assert response.status_code == 405
    assert response.headers["Allow"] == allow
    assert response.json == {"code": 405, "status": "Method Not Allowed"}
