"""Generate the OpenAPI documents in specs/ from the code, deterministically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Flask

from sandbox.app import create_app
from sandbox.config import SandboxConfig

CONTROL_SPEC = "sandbox-control.openapi.json"


def spec_of(app: Flask) -> dict[str, Any]:
    """The spec of a Flask app's flask-smorest Api."""
    return app.extensions["flask-smorest"]["apis"][""]["ext_obj"].spec.to_dict()


def generate() -> dict[str, str]:
    """{file name: file text} for every platform spec and the control API spec."""
    app = create_app(SandboxConfig(db=":memory:"))
    try:
        specs = {
            f"{name}.openapi.json": spec_of(flask_app)
            for name, flask_app in app.platform_apps.items()
        }
        specs[CONTROL_SPEC] = spec_of(app.control_app)
    finally:
        app.close()
    return {name: render(spec) for name, spec in specs.items()}


def render(spec: dict[str, Any]) -> str:
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write(directory: Path) -> list[str]:
    """Write every spec into `directory`; returns the names of files that changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in generate().items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


def check(directory: Path) -> list[str]:
    """Names of specs whose committed file differs from what the code generates."""
    stale = []
    for name, text in generate().items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
