"""The `api_key` check every XeroChat endpoint makes (platforms.md §B.2, fidelity §1.2).

Every answer is HTTP 200: "API Key is required" for no key, and "Either API Key Invalid or
Member Validity Expired" for an unknown key, a disabled or deleted key holder, and a
member's key on an admin-only endpoint.
"""

from __future__ import annotations

import pytest

from sandbox.core.sandbox import Sandbox
from sandbox.platforms.xerochat import routes
from tests.platforms.xerochat.helpers import (
    ADMIN_KEY,
    KEY_INVALID,
    KEY_REQUIRED,
    MEMBER_KEY,
    OMIT,
    UNKNOWN_KEY,
    XeroChatClient,
    error,
    installation,
    key_user_info,
    load_xerochat,
    users_with,
)

#: (documented HTTP method, path after /api/) of all 20 endpoints.
ADMIN_ENDPOINTS = [
    ("GET", "get_user_info"),
    ("POST", "create_system_user"),
    ("POST", "update_user/2"),
    ("GET", "get_all_packages"),
]
MEMBER_ENDPOINTS = [
    ("GET", "subscriber_information"),
    ("GET", "get_all_labels"),
    ("POST", "create_label"),
    ("POST", "assign_label"),
    ("GET", "get_contact_group"),
    ("POST", "create_contact_group"),
    ("POST", "update_contact_group/1"),
    ("POST", "delete_contact_group"),
    ("GET", "get_contact"),
    ("POST", "create_contact"),
    ("POST", "update_contact/1"),
    ("POST", "delete_contact"),
    ("GET", "get_flow_campaigns"),
    ("GET", "get_flow_campaign_info"),
    ("GET", "get_single_subscriber_flow_info"),
    ("GET", "get_all_subscriber_flow_info"),
]
ENDPOINTS = ADMIN_ENDPOINTS + MEMBER_ENDPOINTS


def ids(endpoints: list[tuple[str, str]]) -> list[str]:
    return [path for _, path in endpoints]


def test_these_are_the_twenty_endpoints_the_sandbox_routes() -> None:
    # The parametrized tests below cover every endpoint, with its documented method.
    routed = {name: method.upper() for name, (_, method, _) in routes.ENDPOINTS.items()}

    assert len(ENDPOINTS) == 20
    assert routed == {path.split("/")[0]: method for method, path in ENDPOINTS}


# -- no key, or a key no workspace has ------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), ENDPOINTS, ids=ids(ENDPOINTS))
def test_a_missing_key_is_required(member: XeroChatClient, method: str, path: str) -> None:
    response = member.call(method, path, api_key=OMIT)

    assert (response.status_code, response.json) == (200, KEY_REQUIRED)
    assert response.mimetype == "application/json"


@pytest.mark.parametrize(("method", "path"), ENDPOINTS, ids=ids(ENDPOINTS))
def test_an_empty_key_is_required(member: XeroChatClient, method: str, path: str) -> None:
    response = member.call(method, path, api_key="")

    assert (response.status_code, response.json) == (200, KEY_REQUIRED)


@pytest.mark.parametrize(("method", "path"), ENDPOINTS, ids=ids(ENDPOINTS))
def test_an_unknown_key_is_invalid(member: XeroChatClient, method: str, path: str) -> None:
    response = member.call(method, path, api_key=UNKNOWN_KEY)

    assert (response.status_code, response.json) == (200, KEY_INVALID)


def test_the_key_check_comes_before_the_parameters(member: XeroChatClient) -> None:
    # Without a key, a request that also lacks its parameters still hears about the key.
    response = member.get("get_contact", api_key=OMIT, contact_id=OMIT)

    assert (response.status_code, response.json) == (200, KEY_REQUIRED)


@pytest.mark.parametrize(
    "key",
    [
        "XcMembr1732147200DemoKey",  # no '-': the whole key is taken as the user id
        "1-XcMembr1732147200DemoKey",  # the member's secret with the admin's id
        MEMBER_KEY + "x",
        MEMBER_KEY[:-1],
    ],
)
def test_a_key_that_is_not_exactly_a_workspace_key_is_invalid(
    member: XeroChatClient, key: str
) -> None:
    response = member.get("get_flow_campaigns", api_key=key)

    assert (response.status_code, response.json) == (200, KEY_INVALID)


