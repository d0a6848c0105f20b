"""Team members (the vendor's Agent) and agent groups.

Members are invited in the app, so they come from fixtures; the API lists them for the
team (`/team-members`) and for the key's bot (`/flow/agents`), and the sending group
reads them to assign chats. A member may be limited to some bots (`flows`, a list of
flow ids; empty = every bot of the team, UChat's default for a new member).

Rows: MEMBERS {id, name, email, image, role, is_online, flows};
AGENT_GROUPS {id, name, member_ids}.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.core.resources import fixture_id, pick
from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import Flochat, FlochatResource
from sandbox.platforms.flochat.models.common import (
    AGENT_GROUPS,
    MEMBERS,
    TEAM,
    name_matches,
    page,
)
from sandbox.platforms.flochat.models.sections import Entry, Section, one_of

ROLES = ("owner", "admin", "member", "agent")
AGENT_NOT_FOUND = "Agent not found"


def represent(member: Record) -> dict[str, Any]:
    """The vendor's Agent."""
    return {
        **pick(member, "id", "name", "email", "image", "role"),
        "is_online": bool(member["is_online"]),
    }


class Members(FlochatResource):
    TABLE = MEMBERS
    NOT_FOUND = AGENT_NOT_FOUND

    def of_flow(self, flow_id: int) -> list[Record]:
        """The members who work on a bot: those limited to no bots, or to this one."""
        return [m for m in self.all() if not m.get("flows") or flow_id in m["flows"]]

    def list(
        self,
        members: list[Record],
        name: str | None,
        role: str | None,
        limit: int | None,
        page_number: int | None,
    ) -> list[Record]:  # type: ignore[override]  # this list takes more filters
        matches = name_matches(name)
        found = [m for m in members if matches(m["name"]) and role in (None, m["role"])]
        return page(found, limit, page_number)

    def by_id(self, member_id: int) -> Record:
        return self.by_key(id=member_id)


# -- fixtures ----------------------------------------------------------------------------------


class MemberEntry(Entry):
    id = fields.Integer()
    name = fields.String(required=True)
    email = fields.String(required=True)
    image = fields.String(load_default="")
    role = fields.String(load_default="agent", validate=one_of(ROLES))
    is_online = fields.Boolean(load_default=False)
    flows = fields.List(
        fields.Integer(),
        load_default=list,
        metadata={"description": "The bots (flow ids) the member works on; empty = all"},
    )


def load_members(api: Flochat, entries: list[dict[str, Any]]) -> int:
    owner_id = _team_owner_id(api)
    for index, entry in enumerate(entries):
        where: list[str | int] = ["members", index]
        member_id = fixture_id(api, MEMBERS, entry.get("id"), where, "member")
        if any(m["email"].casefold() == entry["email"].casefold() for m in api.find(MEMBERS)):
            raise FixtureError([*where, "email"], f"another member has email {entry['email']!r}")
        if entry["role"] == "owner" and owner_id is not None and member_id != owner_id:
            raise FixtureError(
                [*where, "role"], f"the team's owner is user {owner_id} (team.owner.id)"
            )
        api.insert(MEMBERS, {**entry, "id": member_id})
    return len(entries)


def _team_owner_id(api: Flochat) -> int | None:
    owner = (api.first(TEAM) or {}).get("owner")
    if isinstance(owner, dict) and isinstance(owner.get("id"), int):
        return int(owner["id"])
    return None


def export_members(api: Flochat) -> list[dict[str, Any]]:
    keys = ("id", "name", "email", "image", "role", "is_online", "flows")
    return [{key: member[key] for key in keys} for member in Members(api).all()]


class AgentGroupEntry(Entry):
    id = fields.Integer()
    name = fields.String(required=True)
    member_ids = fields.List(fields.Integer(), load_default=list)


def load_agent_groups(api: Flochat, entries: list[dict[str, Any]]) -> int:
    for index, entry in enumerate(entries):
        where: list[str | int] = ["agent_groups", index]
        group_id = fixture_id(api, AGENT_GROUPS, entry.get("id"), where, "agent group")
        for member_id in entry["member_ids"]:
            if api.first(MEMBERS, id=member_id) is None:
                raise FixtureError([*where, "member_ids"], f"no member has id {member_id}")
        api.insert(
            AGENT_GROUPS, {"id": group_id, "name": entry["name"], "member_ids": entry["member_ids"]}
        )
    return len(entries)


def export_agent_groups(api: Flochat) -> list[dict[str, Any]]:
    return [
        {"id": g["id"], "name": g["name"], "member_ids": g["member_ids"]}
        for g in api.find(AGENT_GROUPS)
    ]


TEAM_SECTIONS = [
    Section("members", MemberEntry, load_members, export_members),
    Section("agent_groups", AgentGroupEntry, load_agent_groups, export_agent_groups),
]
