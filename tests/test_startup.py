"""What `flow-sandbox serve` does before its first answer stays small: no test or
conformance tooling imported, no spec built, no schema deep-copied per decorator
(bench/startup.py measures the time to the first health answer)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from typing import Any

import flask_smorest.arguments
import flask_smorest.blueprint
import flask_smorest.response
import marshmallow as ma

from sandbox.core.api import PlatformBlueprint

#: Needed by `flow-sandbox conformance` or the tests only.
NOT_FOR_SERVING = ("schemathesis", "hypothesis", "pytest", "pypdf", "requests", "jsonschema")


def test_serving_imports_no_test_or_conformance_tooling() -> None:
    code = (
        "import json, sys\n"
        "import sandbox.cli, sandbox.server\n"
        "from sandbox.app import create_app\n"
        "from sandbox.config import SandboxConfig\n"
        "create_app(SandboxConfig(db=':memory:')).close()\n"
        f"print(json.dumps(sorted(set({list(NOT_FOR_SERVING)!r}) & set(sys.modules))))\n"
    )
    assert run_python(code) == []


def run_python(code: str) -> Any:
    """What `code`, run in a fresh interpreter, prints as JSON."""
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def test_importing_the_platforms_runs_no_collection_and_freezes_what_they_built() -> None:
    code = (
        "import gc, json, sys\n"
        "during = []\n"
        "def started(phase, info):\n"
        "    cli = sys.modules.get('sandbox.cli')\n"
        "    importing = 'sandbox.platforms' in sys.modules and cli is not None\n"
        "    if phase == 'start' and importing and not hasattr(cli, 'PROFILE_NAMES'):\n"
        "        during.append(info['generation'])\n"
        "gc.callbacks.append(started)\n"
        "import sandbox.cli\n"
        "print(json.dumps([during, gc.isenabled(), gc.get_freeze_count() > 10_000]))\n"
    )
    # No collection meanwhile, none of them walked by later ones (frozen), collector on.
    assert run_python(code) == [[], True, True]


def test_importing_the_cli_leaves_a_disabled_collector_disabled() -> None:
    code = "import gc, json; gc.disable(); import sandbox.cli; print(json.dumps(gc.isenabled()))"
    assert run_python(code) is False


class Item(ma.Schema):
    name = ma.fields.String()


def test_documenting_a_view_copies_its_docs_but_not_its_schemas() -> None:
    blp = PlatformBlueprint("t", __name__)

    def view() -> Any:
        return {}

    answered = blp.response(200, Item)(view)
    documented = blp.doc(summary="S")(blp.alt_response(404, schema=Item)(answered))

    inner: dict[str, Any] = answered._apidoc  # type: ignore[attr-defined]
    outer: dict[str, Any] = documented._apidoc  # type: ignore[attr-defined]
    # The same schema instance, in dicts of its own: mutating the outer docs (as apispec
    # does when it resolves them) leaves the inner view's docs as they were.
    [(outer_answer,)] = [outer["response"]["responses"][200]]
    [(inner_answer,)] = [inner["response"]["responses"][200]]
    assert outer_answer["schema"] is inner_answer["schema"]
    assert outer_answer is not inner_answer
    assert outer["response"] is not inner["response"]
    outer["response"]["responses"].pop(200)
    assert 200 in inner["response"]["responses"]
    assert 404 not in inner["response"]["responses"]
    assert outer["manual_doc"] == {"summary": "S"} and "manual_doc" not in inner


def test_flask_smorest_deep_copies_again_outside_platform_blueprints() -> None:
    blp = PlatformBlueprint("t", __name__)
    blp.route("/a")(blp.arguments(Item, location="query")(lambda args: {}))

    assert flask_smorest.arguments.deepcopy is copy.deepcopy
    assert flask_smorest.blueprint.deepcopy is copy.deepcopy
    assert flask_smorest.response.deepcopy is copy.deepcopy
