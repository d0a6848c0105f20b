"""Contacts: get_contact, create_contact, update_contact/{id} and delete_contact
(platforms.md §B.3, fidelity §5).

The member (user 2) has contacts 1 (Carla), 2 (Eduardo, no phone: NULL) and 3 (Fabio,
soft-deleted); contact 4 (Hugo) is user 4's. E-mail and phone numbers are unique across
the whole installation: every user, deleted rows, any case.
"""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.core.sandbox import Sandbox
from tests.platforms.xerochat.helpers import (
    CARLAS_ADDRESSES,
    OMIT,
    SUCCESS,
    XeroChatClient,
    assert_refused,
    error,
    exported,
    info,
    read_refusals,
)

CARLA = {
    "id": "1",
    "user_id": "2",
    "contact_type_id": "1",
    "first_name": "Carla",
    "last_name": "Mendes",
    "phone_number": "+5511912345678",
    "email": "carla.mendes@example.com",
    "notes": "",
    "unsubscribed": "0",
    "deleted": "0",
}
EDUARDO = {
    "id": "2",
    "user_id": "2",
    "contact_type_id": "2",
    "first_name": "Eduardo",
    "last_name": "Pires",
    "phone_number": None,
    "email": "eduardo@example.com",
    "notes": "Prefers e-mail",
    "unsubscribed": "0",
    "deleted": "0",
}
GABRIELA_FORM = {
    "contact_type_id": "2",
    "first_name": " Gabriela ",
    "last_name": "Souza ",
    "email": " gabi@example.com ",
    "phone_number": "+5511955554444",
}
ID_FIELD_REQUIRED = error("The contact_id field is required")
DOES_NOT_EXIST = error("The contact ID does not exist")
TRY_OTHER_EMAIL = error("Please try with different email address")
TRY_OTHER_PHONE = error("Please try with different phone_number")
AT_LEAST_ONE = error(
    "You should at least provide value for first name or last name or email or phone number"
)
NO_PERMISSION = error("You do NOT have permission to update the contact")
NOT_IN_GROUP = error("You can NOT add the contact to the specified contact group")

pytestmark = pytest.mark.usefixtures("installed")


def contact(member: XeroChatClient, contact_id: str) -> Any:
    return member.ok("GET", "get_contact", contact_id=contact_id)


def new_contact(contact_id: int, **values: Any) -> dict[str, Any]:
    """A contact the member created through the API (trimmed values, '' for a value not
    given, never NULL)."""
    row = {
        "id": str(contact_id),
        "user_id": "2",
        "contact_type_id": "1",
        "first_name": "",
        "last_name": "",
        "phone_number": "",
        "email": "",
        "notes": "",
        "unsubscribed": "0",
        "deleted": "0",
    }
    assert set(values) <= set(row)
    return {**row, **values}


# == get_contact =================================================================================


@pytest.mark.parametrize(
    ("contact_id", "expected"), [("1", CARLA), ("2", EDUARDO), (" 2 ", EDUARDO), ("2x", EDUARDO)]
)
def test_get_contact(member: XeroChatClient, contact_id: str, expected: Any) -> None:
    response = member.get("get_contact", contact_id=contact_id)

    # The raw row: no status; strings, and NULL as null.
    assert (response.status_code, response.json) == (200, expected)


GET_REFUSALS = read_refusals(ID_FIELD_REQUIRED, DOES_NOT_EXIST, "Unable to get contact data")


@pytest.mark.parametrize("contact_id", list(GET_REFUSALS))
def test_get_contact_refusals(member: XeroChatClient, contact_id: str | None) -> None:
    response = member.get("get_contact", contact_id=OMIT if contact_id is None else contact_id)

    assert (response.status_code, response.json) == (200, GET_REFUSALS[contact_id])


# == create_contact =============================================================================


def test_create_contact(member: XeroChatClient) -> None:
    response = member.post("create_contact", **GABRIELA_FORM)

    assert (response.status_code, response.json) == (
        200,
        {"status": "success", "new_contact_id": 5},
    )
    assert response.get_data(as_text=True) == '{"status":"success","new_contact_id":5}'
    assert contact(member, "5") == new_contact(
        5,
        contact_type_id="2",
        first_name="Gabriela",
        last_name="Souza",
        email="gabi@example.com",
        phone_number="+5511955554444",
    )


@pytest.mark.parametrize(
    ("form", "stored"),
    [
        ({"email": "ivo@example.com"}, {"email": "ivo@example.com"}),
        ({"phone_number": "+5511933332222"}, {"phone_number": "+5511933332222"}),
        ({"email": "ivo@example.com", "contact_type_id": " 1abc "}, {"email": "ivo@example.com"}),
    ],
)
def test_create_contact_with_an_email_or_a_phone_number(
    member: XeroChatClient, form: dict[str, str], stored: dict[str, str]
) -> None:
    response = member.post("create_contact", **{"contact_type_id": "1", **form})

    assert (response.status_code, response.json) == (
        200,
        {"status": "success", "new_contact_id": 5},
    )
    assert contact(member, "5") == new_contact(5, **stored)


