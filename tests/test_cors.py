"""`serve --cors`: browser pages of any origin may call the platforms; the control API stays
guarded; without the flag nothing changes."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from click.testing import CliRunner
from werkzeug.test import Client

from sandbox import server
from sandbox.app import SandboxApp
from sandbox.cli import main
from sandbox.config import SandboxConfig
from tests.conftest import RAPIDPRO_AUTH, MakeApp

PAGE = "http://localhost:5173"
CONTACTS = "/rapidpro/api/v2/contacts.json"
PREFLIGHT = {
    "Origin": PAGE,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization, content-type",
}


def cors_headers(headers: Any) -> dict[str, str]:
    return {name: value for name, value in headers.items() if name.startswith("Access-Control-")}


@pytest.fixture
def cors(make_app: MakeApp) -> Client:
    return Client(make_app(seed=1, cors=True))


def test_cors_is_off_by_default() -> None:
    assert SandboxConfig().cors is False


def test_a_preflight_is_answered_with_what_the_browser_asked_for(cors: Client) -> None:
    response = cors.options(CONTACTS, headers=PREFLIGHT)

    assert response.status_code == 204
    assert response.data == b""
    assert cors_headers(response.headers) == {
        "Access-Control-Allow-Methods": "DELETE, GET, HEAD, POST",
        "Access-Control-Allow-Headers": "authorization, content-type",
        "Access-Control-Max-Age": "7200",
        "Access-Control-Allow-Origin": PAGE,
    }
    assert "Origin" in response.headers["Vary"]
    assert "Content-Type" not in response.headers


def test_a_preflight_names_the_methods_of_its_own_url(cors: Client) -> None:
    headers = {"Origin": PAGE, "Access-Control-Request-Method": "PUT"}

    response = cors.options("/flowxo/api/end_users", headers=headers)

    assert response.status_code == 204
    assert cors_headers(response.headers) == {
        "Access-Control-Allow-Methods": "POST, PUT",
        "Access-Control-Max-Age": "7200",
        "Access-Control-Allow-Origin": PAGE,
    }


def test_every_answer_allows_the_calling_origin(cors: Client) -> None:
    listed = cors.get(CONTACTS, headers={**RAPIDPRO_AUTH, "Origin": PAGE})
    refused = cors.get(CONTACTS, headers={"Origin": PAGE})
    missing = cors.get("/rapidpro/nothing", headers={"Origin": PAGE})

    for response, status in ((listed, 200), (refused, 403), (missing, 404)):
        assert response.status_code == status
        assert cors_headers(response.headers) == {"Access-Control-Allow-Origin": PAGE}
        assert "Origin" in response.headers["Vary"]


def test_an_answer_to_a_request_without_origin_allows_any(cors: Client) -> None:
    response = cors.get(CONTACTS, headers=RAPIDPRO_AUTH)

    assert response.status_code == 200
    assert cors_headers(response.headers) == {"Access-Control-Allow-Origin": "*"}


def test_a_preflight_of_an_unknown_url_gets_the_platforms_404(cors: Client, client: Client) -> None:
    headers = {"Origin": PAGE, "Access-Control-Request-Method": "GET"}

    response = cors.options("/rapidpro/nothing", headers=headers)
    plain = client.options("/rapidpro/nothing", headers=headers)

    assert (response.status_code, response.data) == (404, plain.data)
    assert cors_headers(response.headers) == {"Access-Control-Allow-Origin": PAGE}


def test_a_plain_options_request_is_answered_by_the_platform(cors: Client, client: Client) -> None:
    response = cors.options(CONTACTS, headers={"Origin": PAGE})
    plain = client.options(CONTACTS, headers={"Origin": PAGE})

    assert (response.status_code, response.data) == (plain.status_code, plain.data)
    assert response.status_code == 403  # RapidPro asks for the token first
    assert cors_headers(response.headers) == {"Access-Control-Allow-Origin": PAGE}


def test_without_cors_a_preflight_is_answered_as_before(client: Client) -> None:
    response = client.options(CONTACTS, headers=PREFLIGHT)

    assert response.status_code == 403
    assert response.json == {"detail": "Authentication credentials were not provided."}
    assert cors_headers(response.headers) == {}
    assert response.headers["Vary"] == "Accept"


def test_one_platform_at_the_root_answers_preflights(make_app: MakeApp) -> None:
    client = Client(make_app(platform="rapidpro", cors=True))

    response = client.options("/api/v2/contacts.json", headers=PREFLIGHT)

    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == PAGE


@pytest.mark.parametrize("path", ["/_sandbox/health", "/_sandbox/reset"])
def test_the_control_api_is_not_opened(cors: Client, client: Client, path: str) -> None:
    preflight = {"Origin": PAGE, "Access-Control-Request-Method": "POST"}

    response = cors.options(path, headers=preflight)
    plain = client.options(path, headers=preflight)

    assert (response.status_code, response.data) == (plain.status_code, plain.data)
    assert cors_headers(response.headers) == {}


def test_a_cross_site_write_to_the_control_api_is_still_refused(cors: Client) -> None:
    response = cors.post(
        "/_sandbox/reset", json={}, headers={"Host": "localhost:8000", "Origin": PAGE}
    )

    assert response.status_code == 403
    assert cors_headers(response.headers) == {}


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ([], {}, False),
        (["--cors"], {}, True),
        ([], {"FLOW_SANDBOX_CORS": "1"}, True),
        ([], {"FLOW_SANDBOX_CORS": "0"}, False),
    ],
)
def test_serve_takes_cors_from_its_flag_or_the_environment(
    monkeypatch: pytest.MonkeyPatch, args: list[str], env: dict[str, str], expected: bool
) -> None:
    served: list[bool] = []

    def stop_at_once(app: SandboxApp, listener: socket.socket, *rest: object) -> bool:
        served.append(app.sandbox.config.cors)
        listener.close()
        app.close()
        return True

    monkeypatch.setattr(server, "serve", stop_at_once)
    monkeypatch.delenv("FLOW_SANDBOX_CORS", raising=False)
    result = CliRunner().invoke(main, ["serve", "--port", "0", "--db", ":memory:", *args], env=env)

    assert result.exit_code == 0, result.output
    assert served == [expected]
