"""Workspaces: isolated tenants (one bot / org / account), each with its own credentials.

A workspace has one set of credentials per platform. Requests are tied to a workspace
by those credentials alone, and every record a platform stores belongs to the workspace
of the request that stored it, so one workspace never sees another's data. The
`default` workspace exists out of the box with fixed demo credentials.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sandbox.core.context import Workspace as Workspace  # defined there, named here too
from sandbox.core.ids import IdFactory
from sandbox.core.platform import Platform
from sandbox.core.storage import IEquals, Store

DEFAULT_WORKSPACE = "default"
TABLE = "_sandbox.workspaces"
#: The workspace directory itself is owned by the control plane, not by a tenant.
CONTROL_OWNER = "_sandbox"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class WorkspaceError(ValueError):
    """A workspace cannot be created or found as asked."""


class Workspaces:
    """The directory of workspaces, kept in the store."""

    def __init__(self, store: Store, ids: IdFactory, platforms: Mapping[str, Platform]) -> None:
        self._store = store
        self._ids = ids
        self._platforms = platforms

    def get(self, name: str) -> Workspace | None:
        record = self._store.first(TABLE, CONTROL_OWNER, name=name)
        return _workspace(record) if record else None

    def all(self) -> list[Workspace]:
        return [_workspace(record) for record in self._store.find(TABLE, CONTROL_OWNER)]

    def find_by_credential(
        self, platform: str, key: str, value: Any, *, ignore_case: bool = False
    ) -> Workspace | None:
        """The workspace whose `platform` credentials have `key` == `value` (compared without
        regard to case for vendors whose database collation ignores it)."""
        if not _hashable(value):
            return self._find_by_credential(platform, key, value, ignore_case)
        # Every authenticated request asks; the directory changes rarely.
        return self._store.memo(
            TABLE,
            ("credential", platform, key, value, ignore_case),
            lambda: self._find_by_credential(platform, key, value, ignore_case),
        )

    def _find_by_credential(
        self, platform: str, key: str, value: Any, ignore_case: bool
    ) -> Workspace | None:
        condition = IEquals(value) if ignore_case and isinstance(value, str) else value
        record = self._store.first(
            TABLE, CONTROL_OWNER, **{f"credentials.{platform}.{key}": condition}
        )
        return _workspace(record) if record else None

    def create(
        self,
        name: str | None = None,
        credentials: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> Workspace:
        """Create a workspace; platforms without given credentials get fresh ones."""
        if name is None:
            name = self._unused_name()
        elif not NAME_PATTERN.match(name):
            raise WorkspaceError(
                f"invalid workspace name {name!r}: use letters, digits, '_', '.' and '-' "
                "(at most 64 characters, starting with a letter or digit)"
            )
        if self.get(name) is not None:
            raise WorkspaceError(f"workspace {name!r} already exists")
        complete = self._complete_credentials(name, credentials or {})
        with self._store.transaction():
            self._store.insert(TABLE, CONTROL_OWNER, {"name": name, "credentials": complete})
        return Workspace(name, complete)

    def set_credentials(self, name: str, credentials: Mapping[str, Mapping[str, Any]]) -> Workspace:
        """Replace the given platforms' credentials of an existing workspace."""
        record = self._store.first(TABLE, CONTROL_OWNER, name=name)
        if record is None:
            raise WorkspaceError(f"no workspace named {name!r}")
        merged = {**record["credentials"], **{k: dict(v) for k, v in credentials.items()}}
        self._check_unique(name, merged)
        with self._store.transaction():
            updated = self._store.update(TABLE, record.id, {"credentials": merged})
        return _workspace(updated)

    def remove(self, name: str) -> None:
        """Remove a workspace and everything it owns."""
        record = self._store.first(TABLE, CONTROL_OWNER, name=name)
        if record is None:
            raise WorkspaceError(f"no workspace named {name!r}")
        with self._store.transaction():
            self._store.remove(TABLE, record.id)
            self._store.remove_workspace(name)

    def _complete_credentials(
        self, name: str, given: Mapping[str, Mapping[str, Any]]
    ) -> dict[str, dict[str, Any]]:
        unknown = sorted(set(given) - set(self._platforms))
        if unknown:
            raise WorkspaceError(f"credentials for unknown platform(s): {', '.join(unknown)}")
        complete: dict[str, dict[str, Any]] = {}
        for platform_name, platform in self._platforms.items():
            if platform_name in given:
                complete[platform_name] = dict(given[platform_name])
            elif name == DEFAULT_WORKSPACE:
                complete[platform_name] = dict(platform.auth.DEMO_CREDENTIALS)
            else:
                complete[platform_name] = platform.auth.new_credentials(self._ids)
        self._check_unique(name, complete)
        return complete

    def _check_unique(self, name: str, credentials: Mapping[str, Mapping[str, Any]]) -> None:
        """Credentials identify a workspace, so no two workspaces may share one."""
        for platform_name, values in credentials.items():
            keys = self._platforms[platform_name].auth.UNIQUE_CREDENTIALS
            mine = {values[k] for k in keys if values.get(k) is not None}
            for other in self.all():
                theirs = other.credentials_for(platform_name)
                shared = mine & {theirs.get(k) for k in keys}
                if other.name != name and shared:
                    raise WorkspaceError(
                        f"{platform_name} credential {sorted(shared)[0]!r} is already used by "
                        f"workspace {other.name!r}"
                    )

    def _unused_name(self) -> str:
        while True:
            name = f"ws-{self._ids.hex(8)}"
            if self.get(name) is None:
                return name


def _hashable(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool, type(None)))


def _workspace(record: Mapping[str, Any]) -> Workspace:
    return Workspace(record["name"], record["credentials"])
