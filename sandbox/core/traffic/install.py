"""Register the request path's parts (journal, fault rules, throttling) on a new sandbox.

Each part appends its gate and/or recorder to the sandbox's `Traffic`, and its listeners
to `on_reset` / `on_remove`; gates run in the order they are installed here.
"""

from __future__ import annotations

from sandbox.config import SandboxConfig
from sandbox.core.clock import Clock
from sandbox.core.traffic import faults
from sandbox.core.traffic.exchange import Traffic
from sandbox.core.traffic.journal import install_journal
from sandbox.core.traffic.throttle import install as install_throttle


def install(traffic: Traffic, config: SandboxConfig, clock: Clock) -> None:
    """Give a sandbox's `traffic` every part its configuration turns on."""
    # Fault rules: their gate joins the traffic (ahead of the throttling) once a rule exists.
    faults.install(traffic, config.seed)
    # The vendors' throttling: its gate joins (last) while some workspace can be throttled.
    install_throttle(traffic, config.throttle)
    # The request journal: a recorder (no gate), so it sees what every gate decided.
    install_journal(traffic, config.journal_size)
