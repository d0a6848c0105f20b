"""The workspace: its info (agreeing with /me), members, the flow's agents and the team's
bots."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flochat import helpers
from tests.platforms.flochat.helpers import FORBIDDEN, FlochatClient, answer, error, load_team

ANA = {
    "id": 42,
    "name": "Ana",
    "email": "ana@loja.com",
    "image": "https://cdn.loja.com/ana.png",
    "role": "owner",
    "is_online": True,
}
BRUNO = {
    "id": 43,
    "name": "Bruno Lima",
    "email": "bruno@loja.com",
    "image": "",
    "role": "agent",
    "is_online": False,
}
CAMILA = {
    "id": 44,
    "name": "Camila",
    "email": "camila@loja.com",
    "image": "",
    "role": "admin",
    "is_online": True,
}
MEMBERS = [
    {**ANA},
    {**BRUNO, "flows": [456]},  # works on the Instagram bot only
    {**CAMILA},
]
TEAM: dict[str, Any] = {
    **helpers.SEED_TEAM,
    "team": {**helpers.SEED_TEAM["team"], "id": 9001, "image": "https://cdn.loja.com/logo.png"},
    "members": MEMBERS,
    "agent_groups": [{"id": 7, "name": "Vendas", "member_ids": [42, 43]}],
}


@pytest.fixture
def team(sandbox: Sandbox, frozen: object) -> dict[str, int]:
    return load_team(sandbox, TEAM)


def test_team_info_is_the_fixtures_team(flochat: FlochatClient, team: object) -> None:
    assert answer(flochat.get("/team-info")) == {
        "data": {
            "id": 9001,
            "name": "Loja da Ana",
            "image": "https://cdn.loja.com/logo.png",
            "owner_id": 42,
            "owner_email": "ana@loja.com",
        },
        "status": "ok",
    }


def test_team_info_and_me_agree_without_fixtures(flochat: FlochatClient) -> None:
    me = answer(flochat.get("/me"))
    assert answer(flochat.get("/team-info")) == {
        "data": {
            "id": 1,
            "name": "Demo Team",
            "image": "",
            "owner_id": me["id"],
            "owner_email": me["email"],
        },
        "status": "ok",
    }


def test_team_members_lists_everyone(flochat: FlochatClient, team: object) -> None:
    assert answer(flochat.get("/team-members")) == {"data": [ANA, BRUNO, CAMILA]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"role": "agent"}, [BRUNO]),
        ({"name": "LIM"}, [BRUNO]),
        ({"limit": "2", "page": "2"}, [CAMILA]),
        ({"name": "a", "role": "admin"}, [CAMILA]),
        ({"role": "member"}, []),
    ],
)
def test_team_members_are_filtered_and_paged(
    flochat: FlochatClient, team: object, params: dict[str, str], expected: list[Any]
) -> None:
    assert answer(flochat.get("/team-members", **params)) == {"data": expected}


@pytest.mark.parametrize("path", ["/team-members", "/flow/agents"])
def test_an_unknown_role_is_refused(flochat: FlochatClient, path: str) -> None:
    assert answer(flochat.get(path, role="boss"), 400) == error("The selected role is invalid.")


def test_flow_agents_are_the_members_of_the_keys_bot(
    flochat: FlochatClient, client: Client, team: object
) -> None:
    assert answer(flochat.get("/flow/agents")) == {"data": [ANA, CAMILA]}
    assert answer(flochat.get("/flow/agents", role="admin")) == {"data": [CAMILA]}
    other = FlochatClient(client, helpers.OTHER_FLOW_KEY)
    assert answer(other.get("/flow/agents")) == {"data": [ANA, BRUNO, CAMILA]}


def test_team_flows_lists_the_bots(flochat: FlochatClient, team: object) -> None:
    whatsapp = {
        "name": "Loja da Ana WhatsApp",
        "flow_ns": "f123",
        "type": "whatsapp_cloud",
        "linked_label": "",
    }
    instagram = {
        "name": "Loja da Ana Instagram",
        "flow_ns": "f456",
        "type": "instagram",
        "linked_label": "",
    }
    assert answer(flochat.get("/team-flows")) == {"data": [whatsapp, instagram]}
    assert answer(flochat.get("/team-flows", type="instagram")) == {"data": [instagram]}
    assert answer(flochat.get("/team-flows", name="whats")) == {"data": [whatsapp]}
    assert answer(flochat.get("/team-flows", limit=1, page=2)) == {"data": [instagram]}
    assert answer(flochat.get("/team-flows", type="telegram")) == {"data": []}


def test_team_flows_refuses_an_unknown_type(flochat: FlochatClient) -> None:
    assert answer(flochat.get("/team-flows", type="fax"), 400) == error(
        "The selected type is invalid."
    )


def test_a_team_without_fixtures_has_its_demo_bot(flochat: FlochatClient) -> None:
    flows = answer(flochat.get("/team-flows"))["data"]
    assert len(flows) == 1
    assert flows[0]["name"] == "My Bot"
    assert flows[0]["type"] == "whatsapp_cloud"


@pytest.mark.parametrize("path", ["/team-info", "/team-members", "/team-flows"])
def test_team_operations_need_manage_team(client: Client, team: object, path: str) -> None:
    assert answer(FlochatClient(client, helpers.FLOW_ONLY_KEY).get(path), 403) == FORBIDDEN
    assert answer(FlochatClient(client, helpers.TEAM_ONLY_KEY).get(path), 200)


def test_flow_agents_need_manage_flow(client: Client, team: object) -> None:
    assert (
        answer(FlochatClient(client, helpers.TEAM_ONLY_KEY).get("/flow/agents"), 403) == FORBIDDEN
    )


# -- fixtures ---------------------------------------------------------------------------------


def test_members_and_agent_groups_round_trip(sandbox: Sandbox, team: object) -> None:
    exported = sandbox.export("default")["workspaces"]["default"]["flochat"]
    assert exported["members"] == [
        {**ANA, "flows": []},
        {**BRUNO, "flows": [456]},
        {**CAMILA, "flows": []},
    ]
    assert exported["agent_groups"] == [{"id": 7, "name": "Vendas", "member_ids": [42, 43]}]
    helpers.assert_reloaded_alike(sandbox, exported, "members", "agent_groups")


@pytest.mark.parametrize(
    ("section", "message"),
    [
        (
            {"members": [ANA, {**BRUNO, "id": 42}]},
            "flochat.members[1].id: another member has id 42",
        ),
        (
            {"members": [ANA, {**BRUNO, "email": "ANA@loja.com"}]},
            "flochat.members[1].email: another member has email 'ANA@loja.com'",
        ),
        (
            {"members": [{**BRUNO, "role": "owner"}]},
            "flochat.members[0].role: the team's owner is user 42 (team.owner.id)",
        ),
        (
            {"members": [{**BRUNO, "role": "boss"}]},
            "flochat.members[0].role: must be one of: owner, admin, member, agent",
        ),
        (
            {"members": [ANA], "agent_groups": [{"name": "X", "member_ids": [99]}]},
            "flochat.agent_groups[0].member_ids: no member has id 99",
        ),
    ],
)
def test_bad_members_are_reported_with_their_path(
    sandbox: Sandbox, section: dict[str, Any], message: str
) -> None:
    assert helpers.refused_team(sandbox, **section).endswith(message)
