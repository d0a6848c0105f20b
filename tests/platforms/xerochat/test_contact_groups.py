"""Contact groups: get_contact_group, create_contact_group, update_contact_group/{id} and
delete_contact_group (platforms.md §B.3, fidelity §4).

The member (user 2) has groups 1 (Clientes), 2 (Newsletter) and 3 (Antigos, soft-deleted);
group 4 is user 4's.
"""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.core.sandbox import Sandbox
from tests.platforms.xerochat.helpers import (
    OMIT,
    SAO_PAULO_NOW,
    SUCCESS,
    XeroChatClient,
    assert_refused,
    error,
    exported,
    info,
    read_refusals,
)

CLIENTES = {
    "id": "1",
    "user_id": "2",
    "type": "Clientes",
    "created_at": "2025-05-02 11:00:00",
    "deleted": "0",
}
ID_REQUIRED = error("The contact type ID is required")
DOES_NOT_EXIST = error("The contact type ID does not exist")
NAME_REQUIRED = error("The contact type name is required")
INVALID_ID = error("Invalid contact type ID provided")
NO_PERMISSION = error("You don NOT have permission to update contact group")  # sic
FIELD_REQUIRED = error("The contact_type_id field is required")

pytestmark = pytest.mark.usefixtures("installed")


def group(member: XeroChatClient, group_id: str) -> Any:
    return member.ok("GET", "get_contact_group", contact_type_id=group_id)


def stored_groups(sandbox: Sandbox) -> dict[int, dict[str, Any]]:
    return {g["id"]: g for g in exported(sandbox)["contact_groups"]}


# == get_contact_group ==========================================================================


@pytest.mark.parametrize("group_id", ["1", " 1 ", "1abc"])  # trimmed, then cast to int
def test_get_contact_group(member: XeroChatClient, group_id: str) -> None:
    response = member.get("get_contact_group", contact_type_id=group_id)

    # The raw database row: no status, every value a string.
    assert (response.status_code, response.json) == (200, CLIENTES)


GET_REFUSALS = read_refusals(ID_REQUIRED, DOES_NOT_EXIST, "Unable to get contact group details")


@pytest.mark.parametrize("group_id", list(GET_REFUSALS))
def test_get_contact_group_refusals(member: XeroChatClient, group_id: str | None) -> None:
    response = member.get(
        "get_contact_group", contact_type_id=OMIT if group_id is None else group_id
    )

    assert (response.status_code, response.json) == (200, GET_REFUSALS[group_id])


# == create_contact_group =======================================================================


def test_create_contact_group(member: XeroChatClient) -> None:
    response = member.post("create_contact_group", name="VIPs")

    assert (response.status_code, response.json) == (
        200,
        {"status": "success", "contact_type_id": 5},
    )
    assert response.get_data(as_text=True) == '{"status":"success","contact_type_id":5}'
    assert group(member, "5") == {
        "id": "5",
        "user_id": "2",
        "type": "VIPs",
        "created_at": SAO_PAULO_NOW,
        "deleted": "0",
    }


def test_contact_group_names_need_not_be_unique_and_are_not_trimmed(
    member: XeroChatClient,
) -> None:
    assert member.ok("POST", "create_contact_group", name="Clientes") == {
        "status": "success",
        "contact_type_id": 5,
    }
    assert member.ok("POST", "create_contact_group", name=" Clientes ") == {
        "status": "success",
        "contact_type_id": 6,
    }

    assert group(member, "5")["type"] == "Clientes"
    assert group(member, "6")["type"] == " Clientes "


def test_contact_group_names_are_encoded_as_php_does(member: XeroChatClient) -> None:
    member.post("create_contact_group", name="Promoções/2026")

    response = member.get("get_contact_group", contact_type_id="5")

    # json_encode without flags: "/" escaped, non-ASCII as \uXXXX.
    assert '"type":"Promo\\u00e7\\u00f5es\\/2026"' in response.get_data(as_text=True)
    assert response.json["type"] == "Promoções/2026"


@pytest.mark.parametrize("name", [None, "", "0"])
def test_create_contact_group_needs_a_name(
    member: XeroChatClient, sandbox: Sandbox, name: str | None
) -> None:
    form = {} if name is None else {"name": name}

    assert_refused(sandbox, member, NAME_REQUIRED, "create_contact_group", **form)


def test_the_id_of_a_deleted_group_is_not_given_again(member: XeroChatClient) -> None:
    # The API's deletes are real DELETEs; MySQL's AUTO_INCREMENT does not go back.
    assert member.ok("POST", "create_contact_group", name="Temp")["contact_type_id"] == 5
    member.post("delete_contact_group", contact_type_id="5")

    response = member.post("create_contact_group", name="Next")

    assert (response.status_code, response.json) == (
        200,
        {"status": "success", "contact_type_id": 6},
    )


