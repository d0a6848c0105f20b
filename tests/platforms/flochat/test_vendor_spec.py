"""The sandbox against the vendor's own OpenAPI document (conformance/vendor/
uchat-openapi.json): schemathesis generates valid requests for every operation the
sandbox implements, and every answer is one the vendor documents, with no server error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import response_schema_conformance

from sandbox.app import create_app
from sandbox.config import SandboxConfig
from sandbox.platforms.flochat.auth import DEMO_CREDENTIALS
from tests.conformance.helpers import serve
from tests.conftest import ROOT

VENDOR_SPEC = ROOT / "conformance" / "vendor" / "uchat-openapi.json"
OURS = json.loads((ROOT / "specs" / "flochat.openapi.json").read_text(encoding="utf-8"))
METHODS = ("get", "put", "post", "delete", "patch")


def implemented() -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, item in OURS["paths"].items()
        for method in item
        if method in METHODS
    }


def errata() -> set[tuple[str, str]]:
    """Operations whose 200 answer knowingly differs from the vendor's documented schema
    (our spec's `x-vendor-erratum` says why): checked for server errors only."""
    return {
        (method.upper(), path)
        for path, item in OURS["paths"].items()
        for method, operation in item.items()
        if method in METHODS and "x-vendor-erratum" in operation
    }


ERRATA = errata()


def vendor_schema() -> Any:
    config = SchemathesisConfig.from_dict(
        {
            "headers": {"Authorization": f"Bearer {DEMO_CREDENTIALS['api_key']}"},
            "generation": {"mode": "positive"},
        }
    )
    schema = schemathesis.openapi.from_path(VENDOR_SPEC, config=config)
    vendor = json.loads(VENDOR_SPEC.read_text(encoding="utf-8"))
    for path, item in vendor["paths"].items():
        for method in item:
            if method in METHODS and (method.upper(), path) not in implemented():
                schema = schema.exclude(method=method.upper(), path=path)
    return schema


SCHEMA = vendor_schema()


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    app = create_app(SandboxConfig(db=":memory:", seed=7))
    with serve(app) as url:
        yield f"{url}/flochat"
    app.close()


@SCHEMA.parametrize()
@hypothesis.settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_answers_are_as_the_vendor_documents(case: Any, base_url: str) -> None:
    checks = [not_a_server_error]
    if (case.method.upper(), case.path) not in ERRATA:
        checks.append(response_schema_conformance)
    case.call_and_validate(base_url=base_url, checks=checks)
