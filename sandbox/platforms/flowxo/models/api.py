"""`FlowXO`: one workspace's Flow XO account, as its API key sees it."""

from __future__ import annotations

from typing import Any

from sandbox.core.context import Context
from sandbox.core.storage import Record, Store


class FlowXO:
    """The account of one workspace: its bots, workflows, end users and conversations."""

    def __init__(self, ctx: Context) -> None:
        from sandbox.platforms.flowxo.models.bots import Bots
        from sandbox.platforms.flowxo.models.conversations import Conversations
        from sandbox.platforms.flowxo.models.end_users import EndUsers
        from sandbox.platforms.flowxo.models.workflows import Workflows

        self.ctx = ctx
        self.store: Store = ctx.store
        self.workspace = ctx.workspace.name
        self.bots = Bots(self)
        self.workflows = Workflows(self)
        self.end_users = EndUsers(self)
        self.conversations = Conversations(self)

    def find(self, table: str, **conditions: Any) -> list[Record]:
        return self.store.find(table, self.workspace, **conditions)

    def first(self, table: str, **conditions: Any) -> Record | None:
        return self.store.first(table, self.workspace, **conditions)

    def insert(self, table: str, doc: dict[str, Any]) -> Record:
        return self.store.insert(table, self.workspace, doc)

    def update(self, table: str, record: Record, changes: dict[str, Any]) -> Record:
        return self.store.update(table, record.id, changes)
