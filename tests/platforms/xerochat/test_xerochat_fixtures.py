"""The `xerochat` section of fixture documents: loading, what it stores, export, the
round trip through export and load, and the errors of a bad section (all or nothing).

Loading goes through the control API (POST /_sandbox/fixtures) where the answer matters,
and through `Sandbox.load_fixtures` where only the state does.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.fixtures import read_document
from sandbox.core.sandbox import Sandbox
from tests.conftest import ROOT
from tests.platforms.xerochat.fresh_install import key_user
from tests.platforms.xerochat.helpers import (
    CARLA,
    DIEGO,
    DUBLIN_NOW,
    INSTALLATION,
    INSTALLATION_COUNTS,
    KEY_INVALID,
    LEADS,
    MD5_EMPTY,
    PAGE,
    SAO_PAULO_NOW,
    VIP,
    ZERO_DATE,
    XeroChatClient,
    error,
    exported,
    load_xerochat,
    users_with,
)

DEMO_FILE = ROOT / "fixtures" / "demo.yaml"
#: md5("plain")
PLAIN_MD5 = "ac7938d40cfc2307e2bf325d28e7884e"
#: One of everything, with as few values as each entry needs.
SMALL: dict[str, Any] = {
    "timezone": "America/Sao_Paulo",
    "users": [
        {
            "id": 1,
            "name": "Marina",
            "email": "marina@example.com",
            "user_type": "Admin",
            "password": "plain",
            "add_date": "2024-01-01 00:00:00",
        }
    ],
    "packages": [{"id": 1, "package_name": "Trial"}],
    "pages": [{"page_id": PAGE, "page_name": "Loja", "page_access_token": "EAAGtoken"}],
    "labels": [{"label_id": VIP, "name": "VIP", "page": PAGE}],
    "subscribers": [{"subscriber_id": CARLA, "page": PAGE, "first_name": "Carla", "labels": [VIP]}],
    "contact_groups": [{"name": "Clientes", "created_at": "2025-05-02 11:00:00"}],
    "contacts": [{"contact_type_id": 1, "email": "c@example.com"}],
    "flow_campaigns": [{"flow_name": "F", "questions": ["Q1", "Q2"], "answers": {CARLA: ["a1"]}}],
}
#: SMALL as the sandbox exports it: the stored rows, with the vendor's column names.
SMALL_EXPORTED: dict[str, Any] = {
    "timezone": "America/Sao_Paulo",
    "users": [
        {
            "id": 1,
            "name": "Marina",
            "email": "marina@example.com",
            "mobile": "",
            "address": "",
            "user_type": "Admin",
            "status": "1",
            "add_date": "2024-01-01 00:00:00",
            "last_login_at": ZERO_DATE,
            "expired_date": ZERO_DATE,
            "package_id": "0",
            "last_login_ip": "",
            "deleted": "0",
            "password_md5": PLAIN_MD5,
        },
        # The member key's user, which `users` left out, is added.
        key_user(2, "Member", SAO_PAULO_NOW),
    ],
    "packages": [
        {
            "id": 1,
            "package_name": "Trial",
            "module_ids": "",
            "price": "0",
            "validity": "0",
            "visible": "1",
            "highlight": "0",
            "deleted": "0",
        }
    ],
    "pages": [
        {
            "id": 1,
            "user_id": 2,
            "page_id": PAGE,
            "page_name": "Loja",
            "page_access_token": "EAAGtoken",
            "bot_enabled": "1",
            "deleted": "0",
        }
    ],
    "labels": [
        {
            "id": 1,
            "page_id": 1,
            "group_name": "VIP",
            "user_id": 2,
            "label_id": VIP,
            "deleted": "0",
            "unsubscribe": "0",
            "invisible": "0",
            "fb_page_id": PAGE,
        }
    ],
    "subscribers": [
        {
            "id": 1,
            "user_id": 2,
            "page_table_id": 1,
            "page_id": PAGE,
            "subscribe_id": CARLA,
            "contact_group_id": "1",
            "first_name": "Carla",
            "last_name": "",
            "full_name": "Carla",
            "gender": "",
            "locale": "",
            "timezone": "",
            "unavailable": "0",
            "last_error_message": "",
            "refferer_source": "",
            "subscribed_at": "",
            "email": "",
            "phone_number": "",
            "birthdate": None,
            "last_subscriber_interaction_time": "",
        }
    ],
    "contact_groups": [
        {
            "id": 1,
            "user_id": 2,
            "type": "Clientes",
            "created_at": "2025-05-02 11:00:00",
            "deleted": "0",
        }
    ],
    "contacts": [
        {
            "id": 1,
            "user_id": 2,
            "contact_type_id": "1",
            "first_name": "",
            "last_name": "",
            "email": "c@example.com",
            "phone_number": None,
            "notes": "",
            "unsubscribed": "0",
            "deleted": "0",
        }
    ],
    "flow_campaigns": [
        {
            "id": 1,
            "user_id": 2,
            "flow_name": "F",
            "deleted": "0",
            "questions": [{"id": 1, "question": "Q1"}, {"id": 2, "question": "Q2"}],
            "answers": {CARLA: {"1": "a1"}},
        }
    ],
}


def load(client: Client, section: Any, workspace: str = "default") -> Any:
    """POST a document with one workspace's xerochat section; (status, body)."""
    document = {"version": 1, "workspaces": {workspace: {"xerochat": section}}}
    response = client.post("/_sandbox/fixtures", json=document)
    return response.status_code, response.json


