"""Text is kept as the vendor's MySQL keeps it: its connection sets sql_mode='' (no strict
mode), so a value longer than its column is cut to the column's width, with no error
(first_name, last_name, email varchar(100), phone_number varchar(50), a contact group's
name varchar(100), notes TEXT of 65,535 bytes). A 10 MB value was stored whole before."""

from __future__ import annotations

import copy

import pytest

from sandbox.core.sandbox import Sandbox
from tests.platforms.xerochat.helpers import (
    INSTALLATION,
    SUCCESS,
    XeroChatClient,
    exported,
    info,
    load_xerochat,
)

pytestmark = pytest.mark.usefixtures("installed")


def test_created_contact_values_are_cut_to_their_columns(member: XeroChatClient) -> None:
    created = member.ok(
        "POST",
        "create_contact",
        contact_type_id="1",
        first_name="F" * 101,
        last_name="L" * 5000,
        email="e" * 95 + "@example.com",
        phone_number="9" * 51,
    )
    assert created == {"status": "success", "new_contact_id": 5}
    row = member.ok("GET", "get_contact", contact_id="5")
    assert (row["first_name"], row["last_name"]) == ("F" * 100, "L" * 100)
    assert (row["email"], row["phone_number"]) == ("e" * 95 + "@exam", "9" * 50)


def test_an_update_that_mysql_would_cut_to_the_same_value_changes_nothing(
    member: XeroChatClient,
) -> None:
    assert member.ok("POST", "update_contact/1", first_name="C" * 100) == SUCCESS
    unchanged = member.ok("POST", "update_contact/1", first_name="C" * 100 + "arla")
    assert unchanged == info("Make sure you changed to update the contact")
    assert member.ok("GET", "get_contact", contact_id="1")["first_name"] == "C" * 100


def test_a_contact_group_name_is_cut_to_100_characters(
    member: XeroChatClient, sandbox: Sandbox
) -> None:
    created = member.ok("POST", "create_contact_group", name="G" * 10_000)
    group = member.ok("GET", "get_contact_group", contact_type_id=str(created["contact_type_id"]))
    assert group["type"] == "G" * 100


def test_fixture_notes_are_cut_to_65535_bytes_whole_characters(sandbox: Sandbox) -> None:
    section = copy.deepcopy(INSTALLATION)
    section["contacts"][0]["notes"] = "é" * 40_000  # 80,000 bytes: 32,767 characters fit
    section["contacts"][1]["notes"] = "n" * 10_000_000
    load_xerochat(sandbox, section)
    notes = [contact["notes"] for contact in exported(sandbox)["contacts"][:2]]
    assert notes == ["é" * 32_767, "n" * 65_535]
