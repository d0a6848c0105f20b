"""End to end: the official client, rapidpro-python (`temba_client`), against a live sandbox.

These tests drive `flow-sandbox serve` over real HTTP with `TembaClient`, so they check what
an integration built on the client sees: the attributes it deserializes, the exceptions it
maps status codes to (rapidpro.md §6) and the cursor pagination it follows. Exact bodies
and status codes are the business of the raw-HTTP tests; here the client is the judge.

Every test starts from a full reset with the sandbox clock frozen at FROZEN_AT, so the
timestamps the client parses are exact. The default workspace has the `weni` profile;
the `upstream` fixture creates a second workspace with the `upstream` profile.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
import requests
from temba_client.exceptions import (
    TembaBadRequestError,
    TembaNoSuchObjectError,
    TembaTokenError,
)
from temba_client.v2 import TembaClient
from temba_client.v2.types import Contact, Field, Group

from sandbox.platforms.rapidpro.auth import DEMO_CREDENTIALS
from tests.conftest import FROZEN_AT, LiveServer
from tests.platforms.rapidpro.helpers import STANDARD_FIELDS

MISSING_UUID = "00000000-0000-4000-8000-000000000000"
ANA_URN = "whatsapp:5582999887766"
SEEDED = 600  # more than two pages of 250
# Weni's answer to rapidpro-python >= 2.12 creating or updating a field (rapidpro.md §3).
WENI_FIELD_ERRORS = {
    "label": ["This field is required."],
    "value_type": ["This field is required."],
}


# -- helpers ------------------------------------------------------------------------------


def control(server: LiveServer, path: str, body: dict[str, Any] | None = None) -> Any:
    """POST to the control API and return the JSON answer (failing loudly on an error)."""
    response = requests.post(f"{server.url}/_sandbox/{path}", json=body, timeout=30)
    assert response.status_code in (200, 201), response.text
    return response.json()


#: The two contact fields the contact and field tests load (Nickname text, Age numeric).
NICKNAME_AND_AGE = STANDARD_FIELDS[:2]


def load(server: LiveServer, workspace: str, rapidpro: dict[str, Any]) -> Any:
    """Replace a workspace's RapidPro data with a fixture section (fast seeding)."""
    return control(server, "fixtures", {"workspaces": {workspace: {"rapidpro": rapidpro}}})


def advance(server: LiveServer, seconds: int) -> datetime:
    """Move the frozen sandbox clock forward and return the new instant."""
    state = control(server, "clock", {"advance": seconds})
    return datetime.fromisoformat(state["now"])


def contact_dict(contact: Contact) -> dict[str, Any]:
    """Every attribute the client deserialized, with references flattened for comparison."""
    return {
        "uuid": contact.uuid,
        "name": contact.name,
        "status": contact.status,
        "language": contact.language,
        "urns": contact.urns,
        "groups": [(group.uuid, group.name) for group in contact.groups],
        "flow": contact.flow,
        "fields": contact.fields,
        "created_on": contact.created_on,
        "modified_on": contact.modified_on,
        "last_seen_on": contact.last_seen_on,
    }


def group_dict(group: Group) -> dict[str, Any]:
    names = ("uuid", "name", "query", "status", "system", "count")
    return {name: getattr(group, name) for name in names}


def field_dict(field: Field) -> dict[str, Any]:
    return {"key": field.key, "name": field.name, "type": field.type}


def deleted_shape(contact: Contact, modified_on: datetime) -> dict[str, Any]:
    """How a deleted contact reads under ?deleted=true (rapidpro.md §2.1)."""
    return {
        "uuid": contact.uuid,
        "name": None,
        "status": None,
        "language": None,
        "urns": [],
        "groups": [],
        "flow": None,
        "fields": {},
        "created_on": contact.created_on,
        "modified_on": modified_on,
        "last_seen_on": None,
    }


