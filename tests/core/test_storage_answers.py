"""What a client sees when its write cannot be journalled (a full disk): the vendor's own
500, nothing of the write readable afterwards, and the writes after space comes back kept
across a restart."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.test import Client

from sandbox.app import SandboxApp, create_app
from sandbox.config import SandboxConfig
from sandbox.platforms.rapidpro.errors import SERVER_ERROR
from sandbox.platforms.xerochat.errors import CODEIGNITER_ERROR
from tests.conftest import RAPIDPRO_DEMO, RapidProClient
from tests.core.faults import DiskFull
from tests.core.test_storage_journal import crash_copy

#: Each platform's answer to a failed commit: status, Content-Type, body.
VENDOR_500 = {
    "rapidpro": (500, "text/plain; charset=utf-8", SERVER_ERROR),
    "flochat": (500, "application/json", '{"message":"Server Error"}'),
    "flowbot": (500, "application/json; charset=utf-8", '{"error":"Internal Server Error"}'),
    "flowxo": (500, "application/json; charset=utf-8", '{"message":"Internal Server Error"}'),
    "xerochat": (
        500,
        "text/html; charset=utf-8",
        CODEIGNITER_ERROR.format("An uncaught Exception was encountered"),
    ),
}


@pytest.fixture
def on_disk(tmp_path: Path) -> Iterator[SandboxApp]:
    app = create_app(SandboxConfig(db=str(tmp_path / "live" / "db.json"), seed=1))
    yield app
    app.close()


@pytest.mark.parametrize("platform", sorted(VENDOR_500))
def test_a_commit_the_disk_refuses_is_answered_with_the_vendors_500(
    on_disk: SandboxApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    store = on_disk.sandbox.store

    # Every request of this test writes (the platform's own writes differ from one to
    # the next; the commit that fails is the same).
    @on_disk.platform_apps[platform].before_request
    def write_something() -> None:
        store.insert("probe", "default", {"written": True})

    DiskFull(monkeypatch, tmp_path / "live" / "db.json.journal", room=5)
    response = Client(on_disk).get(f"/{platform}/openapi.json")

    assert (response.status_code, response.content_type, response.get_data(as_text=True)) == (
        VENDOR_500[platform]
    )
    assert store.count("probe", "default") == 0


def test_contacts_created_while_the_disk_is_full_are_refused_and_later_ones_kept(
    on_disk: SandboxApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rapidpro = RapidProClient(Client(on_disk), RAPIDPRO_DEMO["token"])
    disk = DiskFull(monkeypatch, tmp_path / "live" / "db.json.journal", room=40)

    refused = rapidpro.post("contacts", {"name": "Ana"})
    assert (refused.status_code, refused.get_data(as_text=True)) == (500, SERVER_ERROR)
    assert rapidpro.get("contacts").json["results"] == []  # nothing half-kept

    disk.room = None  # space comes back
    assert rapidpro.post("contacts", {"name": "Bruno"}).status_code == 201
    copy = crash_copy(tmp_path / "live" / "db.json", tmp_path / "crashed")
    restarted = create_app(SandboxConfig(db=str(copy), seed=1))
    try:
        again = RapidProClient(Client(restarted), rapidpro.token)
        assert [c["name"] for c in again.get("contacts").json["results"]] == ["Bruno"]
    finally:
        restarted.close()
