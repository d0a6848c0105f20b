"""The agent activity log: one row per change to a subscriber's chat (source `api` for
what the API does), its newest-first search and its answer."""

from __future__ import annotations

from typing import Any

from sandbox.core.resources import pick
from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.messaging_common import ACTIVITY_LOG, moment

#: The activity log's actions and sources, as the vendor lists them.
ACTIONS = (
    "open",
    "close",
    "assign",
    "reply",
    "note",
    "pending",
    "spam",
    "invalid",
    "add_collaborator",
    "remove_collaborator",
    "subscribe_to_bot",
    "unsubscribe_from_bot",
    "opt_in_sms",
    "opt_out_sms",
    "opt_in_email",
    "opt_out_email",
)
SOURCE_TYPES = ("agent", "bot", "bot_user", "api", "webhook")


class ActivityLog:
    def __init__(self, api: Flochat) -> None:
        self.api = api

    def add(
        self,
        user_ns: str,
        action: str,
        *,
        agent_id: int = 0,
        conv_id: int = 0,
        source_type: str = "api",
    ) -> Record:
        return self.api.insert(
            ACTIVITY_LOG,
            {
                "flow": self.api.flow_id,
                "id": self.api.next_id(ACTIVITY_LOG),
                "user_ns": user_ns,
                "agent_id": agent_id,
                "conv_id": conv_id,
                "action": action,
                "source_type": source_type,
                "created_at": self.api.timestamp(),
            },
        )

    def search(self, query: dict[str, Any]) -> list[Record]:
        """Newest first, narrowed by the query's filters."""
        wanted = {
            k: query.get(k) for k in ("user_ns", "agent_id", "conv_id", "action", "source_type")
        }
        found = [
            row
            for row in self.api.find_in_flow(ACTIVITY_LOG)
            if all(value is None or row[key] == value for key, value in wanted.items())
            and within(row["created_at"], query.get("start_time"), query.get("end_time"))
        ]
        found.sort(key=lambda row: row["id"], reverse=True)
        return found[: query.get("limit") or 15]


def represent_activity(row: Record) -> dict[str, Any]:
    return {
        **pick(row, "agent_id", "user_ns", "conv_id"),
        "created_at": moment(row["created_at"]),
        "source_type": row["source_type"],
        "action": row["action"],
    }


def within(ts: int, start: int | None, end: int | None) -> bool:
    return (start is None or ts >= start) and (end is None or ts <= end)
