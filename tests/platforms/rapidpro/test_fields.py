"""HTTP tests of /rapidpro/api/v2/fields.json in both profiles.

Oracle: ../shared/reference/rapidpro.md §3 and docs/rapidpro-fidelity.md §6 (Weni Flows =
profile `weni`, nyaruka/rapidpro = profile `upstream`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from sandbox.core.sandbox import Sandbox
from tests.platforms.rapidpro.helpers import UPSTREAM_LIMIT, Org, body, many_fields

FIELDS_URL = "http://localhost/rapidpro/api/v2/fields.json"
WENI_LIMIT = (
    "This org has 250 contact fields and the limit is 250. "
    "You must delete existing ones before you can create new ones."
)
NO_USAGES = {"flows": 0, "groups": 0, "campaign_events": 0}


def weni_field(key: str, label: str, value_type: str = "text", pinned: bool = False) -> dict:
    return {"key": key, "label": label, "value_type": value_type, "pinned": pinned}


def upstream_field(
    key: str,
    name: str,
    value_type: str = "text",
    *,
    featured: bool = False,
    priority: int = 0,
    usages: dict[str, int] | None = None,
    agent_access: str = "view",
) -> dict:
    engine = {"numeric": "number"}.get(value_type, value_type)
    return {
        "key": key,
        "name": name,
        "type": engine,
        "featured": featured,
        "priority": priority,
        "usages": usages or NO_USAGES,
        "agent_access": agent_access,
        "label": name,
        "value_type": value_type,
    }


def field_of(org: Org, key: str, label: str, value_type: str = "text") -> dict:
    """A new field's representation in the org's profile."""
    if org.profile == "weni":
        return weni_field(key, label, value_type)
    return upstream_field(key, label, value_type)


def create_body(org: Org, label: str, value_type: str = "text") -> dict[str, str]:
    """The body each vendor's own docs use to create a field."""
    if org.profile == "weni":
        return {"label": label, "value_type": value_type}
    engine = {"numeric": "number"}.get(value_type, value_type)
    return {"name": label, "type": engine}


# -- GET ---------------------------------------------------------------------------------------


def test_get_empty_org(org: Org) -> None:
    response = org.api.get("fields")
    assert response.status_code == 200
    assert body(response) == {"next": None, "previous": None, "results": []}


def test_weni_get_lists_fields_newest_first(weni: Org) -> None:
    weni.seed(
        fields=[
            {"label": "Old", "value_type": "numeric", "created_on": "2026-01-01T00:00:00Z"},
            {"label": "New", "value_type": "datetime", "pinned": True},
            {"label": "Middle", "created_on": "2026-02-01T00:00:00Z", "value_type": "ward"},
        ]
    )
    response = weni.api.get("fields")
    assert response.status_code == 200
    assert body(response) == {
        "next": None,
        "previous": None,
        "results": [
            weni_field("new", "New", "datetime", pinned=True),
            weni_field("middle", "Middle", "ward"),
            weni_field("old", "Old", "numeric"),
        ],
    }


def test_upstream_get_shows_every_attribute(up: Org) -> None:
    up.seed(
        fields=[
            {
                "name": "Registered",
                "type": "datetime",
                "featured": True,
                "priority": 3,
                "agent_access": "edit",
                "usages": {"campaign_events": 2, "flows": 1},
                "created_on": "2026-01-01T00:00:00Z",
            },
            {"label": "Age", "value_type": "numeric", "agent_access": "none"},
        ]
    )
    response = up.api.get("fields")
    assert response.status_code == 200
    assert body(response)["results"] == [
        upstream_field("age", "Age", "numeric", agent_access="none"),
        upstream_field(
            "registered",
            "Registered",
            "datetime",
            featured=True,
            priority=3,
            usages={"flows": 1, "groups": 0, "campaign_events": 2},
            agent_access="edit",
        ),
    ]


