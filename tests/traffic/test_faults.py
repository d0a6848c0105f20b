"""Fault rules: which requests they match, when they fire, and the vendor's own answers."""

from __future__ import annotations

import time
from typing import Any

import pytest
from werkzeug.test import Client, TestResponse

from sandbox.app import SandboxApp
from sandbox.core.traffic.exchange import Exchange
from sandbox.core.traffic.faults import rules_of
from tests.conftest import DEMO, RAPIDPRO_AUTH, MakeApp

CONTACTS = "/rapidpro/api/v2/contacts.json"
GROUPS = "/rapidpro/api/v2/groups.json"
#: One request per platform that succeeds with the demo credentials: (method, path, options).
REQUESTS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "rapidpro": ("GET", CONTACTS, {"headers": RAPIDPRO_AUTH}),
    "flochat": (
        "GET",
        "/flochat/flow/bot-fields",
        {"headers": {"Authorization": f"Bearer {DEMO['flochat']['api_key']}"}},
    ),
    "flowxo": (
        "GET",
        "/flowxo/api/workflows/simple",
        {"headers": {"Authorization": f"Bearer {DEMO['flowxo']['api_key']}"}},
    ),
    "xerochat": (
        "GET",
        "/xerochat/api/get_all_labels",
        {"query_string": {"api_key": DEMO["xerochat"]["admin_key"]}},
    ),
    "flowbot": (
        "POST",
        "/flowbot/api/auth/api-token",
        {"json": {"clientId": DEMO["flowbot"]["client_id"], "apiKey": DEMO["flowbot"]["api_key"]}},
    ),
}
CODEIGNITER_PAGE = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n'
    '</head>\n<body>\n\t<div id="container">\n\t\t<h1>An Error Was Encountered</h1>\n'
    "\t\t<p>{}</p>\t</div>\n</body>\n</html>"
)
DJANGO_500 = "Server Error. Site administrators have been notified."
#: (content type, body) of each platform's answer to an error fault, by status.
ANSWERS: dict[str, dict[int, tuple[str, str]]] = {
    "rapidpro": {
        429: (
            "application/json",
            '{"detail":"Request was throttled. Expected available in 7 seconds."}',
        ),
        500: ("text/plain; charset=utf-8", DJANGO_500),
        503: ("text/plain; charset=utf-8", DJANGO_500),
    },
    "flochat": {
        429: ("application/json", '{"message":"Too Many Attempts."}'),
        500: ("application/json", '{"message":"Server Error"}'),
        503: ("application/json", '{"message":"Server Error"}'),
    },
    "flowxo": {
        429: ("text/html; charset=utf-8", "Too many requests, please try again later."),
        500: ("application/json; charset=utf-8", '{"message":"Internal Server Error"}'),
        503: ("application/json; charset=utf-8", '{"message":"Service Unavailable"}'),
    },
    "xerochat": {
        429: ("text/html; charset=utf-8", CODEIGNITER_PAGE.format("Too Many Requests")),
        500: (
            "text/html; charset=utf-8",
            CODEIGNITER_PAGE.format("An uncaught Exception was encountered"),
        ),
        503: (
            "text/html; charset=utf-8",
            CODEIGNITER_PAGE.format("An uncaught Exception was encountered"),
        ),
    },
    "flowbot": {
        429: ("text/html; charset=utf-8", "Too many requests, please try again later."),
        500: ("application/json; charset=utf-8", '{"error":"Internal Server Error"}'),
        503: ("application/json; charset=utf-8", '{"error":"Service Unavailable"}'),
    },
}


def add(client: Client, **rule: Any) -> dict[str, Any]:
    response = client.post("/_sandbox/faults", json=rule)
    assert response.status_code == 201, response.json
    return response.json  # type: ignore[no-any-return]


def call(client: Client, platform: str) -> TestResponse:
    method, path, options = REQUESTS[platform]
    return client.open(path, method=method, **options)


