"""Model tests of RapidPro contacts, without HTTP: `Contacts` on the org's backend directly.

Behaviour from rapidpro.md §2 and docs/rapidpro-fidelity.md §1, §4, §8, §11; storage
details (stored timestamps with six fraction digits) from models/common.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from sandbox.core.sandbox import Sandbox
from sandbox.core.storage import Record
from sandbox.platforms.rapidpro.errors import InvalidQuery, ObjectNotFound, ValidationFailed
from sandbox.platforms.rapidpro.models.common import STORED_FORMAT, api_time, stored_time
from sandbox.platforms.rapidpro.models.contacts import Lookup
from tests.platforms.rapidpro.helpers import (
    SHOWN_NOW,
    STANDARD_FIELDS,
    STORED_NOW,
    UNKNOWN_UUID,
    OrgModels,
    contact_shape,
    deleted_contact_shape,
    load_rapidpro,
    rapidpro_model,
)

CUSTOMERS = "7d0c1a7e-1111-4c3b-8a9e-000000000001"
VIPS = "7d0c1a7e-1111-4c3b-8a9e-000000000002"
ADULTS = "7d0c1a7e-1111-4c3b-8a9e-000000000003"
ANN = "3e1f7a52-2222-4c3b-8a9e-000000000001"
BOB = "3e1f7a52-2222-4c3b-8a9e-000000000002"
CAT = "3e1f7a52-2222-4c3b-8a9e-000000000003"

GROUPS = [
    {"uuid": CUSTOMERS, "name": "Customers"},
    {"uuid": VIPS, "name": "VIPs"},
    {"uuid": ADULTS, "name": "Adults", "query": "age > 18"},
]
CONTACTS = [
    {
        "uuid": ANN,
        "name": "Ann",
        "language": "fra",
        "urns": ["tel:+250788000001", "whatsapp:250788999999"],
        "groups": ["VIPs", "Customers", "Adults"],
        "fields": {"nickname": "Annie", "age": "12.30", "joined": "2017-11-11T11:12:13Z"},
        "created_on": "2025-12-01T00:00:00Z",
        "modified_on": "2026-01-01T00:00:00Z",
    },
    {
        "uuid": BOB,
        "name": "Bob Marley",
        "urns": ["twitter:bob"],
        "status": "blocked",
        "created_on": "2025-12-03T00:00:00Z",
        "modified_on": "2026-01-02T00:00:00Z",
    },
    {
        "uuid": CAT,
        "name": "Cat",
        "urns": ["mailto:cat@example.com"],
        "groups": ["Customers"],
        "created_on": "2025-12-02T00:00:00Z",
        "modified_on": "2026-01-03T00:00:00Z",
    },
]


def build(sandbox: Sandbox, profile: str, **section: Any) -> OrgModels:
    """Load a fixture section into a workspace named after the profile; its org."""
    load_rapidpro(sandbox, {"profile": profile, **section}, profile)
    return rapidpro_model(sandbox, profile)


def standard(sandbox: Sandbox, profile: str, **section: Any) -> OrgModels:
    return build(
        sandbox,
        profile,
        **{
            "country": "RW",
            "timezone": "Africa/Kigali",
            "fields": STANDARD_FIELDS,
            "groups": GROUPS,
            "contacts": CONTACTS,
            **section,
        },
    )


@pytest.fixture(params=["weni", "upstream"])
def profile(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def api(sandbox: Sandbox, frozen: datetime, profile: str) -> OrgModels:
    return standard(sandbox, profile)


def listed(api: OrgModels, **args: Any) -> list[str]:
    records, _ = api.contacts.query(args)
    return [record["uuid"] for record in records]


def query_error(api: OrgModels, **args: Any) -> str:
    with pytest.raises(InvalidQuery) as caught:
        api.contacts.query(args)
    assert caught.value.code == 400
    return caught.value.body


def group(api: OrgModels, reference: str) -> Record:
    found = api.groups.resolve(reference)
    assert found is not None
    return found


def save(
    sandbox: Sandbox, api: OrgModels, data: Mapping[str, Any], lookup: Lookup
) -> tuple[Record, bool]:
    with sandbox.store.transaction():
        return api.contacts.save(data, lookup)


def stored(api: OrgModels, uuid: str) -> Record:
    record = api.contacts.get(uuid)
    assert record is not None
    return record


# == query ===================================================================================


def test_query_orders_by_modified_on_newest_first(api: OrgModels) -> None:
    records, position = api.contacts.query({})
    assert [r["uuid"] for r in records] == [CAT, BOB, ANN]
    positions = [position(r) for r in records]
    assert positions == sorted(positions, reverse=True)
    assert len(set(positions)) == 3


def test_query_reverse(api: OrgModels) -> None:
    assert listed(api, reverse="true") == [ANN, BOB, CAT]
    assert listed(api, reverse="1") == [ANN, BOB, CAT]
    assert listed(api, reverse="no") == [CAT, BOB, ANN]


def test_query_ties_are_broken_by_id(sandbox: Sandbox, frozen: datetime, profile: str) -> None:
    same = [{"uuid": u, "modified_on": "2026-01-01T00:00:00Z"} for u in (ANN, BOB, CAT)]
    api = build(sandbox, profile, contacts=same)
    assert listed(api) == [CAT, BOB, ANN]
    assert listed(api, reverse="true") == [ANN, BOB, CAT]


def test_query_uuid(api: OrgModels) -> None:
    assert listed(api, uuid=BOB) == [BOB]
    assert listed(api, uuid=UNKNOWN_UUID) == []


def test_query_malformed_uuid(api: OrgModels, profile: str) -> None:
    if profile == "weni":
        assert listed(api, uuid="nope") == []
    else:
        assert query_error(api, uuid="nope") == "Param 'uuid': nope is not a valid UUID."


@pytest.mark.parametrize(
    ("urn", "found"),
    [
        ("tel:0788 000 001", [ANN]),
        ("tel:+250788000001", [ANN]),
        ("twitter:BOB", [BOB]),
        ("mailto:Cat@Example.com", [CAT]),
        ("tel:abc", []),
    ],
)
def test_query_urn(api: OrgModels, urn: str, found: list[str]) -> None:
    assert listed(api, urn=urn) == found


@pytest.mark.parametrize("urn", ["12345", "foo:bar"])
def test_query_invalid_urn(api: OrgModels, urn: str) -> None:
    assert query_error(api, urn=urn) == f"Invalid URN: {urn}"


@pytest.mark.parametrize(
    ("reference", "found"),
    [(CUSTOMERS, [CAT, ANN]), ("Customers", [CAT, ANN]), ("customers", []), ("x", [])],
)
def test_query_group(api: OrgModels, reference: str, found: list[str]) -> None:
    assert listed(api, group=reference) == found


@pytest.mark.parametrize(
    ("args", "found"),
    [
        ({"after": "2026-01-02T00:00:00Z"}, [CAT, BOB]),
        ({"before": "2026-01-02T00:00:00Z"}, [BOB, ANN]),
        ({"after": "2026-01-02T00:00:00.000001Z"}, [CAT]),
        ({"before": "bad"}, []),
        ({"after": "bad", "reverse": "true"}, []),
    ],
)
def test_query_modified_bounds(api: OrgModels, args: dict[str, str], found: list[str]) -> None:
    assert listed(api, **args) == found


def test_query_deleted(sandbox: Sandbox, api: OrgModels) -> None:
    with sandbox.store.transaction():
        api.contacts.delete(stored(api, BOB))
    assert listed(api) == [CAT, ANN]
    assert listed(api, deleted="true") == [BOB]


def test_weni_query_extras(sandbox: Sandbox, frozen: datetime) -> None:
    api = standard(sandbox, "weni")
    assert listed(api, search="Bob Marley") == [BOB]
    assert listed(api, search="+250788999999") == [ANN]
    assert listed(api, search="tel:0788000001") == [ANN]
    assert listed(api, search="Bob") == []
    assert listed(api, name="MARLEY") == [BOB]
    assert listed(api, order_by="created_on") == [ANN, CAT, BOB]
    assert listed(api, order_by="-created_on") == [BOB, CAT, ANN]
    assert listed(api, order_by="modified_on") == [ANN, BOB, CAT]
    assert listed(api, order_by="-created_on", reverse="true") == [BOB, CAT, ANN]
    assert listed(api, order_by="name") == [CAT, BOB, ANN]


def test_upstream_query_ignores_weni_extras(sandbox: Sandbox, frozen: datetime) -> None:
    api = standard(sandbox, "upstream")
    for args in ({"search": "Bob Marley"}, {"name": "MARLEY"}, {"order_by": "created_on"}):
        assert listed(api, **args) == [CAT, BOB, ANN]


# == lookup ==================================================================================


def test_lookup_without_parameters(api: OrgModels, profile: str) -> None:
    assert api.contacts.lookup({}) == Lookup({}, None)
    names = "name, urn, uuid" if profile == "weni" else "urn, uuid"
    with pytest.raises(InvalidQuery) as caught:
        api.contacts.lookup({}, for_delete=True)
    assert caught.value.body == f"URL must contain one of the following parameters: {names}"


def test_lookup_with_two_parameters(api: OrgModels, profile: str) -> None:
    names = "name, urn, uuid" if profile == "weni" else "urn, uuid"
    with pytest.raises(InvalidQuery) as caught:
        api.contacts.lookup({"uuid": ANN, "urn": "twitter:bob"})
    assert caught.value.body == f"URL can only contain one of the following parameters: {names}"


def test_lookup_by_uuid(api: OrgModels) -> None:
    lookup = api.contacts.lookup({"uuid": ANN})
    assert lookup.params == {"uuid": ANN}
    assert lookup.url_urn is None
    assert lookup.contact == stored(api, ANN)


def test_lookup_by_urn_is_normalized(api: OrgModels) -> None:
    lookup = api.contacts.lookup({"urn": "tel:078-8000001"})
    assert lookup.params == {"urn": "tel:+250788000001"}
    assert lookup.url_urn == "tel:+250788000001"
    assert lookup.contact is not None and lookup.contact["uuid"] == ANN


def test_lookup_unknown_urn(api: OrgModels, profile: str) -> None:
    # a POST creates the contact; a DELETE is a 404
    assert api.contacts.lookup({"urn": "twitter:NEW"}) == Lookup({"urn": "twitter:new"}, None)
    with pytest.raises(ObjectNotFound) as caught:
        api.contacts.lookup({"urn": "twitter:new"}, for_delete=True)
    assert caught.value.code == 404
    expected = "Not found." if profile == "weni" else "No Contact matches the given query."
    assert caught.value.body == expected


def test_lookup_unknown_uuid(api: OrgModels, profile: str) -> None:
    expected = "Not found." if profile == "weni" else "No Contact matches the given query."
    for for_delete in (False, True):
        with pytest.raises(ObjectNotFound) as caught:
            api.contacts.lookup({"uuid": UNKNOWN_UUID}, for_delete=for_delete)
        assert caught.value.body == expected


def test_lookup_invalid_urn(api: OrgModels) -> None:
    with pytest.raises(InvalidQuery) as caught:
        api.contacts.lookup({"urn": "12345"})
    assert caught.value.body == "Invalid URN: 12345"


def test_upstream_lookup_malformed_uuid(sandbox: Sandbox, frozen: datetime) -> None:
    api = standard(sandbox, "upstream")
    with pytest.raises(InvalidQuery) as caught:
        api.contacts.lookup({"uuid": "nope"})
    assert caught.value.body == "Param 'uuid': nope is not a valid UUID."


def test_weni_lookup_by_name(sandbox: Sandbox, frozen: datetime) -> None:
    api = standard(sandbox, "weni")
    lookup = api.contacts.lookup({"name": "Cat"})
    assert lookup.contact is not None and lookup.contact["uuid"] == CAT
    with pytest.raises(ObjectNotFound):
        api.contacts.lookup({"name": "cat"})


def test_upstream_name_is_not_a_lookup(sandbox: Sandbox, frozen: datetime) -> None:
    api = standard(sandbox, "upstream")
    assert api.contacts.lookup({"name": "Cat"}) == Lookup({}, None)


@pytest.mark.parametrize(
    ("stored_urn", "url_urn"),
    [
        ("whatsapp:558299887766", "whatsapp:5582999887766"),
        ("whatsapp:5582999887766", "whatsapp:558299887766"),
    ],
)
def test_weni_ninth_digit(
    sandbox: Sandbox, frozen: datetime, stored_urn: str, url_urn: str
) -> None:
    contacts = [{"uuid": ANN, "urns": [stored_urn]}]
    api = build(sandbox, "weni", verify_ninth_digit=True, contacts=contacts)
    lookup = api.contacts.lookup({"urn": url_urn})
    assert lookup.params == {"urn": url_urn}
    assert lookup.contact is not None and lookup.contact["uuid"] == ANN
    with pytest.raises(ObjectNotFound):
        api.contacts.lookup({"urn": url_urn}, for_delete=True)
    without = build(sandbox, "weni", contacts=contacts)
    assert without.contacts.lookup({"urn": url_urn}).contact is None


# == save ====================================================================================


def test_create(sandbox: Sandbox, api: OrgModels) -> None:
    data = {
        "name": "Dan",
        "language": "eng",
        "urns": ["tel:+250788000004", "twitter:dan", "tel:+250788000004"],
        "groups": [group(api, "VIPs"), group(api, "Customers")],
        "fields": {"nickname": "D", "age": "", "joined": None},
    }
    record, created = save(sandbox, api, data, Lookup({}, None))
    assert created is True
    assert dict(record) == {
        "uuid": record["uuid"],
        "name": "Dan",
        "language": "eng",
        "urns": ["tel:+250788000004", "twitter:dan"],  # duplicates dropped, order kept
        "urn_displays": {},
        "groups": [VIPS, CUSTOMERS],
        "fields": {"nickname": "D"},
        "status": "active",
        "is_active": True,
        "flow": None,
        "notes": [],
        "created_on": STORED_NOW,
        "modified_on": STORED_NOW,
        "last_seen_on": None,
    }
    assert stored(api, record["uuid"]) == record
    assert api.contacts.owner_of("twitter:dan") == record


def test_create_from_url_urn(sandbox: Sandbox, api: OrgModels) -> None:
    lookup = api.contacts.lookup({"urn": "tel:0788 555 555"})
    record, created = save(sandbox, api, {"name": "Bobby"}, lookup)
    assert created is True
    assert record["urns"] == ["tel:+250788555555"]
    assert record["name"] == "Bobby"


def test_update_changes_only_given_keys(sandbox: Sandbox, api: OrgModels) -> None:
    before = stored(api, ANN)
    sandbox.clock.advance(90)
    record, created = save(sandbox, api, {"name": "Ann B"}, api.contacts.lookup({"uuid": ANN}))
    assert created is False
    assert dict(record) == {
        **before,
        "name": "Ann B",
        "modified_on": "2026-03-01T12:01:30.000000Z",
    }


def test_update_without_changes_keeps_the_record(sandbox: Sandbox, api: OrgModels) -> None:
    before = stored(api, ANN)
    sandbox.clock.advance(90)
    data = {"name": "Ann", "language": "fra", "urns": list(before["urns"])}
    record, created = save(sandbox, api, data, api.contacts.lookup({"uuid": ANN}))
    assert created is False
    assert record == before
    assert stored(api, ANN) == before


def test_update_fields(sandbox: Sandbox, api: OrgModels) -> None:
    data = {"fields": {"nickname": "", "age": None, "joined": "2020-01-01T00:00:00Z"}}
    record, _ = save(sandbox, api, data, api.contacts.lookup({"uuid": ANN}))
    assert record["fields"] == {"joined": "2020-01-01T00:00:00Z"}


def test_update_groups_keeps_smart_groups(sandbox: Sandbox, api: OrgModels) -> None:
    lookup = api.contacts.lookup({"uuid": ANN})
    record, _ = save(sandbox, api, {"groups": [group(api, "Customers")]}, lookup)
    assert record["groups"] == [ADULTS, CUSTOMERS]
    record, _ = save(sandbox, api, {"groups": []}, api.contacts.lookup({"uuid": ANN}))
    assert record["groups"] == [ADULTS]


def test_weni_update_steals_urns(sandbox: Sandbox, frozen: datetime) -> None:
    api = standard(sandbox, "weni")
    record, _ = save(
        sandbox,
        api,
        {"urns": ["twitter:bob", "tel:+250788000001"]},
        api.contacts.lookup({"uuid": CAT}),
    )
    assert record["urns"] == ["twitter:bob", "tel:+250788000001"]
    assert stored(api, BOB)["urns"] == []
    assert stored(api, ANN)["urns"] == ["whatsapp:250788999999"]
    assert api.contacts.owner_of("twitter:bob") == record


def test_upstream_refuses_taken_urns(sandbox: Sandbox, frozen: datetime) -> None:
    api = standard(sandbox, "upstream")
    before = {uuid: stored(api, uuid) for uuid in (ANN, BOB, CAT)}
    lookup = api.contacts.lookup({"uuid": CAT})
    for data, index in (
        ({"urns": ["twitter:bob"]}, "0"),
        ({"name": "X", "urns": ["mailto:new@example.com", "tel:+250788000001"]}, "1"),
    ):
        with pytest.raises(ValidationFailed) as caught:
            save(sandbox, api, data, lookup)
        assert caught.value.code == 400
        assert caught.value.body == {"urns": {index: ["URN is in use by another contact."]}}
        with pytest.raises(ValidationFailed):
            save(sandbox, api, data, Lookup({}, None))
    assert {uuid: stored(api, uuid) for uuid in (ANN, BOB, CAT)} == before
    assert listed(api) == [CAT, BOB, ANN]


def test_upstream_note(sandbox: Sandbox, frozen: datetime) -> None:
    api = standard(sandbox, "upstream")
    record, _ = save(sandbox, api, {"note": "First"}, api.contacts.lookup({"uuid": CAT}))
    sandbox.clock.advance(1.5)
    record, _ = save(sandbox, api, {"note": "Second"}, api.contacts.lookup({"uuid": CAT}))
    workspace = sandbox.workspaces.get("upstream")
    assert workspace is not None
    author = {"email": workspace.credentials_for("rapidpro")["email"], "name": ""}
    assert record["notes"] == [
        {"text": "First", "created_on": STORED_NOW, "created_by": author},
        {"text": "Second", "created_on": "2026-03-01T12:00:01.500000Z", "created_by": author},
    ]
    assert api.contacts.represent(record)["notes"] == [
        {"text": "First", "created_on": SHOWN_NOW, "created_by": author},
        {"text": "Second", "created_on": "2026-03-01T12:00:01.500000Z", "created_by": author},
    ]


# == delete ==================================================================================


def test_delete(sandbox: Sandbox, api: OrgModels) -> None:
    before = stored(api, ANN)
    sandbox.clock.advance(60)
    with sandbox.store.transaction():
        api.contacts.delete(before)
    assert dict(stored(api, ANN)) == {
        **before,
        "is_active": False,
        "name": None,
        "urns": [],
        "groups": [],
        "fields": {},
        "modified_on": "2026-03-01T12:01:00.000000Z",
    }
    assert api.contacts.owner_of("tel:+250788000001") is None
    assert api.contacts.count_in_group(CUSTOMERS) == 1


def test_delete_rolls_back_with_the_transaction(sandbox: Sandbox, api: OrgModels) -> None:
    before = stored(api, ANN)
    with pytest.raises(RuntimeError), sandbox.store.transaction():
        api.contacts.delete(before)
        raise RuntimeError("abort")
    assert stored(api, ANN) == before


def test_writes_need_a_transaction(api: OrgModels) -> None:
    with pytest.raises(RuntimeError, match="inside a transaction"):
        api.contacts.delete(stored(api, ANN))


# == groups ==================================================================================


def test_count_and_remove_group(sandbox: Sandbox, api: OrgModels) -> None:
    assert api.contacts.count_in_group(CUSTOMERS) == 2
    assert api.contacts.count_in_group(VIPS) == 1
    with sandbox.store.transaction():
        api.contacts.remove_group(CUSTOMERS)
    assert api.contacts.count_in_group(CUSTOMERS) == 0
    assert stored(api, ANN)["groups"] == [VIPS, ADULTS]
    assert stored(api, CAT)["groups"] == []


# == represent ===============================================================================


def shown_ann(profile: str) -> dict[str, Any]:
    return contact_shape(
        profile,
        ANN,
        name="Ann",
        language="fra",
        urns=["tel:+250788000001", "whatsapp:250788999999"],
        groups=[
            {"uuid": CUSTOMERS, "name": "Customers"},
            {"uuid": VIPS, "name": "VIPs"},
            {"uuid": ADULTS, "name": "Adults"},
        ],
        fields={"nickname": "Annie", "age": "12.3", "joined": "2017-11-11T13:12:13+02:00"},
        created_on="2025-12-01T00:00:00Z",
        modified_on="2026-01-01T00:00:00Z",
    )


def test_represent(api: OrgModels, profile: str) -> None:
    shown = api.contacts.represent(stored(api, ANN))
    assert shown == shown_ann(profile)
    assert list(shown) == list(shown_ann(profile))


def test_represent_blocked(api: OrgModels, profile: str) -> None:
    shown = api.contacts.represent(stored(api, BOB))
    assert (shown["blocked"], shown["stopped"]) == (True, False)
    assert shown["fields"] == {"nickname": None, "age": None, "joined": None}
    if profile == "upstream":
        assert shown["status"] == "blocked"


def test_represent_deleted(sandbox: Sandbox, api: OrgModels, profile: str) -> None:
    with sandbox.store.transaction():
        api.contacts.delete(stored(api, ANN))
    assert api.contacts.represent(stored(api, ANN)) == deleted_contact_shape(
        profile, ANN, created_on="2025-12-01T00:00:00Z", modified_on=SHOWN_NOW
    )


def test_represent_many_keeps_order(api: OrgModels, profile: str) -> None:
    records = [stored(api, uuid) for uuid in (CAT, ANN, BOB)]
    shown = api.contacts.represent_many(records)
    assert [s["uuid"] for s in shown] == [CAT, ANN, BOB]
    assert shown[1] == shown_ann(profile)


def test_represent_datetime_in_org_timezone(
    sandbox: Sandbox, frozen: datetime, profile: str
) -> None:
    api = build(
        sandbox,
        profile,
        timezone="Asia/Tokyo",
        fields=[{"label": "Joined", "value_type": "datetime"}],
        contacts=[{"uuid": ANN, "fields": {"joined": "2017-11-11T11:12:13+02:00"}}],
    )
    assert api.contacts.represent(stored(api, ANN))["fields"] == {
        "joined": "2017-11-11T18:12:13+09:00"
    }


# -- timestamps ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=timezone.utc),
        datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=-3))),
        datetime(2026, 12, 31, 23, 59, 59, 500000, tzinfo=timezone.utc),
    ],
)
def test_timestamps_are_stored_and_shown_as_strftime_and_drf_write_them(moment: datetime) -> None:
    # Both are string work now (no strftime / strptime per value); what comes out is not.
    utc = moment.astimezone(timezone.utc)
    stored = stored_time(moment)

    assert stored == utc.strftime(STORED_FORMAT)
    assert api_time(stored) == utc.replace(tzinfo=None).isoformat() + "Z"