def test_get_filters_by_key(org: Org) -> None:
    org.seed(fields=[{"label": "Nick Name"}, {"label": "Age", "value_type": "numeric"}])
    response = org.api.get("fields", key="age")
    assert response.status_code == 200
    assert body(response) == {
        "next": None,
        "previous": None,
        "results": [field_of(org, "age", "Age", "numeric")],
    }


@pytest.mark.parametrize("key", ["nope", "Age", "AGE", "ag"])
def test_get_key_filter_is_exact(org: Org, key: str) -> None:
    org.seed(fields=[{"label": "Age", "value_type": "numeric"}])
    response = org.api.get("fields", key=key)
    assert response.status_code == 200
    assert body(response) == {"next": None, "previous": None, "results": []}


def test_get_pages_250_at_a_time(org: Org) -> None:
    org.seed(fields=many_fields(251))
    first = org.api.get("fields")
    assert first.status_code == 200
    page = body(first)
    assert len(page["results"]) == 250
    assert page["previous"] is None
    # Newest first: all were loaded at the same instant, so the last one loaded leads.
    assert page["results"][0]["key"] == "field_250"
    assert page["results"][-1]["key"] == "field_001"
    assert page["next"].startswith(FIELDS_URL + "?cursor=")

    cursor = parse_qs(urlsplit(page["next"]).query)["cursor"][0]
    second = org.api.get("fields", cursor=cursor)
    assert second.status_code == 200
    page2 = body(second)
    assert page2["results"] == [field_of(org, "field_000", "Field 000")]
    assert page2["next"] is None
    assert page2["previous"].startswith(FIELDS_URL + "?cursor=")

    back = parse_qs(urlsplit(page2["previous"]).query)["cursor"][0]
    assert body(org.api.get("fields", cursor=back))["results"] == page["results"]


@pytest.mark.parametrize(
    ("profile", "detail"), [("weni", "Not found."), ("upstream", "Invalid cursor")]
)
def test_get_with_a_bad_cursor(request: pytest.FixtureRequest, profile: str, detail: str) -> None:
    org: Org = request.getfixturevalue("weni" if profile == "weni" else "up")
    response = org.api.get("fields", cursor="not-a-cursor")
    assert response.status_code == 404
    assert body(response) == {"detail": detail}


# -- POST create: weni -------------------------------------------------------------------------


def test_weni_create(weni: Org) -> None:
    response = weni.api.post("fields", {"label": "Nick Name", "value_type": "text"})
    assert response.status_code == 201
    assert body(response) == weni_field("nick_name", "Nick Name")
    assert body(weni.api.get("fields"))["results"] == [weni_field("nick_name", "Nick Name")]


@pytest.mark.parametrize("value_type", ["text", "numeric", "datetime", "state", "district", "ward"])
def test_weni_create_each_value_type(weni: Org, value_type: str) -> None:
    response = weni.api.post("fields", {"label": "Thing", "value_type": value_type})
    assert response.status_code == 201
    assert body(response) == weni_field("thing", "Thing", value_type)


@pytest.mark.parametrize(
    ("label", "stored", "key"),
    [
        ("  Age  ", "Age", "age"),
        ("nick_name", "nick_name", "nick_name"),
        ("Home - Town", "Home - Town", "home_town"),
        ("__Score__", "__Score__", "score"),
        ("Fields", "Fields", "fields"),  # reserved upstream only
        ("URNs", "URNs", "urns"),
        ("Webchat", "Webchat", "webchat"),  # an upstream-only URN scheme
        ("A" * 36, "A" * 36, "a" * 36),
    ],
)
def test_weni_label_to_key(weni: Org, label: str, stored: str, key: str) -> None:
    response = weni.api.post("fields", {"label": label, "value_type": "text"})
    assert response.status_code == 201
    assert body(response) == weni_field(key, stored)


def test_weni_requires_label_and_value_type(weni: Org) -> None:
    response = weni.api.post("fields", {})
    assert response.status_code == 400
    assert body(response) == {
        "label": ["This field is required."],
        "value_type": ["This field is required."],
    }