def bad_request(message: str) -> dict[str, Any]:
    return {"code": 400, "status": "Bad Request", "message": message}


# == loading ======================================================================================


def test_loading_answers_what_was_loaded(client: Client, frozen: Any) -> None:
    assert load(client, INSTALLATION) == (
        200,
        {"loaded": {"default": {"xerochat": INSTALLATION_COUNTS}}},
    )


def test_an_empty_section_loads_an_empty_installation(client: Client, sandbox: Sandbox) -> None:
    counts = dict.fromkeys(INSTALLATION_COUNTS, 0)

    assert load(client, None) == (200, {"loaded": {"default": {"xerochat": counts}}})


def test_the_export_of_a_loaded_section(sandbox: Sandbox, frozen: Any) -> None:
    load_xerochat(sandbox, SMALL)

    assert exported(sandbox) == SMALL_EXPORTED


def test_an_export_loads_back_as_it_is(sandbox: Sandbox, frozen: Any) -> None:
    load_xerochat(sandbox, SMALL_EXPORTED)

    assert exported(sandbox) == SMALL_EXPORTED


def test_loading_replaces_the_installation(
    sandbox: Sandbox, member: XeroChatClient, installed: None
) -> None:
    load_xerochat(sandbox, {"contact_groups": [{"name": "Only"}]})

    assert member.ok("GET", "get_contact_group", contact_type_id="1")["type"] == "Only"
    assert member.ok("GET", "get_contact_group", contact_type_id="2") == error(
        "The contact type ID does not exist"
    )
    assert member.ok("GET", "get_flow_campaigns") == []


def test_objects_belong_to_the_member_unless_they_name_a_user(
    sandbox: Sandbox, frozen: Any
) -> None:
    load_xerochat(
        sandbox,
        {"contact_groups": [{"name": "Mine"}, {"name": "Otto's", "user_id": 4}]},
    )

    owners = [(g["type"], g["user_id"]) for g in exported(sandbox)["contact_groups"]]
    assert owners == [("Mine", 2), ("Otto's", 4)]


def test_values_defaulted_to_now_use_the_installations_timezone(
    sandbox: Sandbox, frozen: Any
) -> None:
    load_xerochat(sandbox, {"contact_groups": [{"name": "G"}]})
    assert exported(sandbox)["contact_groups"][0]["created_at"] == DUBLIN_NOW

    load_xerochat(sandbox, {"timezone": "America/Sao_Paulo", "contact_groups": [{"name": "G"}]})
    assert exported(sandbox)["contact_groups"][0]["created_at"] == SAO_PAULO_NOW


def test_passwords_are_stored_as_md5(sandbox: Sandbox, frozen: Any) -> None:
    users = [
        {"id": 1, "email": "a@example.com", "password": "plain"},
        {"id": 2, "email": "b@example.com", "password_md5": PLAIN_MD5},
        {"id": 3, "email": "c@example.com"},
    ]
    load_xerochat(sandbox, {"users": users})

    stored = [u["password_md5"] for u in exported(sandbox)["users"]]
    assert stored == [PLAIN_MD5, PLAIN_MD5, MD5_EMPTY]
    assert all("password" not in u for u in exported(sandbox)["users"])


def test_a_page_without_a_token_gets_one(sandbox: Sandbox) -> None:
    load_xerochat(sandbox, {"pages": [{"page_id": PAGE}]})

    (page,) = exported(sandbox)["pages"]
    assert re.fullmatch(r"EAAG[A-Za-z0-9]{40}", page["page_access_token"])


