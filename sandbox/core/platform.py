"""What a platform package provides, so the core can mount, document and seed it.

Every package under `sandbox/platforms/` has the same files: `schemas.py`, `models.py`,
`routes.py`, `errors.py`, `auth.py`, and an `__init__.py` that builds one `Platform`
from them. The protocols below are the parts of those modules the core calls.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from flask import Flask, Request
from flask_smorest import Blueprint
from marshmallow import Schema

from sandbox.core.context import Context, Workspace
from sandbox.core.errors import ErrorRenderer, VendorError
from sandbox.core.ids import IdFactory

#: Key of the serving `Platform` in its Flask app's `extensions`.
PLATFORM_EXTENSION = "flow_sandbox_platform"


@dataclass(frozen=True)
class Principal:
    """Who a request's credentials name: a workspace, and what the vendor ties to the
    credentials inside it (`claims`: a flow id and scopes, a user id, a role)."""

    workspace: Workspace
    claims: Mapping[str, Any] = field(default_factory=dict)


class PlatformAuth(Protocol):
    """A platform's `auth` module."""

    @property
    def SECURITY_SCHEMES(self) -> Mapping[str, Mapping[str, Any]]:
        """OpenAPI `components.securitySchemes` entries."""
        ...

    @property
    def DEMO_CREDENTIALS(self) -> Mapping[str, Any]:
        """Credentials of the default workspace, fixed so the README can print them."""
        ...

    @property
    def UNIQUE_CREDENTIALS(self) -> tuple[str, ...]:
        """Credential keys whose values identify a workspace (no two may share one)."""
        ...

    def new_credentials(self, ids: IdFactory) -> dict[str, Any]:
        """Fresh credentials for a new workspace, in the vendor's formats."""
        ...

    def authenticate(self, request: Request) -> Principal | Workspace | None:
        """Who the request's credentials name (a `Principal`, or just its workspace), or
        raise the vendor's error.

        Called before every request except public views and unknown URLs. Returning
        None lets the request through without a workspace (the platform decided an
        earlier error, such as its 405, wins over authentication).
        """
        ...


class PlatformModels(Protocol):
    """The fixture side of a platform's `models` module."""

    def load_fixture(self, ctx: Context, data: Mapping[str, Any]) -> dict[str, int]:
        """Load this platform's part of one workspace's fixture; return counts per kind.

        Raise `sandbox.core.fixtures.FixtureError` for invalid data.
        """
        ...

    def export_fixture(self, ctx: Context) -> dict[str, Any]:
        """This platform's state of one workspace, in the form `load_fixture` reads."""
        ...


class PlatformProvisioning(Protocol):
    """A `models` module that also defines `provision` (optional): what a platform stores
    in every workspace before any request, as a fresh vendor account or install holds it.

    The core calls it in the transaction that makes a workspace's data: when a workspace
    is created (the startup default, the control API, a fixture naming a new one), after
    its data is cleared (reset, a fixture load), and after a fixture's sections loaded, so
    rows a fixture gave win. It must leave what is already stored as it is (it runs again
    on a workspace that has its rows).
    """

    def provision(self, ctx: Context) -> None:
        """Store what the workspace of `ctx` needs but lacks."""
        ...


class PlatformConversations(Protocol):
    """A messaging platform's conversations, for the control API (`/_sandbox/outbox`,
    `/_sandbox/inbound`): nothing the sandbox "sends" leaves it, so tests read it here,
    and a customer's inbound message can be simulated (it opens or refreshes the
    platform's 24-hour customer-service window).

    `conversation` is the platform's own id of one (Flochat: a subscriber's user_ns).
    Raise LookupError for an unknown conversation, ValueError for an invalid message.
    """

    def outbox(self, ctx: Context, conversation: str | None) -> list[dict[str, Any]]:
        """Every message the workspace sent (in one conversation), oldest first."""
        ...

    def inbound(self, ctx: Context, conversation: str, text: str) -> dict[str, Any]:
        """Record a customer's message in a conversation; returns the stored message."""
        ...


@dataclass(frozen=True)
class Platform:
    """One emulated vendor API."""

    name: str  # URL mount (/<name>) and spec file name
    title: str  # OpenAPI info.title; also the schemathesis [[project]] key
    vendor: str  # the product integrators know
    vendor_base_url: str  # where the real API lives; spec paths are relative to it
    description: str
    auth: PlatformAuth
    render_error: ErrorRenderer
    error_schema: type[Schema]  # documents what render_error answers with
    models: PlatformModels | None = None
    blueprints: Sequence[Blueprint] = field(default_factory=tuple)
    #: Extra setup of the platform's Flask app (hooks, headers), run after auth is bound.
    configure: Callable[[Flask], None] | None = None
    #: Outbox and simulated inbound messages, for platforms that send messages.
    conversations: PlatformConversations | None = None
    version: str = "1.0"
    #: The class of the per-request `WorkspaceBackend` (`sandbox.core.backend`), built
    #: from the context and the principal `auth.authenticate()` returned.
    backend: Callable[[Context, Principal], Any] | None = None
    #: The vendor's answer when a client sends too many requests, given the seconds until
    #: it may retry (its throttling, and fault rules that answer 429); None: the platform's
    #: renderer words a plain 429.
    too_many_requests: Callable[[int], VendorError] | None = None

    @property
    def implemented(self) -> bool:
        return bool(self.blueprints)
