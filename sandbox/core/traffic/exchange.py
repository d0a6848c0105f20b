"""`Exchange`: one request to a platform and its answer, shared by the parts that steer
and record requests (`Sandbox.traffic`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

if TYPE_CHECKING:
    from sandbox.core.platform import Platform

#: Key of the request's `Exchange` in its WSGI environ.
ENVIRON_KEY = "flow_sandbox.exchange"
#: How many bytes of each body an exchange keeps (the journal's documented limit).
BODY_KEPT = 16 * 1024


class Operation(NamedTuple):
    """A documented operation: its operationId and its path template as the spec writes it."""

    id: str
    path: str


@dataclass(slots=True)
class Exchange:
    """One request to a platform and its answer.

    Filled in as the request goes: when it arrives (`platform`, `time`, the request line),
    once the platform knows who asks (`workspace`, `operation`; None for a request that
    names no workspace or matches no operation), and when the answer is complete
    (`status`, `response_headers`, `response_body`, `duration`).
    """

    platform: str
    #: On the sandbox clock, when the request arrived.
    time: datetime
    #: `time.perf_counter()` when the request arrived (for `duration`).
    started: float
    method: str
    #: The path below the platform's mount, as the vendor's spec writes paths.
    path: str
    query: str
    #: The request's WSGI environ (its headers are the `HTTP_*` keys); recorders copy what
    #: they keep, an exchange is not kept.
    environ: Mapping[str, Any]
    #: The request body's first `BODY_KEPT` + 1 bytes (one more tells that it was longer).
    request_body: bytes = b""
    workspace: str | None = None
    operation: Operation | None = None
    #: For a request no operation's path matched (a 404): the likeliest operations.
    nearest: Sequence[str] = ()
    #: `operation` and `nearest` are set (by the gates' hook, else after the answer).
    identified: bool = False
    #: A URL the sandbox serves for itself (the platform's spec), not a vendor operation.
    sandbox_own: bool = False
    #: What steered the answer (a fault rule, the vendor's throttling), for the journal:
    #: e.g. {"rule": 3, "action": "error"}; None for an answer the platform made itself.
    fault: dict[str, Any] | None = None
    #: Seconds to hold the answer back before sending it (a latency fault).
    delay: float = 0.0
    #: What a fault does to the answer's bytes on the wire: "drop" (the connection is cut
    #: before any byte), "empty" (the status and headers, no body) or "truncate" (the
    #: first `truncate_at` bytes, then the connection is cut).
    cut: str | None = None
    truncate_at: int = 0
    status: int = 0
    response_headers: Sequence[tuple[str, str]] = ()
    response_body: bytes = b""
    #: Seconds from arrival to the complete answer (held-back time included).
    duration: float = 0.0


class Gate(Protocol):
    """Looks at every identified request before the platform handles it (fault rules,
    throttling). It may raise a `VendorError` (the platform's renderer answers it and the
    operation does not happen), or mark the exchange (`delay`, `cut`, `fault`)."""

    def __call__(self, exchange: Exchange, platform: Platform) -> None: ...


#: Called with every finished exchange (the request journal).
Recorder = Callable[[Exchange], None]


@dataclass
class Traffic:
    """The sandbox's gates and recorders, in the order they run, and what each part keeps
    per workspace forgotten when the sandbox resets or removes workspaces."""

    gates: list[Gate] = field(default_factory=list)
    recorders: list[Recorder] = field(default_factory=list)
    #: Called with a workspace's name when it is reset, or None on a full reset.
    on_reset: list[Callable[[str | None], None]] = field(default_factory=list)
    #: Called with a workspace's name when it is removed.
    on_remove: list[Callable[[str], None]] = field(default_factory=list)

    def reset(self, workspace: str | None) -> None:
        for reset in self.on_reset:
            reset(workspace)

    def remove(self, workspace: str) -> None:
        for remove in self.on_remove:
            remove(workspace)
