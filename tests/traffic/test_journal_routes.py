"""`/_sandbox/requests`: list with filters, count ("verify it was called N times"), clear;
validation in the control API's words; the spec; `serve --journal-size`; a live server."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest
import requests
from click.testing import CliRunner
from werkzeug.test import Client

from sandbox import server
from sandbox.app import SandboxApp
from sandbox.cli import main
from sandbox.core.traffic.journal import DEFAULT_SIZE, journal_of
from tests.conftest import FROZEN_AT, RAPIDPRO_AUTH, ROOT, LiveServer, MakeApp

CONTACTS = "/rapidpro/api/v2/contacts.json"
GROUPS = "/rapidpro/api/v2/groups.json"


@pytest.fixture
def client(make_app: MakeApp) -> Client:
    """A sandbox that received, in this order: two contacts created (the second at
    FROZEN_AT + 1 h), a list of contacts, one refused list, a group created, a 404."""
    app = make_app(seed=7)
    app.sandbox.clock.freeze(FROZEN_AT)
    client = Client(app)
    assert client.post(CONTACTS, json={"name": "A"}, headers=RAPIDPRO_AUTH).status_code == 201
    app.sandbox.clock.advance(3600)
    assert client.post(CONTACTS, json={"name": "B"}, headers=RAPIDPRO_AUTH).status_code == 201
    assert client.get(CONTACTS, headers=RAPIDPRO_AUTH).status_code == 200
    assert client.get(CONTACTS, headers={"Authorization": "Token nope"}).status_code == 403
    assert client.post(GROUPS, json={"name": "G"}, headers=RAPIDPRO_AUTH).status_code == 201
    assert client.get("/rapidpro/nowhere", headers=RAPIDPRO_AUTH).status_code == 404
    return client


def ids(client: Client, **query: Any) -> list[int]:
    response = client.get("/_sandbox/requests", query_string=query)
    assert response.status_code == 200, response.text
    return [entry["id"] for entry in response.json["requests"]]


def count(client: Client, **matcher: Any) -> int:
    response = client.post("/_sandbox/requests/count", json=matcher)
    assert response.status_code == 200, response.text
    return response.json["count"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("matcher", "expected"),
    [
        ({}, [6, 5, 4, 3, 2, 1]),
        ({"workspace": "default"}, [5, 3, 2, 1]),
        ({"workspace": "-"}, [6, 4]),
        ({"platform": "rapidpro"}, [6, 5, 4, 3, 2, 1]),
        ({"platform": "flowxo"}, []),
        ({"operation": "save_contact"}, [2, 1]),
        ({"operation": "list_contacts", "workspace": "default"}, [3]),
        ({"method": "post"}, [5, 2, 1]),
        ({"status": "201"}, [5, 2, 1]),
        ({"status": "4xx"}, [6, 4]),
        ({"status": "2XX", "method": "GET"}, [3]),
        ({"since": "2026-03-01T13:00:00Z"}, [6, 5, 4, 3, 2]),
        ({"since": "2026-03-01T13:00:00"}, [6, 5, 4, 3, 2]),  # naive: UTC
        ({"after": 4}, [6, 5]),
        ({"limit": 2}, [6, 5]),
        ({"workspace": "default", "limit": 1}, [5]),
    ],
)
def test_every_filter_narrows_the_list_and_the_count_alike(
    client: Client, matcher: dict[str, Any], expected: list[int]
) -> None:
    assert ids(client, **matcher) == expected
    unlimited = {key: value for key, value in matcher.items() if key != "limit"}
    assert count(client, **unlimited) == len(ids(client, **unlimited))
    if "limit" not in matcher:
        assert count(client, **matcher) == len(expected)


def test_count_takes_a_status_as_a_number_and_no_body_as_everything(client: Client) -> None:
    assert count(client, status=201, operation="save_contact") == 2
    no_body = client.post("/_sandbox/requests/count")
    assert (no_body.status_code, no_body.json) == (200, {"count": 6})


@pytest.mark.parametrize(
    ("query", "status", "answer"),
    [
        (
            {"platform": "rapidpr"},
            400,
            {
                "message": "unknown platform 'rapidpr' (expected one of: rapidpro, xerochat, "
                "flochat, flowxo, flowbot)"
            },
        ),
        (
            {"operation": "save_contacts"},
            400,
            {
                "message": "'save_contacts' is not an operationId of any platform (did you "
                "mean save_contact, list_contacts, get_contact?)"
            },
        ),
        (
            {"operation": "save_contact", "platform": "flowxo"},
            400,
            {"message": "'save_contact' is not an operationId of flowxo"},
        ),
        ({"workspace": "gone"}, 404, {"message": "no workspace named 'gone'"}),
        (
            {"status": "4x"},
            400,
            {"errors": {"query": {"status": ["a status code (404) or a class of them (4xx)"]}}},
        ),
        (
            {"limit": "0"},
            400,
            {"errors": {"query": {"limit": ["Must be greater than or equal to 1."]}}},
        ),
        ({"opration": "x"}, 400, {"errors": {"query": {"opration": ["Unknown field."]}}}),
        ({"since": "yesterday"}, 400, {"errors": {"query": {"since": ["Not a valid datetime."]}}}),
    ],
)
def test_a_wrong_filter_is_refused_rather_than_matching_nothing(
    client: Client, query: dict[str, str], status: int, answer: dict[str, Any]
) -> None:
    names = {400: "Bad Request", 404: "Not Found"}
    listed = client.get("/_sandbox/requests", query_string=query)
    assert (listed.status_code, listed.json) == (
        status,
        {"code": status, "status": names[status], **answer},
    )
    counted = client.post("/_sandbox/requests/count", json=query)
    assert counted.status_code == status
    if "limit" in query:  # a count has no limit
        assert counted.json["errors"] == {"json": {"limit": ["Unknown field."]}}
    elif "errors" in answer:  # the same complaint, about the JSON body
        assert counted.json["errors"] == {"json": answer["errors"]["query"]}
    else:
        assert counted.json["message"] == answer["message"]


def test_count_refuses_a_body_that_is_not_json(client: Client) -> None:
    response = client.post("/_sandbox/requests/count", data="status=201")
    assert response.status_code == 415


def test_delete_clears_one_journal_or_every_one(client: Client) -> None:
    assert client.delete("/_sandbox/requests", query_string={"workspace": "-"}).status_code == 204
    assert ids(client) == [5, 3, 2, 1]
    gone = client.delete("/_sandbox/requests", query_string={"workspace": "gone"})
    assert (gone.status_code, gone.json["message"]) == (404, "no workspace named 'gone'")
    assert (
        client.delete("/_sandbox/requests", query_string={"workspace": "default"}).status_code
        == 204
    )
    assert ids(client) == []
    client.get(CONTACTS, headers=RAPIDPRO_AUTH)
    assert client.delete("/_sandbox/requests").status_code == 204
    assert ids(client) == [] and count(client) == 0
    client.get(CONTACTS, headers=RAPIDPRO_AUTH)
    assert ids(client) == [8]  # ids go on counting (a poller's `after` stays valid)


def test_the_control_spec_documents_the_routes() -> None:
    spec = json.loads((ROOT / "specs" / "sandbox-control.openapi.json").read_text())
    requests_path, count_path = spec["paths"]["/requests"], spec["paths"]["/requests/count"]
    assert sorted(requests_path) == ["delete", "get"]
    assert sorted(count_path) == ["post"]
    listed = {p["name"] for p in requests_path["get"]["parameters"]}
    assert listed == {
        "workspace",
        "platform",
        "operation",
        "method",
        "status",
        "since",
        "after",
        "limit",
    }
    assert sorted(requests_path["get"]["responses"]) == ["200", "400", "404", "409", "default"]
    entry = spec["components"]["schemas"]["Entry"]
    assert set(entry["properties"]) == {
        "id",
        "time",
        "workspace",
        "platform",
        "operation",
        "nearest",
        "method",
        "path",
        "query",
        "status",
        "duration_ms",
        "fault",
        "request",
        "response",
    }


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ([], {}, DEFAULT_SIZE),
        (["--journal-size", "5"], {}, 5),
        ([], {"FLOW_SANDBOX_JOURNAL_SIZE": "7"}, 7),
        (["--journal-size", "0"], {}, None),
    ],
)
def test_serve_takes_the_journal_size_from_its_option_or_the_environment(
    monkeypatch: pytest.MonkeyPatch, args: list[str], env: dict[str, str], expected: int | None
) -> None:
    served: list[int | None] = []

    def stop_at_once(app: SandboxApp, listener: socket.socket, *rest: object) -> bool:
        journal = journal_of(app.sandbox.traffic)
        served.append(None if journal is None else journal.size)
        listener.close()
        app.close()
        return True

    monkeypatch.setattr(server, "serve", stop_at_once)
    result = CliRunner().invoke(main, ["serve", "--port", "0", "--db", ":memory:", *args], env=env)

    assert result.exit_code == 0, result.output
    assert served == [expected]


def test_serve_refuses_a_negative_journal_size() -> None:
    result = CliRunner().invoke(main, ["serve", "--journal-size", "-1"])
    assert result.exit_code == 2
    assert "-1 is not in the range x>=0" in result.output


def test_a_live_server_journals_what_a_requests_client_sent(live_server: LiveServer) -> None:
    url = live_server.url
    assert requests.post(f"{url}/_sandbox/reset", json={}, timeout=5).status_code == 200
    with requests.Session() as session:
        session.headers.update(RAPIDPRO_AUTH)
        created = session.post(f"{url}{CONTACTS}", json={"name": "Live"}, timeout=5)
        assert created.status_code == 201
        assert session.get(f"{url}{CONTACTS}?name=Live", timeout=5).status_code == 200

    listed = requests.get(f"{url}/_sandbox/requests", params={"workspace": "default"}, timeout=5)
    assert listed.status_code == 200
    newest, oldest = listed.json()["requests"]
    assert (newest["id"], newest["method"], newest["query"], newest["status"]) == (
        2,
        "GET",
        "name=Live",
        200,
    )
    assert (oldest["operation"], oldest["request"]["body"]) == (
        {"id": "save_contact", "path": "/api/v2/contacts.json"},
        '{"name": "Live"}',
    )
    headers = oldest["request"]["headers"]
    assert headers["Authorization"] == "Token ****"
    assert headers["User-Agent"].startswith("python-requests/")
    assert oldest["response"]["body"] == created.text
    counted = requests.post(
        f"{url}/_sandbox/requests/count", json={"operation": "save_contact"}, timeout=5
    )
    assert counted.json() == {"count": 1}


def test_a_limit_past_any_machine_integer_lists_everything(client: Client) -> None:
    # islice refuses a stop past sys.maxsize: such a limit was a 500, not "no limit".
    assert ids(client, limit=str(10**30)) == [6, 5, 4, 3, 2, 1]
