"""The fault rules' control routes, their validation, fixture documents and resets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from werkzeug.test import Client

from sandbox.app import SandboxApp
from sandbox.core.traffic.faults import operation_ids
from sandbox.platforms import PLATFORMS
from tests.conftest import ROOT, MakeApp

RAPIDPRO_OPERATIONS = (
    "delete_contact, delete_group, list_contacts, list_fields, list_groups, save_contact, "
    "save_field, save_group"
)


def refused(client: Client, rule: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/_sandbox/faults", json=rule)
    assert response.status_code == 400, response.json
    return response.json  # type: ignore[no-any-return]


def test_a_rule_is_stored_with_its_id_and_counts(client: Client) -> None:
    response = client.post(
        "/_sandbox/faults",
        json={
            "platform": "rapidpro",
            "operation": "list_contacts",
            "action": "error",
            "status": 503,
        },
    )
    assert response.status_code == 201
    assert response.json == {
        "workspace": None,
        "platform": "rapidpro",
        "operation": "list_contacts",
        "path": None,
        "method": None,
        "action": "error",
        "status": 503,
        "retry_after": None,
        "ms": None,
        "min_ms": None,
        "max_ms": None,
        "bytes": None,
        "probability": 1.0,
        "times": None,
        "after": 0,
        "id": 1,
        "matched": 0,
        "fired": 0,
        "expired": False,
    }
    assert client.get("/_sandbox/faults/1").json == response.json
    assert client.get("/_sandbox/faults").json == {"faults": [response.json]}


def test_an_unknown_operation_is_refused_with_the_valid_ones(client: Client) -> None:
    answer = refused(
        client, {"platform": "rapidpro", "operation": "list_contact", "action": "drop"}
    )
    assert answer == {
        "code": 400,
        "status": "Bad Request",
        "errors": {
            "json": {
                "operation": [
                    "unknown operationId of rapidpro; did you mean list_contacts, "
                    f"delete_contact, save_contact? (valid: {RAPIDPRO_OPERATIONS})"
                ]
            }
        },
    }


def test_an_unknown_platform_is_refused_with_the_valid_ones(client: Client) -> None:
    answer = refused(client, {"platform": "rapidpr0", "action": "drop"})
    assert answer["errors"] == {
        "json": {
            "platform": [
                "unknown platform (expected one of: rapidpro, xerochat, flochat, flowxo, flowbot)"
            ]
        }
    }


def test_a_rule_for_a_workspace_that_does_not_exist_is_refused(client: Client) -> None:
    # It could never fire: a typo in a CI job's workspace name must not pass silently.
    response = client.post("/_sandbox/faults", json={"workspace": "ci-l", "action": "drop"})
    assert (response.status_code, response.json) == (
        404,
        {"code": 404, "status": "Not Found", "message": "no workspace named 'ci-l'"},
    )
    assert client.get("/_sandbox/faults").json == {"faults": []}


def test_an_operation_without_platform_must_exist_on_one(client: Client) -> None:
    ok = client.post("/_sandbox/faults", json={"operation": "create_end_user", "action": "drop"})
    assert ok.status_code == 201
    answer = refused(client, {"operation": "create_end_usr", "action": "drop"})
    message = answer["errors"]["json"]["operation"][0]
    assert message.startswith("unknown operationId of any platform; did you mean create_end_user")


def test_every_platforms_operation_ids_are_those_of_its_spec() -> None:
    for name, platform in PLATFORMS.items():
        spec = json.loads((ROOT / "specs" / f"{name}.openapi.json").read_text())
        documented = sorted(
            operation["operationId"]
            for item in spec["paths"].values()
            for key, operation in item.items()
            if key != "parameters"
        )
        assert operation_ids(platform) == documented, name


def test_invalid_rules_are_refused_field_by_field(client: Client) -> None:
    cases = [
        ({"action": "explode"}, "action", "Must be one of: latency, error, drop, empty, truncate."),
        ({"action": "error"}, "status", "the error action needs a status (e.g. 503)"),
        (
            {"action": "error", "status": 200},
            "status",
            "Must be greater than or equal to 400 and less than or equal to 599.",
        ),
        (
            {"action": "error", "status": 500, "retry_after": 3},
            "retry_after",
            "only a 429 carries Retry-After",
        ),
        ({"action": "latency"}, "ms", "the latency action needs ms, or min_ms and max_ms"),
        ({"action": "latency", "min_ms": 9, "max_ms": 3}, "max_ms", "must not be less than min_ms"),
        ({"action": "drop", "ms": 3}, "ms", "not read by the drop action"),
        (
            {"action": "drop", "probability": 1.5},
            "probability",
            "Must be greater than or equal to 0 and less than or equal to 1.",
        ),
        ({"action": "drop", "times": 0}, "times", "Must be greater than or equal to 1."),
        ({"action": "drop", "probabilty": 0.5}, "probabilty", "Unknown field."),
        (
            {"action": "drop", "method": "get"},
            "method",
            "Must be one of: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS.",
        ),
    ]
    for rule, field, message in cases:
        assert refused(client, rule)["errors"] == {"json": {field: [message]}}, rule
    assert client.get("/_sandbox/faults").json == {"faults": []}


def test_delete_one_all_or_one_workspaces(client: Client) -> None:
    assert client.post("/_sandbox/workspaces", json={"name": "ci"}).status_code == 201
    for workspace in (None, "ci", "ci", "default"):
        rule = {"action": "drop", **({"workspace": workspace} if workspace else {})}
        assert client.post("/_sandbox/faults", json=rule).status_code == 201

    def ids(**query: str) -> list[int]:
        found = client.get("/_sandbox/faults", query_string=query).json["faults"]
        return [rule["id"] for rule in found]

    assert (ids(), ids(workspace="ci")) == ([1, 2, 3, 4], [2, 3])
    assert client.delete("/_sandbox/faults/3").status_code == 204
    missing = client.delete("/_sandbox/faults/3")
    assert (missing.status_code, missing.json) == (
        404,
        {"code": 404, "status": "Not Found", "message": "no fault rule 3"},
    )
    assert client.get("/_sandbox/faults/3").status_code == 404
    assert client.delete("/_sandbox/faults", query_string={"workspace": "ci"}).status_code == 204
    assert ids() == [1, 4]
    # Removing a workspace removes its rules.
    assert client.delete("/_sandbox/workspaces/ci").status_code == 204
    assert client.delete("/_sandbox/faults").status_code == 204
    assert ids() == []


def test_a_removed_workspace_takes_its_rules(client: Client) -> None:
    assert client.post("/_sandbox/workspaces", json={"name": "ci"}).status_code == 201
    client.post("/_sandbox/faults", json={"workspace": "ci", "action": "drop"})
    client.post("/_sandbox/faults", json={"action": "empty"})
    assert client.delete("/_sandbox/workspaces/ci").status_code == 204
    assert [r["action"] for r in client.get("/_sandbox/faults").json["faults"]] == ["empty"]


DOCUMENT = {
    "version": 1,
    "faults": [
        {"platform": "rapidpro", "operation": "list_groups", "action": "error", "status": 500},
        {"workspace": "ci", "platform": "rapidpro", "action": "latency", "ms": 1},
    ],
    "workspaces": {
        "ci": {"faults": [{"platform": "rapidpro", "action": "error", "status": 503, "times": 1}]}
    },
}


def rules(client: Client) -> list[tuple[int, str | None, str]]:
    found = client.get("/_sandbox/faults").json["faults"]
    return [(rule["id"], rule["workspace"], rule["action"]) for rule in found]


def test_rules_load_from_a_fixture_document_and_export(client: Client) -> None:
    assert client.post("/_sandbox/fixtures", json=DOCUMENT).status_code == 200
    assert rules(client) == [(1, "ci", "error"), (2, None, "error"), (3, "ci", "latency")]
    exported = client.get("/_sandbox/export").json
    assert exported["faults"] == [DOCUMENT["faults"][0]]
    assert exported["workspaces"]["ci"]["faults"] == [
        {"platform": "rapidpro", "action": "error", "status": 503, "times": 1},
        {"platform": "rapidpro", "action": "latency", "ms": 1},
    ]
    # Loading a workspace's section again replaces its rules.
    reload = {"workspaces": {"ci": {"faults": [{"action": "drop"}]}}}
    assert client.post("/_sandbox/fixtures", json=reload).status_code == 200
    assert rules(client) == [(2, None, "error"), (4, "ci", "drop")]


def test_a_fixture_rule_is_checked_before_anything_changes(client: Client) -> None:
    bad = {
        "workspaces": {
            "ci": {"faults": [{"platform": "rapidpro", "operation": "nope", "action": "drop"}]}
        }
    }
    response = client.post("/_sandbox/fixtures", json=bad)
    assert response.status_code == 400
    assert response.json["message"] == (
        "workspaces.ci.faults[0].operation: unknown operationId of rapidpro "
        f"(valid: {RAPIDPRO_OPERATIONS})"
    )
    other = {"workspaces": {"ci": {"faults": [{"workspace": "x", "action": "drop"}]}}}
    assert client.post("/_sandbox/fixtures", json=other).json["message"] == (
        "workspaces.ci.faults[0].workspace: a rule of workspace 'ci' cannot name another"
    )
    top = client.post("/_sandbox/fixtures", json={"faults": [{"action": "dro"}]})
    assert top.json["message"] == (
        "faults[0].action: Must be one of: latency, error, drop, empty, truncate."
    )
    assert client.get("/_sandbox/workspaces/ci").status_code == 404
    assert rules(client) == []


def startup(make_app: MakeApp, tmp_path: Path) -> SandboxApp:
    path = tmp_path / "faults.json"
    path.write_text(json.dumps(DOCUMENT))
    return make_app(fixtures=path)


def test_startup_rules_come_back_on_a_reset(make_app: MakeApp, tmp_path: Path) -> None:
    client = Client(startup(make_app, tmp_path))
    assert rules(client) == [(1, "ci", "error"), (2, None, "error"), (3, "ci", "latency")]
    client.post("/_sandbox/faults", json={"action": "drop", "workspace": "ci"})
    client.post("/_sandbox/faults", json={"action": "empty"})
    # A workspace's reset: its rules, as the startup fixture gives them.
    assert client.post("/_sandbox/reset", json={"workspace": "ci"}).status_code == 200
    assert rules(client) == [
        (2, None, "error"),
        (5, None, "empty"),
        (6, "ci", "error"),
        (7, "ci", "latency"),
    ]
    # A full reset: the startup fixture's rules, numbered as at the start.
    assert client.post("/_sandbox/reset", json={}).status_code == 200
    assert rules(client) == [(1, "ci", "error"), (2, None, "error"), (3, "ci", "latency")]


def test_a_full_reset_forgets_every_rule(client: Client, sandbox_app: SandboxApp) -> None:
    client.post("/_sandbox/faults", json={"action": "drop"})
    gates = list(sandbox_app.sandbox.traffic.gates)
    assert client.post("/_sandbox/reset", json={}).status_code == 200
    assert rules(client) == []
    assert len(sandbox_app.sandbox.traffic.gates) == len(gates) - 1
    assert client.post("/_sandbox/faults", json={"action": "drop"}).json["id"] == 1


def test_the_control_spec_documents_the_fault_routes(client: Client) -> None:
    spec = client.get("/_sandbox/openapi.json").json
    committed = json.loads((ROOT / "specs" / "sandbox-control.openapi.json").read_text())
    paths = spec["paths"]
    assert sorted(paths["/faults"]) == ["delete", "get", "post"]
    assert sorted(paths["/faults/{rule_id}"]) == ["delete", "get", "parameters"]
    assert sorted(paths["/faults"]["post"]["responses"]) == ["201", "400", "404", "415", "default"]
    rule = spec["components"]["schemas"]["FaultRule"]
    assert rule["properties"]["action"]["enum"] == ["latency", "error", "drop", "empty", "truncate"]
    assert rule["required"] == ["action"]
    fault = spec["components"]["schemas"]["Fault"]
    assert {"id", "matched", "fired", "expired"} <= set(fault["required"])
    # What the server documents is what the committed spec says.
    for name in ("FaultRule", "Fault", "FaultList"):
        assert committed["components"]["schemas"][name] == spec["components"]["schemas"][name]
    assert committed["paths"]["/faults"] == paths["/faults"]
