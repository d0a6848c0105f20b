"""What the kit needs to know about one platform (filled in per platform, like the
sandbox's own platform packages)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from conformance.options import Option

if TYPE_CHECKING:
    import requests

    from conformance.settings import Settings
    from sandbox.core.sandbox import Sandbox

SPECS = Path(__file__).resolve().parents[2] / "specs"

#: Everything the kit creates carries this prefix, so it is recognisable on real accounts.
PREFIX = "zz-fsbx-"


@dataclass(frozen=True)
class Created:
    """An object the kit created: what to delete at the end."""

    kind: str
    id: str


@dataclass(frozen=True)
class PlatformKit:
    name: str
    title: str
    #: Credential and flavour options (e.g. --rapidpro-token), with their env variables.
    options: Sequence[Option]
    #: Auth headers for a run, from its settings; raise ValueError naming what is missing.
    headers: Callable[[Settings], dict[str, str]]
    #: Prepare a fresh workspace in an in-process sandbox; returns option values to use.
    sandbox_workspace: Callable[[Sandbox, Settings], dict[str, Any]]
    #: schemathesis.toml-style settings for this platform (checks, phases).
    schemathesis: Callable[[Settings], dict[str, Any]]
    #: A problem with an error response's body, or None when it is the vendor's envelope.
    error_envelope: Callable[[requests.Response], str | None]
    #: Problems with the ids / formats in a successful response's JSON body.
    format_problems: Callable[[Any], list[str]]
    #: "METHOD /path" of operations that create something -> (kind, JSON key of its id).
    creates: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    #: Make a generated request harmless on a real account (external targets only):
    #: `guard(case, is_ours, negative)` may only let lookups name what `is_ours` accepts
    #: (objects the run created) and must keep created data recognisable and undeliverable.
    guard: Callable[[Any, Callable[[str], bool], bool], None] = lambda case, is_ours, negative: None
    #: Operations whose effects the API cannot undo.
    permanent: frozenset[str] = frozenset()
    #: Delete what the run created (and, by name prefix, what it may have created without
    #: seeing the answer, e.g. when interrupted) since `started_at`; returns what is left.
    cleanup: Callable[
        [requests.Session, str, dict[str, str], list[Created], datetime], list[str]
    ] = lambda session, base_url, headers, created, started_at: []
    #: Delete just these objects (between stateful sequences); returns what is left.
    delete_created: Callable[[requests.Session, str, dict[str, str], list[Created]], list[str]] = (
        lambda session, base_url, headers, created: []
    )

    @property
    def spec_path(self) -> Path:
        return SPECS / f"{self.name}.openapi.json"

    @property
    def scenarios(self) -> str:
        return f"test_{self.name}.py"