def test_weni_does_not_accept_name_and_type(weni: Org) -> None:
    # rapidpro-python >= 2.12 sends name/type, which Weni's serializer does not know.
    response = weni.api.post("fields", {"name": "Nick Name", "type": "text"})
    assert response.status_code == 400
    assert body(response) == {
        "label": ["This field is required."],
        "value_type": ["This field is required."],
    }


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        (
            {"label": "!@#$%", "value_type": "text"},
            {"label": ["Can only contain letters, numbers, hyphens and underscores."]},
        ),
        (
            {"label": "Nick.Name", "value_type": "text"},
            {"label": ["Can only contain letters, numbers, hyphens and underscores."]},
        ),
        (
            {"label": "Nick Name", "value_type": "video"},
            {"value_type": ['"video" is not a valid choice.']},
        ),
        (
            {"label": "Age", "value_type": "number"},
            {"value_type": ['"number" is not a valid choice.']},
        ),
        (
            {"label": "A" * 37, "value_type": "text"},
            {"label": ["Ensure this field has no more than 36 characters."]},
        ),
        ({"label": "", "value_type": "text"}, {"label": ["This field may not be blank."]}),
        ({"label": "   ", "value_type": "text"}, {"label": ["This field may not be blank."]}),
        ({"label": None, "value_type": "text"}, {"label": ["This field may not be null."]}),
        (
            {"label": "1st Name", "value_type": "text"},
            {"label": ['Generated key "1st_name" is invalid or a reserved name.']},
        ),
    ],
)
def test_weni_create_errors(weni: Org, payload: dict[str, Any], errors: dict[str, Any]) -> None:
    response = weni.api.post("fields", payload)
    assert response.status_code == 400
    assert body(response) == errors
    assert body(weni.api.get("fields"))["results"] == []


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Created By", "created_by"),
        ("Created On", "created_on"),
        ("Modified By", "modified_by"),
        ("First Name", "first_name"),
        ("Name", "name"),
        ("Language", "language"),
        ("Groups", "groups"),
        ("UUID", "uuid"),
        ("Id", "id"),
        ("Is", "is"),
        ("Has", "has"),
        # every URN scheme is reserved too
        ("Tel", "tel"),
        ("WhatsApp", "whatsapp"),
        ("mailto", "mailto"),
        ("Weniwebchat", "weniwebchat"),
        ("Teams", "teams"),
    ],
)
def test_weni_reserved_keys(weni: Org, label: str, key: str) -> None:
    response = weni.api.post("fields", {"label": label, "value_type": "text"})
    assert response.status_code == 400
    assert body(response) == {"label": [f'Generated key "{key}" is invalid or a reserved name.']}


@pytest.mark.parametrize("label", ["nick name", "NICK NAME", " Nick Name "])
def test_weni_label_unique_ignoring_case(weni: Org, label: str) -> None:
    weni.seed(fields=[{"label": "Nick Name"}])
    response = weni.api.post("fields", {"label": label, "value_type": "text"})
    assert response.status_code == 400
    assert body(response) == {"label": ["This field must be unique."]}


@pytest.mark.parametrize("label", ["nick_name", "nick-name", "NICK-NAME", "Nick  Name"])
def test_weni_key_conflict_with_a_different_label(weni: Org, label: str) -> None:
    weni.seed(fields=[{"label": "Nick Name"}])
    response = weni.api.post("fields", {"label": label, "value_type": "text"})
    assert response.status_code == 400
    assert body(response) == {
        "label": ['Generated key "nick_name" conflicts with an existing contact field.']
    }


def test_weni_uniqueness_wins_over_length(weni: Org) -> None:
    long_label = "B" * 37
    weni.seed(fields=[{"label": long_label, "key": "long"}])
    response = weni.api.post("fields", {"label": long_label.lower(), "value_type": "text"})
    assert response.status_code == 400
    assert body(response) == {
        "label": ["This field must be unique.", "Ensure this field has no more than 36 characters."]
    }