def test_create_contact_in_a_soft_deleted_group(member: XeroChatClient) -> None:
    response = member.post("create_contact", contact_type_id="3", email="ivo@example.com")

    assert (response.status_code, response.json) == (
        200,
        {"status": "success", "new_contact_id": 5},
    )
    assert contact(member, "5") == new_contact(5, contact_type_id="3", email="ivo@example.com")


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # fidelity §5.2 step 4: an absent value is stored as '' and checked like any other,
        # so a second phone-only contact collides on the empty e-mail.
        ({"phone_number": "+5511933330001"}, {"phone_number": "+5511933330002"}, TRY_OTHER_EMAIL),
        ({"email": "a1@example.com"}, {"email": "a2@example.com"}, TRY_OTHER_PHONE),
    ],
)
def test_a_second_contact_without_an_email_or_phone_number_is_refused(
    member: XeroChatClient, first: dict[str, str], second: dict[str, str], expected: Any
) -> None:
    assert member.ok("POST", "create_contact", contact_type_id="1", **first) == {
        "status": "success",
        "new_contact_id": 5,
    }

    response = member.post("create_contact", contact_type_id="1", **second)

    assert (response.status_code, response.json) == (200, expected)


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ({"contact_type_id": None}, error("The contact_type_id is required")),
        ({"contact_type_id": "0"}, error("The contact_type_id is required")),
        ({"contact_type_id": "abc"}, error("The contact_type_id is required")),
        ({"contact_type_id": "99"}, NOT_IN_GROUP),
        ({"contact_type_id": "4"}, NOT_IN_GROUP),
        ({"email": None, "phone_number": None}, error("The email or phone_number is required")),
        ({"email": " ", "phone_number": "0"}, error("The email or phone_number is required")),
        # the group is checked before the e-mail and phone number
        ({"contact_type_id": "99", "email": None, "phone_number": None}, NOT_IN_GROUP),
        ({"email": "carla.mendes@example.com"}, TRY_OTHER_EMAIL),
        ({"email": "CARLA.Mendes@Example.com"}, TRY_OTHER_EMAIL),  # case-insensitive
        ({"email": "hugo@example.com"}, TRY_OTHER_EMAIL),  # another user's contact
        ({"email": "fabio@example.com"}, TRY_OTHER_EMAIL),  # a soft-deleted contact
        ({"phone_number": "+5511912345678"}, TRY_OTHER_PHONE),
        ({"phone_number": "+5511900000004"}, TRY_OTHER_PHONE),  # another user's contact
        # the e-mail is checked before the phone number
        ({"email": "hugo@example.com", "phone_number": "+5511912345678"}, TRY_OTHER_EMAIL),
    ],
)
def test_create_contact_errors(
    member: XeroChatClient, sandbox: Sandbox, form: dict[str, Any], expected: Any
) -> None:
    values = {**GABRIELA_FORM, **form}

    form = {k: v for k, v in values.items() if v is not None}
    assert_refused(sandbox, member, expected, "create_contact", **form)


def test_the_id_of_a_deleted_contact_is_not_given_again(member: XeroChatClient) -> None:
    assert member.ok("POST", "create_contact", **GABRIELA_FORM)["new_contact_id"] == 5
    member.post("delete_contact", contact_id="5")

    response = member.post("create_contact", **GABRIELA_FORM)

    assert (response.status_code, response.json) == (
        200,
        {"status": "success", "new_contact_id": 6},
    )


# == update_contact/{id} =========================================================================


def test_update_contact(member: XeroChatClient) -> None:
    response = member.post(
        "update_contact/1",
        first_name=" Carla Maria ",
        last_name="Mendes Lima",
        email="carla@novo.com",
        phone_number="+5511911110000",
    )

    assert (response.status_code, response.json) == (200, SUCCESS)
    assert contact(member, "1") == {
        **CARLA,
        "first_name": "Carla Maria",
        "last_name": "Mendes Lima",
        "email": "carla@novo.com",
        "phone_number": "+5511911110000",
    }


def test_update_contact_sets_only_the_values_given(member: XeroChatClient) -> None:
    # Empty and "0" values are left out of the SET.
    response = member.post(
        "update_contact/2abc", first_name="0", last_name="Pires Neto", email="", phone_number=" "
    )

    assert (response.status_code, response.json) == (200, SUCCESS)
    assert contact(member, "2") == {**EDUARDO, "last_name": "Pires Neto"}


