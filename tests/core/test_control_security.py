"""What keeps the control API from being an open door: JSON-only writes, the control token,
the Host and Origin checks, and the request size limit (issue 13 §4)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from werkzeug.test import Client

from sandbox.app import SandboxApp
from sandbox.cli import main
from sandbox.config import DEFAULT_MAX_BODY_SIZE, SandboxConfig, format_size, parse_size
from tests.conftest import RAPIDPRO_AUTH, MakeApp, free_port

TOKEN = "s3cret-token"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
NEEDS_TOKEN = (
    "the control API needs the server's control token: send Authorization: Bearer <token> "
    "(or X-Sandbox-Token: <token>)"
)
WRONG_TOKEN = "the control token is not the server's"
REALM = 'Bearer realm="flow-sandbox control"'
JSON_ONLY = "POST /_sandbox/reset takes JSON (Content-Type: application/json); "


def error(code: int, status: str, message: str) -> dict[str, Any]:
    return {"code": code, "status": status, "message": message}


def workspace_names(client: Client, headers: dict[str, str] | None = None) -> list[str]:
    response = client.get("/_sandbox/workspaces", headers=headers or {})
    assert response.status_code == 200
    return [workspace["name"] for workspace in response.json["workspaces"]]


@pytest.fixture
def ci(client: Client) -> Client:
    """The default sandbox with a `ci-job-42` workspace a mistaken reset would delete."""
    assert client.post("/_sandbox/workspaces", json={"name": "ci-job-42"}).status_code == 201
    return client


# -- writes take JSON, never a form or text -----------------------------------------------


@pytest.mark.parametrize(
    ("headers", "body", "what"),
    [
        (
            {"Content-Type": "application/x-www-form-urlencoded"},
            '{"workspace": "ci-job-42"}',  # curl -d without -H
            "this body is application/x-www-form-urlencoded",
        ),
        ({"Content-Type": "text/plain"}, '{"workspace": "ci-job-42"}', "this body is text/plain"),
        ({}, '{"workspace": "ci-job-42"}', "this body has no Content-Type"),
        # An HTML form with enctype="text/plain" and no fields: empty, but a browser's write.
        ({"Content-Type": "text/plain"}, "", "this body is text/plain"),
        (
            {"Content-Type": "multipart/form-data; boundary=x"},
            "--x--",
            "this body is multipart/form-data",
        ),
    ],
)
def test_a_reset_whose_body_is_not_json_is_refused_and_resets_nothing(
    ci: Client, headers: dict[str, str], body: str, what: str
) -> None:
    response = ci.post("/_sandbox/reset", data=body, headers=headers)

    assert (response.status_code, response.json) == (
        415,
        error(415, "Unsupported Media Type", JSON_ONLY + what),
    )
    assert workspace_names(ci) == ["default", "ci-job-42"]


def test_a_reset_as_json_resets_only_the_workspace_it_names(ci: Client) -> None:
    response = ci.post("/_sandbox/reset", json={"workspace": "ci-job-42"})

    assert (response.status_code, response.json) == (200, {"reset": "ci-job-42"})
    assert workspace_names(ci) == ["default", "ci-job-42"]


@pytest.mark.parametrize("headers", [{}, {"Content-Type": "application/json"}])
def test_a_reset_without_a_body_resets_everything_as_documented(
    ci: Client, headers: dict[str, str]
) -> None:
    response = ci.post("/_sandbox/reset", headers=headers)  # curl -X POST .../reset

    assert (response.status_code, response.json) == (200, {"reset": "all"})
    assert workspace_names(ci) == ["default"]


def test_fixtures_are_refused_as_a_form_and_named_json_or_yaml(client: Client) -> None:
    # curl --data-binary @fixtures/demo.yaml without -H sends a form's Content-Type.
    response = client.post(
        "/_sandbox/fixtures",
        data="workspaces: {ci: {}}\n",
        content_type="application/x-www-form-urlencoded",
    )

    assert (response.status_code, response.json) == (
        415,
        error(
            415,
            "Unsupported Media Type",
            "POST /_sandbox/fixtures takes JSON or YAML (Content-Type: application/json or "
            "application/yaml); this body is application/x-www-form-urlencoded",
        ),
    )
    assert workspace_names(client) == ["default"]


@pytest.mark.parametrize("content_type", ["text/yaml", "application/x-yaml"])
def test_fixtures_take_yaml_under_its_other_common_names(client: Client, content_type: str) -> None:
    response = client.post(
        "/_sandbox/fixtures", data="workspaces: {ci: {}}\n", content_type=content_type
    )

    assert (response.status_code, response.json) == (200, {"loaded": {"ci": {}}})


def test_a_workspace_is_not_created_from_a_form(client: Client) -> None:
    response = client.post("/_sandbox/workspaces", data={"name": "ci-job-42"})

    assert response.status_code == 415
    assert response.json["message"] == (
        "POST /_sandbox/workspaces takes JSON (Content-Type: application/json); "
        "this body is application/x-www-form-urlencoded"
    )
    assert workspace_names(client) == ["default"]


# -- the control token ----------------------------------------------------------------------


@pytest.fixture
def guarded(make_app: MakeApp) -> Client:
    return Client(make_app(control_token=TOKEN))


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/_sandbox/workspaces"),
        ("GET", "/_sandbox/export"),
        ("GET", "/_sandbox/clock"),
        ("POST", "/_sandbox/reset"),
        ("DELETE", "/_sandbox/workspaces/default"),
        ("GET", "/_sandbox/no-such-thing"),  # unknown paths tell nothing either
    ],
)
def test_with_a_control_token_every_call_needs_it(guarded: Client, method: str, path: str) -> None:
    response = guarded.open(path, method=method)

    assert (response.status_code, response.json) == (
        401,
        error(401, "Unauthorized", NEEDS_TOKEN),
    )
    assert response.headers["WWW-Authenticate"] == REALM
    assert workspace_names(guarded, BEARER) == ["default"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Token {TOKEN}"},
        {"X-Sandbox-Token": "wrong"},
        {"Authorization": "Bearer wrong", "X-Sandbox-Token": "wrong"},
    ],
)
def test_a_wrong_control_token_is_refused(guarded: Client, headers: dict[str, str]) -> None:
    response = guarded.get("/_sandbox/workspaces", headers=headers)

    assert (response.status_code, response.json) == (401, error(401, "Unauthorized", WRONG_TOKEN))
    assert response.headers["WWW-Authenticate"] == f'{REALM}, error="invalid_token"'


@pytest.mark.parametrize(
    "headers", [BEARER, {"Authorization": f"bearer {TOKEN}"}, {"X-Sandbox-Token": TOKEN}]
)
def test_the_control_token_opens_every_call(guarded: Client, headers: dict[str, str]) -> None:
    assert (
        guarded.post("/_sandbox/workspaces", json={"name": "ci"}, headers=headers).status_code
        == 201
    )
    response = guarded.post("/_sandbox/reset", json={}, headers=headers)

    assert (response.status_code, response.json) == (200, {"reset": "all"})


def test_a_token_beyond_ascii_matches_as_the_client_sent_it(make_app: MakeApp) -> None:
    client = Client(make_app(control_token="tök€"))
    # A WSGI server hands the header's UTF-8 bytes over decoded as latin-1.
    sent = "Bearer tök€".encode().decode("latin-1")

    assert workspace_names(client, {"Authorization": sent}) == ["default"]


def test_health_and_the_spec_stay_open_for_health_checks_and_tools(guarded: Client) -> None:
    assert guarded.get("/_sandbox/health").json["status"] == "ok"
    assert guarded.get("/_sandbox/openapi.json").json["info"]["title"] == "flow-sandbox control API"


def test_the_control_token_guards_only_the_control_api(guarded: Client) -> None:
    response = guarded.get("/rapidpro/api/v2/contacts.json", headers=RAPIDPRO_AUTH)

    assert response.status_code == 200


# -- Host (DNS rebinding) and Origin (cross-site writes) -------------------------------------


REBOUND = (
    "Host {host} is refused without a control token (a guard against DNS rebinding): use "
    "localhost or an IP address, add --allowed-host {name}, or set --control-token"
)


@pytest.mark.parametrize(
    ("host", "name"), [("evil.example:8000", "evil.example"), ("sandbox", "sandbox")]
)
def test_a_host_name_that_is_not_local_is_refused_without_a_token(
    client: Client, host: str, name: str
) -> None:
    response = client.get("/_sandbox/workspaces", headers={"Host": host})

    assert (response.status_code, response.json) == (
        403,
        error(403, "Forbidden", REBOUND.format(host=host, name=name)),
    )


@pytest.mark.parametrize("path", ["/_sandbox/health", "/_sandbox/openapi.json"])
def test_health_and_the_spec_answer_any_host(client: Client, path: str) -> None:
    # A compose file's health check probes the service by its name (http://sandbox:8000).
    assert client.get(path, headers={"Host": "sandbox:8000"}).status_code == 200


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "LOCALHOST:8000",
        "app.localhost:8000",
        "127.0.0.1:8000",
        "[::1]:8000",
        "192.168.1.20:8000",
    ],
)
def test_local_names_and_ip_addresses_are_answered(client: Client, host: str) -> None:
    assert workspace_names(client, {"Host": host}) == ["default"]


def test_allowed_hosts_are_answered(make_app: MakeApp) -> None:
    client = Client(make_app(allowed_hosts=("Sandbox",)))

    assert workspace_names(client, {"Host": "sandbox:8000"}) == ["default"]
    assert client.get("/_sandbox/workspaces", headers={"Host": "other:8000"}).status_code == 403


def test_with_a_token_any_host_is_answered(guarded: Client) -> None:
    assert workspace_names(guarded, {**BEARER, "Host": "sandbox.ci.internal:8000"}) == ["default"]


@pytest.mark.parametrize(
    "origin", ["http://evil.example", "http://localhost:9999", "https://localhost:8001", "null"]
)
def test_a_write_from_another_sites_page_is_refused(ci: Client, origin: str) -> None:
    response = ci.post(
        "/_sandbox/reset", json={}, headers={"Host": "localhost:8000", "Origin": origin}
    )

    assert (response.status_code, response.json) == (
        403,
        error(
            403,
            "Forbidden",
            f"cross-site write refused: the request comes from a page at {origin}, "
            "not from this server",
        ),
    )
    assert workspace_names(ci) == ["default", "ci-job-42"]


@pytest.mark.parametrize(
    ("host", "origin"),
    [
        ("localhost:8000", "http://localhost:8000"),
        ("127.0.0.1", "http://127.0.0.1"),
        ("sandbox.example", "https://sandbox.example"),  # TLS ended by a proxy
    ],
)
def test_a_write_from_the_servers_own_page_is_accepted(
    make_app: MakeApp, host: str, origin: str
) -> None:
    client = Client(make_app(allowed_hosts=("sandbox.example",)))
    response = client.post("/_sandbox/reset", json={}, headers={"Host": host, "Origin": origin})

    assert (response.status_code, response.json) == (200, {"reset": "all"})


def test_a_read_may_carry_any_origin(client: Client) -> None:
    # A browser does not let the other site read the answer; only writes must be stopped.
    headers = {"Origin": "http://evil.example"}
    assert workspace_names(client, headers) == ["default"]


# -- the request size limit -----------------------------------------------------------------


def test_the_default_limit_is_16_mib() -> None:
    assert SandboxConfig().max_body_size == DEFAULT_MAX_BODY_SIZE == 16 * 1024 * 1024


@pytest.fixture
def small(make_app: MakeApp) -> Client:
    return Client(make_app(max_body_size=1024))


def test_a_platform_answers_a_body_over_the_limit_with_its_own_413(small: Client) -> None:
    body = {"name": "x" * 2000}
    response = small.post("/rapidpro/api/v2/contacts.json", json=body, headers=RAPIDPRO_AUTH)

    assert (response.status_code, response.json) == (
        413,
        {"detail": "The data value transmitted exceeds the capacity limit."},
    )
    smaller = small.post(
        "/rapidpro/api/v2/contacts.json", json={"name": "Ana"}, headers=RAPIDPRO_AUTH
    )
    assert smaller.status_code == 201


def test_the_control_api_answers_a_body_over_the_limit_with_413(small: Client) -> None:
    document = {"workspaces": {"ci": {"rapidpro": {"contacts": [{"name": "x" * 2000}]}}}}
    response = small.post("/_sandbox/fixtures", json=document)

    assert (response.status_code, response.json) == (
        413,
        error(
            413,
            "Request Entity Too Large",
            "the body is larger than the server's limit of 1 KiB (flow-sandbox serve "
            "--max-body-size)",
        ),
    )
    assert workspace_names(small) == ["default"]


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("1048576", 1048576),
        ("512KiB", 512 * 1024),
        ("512k", 512 * 1024),
        ("16MiB", 16 * 1024 * 1024),
        ("16 mb", 16 * 1024 * 1024),
        ("1G", 1024**3),
    ],
)
def test_sizes_are_read_with_binary_units(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "lots", "-1", "0", "1.5M", "12TB"])
def test_a_size_that_does_not_read_is_refused(text: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_size(text)

    assert str(raised.value) == (
        f"{text!r} is not a size: give a positive number of bytes, optionally followed by "
        "KiB, MiB or GiB (e.g. 16MiB)"
    )


@pytest.mark.parametrize(
    ("size", "text"),
    [(16 * 1024 * 1024, "16 MiB"), (1024, "1 KiB"), (1500, "1500 bytes"), (1024**3, "1 GiB")],
)
def test_sizes_are_shown_in_the_largest_whole_unit(size: int, text: str) -> None:
    assert format_size(size) == text


# -- serve: the options and the warning ---------------------------------------------------


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[SandboxApp]]:
    """`flow-sandbox serve` up to the point where it would serve: the apps it built."""
    apps: list[SandboxApp] = []

    def listen(app: SandboxApp, *args: Any) -> None:
        apps.append(app)
        for arg in args:  # the socket serve bound (on a free port) for the server
            if isinstance(arg, socket.socket):
                arg.close()

    monkeypatch.setattr("sandbox.server.serve", listen)
    monkeypatch.delenv("FLOW_SANDBOX_CONTROL_TOKEN", raising=False)
    yield apps
    for app in apps:
        app.close()


def serve(*args: str, env: dict[str, str] | None = None) -> tuple[Result, int]:
    """Run `flow-sandbox serve` (stopped before serving) on a free port, in memory."""
    port = free_port()
    command = ["serve", "--db", ":memory:", "--port", str(port), *args]
    return CliRunner(env=env).invoke(main, command), port


def open_door(port: int) -> str:
    return (
        f"warning: serving on 0.0.0.0 without a control token: anyone who can reach port "
        f"{port} can read every workspace's credentials and wipe the state through "
        "/_sandbox/. Set --control-token (or FLOW_SANDBOX_CONTROL_TOKEN)."
    )


def test_serving_beyond_loopback_without_a_token_warns(served: list[SandboxApp]) -> None:
    result, port = serve("--host", "0.0.0.0")

    assert result.exit_code == 0, result.output
    assert open_door(port) in result.stderr
    assert served[0].sandbox.config.control_token is None


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--host", "127.0.0.1"], {}),
        (["--host", "localhost"], {}),
        (["--host", "::1"], {}),
        (["--host", "0.0.0.0", "--control-token", TOKEN], {}),
        (["--host", "0.0.0.0"], {"FLOW_SANDBOX_CONTROL_TOKEN": TOKEN}),
    ],
)
def test_serving_on_loopback_or_with_a_token_does_not_warn(
    served: list[SandboxApp], args: list[str], env: dict[str, str]
) -> None:
    result, _ = serve(*args, env=env)

    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    expected = TOKEN if "0.0.0.0" in args else None
    assert served[0].sandbox.config.control_token == expected


def test_serve_passes_the_size_limit_and_allowed_hosts(served: list[SandboxApp]) -> None:
    args = ["--max-body-size", "1MiB", "--allowed-host", "sandbox", "--allowed-host", "ci"]
    result, _ = serve("--host", "localhost", *args)

    assert result.exit_code == 0, result.output
    config = served[0].sandbox.config
    # The name the server binds is one its clients use too.
    expected = (1024 * 1024, ("sandbox", "ci", "localhost"))
    assert (config.max_body_size, config.allowed_hosts) == expected
    assert served[0].control_app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024
    assert served[0].platform_apps["rapidpro"].config["MAX_CONTENT_LENGTH"] == 1024 * 1024


def test_serve_refuses_a_size_it_cannot_read(served: list[SandboxApp]) -> None:
    result, _ = serve("--max-body-size", "lots")

    assert result.exit_code == click.UsageError.exit_code
    assert (
        "Invalid value for '--max-body-size': 'lots' is not a size: give a positive number of "
        "bytes, optionally followed by KiB, MiB or GiB (e.g. 16MiB)"
    ) in result.stderr
    assert served == []


def test_an_empty_token_leaves_the_control_api_open_and_warns(served: list[SandboxApp]) -> None:
    # FLOW_SANDBOX_CONTROL_TOKEN= in a compose file: no token, so the warning says so.
    result, port = serve("--host", "0.0.0.0", env={"FLOW_SANDBOX_CONTROL_TOKEN": ""})

    assert result.exit_code == 0, result.output
    assert open_door(port) in result.stderr
    assert served[0].sandbox.config.control_token is None