def test_weni_field_limit(weni: Org) -> None:
    weni.seed(fields=many_fields(250))
    response = weni.api.post("fields", {"label": "One More", "value_type": "text"})
    assert response.status_code == 400
    assert body(response) == {"non_field_errors": [WENI_LIMIT]}
    assert len(body(weni.api.get("fields"))["results"]) == 250


def test_weni_field_errors_come_before_the_limit(weni: Org) -> None:
    weni.seed(fields=many_fields(250))
    response = weni.api.post("fields", {"label": "!!", "value_type": "text"})
    assert response.status_code == 400
    assert body(response) == {
        "label": ["Can only contain letters, numbers, hyphens and underscores."]
    }


def test_weni_update_allowed_at_the_limit(weni: Org) -> None:
    weni.seed(fields=many_fields(250))
    response = weni.api.post(
        "fields", {"label": "Renamed", "value_type": "numeric"}, key="field_007"
    )
    assert response.status_code == 200
    assert body(response) == weni_field("field_007", "Renamed", "numeric")


def test_weni_one_below_the_limit_can_still_create(weni: Org) -> None:
    weni.seed(fields=many_fields(249))
    response = weni.api.post("fields", {"label": "Last One", "value_type": "text"})
    assert response.status_code == 201
    again = weni.api.post("fields", {"label": "Too Many", "value_type": "text"})
    assert again.status_code == 400
    assert body(again) == {"non_field_errors": [WENI_LIMIT]}


# -- POST update: weni -------------------------------------------------------------------------


def test_weni_update_keeps_the_key(weni: Org) -> None:
    weni.seed(fields=[{"label": "Nick Name"}])
    response = weni.api.post("fields", {"label": "Alias", "value_type": "numeric"}, key="nick_name")
    assert response.status_code == 200
    assert body(response) == weni_field("nick_name", "Alias", "numeric")
    assert body(weni.api.get("fields"))["results"] == [weni_field("nick_name", "Alias", "numeric")]
    # The old label is free again, but its key is still taken.
    again = weni.api.post("fields", {"label": "Nick Name", "value_type": "text"})
    assert again.status_code == 400
    assert body(again) == {
        "label": ['Generated key "nick_name" conflicts with an existing contact field.']
    }


def test_weni_update_may_keep_its_own_label_in_another_case(weni: Org) -> None:
    weni.seed(fields=[{"label": "Nick Name"}])
    response = weni.api.post(
        "fields", {"label": "NICK NAME", "value_type": "text"}, key="nick_name"
    )
    assert response.status_code == 200
    assert body(response) == weni_field("nick_name", "NICK NAME")


def test_weni_update_to_another_fields_label(weni: Org) -> None:
    weni.seed(fields=[{"label": "Nick Name"}, {"label": "Age"}])
    response = weni.api.post("fields", {"label": "age", "value_type": "text"}, key="nick_name")
    assert response.status_code == 400
    assert body(response) == {"label": ["This field must be unique."]}


def test_weni_update_to_another_fields_key(weni: Org) -> None:
    weni.seed(fields=[{"label": "Nick Name"}, {"label": "Age"}])
    response = weni.api.post("fields", {"label": "age-", "value_type": "text"}, key="nick_name")
    assert response.status_code == 400
    assert body(response) == {
        "label": ['Generated key "age" conflicts with an existing contact field.']
    }


def test_weni_update_still_requires_both_keys(weni: Org) -> None:
    weni.seed(fields=[{"label": "Nick Name"}])
    response = weni.api.post("fields", {"label": "Alias"}, key="nick_name")
    assert response.status_code == 400
    assert body(response) == {"value_type": ["This field is required."]}


def test_weni_type_change_of_a_campaign_date_field_is_refused(weni: Org) -> None:
    # Weni has no serializer check and crashes (plain-text 500, rapidpro-fidelity.md §6,
    # derived). The sandbox never answers 500: it refuses with upstream's message instead,
    # a divergence the README's fidelity notes list.
    weni.seed(
        fields=[{"label": "Registered", "value_type": "datetime", "usages": {"campaign_events": 1}}]
    )
    response = weni.api.post(
        "fields", {"label": "Registered", "value_type": "text"}, key="registered"
    )
    assert response.status_code == 400
    assert body(response) == {
        "value_type": ["Can't change type of date field being used by campaign events."]
    }
    assert body(weni.api.get("fields"))["results"][0]["value_type"] == "datetime"