def listed(client: Client) -> list[dict[str, Any]]:
    return client.get("/_sandbox/faults").json["faults"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("platform", sorted(REQUESTS))
@pytest.mark.parametrize("status", [429, 500, 503])
def test_an_error_fault_answers_in_the_platforms_own_words(
    client: Client, platform: str, status: int
) -> None:
    assert call(client, platform).status_code == 200
    retry = {"retry_after": 7} if status == 429 else {}
    add(client, platform=platform, action="error", status=status, **retry)
    response = call(client, platform)
    content_type, body = ANSWERS[platform][status]
    assert (response.status_code, response.content_type) == (status, content_type)
    assert response.get_data(as_text=True) == body
    assert response.headers.get("Retry-After") == ("7" if status == 429 else None)


def test_a_429_without_retry_after_says_one_second(client: Client) -> None:
    add(client, platform="rapidpro", action="error", status=429)
    response = call(client, "rapidpro")
    assert (response.status_code, response.headers["Retry-After"]) == (429, "1")
    assert response.json == {"detail": "Request was throttled. Expected available in 1 second."}


def test_an_error_fault_keeps_the_operation_from_happening(client: Client) -> None:
    add(client, platform="rapidpro", operation="save_group", action="error", status=502)
    response = client.post(GROUPS, json={"name": "G"}, headers=RAPIDPRO_AUTH)
    assert (response.status_code, response.get_data(as_text=True)) == (502, DJANGO_500)
    assert client.get(GROUPS, headers=RAPIDPRO_AUTH).json["results"] == []


def test_the_exchange_records_the_fault(sandbox_app: SandboxApp, client: Client) -> None:
    kept: list[Exchange] = []
    sandbox_app.sandbox.traffic.recorders.append(kept.append)
    try:
        rule = add(client, platform="rapidpro", action="error", status=503, times=1)
        assert call(client, "rapidpro").status_code == 503
        assert call(client, "rapidpro").status_code == 200
    finally:
        sandbox_app.sandbox.traffic.recorders.remove(kept.append)
    assert [(e.status, e.fault) for e in kept] == [
        (503, {"rule": rule["id"], "action": "error"}),
        (200, None),
    ]


def test_matchers_workspace_operation_path_and_method(client: Client) -> None:
    created = client.post("/_sandbox/workspaces", json={"name": "ci"}).json
    ci_auth = {"Authorization": f"Token {created['credentials']['rapidpro']['token']}"}
    add(client, workspace="ci", action="error", status=500)
    add(
        client,
        platform="rapidpro",
        path="/api/v2/group*",
        method="POST",
        action="error",
        status=502,
    )
    add(client, operation="list_fields", action="error", status=504)
    assert client.get(CONTACTS, headers=ci_auth).status_code == 500
    assert client.get(CONTACTS, headers=RAPIDPRO_AUTH).status_code == 200
    assert client.get(GROUPS, headers=RAPIDPRO_AUTH).status_code == 200
    assert client.post(GROUPS, json={"name": "G"}, headers=RAPIDPRO_AUTH).status_code == 502
    fields = client.get("/rapidpro/api/v2/fields.json", headers=RAPIDPRO_AUTH)
    assert fields.status_code == 504
    assert [(rule["matched"], rule["fired"]) for rule in listed(client)] == [(1, 1), (1, 1), (1, 1)]


def test_a_path_pattern_matches_the_operations_path_template(client: Client) -> None:
    update = "/xerochat/api/update_contact/{id}"
    add(client, platform="xerochat", path=update.removeprefix("/xerochat"), action="drop")
    assert listed(client)[0]["path"] == "/api/update_contact/{id}"
    # A rule with an empty matcher matches every request; the first rule consulted fires.
    add(client, action="error", status=500)
    with pytest.raises(ConnectionAbortedError):  # dropped (in process: no connection)
        client.post(
            "/xerochat/api/update_contact/1",
            data={"api_key": DEMO["xerochat"]["admin_key"], "first_name": "A"},
        )
    assert [(r["matched"], r["fired"]) for r in listed(client)] == [(1, 1), (1, 0)]


def test_times_then_the_rule_expires_and_stays_listed(client: Client) -> None:
    rule = add(client, platform="rapidpro", action="error", status=503, times=2)
    statuses = [call(client, "rapidpro").status_code for _ in range(4)]
    assert statuses == [503, 503, 200, 200]
    shown = client.get(f"/_sandbox/faults/{rule['id']}").json
    assert (shown["matched"], shown["fired"], shown["expired"]) == (4, 2, True)


def test_after_lets_the_first_matches_through(client: Client) -> None:
    add(client, platform="rapidpro", action="error", status=500, after=2, times=1)
    statuses = [call(client, "rapidpro").status_code for _ in range(4)]
    assert statuses == [200, 200, 500, 200]


def fired_pattern(app: SandboxApp) -> list[int]:
    client = Client(app)
    add(client, platform="rapidpro", action="error", status=503, probability=0.5)
    return [call(client, "rapidpro").status_code for _ in range(20)]


def test_probability_is_reproducible_with_a_seed(make_app: MakeApp) -> None:
    first = fired_pattern(make_app(seed=42))
    assert first == fired_pattern(make_app(seed=42))
    assert first != fired_pattern(make_app(seed=43))
    assert set(first) == {200, 503}
    # A full reset draws afresh from the seed, as a new process would.
    app = make_app(seed=42)
    fired_pattern(app)
    app.sandbox.reset()
    assert fired_pattern(app) == first


def test_probability_zero_never_fires_and_one_always_does(client: Client) -> None:
    add(client, platform="rapidpro", action="error", status=503, probability=0)
    assert [call(client, "rapidpro").status_code for _ in range(5)] == [200] * 5
    assert listed(client)[0]["matched"] == 5
    add(client, platform="rapidpro", action="error", status=500, probability=1)
    assert call(client, "rapidpro").status_code == 500


def test_latency_holds_the_answer_back_but_the_operation_happens(client: Client) -> None:
    add(client, platform="rapidpro", operation="save_group", action="latency", ms=300)
    started = time.perf_counter()
    response = client.post(GROUPS, json={"name": "Late"}, headers=RAPIDPRO_AUTH)
    assert response.status_code == 201
    assert 0.3 <= time.perf_counter() - started < 3
    assert [g["name"] for g in client.get(GROUPS, headers=RAPIDPRO_AUTH).json["results"]] == [
        "Late"
    ]


def test_a_latency_range_draws_within_it(sandbox_app: SandboxApp, client: Client) -> None:
    kept: list[Exchange] = []
    sandbox_app.sandbox.traffic.recorders.append(kept.append)
    try:
        add(client, platform="rapidpro", action="latency", min_ms=10, max_ms=40)
        for _ in range(5):
            assert call(client, "rapidpro").status_code == 200
    finally:
        sandbox_app.sandbox.traffic.recorders.remove(kept.append)
    delays = [exchange.delay for exchange in kept]
    assert all(0.01 <= delay <= 0.04 for delay in delays) and len(set(delays)) == 5


def test_an_empty_answer_has_the_status_and_headers_but_no_body(client: Client) -> None:
    add(client, platform="rapidpro", action="empty")
    response = call(client, "rapidpro")
    assert (response.status_code, response.content_type, response.data) == (
        200,
        "application/json",
        b"",
    )
    assert response.headers["Content-Length"] == "0"


def test_in_process_a_drop_raises_and_a_truncation_fails_mid_body(client: Client) -> None:
    """werkzeug's test Client has no connection to cut: the application raises instead."""
    add(client, platform="rapidpro", action="drop", times=1)
    with pytest.raises(ConnectionAbortedError):
        call(client, "rapidpro")
    add(client, platform="rapidpro", action="truncate", bytes=5)
    response = call(client, "rapidpro")
    assert response.status_code == 200
    assert response.headers["Content-Length"] == "42"  # the whole body's
    with pytest.raises(ConnectionAbortedError):
        response.get_data()


def test_no_rules_no_gate(sandbox_app: SandboxApp, client: Client) -> None:
    """Without rules the gate is not in the traffic, so requests pay nothing for it."""
    traffic = sandbox_app.sandbox.traffic
    before = list(traffic.gates)
    rule = add(client, platform="rapidpro", action="drop")
    assert traffic.gates == [rules_of(traffic).gate, *before]
    assert client.delete(f"/_sandbox/faults/{rule['id']}").status_code == 204
    assert traffic.gates == before
