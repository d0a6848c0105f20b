"""HTTP tests of /rapidpro/api/v2/contacts.json (GET, POST, DELETE) in both profiles.

Expected bodies come from ../shared/reference/rapidpro.md §2 and §5 and from
docs/rapidpro-fidelity.md §1-§4, §8, §10-§11. The clock is frozen (conftest `frozen`), so
every timestamp a write produces is `SHOWN_NOW`.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from werkzeug.test import TestResponse

from tests.conftest import invalid_urn
from tests.platforms.rapidpro.helpers import (
    SHOWN_NOW,
    STANDARD_FIELDS,
    UNKNOWN_UUID,
    Org,
    by_profile,
    contact_keys,
)

ALLOW = "GET, POST, DELETE, HEAD, OPTIONS"

CUSTOMERS = "9a1c3b44-0d6e-4a57-8c2e-0d6f3f0c1a01"
VIPS = "9a1c3b44-0d6e-4a57-8c2e-0d6f3f0c1a02"
ADULTS = "9a1c3b44-0d6e-4a57-8c2e-0d6f3f0c1a03"
ANN = "5b0f9c1e-3a0f-4f7e-9d55-000000000001"
BOB = "5b0f9c1e-3a0f-4f7e-9d55-000000000002"
CAT = "5b0f9c1e-3a0f-4f7e-9d55-000000000003"

NO_VALUES = {"nickname": None, "age": None, "joined": None}
GROUPS = [
    {"uuid": CUSTOMERS, "name": "Customers"},
    {"uuid": VIPS, "name": "VIPs"},
    {"uuid": ADULTS, "name": "Adults", "query": "age > 18"},
]
CUSTOMERS_REF = {"uuid": CUSTOMERS, "name": "Customers"}
VIPS_REF = {"uuid": VIPS, "name": "VIPs"}
ADULTS_REF = {"uuid": ADULTS, "name": "Adults"}


class ContactsOrg(Org):
    """An Org with the contacts endpoint's requests and the contacts tests' seed data."""

    @property
    def keys(self) -> tuple[str, ...]:
        return contact_keys(self.profile)

    def seed_standard(self, **section: Any) -> None:
        self.seed(fields=STANDARD_FIELDS, groups=GROUPS, **section)

    # -- requests ------------------------------------------------------------------------

    def get(self, **params: Any) -> TestResponse:
        return self.api.get("contacts", **params)

    def post(self, body: Any = None, **params: Any) -> TestResponse:
        return self.api.post("contacts", body, **params)

    def delete(self, **params: Any) -> TestResponse:
        return self.api.delete("contacts", **params)

    def post_raw(
        self, data: str | bytes | dict[str, Any], content_type: str | None
    ) -> TestResponse:
        return self.send("POST", "contacts", data, content_type)

    def results(self, **params: Any) -> list[dict[str, Any]]:
        response = self.get(**params)
        assert response.status_code == 200, response.get_data(as_text=True)
        body = response.json
        assert body is not None
        assert body["next"] is None and body["previous"] is None
        return body["results"]

    def create(self, body: dict[str, Any]) -> dict[str, Any]:
        response = self.post(body)
        assert response.status_code == 201, response.get_data(as_text=True)
        assert response.json is not None
        return response.json

    def one(self, uuid: str) -> dict[str, Any]:
        (found,) = self.results(uuid=uuid)
        return found

    def errors(self, body: Any, **params: Any) -> Any:
        """POST `body` and return the 400 error body."""
        response = self.post(body, **params)
        assert response.status_code == 400, response.get_data(as_text=True)
        return response.json


@pytest.fixture
def org_type(frozen: datetime) -> type[ContactsOrg]:
    """`weni`, `up` and `org` are ContactsOrgs, on the frozen clock."""
    return ContactsOrg


# == representation ============================================================================


def test_empty_list(org: ContactsOrg) -> None:
    response = org.get()
    assert response.status_code == 200
    assert response.json == {"next": None, "previous": None, "results": []}
    assert response.headers["Allow"] == ALLOW


def test_create_empty_contact(org: ContactsOrg) -> None:
    org.seed_standard()
    response = org.post({})
    assert response.status_code == 201
    body = response.json
    assert body == org.contact(body["uuid"], fields=NO_VALUES)
    assert org.results() == [body]


def test_unknown_body_keys_are_ignored(org: ContactsOrg) -> None:
    response = org.post({"name": "Ann", "nickname": "x", "status": "blocked", "flow": None})
    assert response.status_code == 201
    assert response.json == org.contact(response.json["uuid"], name="Ann")


def test_empty_body_counts_as_empty_object(org: ContactsOrg) -> None:
    # rapidpro.md §2.3: an empty body counts as {}.
    response = org.post_raw(b"", None)
    assert response.status_code == 201
    assert response.json == org.contact(response.json["uuid"])


def test_create_with_every_field(org: ContactsOrg) -> None:
    org.seed_standard(country="RW")
    response = org.post(
        {
            "name": "Jean",
            "language": "fra",
            "urns": ["tel:0788 333 333", "twitter:JEAN"],
            "groups": [VIPS, "customers"],
            "fields": {"nickname": "Jado", "age": 34},
        }
    )
    assert response.status_code == 201
    body = response.json
    expected = org.contact(
        body["uuid"],
        name="Jean",
        language="fra",
        urns=["tel:+250788333333", "twitter:jean"],
        groups=[CUSTOMERS_REF, VIPS_REF],  # group creation order, not request order
        fields={"nickname": "Jado", "age": "34", "joined": None},
    )
    assert body == expected
    assert org.results() == [expected]


def test_keys_in_vendor_order(org: ContactsOrg) -> None:
    response = org.post({"name": "Ann"})
    assert list(response.json) == list(org.keys)
    assert list(org.results()[0]) == list(org.keys)


def test_fixture_contact_representation(org: ContactsOrg) -> None:
    org.seed_standard(
        contacts=[
            {
                "uuid": ANN,
                "name": "Ann",
                "language": "fra",
                "urns": ["tel:+250788000001", "twitter:ann"],
                "groups": ["VIPs", "Customers"],
                "fields": {"nickname": "Annie"},
                "flow": {"uuid": "0bb3c5a1-7a3e-4c1d-9d43-1b2c3d4e5f60", "name": "Survey"},
                "created_on": "2020-01-02T03:04:05.678901Z",
                "modified_on": "2020-02-03T04:05:06Z",
                "last_seen_on": "2020-08-12T13:30:45.123456Z",
            }
        ]
    )
    assert org.results() == [
        org.contact(
            ANN,
            name="Ann",
            language="fra",
            urns=["tel:+250788000001", "twitter:ann"],
            groups=[CUSTOMERS_REF, VIPS_REF],
            fields={"nickname": "Annie", "age": None, "joined": None},
            flow={"uuid": "0bb3c5a1-7a3e-4c1d-9d43-1b2c3d4e5f60", "name": "Survey"},
            created_on="2020-01-02T03:04:05.678901Z",
            modified_on="2020-02-03T04:05:06Z",
            last_seen_on="2020-08-12T13:30:45.123456Z",
        )
    ]


@pytest.mark.parametrize(
    ("status", "blocked", "stopped"),
    [
        ("active", False, False),
        ("blocked", True, False),
        ("stopped", False, True),
        ("archived", False, False),
    ],
)
def test_status_and_deprecated_flags(
    org: ContactsOrg, status: str, blocked: bool, stopped: bool
) -> None:
    org.seed(contacts=[{"uuid": ANN, "name": "Ann", "status": status}])
    assert org.results() == [
        org.contact(ANN, name="Ann", status=status, blocked=blocked, stopped=stopped)
    ]


def test_fields_show_every_org_field(org: ContactsOrg) -> None:
    org.seed_standard(contacts=[{"uuid": ANN, "fields": {"age": "7"}}])
    assert org.one(ANN)["fields"] == {"nickname": None, "age": "7", "joined": None}


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("12.30", "12.3"),
        ("12.000", "12"),
        ("0.0", "0"),
        ("1000", "1000"),
        (" 7 ", "7"),
        ("abc", None),
    ],
)
def test_number_field_formatting(org: ContactsOrg, raw: str, shown: str | None) -> None:
    org.seed_standard()
    body = org.create({"fields": {"age": raw}})
    assert body["fields"] == {"nickname": None, "age": shown, "joined": None}
    assert org.one(body["uuid"])["fields"]["age"] == shown


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("2017-11-11T11:12:13Z", "2017-11-11T13:12:13+02:00"),
        ("2017-11-11 11:12:13Z", "2017-11-11T13:12:13+02:00"),
        ("2017-11-11T11:12:13", None),  # no timezone
        ("12-31-2017", None),  # month first
        ("el123a41", None),
    ],
)
def test_datetime_field_in_org_timezone(org: ContactsOrg, raw: str, shown: str | None) -> None:
    # fidelity §2: asserted in both forks' tests with an org at +02:00.
    org.seed_standard(timezone="Africa/Kigali")
    body = org.create({"fields": {"joined": raw}})
    assert body["fields"] == {"nickname": None, "age": None, "joined": shown}


@pytest.mark.parametrize(("value", "text"), [(34, "34"), (1.5, "1.5"), ("  Jo  ", "Jo")])
def test_field_values_are_coerced_to_trimmed_strings(
    org: ContactsOrg, value: Any, text: str
) -> None:
    org.seed_standard()
    body = org.create({"fields": {"nickname": value}})
    assert body["fields"] == {"nickname": text, "age": None, "joined": None}


def test_groups_in_group_creation_order(org: ContactsOrg) -> None:
    org.seed(groups=[{"uuid": VIPS, "name": "Zebra"}, {"uuid": CUSTOMERS, "name": "Alpha"}])
    body = org.create({"groups": ["Alpha", "Zebra"]})
    groups = [{"uuid": VIPS, "name": "Zebra"}, {"uuid": CUSTOMERS, "name": "Alpha"}]
    assert body["groups"] == groups
    assert org.one(body["uuid"])["groups"] == groups


def test_weni_escapes_non_ascii(weni: ContactsOrg) -> None:
    response = weni.post({"name": "José Žan"})
    assert response.status_code == 201
    text = response.get_data(as_text=True)
    assert '"Jos\\u00e9 \\u017dan"' in text
    assert "José" not in text
    assert response.json["name"] == "José Žan"
    listed = weni.get().get_data(as_text=True)
    assert '"Jos\\u00e9 \\u017dan"' in listed


def test_upstream_does_not_escape_non_ascii(up: ContactsOrg) -> None:
    response = up.post({"name": "José Žan"})
    assert response.status_code == 201
    text = response.get_data(as_text=True)
    assert '"José Žan"' in text
    assert "\\u00e9" not in text
    assert '"José Žan"' in up.get().get_data(as_text=True)


def test_allow_header_on_every_response(org: ContactsOrg) -> None:
    created = org.post({})
    assert created.status_code == 201
    assert created.headers["Allow"] == ALLOW
    assert org.get().headers["Allow"] == ALLOW
    invalid = org.post({"language": "xx"})
    assert invalid.status_code == 400
    assert invalid.headers["Allow"] == ALLOW
    missing = org.delete(uuid=UNKNOWN_UUID)
    assert missing.status_code == 404
    assert missing.headers["Allow"] == ALLOW
    deleted = org.delete(uuid=created.json["uuid"])
    assert deleted.status_code == 204
    assert deleted.headers["Allow"] == ALLOW


def test_orgs_do_not_see_each_other(weni: ContactsOrg, up: ContactsOrg) -> None:
    mine = weni.create({"name": "Ann", "urns": ["tel:+250788000001"]})
    assert up.results() == []
    assert up.results(uuid=mine["uuid"]) == []
    response = up.post({"name": "X"}, uuid=mine["uuid"])
    assert response.status_code == 404
    assert response.json == {"detail": "No Contact matches the given query."}
    # the same URN is free in another org
    theirs = up.create({"urns": ["tel:+250788000001"]})
    assert theirs["urns"] == ["tel:+250788000001"]


# == upstream notes ===========================================================================


def test_upstream_note_is_added_to_notes(up: ContactsOrg) -> None:
    org = up
    ann = org.create({"name": "Ann"})
    org.sandbox.clock.advance(30)
    response = org.post({"note": "Likes coffee"}, uuid=ann["uuid"])
    assert response.status_code == 200
    workspace = org.sandbox.workspaces.get("upstream")
    assert workspace is not None
    email = workspace.credentials_for("rapidpro")["email"]
    note = {
        "text": "Likes coffee",
        "created_on": "2026-03-01T12:00:30Z",
        "created_by": {"email": email, "name": ""},
    }
    assert response.json["notes"] == [note]
    assert org.one(ann["uuid"])["notes"] == [note]


def test_weni_ignores_note(weni: ContactsOrg) -> None:
    ann = weni.create({"name": "Ann"})
    response = weni.post({"note": "Likes coffee"}, uuid=ann["uuid"])
    assert response.status_code == 200
    assert response.json == ann


# == GET filters ==============================================================================


def seed_three(org: ContactsOrg, **section: Any) -> None:
    """Ann (oldest), Bob, Cat (newest modified), with Ann and Cat in Customers."""
    org.seed_standard(
        contacts=[
            {
                "uuid": ANN,
                "name": "Ann",
                "urns": ["tel:+250788000001", "whatsapp:250788999999"],
                "groups": ["Customers"],
                "modified_on": "2026-01-01T00:00:00Z",
            },
            {
                "uuid": BOB,
                "name": "Bob Marley",
                "urns": ["twitter:bob"],
                "modified_on": "2026-01-02T00:00:00Z",
            },
            {
                "uuid": CAT,
                "name": "Cat",
                "urns": ["mailto:cat@example.com"],
                "groups": ["Customers"],
                "modified_on": "2026-01-03T00:00:00Z",
            },
        ],
        **section,
    )


def uuids(results: list[dict[str, Any]]) -> list[str]:
    return [result["uuid"] for result in results]


def test_default_order_is_most_recently_modified_first(org: ContactsOrg) -> None:
    seed_three(org)
    assert uuids(org.results()) == [CAT, BOB, ANN]


def test_reverse_lists_oldest_first(org: ContactsOrg) -> None:
    seed_three(org)
    assert uuids(org.results(reverse="true")) == [ANN, BOB, CAT]
    assert uuids(org.results(reverse="false")) == [CAT, BOB, ANN]


def test_filter_by_uuid(org: ContactsOrg) -> None:
    seed_three(org)
    assert uuids(org.results(uuid=BOB)) == [BOB]
    assert org.results(uuid=UNKNOWN_UUID) == []


def test_upstream_refuses_malformed_uuid_filter(up: ContactsOrg) -> None:
    response = up.get(uuid="not-a-uuid")
    assert response.status_code == 400
    assert response.json == {"detail": "Param 'uuid': not-a-uuid is not a valid UUID."}


def test_weni_does_not_validate_uuid_filter(weni: ContactsOrg) -> None:
    seed_three(weni)
    assert weni.results(uuid="not-a-uuid") == []


@pytest.mark.parametrize(
    ("urn", "found"),
    [
        ("tel:078-8000001", [ANN]),  # normalised with the org country
        ("tel:+250 788 000 001", [ANN]),
        ("twitter:BOB", [BOB]),
        ("mailto:CAT@example.com", [CAT]),
        ("tel:abc", []),
        ("twitter:nobody", []),
    ],
)
def test_filter_by_urn(org: ContactsOrg, urn: str, found: list[str]) -> None:
    seed_three(org, country="RW")
    assert uuids(org.results(urn=urn)) == found


@pytest.mark.parametrize("urn", ["12345", "foo:bar"])
def test_filter_by_invalid_urn(org: ContactsOrg, urn: str) -> None:
    response = org.get(urn=urn)
    assert response.status_code == 400
    assert response.json == {"detail": f"Invalid URN: {urn}"}


def test_weni_urn_filter_reads_bare_numbers_as_whatsapp(weni: ContactsOrg) -> None:
    seed_three(weni)
    assert uuids(weni.results(urn="+250788999999")) == [ANN]


def test_upstream_urn_filter_refuses_bare_numbers(up: ContactsOrg) -> None:
    response = up.get(urn="+250788999999")
    assert response.status_code == 400
    assert response.json == {"detail": "Invalid URN: +250788999999"}


@pytest.mark.parametrize(
    ("group", "found"),
    [
        (CUSTOMERS, [CAT, ANN]),
        ("Customers", [CAT, ANN]),
        ("customers", []),  # the name must match exactly
        ("invalid", []),
        (UNKNOWN_UUID, []),
        (VIPS, []),
    ],
)
def test_filter_by_group(org: ContactsOrg, group: str, found: list[str]) -> None:
    seed_three(org)
    assert uuids(org.results(group=group)) == found


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"before": "2026-01-02T00:00:00.000000Z"}, [BOB, ANN]),  # inclusive
        ({"after": "2026-01-02T00:00:00.000000Z"}, [CAT, BOB]),  # inclusive
        ({"after": "2026-01-01T00:00:00Z", "before": "2026-01-02T00:00:00Z"}, [BOB, ANN]),
        ({"after": "2026-01-02T12:00:00+02:00"}, [CAT]),
        ({"before": "2025-12-31T23:59:59Z"}, []),
        ({"before": "not a date"}, []),
        ({"after": "yesterday"}, []),
    ],
)
def test_filter_by_modified_on(org: ContactsOrg, params: dict[str, str], found: list[str]) -> None:
    seed_three(org)
    assert uuids(org.results(**params)) == found


def test_deleted_contacts_are_listed_only_when_asked(org: ContactsOrg) -> None:
    seed_three(org)
    assert org.delete(uuid=BOB).status_code == 204
    assert uuids(org.results()) == [CAT, ANN]
    assert org.results(deleted="true") == [
        org.deleted(BOB, modified_on=SHOWN_NOW),
    ]
    assert uuids(org.results(deleted="false")) == [CAT, ANN]


def test_deleted_contact_from_fixture(org: ContactsOrg) -> None:
    org.seed(
        contacts=[
            {
                "uuid": ANN,
                "name": "Ann",
                "urns": ["tel:+250788000001"],
                "deleted": True,
                "created_on": "2020-01-01T00:00:00Z",
                "modified_on": "2020-01-02T00:00:00Z",
                "last_seen_on": "2020-01-03T00:00:00Z",
            }
        ]
    )
    assert org.results() == []
    assert org.results(deleted="true") == [
        org.deleted(
            ANN,
            created_on="2020-01-01T00:00:00Z",
            modified_on="2020-01-02T00:00:00Z",
            last_seen_on="2020-01-03T00:00:00Z",
        )
    ]


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("tel:+250788000001", [ANN]),
        ("tel:+250 788 000 001", [ANN]),  # the URN is normalised
        ("+250788999999", [ANN]),  # bare number: whatsapp
        ("Bob Marley", [BOB]),  # exact name
        ("Bob", []),
        ("bob marley", []),
        ("twitter:bob", [BOB]),
    ],
)
def test_weni_search(weni: ContactsOrg, search: str, found: list[str]) -> None:
    seed_three(weni)
    assert uuids(weni.results(search=search)) == found


@pytest.mark.parametrize(("name", "found"), [("bob", [BOB]), ("A", [CAT, BOB, ANN]), ("zzz", [])])
def test_weni_name_filter_contains_ignoring_case(
    weni: ContactsOrg, name: str, found: list[str]
) -> None:
    seed_three(weni)
    assert uuids(weni.results(name=name)) == found


def test_upstream_ignores_weni_filters(up: ContactsOrg) -> None:
    seed_three(up)
    assert uuids(up.results(search="Bob Marley")) == [CAT, BOB, ANN]
    assert uuids(up.results(name="bob")) == [CAT, BOB, ANN]


# == POST: URNs ===============================================================================


@pytest.mark.parametrize(
    ("given", "stored", "country"),
    [
        ("tel:+250 78-8123 123", "tel:+250788123123", None),
        ("tel:+250-78-5555555", "tel:+250785555555", None),
        ("tel:0788 123 123", "tel:+250788123123", "RW"),
        ("tel:(078) 812-3123", "tel:+250788123123", "RW"),
        ("tel:+1-800-123-4567", "tel:+18001234567", "RW"),
        ("twitter:JEAN", "twitter:jean", None),
        ("twitter:@Jean", "twitter:jean", None),
        ("mailto:Bob@Example.COM", "mailto:bob@example.com", None),
        ("telegram:12345", "telegram:12345", None),
        ("facebook:ref:abc", "facebook:ref:abc", None),
    ],
)
def test_urns_are_normalized(
    org: ContactsOrg, given: str, stored: str, country: str | None
) -> None:
    org.seed(**({"country": country} if country else {}))
    body = org.create({"urns": [given]})
    assert body == org.contact(body["uuid"], urns=[stored])


def test_urn_order_is_kept(org: ContactsOrg) -> None:
    body = org.create({"urns": ["twitter:zed", "mailto:a@example.com", "tel:+250788123123"]})
    assert body["urns"] == ["twitter:zed", "mailto:a@example.com", "tel:+250788123123"]


@pytest.mark.parametrize(
    ("given", "stored", "country"),
    [
        ("+250788999999", "whatsapp:250788999999", None),
        # Kept as given: current Weni does not rewrite WhatsApp paths to international form.
        ("0788123123", "whatsapp:0788123123", "RW"),
        ("whatsapp:5582999887766", "whatsapp:5582999887766", None),
        ("whatsapp:BR.35029025746744354", "whatsapp:BR.35029025746744354", None),
    ],
)
def test_weni_whatsapp_default_and_digits(
    weni: ContactsOrg, given: str, stored: str, country: str | None
) -> None:
    weni.seed(**({"country": country} if country else {}))
    body = weni.create({"urns": [given]})
    assert body["urns"] == [stored]


@pytest.mark.parametrize(
    ("urns", "errors"),
    [
        (
            ["BR.35029025746744354"],
            [
                "Invalid URN: BR.35029025746744354. WhatsApp BSUID identifiers must include "
                "the whatsapp: scheme."
            ],
        ),
        ([18001234567], ["Not a valid string."]),
        (["0788 123 123"], [invalid_urn("0788 123 123")]),
        (["whatsapp:+55 82 99988-7766"], [invalid_urn("whatsapp:+55 82 99988-7766")]),
        (["whatsapp:6831234"], ["Phone number must have at least 8 digits."]),
    ],
)
def test_weni_urns_its_api_tests_refuse(
    weni: ContactsOrg, urns: list[Any], errors: list[str]
) -> None:
    # Checked against weni-ai/flows' API tests (issue 13 §5).
    weni.seed(country="BR")
    assert weni.errors({"urns": urns}) == {"urns": {"0": errors}}


def test_upstream_reads_a_number_as_a_string(up: ContactsOrg) -> None:
    # Upstream's URNField still takes str() of the item, as DRF's CharField does.
    assert up.errors({"urns": [18001234567]}) == {"urns": {"0": [invalid_urn("18001234567")]}}


@pytest.mark.parametrize("given", ["+250788999999", "whatsapp:+250788999999"])
def test_upstream_refuses_bare_numbers_and_plus_in_whatsapp(up: ContactsOrg, given: str) -> None:
    assert up.errors({"urns": [given]}) == {"urns": {"0": [invalid_urn(given)]}}


@pytest.mark.parametrize(
    ("given", "country"),
    [
        ("1234556789", None),
        ("tel:0788123123", None),  # a local number without an org country
        ("tel:800-123-4567", "RW"),
        ("foo:bar", None),
        ("twitter:this_handle_is_too_long", None),
        ("mailto:not-an-email", None),
        ("telegram:abc", None),
        ("facebook:abc", None),
    ],
)
def test_invalid_urn(org: ContactsOrg, given: str, country: str | None) -> None:
    org.seed(**({"country": country} if country else {}))
    assert org.errors({"urns": [given]}) == {"urns": {"0": [invalid_urn(given)]}}


def test_invalid_urn_errors_are_indexed(org: ContactsOrg) -> None:
    assert org.errors({"urns": ["tel:+250788123123", "bad", "twitter:ok", "nope"]}) == {
        "urns": {"1": [invalid_urn("bad")], "3": [invalid_urn("nope")]}
    }


@pytest.mark.parametrize(
    ("item", "message"),
    [("", "This field may not be blank."), (None, "This field may not be null.")],
)
def test_urn_item_blank_or_null(org: ContactsOrg, item: Any, message: str) -> None:
    assert org.errors({"urns": [item]}) == {"urns": {"0": [message]}}


@pytest.mark.parametrize(
    ("urns", "message"),
    [
        ("tel:+250788123123", 'Expected a list of items but got type "str".'),
        ({"0": "tel:+250788123123"}, 'Expected a list of items but got type "dict".'),
        (None, "This field may not be null."),
    ],
)
def test_urns_must_be_a_list(org: ContactsOrg, urns: Any, message: str) -> None:
    assert org.errors({"urns": urns}) == {"urns": [message]}


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("tel:+6831234", "Phone number must have at least 8 digits."),
        ("tel:+4912345678901234", "Phone number cannot exceed 15 digits."),
    ],
)
def test_weni_phone_digit_rule(
    weni: ContactsOrg, up: ContactsOrg, given: str, message: str
) -> None:
    assert weni.errors({"urns": [given]}) == {"urns": {"0": [message]}}
    assert up.create({"urns": [given]})["urns"] == [given]


@pytest.mark.parametrize("given", ["tel:+24712345", "tel:+491234567890123"])
def test_weni_phone_digit_bounds_are_inclusive(weni: ContactsOrg, given: str) -> None:
    assert weni.create({"urns": [given]})["urns"] == [given]


def test_weni_create_with_taken_urn(weni: ContactsOrg) -> None:
    weni.create({"name": "Bobby", "urns": ["tel:+250785555555"]})
    assert weni.errors({"name": "Robert", "urns": ["twitter:rob", "tel:+250-78-5555555"]}) == {
        "urns": ["URN belongs to another contact: tel:+250785555555"]
    }


@pytest.mark.parametrize(
    ("index", "urns"),
    [("0", ["tel:+250-78-5555555"]), ("1", ["twitter:rob", "tel:+250785555555"])],
)
def test_upstream_create_with_taken_urn(up: ContactsOrg, index: str, urns: list[str]) -> None:
    up.create({"name": "Bobby", "urns": ["tel:+250785555555"]})
    assert up.errors({"name": "Robert", "urns": urns}) == {
        "urns": {index: ["URN is in use by another contact."]}
    }
    assert len(up.results()) == 1


def test_upstream_update_with_taken_urn(up: ContactsOrg) -> None:
    up.create({"name": "Bobby", "urns": ["tel:+250785555555"]})
    rob = up.create({"name": "Robert"})
    assert up.errors({"urns": ["tel:+250785555555"]}, uuid=rob["uuid"]) == {
        "urns": {"0": ["URN is in use by another contact."]}
    }
    assert up.one(rob["uuid"])["urns"] == []


def test_weni_update_steals_urn(weni: ContactsOrg) -> None:
    bobby = weni.create({"name": "Bobby", "urns": ["tel:+250785555555", "twitter:bobby"]})
    rob = weni.create({"name": "Robert"})
    response = weni.post({"urns": ["tel:+250-78-5555555"]}, uuid=rob["uuid"])
    assert response.status_code == 200
    assert response.json == weni.contact(rob["uuid"], name="Robert", urns=["tel:+250785555555"])
    assert weni.one(bobby["uuid"]) == weni.contact(
        bobby["uuid"], name="Bobby", urns=["twitter:bobby"]
    )
    assert uuids(weni.results(urn="tel:+250785555555")) == [rob["uuid"]]


def test_update_with_own_urns(org: ContactsOrg) -> None:
    ann = org.create({"urns": ["tel:+250785555555", "twitter:ann"]})
    response = org.post({"urns": ["twitter:ann", "tel:+250785555555"]}, uuid=ann["uuid"])
    assert response.status_code == 200
    assert response.json["urns"] == ["twitter:ann", "tel:+250785555555"]


def test_deleted_contact_releases_its_urns(org: ContactsOrg) -> None:
    ann = org.create({"urns": ["tel:+250785555555", "twitter:ann"]})
    assert org.delete(uuid=ann["uuid"]).status_code == 204
    bob = org.create({"name": "Bob", "urns": ["tel:+250785555555"]})
    assert bob["urns"] == ["tel:+250785555555"]
    response = org.post({"name": "Annie"}, urn="twitter:ann")
    assert response.status_code == 201
    assert response.json == org.contact(response.json["uuid"], name="Annie", urns=["twitter:ann"])
    assert response.json["uuid"] not in (ann["uuid"], bob["uuid"])


# == POST: groups =============================================================================


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        (["nope"], "No such object: nope"),
        ([UNKNOWN_UUID], f"No such object: {UNKNOWN_UUID}"),
        (["Customers", "nope1", "nope2"], "No such object: nope1"),  # first bad item only
        ([123], "No such object: 123"),
        ([{"uuid": CUSTOMERS}], "Must be a string or integer"),
        ([1.5], "Must be a string or integer"),
        ("Customers", 'Expected a list of items but got type "str".'),
        (None, "This field may not be null."),
    ],
)
def test_group_errors(org: ContactsOrg, groups: Any, message: str) -> None:
    org.seed_standard()
    assert org.errors({"groups": groups}) == {"groups": [message]}


@pytest.mark.parametrize("ref", ["Adults", "adults", ADULTS])
def test_smart_group_refused(org: ContactsOrg, ref: str) -> None:
    org.seed_standard()
    message = by_profile(
        org,
        f"Contact group must not be dynamic: {ref}",
        f"Contact group must not be query based: {ref}",
    )
    assert org.errors({"groups": [ref]}) == {"groups": [message]}


def test_group_from_another_org(weni: ContactsOrg, up: ContactsOrg) -> None:
    weni.seed_standard()
    assert up.errors({"groups": [CUSTOMERS]}) == {"groups": [f"No such object: {CUSTOMERS}"]}


@pytest.mark.parametrize("ref", ["VIPS", "vips", VIPS])
def test_group_by_name_ignoring_case_or_uuid(org: ContactsOrg, ref: str) -> None:
    org.seed_standard()
    assert org.create({"groups": [ref]})["groups"] == [VIPS_REF]


def test_non_active_contact_cannot_join_groups(org: ContactsOrg) -> None:
    org.seed_standard(contacts=[{"uuid": ANN, "name": "Ann", "status": "blocked"}])
    assert org.errors({"groups": ["Customers"]}, uuid=ANN) == {
        "groups": ["Non-active contacts can't be added to groups"]
    }
    response = org.post({"groups": []}, uuid=ANN)
    assert response.status_code == 200


def test_update_groups_replaces_manual_groups_only(org: ContactsOrg) -> None:
    org.seed_standard(contacts=[{"uuid": ANN, "groups": ["Customers", "Adults"]}])
    response = org.post({"groups": ["VIPs"]}, uuid=ANN)
    assert response.status_code == 200
    assert response.json["groups"] == [VIPS_REF, ADULTS_REF]
    response = org.post({"groups": []}, uuid=ANN)
    assert response.json["groups"] == [ADULTS_REF]
    assert org.one(ANN)["groups"] == [ADULTS_REF]


# == POST: fields, language, name ==============================================================


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"hmmm": "X"}, ["Invalid contact field key: hmmm"]),
        ({"nickname": "a", "zzz": "b", "yyy": "c"}, ["Invalid contact field key: zzz"]),
        ({"nickname": True}, {"nickname": ["Not a valid string."]}),
        ({"nickname": ["a"]}, {"nickname": ["Not a valid string."]}),
        ({"nickname": "a\x00b"}, {"nickname": ["Null characters are not allowed."]}),
        (["nickname"], ['Expected a dictionary of items but got type "list".']),
        (None, ["This field may not be null."]),
    ],
)
def test_field_errors(org: ContactsOrg, fields: Any, error: Any) -> None:
    org.seed_standard()
    assert org.errors({"fields": fields}) == {"fields": error}


def test_fields_update_and_clear(org: ContactsOrg) -> None:
    # rapidpro.md §2.3: only the keys given change; "" or null clears a value.
    org.seed_standard(
        timezone="Africa/Kigali", contacts=[{"uuid": ANN, "fields": {"nickname": "Annie"}}]
    )
    body = {"fields": {"nickname": "", "age": "30", "joined": "2020-01-01T10:00:00Z"}}
    response = org.post(body, uuid=ANN)
    assert response.status_code == 200
    assert response.json["fields"] == {
        "nickname": None,
        "age": "30",
        "joined": "2020-01-01T12:00:00+02:00",
    }
    response = org.post({"fields": {"nickname": "Nan"}}, uuid=ANN)
    assert response.json["fields"] == {
        "nickname": "Nan",
        "age": "30",
        "joined": "2020-01-01T12:00:00+02:00",
    }
    response = org.post({"fields": {"age": None, "joined": "   ", "nickname": ""}}, uuid=ANN)
    assert response.json["fields"] == NO_VALUES
    assert org.one(ANN)["fields"] == NO_VALUES


@pytest.mark.parametrize(
    ("language", "error"),
    [
        ("fre", "Not a valid ISO639-3 language code."),
        ("xyz", "Not a valid ISO639-3 language code."),
        ("fr", "Ensure this field has at least 3 characters."),
        ("fran", "Ensure this field has no more than 3 characters."),
        ("", "This field may not be blank."),
        (True, "Not a valid string."),
    ],
)
def test_language_errors(org: ContactsOrg, language: Any, error: str) -> None:
    assert org.errors({"language": language}) == {"language": [error]}


@pytest.mark.parametrize(("language", "stored"), [("fra", "fra"), ("FRA", "FRA"), (None, None)])
def test_language_accepted(org: ContactsOrg, language: str | None, stored: str | None) -> None:
    assert org.create({"language": language})["language"] == stored


@pytest.mark.parametrize(
    ("profile", "name", "error"),
    [
        ("weni", "", "Contact name cannot be empty."),
        ("weni", "   ", "Contact name cannot be empty."),
        ("weni", "x" * 101, "Contact name cannot exceed 100 characters."),
        ("weni", "  " + "x" * 101, "Contact name cannot exceed 100 characters."),
        ("weni", True, "Not a valid string."),
        ("weni", ["Bob"], "Not a valid string."),
        ("weni", "Bo\x00b", "Null characters are not allowed."),
        ("up", "", "This field may not be blank."),
        ("up", "   ", "This field may not be blank."),
        ("up", "x" * 65, "Ensure this field has no more than 64 characters."),
        ("up", True, "Not a valid string."),
        ("up", "Bo\x00b", "Null characters are not allowed."),
    ],
)
def test_name_errors(request: pytest.FixtureRequest, profile: str, name: Any, error: str) -> None:
    org: ContactsOrg = request.getfixturevalue(profile)
    assert org.errors({"name": name}) == {"name": [error]}


@pytest.mark.parametrize(
    ("profile", "name", "stored"),
    [
        ("weni", "  Bob  ", "Bob"),
        ("weni", " " + "x" * 100 + " ", "x" * 100),
        ("weni", "x" * 65, "x" * 65),
        ("weni", 123, "123"),
        ("weni", None, None),
        ("up", "  Bob  ", "Bob"),
        ("up", "x" * 64, "x" * 64),
        ("up", " " + "x" * 64 + " ", "x" * 64),
        ("up", 123, "123"),
        ("up", None, None),
    ],
)
def test_name_accepted(
    request: pytest.FixtureRequest, profile: str, name: Any, stored: str | None
) -> None:
    org: ContactsOrg = request.getfixturevalue(profile)
    assert org.create({"name": name})["name"] == stored


def test_every_failing_field_is_reported_in_declaration_order(org: ContactsOrg) -> None:
    org.seed_standard()
    response = org.post(
        {
            "fields": {"hmmm": "X"},
            "groups": ["59686b4e-14bc-4160-9376-b649b218c806"],
            "urns": ["1234556789"],
            "language": "xyz",
            "name": True,
        }
    )
    assert response.status_code == 400
    assert response.json == {
        "name": ["Not a valid string."],
        "language": ["Not a valid ISO639-3 language code."],
        "urns": {"0": [invalid_urn("1234556789")]},
        "groups": ["No such object: 59686b4e-14bc-4160-9376-b649b218c806"],
        "fields": ["Invalid contact field key: hmmm"],
    }
    assert list(response.json) == ["name", "language", "urns", "groups", "fields"]
    assert org.results() == []


# == POST: the 100-item limits =================================================================


def twitter_urns(count: int) -> list[str]:
    return [f"twitter:bob{n}" for n in range(count)]


def test_hundred_urns_allowed(org: ContactsOrg) -> None:
    assert org.create({"urns": twitter_urns(100)})["urns"] == twitter_urns(100)


def test_too_many_urns(org: ContactsOrg) -> None:
    message = by_profile(
        org,
        "This field can only contain up to 100 items.",
        "Ensure this field has no more than 100 elements.",
    )
    assert org.errors({"urns": twitter_urns(101)}) == {"urns": [message]}


def test_too_many_urns_with_a_bad_one(org: ContactsOrg) -> None:
    # Weni checks the size before the items; upstream's DRF validator runs after them.
    urns = twitter_urns(101)
    urns[3] = "bad"
    expected = by_profile(
        org,
        {"urns": ["This field can only contain up to 100 items."]},
        {"urns": {"3": [invalid_urn("bad")]}},
    )
    assert org.errors({"urns": urns}) == expected


def test_too_many_fields(org: ContactsOrg) -> None:
    message = by_profile(
        org,
        "This field can only contain up to 100 items.",
        "Ensure this field has no more than 100 elements.",
    )
    fields = {f"field_{n}": n for n in range(101)}
    assert org.errors({"fields": fields}) == {"fields": [message]}


def test_hundred_fields_pass_the_size_check(org: ContactsOrg) -> None:
    fields = {f"field_{n}": n for n in range(100)}
    assert org.errors({"fields": fields}) == {"fields": ["Invalid contact field key: field_0"]}


def test_too_many_fields_with_a_bad_value(org: ContactsOrg) -> None:
    fields: dict[str, Any] = {f"field_{n}": n for n in range(101)}
    fields["field_3"] = True
    expected = by_profile(
        org,
        {"fields": ["This field can only contain up to 100 items."]},
        {"fields": {"field_3": ["Not a valid string."]}},
    )
    assert org.errors({"fields": fields}) == expected


def test_too_many_groups(org: ContactsOrg) -> None:
    # Both flavours check the size of `groups` before looking at the items.
    message = by_profile(
        org,
        "This field can only contain up to 100 items.",
        "Ensure this field has no more than 100 elements.",
    )
    assert org.errors({"groups": [f"g{n}" for n in range(101)]}) == {"groups": [message]}
    assert org.errors({"groups": [f"g{n}" for n in range(100)]}) == {
        "groups": ["No such object: g0"]
    }


# == POST: body parsing ========================================================================


@pytest.mark.parametrize("body", ["[]", '["a"]', '"text"', "12", "null"])
def test_body_must_be_an_object(org: ContactsOrg, body: str) -> None:
    response = org.post_raw(body, "application/json")
    assert response.status_code == 400
    assert response.json == {"non_field_errors": ["Request body should be a single JSON object"]}


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("nope", "Expecting value: line 1 column 1 (char 0)"),
        ('{"name": "Bob"', "Expecting ',' delimiter: line 1 column 15 (char 14)"),
        (
            "{'name': 'Bob'}",
            "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)",
        ),
    ],
)
def test_invalid_json(org: ContactsOrg, body: str, reason: str) -> None:
    response = org.post_raw(body, "application/json")
    assert response.status_code == 400
    assert response.json == {"detail": f"JSON parse error - {reason}"}
    assert org.results() == []


def test_unsupported_media_type(org: ContactsOrg) -> None:
    response = org.post_raw('{"name": "Bob"}', "text/plain")
    assert response.status_code == 415
    assert response.json == {"detail": 'Unsupported media type "text/plain" in request.'}
    assert org.results() == []


def post_form(org: ContactsOrg, data: dict[str, Any]) -> TestResponse:
    return org.post_raw(data, "application/x-www-form-urlencoded")


def test_form_body(org: ContactsOrg) -> None:
    # rapidpro.md §2.3: JSON, form or multipart bodies; a list is a repeated key.
    org.seed_standard()
    response = post_form(org, {"name": "Bob", "urns": ["twitter:bob", "mailto:bob@example.com"]})
    assert response.status_code == 201
    assert response.json == org.contact(
        response.json["uuid"],
        name="Bob",
        urns=["twitter:bob", "mailto:bob@example.com"],
        fields=NO_VALUES,
    )


def test_form_body_with_groups(org: ContactsOrg) -> None:
    # DRF's ManyRelatedField reads repeated form keys with getlist, like ListField.
    org.seed_standard()
    response = post_form(org, {"name": "Bob", "groups": ["VIPs", "Customers"]})
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.json == org.contact(
        response.json["uuid"], name="Bob", groups=[CUSTOMERS_REF, VIPS_REF], fields=NO_VALUES
    )


def test_weni_accepts_nan_in_json(weni: ContactsOrg) -> None:
    # fidelity §10: Weni sets STRICT_JSON False.
    response = weni.post_raw('{"name": NaN}', "application/json")
    assert response.status_code == 201
    assert response.json["name"] == "nan"


def test_upstream_refuses_nan_in_json(up: ContactsOrg) -> None:
    response = up.post_raw('{"name": NaN}', "application/json")
    assert response.status_code == 400
    # DRF's STRICT_JSON parse_constant (rest_framework/utils/json.py strict_constant) raises
    # ValueError("Out of range float values are not JSON compliant: " + repr(o)).
    assert response.json == {
        "detail": "JSON parse error - Out of range float values are not JSON compliant: 'NaN'"
    }


# == POST: lookups, updates, upserts ===========================================================


def test_update_changes_only_given_keys(org: ContactsOrg) -> None:
    org.seed_standard(
        contacts=[
            {
                "uuid": ANN,
                "name": "Ann",
                "language": "fra",
                "urns": ["tel:+250788000001"],
                "groups": ["Customers", "VIPs"],
                "fields": {"nickname": "Annie", "age": "30"},
                "created_on": "2026-01-01T00:00:00Z",
            }
        ]
    )
    before = org.contact(
        ANN,
        name="Ann",
        language="fra",
        urns=["tel:+250788000001"],
        groups=[CUSTOMERS_REF, VIPS_REF],
        fields={"nickname": "Annie", "age": "30", "joined": None},
        created_on="2026-01-01T00:00:00Z",
        modified_on="2026-01-01T00:00:00Z",
    )
    org.sandbox.clock.advance(60)
    response = org.post({}, uuid=ANN)
    assert response.status_code == 200
    assert response.json == before  # nothing changed: modified_on is kept
    response = org.post({"name": "Ann B", "language": None}, uuid=ANN)
    assert response.status_code == 200
    after = {**before, "name": "Ann B", "language": None, "modified_on": "2026-03-01T12:01:00Z"}
    assert response.json == after
    assert org.one(ANN) == after


def test_update_to_the_same_values_keeps_modified_on(org: ContactsOrg) -> None:
    org.seed_standard(
        contacts=[{"uuid": ANN, "name": "Ann", "modified_on": "2026-01-01T00:00:00Z"}]
    )
    response = org.post({"name": "Ann"}, uuid=ANN)
    assert response.status_code == 200
    assert response.json["modified_on"] == "2026-01-01T00:00:00Z"


def test_update_by_urn(org: ContactsOrg) -> None:
    org.seed_standard(
        country="RW", contacts=[{"uuid": ANN, "urns": ["tel:+250787777777", "twitter:xavier"]}]
    )
    response = org.post({"fields": {"nickname": "X"}}, urn="tel:078-7777777")
    assert response.status_code == 200
    assert response.json == org.contact(
        ANN,
        urns=["tel:+250787777777", "twitter:xavier"],
        fields={"nickname": "X", "age": None, "joined": None},
    )


def test_urn_lookup_creates_missing_contact(org: ContactsOrg) -> None:
    response = org.post({"name": "Bobby"}, urn="tel:+250-78-5555555")
    assert response.status_code == 201
    assert response.json == org.contact(
        response.json["uuid"], name="Bobby", urns=["tel:+250785555555"]
    )
    again = org.post({"name": "Bob"}, urn="tel:+250785555555")
    assert again.status_code == 200
    assert again.json == org.contact(response.json["uuid"], name="Bob", urns=["tel:+250785555555"])


def test_weni_urn_lookup_with_bare_number(weni: ContactsOrg) -> None:
    response = weni.post({"name": "Wa"}, urn="+250788999999")
    assert response.status_code == 201
    assert response.json["urns"] == ["whatsapp:250788999999"]
    assert weni.post({}, urn="whatsapp:250788999999").status_code == 200


@pytest.mark.parametrize("urn", ["12345", "foo:bar"])
def test_invalid_urn_lookup(org: ContactsOrg, urn: str) -> None:
    for response in (org.post({"name": "X"}, urn=urn), org.delete(urn=urn)):
        assert response.status_code == 400
        assert response.json == {"detail": f"Invalid URN: {urn}"}
    assert org.results() == []


def test_urns_not_allowed_with_urn_lookup(org: ContactsOrg) -> None:
    org.create({"urns": ["tel:+250784444444"]})
    for urn in ("tel:+250-78-4444444", "tel:+250785555555"):
        for urns in (["tel:+250785555555"], []):
            assert org.errors({"urns": urns}, urn=urn) == {
                "urns": ["Field not allowed when using URN in URL"]
            }
    assert len(org.results()) == 1


def test_urn_lookup_create_validates_the_url_urn(org: ContactsOrg) -> None:
    # fidelity §1 validate(): the URL URN is validated (without the org country) only when the
    # contact is created, and the error is object-level.
    for urn in ("tel:abc", "tel:0788555555"):
        assert org.errors({"name": "X"}, urn=urn) == {"non_field_errors": [invalid_urn(urn)]}
    assert org.results() == []


def test_urn_lookup_create_uses_the_country_for_the_lookup(org: ContactsOrg) -> None:
    org.seed(country="RW")
    response = org.post({"name": "X"}, urn="tel:0788555555")
    assert response.status_code == 201
    assert response.json["urns"] == ["tel:+250788555555"]


def test_weni_urn_lookup_create_checks_phone_digits(weni: ContactsOrg, up: ContactsOrg) -> None:
    assert weni.errors({}, urn="tel:+6831234") == {
        "non_field_errors": ["Phone number must have at least 8 digits."]
    }
    response = up.post({}, urn="tel:+6831234")
    assert response.status_code == 201
    assert response.json["urns"] == ["tel:+6831234"]


def test_only_one_lookup_parameter(org: ContactsOrg) -> None:
    ann = org.create({"name": "Ann", "urns": ["tel:+250784444444"]})
    message = by_profile(
        org,
        "URL can only contain one of the following parameters: name, urn, uuid",
        "URL can only contain one of the following parameters: urn, uuid",
    )
    for response in (
        org.post({}, uuid=ann["uuid"], urn="tel:+250784444444"),
        org.delete(uuid=ann["uuid"], urn="tel:+250784444444"),
    ):
        assert response.status_code == 400
        assert response.json == {"detail": message}


def test_weni_name_counts_as_a_lookup_parameter(weni: ContactsOrg) -> None:
    ann = weni.create({"name": "Ann", "urns": ["tel:+250784444444"]})
    message = "URL can only contain one of the following parameters: name, urn, uuid"
    for params in ({"name": "Ann", "uuid": ann["uuid"]}, {"name": "Ann", "urn": "twitter:x"}):
        response = weni.post({}, **params)
        assert response.status_code == 400
        assert response.json == {"detail": message}


def test_weni_lookup_by_name(weni: ContactsOrg) -> None:
    ann = weni.create({"name": "Ann"})
    response = weni.post({"language": "eng"}, name="Ann")
    assert response.status_code == 200
    assert response.json == weni.contact(ann["uuid"], name="Ann", language="eng")
    missing = weni.post({}, name="Nobody")
    assert missing.status_code == 404
    assert missing.json == {"detail": "Not found."}
    assert weni.delete(name="Ann").status_code == 204
    assert weni.results() == []


def test_delete_requires_a_lookup(org: ContactsOrg) -> None:
    message = by_profile(
        org,
        "URL must contain one of the following parameters: name, urn, uuid",
        "URL must contain one of the following parameters: urn, uuid",
    )
    response = org.delete()
    assert response.status_code == 400
    assert response.json == {"detail": message}


def test_upstream_delete_by_name_is_not_a_lookup(up: ContactsOrg) -> None:
    up.create({"name": "Ann"})
    response = up.delete(name="Ann")
    assert response.status_code == 400
    assert response.json == {
        "detail": "URL must contain one of the following parameters: urn, uuid"
    }


def not_found(org: ContactsOrg) -> dict[str, str]:
    return {"detail": by_profile(org, "Not found.", "No Contact matches the given query.")}


def test_not_found(org: ContactsOrg) -> None:
    org.create({"urns": ["twitter:someone"]})
    for response in (
        org.post({"name": "X"}, uuid=UNKNOWN_UUID),
        org.delete(uuid=UNKNOWN_UUID),
        org.delete(urn="twitter:billy"),
    ):
        assert response.status_code == 404
        assert response.json == not_found(org)
    assert len(org.results()) == 1


def test_lookup_checked_before_body(org: ContactsOrg) -> None:
    # fidelity §10: the body is read after the lookup, so a bad body to an unknown uuid is 404.
    response = org.api.client.post(
        org.api.url("contacts"),
        query_string={"uuid": UNKNOWN_UUID},
        data="nope",
        content_type="application/json",
        headers=org.api.headers(),
    )
    assert response.status_code == 404
    assert response.json == not_found(org)


def test_weni_malformed_uuid_lookup_is_not_found(weni: ContactsOrg) -> None:
    for response in (weni.post({}, uuid="not-a-uuid"), weni.delete(uuid="not-a-uuid")):
        assert response.status_code == 404
        assert response.json == {"detail": "Not found."}


def test_upstream_malformed_uuid_lookup(up: ContactsOrg) -> None:
    # rapidpro.md §0 (version table): lookups validate UUIDs from v10.3.35.
    for response in (
        up.post({}, uuid="not-a-uuid"),
        up.delete(uuid="not-a-uuid"),
    ):
        assert response.status_code == 400
        assert response.json == {"detail": "Param 'uuid': not-a-uuid is not a valid UUID."}


def test_deleted_contact_cannot_be_modified(org: ContactsOrg) -> None:
    ann = org.create({"name": "Ann"})
    assert org.delete(uuid=ann["uuid"]).status_code == 204
    message = by_profile(
        org, "Inactive contacts can't be modified.", "Deleted contacts can't be modified."
    )
    assert org.errors({"name": "Again"}, uuid=ann["uuid"]) == {"non_field_errors": [message]}
    assert org.errors({}, uuid=ann["uuid"]) == {"non_field_errors": [message]}


def test_delete_by_uuid_and_by_urn(org: ContactsOrg) -> None:
    ann = org.create({"name": "Ann", "urns": ["twitter:ann"]})
    xavier = org.create({"name": "Xavier", "urns": ["tel:+250787777777", "twitter:xavier"]})
    response = org.delete(uuid=ann["uuid"])
    assert response.status_code == 204
    assert response.get_data() == b""
    response = org.delete(urn="twitter:XAVIER")
    assert response.status_code == 204
    assert response.get_data() == b""
    assert org.results() == []
    assert uuids(org.results(deleted="true")) == [xavier["uuid"], ann["uuid"]]
    # deleting again: a deleted contact no longer has its URNs
    response = org.delete(urn="twitter:xavier")
    assert response.status_code == 404
    assert response.json == not_found(org)


# == Weni verify_ninth_digit ===================================================================


@pytest.mark.parametrize(
    ("stored", "looked_up"),
    [
        ("whatsapp:558299887766", "whatsapp:5582999887766"),  # the lookup has the 9th digit
        ("whatsapp:5582999887766", "whatsapp:558299887766"),  # the contact has it
    ],
)
def test_weni_ninth_digit_lookup(weni: ContactsOrg, stored: str, looked_up: str) -> None:
    weni.seed(verify_ninth_digit=True, contacts=[{"uuid": ANN, "name": "Ann", "urns": [stored]}])
    response = weni.post({"name": "Ana"}, urn=looked_up)
    assert response.status_code == 200
    assert response.json == weni.contact(ANN, name="Ana", urns=[stored])
    assert len(weni.results()) == 1


def test_weni_ninth_digit_off_by_default(weni: ContactsOrg) -> None:
    weni.seed(contacts=[{"uuid": ANN, "urns": ["whatsapp:558299887766"]}])
    response = weni.post({"name": "Ana"}, urn="whatsapp:5582999887766")
    assert response.status_code == 201
    assert response.json["urns"] == ["whatsapp:5582999887766"]


def test_weni_ninth_digit_not_used_by_delete_or_get(weni: ContactsOrg) -> None:
    weni.seed(verify_ninth_digit=True, contacts=[{"uuid": ANN, "urns": ["whatsapp:558299887766"]}])
    response = weni.delete(urn="whatsapp:5582999887766")
    assert response.status_code == 404
    assert response.json == {"detail": "Not found."}
    assert weni.results(urn="whatsapp:5582999887766") == []


def test_weni_ninth_digit_only_for_brazilian_whatsapp(weni: ContactsOrg) -> None:
    weni.seed(verify_ninth_digit=True, contacts=[{"uuid": ANN, "urns": ["whatsapp:548299887766"]}])
    response = weni.post({}, urn="whatsapp:5482999887766")
    assert response.status_code == 201


# == JSON text ================================================================================


def test_response_uses_compact_separators(org: ContactsOrg) -> None:
    # fidelity §10: COMPACT_JSON is not set, so DRF's compact separators apply.
    body = org.create({"name": "Ann"})
    text = org.get().get_data(as_text=True)
    assert text.startswith('{"next":null,"previous":null,"results":[{"uuid":"')
    assert '"name":"Ann"' in text
    assert json.loads(text) == {"next": None, "previous": None, "results": [body]}