def test_the_key_users_are_added_when_users_leaves_them_out(
    sandbox: Sandbox, member: XeroChatClient, admin: XeroChatClient
) -> None:
    load_xerochat(sandbox, {"users": [{"id": 3, "name": "Bruno", "email": "b@example.com"}]})

    assert member.ok("GET", "get_flow_campaigns") == []
    shown = admin.ok("GET", "get_user_info", user_id="3")["user_info"]
    assert (shown["name"], shown["user_type"]) == ("Bruno", "Member")
    assert [u["id"] for u in exported(sandbox)["users"]] == [3, 1, 2]


def test_a_key_user_the_fixture_disables_stays_disabled(
    sandbox: Sandbox, member: XeroChatClient
) -> None:
    load_xerochat(sandbox, {"users": users_with(2, status="0")})

    assert member.ok("GET", "get_flow_campaigns") == KEY_INVALID


def test_the_demo_file_serves_the_demo_keys(
    sandbox: Sandbox, member: XeroChatClient, admin: XeroChatClient
) -> None:
    summary = sandbox.load_fixtures(read_document(DEMO_FILE))

    assert summary["default"]["xerochat"] == {
        "users": 3,
        "packages": 2,
        "pages": 2,
        "labels": 2,
        "subscribers": 2,
        "contact_groups": 2,
        "contacts": 2,
        "flow_campaigns": 1,
    }
    assert member.ok("GET", "get_flow_campaigns") == [{"id": "1", "flow_name": "Cadastro de leads"}]
    assert member.ok("GET", "get_all_labels", page_id=PAGE) == {
        "status": "success",
        "label_info": [
            {"label_id": VIP, "label_name": "VIP"},
            {"label_id": LEADS, "label_name": "Leads"},
        ],
    }
    assert admin.ok("GET", "get_user_info", user_id="2")["user_info"]["name"] == "Ana Souza"


# == export, reset, load: the same installation ====================================================


def test_export_reset_load_restores_what_the_api_wrote(
    client: Client, sandbox: Sandbox, member: XeroChatClient, admin: XeroChatClient, installed: None
) -> None:
    admin.post(
        "create_system_user",
        name="Carlos",
        email="carlos@example.com",
        password="pw",
        package_id="1",
        expired_date="2027-01-31",
    )
    member.post("create_contact_group", name="VIPs")
    member.post("create_contact", contact_type_id="5", email="gabi@example.com")
    member.post("update_contact/1", last_name="Mendes Lima")
    member.post("delete_contact", contact_id="2")
    member.post("create_label", page_id=PAGE, label_name="Promo")
    member.post("assign_label", subscriber_id=DIEGO, page_id=PAGE, label_ids=f"{VIP},{LEADS}")
    answers = [
        admin.ok("GET", "get_user_info", user_id="6"),
        member.ok("GET", "get_contact", contact_id="5"),
        member.ok("GET", "get_contact", contact_id="1"),
        member.ok("GET", "subscriber_information", subscriber_id=DIEGO),
    ]
    document = client.get("/_sandbox/export").json

    assert client.post("/_sandbox/reset", json={}).status_code == 200
    assert member.ok("GET", "get_flow_campaigns") == []
    assert client.post("/_sandbox/fixtures", json=document).status_code == 200

    assert client.get("/_sandbox/export").json == document
    assert answers == [
        admin.ok("GET", "get_user_info", user_id="6"),
        member.ok("GET", "get_contact", contact_id="5"),
        member.ok("GET", "get_contact", contact_id="1"),
        member.ok("GET", "subscriber_information", subscriber_id=DIEGO),
    ]


def test_the_seed_installation_round_trips(sandbox: Sandbox, installed: None) -> None:
    first = exported(sandbox)

    load_xerochat(sandbox, first)

    assert exported(sandbox) == first


# == errors ========================================================================================

