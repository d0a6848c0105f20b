"""Every team starts with a bot, stored when its workspace is made (`models.provision`),
never by a request: a GET by a new workspace's key writes nothing (it used to store the
bot), and a fixture that names its own flows gets no other."""

from __future__ import annotations

from typing import Any

from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.conftest import MakeApp
from tests.platforms.flochat import helpers
from tests.platforms.flochat.fresh_team import (
    CI_BOT_ID,
    DEFAULT_BOT_ID,
    default_bot,
    default_bot_export,
    default_bot_id,
)
from tests.platforms.flochat.helpers import FlochatClient, answer, load_team

#: Reads a key of a new team can make, each answered 200 (one of every group that holds
#: something a request could have created on the way: the bot, its team, its objects).
GETS = ["/me", "/team-info", "/team-flows", "/flow/tags", "/subscribers", "/flow-summary"]


def stored(sandbox: Sandbox) -> dict[str, Any]:
    """What a write would change: the next record id of every table, and the data."""
    tables = sandbox.store._tables  # no public view of the numbering (as tests/conftest.py)
    return {
        "numbering": {name: table.next_id for name, table in tables.items()},
        "data": sandbox.export(),
    }


def test_the_ids_of_the_first_bots_are_those_spelled_out() -> None:
    assert (default_bot_id("default"), default_bot_id("ci")) == (DEFAULT_BOT_ID, CI_BOT_ID)


def test_a_new_sandbox_holds_the_default_teams_bot(make_app: MakeApp) -> None:
    new: Sandbox = make_app().sandbox

    flochat = new.export("default")["workspaces"]["default"]["flochat"]
    assert flochat == {
        "flows": [
            {
                "id": DEFAULT_BOT_ID,
                "name": "My Bot",
                "default": True,
                "type": "whatsapp_cloud",
                "linked_label": "",
            }
        ]
    }


def test_a_new_workspace_holds_its_bot_before_any_request(client: Client, sandbox: Sandbox) -> None:
    created = client.post("/_sandbox/workspaces", json={"name": "ci"})

    assert created.status_code == 201
    exported = sandbox.export("ci")["workspaces"]["ci"]
    assert exported["flochat"] == {"flows": [default_bot("ci")]}
    assert exported["flochat"]["flows"][0]["id"] == CI_BOT_ID


def test_a_get_by_a_new_workspaces_key_writes_nothing(client: Client, sandbox: Sandbox) -> None:
    created = client.post("/_sandbox/workspaces", json={"name": "ci"}).json
    flochat = FlochatClient(client, created["credentials"]["flochat"]["api_key"])
    before = stored(sandbox)

    for path in GETS:
        assert flochat.get(path).status_code == 200, path

    assert stored(sandbox) == before


def test_the_gets_see_the_bot_the_workspace_was_made_with(client: Client) -> None:
    created = client.post("/_sandbox/workspaces", json={"name": "ci"}).json
    flochat = FlochatClient(client, created["credentials"]["flochat"]["api_key"])

    flows = answer(flochat.get("/team-flows"))["data"]

    assert [(flow["name"], flow["flow_ns"]) for flow in flows] == [("My Bot", f"f{CI_BOT_ID}")]


def test_a_reset_gives_the_bot_back_under_the_same_id(client: Client, sandbox: Sandbox) -> None:
    load_team(sandbox)

    sandbox.reset("default")

    exported = sandbox.export("default")["workspaces"]["default"]
    assert exported["flochat"] == default_bot_export("default")


def test_a_fixture_that_names_its_flows_gets_no_other(sandbox: Sandbox) -> None:
    load_team(sandbox)

    flows = sandbox.export("default")["workspaces"]["default"]["flochat"]["flows"]
    assert [(flow["id"], flow["name"]) for flow in flows] == [
        (helpers.FLOW, "Loja da Ana WhatsApp"),
        (helpers.OTHER_FLOW, "Loja da Ana Instagram"),
    ]


def test_a_fixture_without_flows_gets_the_bot_after_its_sections(sandbox: Sandbox) -> None:
    team = {"name": "Loja da Ana", "owner": {"id": 42, "name": "Ana", "email": "ana@loja.com"}}

    sandbox.load_fixtures({"workspaces": {"default": {"flochat": {"team": team}}}})

    exported = sandbox.export("default")["workspaces"]["default"]["flochat"]
    assert exported["flows"] == [default_bot("default")]
    assert exported["team"]["name"] == "Loja da Ana"


def test_the_demo_template_keeps_its_own_bots(client: Client, sandbox: Sandbox) -> None:
    created = client.post("/_sandbox/workspaces", json={"name": "shop", "template": "demo"})

    assert created.status_code == 201
    flows = sandbox.export("shop")["workspaces"]["shop"]["flochat"]["flows"]
    assert [(flow["id"], flow["name"]) for flow in flows] == [(123456, "Loja da Ana WhatsApp")]
