"""The sandbox's state and the operations the control API exposes on it.

One `Sandbox` per process: the store, the clock, the id factory, the workspace
directory and the platforms. Reset, fixture loading and export live here so the control
API, the command line and the tests all do them the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app

from sandbox.config import SandboxConfig
from sandbox.core.clock import Clock
from sandbox.core.context import Context
from sandbox.core.fixtures import (
    FORMAT_VERSION,
    RESERVED_KEYS,
    FixtureError,
    check_envelope,
    collector_paused,
    section_seed,
)
from sandbox.core.fixtures import read_document as read_fixture_file
from sandbox.core.ids import IdFactory
from sandbox.core.platform import Platform
from sandbox.core.storage import Store
from sandbox.core.traffic import faults_fixture
from sandbox.core.traffic import throttle as throttling
from sandbox.core.traffic.exchange import Traffic
from sandbox.core.traffic.install import install as install_traffic
from sandbox.core.workspaces import DEFAULT_WORKSPACE, Workspace, WorkspaceError, Workspaces

#: {workspace: {platform: {kind: count}}}, what a fixture load reports.
LoadSummary = dict[str, dict[str, dict[str, int]]]
#: Key of the `Sandbox` in every app's `extensions`.
EXTENSION = "flow_sandbox"
#: Contexts kept for reuse at most (one per workspace object handed out).
CONTEXTS_KEPT = 256


class Sandbox:
    """Everything one sandbox process holds."""

    def __init__(self, config: SandboxConfig, platforms: Mapping[str, Platform]) -> None:
        self.config = config
        self.platforms = dict(platforms)
        self.clock = Clock()
        self.ids = IdFactory(config.seed)
        #: What steers and records every platform request (journal, faults, throttling).
        self.traffic = Traffic()
        install_traffic(self.traffic, config, self.clock)
        # Read the startup fixtures before opening the store: a bad file fails fast.
        self._startup_fixture = read_fixture_file(config.fixtures) if config.fixtures else None
        self.store = Store(config.db, flush_interval=config.flush_interval, fsync=config.fsync)
        self.workspaces = Workspaces(self.store, self.ids, self.platforms)
        #: Contexts by the id of their workspace object (which each context holds on to).
        self._contexts: dict[int, Context] = {}
        self._restore_startup_state()

    def context(self, workspace: Workspace) -> Context:
        """The context of `workspace`. Requests ask for it once or twice each, and the
        workspace lookup hands out the same object until the workspaces change: one context
        is kept per workspace object, so that what is derived from a context and kept
        (RapidPro's org) serves requests of several workspaces in turn."""
        found = self._contexts.get(id(workspace))
        if found is not None and found.workspace is workspace:
            return found
        if len(self._contexts) >= CONTEXTS_KEPT:
            self._contexts.clear()  # workspaces replaced again and again: start afresh
        built = self._contexts[id(workspace)] = Context(
            self.store, self.clock, self.ids, workspace, self.config.defaults
        )
        return built

    def close(self) -> None:
        """Write everything to disk; call once when the process stops."""
        self.store.close()

    # -- reset ------------------------------------------------------------------------

    def reset(self, workspace: str | None = None, seed: int | None = None) -> None:
        """Return everything (or one workspace's data) to its state at startup.

        A full reset also puts the clock back on real time and reseeds the ids with
        `seed`, or with the seed the process started with.
        """
        self.traffic.reset(workspace)
        with self.store.transaction():
            if workspace is None:
                for existing in self.workspaces.all():
                    self.workspaces.remove(existing.name)
                # Record ids show in RapidPro's cursors: number them as a start does.
                self.store.restart_numbering()
                self.clock.reset()
                self.ids.reseed(seed if seed is not None else self.config.seed)
                self._restore_startup_state()
                return
            if self.workspaces.get(workspace) is None:
                raise WorkspaceError(f"no workspace named {workspace!r}")
            self._clear(workspace)
            startup = self._startup_workspaces().get(workspace)
            if startup is not None:
                self._load_seeded(workspace, startup)  # provisions it after the load
            else:
                self._provision(workspace)
            # The startup fixture's top-level rules that name this workspace.
            shared = (self._startup_fixture or {}).get(faults_fixture.SECTION)
            faults_fixture.add(
                self.traffic, faults_fixture.parse(shared, self.platforms), workspace
            )

    def remove_workspace(self, name: str) -> None:
        """Remove a workspace, its data and what the request path keeps of it (its journal,
        its fault rules, its throttling counts)."""
        self.workspaces.remove(name)
        self.traffic.remove(name)

    def _restore_startup_state(self) -> None:
        with self.store.transaction():
            if self.workspaces.get(DEFAULT_WORKSPACE) is None:
                self.workspaces.create(DEFAULT_WORKSPACE)
            # Every workspace the startup fixture does not load (which provisions it):
            # the new default, and those of a store kept on disk, which may predate what
            # a platform provisions now.
            loaded = self._startup_workspaces()
            for workspace in self.workspaces.all():
                if workspace.name not in loaded:
                    self._provision(workspace.name)
            if self._startup_fixture is not None:
                self.load_fixtures(self._startup_fixture)

    def _startup_workspaces(self) -> dict[str, Any]:
        return dict(self._startup_fixture["workspaces"]) if self._startup_fixture else {}

    def _clear(self, workspace: str) -> None:
        """Remove a workspace's data but keep the workspace and its credentials."""
        self.store.remove_workspace(workspace)

    def _provision(self, name: str) -> None:
        """Store what each platform holds in a workspace before any request (its
        `models.provision`, see `PlatformProvisioning`); inside the caller's transaction."""
        workspace = self.workspaces.get(name)
        assert workspace is not None, name
        ctx = self.context(workspace)
        for platform in self.platforms.values():
            provision = getattr(platform.models, "provision", None)
            if provision is not None:
                provision(ctx)

    # -- fixtures ----------------------------------------------------------------------

    def load_fixtures(self, document: Mapping[str, Any]) -> LoadSummary:
        """Load a fixture document; each workspace it names is replaced, all or nothing."""
        envelope = check_envelope(document)
        workspaces = envelope["workspaces"]
        # Checked before anything changes; added once every workspace loaded.
        shared_faults = faults_fixture.parse(envelope.get(faults_fixture.SECTION), self.platforms)
        summary: LoadSummary = {}
        with self.store.transaction(), collector_paused():
            for name, section in workspaces.items():
                try:
                    summary[str(name)] = self._load_seeded(str(name), section or {})
                except FixtureError as error:
                    raise error.within("workspaces", str(name)) from None
        faults_fixture.add(self.traffic, shared_faults)
        return summary

    def _load_seeded(self, name: str, section: Mapping[str, Any]) -> dict[str, dict[str, int]]:
        """Load one workspace's section; what the load generates here (the credentials of
        a new workspace) comes from its name and the credentials the section gives, so
        editing its data does not change them."""
        with self.ids.drawing_from(section_seed(name, section.get("credentials"))):
            return self._load_workspace(name, section)

    def _load_workspace(self, name: str, section: Mapping[str, Any]) -> dict[str, dict[str, int]]:
        unknown = sorted(set(section) - set(self.platforms) - RESERVED_KEYS)
        if unknown:
            raise FixtureError(
                unknown[0],
                f"unknown platform (expected one of: {', '.join(self.platforms)})",
            )
        credentials = section.get("credentials") or {}
        faults = faults_fixture.parse(section.get(faults_fixture.SECTION), self.platforms, name)
        # Refused before anything changes.
        throttle = throttling.parse_setting(section.get(throttling.SECTION), self.platforms)
        try:
            workspace = self.workspaces.get(name)
            if workspace is None:
                workspace = self.workspaces.create(name, credentials)
            else:
                self._clear(name)
                if credentials:
                    workspace = self.workspaces.set_credentials(name, credentials)
        except WorkspaceError as error:
            raise FixtureError("credentials" if credentials else "", str(error)) from error
        ctx = self.context(workspace)
        counts: dict[str, dict[str, int]] = {}
        for platform_name, data in section.items():
            if platform_name in RESERVED_KEYS:
                continue
            platform = self.platforms[platform_name]
            if platform.models is None:
                raise FixtureError(platform_name, "this platform does not take fixtures yet")
            if data is not None and not isinstance(data, Mapping):
                raise FixtureError(platform_name, "must be a mapping")
            try:
                # Seeded per platform: whether the workspace's credentials were generated
                # first (it is new) or not, the same section draws the same values.
                with self.ids.drawing_from(section_seed(f"{name}/{platform_name}", data)):
                    counts[platform_name] = platform.models.load_fixture(ctx, data or {})
            except FixtureError as error:
                raise error.within(platform_name) from None
        self._provision(name)  # after the sections: the rows a fixture gave win
        faults_fixture.replace(self.traffic, name, faults)
        throttling.configure(self.traffic, name, throttle)
        return counts

    def export(self, workspace: str | None = None) -> dict[str, Any]:
        """The state as a fixture document that `load_fixtures` turns back into this state."""
        if workspace is None:
            chosen = self.workspaces.all()
        else:
            found = self.workspaces.get(workspace)
            if found is None:
                raise WorkspaceError(f"no workspace named {workspace!r}")
            chosen = [found]
        exported: dict[str, Any] = {}
        with self.store.transaction():  # one consistent snapshot
            for ws in chosen:
                section: dict[str, Any] = {"credentials": ws.credentials}
                ctx = self.context(ws)
                for name, platform in self.platforms.items():
                    if platform.models is not None:
                        data = platform.models.export_fixture(ctx)
                        if data:
                            section[name] = data
                rules = faults_fixture.export(self.traffic, ws.name)
                if rules:
                    section[faults_fixture.SECTION] = rules
                throttle = throttling.export(self.traffic, ws.name)
                if throttle is not None:
                    section[throttling.SECTION] = throttle
                exported[ws.name] = section
        document: dict[str, Any] = {"version": FORMAT_VERSION, "workspaces": exported}
        shared = faults_fixture.export(self.traffic, None) if workspace is None else []
        if shared:  # the rules for every workspace
            document[faults_fixture.SECTION] = shared
        return document


def current_sandbox() -> Sandbox:
    """The `Sandbox` behind the app handling the current request."""
    return current_app.extensions[EXTENSION]