# -- POST create / update: upstream ------------------------------------------------------------


def test_upstream_create_with_name_and_type(up: Org) -> None:
    response = up.api.post("fields", {"name": "Nick Name", "type": "number"})
    assert response.status_code == 201
    assert body(response) == upstream_field("nick_name", "Nick Name", "numeric")
    assert body(up.api.get("fields"))["results"] == [
        upstream_field("nick_name", "Nick Name", "numeric")
    ]


def test_upstream_create_with_legacy_label_and_value_type(up: Org) -> None:
    response = up.api.post("fields", {"label": "Age", "value_type": "numeric"})
    assert response.status_code == 201
    assert body(response) == upstream_field("age", "Age", "numeric")


@pytest.mark.parametrize(
    ("engine", "legacy"),
    [
        ("text", "text"),
        ("number", "numeric"),
        ("datetime", "datetime"),
        ("state", "state"),
        ("district", "district"),
        ("ward", "ward"),
    ],
)
def test_upstream_each_type(up: Org, engine: str, legacy: str) -> None:
    response = up.api.post("fields", {"name": "Thing", "type": engine})
    assert response.status_code == 201
    assert body(response) == upstream_field("thing", "Thing", legacy)


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({}, {"non_field_errors": ["Field 'name' is required."]}),
        ({"type": "text"}, {"non_field_errors": ["Field 'name' is required."]}),
        ({"value_type": "text"}, {"non_field_errors": ["Field 'name' is required."]}),
        ({"name": "Age"}, {"non_field_errors": ["Field 'type' is required."]}),
        ({"label": "Age"}, {"non_field_errors": ["Field 'type' is required."]}),
        ({"name": "Age", "type": "video"}, {"type": ['"video" is not a valid choice.']}),
        ({"name": "Age", "type": "numeric"}, {"type": ['"numeric" is not a valid choice.']}),
        (
            {"label": "Age", "value_type": "number"},
            {"value_type": ['"number" is not a valid choice.']},
        ),
        (
            {"name": "nick_name", "type": "text"},
            {"name": ["Can only contain letters, numbers and hypens."]},
        ),
        (
            {"name": "!@#$%", "type": "text"},
            {"name": ["Can only contain letters, numbers and hypens."]},
        ),
        (
            {"label": "nick_name", "value_type": "text"},
            {"label": ["Can only contain letters, numbers and hypens."]},
        ),
        (
            {"name": "A" * 37, "type": "text"},
            {"name": ["Ensure this field has no more than 36 characters."]},
        ),
        (
            {"name": "1st Name", "type": "text"},
            {"name": ['Generated key "1st_name" is invalid or a reserved name.']},
        ),
        ({"name": "", "type": "text"}, {"name": ["This field may not be blank."]}),
    ],
)
def test_upstream_create_errors(up: Org, payload: dict[str, Any], errors: dict[str, Any]) -> None:
    response = up.api.post("fields", payload)
    assert response.status_code == 400
    assert body(response) == errors
    assert body(up.api.get("fields"))["results"] == []


@pytest.mark.parametrize(
    ("name", "key"),
    [("Has", "has"), ("Is", "is"), ("Fields", "fields"), ("URNs", "urns")],
)
def test_upstream_reserved_keys(up: Org, name: str, key: str) -> None:
    response = up.api.post("fields", {"name": name, "type": "text"})
    assert response.status_code == 400
    assert body(response) == {"name": [f'Generated key "{key}" is invalid or a reserved name.']}


