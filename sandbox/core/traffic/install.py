"""Register the request path's parts (journal, fault rules, throttling) on a new sandbox.

Each part appends its gate and/or recorder to `sandbox.traffic`, and its listeners to
`on_reset` / `on_remove`; gates run in the order they are installed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sandbox.core.sandbox import Sandbox


def install(sandbox: Sandbox) -> None:
    """Give `sandbox` every part of its request path its configuration turns on."""