def test_update_contact_with_unchanged_names_is_info(
    member: XeroChatClient, sandbox: Sandbox
) -> None:
    refusal = info("Make sure you changed to update the contact")
    assert_refused(
        sandbox, member, refusal, "update_contact/1", first_name="Carla", last_name="Mendes"
    )


def test_update_contact_refuses_the_contacts_own_email(member: XeroChatClient) -> None:
    # fidelity §5.3 step 5: the uniqueness check includes the contact being updated.
    response = member.post("update_contact/1", email="carla.mendes@example.com")

    assert (response.status_code, response.json) == (200, TRY_OTHER_EMAIL)


def test_update_contact_updates_a_soft_deleted_contact(
    member: XeroChatClient, sandbox: Sandbox
) -> None:
    response = member.post("update_contact/3", first_name="Fábio")

    assert (response.status_code, response.json) == (200, SUCCESS)
    (fabio,) = [c for c in exported(sandbox)["contacts"] if c["id"] == 3]
    assert fabio["first_name"] == "Fábio"
    assert contact(member, "3") == error("Unable to get contact data")


@pytest.mark.parametrize(
    ("path", "form", "expected"),
    [
        ("update_contact/0", {"first_name": "X"}, error("The contact ID is required")),
        ("update_contact/abc", {"first_name": "X"}, error("The contact ID is required")),
        ("update_contact", {"first_name": "X"}, error("The contact ID is required")),
        ("update_contact/99", {"first_name": "X"}, NO_PERMISSION),
        ("update_contact/4", {"first_name": "X"}, NO_PERMISSION),  # another user's
        ("update_contact/99", {}, NO_PERMISSION),  # the contact is checked before the values
        ("update_contact/1", {}, AT_LEAST_ONE),
        ("update_contact/1", {"first_name": "0", "email": " "}, AT_LEAST_ONE),
        ("update_contact/1", {"email": "EDUARDO@example.com"}, TRY_OTHER_EMAIL),
        ("update_contact/1", {"email": "fabio@example.com"}, TRY_OTHER_EMAIL),
        ("update_contact/1", {"phone_number": "+5511900000004"}, TRY_OTHER_PHONE),
        (
            "update_contact/1",
            {"first_name": "New", "phone_number": "+5511900000003"},
            TRY_OTHER_PHONE,
        ),
    ],
)
def test_update_contact_errors(
    member: XeroChatClient, sandbox: Sandbox, path: str, form: dict[str, str], expected: Any
) -> None:
    assert_refused(sandbox, member, expected, path, **form)


# == delete_contact =============================================================================


def test_delete_contact(member: XeroChatClient, sandbox: Sandbox) -> None:
    response = member.post("delete_contact", contact_id="2")

    assert (response.status_code, response.json) == (
        200,
        {"status": "success", "message": "The contact ID (2) has been deleted"},
    )
    assert contact(member, "2") == DOES_NOT_EXIST
    assert [c["id"] for c in exported(sandbox)["contacts"]] == [1, 3, 4]  # a real DELETE


def test_delete_contact_echoes_the_id_as_an_integer(member: XeroChatClient) -> None:
    response = member.post("delete_contact", contact_id=" 2abc ")

    assert (response.status_code, response.json) == (
        200,
        {"status": "success", "message": "The contact ID (2) has been deleted"},
    )


def test_delete_contact_deletes_a_soft_deleted_contact(
    member: XeroChatClient, sandbox: Sandbox
) -> None:
    response = member.post("delete_contact", contact_id="3")

    assert (response.status_code, response.json) == (
        200,
        {"status": "success", "message": "The contact ID (3) has been deleted"},
    )
    assert [c["id"] for c in exported(sandbox)["contacts"]] == [1, 2, 4]


def test_a_deleted_contacts_email_and_phone_are_free_again(member: XeroChatClient) -> None:
    member.post("delete_contact", contact_id="1")

    response = member.post("create_contact", **CARLAS_ADDRESSES)

    assert (response.status_code, response.json) == (
        200,
        {"status": "success", "new_contact_id": 5},
    )


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ({}, ID_FIELD_REQUIRED),
        ({"contact_id": ""}, ID_FIELD_REQUIRED),
        ({"contact_id": "0"}, ID_FIELD_REQUIRED),
        ({"contact_id": "abc"}, ID_FIELD_REQUIRED),
        ({"contact_id": "99"}, DOES_NOT_EXIST),
        ({"contact_id": "4"}, DOES_NOT_EXIST),  # another user's
    ],
)
def test_delete_contact_errors(
    member: XeroChatClient, sandbox: Sandbox, form: dict[str, str], expected: Any
) -> None:
    assert_refused(sandbox, member, expected, "delete_contact", **form)