P = "workspaces.default.xerochat"


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ([], f"{P}: must be a mapping"),
        ({"bots": []}, f"{P}.bots: unknown key"),
        ({"users": "x"}, f"{P}.users: must be a list"),
        ({"users": [{"id": 1}]}, f"{P}.users[0].email: Missing data for required field."),
        ({"users": [{"email": "a"}]}, f"{P}.users[0].id: Missing data for required field."),
        (
            {"users": [{"id": 1, "email": "a"}, {"id": 1, "email": "b"}]},
            f"{P}.users[1].id: another users entry has id 1",
        ),
        (
            {"packages": [{"id": 1}]},
            f"{P}.packages[0].package_name: Missing data for required field.",
        ),
        (
            {"labels": [{"label_id": "1", "name": "x", "page": "999"}]},
            f"{P}.labels[0].page: no page '999' in pages",
        ),
        (
            {"labels": [{"label_id": "1", "page": PAGE}]},
            f"{P}.labels[0].name: a label needs a name",
        ),
        (
            {"labels": [{"label_id": "1", "name": "x"}]},
            f"{P}.labels[0].page: a label needs the page it belongs to",
        ),
        (
            {
                "pages": [{"page_id": PAGE}],
                "subscribers": [{"subscriber_id": "1", "page": PAGE, "labels": ["9"]}],
            },
            f"{P}.subscribers[0].labels[0]: no label '9' in labels",
        ),
        (
            {"subscribers": [{"subscriber_id": "1"}]},
            f"{P}.subscribers[0].page: a subscriber needs the page it subscribed to",
        ),
        (
            {"subscribers": [{"page": PAGE}]},
            f"{P}.subscribers[0].subscriber_id: a subscriber needs its subscriber_id (PSID)",
        ),
        (
            {"subscribers": [{"subscriber_id": "1", "page": "5"}]},
            f"{P}.subscribers[0].page: no page '5' in pages",
        ),
        (
            {"contact_groups": [{"created_at": "2025-01-01"}]},
            f"{P}.contact_groups[0].name: a contact group needs a name",
        ),
        (
            {"contacts": [{"email": "x"}]},
            f"{P}.contacts[0].contact_type_id: Missing data for required field.",
        ),
        (
            {"contacts": [{"contact_type_id": 1, "bogus": 1}]},
            f"{P}.contacts[0].bogus: Unknown field.",
        ),
        (
            {"contacts": [{"contact_type_id": [1]}]},
            f"{P}.contacts[0].contact_type_id: Not a single value.",
        ),
        (
            {"flow_campaigns": [{"questions": []}]},
            f"{P}.flow_campaigns[0].flow_name: Missing data for required field.",
        ),
        (
            {
                "flow_campaigns": [
                    {"flow_name": "F", "questions": ["a"], "answers": {"1": ["x", "y"]}}
                ]
            },
            f"{P}.flow_campaigns[0].answers.1: more answers than questions",
        ),
        (
            {
                "flow_campaigns": [
                    {"flow_name": "F", "questions": ["a"], "answers": {"1": {"7": "x"}}}
                ]
            },
            f"{P}.flow_campaigns[0].answers.1: no question with id 7",
        ),
        (
            {
                "flow_campaigns": [
                    {"flow_name": "F", "questions": ["a"], "answers": {"1": {"abc": "x"}}}
                ]
            },
            f"{P}.flow_campaigns[0].answers.1: no question with id abc",
        ),
        (
            {"flow_campaigns": [{"flow_name": "F", "questions": ["a"], "answers": {"1": "x"}}]},
            f"{P}.flow_campaigns[0].answers.1: answers are a list or a mapping by question id",
        ),
        (
            {
                "flow_campaigns": [
                    {"flow_name": "F", "questions": [{"id": 1, "question": "a"}]},
                    {"flow_name": "G", "questions": [{"id": 1, "question": "b"}]},
                ]
            },
            f"{P}.flow_campaigns[1].questions[0].id: another question has id 1",
        ),
    ],
)
def test_a_bad_section_is_400_naming_the_path_and_changes_nothing(
    client: Client, sandbox: Sandbox, installed: None, section: Any, message: str
) -> None:
    before = sandbox.export()

    assert load(client, section) == (400, bad_request(message))
    assert sandbox.export() == before


def test_a_bad_workspace_keeps_every_workspace_of_the_document_from_loading(
    client: Client, sandbox: Sandbox, installed: None
) -> None:
    before = sandbox.export()
    document = {
        "workspaces": {
            "default": {"xerochat": {"contact_groups": [{"name": "Replaced"}]}},
            "ci": {"xerochat": {"users": [{"id": 1}]}},
        }
    }

    response = client.post("/_sandbox/fixtures", json=document)

    assert (response.status_code, response.json) == (
        400,
        bad_request("workspaces.ci.xerochat.users[0].email: Missing data for required field."),
    )
    assert sandbox.export() == before
