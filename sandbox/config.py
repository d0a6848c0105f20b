"""The sandbox's settings, in one place, with the defaults the README documents."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_DB = ".flow-sandbox/db.json"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: Largest request body any API of the sandbox reads. Above every vendor's own limit the
#: sandbox imitates (FlowBot's 10 MB uploads), far below what would exhaust the memory of
#: a CI runner; `--max-body-size` raises it for large fixture documents.
DEFAULT_MAX_BODY_SIZE = 16 * 1024 * 1024
#: The environment variable `--control-token` is also read from.
CONTROL_TOKEN_ENV = "FLOW_SANDBOX_CONTROL_TOKEN"
#: The environment variable `--cors` is also read from (1 / 0).
CORS_ENV = "FLOW_SANDBOX_CORS"
#: The environment variable `--journal-size` is also read from.
JOURNAL_SIZE_ENV = "FLOW_SANDBOX_JOURNAL_SIZE"
#: Requests the request journal keeps per workspace (docs/journal.md).
DEFAULT_JOURNAL_SIZE = 1000
#: The environment variable `--throttle` is also read from (1 / 0).
THROTTLE_ENV = "FLOW_SANDBOX_THROTTLE"

_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
_SIZE = re.compile(r"(\d+)\s*([kmg]?)(?:i?b)?", re.IGNORECASE)


def parse_size(text: str) -> int:
    """Bytes from `16MiB`, `512k`, `1048576`: binary units, as memory is counted."""
    match = _SIZE.fullmatch(text.strip())
    size = int(match[1]) * _UNITS[match[2].lower()] if match else 0
    if size <= 0:
        raise ValueError(
            f"{text!r} is not a size: give a positive number of bytes, optionally followed "
            "by KiB, MiB or GiB (e.g. 16MiB)"
        )
    return size


def format_size(size: int) -> str:
    """`size` in the largest binary unit that divides it: 16 MiB, 1 KiB, 1500 bytes."""
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size} bytes"


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
    #: Largest request body (bytes) the platforms and the control API read; a larger one
    #: is answered 413, in the platform's own error shape.
    max_body_size: int = DEFAULT_MAX_BODY_SIZE
    #: Secret every /_sandbox/ call (but health and the spec) must carry; None leaves the
    #: control API to whoever reaches the port, guarded only against browsers
    #: (sandbox/core/control/guard.py).
    control_token: str | None = None
    #: Host names the control API answers without a token, besides localhost and IP
    #: addresses (compose service names, a proxy's name).
    allowed_hosts: tuple[str, ...] = ()
    #: Let browser pages of any origin call the platforms' APIs (CORS preflights answered,
    #: `Access-Control-Allow-Origin` on every answer); the control API stays guarded.
    cors: bool = False
    #: Requests the request journal keeps per workspace (and of requests that name none);
    #: 0 turns it off: nothing is recorded and the request path pays nothing for it.
    journal_size: int = DEFAULT_JOURNAL_SIZE
    #: Throttle every workspace at its vendors' documented rates (a workspace's fixture
    #: section may turn them on or off, or set its own: docs/throttling.md).
    throttle: bool = False
