"""What the kit needs to know about one platform (filled in per platform, like the
sandbox's own platform packages)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import requests

from conformance.options import Option

if TYPE_CHECKING:
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
class Ours:
    """What a guard may let a request touch: the run's own objects, and values the kit
    made up (they carry the prefix, so no real object has them)."""

    created: Sequence[Created] = ()

    def __call__(self, value: str) -> bool:
        """Whether `value` is the id of something the run created, or made up by the kit."""
        return any(item.id == value for item in self.created) or made_up(value)

    def of(self, kind: str, value: str) -> bool:
        """Whether `value` is the id of a `kind` object the run created (ids of different
        kinds may be equal: XeroChat numbers each table on its own)."""
        return Created(kind, value) in self.created


def made_up(value: str) -> bool:
    return PREFIX in value or PREFIX.replace("-", "_") in value


@dataclass(frozen=True)
class Creates:
    """What an operation creates: an answer with `status` whose JSON body has `key` names
    a new object of `kind` (RapidPro answers 200 to an update and 201 to a creation)."""

    kind: str
    key: str
    status: int = 201


#: A run's credentials by name (e.g. {"token": ...}); each kit knows how to send them.
Credentials = Mapping[str, str]


def _unchanged(*args: Any) -> None:
    return None


def status_is_error(response: requests.Response) -> bool:
    """Most vendors: an error is an answer with a 4xx or 5xx status."""
    return response.status_code >= 400


@dataclass(frozen=True)
class PlatformKit:
    name: str
    title: str
    #: Credential and flavour options (e.g. --rapidpro-token), with their env variables.
    options: Sequence[Option]
    #: The run's credentials, from its settings; raise ValueError naming what is missing.
    credentials: Callable[[Settings], dict[str, str]]
    #: Add the credentials to a request's `requests` keyword arguments (headers, query,
    #: form body: wherever the vendor reads them), for `method`.
    authorize: Callable[[str, dict[str, Any], Credentials], None]
    #: Prepare a fresh workspace in an in-process sandbox; returns option values to use.
    sandbox_workspace: Callable[[Sandbox, Settings], dict[str, Any]]
    #: schemathesis.toml-style settings for this platform (auth, checks, phases).
    schemathesis: Callable[[Settings, Credentials], dict[str, Any]]
    #: A problem with an error response's body, or None when it is the vendor's envelope.
    error_envelope: Callable[[requests.Response], str | None]
    #: Problems with the ids / formats in a successful response's JSON body.
    format_problems: Callable[[Any], list[str]]
    #: Whether an answer is an error (so its body must be the vendor's error envelope).
    is_error: Callable[[requests.Response], bool] = status_is_error
    #: "METHOD /path" of operations that create something, and how their answers say so.
    creates: Mapping[str, Creates] = field(default_factory=dict)
    #: Complete a generated request before it is sent, on any target: `prepare(case,
    #: credentials)` (e.g. put the API key in a form body, which schemathesis' auth
    #: cannot reach).
    prepare: Callable[[Any, Credentials], None] = _unchanged
    #: Make a generated request harmless on a real account (external targets only):
    #: `guard(case, ours, negative)` may only let lookups name what `ours` accepts
    #: (objects the run created) and must keep created data recognisable and undeliverable.
    guard: Callable[[Any, Ours, bool], None] = _unchanged
    #: Operations whose effects the API cannot undo.
    permanent: frozenset[str] = frozenset()
    #: "METHOD /path" -> why it never runs against a --base-url target (no option runs it
    #: there): the summary gives that reason as the operation's "not run".
    in_process_only: Mapping[str, str] = field(default_factory=dict)
    #: Delete what the run created (and, by name prefix, what it may have created without
    #: seeing the answer, e.g. when interrupted) since `started_at`; returns what is left.
    cleanup: Callable[[requests.Session, str, Credentials, list[Created], datetime], list[str]] = (
        lambda session, base_url, credentials, created, started_at: []
    )
    #: Delete just these objects (between stateful sequences); returns what is left.
    delete_created: Callable[[requests.Session, str, Credentials, list[Created]], list[str]] = (
        lambda session, base_url, credentials, created: []
    )

    @property
    def spec_path(self) -> Path:
        return SPECS / f"{self.name}.openapi.json"

    def holds_scenarios(self, filename: str) -> bool:
        """Whether a module of conformance/scenarios/ holds this platform's scenarios:
        test_<name>.py, and test_<name>_<theme>.py when they are split by theme."""
        return filename == f"test_{self.name}.py" or filename.startswith(f"test_{self.name}_")
