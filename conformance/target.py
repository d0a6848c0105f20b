"""What a run checks: an external base URL, or a sandbox started in this process."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from requests.adapters import BaseAdapter
from werkzeug.serving import make_server

from conformance.platforms import PlatformKit
from conformance.settings import Settings
from conformance.wsgi import WsgiAdapter


class TargetError(Exception):
    """The target cannot be used (unreachable, refused credentials, ...): a usage error."""


@dataclass
class Target:
    base_url: str
    description: str
    #: The target's clock when the run began (its Date header): the clean-up looks for
    #: objects changed since then, which clocks on the kit's side cannot tell.
    started_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    #: Platform option values the target supplies (an in-process sandbox's fresh token).
    options: dict[str, Any] = field(default_factory=dict)
    stop: Callable[[], None] = lambda: None
    in_process: bool = False
    #: An in-process target's app, called directly by the run's session (conformance.wsgi);
    #: the server still answers everyone else (a kit's own requests.get, the user's curl).
    adapter: BaseAdapter | None = None


def start(kit: PlatformKit, settings: Settings) -> Target:
    if settings.base_url is not None:
        return _external(settings.base_url)
    return _in_process(kit, settings)


def _external(base_url: str) -> Target:
    try:
        response = requests.get(base_url, timeout=15)
    except requests.RequestException as error:
        raise TargetError(
            f"cannot reach {base_url}: {error.__class__.__name__}: {error}"
        ) from error
    target = Target(base_url=base_url, description=base_url)
    # Without a usable Date header, the kit's own clock it is.
    with contextlib.suppress(KeyError, TypeError, ValueError):
        target.started_at = parsedate_to_datetime(response.headers["Date"])
    return target


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
        adapter=WsgiAdapter(app, "127.0.0.1", server.server_port),
    )
