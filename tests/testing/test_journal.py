"""The request journal through a Workspace handle and the client, on the in-process server."""

from __future__ import annotations

import requests

from sandbox.testing import SandboxClient


def test_the_journal_lists_counts_and_clears_a_workspaces_requests(served: SandboxClient) -> None:
    with served.create_workspace() as workspace:
        headers = {"Authorization": f"Token {workspace.credentials['rapidpro']['token']}"}
        url = f"{workspace.base_url('rapidpro')}/api/v2/contacts.json"
        requests.post(url, json={"name": "Ana"}, headers=headers, timeout=5)
        requests.get(url, headers=headers, timeout=5)

        listed = workspace.requests()
        assert [(entry["method"], entry["status"], entry["operation"]) for entry in listed] == [
            ("GET", 200, {"id": "list_contacts", "path": "/api/v2/contacts.json"}),
            ("POST", 201, {"id": "save_contact", "path": "/api/v2/contacts.json"}),
        ]
        assert listed[1]["request"]["headers"]["Authorization"] == "Token ****"
        assert [entry["method"] for entry in workspace.requests(method="POST")] == ["POST"]
        assert workspace.count_requests(operation="save_contact", status=201) == 1
        assert served.count_requests(workspace=workspace.name) == 2
        assert len(served.requests(workspace=workspace.name, limit=1)) == 1

        workspace.clear_requests()
        assert workspace.requests() == []
        requests.get(url, headers=headers, timeout=5)
    # The journal goes with the workspace.
    assert served.count_requests() == 0
