"""The Facebook side: subscriber_information, get_all_labels, create_label and assign_label
(platforms.md §B.3, fidelity §3). Facebook's own answers are simulated by the sandbox.

The member (user 2) owns PAGE (bot on) and OFF_PAGE (bot off); user 4 owns OTTO_PAGE.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from sandbox.core.sandbox import Sandbox
from tests.platforms.xerochat.helpers import (
    CARLA,
    DIEGO,
    ERIK,
    LEADS,
    OFF_PAGE,
    OLD_LABEL,
    OTTO_LABEL,
    OTTO_PAGE,
    OUTLET,
    PAGE,
    VIP,
    XeroChatClient,
    assert_refused,
    error,
    exported,
)

NO_ENABLED_BOT = error("No Enabled Bot Found")
NO_LABEL = error("No Label Found")
INVALID_USER = error("(#100) The user ID is not valid.")
PROVIDE_PAGE_ID = error("Provide page_id field")
ASSIGNED = {"success": True, "status": "success"}

#: subscriber_info's keys, in the order of the v2.0 controller's SELECT (fidelity §3.1).
SUBSCRIBER_KEYS = [
    "subscriber_id",
    "labels",
    "first_name",
    "last_name",
    "full_name",
    "gender",
    "locale",
    "timezone",
    "page_name",
    "page_id",
    "unavailable",
    "last_error_message",
    "refferer_source",
    "subscribed_at",
    "email",
    "phone_number",
    "birthdate",
    "last_subscriber_interaction_time",
]
CARLA_INFO = {
    "subscriber_id": CARLA,
    "labels": "1",
    "first_name": "Carla",
    "last_name": "Mendes",
    "full_name": "Carla Mendes",
    "gender": "female",
    "locale": "pt_BR",
    "timezone": "-3",
    "page_name": "Loja da Ana",
    "page_id": PAGE,
    "unavailable": "0",
    "last_error_message": "",
    "refferer_source": "",
    "subscribed_at": "2025-10-01 10:15:00",
    "email": "carla.mendes@example.com",
    "phone_number": "+5511912345678",
    "birthdate": "1990-04-12",
    "last_subscriber_interaction_time": "2026-02-26 21:40:12",
}
DIEGO_INFO = {
    "subscriber_id": DIEGO,
    "labels": "",
    "first_name": "Diego",
    "last_name": "Rocha",
    "full_name": "Diego Rocha",
    "gender": "",
    "locale": "",
    "timezone": "",
    "page_name": "Loja da Ana",
    "page_id": PAGE,
    "unavailable": "0",
    "last_error_message": "",
    "refferer_source": "",
    "subscribed_at": "2026-01-12 08:00:00",
    "email": "",
    "phone_number": "",
    "birthdate": None,
    "last_subscriber_interaction_time": "",
}

pytestmark = pytest.mark.usefixtures("installed")


def labels_of(member: XeroChatClient, psid: str) -> str:
    """The label-table ids subscriber_information shows for a subscriber of the member."""
    return member.ok("GET", "subscriber_information", subscriber_id=psid)["subscriber_info"][
        "labels"
    ]


def stored_labels(sandbox: Sandbox) -> list[dict[str, Any]]:
    return exported(sandbox)["labels"]


# == subscriber_information =====================================================================


@pytest.mark.parametrize(("psid", "expected"), [(CARLA, CARLA_INFO), (DIEGO, DIEGO_INFO)])
def test_subscriber_information(
    member: XeroChatClient, psid: str, expected: dict[str, Any]
) -> None:
    response = member.get("subscriber_information", subscriber_id=psid)

    assert (response.status_code, response.json) == (
        200,
        {"status": "success", "subscriber_info": expected},
    )
    assert list(response.json["subscriber_info"]) == SUBSCRIBER_KEYS


@pytest.mark.parametrize("psid", [None, "", "0"])
def test_subscriber_information_needs_a_subscriber_id(
    member: XeroChatClient, psid: str | None
) -> None:
    params = {} if psid is None else {"subscriber_id": psid}

    response = member.get("subscriber_information", **params)

    assert (response.status_code, response.json) == (200, error("Provide subscriber_id field"))


@pytest.mark.parametrize("psid", ["1234567890", ERIK])  # unknown; another user's subscriber
def test_subscriber_information_of_no_subscriber(member: XeroChatClient, psid: str) -> None:
    response = member.get("subscriber_information", subscriber_id=psid)

    # The vendor's doc shows a leading space; its code (and platforms.md) has none.
    assert (response.status_code, response.json) == (200, error("No Matching Subscriber Found"))


# == get_all_labels ==============================================================================


def test_get_all_labels(member: XeroChatClient) -> None:
    # The deleted label (OLD_LABEL) of the page is left out.
    response = member.get("get_all_labels", page_id=PAGE)

    assert (response.status_code, response.json) == (
        200,
        {
            "status": "success",
            "label_info": [
                {"label_id": VIP, "label_name": "VIP"},
                {"label_id": LEADS, "label_name": "Leads"},
            ],
        },
    )


@pytest.mark.parametrize("page_id", [None, "", "0"])
def test_get_all_labels_needs_a_page_id(member: XeroChatClient, page_id: str | None) -> None:
    params = {} if page_id is None else {"page_id": page_id}

    response = member.get("get_all_labels", **params)

    assert (response.status_code, response.json) == (200, PROVIDE_PAGE_ID)


@pytest.mark.parametrize(
    "page_id",
    [
        OFF_PAGE,  # it has a label, but its bot is off: this message, not "No Enabled Bot"
        OTTO_PAGE,  # another user's page
        "999999999999999",
    ],
)
def test_get_all_labels_of_a_page_without_labels_to_show(
    member: XeroChatClient, page_id: str
) -> None:
    response = member.get("get_all_labels", page_id=page_id)

    assert (response.status_code, response.json) == (200, error("No Matching Label Found"))


# == create_label ===============================================================================


def test_create_label(member: XeroChatClient, sandbox: Sandbox) -> None:
    response = member.post("create_label", page_id=PAGE, label_name="Promo")

    created = stored_labels(sandbox)[-1]
    assert (response.status_code, response.json) == (
        200,
        {"status": "success", "label_id": created["label_id"]},
    )
    assert re.fullmatch(r"[1-9]\d{15}", created["label_id"])
    # fidelity §3.3: the vendor stores the Facebook page id where the page row's id
    # belongs, in an int(11) column (so MySQL clamps it).
    assert created == {
        "id": 6,
        "page_id": 2147483647,
        "group_name": "Promo",
        "user_id": 2,
        "label_id": created["label_id"],
        "deleted": "0",
        "unsubscribe": "0",
        "invisible": "0",
        "fb_page_id": PAGE,
    }


def test_a_created_label_is_not_listed_by_get_all_labels(member: XeroChatClient) -> None:
    # The consequence of the vendor's bug above (fidelity §3.3).
    before = member.ok("GET", "get_all_labels", page_id=PAGE)

    member.post("create_label", page_id=PAGE, label_name="Promo")

    assert member.ok("GET", "get_all_labels", page_id=PAGE) == before


def test_a_created_label_can_be_assigned(member: XeroChatClient) -> None:
    label_id = member.ok("POST", "create_label", page_id=PAGE, label_name="Promo")["label_id"]

    response = member.post("assign_label", subscriber_id=DIEGO, page_id=PAGE, label_ids=label_id)

    assert (response.status_code, response.json) == (200, ASSIGNED)
    assert labels_of(member, DIEGO) == "6"


@pytest.mark.parametrize("name", ["VIP", "Promo"])
def test_create_label_with_a_name_the_page_has(
    member: XeroChatClient, sandbox: Sandbox, name: str
) -> None:
    # Facebook refuses it; the vendor relays Facebook's whole error object as the message.
    if name == "Promo":
        member.post("create_label", page_id=PAGE, label_name="Promo")
    before = stored_labels(sandbox)

    response = member.post("create_label", page_id=PAGE, label_name=name)

    body = response.json
    assert (response.status_code, body) == (
        200,
        error(
            {
                "message": "(#100) A label with this name already exists.",
                "type": "OAuthException",
                "code": 100,
                "fbtrace_id": body["message"]["fbtrace_id"],
            }
        ),
    )
    assert re.fullmatch(r"[A-Za-z0-9]{11}", body["message"]["fbtrace_id"])
    assert stored_labels(sandbox) == before


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ({"label_name": "Promo"}, PROVIDE_PAGE_ID),
        ({"page_id": "0", "label_name": "Promo"}, PROVIDE_PAGE_ID),
        ({}, PROVIDE_PAGE_ID),  # page_id is checked first
        ({"page_id": PAGE}, error("Provide label_name field")),
        ({"page_id": PAGE, "label_name": "0"}, error("Provide label_name field")),
        ({"page_id": OFF_PAGE, "label_name": "Promo"}, NO_ENABLED_BOT),
        ({"page_id": OTTO_PAGE, "label_name": "Promo"}, NO_ENABLED_BOT),
        ({"page_id": "999999999999999", "label_name": "Promo"}, NO_ENABLED_BOT),
    ],
)
def test_create_label_errors(
    member: XeroChatClient, sandbox: Sandbox, form: dict[str, str], expected: Any
) -> None:
    before = stored_labels(sandbox)

    response = member.post("create_label", **form)

    assert (response.status_code, response.json) == (200, expected)
    assert stored_labels(sandbox) == before


# == assign_label ===============================================================================


def test_assign_label(member: XeroChatClient) -> None:
    response = member.post("assign_label", subscriber_id=DIEGO, page_id=PAGE, label_ids=VIP)

    assert (response.status_code, response.json) == (200, ASSIGNED)
    # The vendor adds its status to Facebook's answer: that key order.
    assert response.get_data(as_text=True) == '{"success":true,"status":"success"}'
    assert labels_of(member, DIEGO) == "1"


def test_assign_labels_adds_each_label_once(member: XeroChatClient) -> None:
    # Carla has VIP (row 1); the rows are taken in table order, whatever the request's.
    both = f"{LEADS},{VIP}"
    for label_ids in (both, LEADS):
        response = member.post(
            "assign_label", subscriber_id=CARLA, page_id=PAGE, label_ids=label_ids
        )
        assert (response.status_code, response.json) == (200, ASSIGNED)

    assert labels_of(member, CARLA) == "1,2"


def test_assign_label_does_not_trim_the_label_ids(member: XeroChatClient) -> None:
    # fidelity §3.4: "1, 2" looks up " 2", which no label has.
    response = member.post(
        "assign_label", subscriber_id=DIEGO, page_id=PAGE, label_ids=f"{VIP}, {LEADS}"
    )

    assert (response.status_code, response.json) == (200, ASSIGNED)
    assert labels_of(member, DIEGO) == "1"


@pytest.mark.parametrize(
    "form",
    [
        {"label_ids": "1234"},
        {"label_ids": ""},
        {},
        {"label_ids": OLD_LABEL},  # deleted
    ],
)
def test_assign_label_without_a_label(
    member: XeroChatClient, sandbox: Sandbox, form: dict[str, str]
) -> None:
    assert_refused(
        sandbox, member, NO_LABEL, "assign_label", subscriber_id=DIEGO, page_id=PAGE, **form
    )


@pytest.mark.parametrize(
    "form",
    [
        {"page_id": OFF_PAGE},
        {"page_id": OTTO_PAGE},  # another user's page
        {"page_id": "999999999999999"},
        {},  # no page_id: `page_id IS NULL` finds nothing; there is no "required" check
        {"page_id": OFF_PAGE, "label_ids": "1234"},  # the page is checked before the labels
    ],
)
def test_assign_label_without_an_enabled_bot(
    member: XeroChatClient, sandbox: Sandbox, form: dict[str, str]
) -> None:
    form = {"subscriber_id": DIEGO, "label_ids": VIP, **form}
    assert_refused(sandbox, member, NO_ENABLED_BOT, "assign_label", **form)


@pytest.mark.parametrize(
    ("psid", "label_id"),
    [
        ("1234567890", VIP),  # no such subscriber
        (None, VIP),
        (DIEGO, OTTO_LABEL),  # Diego is not a subscriber of that label's page
        (CARLA, OUTLET),
    ],
)
def test_assign_label_to_someone_facebook_refuses(
    member: XeroChatClient, sandbox: Sandbox, psid: str | None, label_id: str
) -> None:
    before = exported(sandbox)
    form = {"page_id": PAGE, "label_ids": label_id}
    if psid is not None:
        form["subscriber_id"] = psid

    response = member.post("assign_label", **form)

    # Facebook's message, as a string (create_label relays the whole object instead).
    assert (response.status_code, response.json) == (200, INVALID_USER)
    assert exported(sandbox) == before


@pytest.mark.parametrize("label_ids", [f"{VIP},{OTTO_LABEL}", f"{OTTO_LABEL},{VIP}"])
def test_assign_label_keeps_the_labels_assigned_before_facebook_refused(
    member: XeroChatClient, label_ids: str
) -> None:
    # fidelity §3.4: the loop stops at Facebook's error; what it stored stays.
    response = member.post("assign_label", subscriber_id=DIEGO, page_id=PAGE, label_ids=label_ids)

    assert (response.status_code, response.json) == (200, INVALID_USER)
    assert labels_of(member, DIEGO) == "1"


def test_assign_label_uses_any_users_label_and_stores_by_the_page_given(
    member: XeroChatClient, sandbox: Sandbox
) -> None:
    # The label lookup is not scoped by user; Facebook accepts Erik for his page's label;
    # the stored labels are updated WHERE page_id = the page given, so nothing changes.
    form = {"subscriber_id": ERIK, "page_id": PAGE, "label_ids": OTTO_LABEL}
    assert_refused(sandbox, member, ASSIGNED, "assign_label", **form)