@pytest.mark.parametrize("name", ["Created On", "last seen on"])
def test_upstream_system_field_names_are_taken(up: Org, name: str) -> None:
    # The unique check runs over ContactField.objects, which holds the system proxies
    # "Created On" and "Last Seen On" (rapidpro-fidelity.md §6 NY).
    response = up.api.post("fields", {"name": name, "type": "datetime"})
    assert response.status_code == 400
    assert body(response) == {"name": ["This field must be unique."]}


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Tel", "tel"),
        ("WhatsApp", "whatsapp"),
        ("Name", "name"),
        ("Language", "language"),
        ("Created By", "created_by"),
        ("First Name", "first_name"),
        ("Groups", "groups"),
        ("UUID", "uuid"),
    ],
)
def test_upstream_allows_keys_only_weni_reserves(up: Org, name: str, key: str) -> None:
    response = up.api.post("fields", {"name": name, "type": "text"})
    assert response.status_code == 201
    assert body(response) == upstream_field(key, name)


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"name": "nick name", "type": "text"}, {"name": ["This field must be unique."]}),
        ({"label": "NICK NAME", "value_type": "text"}, {"label": ["This field must be unique."]}),
    ],
)
def test_upstream_name_unique_ignoring_case(
    up: Org, payload: dict[str, str], errors: dict[str, Any]
) -> None:
    up.seed(fields=[{"name": "Nick Name"}])
    response = up.api.post("fields", payload)
    assert response.status_code == 400
    assert body(response) == errors


def test_upstream_limit_is_a_409(up: Org) -> None:
    up.seed(fields=many_fields(250))
    response = up.api.post("fields", {"name": "One More", "type": "text"})
    assert response.status_code == 409
    assert body(response) == UPSTREAM_LIMIT
    assert len(body(up.api.get("fields"))["results"]) == 250


def test_upstream_limit_is_checked_before_the_body(up: Org) -> None:
    up.seed(fields=many_fields(250))
    response = up.api.post("fields", {})
    assert response.status_code == 409
    assert body(response) == UPSTREAM_LIMIT
    broken = up.api.client.post(
        up.api.url("fields"),
        data="{not json",
        content_type="application/json",
        headers=up.api.headers(),
    )
    assert broken.status_code == 409
    assert body(broken) == UPSTREAM_LIMIT


def test_upstream_update_allowed_at_the_limit(up: Org) -> None:
    up.seed(fields=many_fields(250))
    response = up.api.post("fields", {"name": "Renamed", "type": "number"}, key="field_007")
    assert response.status_code == 200
    assert body(response) == upstream_field("field_007", "Renamed", "numeric")


def test_upstream_update_keeps_the_key(up: Org) -> None:
    up.seed(fields=[{"name": "Age", "type": "number"}])
    response = up.api.post("fields", {"name": "Real Age", "type": "datetime"}, key="age")
    assert response.status_code == 200
    assert body(response) == upstream_field("age", "Real Age", "datetime")
    assert body(up.api.get("fields"))["results"] == [upstream_field("age", "Real Age", "datetime")]


def test_upstream_update_keeps_usages_and_settings(up: Org) -> None:
    up.seed(
        fields=[
            {
                "name": "Age",
                "type": "number",
                "featured": True,
                "priority": 5,
                "agent_access": "edit",
                "usages": {"flows": 4},
            }
        ]
    )
    response = up.api.post("fields", {"label": "Years", "value_type": "numeric"}, key="age")
    assert response.status_code == 200
    assert body(response) == upstream_field(
        "age",
        "Years",
        "numeric",
        featured=True,
        priority=5,
        agent_access="edit",
        usages={"flows": 4, "groups": 0, "campaign_events": 0},
    )


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"type": "text"}, "Field 'name' is required."),
        ({"name": "Age"}, "Field 'type' is required."),
    ],
)
def test_upstream_update_requires_name_and_type(
    up: Org, payload: dict[str, str], message: str
) -> None:
    up.seed(fields=[{"name": "Age", "type": "number"}])
    response = up.api.post("fields", payload, key="age")
    assert response.status_code == 400
    assert body(response) == {"non_field_errors": [message]}


