"""Model tests of XeroChat, without HTTP: the backend (`XeroChat`) with the resources built
on it, and the PHP / MySQL semantics in models/common.py that the endpoints build on
(fidelity §1.1), id allocation, the uniqueness rules of contacts (§5.2), key holders
(§1.2), flow answers (§6) and what create_label stores (§3.3).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from sandbox.core.sandbox import Sandbox
from sandbox.platforms.xerochat.errors import XeroChatError, XeroChatInfo
from sandbox.platforms.xerochat.models import Contacts, Facebook, Flows, Users
from sandbox.platforms.xerochat.models.api import XeroChat
from sandbox.platforms.xerochat.models.common import (
    ANSWERS,
    CONTACT_GROUPS,
    CONTACTS,
    QUESTIONS,
    mysql_datetime,
    mysql_int,
    php_date,
    row,
    same_text,
    truthy,
)
from sandbox.platforms.xerochat.models.users import key_user_id
from tests.conftest import FROZEN_AT
from tests.platforms.xerochat.helpers import (
    ADMIN_KEY,
    CARLA,
    DIEGO,
    INSTALLATION,
    MEMBER_KEY,
    PAGE,
    ZERO_DATE,
    load_xerochat,
    xerochat_model,
)


@pytest.fixture
def model(sandbox: Sandbox, frozen: datetime) -> XeroChat:
    """The seed installation, as its member (user 2) sees it."""
    load_xerochat(sandbox, INSTALLATION)
    return xerochat_model(sandbox)


def seeded(sandbox: Sandbox, section: dict[str, Any], workspace: str = "default") -> XeroChat:
    """Load `section` into a workspace (made if need be); its installation as user 2."""
    load_xerochat(sandbox, section, workspace)
    return xerochat_model(sandbox, workspace)


def message(raised: pytest.ExceptionInfo[XeroChatError]) -> Any:
    return raised.value.body


# == PHP and MySQL semantics ======================================================================


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, False),
        ("", False),
        ("0", False),
        ("00", True),
        (" ", True),
        ("0.0", True),
        ("a", True),
    ],
)
def test_truthy_is_phps_truthiness_of_request_values(value: Any, expected: bool) -> None:
    assert truthy(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12abc", 12),
        ("abc", 0),
        ("  7", 7),
        ("-3x", -3),
        ("+4", 4),
        ("", 0),
        (None, 0),
        (5, 5),
        (CARLA, 2499454673490220),
    ],
)
def test_mysql_int_takes_the_leading_integer(value: Any, expected: int) -> None:
    assert mysql_int(value) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Ana@Example.com", "ana@example.COM", True),
        ("ana ", "ana", True),  # trailing spaces are ignored
        (" ana", "ana", False),  # leading ones are not
        ("", "", True),
        (None, "", False),  # NULL equals nothing
        ("", None, False),
        ("ana", "bia", False),
    ],
)
def test_same_text_is_mysqls_case_insensitive_equality(a: Any, b: Any, expected: bool) -> None:
    assert same_text(a, b) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2027-01-31", "2027-01-31 00:00:00"),
        ("2027-01-31 18:30", "2027-01-31 18:30:00"),
        ("2027-01-31 18:30:59", "2027-01-31 18:30:59"),
        ("2027-02-30", ZERO_DATE),
        ("31/01/2027", ZERO_DATE),
        ("", ZERO_DATE),
        (None, ZERO_DATE),
    ],
)
def test_mysql_datetime_is_what_a_datetime_column_stores(value: Any, expected: str) -> None:
    assert mysql_datetime(value) == expected


@pytest.mark.parametrize(
    ("moment", "zone", "expected"),
    [
        (FROZEN_AT, "America/Sao_Paulo", "2026-03-01 09:00:00"),
        (FROZEN_AT, "Asia/Kolkata", "2026-03-01 17:30:00"),
        (FROZEN_AT, "Europe/Dublin", "2026-03-01 12:00:00"),
        (datetime(2026, 7, 1, 12, tzinfo=timezone.utc), "Europe/Dublin", "2026-07-01 13:00:00"),
        (FROZEN_AT, "Not/A_Zone", "2026-03-01 12:00:00"),  # XeroChat's fallback, Dublin
    ],
)
def test_php_date_in_the_installations_timezone(moment: datetime, zone: str, expected: str) -> None:
    assert php_date(moment, zone) == expected


def test_row_gives_every_value_as_mysqli_does() -> None:
    record = {"id": 7, "name": "Ana", "flag": True, "off": False, "gone": None, "extra": "x"}

    assert row(record, ("id", "name", "flag", "off", "gone", "missing")) == {
        "id": "7",
        "name": "Ana",
        "flag": "1",
        "off": "0",
        "gone": None,
        "missing": None,
    }


# == ids ==========================================================================================


def test_ids_count_up_from_one_in_an_empty_table(sandbox: Sandbox) -> None:
    model = seeded(sandbox, {})

    with sandbox.store.transaction():
        assert [model.next_id(CONTACT_GROUPS) for _ in range(3)] == [1, 2, 3]


def test_ids_continue_after_the_highest_loaded_id(sandbox: Sandbox) -> None:
    model = seeded(sandbox, {"contact_groups": [{"id": 7, "name": "A"}, {"id": 3, "name": "B"}]})

    with sandbox.store.transaction():
        assert model.next_id(CONTACT_GROUPS) == 8


def test_the_id_of_a_deleted_row_is_never_given_again(model: XeroChat, sandbox: Sandbox) -> None:
    with sandbox.store.transaction():
        created = Contacts(model).create_group("Temp")["contact_type_id"]
        Contacts(model).delete_group(str(created))
        again = Contacts(model).create_group("Again")["contact_type_id"]

    assert (created, again) == (5, 6)


def test_a_deleted_row_below_the_highest_leaves_the_next_id_alone(
    model: XeroChat, sandbox: Sandbox
) -> None:
    with sandbox.store.transaction():
        Contacts(model).delete_contact("1")
        assert Contacts(model).create_contact(
            {"contact_type_id": "1", "email": "new@example.com", "phone_number": "+1"}
        ) == {"status": "success", "new_contact_id": 5}


def test_ids_count_per_table_and_per_installation(sandbox: Sandbox) -> None:
    default = seeded(sandbox, {"contact_groups": [{"id": 4, "name": "A"}]})
    other = seeded(sandbox, {}, "other")

    with sandbox.store.transaction():
        assert default.next_id(CONTACT_GROUPS) == 5
        assert default.next_id(CONTACTS) == 1
        assert other.next_id(CONTACT_GROUPS) == 1


def test_loading_a_fixture_restarts_from_its_highest_id(model: XeroChat, sandbox: Sandbox) -> None:
    with sandbox.store.transaction():
        assert model.next_id(CONTACT_GROUPS) == 5
        assert model.next_id(CONTACT_GROUPS) == 6

    reloaded = seeded(sandbox, {"contact_groups": [{"id": 2, "name": "A"}]})

    with sandbox.store.transaction():
        assert reloaded.next_id(CONTACT_GROUPS) == 3


# == keys and their users ==========================================================================


@pytest.mark.parametrize(
    ("key", "user_id"), [("12-AbC-9", 12), (ADMIN_KEY, 1), ("7", 7), ("abc-1", 0), ("", 0)]
)
def test_a_key_names_its_user_by_the_part_before_the_first_dash(key: str, user_id: int) -> None:
    assert key_user_id(key) == user_id


@pytest.mark.parametrize(
    ("key", "admin", "holder"),
    [
        (MEMBER_KEY, False, 2),
        (MEMBER_KEY, True, None),  # a member is no admin
        (ADMIN_KEY, True, 1),
        (ADMIN_KEY, False, 1),
        ("3-anything", False, None),  # disabled
        ("4-anything", False, 4),  # active, expired: expiry is never checked
        ("5-anything", False, None),  # deleted
        ("9-anything", False, None),  # no such user
    ],
)
def test_key_holder(model: XeroChat, key: str, admin: bool, holder: int | None) -> None:
    found = Users(model).key_holder(key, admin=admin)

    assert (found["id"] if found else None) == holder


def test_ensure_key_users_adds_only_the_missing_ones(sandbox: Sandbox) -> None:
    model = seeded(sandbox, {"users": [{"id": 2, "name": "Ana", "email": "ana@example.com"}]})
    credentials = {"admin_key": "7-XyzXyzX1732147200XyzXyzX", "member_key": MEMBER_KEY}

    with sandbox.store.transaction():
        Users(model).ensure_key_users(credentials)
        Users(model).ensure_key_users(credentials)

    # User 1 came with the load (the demo admin key's); 7 is the new admin key's.
    users = [(u["id"], u["name"], u["user_type"]) for u in model.find("xerochat.users")]
    assert users == [(2, "Ana", "Member"), (1, "Admin", "Admin"), (7, "Admin", "Admin")]


# == uniqueness of contacts =======================================================================

GROUP = [{"id": 1, "name": "G"}]


def create(model: XeroChat, sandbox: Sandbox, **form: str) -> dict[str, Any]:
    with sandbox.store.transaction():
        return Contacts(model).create_contact({"contact_type_id": "1", **form})


def test_null_values_never_collide(sandbox: Sandbox) -> None:
    # Loaded contacts may have NULL e-mail / phone; API-made ones store '' instead.
    contacts = [
        {"contact_type_id": 1, "phone_number": "+1"},
        {"contact_type_id": 1, "email": "a@x"},
    ]
    model = seeded(sandbox, {"contact_groups": GROUP, "contacts": contacts})

    assert create(model, sandbox, phone_number="+2") == {"status": "success", "new_contact_id": 3}


def test_empty_values_collide(sandbox: Sandbox) -> None:
    model = seeded(sandbox, {"contact_groups": GROUP})
    create(model, sandbox, phone_number="+1")
    create(model, sandbox, email="a@x")

    with pytest.raises(XeroChatError) as phone_only:
        create(model, sandbox, phone_number="+2")
    with pytest.raises(XeroChatError) as email_only:
        create(model, sandbox, email="b@x")

    assert message(phone_only) == "Please try with different email address"
    assert message(email_only) == "Please try with different phone_number"


def test_uniqueness_is_checked_across_users_and_deleted_rows(sandbox: Sandbox) -> None:
    contacts = [
        {"contact_type_id": 1, "user_id": 4, "email": "Hugo@X.com", "phone_number": "+4"},
        {"contact_type_id": 1, "email": "gone@x", "phone_number": "+5", "deleted": "1"},
    ]
    model = seeded(sandbox, {"contact_groups": GROUP, "contacts": contacts})

    for form, expected in (
        ({"email": "hugo@x.COM ", "phone_number": "+9"}, "Please try with different email address"),
        ({"email": "new@x", "phone_number": "+4"}, "Please try with different phone_number"),
        ({"email": "gone@x", "phone_number": "+9"}, "Please try with different email address"),
    ):
        with pytest.raises(XeroChatError) as raised:
            create(model, sandbox, **form)
        assert message(raised) == expected


def test_uniqueness_is_per_installation(sandbox: Sandbox) -> None:
    seeded(sandbox, {"contact_groups": GROUP, "contacts": [{"contact_type_id": 1, "email": "a@x"}]})
    other = seeded(sandbox, {"contact_groups": GROUP}, "other")

    assert create(other, sandbox, email="a@x", phone_number="+1") == {
        "status": "success",
        "new_contact_id": 1,
    }


def test_an_update_that_changes_nothing_is_info(model: XeroChat, sandbox: Sandbox) -> None:
    with pytest.raises(XeroChatInfo) as raised, sandbox.store.transaction():
        Contacts(model).update_contact("1", {"first_name": "Carla", "last_name": " Mendes "})

    assert (raised.value.status, raised.value.body) == (
        "info",
        "Make sure you changed to update the contact",
    )


def test_an_update_compares_names_exactly(model: XeroChat, sandbox: Sandbox) -> None:
    # Only an identical value is "unchanged": MySQL compares the stored bytes on UPDATE.
    with sandbox.store.transaction():
        assert Contacts(model).update_contact("1", {"first_name": "CARLA"}) == {"status": "success"}

    assert Contacts(model).get_contact("1")["first_name"] == "CARLA"


# == flow answers =================================================================================


def test_single_subscriber_matches_the_psid_as_a_number(model: XeroChat) -> None:
    by_number = Flows(model).single_subscriber(f"{DIEGO}abc", "1")

    assert by_number == Flows(model).single_subscriber(DIEGO, "1")
    assert [item["answer"] for item in by_number["data"]] == ["diego@example.com"]


def test_answers_to_another_users_question(model: XeroChat, sandbox: Sandbox) -> None:
    # get_all_subscriber_flow_info joins only the user's own questions; the single
    # subscriber's query is not scoped by user (fidelity §6.3 step 4, §6.4 step 3).
    with sandbox.store.transaction():
        model.store.insert(
            QUESTIONS,
            model.workspace,
            {"id": 99, "user_id": 4, "flow_campaign_id": 1, "serial_no": 3, "question": "Otto?"},
        )
        model.store.insert(
            ANSWERS,
            model.workspace,
            {
                "id": 99,
                "subscriber_id": DIEGO,
                "page_id": "",
                "flow_campaign_id": 1,
                "question_id": 99,
                "user_answer": "hidden",
            },
        )

    single = [item["answer"] for item in Flows(model).single_subscriber(DIEGO, "1")["data"]]
    every = [item["answer"] for item in Flows(model).all_subscribers("1")["data"][DIEGO]]
    assert (single, every) == (["diego@example.com", "hidden"], ["diego@example.com"])


def test_all_subscribers_lists_subscribers_in_first_answer_order(sandbox: Sandbox) -> None:
    flow = {
        "flow_name": "F",
        "questions": ["Q1", "Q2"],
        "answers": {DIEGO: ["d1"], CARLA: ["c1", "c2"]},
    }
    model = seeded(sandbox, {"flow_campaigns": [flow]})

    assert Flows(model).all_subscribers("1") == {
        "id": "1",
        "flow_name": "F",
        "data": {
            DIEGO: [{"id": "1", "question": "Q1", "answer": "d1"}],
            CARLA: [
                {"id": "1", "question": "Q1", "answer": "c1"},
                {"id": "2", "question": "Q2", "answer": "c2"},
            ],
        },
    }


def test_answers_keep_their_text(sandbox: Sandbox) -> None:
    flow = {"flow_name": "F", "questions": ["Age?", "Ok?"], "answers": {CARLA: [42, True]}}
    model = seeded(sandbox, {"flow_campaigns": [flow]})

    answers = [item["answer"] for item in Flows(model).single_subscriber(CARLA, "1")["data"]]
    assert answers == ["42", "1"]


# == what create_label stores =====================================================================


@pytest.mark.parametrize(
    ("page_id", "stored"),
    [("12345", 12345), (PAGE, 2147483647), ("page-name", 0)],
)
def test_create_label_stores_the_facebook_page_id_as_an_int_11(
    sandbox: Sandbox, page_id: str, stored: int
) -> None:
    model = seeded(sandbox, {"pages": [{"page_id": page_id}]})

    with sandbox.store.transaction():
        Facebook(model).create_label(page_id, "Promo")

    (label,) = model.find("xerochat.labels")
    assert (label["page_id"], label["fb_page_id"]) == (stored, page_id)


def test_label_names_are_unique_per_facebook_page(sandbox: Sandbox) -> None:
    model = seeded(sandbox, {"pages": [{"page_id": "111"}, {"page_id": "222"}]})

    with sandbox.store.transaction():
        Facebook(model).create_label("111", "Promo")
        Facebook(model).create_label("222", "Promo")
        Facebook(model).create_label("111", "promo")  # Facebook's check is exact here
    with pytest.raises(XeroChatError) as raised, sandbox.store.transaction():
        Facebook(model).create_label("222", "Promo")

    assert message(raised)["message"] == "(#100) A label with this name already exists."
    assert len(model.find("xerochat.labels")) == 3


def test_assigning_labels_keeps_the_existing_order_and_adds_each_once(sandbox: Sandbox) -> None:
    section = {
        "pages": [{"page_id": PAGE}],
        "labels": [
            {"label_id": "10", "name": "A", "page": PAGE},
            {"label_id": "20", "name": "B", "page": PAGE},
            {"label_id": "30", "name": "C", "page": PAGE},
        ],
        "subscribers": [{"subscriber_id": CARLA, "page": PAGE, "labels": ["30", "10"]}],
    }
    model = seeded(sandbox, section)

    with sandbox.store.transaction():
        Facebook(model).assign_label(CARLA, PAGE, "10,20")

    (subscriber,) = model.find("xerochat.subscribers")
    assert subscriber["contact_group_id"] == "3,1,2"
