"""flow-sandbox for integrators' own tests: a sandbox served from this process
(`SandboxServer`), a client of one running elsewhere (`SandboxClient`), workspace handles
(`Workspace`), and the pytest plugin (`sandbox.testing.pytest_plugin`, the `flow_sandbox`
and `sandbox_workspace` fixtures).

The names are imported on first use: pytest loads the plugin, and so this package, in
every test run of a user who installed flow-sandbox, and that must not pay for Flask,
TinyDB or the HTTP client unless a fixture is used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sandbox.testing.client import SandboxClient
    from sandbox.testing.clock import SandboxClock
    from sandbox.testing.http import SandboxError, SandboxUnreachable
    from sandbox.testing.server import SandboxServer
    from sandbox.testing.workspace import Workspace

_EXPORTS = {
    "SandboxClient": "sandbox.testing.client",
    "SandboxClock": "sandbox.testing.clock",
    "SandboxError": "sandbox.testing.http",
    "SandboxUnreachable": "sandbox.testing.http",
    "SandboxServer": "sandbox.testing.server",
    "Workspace": "sandbox.testing.workspace",
}

__all__ = [
    "SandboxClient",
    "SandboxClock",
    "SandboxError",
    "SandboxServer",
    "SandboxUnreachable",
    "Workspace",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sandbox.testing' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
