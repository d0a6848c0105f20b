"""Answers a fault cuts on the wire: dropped, empty or truncated (filled in by the faults)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sandbox.core.traffic.exchange import Exchange


def deliver_cut(
    exchange: Exchange,
    start_response: Any,
    status: str,
    headers: list[tuple[str, str]],
    body: bytes,
) -> Iterable[bytes]:
    raise NotImplementedError(f"cutting an answer ({exchange.cut}) is not built yet")
