"""The workspace (UChat team) itself: its info, its owner and its bots (flows).

The team's settings are the fixture's free-form `team` mapping (the TEAM row: name,
image, owner {id, name, email}, ...). Without one, the team is the demo team of the
demo user that `/me` answers, so `/me` and `/team-info` always agree.
"""

from __future__ import annotations

from typing import Any

from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat, FlochatResource
from sandbox.platforms.flochat.models.common import FLOWS, TEAM, text

FLOW_NOT_FOUND = "Flow not found"
#: The channel types of a bot (the vendor's `/team-flows` `type` filter).
FLOW_TYPES = (
    "web",
    "facebook",
    "instagram",
    "whatsapp",
    "whatsapp_cloud",
    "wechat",
    "telegram",
    "google",
    "slack",
    "line",
    "viber",
    "vk",
    "voice",
    "sms",
    "rcs",
    "intercom",
    "jivochat",
    "chatwoot",
)
#: A bot's type when nothing says (the fixtures' default too).
DEFAULT_FLOW_TYPE = "whatsapp_cloud"
#: Who `/me` is when the fixture names no owner (routes/flow.py uses the same defaults).
DEMO_OWNER = {"id": 1, "name": "Demo User", "email": "demo@flow-sandbox.local"}
DEMO_TEAM = {"id": 1, "name": "Demo Team"}


def _integer(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def team_settings(api: Flochat) -> dict[str, Any]:
    return dict(api.first(TEAM) or {})


def team_id(api: Flochat) -> int:
    """The team's id (the fixture's `team.id`, 1 otherwise)."""
    return _integer(team_settings(api).get("id"), DEMO_TEAM["id"])


def owner(api: Flochat) -> dict[str, Any]:
    """The team's owner {id, name, email}: the user who made the API keys."""
    given = team_settings(api).get("owner")
    given = given if isinstance(given, dict) else {}
    return {
        "id": _integer(given.get("id"), DEMO_OWNER["id"]),
        "name": text(given.get("name", DEMO_OWNER["name"])),
        "email": text(given.get("email", DEMO_OWNER["email"])),
    }


def team_info(api: Flochat) -> dict[str, Any]:
    """The vendor's workspace info."""
    settings = team_settings(api)
    boss = owner(api)
    return {
        "id": team_id(api),
        "name": text(settings.get("name", DEMO_TEAM["name"])),
        "image": text(settings.get("image", "")),
        "owner_id": boss["id"],
        "owner_email": boss["email"],
    }


def flow_ns(flow_id: int) -> str:
    """A bot's ns: `f<flow id>`, the prefix of every ns of the bot (platforms.md §A.3)."""
    return f"f{flow_id}"


def represent_flow(flow: Record) -> dict[str, Any]:
    """The vendor's Flow."""
    return {
        "name": flow["name"],
        "flow_ns": flow_ns(flow["id"]),
        "type": flow.get("type") or DEFAULT_FLOW_TYPE,
        "linked_label": text(flow.get("linked_label")),
    }


class Flows(FlochatResource):
    """The team's bots, as `/team-flows` and the summaries see them."""

    TABLE = FLOWS
    NOT_FOUND = FLOW_NOT_FOUND
    ORDER_BY = "id"

    def list(  # type: ignore[override]  # flows are also filtered by type
        self, name: str | None, kind: str | None, limit: int | None, page_number: int | None
    ) -> list[Record]:
        def of_kind(flow: Record) -> bool:
            return kind in (None, flow.get("type") or DEFAULT_FLOW_TYPE)

        return self.listing(name, limit, page_number, where=of_kind)

    def by_ns(self, ns: str) -> Record:
        for flow in self.all():
            if flow_ns(flow["id"]) == ns.strip():
                return flow
        raise FlochatError(FLOW_NOT_FOUND)
