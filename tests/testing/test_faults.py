"""Fault rules through a Workspace handle, on the in-process server: the vendor's error, and
connections cut on werkzeug's server (what the plugin serves) as a client sees them."""

from __future__ import annotations

import pytest
import requests

from sandbox.testing import SandboxClient, Workspace


def contacts(workspace: Workspace) -> requests.Response:
    token = workspace.credentials["rapidpro"]["token"]
    return requests.get(
        f"{workspace.base_url('rapidpro')}/api/v2/contacts.json",
        headers={"Authorization": f"Token {token}"},
        timeout=5,
    )


def test_a_429_in_the_vendors_words_fires_times_then_expires(served: SandboxClient) -> None:
    with served.create_workspace() as workspace:
        rule = workspace.add_fault(
            platform="rapidpro", action="error", status=429, retry_after=3, times=1
        )
        expected = {
            "workspace": workspace.name,
            "platform": "rapidpro",
            "operation": None,
            "path": None,
            "method": None,
            "action": "error",
            "status": 429,
            "retry_after": 3,
            "ms": None,
            "min_ms": None,
            "max_ms": None,
            "bytes": None,
            "probability": 1.0,
            "times": 1,
            "after": 0,
            "id": rule["id"],
            "matched": 0,
            "fired": 0,
            "expired": False,
        }
        assert rule == expected
        throttled = contacts(workspace)
        assert (throttled.status_code, throttled.headers["Retry-After"]) == (429, "3")
        assert throttled.json() == {
            "detail": "Request was throttled. Expected available in 3 seconds."
        }
        assert contacts(workspace).status_code == 200
        assert workspace.faults() == [{**expected, "matched": 2, "fired": 1, "expired": True}]


def test_a_handle_lists_and_removes_its_own_workspaces_rules(served: SandboxClient) -> None:
    with served.create_workspace() as mine, served.create_workspace() as theirs:
        kept = mine.add_fault(platform="flochat", action="empty")
        theirs.add_fault(platform="flochat", action="empty")
        assert [rule["id"] for rule in mine.faults()] == [kept["id"]]
        mine.remove_fault(kept["id"])
        assert mine.faults() == []
        assert len(theirs.faults()) == 1
        theirs.clear_faults()
        assert theirs.faults() == []


def test_the_rules_a_handle_added_go_with_its_workspace(served: SandboxClient) -> None:
    with served.create_workspace() as workspace:
        workspace.add_fault(action="drop")
    assert served.faults(workspace=workspace.name) == []
    assert served.faults() == []


def test_cut_connections_reach_the_client_as_on_the_wire(served: SandboxClient) -> None:
    with served.create_workspace() as workspace:
        workspace.add_fault(platform="rapidpro", action="drop", times=1)
        with pytest.raises(requests.ConnectionError, match="without response"):
            contacts(workspace)
        workspace.add_fault(platform="rapidpro", action="truncate", bytes=5, times=1)
        with pytest.raises(requests.exceptions.ChunkedEncodingError, match="5 bytes read"):
            contacts(workspace)
        workspace.add_fault(platform="rapidpro", action="empty", times=1)
        emptied = contacts(workspace)
        assert (emptied.status_code, emptied.content) == (200, b"")
        # The server goes on answering.
        assert contacts(workspace).json() == {"next": None, "previous": None, "results": []}
