"""Templates: the team's own, where they were installed, one-time install links; what was
installed in the key's bot; and the bot's inbound webhooks."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flochat import helpers
from tests.platforms.flochat.helpers import FORBIDDEN, FlochatClient, answer, error, load_team

STARTER = {
    "id": 1,
    "template_ns": "tpl_starter",
    "name": "Loja starter",
    "description": "A shop bot with cart and FAQ",
    "image": "https://cdn.loja.com/starter.png",
    "price": 49,
    "type": "whatsapp_cloud",
    "scope": "bot",
    "status": "published",
}
FAQ = {
    "id": 2,
    "template_ns": "t2",
    "name": "FAQ flow",
    "description": "",
    "image": "",
    "price": 0,
    "type": "whatsapp_cloud",
    "scope": "sub_flow",
    "status": "published",
}
ELSEWHERE = {
    "id": 10,
    "template_ns": "tpl_starter",
    "flow_ns": "f777001",
    "team_id": 9001,
    "scope": "bot",
    "allow_republish": 0,
    "can_view": 1,
    "can_edit": 0,
    "auto_update": 1,
    "version": "3",
    "created_at": "2026-01-05 08:00:00",
    "updated_at": "2026-02-01 08:00:00",
    "uninstalled_at": "",
}
HERE = {
    "id": 11,
    "template_ns": "t2",
    "flow_ns": "f123",
    "team_id": 1,
    "scope": "sub_flow",
    "allow_republish": 0,
    "can_view": 1,
    "can_edit": 1,
    "auto_update": 0,
    "version": "1",
    "created_at": "2026-03-01 12:00:00",
    "updated_at": "2026-03-01 12:00:00",
    "uninstalled_at": "",
}
PIX = {
    "name": "Pix paid",
    "hook_uid": "a1b2c3d4e5f6a1b2c3d4e5f6",
    "sub_flow_ns": "f123s2",
    "status": "active",
    "url": "https://app.flochat.ai/api/iwh/a1b2c3d4e5f6a1b2c3d4e5f6",
}
ORDER = {
    "name": "Order shipped",
    "hook_uid": "ffff0000ffff0000ffff0000",
    "sub_flow_ns": "f123s1",
    "status": "inactive",
    "url": "https://hooks.example.com/order",
}


def _team() -> dict[str, Any]:
    flows = [dict(flow) for flow in helpers.SEED_TEAM["flows"]]
    flows[0]["template_installs"] = [{"id": 11, "template_ns": "t2"}]
    flows[0]["inbound_webhooks"] = [
        {k: v for k, v in PIX.items() if k != "url"},
        ORDER,
    ]
    elsewhere = {k: v for k, v in ELSEWHERE.items() if k not in ("template_ns", "uninstalled_at")}
    elsewhere.update(can_edit=False, auto_update=True)
    templates = [
        {**{k: v for k, v in STARTER.items() if k != "id"}, "installs": [elsewhere]},
        {"name": "FAQ flow", "scope": "sub_flow"},
    ]
    return {**helpers.SEED_TEAM, "templates": templates, "flows": flows}


@pytest.fixture
def team(sandbox: Sandbox, frozen: object) -> dict[str, int]:
    return load_team(sandbox, _team())


def test_templates_are_listed(flochat: FlochatClient, team: object) -> None:
    assert answer(flochat.get("/templates")) == {"data": [STARTER, FAQ]}
    assert answer(flochat.get("/templates", name="faq")) == {"data": [FAQ]}
    assert answer(flochat.get("/templates", limit=1, page=2)) == {"data": [FAQ]}


def test_a_templates_installs_anywhere(flochat: FlochatClient, team: object) -> None:
    assert answer(flochat.get("/template/tpl_starter/installs")) == {"data": [ELSEWHERE]}
    assert answer(flochat.get("/template/t2/installs")) == {"data": [HERE]}
    assert answer(flochat.get("/template/t2/installs", page=2)) == {"data": []}


def test_the_installs_in_the_keys_bot(flochat: FlochatClient, client: Client, team: object) -> None:
    assert answer(flochat.get("/flow/template-installs")) == {"data": [HERE]}
    assert answer(flochat.get("/flow/template-installs", limit=1, page=2)) == {"data": []}
    other = FlochatClient(client, helpers.OTHER_FLOW_KEY)
    assert answer(other.get("/flow/template-installs")) == {"data": []}


def test_an_unknown_template_is_not_found(flochat: FlochatClient, team: object) -> None:
    not_found = error("Template not found")
    assert answer(flochat.get("/template/nope/installs"), 400) == not_found
    assert answer(flochat.post("/template/nope/generate-one-time-link"), 400) == not_found


def test_a_one_time_link_expires_in_30_days(flochat: FlochatClient, team: object) -> None:
    link = answer(flochat.post("/template/tpl_starter/generate-one-time-link"))
    token = link["data"]["one_time_token"]
    assert len(token) == 32
    assert link == {
        "data": {
            "expired_at": "2026-03-31 12:00:00",
            "one_time_token": token,
            "url": f"https://app.flochat.ai/template/tpl_starter/install?token={token}",
        },
        "status": "ok",
    }
    again = answer(flochat.post("/template/tpl_starter/generate-one-time-link"))
    assert again["data"]["one_time_token"] != token


def test_a_one_time_link_for_some_days(flochat: FlochatClient, team: object) -> None:
    link = answer(flochat.post("/template/t2/generate-one-time-link", days=7))
    assert link["data"]["expired_at"] == "2026-03-08 12:00:00"


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("0", "The days must be at least 1."),
        ("week", "The days must be an integer."),
        ("36501", "The days must not be greater than 36500."),
        ("99999999999999999999999", "The days must be an integer."),
    ],
)
def test_link_days_are_validated(
    flochat: FlochatClient, team: object, days: str, message: str
) -> None:
    response = flochat.post("/template/t2/generate-one-time-link", days=days)
    assert answer(response, 400) == error(message)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/templates"),
        ("GET", "/template/t2/installs"),
        ("POST", "/template/t2/generate-one-time-link"),
    ],
)
def test_templates_need_manage_team(client: Client, team: object, method: str, path: str) -> None:
    assert (
        answer(FlochatClient(client, helpers.FLOW_ONLY_KEY).request(method, path), 403) == FORBIDDEN
    )


@pytest.mark.parametrize("path", ["/flow/template-installs", "/flow/inbound-webhooks"])
def test_the_flows_lists_need_manage_flow(client: Client, team: object, path: str) -> None:
    assert answer(FlochatClient(client, helpers.TEAM_ONLY_KEY).get(path), 403) == FORBIDDEN


def test_inbound_webhooks_of_the_keys_bot(
    flochat: FlochatClient, client: Client, team: object
) -> None:
    assert answer(flochat.get("/flow/inbound-webhooks")) == {"data": [PIX, ORDER]}
    assert answer(flochat.get("/flow/inbound-webhooks", name="ORDER")) == {"data": [ORDER]}
    assert answer(flochat.get("/flow/inbound-webhooks", limit=1, page=2)) == {"data": [ORDER]}
    other = FlochatClient(client, helpers.OTHER_FLOW_KEY)
    assert answer(other.get("/flow/inbound-webhooks")) == {"data": []}


def test_a_webhooks_uid_is_generated(flochat: FlochatClient, sandbox: Sandbox) -> None:
    flows = [dict(flow) for flow in helpers.SEED_TEAM["flows"]]
    flows[0]["inbound_webhooks"] = [{"name": "Hook", "sub_flow_ns": "f123s1"}]
    load_team(sandbox, {**helpers.SEED_TEAM, "flows": flows})
    hook = answer(flochat.get("/flow/inbound-webhooks"))["data"][0]
    assert len(hook["hook_uid"]) == 24
    assert hook["url"] == f"https://app.flochat.ai/api/iwh/{hook['hook_uid']}"
    assert hook["status"] == "active"


# -- fixtures ---------------------------------------------------------------------------------


def test_templates_installs_and_webhooks_round_trip(sandbox: Sandbox, team: object) -> None:
    exported = sandbox.export("default")["workspaces"]["default"]["flochat"]
    installs = [{k: v for k, v in ELSEWHERE.items() if k != "template_ns"}]
    for install in installs:
        install.update(allow_republish=False, can_view=True, can_edit=False, auto_update=True)
    assert exported["templates"] == [{**STARTER, "installs": installs}, {**FAQ, "installs": []}]
    here = {k: v for k, v in HERE.items() if k not in ("flow_ns", "team_id")}
    here.update(allow_republish=False, can_view=True, can_edit=True, auto_update=False)
    assert exported["flows"][0]["template_installs"] == [here]
    assert exported["flows"][0]["inbound_webhooks"] == [PIX, ORDER]
    helpers.assert_reloaded_alike(sandbox, exported, "templates", "flows")


@pytest.mark.parametrize(
    ("flow_section", "message"),
    [
        (
            {"inbound_webhooks": [{"name": "X", "sub_flow_ns": "f123s9"}]},
            "flows[0].inbound_webhooks[0].sub_flow_ns: no sub flow of this flow has it",
        ),
        (
            {"inbound_webhooks": [{"name": "X"}]},
            "flows[0].inbound_webhooks[0].sub_flow_ns: Missing data for required field.",
        ),
        (
            {"template_installs": [{"version": "1"}]},
            "flows[0].template_installs[0].template_ns: Missing data for required field.",
        ),
    ],
)
def test_bad_flow_sections_are_reported(
    sandbox: Sandbox, flow_section: dict[str, Any], message: str
) -> None:
    flows = [{**helpers.SEED_TEAM["flows"][0], **flow_section}, helpers.SEED_TEAM["flows"][1]]
    assert f"flochat.{message}" in helpers.refused_team(sandbox, flows=flows)


def test_a_repeated_template_ns_is_reported(sandbox: Sandbox) -> None:
    templates = [{"name": "A", "template_ns": "x"}, {"name": "B", "template_ns": "x"}]
    refusal = helpers.refused_team(sandbox, templates=templates)
    assert "flochat.templates[1].template_ns: another template is 'x'" in refusal
