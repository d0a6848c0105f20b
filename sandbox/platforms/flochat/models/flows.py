"""The team's flows (bots) and the API keys that belong to them.

A key is made for one bot of one team and carries the scopes "Manage Flow" and/or
"Manage Team" (platforms.md §A.2). The workspace's own key (its `flochat.api_key`
credential) belongs to the team's default flow with both scopes; fixtures add other keys.
"""

from __future__ import annotations

import zlib
from typing import Any

from sandbox.core.context import Context, Workspace
from sandbox.core.sandbox import Sandbox
from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import FLOW_SCOPE, TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.common import API_KEYS, FLOWS
from sandbox.platforms.flochat.models.team_workspace import DEFAULT_FLOW_TYPE

BOTH_SCOPES = frozenset({FLOW_SCOPE, TEAM_SCOPE})


def provision(ctx: Context) -> None:
    """Give a team without flows its first bot, as every UChat team starts with one: when
    the workspace is made or cleared, and after a fixture that gave it no flows, so that no
    request (a GET included) ever writes it."""
    if ctx.store.first(FLOWS, ctx.workspace.name) is None:
        row = new_flow(ctx, "My Bot", flow_id=default_flow_id(ctx.workspace.name), default=True)
        ctx.store.insert(FLOWS, ctx.workspace.name, row)


def default_flow(ctx: Context) -> Record:
    """The flow the workspace's own key belongs to: the `default` one, else the first (the
    API removes no flow, and `provision` gives every team one)."""
    flows = ctx.store.find(FLOWS, ctx.workspace.name)
    marked = [flow for flow in flows if flow.get("default")]
    if not flows:
        raise LookupError(f"flochat: workspace {ctx.workspace.name!r} has no flow to serve")
    return min(marked or flows, key=lambda flow: flow["id"])


def default_flow_id(workspace: str) -> int:
    """A six-digit flow id that depends only on the workspace's name, so a workspace made
    again (a reset, a fixture reload) gets its bot under the same id."""
    return 100000 + zlib.crc32(workspace.encode("utf-8")) % 900000


def new_flow(ctx: Context, name: str, *, flow_id: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": flow_id,
        "name": name,
        "default": False,
        # Every field a fixture's flow has, so that export writes what load reads.
        "type": DEFAULT_FLOW_TYPE,
        "linked_label": "",
        "created_at": Flochat(ctx).now(),
        **extra,
    }


def flow_of(ctx: Context, flow_id: int) -> Record | None:
    return ctx.store.first(FLOWS, ctx.workspace.name, id=flow_id)


def key_workspace(sandbox: Sandbox, key: str) -> Workspace | None:
    """The workspace a key belongs to: the one whose own key it is, else the first (by
    name) whose fixture gave it to one of its flows."""
    workspace = sandbox.workspaces.find_by_credential("flochat", "api_key", key)
    if workspace is not None:
        return workspace
    for name in sorted(sandbox.store.workspaces_in(API_KEYS)):
        if sandbox.store.first(API_KEYS, name, key=key) is not None:
            found = sandbox.workspaces.get(name)
            if found is not None:
                return found
    return None


def key_holder(ctx: Context, key: str) -> tuple[Record, frozenset[str]] | None:
    """The flow and scopes of a key of this workspace, or None when it has no such key."""
    if key == ctx.workspace.credentials_for("flochat").get("api_key"):
        return default_flow(ctx), BOTH_SCOPES
    row = ctx.store.first(API_KEYS, ctx.workspace.name, key=key)
    if row is None:
        return None
    flow = flow_of(ctx, row["flow"])
    return (flow, frozenset(row["scopes"])) if flow is not None else None