def bad_request(call: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a client call that must fail with 400 and return the errors the client kept."""
    with pytest.raises(TembaBadRequestError) as caught:
        call(*args, **kwargs)
    return caught.value.errors


# -- fixtures -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fresh(live_server: LiveServer) -> Iterator[None]:
    """A full reset, then the clock frozen at FROZEN_AT; a full reset again afterwards, so
    the session's server goes back to real time for whatever uses it next.

    Two calls, freeze then set: `{"now": X, "frozen": true}` in one call freezes a few
    microseconds after X (it sets a running clock, then freezes it), which would make
    every timestamp below inexact.
    """
    assert control(live_server, "reset") == {"reset": "all"}
    control(live_server, "clock", {"frozen": True})
    state = control(live_server, "clock", {"now": FROZEN_AT.isoformat()})
    assert state["now"] == "2026-03-01T12:00:00+00:00"
    yield
    control(live_server, "reset")


@pytest.fixture
def weni(live_server: LiveServer) -> TembaClient:
    """The default workspace (weni profile) through the client, with the demo token."""
    return TembaClient(f"{live_server.url}/rapidpro", DEMO_CREDENTIALS["token"])


@pytest.fixture
def upstream_workspace(live_server: LiveServer) -> dict[str, Any]:
    """A new workspace with the upstream profile, as POST /_sandbox/workspaces returns it."""
    return control(live_server, "workspaces", {"rapidpro": {"profile": "upstream"}})


@pytest.fixture
def upstream(live_server: LiveServer, upstream_workspace: dict[str, Any]) -> TembaClient:
    token = upstream_workspace["credentials"]["rapidpro"]["token"]
    return TembaClient(f"{live_server.url}/rapidpro", token)


# -- contacts: create, update, upsert, get ------------------------------------------------


def test_create_contact_weni(weni: TembaClient, live_server: LiveServer) -> None:
    load(live_server, "default", {"fields": NICKNAME_AND_AGE, "groups": [{"name": "Reporters"}]})
    reporters = weni.get_groups(name="Reporters").first()

    contact = weni.create_contact(
        name="Ana",
        language="por",
        # A bare number gets Weni's default scheme, whatsapp: (rapidpro.md §2.3).
        urns=["+5582999887766", "tel:+5582988776655"],
        fields={"nickname": "Aninha"},
        groups=["reporters"],  # a name, matched case-insensitively
    )

    assert contact_dict(contact) == {
        "uuid": contact.uuid,
        "name": "Ana",
        "status": None,  # the Weni (temba 7.1) shape has no status
        "language": "por",
        "urns": [ANA_URN, "tel:+5582988776655"],
        "groups": [(reporters.uuid, "Reporters")],
        "flow": None,
        "fields": {"nickname": "Aninha", "age": None},  # every field of the org is a key
        "created_on": FROZEN_AT,
        "modified_on": FROZEN_AT,
        "last_seen_on": None,
    }
    assert len(contact.uuid) == 36
    assert weni.get_groups(uuid=reporters.uuid).first().count == 1


def test_create_contact_upstream(upstream: TembaClient) -> None:
    upstream.create_field("Age", "number")
    group = upstream.create_group("Reporters")

    contact = upstream.create_contact(
        name="Bob",
        language="eng",
        urns=["tel:+250788123123", "twitter:JEAN"],
        fields={"age": "12.50"},
        groups=[group],
    )

    assert contact_dict(contact) == {
        "uuid": contact.uuid,
        "name": "Bob",
        "status": "active",
        "language": "eng",
        "urns": ["tel:+250788123123", "twitter:jean"],  # twitter handles are lower-cased
        "groups": [(group.uuid, "Reporters")],
        "flow": None,
        "fields": {"age": "12.5"},  # numbers lose their trailing zeros
        "created_on": FROZEN_AT,
        "modified_on": FROZEN_AT,
        "last_seen_on": None,
    }


def test_update_contact_by_uuid(weni: TembaClient, live_server: LiveServer) -> None:
    load(live_server, "default", {"fields": [{"label": "Nickname", "value_type": "text"}]})
    created = weni.create_contact(
        name="Ana", language="por", urns=[ANA_URN], fields={"nickname": "Aninha"}
    )
    later = advance(live_server, 60)

    updated = weni.update_contact(created, name="Ana Maria", fields={"nickname": "Nina"})

    # Only the keys sent change; the language and URNs stay.
    assert contact_dict(updated) == {
        **contact_dict(created),
        "name": "Ana Maria",
        "fields": {"nickname": "Nina"},
        "modified_on": later,
    }
    assert contact_dict(weni.get_contacts(uuid=created.uuid).first()) == contact_dict(updated)


def test_update_contact_by_urn(weni: TembaClient, live_server: LiveServer) -> None:
    group = weni.create_group("Reporters")
    created = weni.create_contact(name="Ana", urns=[ANA_URN], groups=[group])
    later = advance(live_server, 30)

    # A string with a colon makes the client send ?urn= instead of ?uuid=.
    updated = weni.update_contact(ANA_URN, name="Ana B", language="spa", groups=[])

    assert contact_dict(updated) == {
        **contact_dict(created),
        "name": "Ana B",
        "language": "spa",
        "groups": [],  # an empty list leaves every group
        "modified_on": later,
    }
    assert weni.get_groups(uuid=group.uuid).first().count == 0
    assert [c.uuid for c in weni.get_contacts().all()] == [created.uuid]


def test_update_by_urn_of_nobody_creates_the_contact(
    weni: TembaClient, live_server: LiveServer
) -> None:
    existing = weni.create_contact(name="Ana", urns=[ANA_URN])
    later = advance(live_server, 5)

    created = weni.update_contact("whatsapp:5582911112222", name="New", language="eng")

    assert created.uuid != existing.uuid
    assert contact_dict(created) == {
        "uuid": created.uuid,
        "name": "New",
        "status": None,
        "language": "eng",
        "urns": ["whatsapp:5582911112222"],  # the URN in the URL becomes its URN
        "groups": [],
        "flow": None,
        "fields": {},
        "created_on": later,
        "modified_on": later,
        "last_seen_on": None,
    }
    assert [c.uuid for c in weni.get_contacts().all()] == [created.uuid, existing.uuid]


def test_upstream_update_by_urn_of_nobody_creates_the_contact(upstream: TembaClient) -> None:
    created = upstream.update_contact("tel:+250788000001", name="Upserted")

    assert (created.name, created.status, created.urns) == (
        "Upserted",
        "active",
        ["tel:+250788000001"],
    )
    found = upstream.get_contacts(urn="tel:+250788000001").all()
    assert [contact_dict(c) for c in found] == [contact_dict(created)]


def test_get_contacts_by_uuid_and_by_urn(weni: TembaClient) -> None:
    ana = weni.create_contact(name="Ana", urns=[ANA_URN])
    bob = weni.create_contact(name="Bob", urns=["telegram:12345"])

    by_uuid = weni.get_contacts(uuid=ana.uuid).all()
    by_urn = weni.get_contacts(urn=ANA_URN).all()
    by_bare_number = weni.get_contacts(urn="+5582999887766").all()  # whatsapp: by default
    by_other_urn = weni.get_contacts(urn="telegram:12345").all()

    assert [contact_dict(c) for c in by_uuid] == [contact_dict(ana)]
    assert [contact_dict(c) for c in by_urn] == [contact_dict(ana)]
    assert [contact_dict(c) for c in by_bare_number] == [contact_dict(ana)]
    assert [contact_dict(c) for c in by_other_urn] == [contact_dict(bob)]
    # A filter that matches nothing is an empty list, not an error.
    assert weni.get_contacts(uuid=MISSING_UUID).all() == []
    assert weni.get_contacts(uuid=MISSING_UUID).first() is None
    assert weni.get_contacts(urn="whatsapp:5582900000000").all() == []


# -- contacts: pagination -----------------------------------------------------------------


def seed_contacts(server: LiveServer, count: int) -> None:
    """Load `count` contacts C000, C001, ... with unique WhatsApp URNs in one request."""
    contacts = [{"name": f"C{i:03d}", "urns": [f"whatsapp:55829{i:08d}"]} for i in range(count)]
    loaded = load(server, "default", {"contacts": contacts})
    assert loaded == {
        "loaded": {"default": {"rapidpro": {"fields": 0, "groups": 0, "contacts": count}}}
    }


def test_all_pages_reach_every_contact_once(weni: TembaClient, live_server: LiveServer) -> None:
    seed_contacts(live_server, SEEDED)
    # Same frozen instant as the seeded ones: ties on modified_on, broken by id.
    created = [weni.create_contact(name=f"New{i}") for i in range(3)]

    everyone = weni.get_contacts().all()

    seeded_names = [f"C{i:03d}" for i in range(SEEDED)]
    # Newest first: ordering is (-modified_on, -id).
    assert [c.name for c in everyone] == ["New2", "New1", "New0", *reversed(seeded_names)]
    assert len({c.uuid for c in everyone}) == SEEDED + 3
    assert [c.uuid for c in everyone[:3]] == [c.uuid for c in reversed(created)]
    assert everyone[3].urns == [f"whatsapp:55829{SEEDED - 1:08d}"]
    assert everyone[-1].urns == ["whatsapp:5582900000000"]


def test_iterfetches_pages_of_250(weni: TembaClient, live_server: LiveServer) -> None:
    seed_contacts(live_server, SEEDED)
    later = advance(live_server, 1)
    for i in range(3):
        weni.create_contact(name=f"New{i}")

    pages = list(weni.get_contacts().iterfetches())

    assert [len(page) for page in pages] == [250, 250, 103]
    uuids = [c.uuid for page in pages for c in page]
    assert len(uuids) == len(set(uuids)) == SEEDED + 3
    assert uuids == [c.uuid for c in weni.get_contacts().all()]
    assert [c.name for c in pages[0][:4]] == ["New2", "New1", "New0", f"C{SEEDED - 1:03d}"]
    assert {c.modified_on for c in pages[0][:3]} == {later}
    assert {c.modified_on for c in pages[2]} == {FROZEN_AT}


def test_reverse_pages_oldest_first(weni: TembaClient, live_server: LiveServer) -> None:
    seed_contacts(live_server, SEEDED)
    weni.create_contact(name="New0")

    query = weni.get_contacts(reverse=True)
    pages = list(query.iterfetches())

    assert [len(page) for page in pages] == [250, 250, 101]
    names = [c.name for page in pages for c in page]
    assert names == [*(f"C{i:03d}" for i in range(SEEDED)), "New0"]
    assert names == [c.name for c in query.all()]


def test_resume_iteration_from_a_cursor(weni: TembaClient, live_server: LiveServer) -> None:
    seed_contacts(live_server, SEEDED)
    iterator = weni.get_contacts().iterfetches()
    first = next(iterator)
    cursor = iterator.get_cursor()

    rest = [c for page in weni.get_contacts().iterfetches(resume_cursor=cursor) for c in page]

    assert cursor is not None
    names = [c.name for c in [*first, *rest]]
    assert names == [f"C{i:03d}" for i in reversed(range(SEEDED))]


def test_filter_contacts_by_group_and_modified_on(
    weni: TembaClient, live_server: LiveServer
) -> None:
    team = weni.create_group("Team")
    ana = weni.create_contact(name="Ana", groups=[team])
    middle = advance(live_server, 60)
    bob = weni.create_contact(name="Bob")
    advance(live_server, 60)
    cid = weni.create_contact(name="Cid", groups=[team])

    def names(**filters: Any) -> list[str]:
        return [c.name for c in weni.get_contacts(**filters).all()]

    assert names(group=team) == ["Cid", "Ana"]  # a Group object is sent as its uuid
    assert names(group="Team") == ["Cid", "Ana"]  # or its exact name
    assert names(group="Nobody") == []  # an unknown group is no error
    # The client sends datetimes as %Y-%m-%dT%H:%M:%S.%fZ; bounds are inclusive.
    assert names(after=middle) == ["Cid", "Bob"]
    assert names(before=middle) == ["Bob", "Ana"]
    assert names(after=middle, before=middle) == ["Bob"]
    assert (ana.modified_on, bob.modified_on, cid.modified_on) == (
        FROZEN_AT,
        middle,
        middle + (middle - FROZEN_AT),
    )


# -- contacts: delete ---------------------------------------------------------------------


def test_delete_contact_then_listed_as_deleted(weni: TembaClient, live_server: LiveServer) -> None:
    load(
        live_server,
        "default",
        {"fields": [{"label": "Nickname", "value_type": "text"}], "groups": [{"name": "Team"}]},
    )
    ana = weni.create_contact(
        name="Ana", urns=[ANA_URN], groups=["Team"], fields={"nickname": "Aninha"}
    )
    bob = weni.create_contact(name="Bob", urns=["telegram:12345"])
    cid = weni.create_contact(name="Cid")
    deleted_at = advance(live_server, 120)

    weni.delete_contact(ana)  # by uuid
    weni.delete_contact("telegram:12345")  # by URN

    assert [c.uuid for c in weni.get_contacts().all()] == [cid.uuid]
    deleted = weni.get_contacts(deleted=True).all()
    assert sorted((contact_dict(c) for c in deleted), key=lambda c: c["uuid"]) == sorted(
        (deleted_shape(ana, deleted_at), deleted_shape(bob, deleted_at)),
        key=lambda c: c["uuid"],
    )
    assert [contact_dict(c) for c in weni.get_contacts(uuid=ana.uuid, deleted=True).all()] == [
        deleted_shape(ana, deleted_at)
    ]
    assert weni.get_contacts(uuid=ana.uuid).all() == []
    assert weni.get_groups(name="Team").first().count == 0
    # The URN is free again.
    again = weni.create_contact(name="Ana again", urns=[ANA_URN])
    assert again.urns == [ANA_URN]


def test_deleted_contact_cannot_be_found_by_urn_or_modified(weni: TembaClient) -> None:
    ana = weni.create_contact(name="Ana", urns=[ANA_URN])
    weni.delete_contact(ana)

    # A deleted contact has no URNs left (rapidpro.md §2.1), so its URN names nobody.
    with pytest.raises(TembaNoSuchObjectError):
        weni.delete_contact(ANA_URN)
    assert bad_request(weni.update_contact, ana, name="Zombie") == {
        "non_field_errors": ["Inactive contacts can't be modified."]
    }


def test_upstream_delete_contact(upstream: TembaClient, live_server: LiveServer) -> None:
    bob = upstream.create_contact(name="Bob", urns=["tel:+250788123123"])
    deleted_at = advance(live_server, 10)

    upstream.delete_contact(bob)

    assert upstream.get_contacts().all() == []
    assert [contact_dict(c) for c in upstream.get_contacts(deleted=True).all()] == [
        deleted_shape(bob, deleted_at)
    ]
    assert bad_request(upstream.update_contact, bob, name="Zombie") == {
        "non_field_errors": ["Deleted contacts can't be modified."]
    }


# -- fields -------------------------------------------------------------------------------


def test_create_field_upstream(upstream: TembaClient) -> None:
    created = upstream.create_field("Nick Name", "text")
    upstream.create_field("Age", "number")

    assert field_dict(created) == {"key": "nick_name", "name": "Nick Name", "type": "text"}
    # Newest first: ordering is (-created_on, -id).
    assert [field_dict(f) for f in upstream.get_fields().all()] == [
        {"key": "age", "name": "Age", "type": "number"},
        {"key": "nick_name", "name": "Nick Name", "type": "text"},
    ]
    assert [field_dict(f) for f in upstream.get_fields(key="age").all()] == [
        {"key": "age", "name": "Age", "type": "number"}
    ]


def test_update_field_upstream_keeps_the_key(upstream: TembaClient) -> None:
    field = upstream.create_field("Nick Name", "text")

    updated = upstream.update_field(field, "Nickname", "number")
    by_key = upstream.update_field("nick_name", "Handle", "text")

    assert field_dict(updated) == {"key": "nick_name", "name": "Nickname", "type": "number"}
    assert field_dict(by_key) == {"key": "nick_name", "name": "Handle", "type": "text"}
    assert [field_dict(f) for f in upstream.get_fields().all()] == [field_dict(by_key)]


def test_field_values_on_contacts_upstream(upstream: TembaClient) -> None:
    upstream.create_field("Nickname", "text")
    upstream.create_field("Age", "number")
    contact = upstream.create_contact(name="Bob", fields={"nickname": "Bobby"})

    cleared = upstream.update_contact(contact, fields={"nickname": "", "age": "40"})

    assert contact.fields == {"nickname": "Bobby", "age": None}
    assert cleared.fields == {"nickname": None, "age": "40"}  # "" clears a value


@pytest.mark.parametrize(
    ("name", "value_type", "errors"),
    [
        ("Height", "video", {"type": ['"video" is not a valid choice.']}),
        ("has", "text", {"name": ['Generated key "has" is invalid or a reserved name.']}),
        ("Bad!", "text", {"name": ["Can only contain letters, numbers and hypens."]}),
        ("AGE", "text", {"name": ["This field must be unique."]}),
    ],
)
def test_create_field_validation_upstream(
    upstream: TembaClient, name: str, value_type: str, errors: dict[str, Any]
) -> None:
    upstream.create_field("Age", "number")

    assert bad_request(upstream.create_field, name, value_type) == errors
    assert [f.key for f in upstream.get_fields().all()] == ["age"]


def test_create_field_weni_rejects_name_and_type(weni: TembaClient) -> None:
    # rapidpro-python >= 2.12 sends {"name", "type"}; Weni requires {"label", "value_type"}.
    errors = bad_request(weni.create_field, "Nickname", "text")

    assert errors == WENI_FIELD_ERRORS
    assert weni.get_fields().all() == []


def test_get_and_update_fields_weni(weni: TembaClient, live_server: LiveServer) -> None:
    load(live_server, "default", {"fields": NICKNAME_AND_AGE})

    fields = weni.get_fields().all()
    one = weni.get_fields(key="age").all()
    errors = bad_request(weni.update_field, "nickname", "Nick", "text")

    # Weni sends label/value_type, which the client's Field does not read (rapidpro.md §6).
    assert [field_dict(f) for f in fields] == [
        {"key": "age", "name": None, "type": None},
        {"key": "nickname", "name": None, "type": None},
    ]
    assert [field_dict(f) for f in one] == [{"key": "age", "name": None, "type": None}]
    assert errors == WENI_FIELD_ERRORS


def test_field_values_on_contacts_weni(weni: TembaClient, live_server: LiveServer) -> None:
    load(live_server, "default", {"fields": NICKNAME_AND_AGE})

    contact = weni.create_contact(name="Ana", fields={"age": "031.50"})
    updated = weni.update_contact(contact, fields={"nickname": "Aninha", "age": ""})

    assert contact.fields == {"nickname": None, "age": "31.5"}
    assert updated.fields == {"nickname": "Aninha", "age": None}


# -- groups -------------------------------------------------------------------------------


def test_groups_weni(weni: TembaClient, live_server: LiveServer) -> None:
    created = weni.create_group("Reporters")
    advance(live_server, 1)  # so Donors is strictly newer
    weni.create_group("Donors")
    weni.create_contact(name="Ana", groups=[created])

    renamed = weni.update_group(created, "Journalists")

    # Weni's group has no `system` key, so the client reads None.
    assert group_dict(created) == {
        "uuid": created.uuid,
        "name": "Reporters",
        "query": None,
        "status": "ready",
        "system": None,
        "count": 0,
    }
    assert group_dict(renamed) == {**group_dict(created), "name": "Journalists", "count": 1}
    assert [group_dict(g) for g in weni.get_groups(name="journalists").all()] == [
        group_dict(renamed)
    ]
    assert weni.get_groups(name="Reporters").all() == []
    # Newest first: ordering is (-created_on, -id).
    assert [g.name for g in weni.get_groups().all()] == ["Donors", "Journalists"]


def test_delete_group_weni(weni: TembaClient) -> None:
    group = weni.create_group("Reporters")
    contact = weni.create_contact(name="Ana", groups=[group])

    weni.delete_group(group)

    assert weni.get_groups().all() == []
    assert weni.get_groups(name="Reporters").all() == []
    assert weni.get_contacts(uuid=contact.uuid).first().groups == []
    with pytest.raises(TembaNoSuchObjectError):
        weni.delete_group(group)
    with pytest.raises(TembaNoSuchObjectError):
        weni.update_group(group, "Back")


def test_groups_upstream(upstream: TembaClient) -> None:
    created = upstream.create_group("Reporters")

    renamed = upstream.update_group(created.uuid, "Journalists")
    found = upstream.get_groups(name="JOURNALISTS").all()
    upstream.delete_group(renamed)

    assert group_dict(created) == {
        "uuid": created.uuid,
        "name": "Reporters",
        "query": None,
        "status": "ready",
        "system": False,
        "count": 0,
    }
    assert [group_dict(g) for g in found] == [{**group_dict(created), "name": "Journalists"}]
    # What a new upstream org has: its "Open Tickets" system group.
    assert [(g.name, g.query) for g in upstream.get_groups().all()] == [
        ("Open Tickets", "tickets > 0")
    ]


TOO_LONG = "Ensure this field has no more than 64 characters."


@pytest.mark.parametrize(
    ("client_name", "too_long"),
    [
        ("weni", [TOO_LONG]),
        # Upstream's NameValidator(64) runs before DRF's max_length (rapidpro.md §4).
        ("upstream", ["Cannot be longer than 64 characters.", TOO_LONG]),
    ],
)
def test_group_name_validation(
    client_name: str, too_long: list[str], request: pytest.FixtureRequest
) -> None:
    client: TembaClient = request.getfixturevalue(client_name)
    client.create_group("Reporters")

    assert bad_request(client.create_group, "reporters") == {"name": ["This field must be unique."]}
    assert bad_request(client.create_group, "x" * 65) == {"name": too_long}
    names = [g.name for g in client.get_groups().all()]
    assert names == (["Reporters"] if client_name == "weni" else ["Reporters", "Open Tickets"])


# -- error mapping ------------------------------------------------------------------------


def test_bad_token_is_a_token_error(live_server: LiveServer) -> None:
    client = TembaClient(f"{live_server.url}/rapidpro", "0" * 40)

    with pytest.raises(TembaTokenError):
        client.get_contacts().all()
    with pytest.raises(TembaTokenError):
        client.create_contact(name="Ana")
    with pytest.raises(TembaTokenError):
        client.get_groups().first()
    with pytest.raises(TembaTokenError):
        client.get_fields().all()


def test_token_of_a_removed_workspace_is_a_token_error(
    live_server: LiveServer, upstream: TembaClient, upstream_workspace: dict[str, Any]
) -> None:
    upstream.create_contact(name="Bob")
    name = upstream_workspace["name"]

    response = requests.delete(f"{live_server.url}/_sandbox/workspaces/{name}", timeout=30)

    assert response.status_code == 204
    with pytest.raises(TembaTokenError):
        upstream.get_contacts().all()


@pytest.mark.parametrize("client_name", ["weni", "upstream"])
def test_unknown_uuid_is_no_such_object(client_name: str, request: pytest.FixtureRequest) -> None:
    client: TembaClient = request.getfixturevalue(client_name)

    with pytest.raises(TembaNoSuchObjectError):
        client.update_contact(MISSING_UUID, name="Nobody")
    with pytest.raises(TembaNoSuchObjectError):
        client.delete_contact(MISSING_UUID)
    with pytest.raises(TembaNoSuchObjectError):
        client.delete_contact("whatsapp:5582900000000")
    with pytest.raises(TembaNoSuchObjectError):
        client.update_group(MISSING_UUID, "Nobody")
    with pytest.raises(TembaNoSuchObjectError):
        client.delete_group(MISSING_UUID)


def test_unknown_field_key_is_no_such_object_upstream(upstream: TembaClient) -> None:
    with pytest.raises(TembaNoSuchObjectError):
        upstream.update_field("nope", "Nope", "text")


def test_other_workspaces_objects_are_not_found(weni: TembaClient, upstream: TembaClient) -> None:
    ana = weni.create_contact(name="Ana", urns=[ANA_URN])
    group = weni.create_group("Reporters")

    assert upstream.get_contacts(uuid=ana.uuid).all() == []
    assert upstream.get_contacts().all() == []
    with pytest.raises(TembaNoSuchObjectError):
        upstream.update_contact(ana, name="Stolen")
    with pytest.raises(TembaNoSuchObjectError):
        upstream.delete_group(group)
    assert weni.get_contacts(uuid=ana.uuid).first().name == "Ana"


COUNTRY_CODES = "Ensure phone numbers contain country codes."
WENI_CONTACT_ERRORS = [
    ({"name": "x" * 101}, {"name": ["Contact name cannot exceed 100 characters."]}),
    ({"name": "   "}, {"name": ["Contact name cannot be empty."]}),
    ({"language": "xyz"}, {"language": ["Not a valid ISO639-3 language code."]}),
    ({"language": "pt"}, {"language": ["Ensure this field has at least 3 characters."]}),
    ({"groups": ["Nope"]}, {"groups": ["No such object: Nope"]}),
    ({"fields": {"zzz": "1"}}, {"fields": ["Invalid contact field key: zzz"]}),
    (
        {"urns": ["1234556789"]},
        {"urns": {"0": [f"Invalid URN: 1234556789. {COUNTRY_CODES}"]}},
    ),
    ({"urns": [ANA_URN]}, {"urns": [f"URN belongs to another contact: {ANA_URN}"]}),
]


@pytest.mark.parametrize(("body", "errors"), WENI_CONTACT_ERRORS)
def test_contact_validation_weni(
    weni: TembaClient, body: dict[str, Any], errors: dict[str, Any]
) -> None:
    weni.create_contact(name="Ana", urns=[ANA_URN])

    assert bad_request(weni.create_contact, **body) == errors
    assert [c.name for c in weni.get_contacts().all()] == ["Ana"]


UPSTREAM_CONTACT_ERRORS = [
    ({"name": "x" * 65}, {"name": ["Ensure this field has no more than 64 characters."]}),
    ({"language": "fre"}, {"language": ["Not a valid ISO639-3 language code."]}),
    ({"groups": ["Nope"]}, {"groups": ["No such object: Nope"]}),
    ({"fields": {"zzz": "1"}}, {"fields": ["Invalid contact field key: zzz"]}),
    (
        {"urns": ["+250788123124"]},  # no scheme: invalid upstream
        {"urns": {"0": [f"Invalid URN: +250788123124. {COUNTRY_CODES}"]}},
    ),
    ({"urns": ["tel:+250788123123"]}, {"urns": {"0": ["URN is in use by another contact."]}}),
]


@pytest.mark.parametrize(("body", "errors"), UPSTREAM_CONTACT_ERRORS)
def test_contact_validation_upstream(
    upstream: TembaClient, body: dict[str, Any], errors: dict[str, Any]
) -> None:
    upstream.create_contact(name="Bob", urns=["tel:+250788123123"])

    assert bad_request(upstream.create_contact, **body) == errors
    assert [c.name for c in upstream.get_contacts().all()] == ["Bob"]


@pytest.mark.parametrize("client_name", ["weni", "upstream"])
def test_urns_with_urn_lookup_is_a_bad_request(
    client_name: str, request: pytest.FixtureRequest
) -> None:
    client: TembaClient = request.getfixturevalue(client_name)

    errors = bad_request(client.update_contact, "telegram:12345", urns=["telegram:67890"])

    assert errors == {"urns": ["Field not allowed when using URN in URL"]}
    assert client.get_contacts().all() == []


def test_bad_request_message_reads_the_errors(weni: TembaClient) -> None:
    with pytest.raises(TembaBadRequestError) as caught:
        weni.create_contact(language="xyz")

    assert str(caught.value) == "Not a valid ISO639-3 language code."
