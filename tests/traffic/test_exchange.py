"""Every platform request is built into an `Exchange` the gates steer and the recorders keep:
who asked, which operation, both bodies, the answer."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from werkzeug.test import Client

from sandbox.app import SandboxApp
from sandbox.core.errors import VendorError
from sandbox.core.platform import Platform
from sandbox.core.platform_flask import ROUTED_KEY
from sandbox.core.traffic.exchange import BODY_KEPT, Exchange, Operation
from sandbox.platforms.rapidpro.errors import DetailError
from tests.conftest import RAPIDPRO_AUTH, MakeApp


@pytest.fixture
def recorded(make_app: MakeApp) -> Iterator[tuple[SandboxApp, list[Exchange]]]:
    app = make_app(seed=7)
    kept: list[Exchange] = []
    app.sandbox.traffic.recorders.append(kept.append)
    yield app, kept


def test_a_request_is_recorded_with_its_workspace_operation_and_both_bodies(
    recorded: tuple[SandboxApp, list[Exchange]],
) -> None:
    app, kept = recorded
    response = Client(app).post(
        "/rapidpro/api/v2/contacts.json?x=1",
        json={"name": "Ann", "urns": ["tel:+250788123123"]},
        headers=RAPIDPRO_AUTH,
    )
    assert response.status_code == 201
    [exchange] = kept
    assert (exchange.platform, exchange.workspace) == ("rapidpro", "default")
    assert exchange.operation == Operation("save_contact", "/api/v2/contacts.json")
    assert (exchange.method, exchange.path, exchange.query) == (
        "POST",
        "/api/v2/contacts.json",
        "x=1",
    )
    assert json.loads(exchange.request_body) == {"name": "Ann", "urns": ["tel:+250788123123"]}
    assert exchange.status == 201
    assert exchange.response_body == response.data
    assert ("Content-Type", "application/json") in exchange.response_headers
    assert exchange.time <= app.sandbox.clock.now()
    assert 0 < exchange.duration < 5


def test_a_refused_request_names_its_operation_but_no_workspace(
    recorded: tuple[SandboxApp, list[Exchange]],
) -> None:
    app, kept = recorded
    response = Client(app).get(
        "/rapidpro/api/v2/groups.json", headers={"Authorization": "Token nope"}
    )
    assert response.status_code == 403
    [exchange] = kept
    assert exchange.workspace is None
    assert exchange.operation == Operation("list_groups", "/api/v2/groups.json")
    assert exchange.response_body == response.data


def test_an_unknown_path_names_the_nearest_operations(
    recorded: tuple[SandboxApp, list[Exchange]],
) -> None:
    app, kept = recorded
    body = b"x" * (BODY_KEPT + 500)
    response = Client(app).post("/rapidpro/api/v2/contact.json", data=body, headers=RAPIDPRO_AUTH)
    assert response.status_code == 404
    [exchange] = kept
    assert exchange.operation is None
    assert exchange.nearest == [
        "POST /api/v2/contacts.json",
        "GET /api/v2/contacts.json",
        "DELETE /api/v2/contacts.json",
    ]
    # The body the app never read is kept too, up to one byte past the limit.
    assert exchange.request_body == body[: BODY_KEPT + 1]


def test_a_gate_answers_in_the_platforms_own_words_and_the_operation_does_not_happen(
    recorded: tuple[SandboxApp, list[Exchange]],
) -> None:
    app, kept = recorded

    def refuse(exchange: Exchange, platform: Platform) -> None:
        if exchange.operation is not None and exchange.operation.id == "save_group":
            exchange.fault = {"rule": 1, "action": "error"}
            error: VendorError = DetailError("refused by a gate")
            error.code = 503
            raise error

    app.sandbox.traffic.gates.append(refuse)
    client = Client(app)
    response = client.post(
        "/rapidpro/api/v2/groups.json", json={"name": "G"}, headers=RAPIDPRO_AUTH
    )
    assert (response.status_code, response.json) == (503, {"detail": "refused by a gate"})
    listed = client.get("/rapidpro/api/v2/groups.json", headers=RAPIDPRO_AUTH).json
    assert [group["name"] for group in listed["results"]] == []
    assert [e.fault for e in kept] == [{"rule": 1, "action": "error"}, None]


def test_the_parts_hear_of_resets_and_removed_workspaces(make_app: MakeApp) -> None:
    app = make_app()
    heard: list[tuple[str, str | None]] = []
    app.sandbox.traffic.on_reset.append(lambda name: heard.append(("reset", name)))
    app.sandbox.traffic.on_remove.append(lambda name: heard.append(("remove", name)))
    client = Client(app)
    assert client.post("/_sandbox/workspaces", json={"name": "ci-1"}).status_code == 201
    assert client.post("/_sandbox/reset", json={"workspace": "ci-1"}).status_code == 200
    assert client.delete("/_sandbox/workspaces/ci-1").status_code == 204
    assert client.post("/_sandbox/reset", json={}).status_code == 200
    assert heard == [("reset", "ci-1"), ("remove", "ci-1"), ("reset", None)]


def test_the_routed_request_is_not_left_in_its_environ(
    recorded: tuple[SandboxApp, list[Exchange]],
) -> None:
    # The wrapper names the operation from the request Flask routed, then lets it go: a
    # request kept in its own environ is a cycle only the collector would break.
    app, kept = recorded
    Client(app).get("/rapidpro/api/v2/groups.json", headers=RAPIDPRO_AUTH)
    [exchange] = kept
    assert exchange.operation == Operation("list_groups", "/api/v2/groups.json")
    assert ROUTED_KEY not in exchange.environ


def test_the_platforms_own_spec_is_neither_steered_nor_recorded(
    recorded: tuple[SandboxApp, list[Exchange]],
) -> None:
    # A rule that matches everything must not break the docs viewer, which reads the spec.
    app, kept = recorded

    def refuse_all(exchange: Exchange, platform: Platform) -> None:
        error: VendorError = DetailError("refused by a gate")
        error.code = 503
        raise error

    app.sandbox.traffic.gates.append(refuse_all)
    client = Client(app)
    spec = client.get("/rapidpro/openapi.json")
    assert spec.status_code == 200 and spec.json["info"]["title"]
    refused = client.get("/rapidpro/api/v2/groups.json", headers=RAPIDPRO_AUTH)
    assert (refused.status_code, refused.json) == (503, {"detail": "refused by a gate"})
    assert [exchange.path for exchange in kept] == ["/api/v2/groups.json"]
