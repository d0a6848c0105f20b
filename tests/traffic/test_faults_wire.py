"""Cut answers on a real connection, under both servers that serve the sandbox: granian
(`flow-sandbox serve`, the `live_server` fixture) and werkzeug's threaded server
(`sandbox.testing.SandboxServer`, what the pytest plugin serves)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from sandbox.testing import SandboxServer
from tests.conftest import RAPIDPRO_AUTH, LiveServer

CONTACTS = "/rapidpro/api/v2/contacts.json"
#: The default workspace's contacts list with no contacts: 42 bytes.
EMPTY_LIST = b'{"next":null,"previous":null,"results":[]}'


@pytest.fixture(scope="module")
def werkzeug_url() -> Iterator[str]:
    with SandboxServer(seed=7) as client:
        yield client.url


@pytest.fixture(params=["granian", "werkzeug"])
def url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The base URL of a server of each kind, reset, its rules removed afterwards."""
    if request.param == "granian":
        server: LiveServer = request.getfixturevalue("live_server")
        base = server.url
    else:
        base = request.getfixturevalue("werkzeug_url")
    assert requests.post(f"{base}/_sandbox/reset", json={}, timeout=10).status_code == 200
    yield base
    requests.delete(f"{base}/_sandbox/faults", timeout=10)


def add(url: str, **rule: Any) -> None:
    response = requests.post(f"{url}/_sandbox/faults", json=rule, timeout=10)
    assert response.status_code == 201, response.text


def get_contacts(url: str) -> requests.Response:
    return requests.get(f"{url}{CONTACTS}", headers=RAPIDPRO_AUTH, timeout=10)


def test_a_dropped_connection_is_a_connection_error(url: str) -> None:
    add(url, platform="rapidpro", action="drop", times=3)
    for _ in range(3):
        with pytest.raises(requests.ConnectionError) as raised:
            get_contacts(url)
        assert not isinstance(raised.value, requests.exceptions.ChunkedEncodingError)
        assert "Remote end closed connection without response" in str(raised.value)
    assert get_contacts(url).content == EMPTY_LIST  # the server serves on


def test_a_dropped_post_was_still_carried_out(url: str) -> None:
    add(url, platform="rapidpro", operation="save_contact", action="drop", times=1)
    with pytest.raises(requests.ConnectionError):
        requests.post(f"{url}{CONTACTS}", json={"name": "Ann"}, headers=RAPIDPRO_AUTH, timeout=10)
    assert [contact["name"] for contact in get_contacts(url).json()["results"]] == ["Ann"]


@pytest.mark.parametrize(("rule", "sent"), [({"bytes": 10}, 10), ({}, 21)])
def test_a_truncated_body_breaks_off(url: str, rule: dict[str, int], sent: int) -> None:
    add(url, platform="rapidpro", action="truncate", times=3, **rule)
    for _ in range(3):
        with pytest.raises(requests.exceptions.ChunkedEncodingError) as raised:
            get_contacts(url)
        assert f"IncompleteRead({sent} bytes read, {42 - sent} more expected)" in str(raised.value)
    # What arrived: the head, and the first bytes, read without decoding the rest.
    add(url, platform="rapidpro", action="truncate", times=1, **rule)
    with requests.get(f"{url}{CONTACTS}", headers=RAPIDPRO_AUTH, timeout=10, stream=True) as r:
        assert (r.status_code, r.headers["Content-Length"]) == (200, "42")
        assert r.headers["Content-Type"] == "application/json"
        assert r.raw.read(sent) == EMPTY_LIST[:sent]


def test_an_empty_answer_has_no_body(url: str) -> None:
    add(url, platform="rapidpro", action="empty", times=1)
    response = get_contacts(url)
    assert (response.status_code, response.content) == (200, b"")
    assert response.headers["Content-Type"] == "application/json"
    with pytest.raises(requests.exceptions.JSONDecodeError):
        response.json()
    assert get_contacts(url).content == EMPTY_LIST


def test_a_held_back_answer_does_not_hold_other_requests(werkzeug_url: str) -> None:
    """werkzeug's server (the pytest plugin's) serves each connection in its own thread."""
    add(werkzeug_url, platform="rapidpro", action="latency", ms=1500, times=1)
    slow = threading.Thread(target=get_contacts, args=(werkzeug_url,))
    slow.start()
    try:
        time.sleep(0.2)
        started = time.perf_counter()
        health = requests.get(f"{werkzeug_url}/_sandbox/health", timeout=10)
        assert health.status_code == 200
        assert time.perf_counter() - started < 1
    finally:
        slow.join()
        requests.delete(f"{werkzeug_url}/_sandbox/faults", timeout=10)
