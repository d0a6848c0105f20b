"""The request journal records every platform request as it was received and answered:
exact entries, credentials masked on every platform, bounded bodies and rings, and what
resets and removed workspaces leave of it."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.app import SandboxApp
from sandbox.core.platform import Platform
from sandbox.core.traffic.exchange import BODY_KEPT, Exchange
from sandbox.core.traffic.journal import Filter, Journal, journal_of
from tests.conftest import DEMO, FROZEN_AT, RAPIDPRO_AUTH, MakeApp

CONTACTS = "/rapidpro/api/v2/contacts.json"
TOKEN = DEMO["rapidpro"]["token"]


def listed(client: Client, **query: Any) -> list[dict[str, Any]]:
    response = client.get("/_sandbox/requests", query_string=query)
    assert response.status_code == 200, response.text
    return response.json["requests"]  # type: ignore[no-any-return]


def timeless(entry: dict[str, Any]) -> dict[str, Any]:
    """The entry without its duration (real time), which is checked on its own."""
    assert 0 < entry["duration_ms"] < 5000
    return {key: value for key, value in entry.items() if key != "duration_ms"}


@pytest.fixture
def app(make_app: MakeApp) -> SandboxApp:
    built = make_app(seed=7)
    built.sandbox.clock.freeze(FROZEN_AT)
    return built


def test_a_request_is_journalled_exactly_with_its_credentials_masked(app: SandboxApp) -> None:
    client = Client(app)
    created = client.post(
        f"{CONTACTS}?x=1", json={"name": "Ann"}, headers={**RAPIDPRO_AUTH, "X-Trace": "t-1"}
    )
    assert created.status_code == 201

    [entry] = listed(client)
    assert timeless(entry) == {
        "id": 1,
        "time": "2026-03-01T12:00:00+00:00",
        "workspace": "default",
        "platform": "rapidpro",
        "operation": {"id": "save_contact", "path": "/api/v2/contacts.json"},
        "nearest": [],
        "method": "POST",
        "path": "/api/v2/contacts.json",
        "query": "x=1",
        "status": 201,
        "fault": None,
        "request": {
            "headers": {
                "Host": "localhost",
                "Authorization": "Token ****",
                "X-Trace": "t-1",
                "Content-Type": "application/json",
                "Content-Length": "15",
            },
            "body": '{"name": "Ann"}',
            "body_truncated": False,
        },
        "response": {
            "headers": {
                "Content-Type": "application/json",
                "Content-Length": str(len(created.data)),
                "Allow": "GET, POST, DELETE, HEAD, OPTIONS",
                "Vary": "Accept",
            },
            "body": created.get_data(as_text=True),
            "body_truncated": False,
        },
    }
    assert TOKEN not in json.dumps(entry)


def test_refused_credentials_are_journalled_as_unmatched(app: SandboxApp) -> None:
    client = Client(app)
    refused = client.get(CONTACTS, headers={"Authorization": "Bearer nope"})
    assert refused.status_code == 403  # DRF's answer to a scheme it does not know

    [entry] = listed(client, workspace="-")
    assert (entry["workspace"], entry["status"]) == (None, 403)
    assert entry["operation"] == {"id": "list_contacts", "path": "/api/v2/contacts.json"}
    assert entry["request"]["headers"]["Authorization"] == "Bearer ****"
    assert entry["response"]["body"] == refused.get_data(as_text=True)
    assert listed(client, workspace="default") == []


def test_an_unauthenticated_request_of_flowxo_is_unmatched_with_its_401(app: SandboxApp) -> None:
    client = Client(app)
    refused = client.get("/flowxo/api/workflows/simple")
    assert refused.status_code == 401

    [entry] = listed(client, workspace="-")
    assert (entry["workspace"], entry["platform"], entry["status"]) == (None, "flowxo", 401)
    assert entry["operation"] == {"id": "list_workflows", "path": "/api/workflows/simple"}
    assert "Authorization" not in entry["request"]["headers"]


def test_an_unknown_path_names_the_nearest_operations(app: SandboxApp) -> None:
    client = Client(app)
    assert client.get("/rapidpro/api/v2/contact.json", headers=RAPIDPRO_AUTH).status_code == 404

    [entry] = listed(client)
    assert (entry["operation"], entry["status"]) == (None, 404)
    assert entry["nearest"] == [
        "GET /api/v2/contacts.json",
        "DELETE /api/v2/contacts.json",
        "POST /api/v2/contacts.json",
    ]


def test_bodies_past_the_kept_size_are_cut_and_flagged(app: SandboxApp) -> None:
    client = Client(app)
    name = "é" * BODY_KEPT  # two bytes each: the body is twice the kept size
    response = client.post(CONTACTS, json={"name": name}, headers=RAPIDPRO_AUTH)
    assert response.status_code == 400  # too long a name, the answer quotes none of it

    [entry] = listed(client)
    body = json.dumps({"name": name}).encode()
    assert entry["request"]["body_truncated"] is True
    assert entry["request"]["body"] == body[:BODY_KEPT].decode()
    assert entry["response"]["body_truncated"] is False


def test_a_long_answer_is_cut_and_flagged(make_app: MakeApp) -> None:
    contacts = [{"name": f"Contact number {n}"} for n in range(200)]
    app = make_app(seed=7)
    app.sandbox.load_fixtures({"workspaces": {"default": {"rapidpro": {"contacts": contacts}}}})
    client = Client(app)
    answer = client.get(CONTACTS, headers=RAPIDPRO_AUTH)
    assert len(answer.data) > BODY_KEPT

    [entry] = listed(client)
    assert entry["response"]["body_truncated"] is True
    assert entry["response"]["body"] == answer.data[:BODY_KEPT].decode()
    assert entry["response"]["headers"]["Content-Length"] == str(len(answer.data))


#: Per platform: a request carrying its credentials every way it takes them, and the
#: request line, headers and body the journal shows for it.
MASKED = {
    "flochat": (
        {"path": "/flochat/flow/agents", "headers": {"Authorization": "Bearer k-123"}},
        {"Authorization": "Bearer ****"},
        "",
        "",
    ),
    "flowxo": (
        {"path": "/flowxo/api/workflows/simple", "headers": {"Authorization": "Bearer e.j.w"}},
        {"Authorization": "Bearer ****"},
        "",
        "",
    ),
    "flowbot": (
        {
            "path": "/flowbot/api/auth/login",
            "method": "POST",
            "json": {"username": "demo", "password": "demo-password"},
            "headers": {
                "Cookie": "token=j.w.t; theme=dark",
                "X-Signature-256": "sha256=abcdef",
            },
        },
        {"Cookie": "token=****; theme=****", "X-Signature-256": "****"},
        "",
        '{"username": "demo", "password": "****"}',
    ),
    "xerochat": (
        {
            "path": "/xerochat/api/create_label",
            "method": "POST",
            "query_string": "api_key=1-Xc&label_name=vip",
            "data": "api_key=1-XcAdmin&label_name=vip",
            "content_type": "application/x-www-form-urlencoded",
        },
        {},
        "api_key=****&label_name=vip",
        "api_key=****&label_name=vip",
    ),
    "rapidpro": (
        {"path": CONTACTS, "headers": {"Authorization": "Basic ZGVtbzpzZWNyZXQ="}},
        {"Authorization": "Basic ****"},
        "",
        "",
    ),
}


@pytest.mark.parametrize("platform", sorted(MASKED))
def test_every_platforms_credentials_are_masked(app: SandboxApp, platform: str) -> None:
    request, headers, query, body = MASKED[platform]
    client = Client(app, use_cookies=False)  # a jar would replace the Cookie header
    client.open(**request)

    [entry] = listed(client, platform=platform)
    shown = entry["request"]
    assert {name: shown["headers"][name] for name in headers} == headers
    assert (entry["query"], shown["body"]) == (query, body)


def test_a_set_cookie_answer_keeps_the_cookies_name_only(app: SandboxApp) -> None:
    client = Client(app)
    demo = DEMO["flowbot"]
    login = client.post(
        "/flowbot/api/auth/login",
        json={"username": demo["username"], "password": demo["password"]},
    )
    assert login.status_code == 200, login.text
    [entry] = listed(client)
    set_cookie = entry["response"]["headers"]["Set-Cookie"]
    assert set_cookie.startswith("token=****;")
    assert login.headers["Set-Cookie"].split(";", 1)[1] == set_cookie.split(";", 1)[1]


def test_the_fault_that_steered_an_answer_is_journalled(app: SandboxApp) -> None:
    def mark(exchange: Exchange, platform: Platform) -> None:
        exchange.fault = {"rule": 3, "action": "latency"}

    app.sandbox.traffic.gates.append(mark)
    client = Client(app)
    assert client.get(CONTACTS, headers=RAPIDPRO_AUTH).status_code == 200
    [entry] = listed(client)
    assert entry["fault"] == {"rule": 3, "action": "latency"}


def test_each_ring_keeps_the_newest_entries(make_app: MakeApp) -> None:
    app = make_app(journal_size=3)
    client = Client(app)
    for n in range(5):
        client.get(CONTACTS, query_string={"name": f"n{n}"}, headers=RAPIDPRO_AUTH)
    for _ in range(4):
        client.get(CONTACTS, headers={"Authorization": "Token nope"})

    assert [entry["query"] for entry in listed(client, workspace="default")] == [
        "name=n4",
        "name=n3",
        "name=n2",
    ]
    assert [entry["id"] for entry in listed(client)] == [9, 8, 7, 5, 4, 3]


def test_size_0_installs_no_journal_and_the_routes_say_it_is_off(make_app: MakeApp) -> None:
    app = make_app(journal_size=0)
    assert journal_of(app.sandbox.traffic) is None
    assert app.sandbox.traffic.recorders == []
    client = Client(app)
    assert client.get(CONTACTS, headers=RAPIDPRO_AUTH).status_code == 200
    off = {
        "code": 409,
        "status": "Conflict",
        "message": "the request journal is off (flow-sandbox serve --journal-size 0)",
    }
    answers = [
        client.get("/_sandbox/requests"),
        client.post("/_sandbox/requests/count", json={}),
        client.delete("/_sandbox/requests"),
    ]
    assert [(answer.status_code, answer.json) for answer in answers] == [(409, off)] * 3


def test_resets_and_removals_forget_what_they_should(make_app: MakeApp) -> None:
    app = make_app(seed=7)
    client = Client(app)
    made = client.post("/_sandbox/workspaces", json={"name": "ci-1"})
    token = made.json["credentials"]["rapidpro"]["token"]
    ci_auth = {"Authorization": f"Token {token}"}

    def request_each() -> None:
        client.get(CONTACTS, headers=RAPIDPRO_AUTH)
        client.get(CONTACTS, headers=ci_auth)
        client.get(CONTACTS, headers={"Authorization": "Token nope"})

    request_each()
    assert client.post("/_sandbox/reset", json={"workspace": "ci-1"}).status_code == 200
    assert [e["workspace"] for e in listed(client)] == [None, "default"]

    request_each()
    assert client.delete("/_sandbox/workspaces/ci-1").status_code == 204
    journal = journal_of(app.sandbox.traffic)
    assert journal is not None
    assert [e.workspace for e in journal.select(Filter())] == [None, "default", None, "default"]

    assert client.post("/_sandbox/reset", json={}).status_code == 200
    assert journal.state() == ([], 1)  # a fresh start: ids from 1 again
    client.get(CONTACTS, headers=RAPIDPRO_AUTH)
    assert [e["id"] for e in listed(client)] == [1]


def test_a_full_reset_leaves_the_journal_as_a_fresh_sandbox_has_it(make_app: MakeApp) -> None:
    used, fresh = make_app(seed=7), make_app(seed=7)
    client = Client(used)
    client.get(CONTACTS, headers=RAPIDPRO_AUTH)
    client.get(CONTACTS, headers={"Authorization": "Token nope"})
    used_journal, fresh_journal = (
        journal_of(used.sandbox.traffic),
        journal_of(fresh.sandbox.traffic),
    )
    assert used_journal is not None and fresh_journal is not None
    assert used_journal.state() != fresh_journal.state()

    used.sandbox.reset(seed=7)

    assert used_journal.state() == fresh_journal.state() == ([], 1)


def test_threads_recording_at_once_lose_no_entry_and_repeat_no_id() -> None:
    journal = Journal(size=10_000)
    exchange = Exchange(
        platform="rapidpro",
        time=FROZEN_AT,
        started=0.0,
        method="GET",
        path="/api/v2/contacts.json",
        query="",
        environ={"HTTP_HOST": "localhost"},
        workspace="default",
    )

    def record() -> None:
        for _ in range(1000):
            journal(exchange)

    threads = [threading.Thread(target=record) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    entries = journal.select(Filter())
    assert [entry.id for entry in entries] == list(range(8000, 0, -1))


def test_an_answer_a_fault_rule_made_is_journalled_with_the_rule(app: SandboxApp) -> None:
    client = Client(app)
    rule = {"platform": "rapidpro", "operation": "list_contacts", "action": "error"}
    added = client.post("/_sandbox/faults", json={**rule, "status": 503, "times": 1})
    assert added.status_code == 201, added.text
    faulted = client.get(CONTACTS, headers=RAPIDPRO_AUTH)
    assert faulted.status_code == 503
    assert client.get(CONTACTS, headers=RAPIDPRO_AUTH).status_code == 200

    newest, oldest = listed(client)
    assert (oldest["status"], oldest["fault"]) == (
        503,
        {"rule": added.json["id"], "action": "error"},
    )
    assert oldest["response"]["body"] == faulted.get_data(as_text=True)
    assert (newest["status"], newest["fault"]) == (200, None)


def test_huge_headers_and_query_are_cut_so_a_ring_stays_bounded(app: SandboxApp) -> None:
    # granian takes hundreds of KiB of headers; kept whole, 1,000 such unauthenticated
    # requests held hundreds of MiB in the unmatched ring alone.
    client = Client(app)
    big = {f"X-Big-{i}": "y" * 8000 for i in range(10)}
    response = client.get(CONTACTS, headers=big, query_string={"q": "z" * 3 * BODY_KEPT})
    assert response.status_code == 403

    [entry] = listed(client)
    shown = entry["request"]["headers"]
    assert sum(map(len, shown.values())) <= BODY_KEPT
    assert shown["X-Big-0"] == "y" * 8000  # what fits is kept as sent
    assert entry["query"] == ("q=" + "z" * 3 * BODY_KEPT)[:BODY_KEPT]
