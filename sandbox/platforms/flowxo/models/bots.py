"""The account's bots. A bot's id is its Connection ID: what `connection` names when an end
user is created (assumed: article 285 points elsewhere for where to find it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandbox.core.storage import Record
from sandbox.platforms.flowxo.models.common import BOTS

if TYPE_CHECKING:
    from sandbox.platforms.flowxo.models.api import FlowXO


class Bots:
    def __init__(self, account: FlowXO) -> None:
        self.account = account

    def get(self, bot_id: Any) -> Record | None:
        if not isinstance(bot_id, str):
            return None
        return self.account.first(BOTS, _id=bot_id)

    def by_id(self) -> dict[str, Record]:
        return {bot["_id"]: bot for bot in self.account.find(BOTS)}
