"""The sandbox's settings, in one place, with the defaults the README documents."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_DB = ".flow-sandbox/db.json"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _platform_defaults() -> dict[str, dict[str, Any]]:
    return {"rapidpro": {"profile": "weni"}}


@dataclass(frozen=True)
class SandboxConfig:
    """How one sandbox process behaves (the server's address lives in `sandbox.server`)."""

    #: TinyDB file, or ":memory:" for state that ends with the process.
    db: str = DEFAULT_DB
    #: Fixture document loaded at start and again on a full reset.
    fixtures: Path | None = None
    #: Seed of the id generators; None means random ids.
    seed: int | None = None
    #: Serve only this platform, at the root of the server.
    platform: str | None = None
    #: Per-platform defaults a workspace can override in its fixtures.
    defaults: Mapping[str, Mapping[str, Any]] = field(default_factory=_platform_defaults)
    #: How often (seconds) the background writer checks whether to compact the journal.
    flush_interval: float = 0.2
    #: Wait for each commit's journal line to reach the disk (survives power loss; without
    #: it a commit survives the process being killed, not the machine losing power).
    fsync: bool = False
