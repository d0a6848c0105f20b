"""The session of a run against an in-process sandbox calls the app directly: nothing of
the user's environment meant for real hosts (netrc credentials, proxies) reaches it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance import run as kit_run
from conformance.run import Run
from conformance.settings import Settings


@pytest.fixture
def in_process_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    # A netrc with credentials for the in-process server's host, and a proxy that answers
    # nothing: requests applies both to every request of a session that trusts the
    # environment.
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password their-secret\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    settings = Settings(
        platform="rapidpro",
        base_url=None,
        read_only=False,
        include_permanent=False,
        max_examples=1,
        seed=1,
        report_dir=tmp_path / "report",
        rate_limit=None,
    )
    run = kit_run.begin(settings)
    try:
        yield run
    finally:
        kit_run.end()


def test_unauthenticated_requests_stay_unauthenticated(in_process_run: Run) -> None:
    url = f"{in_process_run.target.base_url}/api/v2/contacts.json"
    response = in_process_run.session.get(url)
    assert "Authorization" not in response.request.headers
    assert response.status_code == 403
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_authenticated_requests_reach_the_app(in_process_run: Run) -> None:
    url = f"{in_process_run.target.base_url}/api/v2/contacts.json"
    token = in_process_run.credentials["token"]
    response = in_process_run.session.get(url, headers={"Authorization": f"Token {token}"})
    assert response.status_code == 200
    assert response.json()["results"] == []
