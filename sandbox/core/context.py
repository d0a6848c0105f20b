"""What a platform's models work with: the shared services plus the current workspace."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import g

from sandbox.core.clock import Clock
from sandbox.core.ids import IdFactory
from sandbox.core.storage import Store


@dataclass(frozen=True)
class Workspace:
    """A tenant. Read-only: lookups share one instance between requests."""

    name: str
    credentials: dict[str, dict[str, Any]]

    def credentials_for(self, platform: str) -> dict[str, Any]:
        return self.credentials.get(platform, {})


@dataclass(frozen=True)
class Context:
    """Everything one workspace's domain logic needs, with no tie to HTTP."""

    store: Store
    clock: Clock
    ids: IdFactory
    workspace: Workspace
    #: Per-platform defaults from the command line, e.g. {"rapidpro": {"profile": "weni"}}.
    defaults: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def default(self, platform: str, key: str, fallback: Any = None) -> Any:
        return self.defaults.get(platform, {}).get(key, fallback)


class NoWorkspace(RuntimeError):
    """A view that needs a workspace ran without one (a platform's auth let it through)."""


def current_context() -> Context:
    """The context of the authenticated workspace of the current request."""
    ctx = g.get("sandbox_context")
    if ctx is None:
        raise NoWorkspace("this request has no authenticated workspace")
    return ctx
