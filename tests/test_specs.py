"""The committed specs: generated from the code, complete, and served by each platform."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from werkzeug.test import Client

from sandbox import specgen
from sandbox.cli import main
from sandbox.platforms import PLATFORMS
from tests.conftest import MakeApp

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def load(name: str) -> dict[str, Any]:
    return json.loads((SPECS / f"{name}.openapi.json").read_text(encoding="utf-8"))


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


def test_committed_specs_match_the_code() -> None:
    result = CliRunner().invoke(main, ["specs", "--check", "--out", str(SPECS)])
    assert result.exit_code == 0, result.output
    assert result.output == f"specs in {SPECS}/ are up to date\n"


def test_check_names_a_stale_spec_and_fails(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["specs", "--out", str(tmp_path)]).exit_code == 0
    stale = tmp_path / "rapidpro.openapi.json"
    stale.write_text(stale.read_text().replace("RapidPro API v2", "Edited by hand"))
    result = runner.invoke(main, ["specs", "--check", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{stale}" in result.output


def test_generation_is_deterministic() -> None:
    assert specgen.generate() == specgen.generate()


@pytest.mark.parametrize("name", list(PLATFORMS))
def test_each_platform_serves_its_committed_spec(client: Client, name: str) -> None:
    response = client.get(f"/{name}/openapi.json")
    committed = load(name)
    assert response.status_code == 200
    # Served with the sandbox's own URL first (tests/test_served_spec.py), else the same.
    assert response.json == {
        **committed,
        "servers": [{"url": f"http://localhost/{name}", "description": "flow-sandbox"}]
        + committed["servers"],
    }
    assert response.json["info"]["title"] == PLATFORMS[name].title
    assert committed["servers"][0]["url"] == PLATFORMS[name].vendor_base_url


def test_the_control_api_serves_its_spec(client: Client) -> None:
    response = client.get("/_sandbox/openapi.json")
    assert response.status_code == 200
    assert response.json == json.loads((SPECS / specgen.CONTROL_SPEC).read_text())


@pytest.mark.parametrize("name", list(PLATFORMS))
def test_every_operation_states_its_fidelity(name: str) -> None:
    for path, method, operation in operations(load(name)):
        where = f"{method.upper()} {path}"
        assert operation.get("x-fidelity") in ("documented", "observed", "assumed"), where
        source = operation.get("x-fidelity-source")
        assert isinstance(source, str) and source.strip() and "\n" not in source, where


@pytest.mark.parametrize("name", list(PLATFORMS))
def test_every_operation_has_its_own_operation_id(name: str) -> None:
    # The request journal and fault rules name operations by it.
    ids = [operation.get("operationId") for _, _, operation in operations(load(name))]
    assert all(isinstance(found, str) and found.isidentifier() for found in ids), ids
    assert len(set(ids)) == len(ids), sorted(i for i in ids if ids.count(i) > 1)


@pytest.mark.parametrize("name", list(PLATFORMS))
def test_security_schemes_are_declared_and_required(name: str) -> None:
    spec = load(name)
    schemes = spec["components"]["securitySchemes"]
    assert schemes == dict(PLATFORMS[name].auth.SECURITY_SCHEMES)
    assert spec["security"] == [{scheme: []} for scheme in PLATFORMS[name].auth.SECURITY_SCHEMES]


@pytest.mark.parametrize("name", list(PLATFORMS))
def test_every_error_response_has_a_schema(name: str) -> None:
    for path, method, operation in operations(load(name)):
        for status, response in operation["responses"].items():
            if status.startswith("2"):
                continue
            if "$ref" in response:
                ref = response["$ref"].rsplit("/", 1)[-1]
                response = load(name)["components"]["responses"][ref]
            where = f"{method} {path} {status}"
            content = response["content"]
            if "application/json" in content:
                schema = content["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, where
            else:
                # A vendor's HTML error page (XeroChat's CodeIgniter refusing a URI).
                assert content == {"text/html": {"schema": {"type": "string"}}}, where


#: A RapidPro POST that creates (201), updates (200) or refuses a name already taken (409).
CREATES_OR_CONFLICTS = ["200", "201", "400", "403", "404", "409", "415"]


def test_rapidpro_documents_every_operation_with_its_error_statuses() -> None:
    # Every status is listed: no catch-all `default` that would make any status conform.
    documented = {
        (method.upper(), path): sorted(operation["responses"])
        for path, method, operation in operations(load("rapidpro"))
    }
    assert documented == {
        ("GET", "/api/v2/contacts.json"): ["200", "400", "403", "404"],
        ("POST", "/api/v2/contacts.json"): ["200", "201", "400", "403", "404", "415"],
        ("DELETE", "/api/v2/contacts.json"): ["204", "400", "403", "404"],
        ("GET", "/api/v2/fields.json"): ["200", "400", "403", "404"],
        ("POST", "/api/v2/fields.json"): CREATES_OR_CONFLICTS,
        ("GET", "/api/v2/groups.json"): ["200", "400", "403", "404"],
        ("POST", "/api/v2/groups.json"): CREATES_OR_CONFLICTS,
        ("DELETE", "/api/v2/groups.json"): ["204", "400", "403", "404"],
    }


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        return {node["$ref"]} if "$ref" in node else set().union(*map(_refs, node.values()))
    if isinstance(node, list):
        return set().union(*map(_refs, node))
    return set()


@pytest.mark.parametrize("name", [*PLATFORMS, "sandbox-control"])
def test_no_component_refers_to_itself(name: str) -> None:
    # What two schemas under one name left in Flochat's spec (S3StorageSaved's `data`);
    # no vendor schema here is recursive.
    spec = load(name)
    for component, schema in spec["components"].get("schemas", {}).items():
        assert f"#/components/schemas/{component}" not in _refs(schema), component


def test_flochat_s3_storage_answer_wraps_its_own_data_schema() -> None:
    schemas = load("flochat")["components"]["schemas"]
    data = schemas["S3StorageSaved"]["properties"]["data"]
    assert data["allOf"] == [{"$ref": "#/components/schemas/S3StorageSavedData"}]
    assert "api_key" in schemas["S3StorageSavedData"]["properties"]


def test_a_new_app_documents_nothing_until_its_spec_is_read(make_app: MakeApp) -> None:
    new = make_app()
    apps = [*new.platform_apps.values(), new.control_app]
    apis = [app.extensions["flask-smorest"]["apis"][""]["ext_obj"] for app in apps]
    assert [api._spec.to_dict()["paths"] for api in apis] == [{}] * len(apis)

    assert all(api.spec.to_dict()["paths"] for api in apis)
