"""The real client against a throttled workspace: rapidpro-python's
`get_contacts().all(retry_on_rate_exceed=True)` honours RapidPro's 429 and Retry-After and
still returns every contact (issue 15 §3)."""

from __future__ import annotations

import pytest
import requests
from temba_client import base as temba_base
from temba_client.exceptions import TembaRateExceededError
from temba_client.v2 import TembaClient

from sandbox.core.traffic.exchange import Exchange
from sandbox.platforms.rapidpro.auth import DEMO_CREDENTIALS
from sandbox.testing.server import SandboxServer
from tests.conftest import FROZEN_AT

CONTACTS = 600  # three pages of 250


def test_all_pages_arrive_through_the_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    server = SandboxServer(seed=5)
    server.start()
    try:
        assert server.app is not None
        sandbox = server.app.sandbox
        sandbox.clock.freeze(FROZEN_AT)
        contacts = [
            {"name": f"C{i:03d}", "urns": [f"whatsapp:55829{i:08d}"]} for i in range(CONTACTS)
        ]
        # A control call gives the workspace its data and a rate low enough for a test.
        loaded = requests.post(
            f"{server.url}/_sandbox/fixtures",
            json={
                "workspaces": {
                    "default": {
                        "rapidpro": {"contacts": contacts},
                        "throttle": {"rapidpro": {"v2.contacts": "2/second"}},
                    }
                }
            },
            timeout=30,
        )
        assert loaded.status_code == 200, loaded.text
        answers: list[tuple[int, str | None]] = []

        def record(exchange: Exchange) -> None:
            retry = dict(exchange.response_headers).get("Retry-After")
            answers.append((exchange.status, retry))

        sandbox.traffic.recorders.append(record)
        slept: list[float] = []

        def sleep(seconds: float) -> None:  # the client's wait, on the sandbox clock
            slept.append(seconds)
            sandbox.clock.advance(seconds)

        monkeypatch.setattr(temba_base.time, "sleep", sleep)
        client = TembaClient(f"{server.url}/rapidpro", DEMO_CREDENTIALS["token"])

        everyone = client.get_contacts().all(retry_on_rate_exceed=True)

        assert len({contact.uuid for contact in everyone}) == CONTACTS
        # Two pages in the first second, the third refused until the oldest leaves it.
        assert answers == [(200, None), (200, None), (429, "1"), (200, None)]
        assert slept == [1]
        # Without retries the client hands the 429 on, with the wait it was told.
        with pytest.raises(TembaRateExceededError) as refused:
            client.get_contacts().all()
        assert refused.value.retry_after == 1
    finally:
        server.stop()
