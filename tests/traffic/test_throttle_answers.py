"""Every platform's own "too many requests" answer (`Platform.too_many_requests`), as a gate
that raises it gets it rendered: exact status, body and headers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from werkzeug.test import Client, TestResponse

from sandbox.app import SandboxApp
from sandbox.core.platform import Platform
from sandbox.core.traffic.exchange import Exchange
from sandbox.platforms import PLATFORMS
from sandbox.platforms.flochat.errors import too_many_requests as flochat_429
from sandbox.platforms.rapidpro.errors import too_many_requests as rapidpro_429
from tests.conftest import DEMO, FROZEN_AT, RAPIDPRO_AUTH

#: FROZEN_AT as a Unix time.
NOW = int(FROZEN_AT.timestamp())


@pytest.fixture
def refused(sandbox_app: SandboxApp, frozen: datetime) -> Iterator[dict[str, int]]:
    """A gate answering every request with its platform's 429; set `wait` to the seconds."""
    asked = {"wait": 7}

    def gate(exchange: Exchange, platform: Platform) -> None:
        assert platform.too_many_requests is not None
        raise platform.too_many_requests(asked["wait"])

    gates = sandbox_app.sandbox.traffic.gates
    gates.append(gate)
    yield asked
    gates.remove(gate)


def headers_of(response: TestResponse, *names: str) -> list[tuple[str, str]]:
    return [(name, value) for name, value in response.headers if name in names]


def test_every_platform_names_its_429() -> None:
    assert all(platform.too_many_requests is not None for platform in PLATFORMS.values())


@pytest.mark.parametrize(
    ("wait", "detail"),
    [
        (7, "Request was throttled. Expected available in 7 seconds."),
        (1, "Request was throttled. Expected available in 1 second."),
    ],
)
def test_rapidpro_answers_drf_throttled(
    client: Client, refused: dict[str, int], wait: int, detail: str
) -> None:
    refused["wait"] = wait
    response = client.get("/rapidpro/api/v2/contacts.json", headers=RAPIDPRO_AUTH)
    assert response.status_code == 429
    assert response.json == {"detail": detail}
    assert response.headers["Retry-After"] == str(wait)
    assert response.mimetype == "application/json"
    # DRF's own headers stay on the answer.
    assert response.headers["Allow"] == "GET, POST, DELETE, HEAD, OPTIONS"


def test_rapidpro_sends_no_retry_after_for_no_wait() -> None:
    error = rapidpro_429(0)
    assert error.body == "Request was throttled. Expected available in 0 seconds."
    assert error.extra_headers == {}


def test_flochat_answers_laravels_throttle(client: Client, refused: dict[str, int]) -> None:
    auth = {"Authorization": f"Bearer {DEMO['flochat']['api_key']}"}
    response = client.get("/flochat/flow/tags", headers=auth)
    assert response.status_code == 429
    assert response.json == {"message": "Too Many Attempts."}
    assert headers_of(
        response, "X-RateLimit-Limit", "X-RateLimit-Remaining", "Retry-After", "X-RateLimit-Reset"
    ) == [
        ("X-RateLimit-Limit", "60"),
        ("X-RateLimit-Remaining", "0"),
        ("Retry-After", "7"),
        ("X-RateLimit-Reset", str(NOW + 7)),
    ]


def test_flochat_names_the_limit_it_is_given() -> None:
    error = flochat_429(3, 5, now=FROZEN_AT)
    assert error.extra_headers["X-RateLimit-Limit"] == "5"
    assert error.extra_headers["X-RateLimit-Reset"] == str(NOW + 3)


def test_xerochat_answers_codeigniters_error_page(client: Client, refused: dict[str, int]) -> None:
    response = client.get(f"/xerochat/api/get_user_info?api_key={DEMO['xerochat']['admin_key']}")
    assert response.status_code == 429
    assert response.content_type == "text/html; charset=utf-8"
    assert response.text == (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n'
        '</head>\n<body>\n\t<div id="container">\n\t\t<h1>An Error Was Encountered</h1>\n'
        "\t\t<p>Too Many Requests</p>\t</div>\n</body>\n</html>"
    )
    assert response.headers["Retry-After"] == "7"


def express_headers(response: TestResponse) -> list[tuple[str, str]]:
    return headers_of(
        response, "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"
    )


EXPRESS_429 = [
    ("X-RateLimit-Limit", "5"),
    ("X-RateLimit-Remaining", "0"),
    ("X-RateLimit-Reset", str(NOW + 7)),
    ("Retry-After", "7"),
]


def test_flowxo_answers_express_rate_limit(client: Client, refused: dict[str, int]) -> None:
    auth = {"Authorization": f"Bearer {DEMO['flowxo']['api_key']}"}
    response = client.get("/flowxo/api/workflows/simple", headers=auth)
    assert response.status_code == 429
    assert response.content_type == "text/html; charset=utf-8"
    assert response.text == "Too many requests, please try again later."
    assert express_headers(response) == EXPRESS_429


def test_flowbot_answers_express_rate_limit(client: Client, refused: dict[str, int]) -> None:
    # The token exchange is public (no workspace), so the gate refuses it too.
    credentials = {"clientId": DEMO["flowbot"]["client_id"], "apiKey": DEMO["flowbot"]["api_key"]}
    response = client.post("/flowbot/api/auth/api-token", json=credentials)
    assert response.status_code == 429
    assert response.content_type == "text/html; charset=utf-8"
    assert response.text == "Too many requests, please try again later."
    assert express_headers(response) == EXPRESS_429
