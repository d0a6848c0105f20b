"""`FlowXO`: one workspace's Flow XO account, as its API key sees it (the platform's
per-request backend: `Platform(backend=FlowXO)`)."""

from __future__ import annotations

from sandbox.core.backend import WorkspaceBackend


class FlowXO(WorkspaceBackend):
    """The account of one workspace: its bots, workflows, end users and conversations.

    Views and models build the resource they need on it (`EndUsers(account)`); the
    resources import this class for annotations only, so nothing here imports back."""