# == update_contact_group/{id} ===================================================================


@pytest.mark.parametrize("segment", ["1", "1abc"])  # PHP's (int) cast
def test_update_contact_group(member: XeroChatClient, segment: str) -> None:
    response = member.post(f"update_contact_group/{segment}", name="Clientes VIP")

    assert (response.status_code, response.json) == (200, SUCCESS)
    assert group(member, "1") == {**CLIENTES, "type": "Clientes VIP"}


def test_update_contact_group_with_the_same_name_is_info(
    member: XeroChatClient, sandbox: Sandbox
) -> None:
    # MySQL reports 0 affected rows (fidelity §4.3 step 5).
    refusal = info("Make sure, you changed the contact group name")
    assert_refused(sandbox, member, refusal, "update_contact_group/1", name="Clientes")


def test_update_contact_group_renames_a_soft_deleted_group(
    member: XeroChatClient, sandbox: Sandbox
) -> None:
    response = member.post("update_contact_group/3", name="Reativados")

    assert (response.status_code, response.json) == (200, SUCCESS)
    assert stored_groups(sandbox)[3]["type"] == "Reativados"
    assert group(member, "3") == error("Unable to get contact group details")


@pytest.mark.parametrize(
    ("path", "form", "expected"),
    [
        ("update_contact_group/0", {"name": "X"}, INVALID_ID),
        ("update_contact_group/abc", {"name": "X"}, INVALID_ID),
        ("update_contact_group", {"name": "X"}, INVALID_ID),
        ("update_contact_group/", {"name": "X"}, INVALID_ID),
        ("update_contact_group/0", {}, INVALID_ID),  # the id is checked first
        ("update_contact_group/1", {}, error("The name field is required")),
        ("update_contact_group/1", {"name": ""}, error("The name field is required")),
        ("update_contact_group/1", {"name": "0"}, error("The name field is required")),
        ("update_contact_group/99", {}, error("The name field is required")),  # then the name
        ("update_contact_group/99", {"name": "X"}, NO_PERMISSION),
        ("update_contact_group/4", {"name": "X"}, NO_PERMISSION),  # another user's
    ],
)
def test_update_contact_group_errors(
    member: XeroChatClient, sandbox: Sandbox, path: str, form: dict[str, str], expected: Any
) -> None:
    assert_refused(sandbox, member, expected, path, **form)


# == delete_contact_group =======================================================================


def test_delete_contact_group(member: XeroChatClient, sandbox: Sandbox) -> None:
    response = member.post("delete_contact_group", contact_type_id="2")

    assert (response.status_code, response.json) == (
        200,
        {"status": "success", "message": "The contact type ID (2) has been deleted"},
    )
    assert group(member, "2") == DOES_NOT_EXIST
    assert 2 not in stored_groups(sandbox)  # a real DELETE, not a soft one


def test_deleting_a_group_leaves_its_contacts(member: XeroChatClient) -> None:
    member.post("delete_contact_group", contact_type_id="2")

    contact = member.ok("GET", "get_contact", contact_id="2")

    assert (contact["id"], contact["contact_type_id"]) == ("2", "2")


def test_delete_contact_group_echoes_the_id_as_posted(member: XeroChatClient) -> None:
    # Not cast, not trimmed: "2abc" finds group 2 (MySQL) and is echoed as it came.
    response = member.post("delete_contact_group", contact_type_id="2abc")

    assert (response.status_code, response.json) == (
        200,
        {"status": "success", "message": "The contact type ID (2abc) has been deleted"},
    )
    assert group(member, "2") == DOES_NOT_EXIST


def test_delete_contact_group_deletes_a_soft_deleted_group(
    member: XeroChatClient, sandbox: Sandbox
) -> None:
    response = member.post("delete_contact_group", contact_type_id="3")

    assert (response.status_code, response.json) == (
        200,
        {"status": "success", "message": "The contact type ID (3) has been deleted"},
    )
    assert sorted(stored_groups(sandbox)) == [1, 2, 4]


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ({}, FIELD_REQUIRED),
        ({"contact_type_id": ""}, FIELD_REQUIRED),
        ({"contact_type_id": "0"}, FIELD_REQUIRED),
        ({"contact_type_id": "99"}, DOES_NOT_EXIST),
        ({"contact_type_id": "abc"}, DOES_NOT_EXIST),  # truthy, but MySQL casts it to 0
        ({"contact_type_id": "4"}, DOES_NOT_EXIST),  # another user's
    ],
)
def test_delete_contact_group_errors(
    member: XeroChatClient, sandbox: Sandbox, form: dict[str, str], expected: Any
) -> None:
    assert_refused(sandbox, member, expected, "delete_contact_group", **form)