def test_upstream_update_may_keep_its_own_name_in_another_case(up: Org) -> None:
    up.seed(fields=[{"name": "Age", "type": "number"}])
    response = up.api.post("fields", {"name": "AGE", "type": "number"}, key="age")
    assert response.status_code == 200
    assert body(response) == upstream_field("age", "AGE", "numeric")


CAMPAIGN_DATE = {"name": "Registered", "type": "datetime", "usages": {"campaign_events": 1}}


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        (
            {"name": "Registered", "type": "text"},
            {"type": ["Can't change type of date field being used by campaign events."]},
        ),
        (
            {"label": "Registered", "value_type": "numeric"},
            {"value_type": ["Can't change type of date field being used by campaign events."]},
        ),
    ],
)
def test_upstream_campaign_date_field_keeps_its_type(
    up: Org, payload: dict[str, str], errors: dict[str, Any]
) -> None:
    up.seed(fields=[CAMPAIGN_DATE])
    response = up.api.post("fields", payload, key="registered")
    assert response.status_code == 400
    assert body(response) == errors
    assert body(up.api.get("fields"))["results"][0]["type"] == "datetime"


def test_upstream_campaign_date_field_may_be_renamed(up: Org) -> None:
    up.seed(fields=[CAMPAIGN_DATE])
    response = up.api.post(
        "fields", {"name": "Registered On", "type": "datetime"}, key="registered"
    )
    assert response.status_code == 200
    assert body(response) == upstream_field(
        "registered",
        "Registered On",
        "datetime",
        usages={"flows": 0, "groups": 0, "campaign_events": 1},
    )


def test_upstream_unused_date_field_may_change_type(up: Org) -> None:
    up.seed(fields=[{"name": "Registered", "type": "datetime", "usages": {"flows": 2}}])
    response = up.api.post("fields", {"name": "Registered", "type": "text"}, key="registered")
    assert response.status_code == 200
    assert body(response)["type"] == "text"


# -- POST update: shared -----------------------------------------------------------------------


@pytest.fixture
def not_found(org: Org) -> dict[str, str]:
    detail = "Not found." if org.profile == "weni" else "No ContactField matches the given query."
    return {"detail": detail}


def test_update_unknown_key(org: Org, not_found: dict[str, str]) -> None:
    response = org.api.post("fields", create_body(org, "Something"), key="nope")
    assert response.status_code == 404
    assert body(response) == not_found


def test_update_unknown_key_is_checked_before_the_body(org: Org, not_found: dict[str, str]) -> None:
    response = org.api.post("fields", {"label": "!!!", "value_type": "video"}, key="nope")
    assert response.status_code == 404
    assert body(response) == not_found


def test_update_key_of_another_workspace(
    org: Org, sandbox: Sandbox, not_found: dict[str, str]
) -> None:
    secret = {"rapidpro": {"fields": [{"label": "Secret"}]}}
    sandbox.load_fixtures({"workspaces": {"other": secret}})
    response = org.api.post("fields", create_body(org, "Mine"), key="secret")
    assert response.status_code == 404
    assert body(response) == not_found


def test_other_workspaces_may_reuse_a_label(org: Org, sandbox: Sandbox) -> None:
    sandbox.load_fixtures({"workspaces": {"other": {"rapidpro": {"fields": [{"label": "Age"}]}}}})
    response = org.api.post("fields", create_body(org, "Age", "numeric"))
    assert response.status_code == 201
    assert body(response) == field_of(org, "age", "Age", "numeric")


# -- DELETE ------------------------------------------------------------------------------------


def test_delete_is_not_allowed(org: Org) -> None:
    org.seed(fields=[{"label": "Age"}])
    response = org.api.delete("fields", key="age")
    assert response.status_code == 405
    assert body(response) == {"detail": 'Method "DELETE" not allowed.'}
    assert response.headers["Allow"] == "GET, POST, HEAD, OPTIONS"
    assert body(org.api.get("fields"))["results"] == [field_of(org, "age", "Age")]
