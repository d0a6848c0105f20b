"""The admin-only endpoints: get_user_info, create_system_user, update_user/{id} and
get_all_packages (platforms.md §B.3, fidelity §2). Only the admin key is used here; a
member's key on them is in test_auth.py."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.core.sandbox import Sandbox
from tests.platforms.xerochat.helpers import (
    MD5_EMPTY,
    SAO_PAULO_NOW,
    SUCCESS,
    USERS,
    ZERO_DATE,
    XeroChatClient,
    answer,
    assert_refused,
    error,
    exported,
    installation,
    load_xerochat,
)

NO_MATCHING_USER = error("No Matching User Found")
PROVIDE_USER_OR_EMAIL = error("Provide either user ID or Email to filter")
MANDATORY = error("All mandatory field is not provided")

ANA = {
    "id": "2",
    "name": "Ana Souza",
    "email": "ana@lojadaana.com.br",
    "mobile": "5511977776666",
    "address": "Rua das Flores 21",
    "user_type": "Member",
    "status": "1",
    "add_date": "2024-03-10 09:20:03",
    "last_login_at": "2026-02-27 18:02:11",
    "expired_date": "2027-06-30 00:00:00",
    "package_id": "2",
    "last_login_ip": "189.40.12.7",
}
MARINA = {
    "id": "1",
    "name": "Marina Admin",
    "email": "admin@lojadaana.com.br",
    "mobile": "5511988887777",
    "address": "",
    "user_type": "Admin",
    "status": "1",
    "add_date": "2024-03-10 09:12:44",
    "last_login_at": ZERO_DATE,
    "expired_date": "2027-12-31 00:00:00",
    "package_id": "2",
    "last_login_ip": "",
}
BRUNO = {
    "id": "3",
    "name": "Bruno Lima",
    "email": "bruno@example.com",
    "mobile": "",
    "address": "",
    "user_type": "Member",
    "status": "0",
    "add_date": "2024-11-02 14:00:00",
    "last_login_at": ZERO_DATE,
    "expired_date": "2025-01-31 00:00:00",
    "package_id": "1",
    "last_login_ip": "",
}
CARLOS_FORM = {
    "name": "Carlos Dias",
    "email": "carlos@example.com",
    "password": "s3cret",
    "package_id": "1",
    "expired_date": "2027-01-31",
    "mobile": "5511966665555",
    "address": "Av. Paulista 1000",
}
#: md5("s3cret")
S3CRET_MD5 = "33e1b232a4e6fa0028a6670753749a17"


def found(user: dict[str, Any]) -> dict[str, Any]:
    return {"status": "success", "user_info": user}


def user_info(admin: XeroChatClient, user_id: str) -> Any:
    return admin.ok("GET", "get_user_info", user_id=user_id)


def stored_user(sandbox: Sandbox, user_id: int) -> dict[str, Any]:
    (user,) = [u for u in exported(sandbox)["users"] if u["id"] == user_id]
    return user


pytestmark = pytest.mark.usefixtures("installed")


# == get_user_info ===============================================================================


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"user_id": "2"}, ANA),
        ({"user_id": "1"}, MARINA),  # admins are found too
        ({"user_id": "3"}, BRUNO),  # a disabled user is found, with status "0"
        ({"email": "ana@lojadaana.com.br"}, ANA),
        ({"email": "ANA@LojaDaAna.com.br"}, ANA),  # MySQL's case-insensitive collation
        ({"user_id": "2", "email": "ana@lojadaana.com.br"}, ANA),
        ({"user_id": "2abc"}, ANA),  # MySQL casts "2abc" to 2
        ({"user_id": "0", "email": "bruno@example.com"}, BRUNO),  # "0" counts as not given
    ],
)
def test_get_user_info(admin: XeroChatClient, params: dict[str, str], expected: Any) -> None:
    response = admin.get("get_user_info", **params)

    assert (response.status_code, response.json) == (200, found(expected))


@pytest.mark.parametrize(
    "params",
    [
        {"user_id": "99"},
        {"user_id": "abc"},  # MySQL casts it to 0
        {"user_id": "5"},  # deleted
        {"email": "gina@example.com"},  # deleted
        {"email": "nobody@example.com"},
        {"user_id": "1", "email": "ana@lojadaana.com.br"},  # both given: both must match
    ],
)
def test_get_user_info_of_no_user(admin: XeroChatClient, params: dict[str, str]) -> None:
    response = admin.get("get_user_info", **params)

    assert (response.status_code, response.json) == (200, NO_MATCHING_USER)


@pytest.mark.parametrize(
    "params", [{}, {"user_id": "0"}, {"user_id": "", "email": ""}, {"email": "0"}]
)
def test_get_user_info_needs_a_user_id_or_an_email(
    admin: XeroChatClient, params: dict[str, str]
) -> None:
    response = admin.get("get_user_info", **params)

    assert (response.status_code, response.json) == (200, PROVIDE_USER_OR_EMAIL)


def test_get_user_info_decodes_the_email_a_second_time(
    admin: XeroChatClient, sandbox: Sandbox
) -> None:
    # fidelity §2.1: the controller urldecodes the email once more, so a literal "+" is a
    # space and a "%2B" in the decoded value is the "+".
    plus = {"id": 6, "name": "Plus", "email": "ana+shop@example.com"}
    load_xerochat(sandbox, installation(users=[*USERS, plus]))

    assert admin.ok("GET", "get_user_info", email="ana+shop@example.com") == NO_MATCHING_USER
    body = admin.ok("GET", "get_user_info", email="ana%2Bshop@example.com")
    assert body["user_info"]["id"] == "6"


# == create_system_user ==========================================================================


def test_create_system_user(admin: XeroChatClient, sandbox: Sandbox) -> None:
    response = admin.post("create_system_user", **CARLOS_FORM)

    assert (response.status_code, response.json) == (200, {"status": "success", "id": 6})
    assert response.get_data(as_text=True) == '{"status":"success","id":6}'
    assert user_info(admin, "6") == found(
        {
            "id": "6",
            "name": "Carlos Dias",
            "email": "carlos@example.com",
            "mobile": "5511966665555",
            "address": "Av. Paulista 1000",
            "user_type": "Member",
            "status": "1",
            "add_date": SAO_PAULO_NOW,
            "last_login_at": ZERO_DATE,
            "expired_date": "2027-01-31 00:00:00",
            "package_id": "1",
            "last_login_ip": "",
        }
    )


def test_the_password_is_stored_as_md5_and_never_returned(
    admin: XeroChatClient, sandbox: Sandbox
) -> None:
    created = admin.post("create_system_user", **CARLOS_FORM)
    shown = admin.get("get_user_info", user_id="6")

    assert stored_user(sandbox, 6)["password_md5"] == S3CRET_MD5
    for response in (created, shown):
        text = response.get_data(as_text=True)
        assert "s3cret" not in text and S3CRET_MD5 not in text and "password" not in text


def test_create_system_user_with_the_mandatory_fields_only(
    admin: XeroChatClient, sandbox: Sandbox
) -> None:
    # A missing password is no error: md5() of nothing is never empty (fidelity §2.2).
    form = {"name": "Dora", "email": "dora@example.com", "package_id": "2"}
    response = admin.post("create_system_user", **form, expired_date="2027-02-01")

    assert (response.status_code, response.json) == (200, {"status": "success", "id": 6})
    shown = user_info(admin, "6")["user_info"]
    assert (shown["mobile"], shown["address"]) == ("", "")
    assert stored_user(sandbox, 6)["password_md5"] == MD5_EMPTY


@pytest.mark.parametrize(
    ("expired_date", "stored"),
    [
        ("2027-01-31 18:30:00", "2027-01-31 18:30:00"),
        ("31/01/2027", ZERO_DATE),  # not a date: MySQL's zero date in non-strict mode
    ],
)
def test_create_system_user_stores_the_expiry_as_a_datetime(
    admin: XeroChatClient, expired_date: str, stored: str
) -> None:
    admin.post("create_system_user", **{**CARLOS_FORM, "expired_date": expired_date})

    assert user_info(admin, "6")["user_info"]["expired_date"] == stored


def test_create_system_user_takes_0_as_no_mobile(admin: XeroChatClient) -> None:
    admin.post("create_system_user", **{**CARLOS_FORM, "mobile": "0", "address": "0"})

    shown = user_info(admin, "6")["user_info"]
    assert (shown["mobile"], shown["address"]) == ("", "")


def test_create_system_user_accepts_a_deleted_package(admin: XeroChatClient) -> None:
    # fidelity §2.2 step 4: the package check does not filter deleted packages.
    response = admin.post("create_system_user", **{**CARLOS_FORM, "package_id": "3"})

    assert (response.status_code, response.json) == (200, {"status": "success", "id": 6})


def test_created_users_get_consecutive_ids(admin: XeroChatClient) -> None:
    first = admin.ok("POST", "create_system_user", **CARLOS_FORM)
    second = admin.ok("POST", "create_system_user", **{**CARLOS_FORM, "email": "c2@example.com"})

    assert (first, second) == ({"status": "success", "id": 6}, {"status": "success", "id": 7})


@pytest.mark.parametrize("field", ["name", "email", "package_id", "expired_date"])
@pytest.mark.parametrize("value", [None, "", "0"])
def test_create_system_user_without_a_mandatory_field(
    admin: XeroChatClient, sandbox: Sandbox, field: str, value: str | None
) -> None:
    form = {k: v for k, v in CARLOS_FORM.items() if k != field}
    if value is not None:
        form[field] = value

    assert_refused(sandbox, admin, MANDATORY, "create_system_user", **form)


def test_create_system_user_checks_the_fields_before_the_package(admin: XeroChatClient) -> None:
    form = {**CARLOS_FORM, "name": "", "package_id": "99"}

    assert admin.ok("POST", "create_system_user", **form) == MANDATORY


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("package_id", "99", "Package ID not found"),
        ("package_id", "abc", "Package ID not found"),
        ("email", "ana@lojadaana.com.br", "Email already exists"),
        ("email", "ANA@LOJADAANA.COM.BR", "Email already exists"),  # case-insensitive
        # A deleted user's: the check sees every row.
        ("email", "gina@example.com", "Email already exists"),
        ("email", "bruno@example.com", "Email already exists"),  # a disabled user's
    ],
)
def test_create_system_user_with_an_unknown_package_or_a_taken_email(
    admin: XeroChatClient, sandbox: Sandbox, field: str, value: str, message: str
) -> None:
    form = {**CARLOS_FORM, field: value}
    assert_refused(sandbox, admin, error(message), "create_system_user", **form)


def test_create_system_user_checks_the_package_before_the_email(admin: XeroChatClient) -> None:
    form = {**CARLOS_FORM, "package_id": "99", "email": "ana@lojadaana.com.br"}

    assert admin.ok("POST", "create_system_user", **form) == error("Package ID not found")


# == update_user/{id} ============================================================================


def test_update_user(admin: XeroChatClient) -> None:
    response = admin.post(
        "update_user/2",
        name="Ana S. Lima",
        mobile="5511900001111",
        address="Rua Nova 5",
        package_id="1",
        expired_date="2028-02-29",
    )

    assert (response.status_code, response.json) == (200, SUCCESS)
    assert user_info(admin, "2") == found(
        {
            **ANA,
            "name": "Ana S. Lima",
            "mobile": "5511900001111",
            "address": "Rua Nova 5",
            "package_id": "1",
            "expired_date": "2028-02-29 00:00:00",
        }
    )


def test_update_user_can_enable_a_user_but_not_disable_one(admin: XeroChatClient) -> None:
    # fidelity §2.3: fields are set only when truthy, so status "0" is ignored.
    assert admin.ok("POST", "update_user/3", status="1") == SUCCESS
    assert admin.ok("POST", "update_user/2", status="0", name="Ana") == SUCCESS

    assert user_info(admin, "3")["user_info"]["status"] == "1"
    assert user_info(admin, "2")["user_info"]["status"] == "1"
    assert user_info(admin, "2")["user_info"]["name"] == "Ana"


def test_update_user_ignores_the_email_and_the_password(
    admin: XeroChatClient, sandbox: Sandbox
) -> None:
    before = stored_user(sandbox, 2)

    response = admin.post("update_user/2", email="new@example.com", password="x", name="Ana")

    assert (response.status_code, response.json) == (200, SUCCESS)
    after = stored_user(sandbox, 2)
    assert after == {**before, "name": "Ana"}


def test_update_user_with_unchanged_values_is_still_success(admin: XeroChatClient) -> None:
    # No affected-rows check (fidelity §2.3 step 5): no "info" answer here.
    response = admin.post("update_user/2", name="Ana Souza")

    assert (response.status_code, response.json) == (200, SUCCESS)
    assert user_info(admin, "2") == found(ANA)


def test_update_user_reads_the_id_as_mysql_does(admin: XeroChatClient) -> None:
    assert admin.ok("POST", "update_user/2abc", name="Ana Two") == SUCCESS

    assert user_info(admin, "2")["user_info"]["name"] == "Ana Two"


def test_update_user_updates_a_deleted_user(admin: XeroChatClient, sandbox: Sandbox) -> None:
    # The existence check does not filter deleted users; get_user_info still hides them.
    assert admin.ok("POST", "update_user/5", name="Gina New") == SUCCESS

    assert stored_user(sandbox, 5)["name"] == "Gina New"
    assert user_info(admin, "5") == NO_MATCHING_USER


@pytest.mark.parametrize("segment", ["99", "abc", "0"])
def test_update_user_of_an_unknown_user(
    admin: XeroChatClient, sandbox: Sandbox, segment: str
) -> None:
    refusal = error(f"User not found with the ID: {segment}")
    assert_refused(sandbox, admin, refusal, f"update_user/{segment}", name="X")


def test_update_user_checks_the_user_before_the_fields(admin: XeroChatClient) -> None:
    assert admin.ok("POST", "update_user/99") == error("User not found with the ID: 99")


@pytest.mark.parametrize("path", ["update_user", "update_user/"])
def test_update_user_without_an_id(admin: XeroChatClient, path: str) -> None:
    # Checked before the key, so before the JSON header: PHP's default text/html.
    for key in (admin.key, ""):
        response = admin.with_key(key).post(path, name="X")

        assert answer(response) == (200, error("Provide User ID with End Point URL"))
        assert response.mimetype == "text/html"


@pytest.mark.parametrize("form", [{}, {"status": "0"}, {"name": "", "mobile": "0"}])
def test_update_user_with_nothing_to_set(
    admin: XeroChatClient, sandbox: Sandbox, form: dict[str, str]
) -> None:
    # The vendor's CodeIgniter stops on an UPDATE without SET (an HTML page, HTTP 500,
    # fidelity §2.3 step 6); the sandbox answers the same message in the API's envelope.
    refusal = error('You must use the "set" method to update an entry.')
    assert_refused(sandbox, admin, refusal, "update_user/2", **form)


# == get_all_packages ============================================================================


def test_get_all_packages(admin: XeroChatClient) -> None:
    # Deleted packages are left out; rows come in id order; every value is a string.
    response = admin.get("get_all_packages")

    assert (response.status_code, response.json) == (
        200,
        {
            "status": "success",
            "packages": [
                {
                    "id": "1",
                    "package_name": "Trial",
                    "module_ids": "251,80",
                    "price": "0",
                    "validity": "7",
                    "deleted": "0",
                    "visible": "0",
                    "highlight": "0",
                },
                {
                    "id": "2",
                    "package_name": "Everything",
                    "module_ids": "251,80,202",
                    "price": "112.35",
                    "validity": "365",
                    "deleted": "0",
                    "visible": "1",
                    "highlight": "1",
                },
            ],
        },
    )


def test_get_all_packages_without_packages(admin: XeroChatClient, sandbox: Sandbox) -> None:
    load_xerochat(sandbox, installation(packages=[]))

    response = admin.get("get_all_packages")

    assert (response.status_code, response.json) == (200, {"status": "success", "packages": []})
