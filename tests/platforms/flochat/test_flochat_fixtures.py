"""The `flochat` fixture section: what it loads, what export gives back, and the paths
of its errors."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.fixtures import FixtureError
from sandbox.core.sandbox import Sandbox
from tests.platforms.flochat import helpers
from tests.platforms.flochat.fresh_team import default_bot_export
from tests.platforms.flochat.helpers import FlochatClient, answer, load_team


def test_the_seed_team_loads_with_its_counts(sandbox: Sandbox) -> None:
    counts = load_team(sandbox)
    assert {key: counts[key] for key in ("flows", "labels", "tags", "user_fields")} == {
        "flows": 2,
        "labels": 2,
        "tags": 3,
        "user_fields": 2,
    }
    assert (counts["bot_fields"], counts["sub_flows"], counts["segments"]) == (1, 2, 1)
    assert counts["subscribers"] == 2


def test_export_then_load_gives_the_same_team(sandbox: Sandbox) -> None:
    load_team(sandbox)
    exported = sandbox.export("default")
    sandbox.reset()
    sandbox.load_fixtures(exported)
    assert sandbox.export("default") == exported


def test_export_shows_what_the_api_changed(
    sandbox: Sandbox, client: Client, seeded: object
) -> None:
    flochat = FlochatClient(client, helpers.DEMO_KEY)
    answer(flochat.post("/flow/create-tag", {"name": "New"}))
    flow = sandbox.export("default")["workspaces"]["default"]["flochat"]["flows"][0]
    assert flow["tags"][-1] == {"name": "New", "tag_ns": "f123t3"}


def test_ids_a_fixture_gives_are_never_given_again(client: Client, sandbox: Sandbox) -> None:
    team = copy.deepcopy(helpers.SEED_TEAM)
    team["flows"][0]["tags"] = [{"name": "Customer"}, {"name": "Lead", "tag_ns": "f123t7"}]
    load_team(sandbox, team)
    flochat = FlochatClient(client, helpers.FLOW_ONLY_KEY)
    tags = answer(flochat.get("/flow/tags"))["data"]
    assert tags == [{"name": "Customer", "tag_ns": "f123t8"}, {"name": "Lead", "tag_ns": "f123t7"}]
    assert answer(flochat.post("/flow/create-tag", {"name": "C"}))["tag_ns"] == "f123t9"


def change(path: list[Any], value: Any) -> dict[str, Any]:
    """SEED_TEAM with the value at `path` replaced (or removed when value is ...)."""
    team = copy.deepcopy(helpers.SEED_TEAM)
    target: Any = team
    for key in path[:-1]:
        target = target[key]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return team


@pytest.mark.parametrize(
    ("team", "message"),
    [
        ({"bots": []}, "workspaces.default.flochat.bots: unknown key"),
        ({"team": "x"}, "workspaces.default.flochat.team: must be a mapping"),
        (
            change(["flows", 1, "id"], 123),
            "workspaces.default.flochat.flows[1].id: another flow has id 123",
        ),
        (
            change(["flows", 0, "bots"], []),
            "workspaces.default.flochat.flows[0].bots: unknown key",
        ),
        (
            change(["flows", 0, "keys", 0, "scopes"], ["Manage Everything"]),
            "workspaces.default.flochat.flows[0].keys[0].scopes: unknown scope 'Manage Everything'",
        ),
        (
            change(["flows", 1, "keys", 0, "key"], helpers.FLOW_ONLY_KEY),
            "workspaces.default.flochat.flows[1].keys[0].key: another workspace or flow has "
            "this key",
        ),
        (
            change(["flows", 0, "keys", 0, "key"], helpers.DEMO_KEY),
            "workspaces.default.flochat.flows[0].keys[0].key: another workspace or flow has "
            "this key",
        ),
        (
            change(["flows", 0, "tags", 1, "name"], "customer"),
            "workspaces.default.flochat.flows[0].tags[1].name: another tag is named 'customer'",
        ),
        (
            change(["flows", 0, "user_fields", 0, "var_type"], "colour"),
            "workspaces.default.flochat.flows[0].user_fields[0].var_type: must be one of: "
            "text, number, boolean, date, datetime, array",
        ),
        (
            change(["flows", 0, "user_fields", 1, "value"], "many"),
            "workspaces.default.flochat.flows[0].user_fields[1]: Invalid value for number field",
        ),
        (
            change(["flows", 0, "subscribers", 0, "tags"], ["Nobody"]),
            "workspaces.default.flochat.flows[0].subscribers[0].tags: no tag named 'Nobody'",
        ),
        (
            change(["flows", 0, "subscribers", 0, "labels"], ["Gold"]),
            "workspaces.default.flochat.flows[0].subscribers[0].labels: no team label named 'Gold'",
        ),
        (
            change(["flows", 0, "subscribers", 0, "user_fields"], {"Orders": "lots"}),
            "workspaces.default.flochat.flows[0].subscribers[0].user_fields.Orders: Invalid "
            "value for number field",
        ),
        (
            change(["flows", 0, "subscribers", 1, "user_ns"], "f123u1"),
            "workspaces.default.flochat.flows[0].subscribers[1].user_ns: another subscriber "
            "has user_ns 'f123u1'",
        ),
        (
            change(["flows", 0, "subscribers", 0, "channel"], "fax"),
            "workspaces.default.flochat.flows[0].subscribers[0].channel: must be one of: "
            "facebook, instagram, whatsapp_cloud, whatsapp, google, telegram, line, viber, vk, "
            "wechat, web, apichat",
        ),
        (
            change(["labels", 1, "name"], "vip"),
            "workspaces.default.flochat.labels[1].name: another label is named 'vip'",
        ),
        (
            change(["flows", 0, "sub_flows", 1, "name"], "welcome"),
            "workspaces.default.flochat.flows[0].sub_flows[1].name: another sub flow is named "
            "'welcome'",
        ),
    ],
)
def test_invalid_teams_are_refused_whole_with_the_path(
    sandbox: Sandbox, team: dict[str, Any], message: str
) -> None:
    before = sandbox.export("default")  # the team's provisioned bot, nothing else
    with pytest.raises(FixtureError) as raised:
        load_team(sandbox, team)
    assert str(raised.value) == message
    assert sandbox.export("default") == before


def test_a_new_workspace_gets_a_default_flow_named_after_it(client: Client) -> None:
    created = client.post("/_sandbox/workspaces", json={"name": "ci-1"}).json
    key = created["credentials"]["flochat"]["api_key"]
    flochat = FlochatClient(client, key)
    tag = answer(flochat.post("/flow/create-tag", {"name": "X"}))
    again = answer(flochat.post("/flow/create-tag", {"name": "Y"}))
    assert tag["tag_ns"][:1] == "f" and tag["tag_ns"].endswith("t1")
    assert again["tag_ns"] == tag["tag_ns"][:-1] + "2"
    # The default workspace's demo key sees none of it.
    assert answer(FlochatClient(client, helpers.DEMO_KEY).get("/flow/tags")) == {"data": []}


def test_the_provisioned_bot_exports_and_loads_back(sandbox: Sandbox) -> None:
    """A fresh workspace's bot (once made by its first call: issue 13, export then failed
    with KeyError 'type') exports with the type and label of a new bot, and loads back."""
    exported = sandbox.export("default")
    assert exported["workspaces"]["default"]["flochat"] == default_bot_export("default")
    sandbox.reset()
    sandbox.load_fixtures(exported)
    assert sandbox.export("default") == exported
