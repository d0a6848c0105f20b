"""End users: one per bot and channel id (seed 000, article 285).

A user has two profiles: what the channel reported (`channel_profile`, from fixtures) and
what the API set (`profile`), which "permanently overrides whatever the channel may send".
The API shows the two merged. Creating a user who exists (same bot, same channel id)
updates that user instead (assumed: the vendor's answer is not recorded), so an import can
be run again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sandbox.core.storage import Record
from sandbox.platforms.flowxo import errors
from sandbox.platforms.flowxo.errors import NotFound
from sandbox.platforms.flowxo.models.bots import Bots
from sandbox.platforms.flowxo.models.common import (
    ACTIVE_MS,
    END_USERS,
    PROFILE_FIELDS,
    WINDOW_SECONDS,
    epoch_ms,
    now,
    object_id,
    parse_time,
    response_path,
    split_path,
)

if TYPE_CHECKING:
    from sandbox.platforms.flowxo.models.api import FlowXO


def merged_profile(user: Mapping[str, Any]) -> dict[str, str | None]:
    """The profile the account sees: the API's values over the channel's."""
    override = user.get("profile") or {}
    reported = user.get("channel_profile") or {}
    return {field: override.get(field) or reported.get(field) for field in PROFILE_FIELDS}


def display_name(user: Mapping[str, Any]) -> str | None:
    """A conversation's `user_name`: the user name, else first and last name, else null."""
    profile = merged_profile(user)
    if profile["user_name"]:
        return profile["user_name"]
    full = " ".join(p for p in (profile["user_first_name"], profile["user_last_name"]) if p)
    return full or None


def _apply(override: Mapping[str, Any], given: Mapping[str, str | None]) -> dict[str, str]:
    """The override after a request: a text sets a field, a blank one drops it."""
    result = {k: v for k, v in override.items() if k not in given}
    result.update({k: v for k, v in given.items() if v is not None})
    return {field: result[field] for field in PROFILE_FIELDS if field in result}


class EndUsers:
    def __init__(self, account: FlowXO) -> None:
        self.account = account

    # -- lookups --------------------------------------------------------------------------

    def get(self, bot_id: str, channel: str) -> Record | None:
        return self.account.first(END_USERS, bot_id=bot_id, channel=channel)

    def by_path(self, path: str) -> Record | None:
        parts = split_path(path)
        return self.get(*parts) if parts is not None else None

    # -- the API ------------------------------------------------------------------------

    def create(
        self, connection: str, channel: str, given: Mapping[str, str | None] | None
    ) -> dict[str, Any]:
        """POST /api/end_users: a new user of a bot, or the existing one updated. `given`
        is the profile's fields that were sent (None for a blank one)."""
        given = given or {}
        bot = Bots(self.account).by_text_id(connection)
        if bot is None:
            raise NotFound(errors.CONNECTION_NOT_FOUND)
        existing = self.get(bot["_id"], channel)
        if existing is not None:
            return self.represent(self._set_profile(existing, given))
        return self.represent(self.add(bot["_id"], channel, profile=_apply({}, given)))

    def update(self, path: str, given: Mapping[str, str | None]) -> dict[str, Any]:
        """PUT /api/end_users: change the profile of the user with that response path."""
        user = self.by_path(path)
        if user is None:
            raise NotFound(errors.END_USER_NOT_FOUND)
        return self.represent(self._set_profile(user, given))

    def _set_profile(self, user: Record, given: Mapping[str, str | None]) -> Record:
        override = _apply(user.get("profile") or {}, given)
        if override == (user.get("profile") or {}):
            return user
        return self.account.update(
            END_USERS, user, {"profile": override, "updated_at": now(self.account.ctx)}
        )

    def add(
        self,
        bot_id: str,
        channel: str,
        *,
        profile: dict[str, str] | None = None,
    ) -> Record:
        """Store a new user (the API, or a first inbound message from a new channel id)."""
        stamp = now(self.account.ctx)
        record = {
            "_id": object_id(self.account.ctx),
            "bot_id": bot_id,
            "channel": channel,
            "profile": profile or {},
            "channel_profile": {},
            "agent_mode": False,
            "created_at": stamp,
            "updated_at": stamp,
            "last_inbound_at": None,
            ACTIVE_MS: epoch_ms(stamp),
        }
        return self.account.insert(END_USERS, record)

    def represent(self, user: Record) -> dict[str, Any]:
        """The API's view of a user (assumed shape: the vendor's answer is not recorded)."""
        bot = Bots(self.account).by_text_id(user["bot_id"])
        return {
            "_id": user["_id"],
            "connection": user["bot_id"],
            "channel": user["channel"],
            "response_path": response_path(user["bot_id"], user["channel"]),
            "platform": bot["platform"] if bot is not None else None,
            "profile": merged_profile(user),
            "created_at": user["created_at"],
            "updated_at": user["updated_at"],
        }

    # -- the 24-hour window ----------------------------------------------------------------

    def window_open(self, user: Mapping[str, Any], at: datetime | None = None) -> bool:
        """Whether the bot may message the user freely: the user wrote within 24 hours."""
        last = user.get("last_inbound_at")
        if not last:
            return False
        moment = at if at is not None else self.account.ctx.clock.now()
        return moment - parse_time(last) < timedelta(seconds=WINDOW_SECONDS)

    def window_expires_at(self, user: Mapping[str, Any]) -> datetime | None:
        last = user.get("last_inbound_at")
        return parse_time(last) + timedelta(seconds=WINDOW_SECONDS) if last else None
