"""The real client against a faulted workspace of a live server (`flow-sandbox serve`):
what rapidpro-python's TembaClient raises for each fault, and how `retry_on_rate_exceed`
treats a 429 fault's Retry-After (issue 15 §2)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from temba_client import base as temba_base
from temba_client.exceptions import TembaConnectionError, TembaHttpError, TembaRateExceededError
from temba_client.v2 import TembaClient

from tests.conftest import LiveServer

WORKSPACE = "faulted"


@pytest.fixture
def faulted(live_server: LiveServer) -> Iterator[tuple[str, TembaClient]]:
    """A workspace of its own with two contacts, and a TembaClient with its token."""
    url = live_server.url
    created = requests.post(
        f"{url}/_sandbox/workspaces",
        json={"name": WORKSPACE, "rapidpro": {"contacts": [{"name": "Ann"}, {"name": "Bo"}]}},
        timeout=10,
    )
    assert created.status_code == 201, created.text
    token = created.json()["credentials"]["rapidpro"]["token"]
    try:
        yield url, TembaClient(f"{url}/rapidpro", token)
    finally:
        requests.delete(f"{url}/_sandbox/workspaces/{WORKSPACE}", timeout=10)


def add(url: str, **rule: Any) -> dict[str, Any]:
    rule = {"workspace": WORKSPACE, "platform": "rapidpro", "operation": "list_contacts", **rule}
    response = requests.post(f"{url}/_sandbox/faults", json=rule, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def names(client: TembaClient, **options: Any) -> list[str]:
    return sorted(contact.name for contact in client.get_contacts().all(**options))


def test_a_503_once_is_an_http_error_then_the_call_succeeds(
    faulted: tuple[str, TembaClient],
) -> None:
    url, client = faulted
    rule = add(url, action="error", status=503, times=1)
    with pytest.raises(TembaHttpError) as raised:
        client.get_contacts().all()
    cause = raised.value.caused_by
    assert cause.response.status_code == 503
    assert cause.response.text == "Server Error. Site administrators have been notified."
    # The rule expired: the next call gets the contacts.
    assert names(client) == ["Ann", "Bo"]
    shown = requests.get(f"{url}/_sandbox/faults/{rule['id']}", timeout=10).json()
    assert (shown["matched"], shown["fired"], shown["expired"]) == (2, 1, True)


def test_retry_on_rate_exceed_waits_retry_after_and_completes(
    faulted: tuple[str, TembaClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, client = faulted
    add(url, action="error", status=429, retry_after=1, times=2)
    slept: list[float] = []
    monkeypatch.setattr(temba_base.time, "sleep", slept.append)  # the wait, not really waited
    assert names(client, retry_on_rate_exceed=True) == ["Ann", "Bo"]
    assert slept == [1, 1]
    # Without retries the client hands the 429 on, with the wait it was told.
    add(url, action="error", status=429, retry_after=1, times=1)
    with pytest.raises(TembaRateExceededError) as raised:
        client.get_contacts().all()
    assert raised.value.retry_after == 1


def test_a_dropped_connection_is_a_temba_connection_error(
    faulted: tuple[str, TembaClient],
) -> None:
    url, client = faulted
    add(url, action="drop", times=1)
    with pytest.raises(TembaConnectionError):
        client.get_contacts().all()
    assert names(client) == ["Ann", "Bo"]


def test_a_truncated_body_escapes_the_client_as_requests_own_error(
    faulted: tuple[str, TembaClient],
) -> None:
    """rapidpro-python catches requests' HTTPError and ConnectionError only: a body cut
    short reaches the caller as requests' ChunkedEncodingError, which an integration's
    retry logic has to expect too."""
    url, client = faulted
    add(url, action="truncate", times=1)
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        client.get_contacts().all()


def test_an_empty_body_is_read_as_no_answer(faulted: tuple[str, TembaClient]) -> None:
    """rapidpro-python reads an empty body as None, and its cursor then fails on it."""
    url, client = faulted
    add(url, action="empty", times=1)
    with pytest.raises(TypeError, match="NoneType"):
        client.get_contacts().all()
