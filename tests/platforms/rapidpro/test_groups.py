"""HTTP tests of /rapidpro/api/v2/groups.json in both profiles.

Oracle: ../shared/reference/rapidpro.md §4 and docs/rapidpro-fidelity.md §7 (Weni Flows =
profile `weni`, nyaruka/rapidpro = profile `upstream`).
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from sandbox.core.sandbox import Sandbox
from tests.platforms.rapidpro import helpers
from tests.platforms.rapidpro.helpers import (
    ANA,
    BOB,
    CAMPAIGN,
    FARMERS,
    FLOW,
    OPEN_TICKETS_IN,
    REPORTERS,
    TICKETS,
    UPSTREAM_LIMIT,
    Org,
    body,
    many_groups,
)

WENI_LIMIT = {
    "non_field_errors": [
        "This org has 250 groups and the limit is 250. "
        "You must delete existing ones before you can create new ones."
    ]
}
NO_UUID_PARAM = {"detail": "URL must contain one of the following parameters: uuid"}
BOTH_FILTERS = {"detail": "You may only specify one of the uuid, name parameters"}

FLOW2 = "f2f2f2f2-2222-4222-8222-222222222222"


class GroupsOrg(Org):
    """An Org that knows how its profile shows groups."""

    def group(
        self,
        group_uuid: str,
        name: str,
        *,
        count: int = 0,
        query: str | None = None,
        status: str = "ready",
        system: bool = False,
    ) -> dict[str, Any]:
        """A group as this profile represents it."""
        values: dict[str, Any] = {"uuid": group_uuid, "name": name, "query": query}
        values["status"] = status
        if self.profile == "upstream":
            values["system"] = system
        values["count"] = count
        return values

    @property
    def new_org_groups(self) -> list[dict[str, Any]]:
        """What a new org lists besides its own groups: upstream's "Open Tickets" (created
        with the org, so listed last); nothing in Weni, which hides system groups."""
        if self.profile == "weni":
            return []
        tickets = OPEN_TICKETS_IN[self.workspace]
        return [self.group(tickets, "Open Tickets", query="tickets > 0", system=True)]

    @property
    def not_found(self) -> dict[str, str]:
        if self.profile == "weni":
            return {"detail": "Not found."}
        return {"detail": "No ContactGroup matches the given query."}


@pytest.fixture
def org_type() -> type[GroupsOrg]:
    """`weni`, `up` and `org` are GroupsOrgs."""
    return GroupsOrg


def results(org: GroupsOrg, **params: str) -> list[dict[str, Any]]:
    response = org.api.get("groups", **params)
    assert response.status_code == 200
    return body(response)["results"]


# -- GET ---------------------------------------------------------------------------------------


def test_get_empty_org(org: GroupsOrg) -> None:
    response = org.api.get("groups")
    assert response.status_code == 200
    assert body(response) == {"next": None, "previous": None, "results": org.new_org_groups}


def test_get_lists_groups_newest_first(org: GroupsOrg) -> None:
    org.seed(
        groups=[
            {"uuid": REPORTERS, "name": "Reporters", "created_on": "2026-01-01T00:00:00Z"},
            {"uuid": FARMERS, "name": "Farmers", "created_on": "2026-02-01T00:00:00Z"},
            {
                "uuid": TICKETS,
                "name": "Adults",
                "query": "age > 18",
                "status": "evaluating",
                "created_on": "2026-01-15T00:00:00Z",
            },
        ]
    )
    response = org.api.get("groups")
    assert response.status_code == 200
    assert body(response) == {
        "next": None,
        "previous": None,
        "results": [
            org.group(FARMERS, "Farmers"),
            org.group(TICKETS, "Adults", query="age > 18", status="evaluating"),
            org.group(REPORTERS, "Reporters"),
            *org.new_org_groups,
        ],
    }


def test_get_hides_initializing_groups(org: GroupsOrg) -> None:
    org.seed(
        groups=[
            {"uuid": REPORTERS, "name": "Reporters"},
            {"uuid": FARMERS, "name": "Farmers", "query": "age > 1", "status": "initializing"},
        ]
    )
    assert results(org) == [org.group(REPORTERS, "Reporters"), *org.new_org_groups]
    assert results(org, uuid=FARMERS) == []


def test_get_filter_by_uuid(org: GroupsOrg) -> None:
    org.seed(
        groups=[{"uuid": REPORTERS, "name": "Reporters"}, {"uuid": FARMERS, "name": "Farmers"}]
    )
    assert results(org, uuid=FARMERS) == [org.group(FARMERS, "Farmers")]


@pytest.mark.parametrize("name", ["Farmers", "farmers", "FARMERS"])
def test_get_filter_by_name_ignores_case(org: GroupsOrg, name: str) -> None:
    org.seed(
        groups=[{"uuid": REPORTERS, "name": "Reporters"}, {"uuid": FARMERS, "name": "Farmers"}]
    )
    assert results(org, name=name) == [org.group(FARMERS, "Farmers")]


@pytest.mark.parametrize("name", ["Farm", "Farmers ", "Farmerss"])
def test_get_filter_by_name_is_exact(org: GroupsOrg, name: str) -> None:
    org.seed(groups=[{"uuid": FARMERS, "name": "Farmers"}])
    assert results(org, name=name) == []


def test_get_uuid_and_name_together(org: GroupsOrg) -> None:
    org.seed(groups=[{"uuid": FARMERS, "name": "Farmers"}])
    response = org.api.get("groups", uuid=FARMERS, name="Farmers")
    assert response.status_code == 400
    assert body(response) == BOTH_FILTERS


def test_get_pages_250_at_a_time(org: GroupsOrg) -> None:
    org.seed(groups=many_groups(251))
    page = body(org.api.get("groups"))
    assert len(page["results"]) == 250
    assert page["results"][0]["name"] == "Group 250"
    assert page["previous"] is None
    assert page["next"].startswith("http://localhost/rapidpro/api/v2/groups.json?cursor=")
    following = org.api.client.get(page["next"], headers=org.api.headers())
    assert following.status_code == 200
    rest = body(following)
    first = rest["results"][0]
    assert rest["results"] == [org.group(first["uuid"], "Group 000"), *org.new_org_groups]
    assert rest["next"] is None
    assert rest["previous"] is not None


# -- system groups -----------------------------------------------------------------------------

SYSTEM_GROUPS = [
    {"uuid": TICKETS, "name": "Open Tickets", "query": "tickets > 0", "system": True},
    {"uuid": REPORTERS, "name": "Reporters", "created_on": "2026-01-01T00:00:00Z"},
]


def test_upstream_lists_system_groups(up: GroupsOrg) -> None:
    up.seed(groups=SYSTEM_GROUPS)
    assert results(up) == [
        up.group(TICKETS, "Open Tickets", query="tickets > 0", system=True),
        up.group(REPORTERS, "Reporters"),
    ]
    assert results(up, uuid=TICKETS) == [
        up.group(TICKETS, "Open Tickets", query="tickets > 0", system=True)
    ]


def test_weni_hides_system_groups(weni: GroupsOrg) -> None:
    weni.seed(groups=SYSTEM_GROUPS)
    assert results(weni) == [weni.group(REPORTERS, "Reporters")]
    assert results(weni, uuid=TICKETS) == []
    assert results(weni, name="Open Tickets") == []


def test_upstream_system_group_cannot_be_renamed(up: GroupsOrg) -> None:
    up.seed(groups=SYSTEM_GROUPS)
    response = up.api.post("groups", {"name": "Tickets"}, uuid=TICKETS)
    assert response.status_code == 403
    assert body(response) == {"detail": "Cannot modify system object."}


def test_upstream_system_group_cannot_be_deleted(up: GroupsOrg) -> None:
    up.seed(groups=SYSTEM_GROUPS)
    response = up.api.delete("groups", uuid=TICKETS)
    assert response.status_code == 403
    assert body(response) == {"detail": "Cannot delete system object."}
    assert len(results(up)) == 2


def test_upstream_system_group_names_are_taken(up: GroupsOrg) -> None:
    up.seed(groups=SYSTEM_GROUPS)
    response = up.api.post("groups", {"name": "open tickets"})
    assert response.status_code == 400
    assert body(response) == {"name": ["This field must be unique."]}


def test_weni_system_groups_are_not_found(weni: GroupsOrg) -> None:
    weni.seed(groups=SYSTEM_GROUPS)
    renamed = weni.api.post("groups", {"name": "Tickets"}, uuid=TICKETS)
    assert renamed.status_code == 404
    assert body(renamed) == {"detail": "Not found."}
    deleted = weni.api.delete("groups", uuid=TICKETS)
    assert deleted.status_code == 404
    assert body(deleted) == {"detail": "Not found."}


def test_weni_may_reuse_a_system_group_name(weni: GroupsOrg) -> None:
    weni.seed(groups=SYSTEM_GROUPS)
    response = weni.api.post("groups", {"name": "Open Tickets"})
    assert response.status_code == 201
    assert body(response)["name"] == "Open Tickets"


def test_upstream_system_groups_do_not_count_against_the_limit(up: GroupsOrg) -> None:
    # NY ContactGroup.get_org_limit_progress counts active groups with is_system=False
    # (temba/orgs/models.py, "not user created, doesn't count against limits").
    up.seed(groups=[*many_groups(249), {"name": "Open Tickets", "query": "t > 0", "system": True}])
    response = up.api.post("groups", {"name": "Last One"})
    assert response.status_code == 201
    assert body(up.api.post("groups", {"name": "Too Many"})) == UPSTREAM_LIMIT


# -- POST create -------------------------------------------------------------------------------


def test_create(org: GroupsOrg) -> None:
    response = org.api.post("groups", {"name": "Reporters"})
    assert response.status_code == 201
    created = body(response)
    group_uuid = created["uuid"]
    assert str(uuid.UUID(group_uuid)) == group_uuid
    assert created == org.group(group_uuid, "Reporters")
    assert results(org) == [org.group(group_uuid, "Reporters"), *org.new_org_groups]


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("  Foo  ", "Foo"),
        ("Žena & Co.", "Žena & Co."),
        ("G" * 64, "G" * 64),
        ("_hidden", "_hidden"),
        ("9 lives", "9 lives"),
    ],
)
def test_create_accepts_names(org: GroupsOrg, name: str, stored: str) -> None:
    response = org.api.post("groups", {"name": name})
    assert response.status_code == 201
    assert body(response)["name"] == stored


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({}, {"name": ["This field is required."]}),
        ({"name": ""}, {"name": ["This field may not be blank."]}),
        ({"name": "   "}, {"name": ["This field may not be blank."]}),
        ({"name": None}, {"name": ["This field may not be null."]}),
        ({"name": ["Reporters"]}, {"name": ["Not a valid string."]}),
    ],
)
def test_create_errors_in_both_profiles(
    org: GroupsOrg, payload: dict[str, Any], errors: dict[str, Any]
) -> None:
    response = org.api.post("groups", payload)
    assert response.status_code == 400
    assert body(response) == errors
    assert results(org) == org.new_org_groups


@pytest.mark.parametrize(
    ("name", "errors"),
    [
        ("!!!#$%^", ["Name contains illegal characters."]),
        ("-Reporters", ["Name contains illegal characters."]),
        ("G" * 65, ["Ensure this field has no more than 64 characters."]),
        ("A\x00B", ["Null characters are not allowed."]),
    ],
)
def test_weni_name_errors(weni: GroupsOrg, name: str, errors: list[str]) -> None:
    response = weni.api.post("groups", {"name": name})
    assert response.status_code == 400
    assert body(response) == {"name": errors}


@pytest.mark.parametrize("name", ['Say "hi"', "back\\slash"])
def test_weni_allows_quotes_and_backslashes(weni: GroupsOrg, name: str) -> None:
    response = weni.api.post("groups", {"name": name})
    assert response.status_code == 201
    assert body(response)["name"] == name


@pytest.mark.parametrize(
    ("name", "errors"),
    [
        ('Say "hi"', ['Cannot contain the character: "']),
        ("back\\slash", ["Cannot contain the character: \\"]),
        ("A\x00B", ["Cannot contain null characters.", "Null characters are not allowed."]),
        (
            "G" * 65,
            [
                "Cannot be longer than 64 characters.",
                "Ensure this field has no more than 64 characters.",
            ],
        ),
    ],
)
def test_upstream_name_validator(up: GroupsOrg, name: str, errors: list[str]) -> None:
    response = up.api.post("groups", {"name": name})
    assert response.status_code == 400
    assert body(response) == {"name": errors}


@pytest.mark.parametrize("name", ["!!!#$%^", "-Reporters"])
def test_upstream_allows_names_weni_refuses(up: GroupsOrg, name: str) -> None:
    response = up.api.post("groups", {"name": name})
    assert response.status_code == 201
    assert body(response)["name"] == name


@pytest.mark.parametrize("name", ["reporters", "REPORTERS", " Reporters "])
def test_create_duplicate_name_ignoring_case(org: GroupsOrg, name: str) -> None:
    org.seed(groups=[{"uuid": REPORTERS, "name": "Reporters"}])
    response = org.api.post("groups", {"name": name})
    assert response.status_code == 400
    assert body(response) == {"name": ["This field must be unique."]}
    assert results(org) == [org.group(REPORTERS, "Reporters"), *org.new_org_groups]


def test_other_workspaces_may_reuse_a_name(org: GroupsOrg, sandbox: Sandbox) -> None:
    sandbox.load_fixtures(
        {"workspaces": {"other": {"rapidpro": {"groups": [{"name": "Farmers"}]}}}}
    )
    response = org.api.post("groups", {"name": "Farmers"})
    assert response.status_code == 201


def test_weni_create_at_the_limit(weni: GroupsOrg) -> None:
    weni.seed(groups=many_groups(250))
    response = weni.api.post("groups", {"name": "One More"})
    assert response.status_code == 400
    assert body(response) == WENI_LIMIT
    assert len(results(weni)) == 250


def test_weni_name_errors_come_before_the_limit(weni: GroupsOrg) -> None:
    weni.seed(groups=many_groups(250))
    response = weni.api.post("groups", {"name": "group 001"})
    assert response.status_code == 400
    assert body(response) == {"name": ["This field must be unique."]}


def test_weni_limit_also_blocks_renames(weni: GroupsOrg) -> None:
    weni.seed(groups=[*many_groups(249), {"uuid": REPORTERS, "name": "Reporters"}])
    response = weni.api.post("groups", {"name": "Journalists"}, uuid=REPORTERS)
    assert response.status_code == 400
    assert body(response) == WENI_LIMIT
    assert results(weni, uuid=REPORTERS) == [weni.group(REPORTERS, "Reporters")]


def test_weni_one_below_the_limit(weni: GroupsOrg) -> None:
    weni.seed(groups=many_groups(249))
    assert weni.api.post("groups", {"name": "Last One"}).status_code == 201
    response = weni.api.post("groups", {"name": "Too Many"})
    assert response.status_code == 400
    assert body(response) == WENI_LIMIT


def test_upstream_create_at_the_limit(up: GroupsOrg) -> None:
    up.seed(groups=many_groups(250))
    response = up.api.post("groups", {"name": "One More"})
    assert response.status_code == 409
    assert body(response) == UPSTREAM_LIMIT
    assert len(results(up)) == 250


def test_upstream_limit_is_checked_before_the_body(up: GroupsOrg) -> None:
    up.seed(groups=many_groups(250))
    response = up.api.post("groups", {"name": "group 001"})
    assert response.status_code == 409
    assert body(response) == UPSTREAM_LIMIT
    assert body(up.api.post("groups", {})) == UPSTREAM_LIMIT


def test_upstream_renames_allowed_at_the_limit(up: GroupsOrg) -> None:
    up.seed(groups=[*many_groups(249), {"uuid": REPORTERS, "name": "Reporters"}])
    response = up.api.post("groups", {"name": "Journalists"}, uuid=REPORTERS)
    assert response.status_code == 200
    assert body(response) == up.group(REPORTERS, "Journalists")


# -- POST rename -------------------------------------------------------------------------------


def test_rename(org: GroupsOrg) -> None:
    org.seed(
        groups=[{"uuid": REPORTERS, "name": "Reporters"}],
        contacts=[{"uuid": ANA, "name": "Ana", "groups": ["Reporters"]}],
    )
    response = org.api.post("groups", {"name": "Journalists"}, uuid=REPORTERS)
    assert response.status_code == 200
    assert body(response) == org.group(REPORTERS, "Journalists", count=1)
    assert results(org) == [org.group(REPORTERS, "Journalists", count=1), *org.new_org_groups]
    contact = body(org.api.get("contacts", uuid=ANA))["results"][0]
    assert contact["groups"] == [{"uuid": REPORTERS, "name": "Journalists"}]


def test_rename_to_own_name_in_another_case(org: GroupsOrg) -> None:
    org.seed(groups=[{"uuid": REPORTERS, "name": "Reporters"}])
    response = org.api.post("groups", {"name": "REPORTERS"}, uuid=REPORTERS)
    assert response.status_code == 200
    assert body(response) == org.group(REPORTERS, "REPORTERS")


def test_rename_to_another_groups_name(org: GroupsOrg) -> None:
    org.seed(
        groups=[{"uuid": REPORTERS, "name": "Reporters"}, {"uuid": FARMERS, "name": "Farmers"}]
    )
    response = org.api.post("groups", {"name": "farmers"}, uuid=REPORTERS)
    assert response.status_code == 400
    assert body(response) == {"name": ["This field must be unique."]}


def test_rename_requires_a_name(org: GroupsOrg) -> None:
    org.seed(groups=[{"uuid": REPORTERS, "name": "Reporters"}])
    response = org.api.post("groups", {}, uuid=REPORTERS)
    assert response.status_code == 400
    assert body(response) == {"name": ["This field is required."]}


def test_rename_unknown_group(org: GroupsOrg) -> None:
    org.seed(groups=[{"uuid": REPORTERS, "name": "Reporters"}])
    response = org.api.post("groups", {"name": "Journalists"}, uuid=FARMERS)
    assert response.status_code == 404
    assert body(response) == org.not_found


@pytest.mark.parametrize("method", ["post", "delete"])
def test_weni_malformed_uuid_is_not_found(weni: GroupsOrg, method: str) -> None:
    # Weni does not validate lookup UUIDs: a malformed one is just another miss.
    weni.seed(groups=[{"uuid": REPORTERS, "name": "Reporters"}])
    if method == "post":
        response = weni.api.post("groups", {"name": "Journalists"}, uuid="not-a-uuid")
    else:
        response = weni.api.delete("groups", uuid="not-a-uuid")
    assert response.status_code == 404
    assert body(response) == {"detail": "Not found."}


def test_rename_unknown_group_is_checked_before_the_body(org: GroupsOrg) -> None:
    response = org.api.post("groups", {"name": "!!!" * 30}, uuid=FARMERS)
    assert response.status_code == 404
    assert body(response) == org.not_found


def test_rename_another_workspaces_group(org: GroupsOrg, sandbox: Sandbox) -> None:
    other = {"groups": [{"uuid": FARMERS, "name": "Farmers"}]}
    sandbox.load_fixtures({"workspaces": {"other": {"rapidpro": other}}})
    response = org.api.post("groups", {"name": "Mine"}, uuid=FARMERS)
    assert response.status_code == 404
    assert body(response) == org.not_found


# -- DELETE ------------------------------------------------------------------------------------


def test_delete(org: GroupsOrg) -> None:
    org.seed(
        groups=[{"uuid": REPORTERS, "name": "Reporters"}, {"uuid": FARMERS, "name": "Farmers"}]
    )
    response = org.api.delete("groups", uuid=REPORTERS)
    assert response.status_code == 204
    assert response.get_data() == b""
    assert results(org) == [org.group(FARMERS, "Farmers"), *org.new_org_groups]
    # The name is free again.
    assert org.api.post("groups", {"name": "Reporters"}).status_code == 201


def test_delete_needs_a_uuid(org: GroupsOrg) -> None:
    org.seed(groups=[{"uuid": REPORTERS, "name": "Reporters"}])
    response = org.api.delete("groups", name="Reporters")
    assert response.status_code == 400
    assert body(response) == NO_UUID_PARAM
    assert len(results(org)) == 1 + len(org.new_org_groups)


def test_delete_unknown_group(org: GroupsOrg) -> None:
    response = org.api.delete("groups", uuid=FARMERS)
    assert response.status_code == 404
    assert body(response) == org.not_found


def test_delete_another_workspaces_group(org: GroupsOrg, sandbox: Sandbox) -> None:
    other = {"groups": [{"uuid": FARMERS, "name": "Farmers"}]}
    sandbox.load_fixtures({"workspaces": {"other": {"rapidpro": other}}})
    response = org.api.delete("groups", uuid=FARMERS)
    assert response.status_code == 404
    assert body(response) == org.not_found


def test_delete_removes_the_group_from_its_contacts(org: GroupsOrg) -> None:
    org.seed(
        groups=[{"uuid": REPORTERS, "name": "Reporters"}, {"uuid": FARMERS, "name": "Farmers"}],
        contacts=[
            {"uuid": ANA, "name": "Ana", "groups": ["Reporters", "Farmers"]},
            {"uuid": BOB, "name": "Bob", "groups": ["Reporters"]},
        ],
    )
    assert org.api.delete("groups", uuid=REPORTERS).status_code == 204
    ana = body(org.api.get("contacts", uuid=ANA))["results"][0]
    bob = body(org.api.get("contacts", uuid=BOB))["results"][0]
    assert ana["groups"] == [{"uuid": FARMERS, "name": "Farmers"}]
    assert bob["groups"] == []
    # An unknown group filter gives empty results (rapidpro.md §2.2).
    assert body(org.api.get("contacts", group=REPORTERS)) == {
        "next": None,
        "previous": None,
        "results": [],
    }


@pytest.mark.parametrize(
    ("uses", "detail"),
    [
        (
            {"triggers": [12]},
            "Group is being used by the following triggers which must be archived first: 12",
        ),
        (
            {"triggers": [12, 13]},
            "Group is being used by the following triggers which must be archived first: 12, 13",
        ),
        (
            {"flows": [FLOW]},
            f"Group is being used by the following flows which must be archived first: {FLOW}",
        ),
        (
            {"flows": [FLOW, FLOW2]},
            "Group is being used by the following flows which must be archived first: "
            f"{FLOW}, {FLOW2}",
        ),
        (
            {"campaigns": [CAMPAIGN]},
            "Group is being used by the following campaigns which must be archived first: "
            + CAMPAIGN,
        ),
        (
            {"triggers": [7], "flows": [FLOW], "campaigns": [CAMPAIGN]},
            "Group is being used by the following triggers which must be archived first: 7",
        ),
        (
            {"flows": [FLOW], "campaigns": [CAMPAIGN]},
            f"Group is being used by the following flows which must be archived first: {FLOW}",
        ),
    ],
)
def test_weni_delete_dependencies(weni: GroupsOrg, uses: dict[str, list[Any]], detail: str) -> None:
    weni.seed(groups=[{"uuid": REPORTERS, "name": "Reporters", **uses}])
    response = weni.api.delete("groups", uuid=REPORTERS)
    assert response.status_code == 400
    assert body(response) == {"detail": detail}
    assert results(weni) == [weni.group(REPORTERS, "Reporters")]


@pytest.mark.parametrize(
    ("uses", "detail"),
    [
        ({"triggers": [12, 13]}, "Group is being used by triggers which must be archived first."),
        (
            {"campaigns": [CAMPAIGN]},
            "Group is being used by campaigns which must be archived first.",
        ),
        (
            {"triggers": [7], "campaigns": [CAMPAIGN]},
            "Group is being used by triggers which must be archived first.",
        ),
    ],
)
def test_upstream_delete_dependencies(
    up: GroupsOrg, uses: dict[str, list[Any]], detail: str
) -> None:
    up.seed(groups=[{"uuid": REPORTERS, "name": "Reporters", **uses}])
    response = up.api.delete("groups", uuid=REPORTERS)
    assert response.status_code == 400
    assert body(response) == {"detail": detail}
    assert results(up) == [up.group(REPORTERS, "Reporters"), *up.new_org_groups]


def test_upstream_flows_do_not_block_a_delete(up: GroupsOrg) -> None:
    up.seed(groups=[{"uuid": REPORTERS, "name": "Reporters", "flows": [FLOW]}])
    response = up.api.delete("groups", uuid=REPORTERS)
    assert response.status_code == 204
    assert results(up) == up.new_org_groups


# -- count -------------------------------------------------------------------------------------


def test_count_counts_active_members_only(org: GroupsOrg) -> None:
    org.seed(
        groups=[{"uuid": REPORTERS, "name": "Reporters"}, {"uuid": FARMERS, "name": "Farmers"}],
        contacts=[
            {"uuid": ANA, "name": "Ana", "groups": ["Reporters", "Farmers"]},
            {"uuid": BOB, "name": "Bob", "groups": ["Reporters"]},
            {"uuid": helpers.GONE, "name": "Gone", "groups": ["Reporters"], "deleted": True},
        ],
    )
    assert results(org, uuid=REPORTERS) == [org.group(REPORTERS, "Reporters", count=2)]
    assert results(org, uuid=FARMERS) == [org.group(FARMERS, "Farmers", count=1)]


def test_count_follows_contact_writes(org: GroupsOrg) -> None:
    org.seed(
        groups=[{"uuid": REPORTERS, "name": "Reporters"}],
        contacts=[{"uuid": ANA, "name": "Ana", "groups": ["Reporters"]}],
    )
    created = org.api.post("contacts", {"name": "Cid", "groups": [REPORTERS]})
    assert created.status_code == 201
    assert results(org)[0]["count"] == 2
    assert org.api.delete("contacts", uuid=ANA).status_code == 204
    assert results(org)[0]["count"] == 1
    left = org.api.post("contacts", {"groups": []}, uuid=body(created)["uuid"])
    assert left.status_code == 200
    assert results(org)[0]["count"] == 0
