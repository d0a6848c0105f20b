"""The `rapidpro:` section of fixture documents: validation errors (exact paths and
messages), org settings, export -> reset -> load round trips, and limits reached by
loading.

Format: sandbox/platforms/rapidpro/models/fixtures.py (docstring); settings semantics:
../shared/reference/rapidpro.md §2.3 (verify_ninth_digit), §2.1 (datetime values in the
org timezone), §3-§4 (limits).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.fixtures import FixtureError
from sandbox.core.sandbox import Sandbox
from sandbox.platforms.rapidpro.auth import DEMO_CREDENTIALS
from sandbox.platforms.rapidpro.models import RapidPro
from sandbox.platforms.rapidpro.models.common import SETTINGS
from tests.conftest import RapidProClient
from tests.platforms.rapidpro.helpers import (
    ANA,
    BOB,
    FARMERS,
    FLOW,
    GONE,
    OPEN_TICKETS_IN,
    REPORTERS,
    TICKETS,
    UP_TOKEN,
    body,
    load_rapidpro,
    rapidpro_model,
    stored_group,
)

# -- load errors -------------------------------------------------------------------------------

PREFIX = "workspaces.default.rapidpro"


@pytest.mark.parametrize(
    ("section", "path", "message"),
    [
        ([], PREFIX, "must be a mapping"),
        ("upstream", PREFIX, "must be a mapping"),
        ({"bogus": 1}, f"{PREFIX}.bogus", "unknown key"),
        ({"profile": "django"}, f"{PREFIX}.profile", "Must be one of: weni, upstream."),
        ({"country": "XX"}, f"{PREFIX}.country", "Not an ISO 3166 alpha-2 country code."),
        ({"country": "BRA"}, f"{PREFIX}.country", "Not an ISO 3166 alpha-2 country code."),
        ({"country": 12}, f"{PREFIX}.country", "Not a valid string."),
        ({"timezone": "Mars/Base"}, f"{PREFIX}.timezone", "Not an IANA timezone name."),
        ({"verify_ninth_digit": "maybe"}, f"{PREFIX}.verify_ninth_digit", "Not a valid boolean."),
        ({"fields": {"age": "numeric"}}, f"{PREFIX}.fields", "must be a list"),
        ({"fields": ["Age"]}, f"{PREFIX}.fields[0]", "must be a mapping"),
        ({"fields": [{}]}, f"{PREFIX}.fields[0].label", "a field needs a label (or name)"),
        (
            {"fields": [{"label": "A"}, {"label": "B", "value_type": "video"}]},
            f"{PREFIX}.fields[1].value_type",
            "Must be one of: text, numeric, datetime, state, district, ward.",
        ),
        (
            {"fields": [{"name": "A", "type": "numeric"}]},
            f"{PREFIX}.fields[0].type",
            "Must be one of: text, number, datetime, state, district, ward.",
        ),
        (
            {"fields": [{"label": "A", "colour": "red"}]},
            f"{PREFIX}.fields[0].colour",
            "Unknown field.",
        ),
        (
            {"fields": [{"label": "A", "agent_access": "all"}]},
            f"{PREFIX}.fields[0].agent_access",
            "Must be one of: none, view, edit.",
        ),
        (
            {"fields": [{"label": "A", "created_on": "yesterday"}]},
            f"{PREFIX}.fields[0].created_on",
            "Not an ISO 8601 timestamp.",
        ),
        (
            {"fields": [{"label": "Age"}, {"label": "AGE"}]},
            f"{PREFIX}.fields[1]",
            "duplicate field key 'age' or label",
        ),
        (
            {"fields": [{"label": "Age"}, {"label": "Years", "key": "age"}]},
            f"{PREFIX}.fields[1]",
            "duplicate field key 'age' or label",
        ),
        ({"groups": [{}]}, f"{PREFIX}.groups[0].name", "Missing data for required field."),
        (
            {"groups": [{"name": ""}]},
            f"{PREFIX}.groups[0].name",
            "Length must be between 1 and 64.",
        ),
        (
            {"groups": [{"name": "G" * 65}]},
            f"{PREFIX}.groups[0].name",
            "Length must be between 1 and 64.",
        ),
        (
            {"groups": [{"name": "A", "status": "archived"}]},
            f"{PREFIX}.groups[0].status",
            "Must be one of: initializing, evaluating, ready, invalid.",
        ),
        (
            {"groups": [{"name": "A", "uuid": "nope"}]},
            f"{PREFIX}.groups[0].uuid",
            "Not a valid UUID.",
        ),
        (
            {"groups": [{"name": "A", "flows": FLOW}]},
            f"{PREFIX}.groups[0].flows",
            "Not a valid list.",
        ),
        (
            {"groups": [{"name": "Reporters"}, {"name": "reporters"}]},
            f"{PREFIX}.groups[1]",
            "duplicate group 'reporters'",
        ),
        (
            {"groups": [{"name": "A", "uuid": REPORTERS}, {"name": "B", "uuid": REPORTERS}]},
            f"{PREFIX}.groups[1]",
            "duplicate group 'B'",
        ),
        ({"contacts": "Ana"}, f"{PREFIX}.contacts", "must be a list"),
        (
            {"contacts": [{"name": "Ana", "groups": ["Nope"]}]},
            f"{PREFIX}.contacts[0].groups[0]",
            "no group 'Nope' in groups",
        ),
        (
            {"contacts": [{"name": "Ana", "fields": {"age": "3"}}]},
            f"{PREFIX}.contacts[0].fields.age",
            "no field with key 'age'",
        ),
        (
            {
                "contacts": [
                    {"urns": ["whatsapp:5582999887766"]},
                    {"urns": ["tel:+5582999887766", "whatsapp:5582999887766"]},
                ]
            },
            f"{PREFIX}.contacts[1].urns[1]",
            "whatsapp:5582999887766 already belongs to contacts[0]",
        ),
        (
            {"contacts": [{"urns": ["tel:0788123123"]}]},
            f"{PREFIX}.contacts[0].urns[0]",
            "Invalid URN: tel:0788123123. Ensure phone numbers contain country codes.",
        ),
        ({"contacts": [{"language": "pt"}]}, f"{PREFIX}.contacts[0].language", "Length must be 3."),
        (
            {"contacts": [{"status": "deleted"}]},
            f"{PREFIX}.contacts[0].status",
            "Must be one of: active, blocked, stopped, archived.",
        ),
        (
            {"contacts": [{"uuid": ANA}, {"uuid": ANA}]},
            f"{PREFIX}.contacts",
            "two contacts share a uuid",
        ),
    ],
)
def test_load_errors(sandbox: Sandbox, section: Any, path: str, message: str) -> None:
    with pytest.raises(FixtureError) as error:
        load_rapidpro(sandbox, section)
    assert error.value.path == path
    assert error.value.message == message
    assert str(error.value) == f"{path}: {message}"


def test_upstream_only_schemes_are_checked_per_profile(sandbox: Sandbox) -> None:
    contacts = [{"urns": ["weniwebchat:abc123"]}]
    assert load_rapidpro(sandbox, {"contacts": contacts})["contacts"] == 1
    with pytest.raises(FixtureError) as error:
        load_rapidpro(sandbox, {"profile": "upstream", "contacts": contacts})
    assert error.value.path == f"{PREFIX}.contacts[0].urns[0]"


@pytest.mark.parametrize("deleted_first", [True, False])
def test_a_deleted_contact_may_share_a_urn(sandbox: Sandbox, deleted_first: bool) -> None:
    # Only active contacts own their URNs, whatever order the entries come in.
    gone = {"uuid": GONE, "urns": ["whatsapp:5582999887766"], "deleted": True}
    ana = {"uuid": ANA, "urns": ["whatsapp:5582999887766"]}
    contacts = [gone, ana] if deleted_first else [ana, gone]
    assert load_rapidpro(sandbox, {"contacts": contacts}) == {
        "fields": 0,
        "groups": 0,
        "contacts": 2,
    }


def test_a_failed_load_changes_nothing(sandbox: Sandbox, rapidpro: RapidProClient) -> None:
    load_rapidpro(sandbox, {"groups": [{"uuid": REPORTERS, "name": "Reporters"}]})
    before = sandbox.export()
    with pytest.raises(FixtureError):
        sandbox.load_fixtures(
            {
                "workspaces": {
                    "other": {"rapidpro": {"groups": [{"name": "Fine"}]}},
                    "default": {"rapidpro": {"groups": [{"name": "Fine"}, {"name": "FINE"}]}},
                }
            }
        )
    assert sandbox.export() == before
    assert sandbox.workspaces.get("other") is None
    assert [g["name"] for g in body(rapidpro.get("groups"))["results"]] == ["Reporters"]


def test_load_reports_counts(sandbox: Sandbox) -> None:
    summary = load_rapidpro(
        sandbox,
        {
            "fields": [{"label": "Age", "value_type": "numeric"}, {"label": "Nick"}],
            "groups": [{"name": "Reporters"}],
            "contacts": [{"name": "Ana"}, {"name": "Bob"}, {"name": "Cid", "deleted": True}],
        },
    )
    assert summary == {"fields": 2, "groups": 1, "contacts": 3}


def test_load_replaces_the_workspace(sandbox: Sandbox, rapidpro: RapidProClient) -> None:
    load_rapidpro(sandbox, {"groups": [{"name": "Old"}], "fields": [{"label": "Old"}]})
    load_rapidpro(sandbox, {"groups": [{"name": "New"}]})
    assert [g["name"] for g in body(rapidpro.get("groups"))["results"]] == ["New"]
    assert body(rapidpro.get("fields"))["results"] == []


# -- fields and groups as fixtures write them --------------------------------------------------


def test_field_entries_take_either_spelling(sandbox: Sandbox, upstream: RapidProClient) -> None:
    load_rapidpro(
        sandbox,
        {
            "profile": "upstream",
            "fields": [
                {"label": "Age", "value_type": "numeric", "pinned": True},
                {"name": "Born", "type": "datetime", "featured": True, "key": "dob"},
                {"label": "Nick"},
            ],
        },
        workspace="upstream",
    )
    fields = {f["key"]: f for f in body(upstream.get("fields"))["results"]}
    assert (fields["age"]["type"], fields["age"]["featured"]) == ("number", True)
    assert (fields["dob"]["name"], fields["dob"]["value_type"]) == ("Born", "datetime")
    assert fields["dob"]["featured"] is True
    assert (fields["nick"]["type"], fields["nick"]["featured"]) == ("text", False)


def test_group_and_contact_entries(
    sandbox: Sandbox, rapidpro: RapidProClient, frozen: datetime
) -> None:
    load_rapidpro(
        sandbox,
        {
            "fields": [{"label": "Nick Name"}, {"label": "Age", "value_type": "numeric"}],
            "groups": [{"uuid": REPORTERS, "name": "Reporters"}],
            "contacts": [
                {
                    "uuid": ANA,
                    "name": "Ana",
                    "language": "por",
                    "urns": ["whatsapp:5582999887766"],
                    "groups": ["reporters"],  # case-insensitive reference by name
                    "fields": {"nick_name": "Aninha", "age": 30},
                    "created_on": "2026-01-01T10:00:00Z",
                    "last_seen_on": "2026-02-01T10:00:00.5Z",
                }
            ],
        },
    )
    assert body(rapidpro.get("contacts"))["results"] == [
        {
            "uuid": ANA,
            "name": "Ana",
            "language": "por",
            "urns": ["whatsapp:5582999887766"],
            "groups": [{"uuid": REPORTERS, "name": "Reporters"}],
            "fields": {"nick_name": "Aninha", "age": "30"},
            "blocked": False,
            "stopped": False,
            "created_on": "2026-01-01T10:00:00Z",
            "modified_on": "2026-01-01T10:00:00Z",
            "last_seen_on": "2026-02-01T10:00:00.500000Z",
        }
    ]


# -- settings ----------------------------------------------------------------------------------


def test_settings_default_to_a_fresh_org(sandbox: Sandbox) -> None:
    load_rapidpro(sandbox, {})
    settings = rapidpro_model(sandbox).backend.settings
    assert (settings.profile, settings.country, settings.timezone) == (None, None, "UTC")
    assert settings.verify_ninth_digit is False
    assert rapidpro_model(sandbox).backend.profile.name == "weni"


def test_settings_are_stored(sandbox: Sandbox) -> None:
    load_rapidpro(
        sandbox,
        {
            "profile": "upstream",
            "country": "BR",
            "timezone": "America/Sao_Paulo",
            "verify_ninth_digit": True,
        },
    )
    api = rapidpro_model(sandbox).backend
    assert api.profile.name == "upstream"
    assert (api.settings.country, api.settings.timezone) == ("BR", "America/Sao_Paulo")
    assert api.settings.verify_ninth_digit is True


def test_profile_chooses_the_answers(sandbox: Sandbox, client: Client) -> None:
    groups = [{"uuid": REPORTERS, "name": "Reporters"}]
    sandbox.load_fixtures(
        {
            "workspaces": {
                "default": {"rapidpro": {"groups": groups}},
                "up": {
                    "credentials": {"rapidpro": {"token": UP_TOKEN}},
                    "rapidpro": {"profile": "upstream", "groups": groups},
                },
            }
        }
    )
    weni = RapidProClient(client, DEMO_CREDENTIALS["token"])
    up = RapidProClient(client, UP_TOKEN)
    group = {"uuid": REPORTERS, "name": "Reporters", "query": None, "status": "ready"}
    assert body(weni.get("groups"))["results"] == [{**group, "count": 0}]
    tickets = {
        "uuid": OPEN_TICKETS_IN["up"],
        "name": "Open Tickets",
        "query": "tickets > 0",
        "status": "ready",
        "system": True,
        "count": 0,
    }
    assert body(up.get("groups"))["results"] == [{**group, "system": False, "count": 0}, tickets]


def test_the_org_of_a_workspace_follows_its_settings_between_requests(
    sandbox: Sandbox, rapidpro: RapidProClient
) -> None:
    load_rapidpro(
        sandbox, {"profile": "weni", "groups": [{"uuid": REPORTERS, "name": "Reporters"}]}
    )
    context = sandbox.context(sandbox.workspaces.get("default"))  # type: ignore[arg-type]
    assert RapidPro.of(context) is RapidPro.of(context)  # built once, while nothing changes
    assert "system" not in body(rapidpro.get("groups"))["results"][0]

    # The same workspace, the settings rewritten in place: the next request is upstream's.
    with sandbox.store.transaction():
        (record,) = sandbox.store.find(SETTINGS, "default")
        sandbox.store.update(SETTINGS, record.id, {"profile": "upstream"})

    assert body(rapidpro.get("groups"))["results"][0]["system"] is False
    assert RapidPro.of(context).profile.name == "upstream"


def test_null_profile_uses_the_server_default(sandbox: Sandbox, rapidpro: RapidProClient) -> None:
    load_rapidpro(sandbox, {"profile": None, "groups": [{"name": "Reporters"}]})
    assert "system" not in body(rapidpro.get("groups"))["results"][0]


def test_country_reads_local_numbers(sandbox: Sandbox, rapidpro: RapidProClient) -> None:
    load_rapidpro(
        sandbox, {"country": "RW", "contacts": [{"uuid": ANA, "urns": ["tel:0788123123"]}]}
    )
    assert body(rapidpro.get("contacts"))["results"][0]["urns"] == ["tel:+250788123123"]
    created = rapidpro.post("contacts", {"urns": ["tel:0788123124"]})
    assert created.status_code == 201
    assert body(created)["urns"] == ["tel:+250788123124"]


def test_timezone_shows_datetime_values(sandbox: Sandbox, rapidpro: RapidProClient) -> None:
    load_rapidpro(
        sandbox,
        {
            "timezone": "Africa/Kigali",
            "fields": [{"label": "Registered", "value_type": "datetime"}],
            "contacts": [{"uuid": ANA, "fields": {"registered": "2017-11-11T11:12:13Z"}}],
        },
    )
    contact = body(rapidpro.get("contacts"))["results"][0]
    assert contact["fields"] == {"registered": "2017-11-11T13:12:13+02:00"}


NINTH = [{"uuid": ANA, "name": "Ana", "urns": ["whatsapp:558299887766"]}]


def test_verify_ninth_digit_matches_the_number_with_the_9(
    sandbox: Sandbox, rapidpro: RapidProClient
) -> None:
    load_rapidpro(sandbox, {"verify_ninth_digit": True, "contacts": NINTH})
    response = rapidpro.post("contacts", {"name": "Ana Maria"}, urn="whatsapp:5582999887766")
    assert response.status_code == 200
    contact = body(response)
    assert (contact["uuid"], contact["name"]) == (ANA, "Ana Maria")
    assert contact["urns"] == ["whatsapp:558299887766"]  # the stored URN is unchanged


def test_verify_ninth_digit_matches_the_number_without_the_9(
    sandbox: Sandbox, rapidpro: RapidProClient
) -> None:
    contacts = [{"uuid": ANA, "name": "Ana", "urns": ["whatsapp:5582999887766"]}]
    load_rapidpro(sandbox, {"verify_ninth_digit": True, "contacts": contacts})
    response = rapidpro.post("contacts", {"name": "Ana Maria"}, urn="whatsapp:558299887766")
    assert response.status_code == 200
    assert body(response)["uuid"] == ANA


def test_without_verify_ninth_digit_a_new_contact_is_created(
    sandbox: Sandbox, rapidpro: RapidProClient
) -> None:
    load_rapidpro(sandbox, {"contacts": NINTH})
    response = rapidpro.post("contacts", {"name": "Other"}, urn="whatsapp:5582999887766")
    assert response.status_code == 201
    assert body(response)["uuid"] != ANA
    assert body(response)["urns"] == ["whatsapp:5582999887766"]


def test_verify_ninth_digit_is_not_used_by_delete(
    sandbox: Sandbox, rapidpro: RapidProClient
) -> None:
    load_rapidpro(sandbox, {"verify_ninth_digit": True, "contacts": NINTH})
    response = rapidpro.delete("contacts", urn="whatsapp:5582999887766")
    assert response.status_code == 404
    assert body(response) == {"detail": "Not found."}


def test_verify_ninth_digit_is_weni_only(sandbox: Sandbox, upstream: RapidProClient) -> None:
    # rapidpro.md §2.3: the ninth-digit lookup is WF-only.
    load_rapidpro(
        sandbox,
        {"profile": "upstream", "verify_ninth_digit": True, "contacts": NINTH},
        workspace="upstream",
    )
    response = upstream.post("contacts", {"name": "Other"}, urn="whatsapp:5582999887766")
    assert response.status_code == 201
    assert body(response)["uuid"] != ANA


# -- export -> reset -> load -------------------------------------------------------------------


RICH = {
    "country": "BR",
    "timezone": "America/Sao_Paulo",
    "verify_ninth_digit": True,
    "fields": [
        {"label": "Nick Name", "created_on": "2026-01-01T00:00:00Z"},
        {
            "label": "Registered",
            "value_type": "datetime",
            "pinned": True,
            "priority": 2,
            "agent_access": "edit",
            "usages": {"campaign_events": 1},
        },
    ],
    "groups": [
        {"uuid": REPORTERS, "name": "Reporters", "triggers": [12], "flows": [FLOW]},
        {"uuid": FARMERS, "name": "Adults", "query": "age > 18", "status": "evaluating"},
        {"uuid": TICKETS, "name": "Open Tickets", "query": "tickets > 0", "system": True},
    ],
    "contacts": [
        {
            "uuid": ANA,
            "name": "Ana",
            "language": "por",
            "urns": ["whatsapp:5582999887766", "tel:+5582999887766"],
            "groups": ["Reporters"],
            "fields": {"nick_name": "Aninha", "registered": "2026-01-05T10:00:00Z"},
            "status": "blocked",
            "flow": {"uuid": FLOW, "name": "Survey"},
            "notes": [{"text": "VIP", "created_on": "2026-01-02T00:00:00Z"}],
            "created_on": "2026-01-01T00:00:00Z",
            "modified_on": "2026-01-03T00:00:00Z",
            "last_seen_on": "2026-01-04T00:00:00Z",
        },
        {"uuid": BOB, "name": None, "urns": []},
        {"uuid": GONE, "name": "Gone", "deleted": True, "urns": ["whatsapp:5582988887777"]},
    ],
}


def snapshot(api: RapidProClient) -> dict[str, Any]:
    """Everything a client can read of one workspace."""
    return {
        "contacts": body(api.get("contacts")),
        "deleted": body(api.get("contacts", deleted="true")),
        "fields": body(api.get("fields")),
        "groups": body(api.get("groups")),
    }


@pytest.mark.parametrize("profile", ["weni", "upstream"])
def test_export_reset_load_is_identical(
    sandbox: Sandbox, client: Client, frozen: datetime, profile: str
) -> None:
    sandbox.load_fixtures(
        {
            "workspaces": {
                "default": {"rapidpro": {**RICH, "profile": profile}},
                "second": {
                    "credentials": {"rapidpro": {"token": UP_TOKEN, "email": "x@y.z"}},
                    "rapidpro": {"fields": [{"label": "Other"}]},
                },
            }
        }
    )
    api = RapidProClient(client, DEMO_CREDENTIALS["token"])
    second = RapidProClient(client, UP_TOKEN)
    # State written through the API is exported too.
    assert api.post("groups", {"name": "Made Over HTTP"}).status_code == 201
    before_http = (snapshot(api), snapshot(second))
    exported = sandbox.export()

    sandbox.reset()
    assert sandbox.export()["workspaces"].keys() == {"default"}
    assert body(api.get("groups"))["results"] == []

    sandbox.load_fixtures(exported)
    assert sandbox.export() == exported
    assert (snapshot(api), snapshot(second)) == before_http


def test_export_section_shape(sandbox: Sandbox, frozen: datetime) -> None:
    load_rapidpro(
        sandbox, {"profile": "upstream", "groups": [{"uuid": REPORTERS, "name": "Reporters"}]}
    )
    section = sandbox.export("default")["workspaces"]["default"]["rapidpro"]
    assert section == {
        "profile": "upstream",
        "timezone": "UTC",
        "verify_ninth_digit": False,
        "groups": [stored_group(REPORTERS, "Reporters")],
    }


def test_empty_org_exports_nothing(sandbox: Sandbox) -> None:
    load_rapidpro(sandbox, {})
    assert "rapidpro" not in sandbox.export("default")["workspaces"]["default"]


# -- limits reached through fixtures -----------------------------------------------------------


def test_weni_limits_reached_by_loading(sandbox: Sandbox, rapidpro: RapidProClient) -> None:
    summary = load_rapidpro(
        sandbox,
        {
            "fields": [{"label": f"Field {i}"} for i in range(250)],
            "groups": [{"name": f"Group {i}"} for i in range(250)],
        },
    )
    assert summary == {"fields": 250, "groups": 250, "contacts": 0}
    field = rapidpro.post("fields", {"label": "More", "value_type": "text"})
    assert (field.status_code, body(field)) == (
        400,
        {
            "non_field_errors": [
                "This org has 250 contact fields and the limit is 250. "
                "You must delete existing ones before you can create new ones."
            ]
        },
    )
    group = rapidpro.post("groups", {"name": "More"})
    assert (group.status_code, body(group)) == (
        400,
        {
            "non_field_errors": [
                "This org has 250 groups and the limit is 250. "
                "You must delete existing ones before you can create new ones."
            ]
        },
    )


def test_upstream_limits_reached_by_loading(sandbox: Sandbox, upstream: RapidProClient) -> None:
    summary = load_rapidpro(
        sandbox,
        {
            "profile": "upstream",
            "fields": [{"name": f"Field {i}"} for i in range(250)],
            "groups": [{"name": f"Group {i}"} for i in range(250)],
        },
        workspace="upstream",
    )
    assert summary == {"fields": 250, "groups": 250, "contacts": 0}
    limit = {"detail": "Cannot create object because workspace has reached limit of 250."}
    field = upstream.post("fields", {"name": "More", "type": "text"})
    assert (field.status_code, body(field)) == (409, limit)
    group = upstream.post("groups", {"name": "More"})
    assert (group.status_code, body(group)) == (409, limit)


def test_deleting_below_the_limit_frees_a_slot(sandbox: Sandbox, rapidpro: RapidProClient) -> None:
    groups = [{"name": f"Group {i}"} for i in range(249)]
    load_rapidpro(sandbox, {"groups": [*groups, {"uuid": REPORTERS, "name": "Reporters"}]})
    assert rapidpro.post("groups", {"name": "More"}).status_code == 400
    assert rapidpro.delete("groups", uuid=REPORTERS).status_code == 204
    assert rapidpro.post("groups", {"name": "More"}).status_code == 201