@pytest.mark.parametrize("key", [MEMBER_KEY.lower(), MEMBER_KEY.upper()])
def test_keys_are_compared_without_regard_to_case(member: XeroChatClient, key: str) -> None:
    # fidelity §1.2: MySQL's utf8_general_ci collation.
    response = member.get("get_flow_campaigns", api_key=key)

    assert (response.status_code, response.json) == (200, [])


# -- who holds the key -----------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), ADMIN_ENDPOINTS, ids=ids(ADMIN_ENDPOINTS))
def test_a_member_key_on_an_admin_endpoint_is_invalid(
    member: XeroChatClient, installed: None, method: str, path: str
) -> None:
    response = member.call(method, path, user_id="2", name="X")

    assert (response.status_code, response.json) == (200, KEY_INVALID)


def test_an_admin_key_works_on_member_endpoints_with_the_admins_own_data(
    admin: XeroChatClient, installed: None
) -> None:
    # The seed installation's groups and campaigns are the member's (user 2), not user 1's.
    assert admin.ok("GET", "get_flow_campaigns") == []
    assert admin.ok("GET", "get_contact_group", contact_type_id="1") == error(
        "The contact type ID does not exist"
    )


@pytest.mark.parametrize(("method", "path"), MEMBER_ENDPOINTS, ids=ids(MEMBER_ENDPOINTS))
def test_a_disabled_members_key_is_invalid(
    member: XeroChatClient, sandbox: Sandbox, method: str, path: str
) -> None:
    load_xerochat(sandbox, installation(users=users_with(2, status="0")))

    response = member.call(method, path)

    assert (response.status_code, response.json) == (200, KEY_INVALID)


@pytest.mark.parametrize(("method", "path"), ADMIN_ENDPOINTS, ids=ids(ADMIN_ENDPOINTS))
def test_a_disabled_admins_key_is_invalid(
    admin: XeroChatClient, sandbox: Sandbox, method: str, path: str
) -> None:
    load_xerochat(sandbox, installation(users=users_with(1, status="0")))

    response = admin.call(method, path, user_id="2", name="X")

    assert (response.status_code, response.json) == (200, KEY_INVALID)


def test_a_deleted_key_holders_key_is_invalid(member: XeroChatClient, sandbox: Sandbox) -> None:
    load_xerochat(sandbox, installation(users=users_with(2, deleted="1")))

    response = member.get("get_flow_campaigns")

    assert (response.status_code, response.json) == (200, KEY_INVALID)


def test_an_admin_demoted_to_member_loses_the_admin_endpoints_only(
    admin: XeroChatClient, sandbox: Sandbox
) -> None:
    load_xerochat(sandbox, installation(users=users_with(1, user_type="Member")))

    assert admin.ok("GET", "get_all_packages") == KEY_INVALID
    assert admin.ok("GET", "get_flow_campaigns") == []


def test_an_expired_members_key_still_works(member: XeroChatClient, sandbox: Sandbox) -> None:
    # fidelity §1.2: nothing looks at expired_date, whatever the message says.
    load_xerochat(sandbox, installation(users=users_with(2, expired_date="2020-01-01")))

    response = member.get("get_flow_campaigns")

    assert (response.status_code, response.json) == (
        200,
        [{"id": "1", "flow_name": "Cadastro de leads"}, {"id": "2", "flow_name": "Pesquisa"}],
    )


def test_a_fresh_installation_has_the_users_of_its_keys(admin: XeroChatClient) -> None:
    for user_id, user_type in ((1, "Admin"), (2, "Member")):
        info = key_user_info(user_id, user_type)
        assert admin.ok("GET", "get_user_info", user_id=str(user_id)) == info


def test_the_demo_keys_are_the_default_workspaces(sandbox: Sandbox) -> None:
    default = sandbox.workspaces.get("default")

    assert default is not None
    assert default.credentials_for("xerochat") == {
        "admin_key": ADMIN_KEY,
        "member_key": MEMBER_KEY,
    }
