"""What a run checks: an external base URL, or a sandbox started in this process."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
from werkzeug.serving import make_server

from conformance.platforms import PlatformKit
from conformance.settings import Settings


class TargetError(Exception):
    """The target cannot be used (unreachable, refused credentials, ...): a usage error."""


@dataclass
class Target:
    base_url: str
    description: str
    #: Platform option values the target supplies (an in-process sandbox's fresh token).
    options: dict[str, Any] = field(default_factory=dict)
    stop: Callable[[], None] = lambda: None
    in_process: bool = False


def start(kit: PlatformKit, settings: Settings) -> Target:
    if settings.base_url is not None:
        return _external(settings.base_url)
    return _in_process(kit, settings)


def _external(base_url: str) -> Target:
    try:
        requests.get(base_url, timeout=15)
    except requests.RequestException as error:
        raise TargetError(
            f"cannot reach {base_url}: {error.__class__.__name__}: {error}"
        ) from error
    return Target(base_url=base_url, description=base_url)


def _in_process(kit: PlatformKit, settings: Settings) -> Target:
    """A sandbox in memory, served on a free local port, checked in a fresh workspace."""
    from sandbox.app import create_app
    from sandbox.config import SandboxConfig

    app = create_app(SandboxConfig(db=":memory:", seed=settings.seed))
    options = kit.sandbox_workspace(app.sandbox, settings)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="conformance-sandbox", daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        thread.join(timeout=10)
        app.close()

    base_url = f"http://127.0.0.1:{server.server_port}/{kit.name}"
    return Target(
        base_url=base_url,
        description=f"in-process sandbox at {base_url}",
        options=options,
        stop=stop,
        in_process=True,
    )
