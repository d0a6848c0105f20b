"""The account's bots. A bot's id is its Connection ID: what `connection` names when an end
user is created (assumed: article 285 points elsewhere for where to find it)."""

from __future__ import annotations

from sandbox.core.resources import Resource
from sandbox.core.storage import Record
from sandbox.platforms.flowxo.models.api import FlowXO
from sandbox.platforms.flowxo.models.common import BOTS


class Bots(Resource[FlowXO]):
    TABLE = BOTS
    ID_FIELD = "_id"

    def by_id(self) -> dict[str, Record]:
        return {bot["_id"]: bot for bot in self.all()}
