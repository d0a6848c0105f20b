"""Model tests (no HTTP) of sandbox/platforms/rapidpro/models/fields.py and groups.py.

Oracle: ../shared/reference/rapidpro.md §3-§4 and docs/rapidpro-fidelity.md §6-§7.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from sandbox.core.errors import VendorError
from sandbox.core.sandbox import Sandbox
from sandbox.core.storage import Record
from sandbox.platforms.rapidpro.errors import (
    InvalidQuery,
    LimitReached,
    ObjectNotFound,
    PermissionDenied,
    ValidationFailed,
)
from sandbox.platforms.rapidpro.models.common import GROUPS
from sandbox.platforms.rapidpro.models.fields import make_key, new_field
from sandbox.platforms.rapidpro.models.groups import new_group
from tests.platforms.rapidpro.helpers import (
    ANA,
    BOB,
    CAMPAIGN,
    FARMERS,
    FLOW,
    GONE,
    OPEN_TICKETS_IN,
    REPORTERS,
    STORED_NOW,
    TICKETS,
    OrgModels,
    load_rapidpro,
    many_fields,
    many_groups,
    rapidpro_model,
    stored_group,
)


def org(sandbox: Sandbox, profile: str, **section: Any) -> OrgModels:
    """A RapidPro org in `profile`, loaded from a fixture section."""
    workspace = "default" if profile == "weni" else "up"
    if profile == "upstream":
        section = {"profile": "upstream", **section}
    load_rapidpro(sandbox, section, workspace)
    return rapidpro_model(sandbox, workspace)


def new_org(profile: str) -> list[str]:
    """The UUIDs of the system groups a new org lists (upstream's "Open Tickets")."""
    return [] if profile == "weni" else [OPEN_TICKETS_IN["up"]]


def raised(error: pytest.ExceptionInfo[VendorError]) -> tuple[int | None, Any]:
    return error.value.code, error.value.body


def field(api: OrgModels, key: str) -> Record:
    record = api.fields.get(key)
    assert record is not None, key
    return record


def group(api: OrgModels, group_uuid: str) -> Record:
    """A stored group, system ones included (Groups.get hides those in the weni profile)."""
    record = api.backend.store.first(GROUPS, api.backend.workspace, uuid=group_uuid)
    assert record is not None, group_uuid
    return record


@pytest.fixture(params=["weni", "upstream"])
def profile(request: pytest.FixtureRequest) -> str:
    return request.param


# -- make_key ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("Nick Name", "nick_name"),
        ("nick-name", "nick_name"),
        ("nick_name", "nick_name"),
        ("Nick  --  Name", "nick_name"),
        ("  Home Town  ", "home_town"),
        ("__Score__", "score"),
        ("Age2", "age2"),
        ("1st Name", "1st_name"),
        ("Created By", "created_by"),
        ("Tel", "tel"),
        ("Çà Va", "va"),
        ("!@#$%", ""),
        ("", ""),
    ],
)
def test_make_key(label: str, key: str) -> None:
    assert make_key(label) == key


# -- field naming rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "errors"),
    [
        ("Nick Name", []),
        ("nick_name-2", []),
        ("A" * 36, []),
        ("A" * 37, ["Can only contain letters, numbers, hyphens and underscores."]),
        ("Nick.Name", ["Can only contain letters, numbers, hyphens and underscores."]),
        ("Ñame", ["Can only contain letters, numbers, hyphens and underscores."]),
        ("1st", ['Generated key "1st" is invalid or a reserved name.']),
        ("Created By", ['Generated key "created_by" is invalid or a reserved name.']),
        ("Modified By", ['Generated key "modified_by" is invalid or a reserved name.']),
        ("Whatsapp", ['Generated key "whatsapp" is invalid or a reserved name.']),
        ("Weniwebchat", ['Generated key "weniwebchat" is invalid or a reserved name.']),
        ("Fields", []),
        ("Last Seen On", []),
        ("Age", ['Generated key "age" conflicts with an existing contact field.']),
    ],
)
def test_weni_label_errors(sandbox: Sandbox, label: str, errors: list[str]) -> None:
    api = org(sandbox, "weni", fields=[{"label": "Age"}])
    assert api.fields.label_errors(label, None) == errors


def test_weni_label_errors_ignore_the_field_itself(sandbox: Sandbox) -> None:
    api = org(sandbox, "weni", fields=[{"label": "Age"}, {"label": "Name X", "key": "other"}])
    assert api.fields.label_errors("age", field(api, "age")) == []
    assert api.fields.label_errors("age", field(api, "other")) == [
        'Generated key "age" conflicts with an existing contact field.'
    ]


@pytest.mark.parametrize(
    ("name", "errors"),
    [
        ("Nick Name", []),
        ("Nick-Name 2", []),
        ("A" * 36, []),
        ("A" * 37, ["Can only contain letters, numbers and hypens."]),
        ("nick_name", ["Can only contain letters, numbers and hypens."]),
        (" Padded", ["Can only contain letters, numbers and hypens."]),
        ("1st", ['Generated key "1st" is invalid or a reserved name.']),
        ("Has", ['Generated key "has" is invalid or a reserved name.']),
        ("Is", ['Generated key "is" is invalid or a reserved name.']),
        ("Fields", ['Generated key "fields" is invalid or a reserved name.']),
        ("URNs", ['Generated key "urns" is invalid or a reserved name.']),
        ("Created On", ['Generated key "created_on" is invalid or a reserved name.']),
        ("Last Seen On", ['Generated key "last_seen_on" is invalid or a reserved name.']),
        ("Created By", []),
        ("Tel", []),
        ("Name", []),
    ],
)
def test_upstream_name_errors(sandbox: Sandbox, name: str, errors: list[str]) -> None:
    api = org(sandbox, "upstream")
    assert api.fields.name_errors(name) == errors


def test_label_taken_ignores_case_and_the_field_itself(sandbox: Sandbox, profile: str) -> None:
    api = org(sandbox, profile, fields=[{"label": "Nick Name"}, {"label": "Age"}])
    assert api.fields.label_taken("NICK NAME", None)
    assert api.fields.label_taken("nick name", field(api, "age"))
    assert not api.fields.label_taken("nick name", field(api, "nick_name"))
    assert not api.fields.label_taken("Nick", None)


# -- field limits ------------------------------------------------------------------------------


def test_upstream_field_limit(sandbox: Sandbox) -> None:
    api = org(sandbox, "upstream", fields=many_fields(250))
    with pytest.raises(LimitReached) as error:
        api.fields.check_limit(None)
    assert raised(error) == (
        409,
        "Cannot create object because workspace has reached limit of 250.",
    )
    api.fields.check_limit(field(api, "field_000"))  # updates are not limited


def test_upstream_below_the_field_limit(sandbox: Sandbox) -> None:
    api = org(sandbox, "upstream", fields=many_fields(249))
    api.fields.check_limit(None)


def test_weni_field_limit(sandbox: Sandbox) -> None:
    api = org(sandbox, "weni", fields=many_fields(250))
    api.fields.check_limit(None)  # Weni never answers 409
    with pytest.raises(ValidationFailed) as error:
        api.fields.weni_limit_error(None)
    assert raised(error) == (
        400,
        {
            "non_field_errors": [
                "This org has 250 contact fields and the limit is 250. "
                "You must delete existing ones before you can create new ones."
            ]
        },
    )
    api.fields.weni_limit_error(field(api, "field_000"))


def test_weni_limit_message_counts_what_is_there(sandbox: Sandbox) -> None:
    api = org(sandbox, "weni", fields=many_fields(260))
    with pytest.raises(ValidationFailed) as error:
        api.fields.weni_limit_error(None)
    assert error.value.body["non_field_errors"][0].startswith("This org has 260 contact fields")


# -- field lookups, queries, writes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile_name", "detail"),
    [("weni", "Not found."), ("upstream", "No ContactField matches the given query.")],
)
def test_field_lookup(sandbox: Sandbox, profile_name: str, detail: str) -> None:
    api = org(sandbox, profile_name, fields=[{"label": "Age"}])
    assert api.fields.lookup({}) is None
    assert api.fields.lookup({"key": "age"}) == field(api, "age")
    with pytest.raises(ObjectNotFound) as error:
        api.fields.lookup({"key": "Age"})
    assert raised(error) == (404, detail)


def test_field_query_is_newest_first_and_filters_by_key(sandbox: Sandbox, profile: str) -> None:
    api = org(
        sandbox,
        profile,
        fields=[
            {"label": "Old", "created_on": "2026-01-01T00:00:00Z"},
            {"label": "New", "created_on": "2026-02-01T00:00:00Z"},
            {"label": "Same A", "created_on": "2026-01-15T00:00:00Z"},
            {"label": "Same B", "created_on": "2026-01-15T00:00:00Z"},
        ],
    )
    assert [r["key"] for r in api.fields.query({})] == ["new", "same_b", "same_a", "old"]
    assert [r["key"] for r in api.fields.query({"key": "old"})] == ["old"]
    assert api.fields.query({"key": "nope"}) == []


def test_field_save_creates_with_a_key_from_the_label(
    sandbox: Sandbox, profile: str, frozen: datetime
) -> None:
    api = org(sandbox, profile)
    with sandbox.store.transaction():
        record, created = api.fields.save("  Nick Name ", "numeric", None)
    assert created
    assert dict(record) == new_field("nick_name", "Nick Name", "numeric", STORED_NOW)
    assert dict(field(api, "nick_name")) == dict(record)


def test_field_save_update_keeps_the_key(sandbox: Sandbox, profile: str) -> None:
    api = org(sandbox, profile, fields=[{"label": "Nick Name", "usages": {"flows": 2}}])
    with sandbox.store.transaction():
        record, created = api.fields.save("Alias", "datetime", field(api, "nick_name"))
    assert not created
    assert record["key"] == "nick_name"
    assert (record["label"], record["value_type"]) == ("Alias", "datetime")
    assert record["usages"] == {"flows": 2, "groups": 0, "campaign_events": 0}
    assert api.fields.get("alias") is None


def test_new_field_defaults() -> None:
    assert new_field("age", "Age", "numeric", STORED_NOW) == {
        "key": "age",
        "label": "Age",
        "value_type": "numeric",
        "featured": False,
        "priority": 0,
        "agent_access": "view",
        "usages": {"flows": 0, "groups": 0, "campaign_events": 0},
        "created_on": STORED_NOW,
    }


def test_field_represent_per_profile(sandbox: Sandbox) -> None:
    entry = {
        "label": "Age",
        "value_type": "numeric",
        "featured": True,
        "priority": 4,
        "agent_access": "edit",
        "usages": {"campaign_events": 1},
    }
    weni = org(sandbox, "weni", fields=[entry])
    assert weni.fields.represent(field(weni, "age")) == {
        "key": "age",
        "label": "Age",
        "value_type": "numeric",
        "pinned": True,
    }
    up = org(sandbox, "upstream", fields=[entry])
    represented = up.fields.represent(field(up, "age"))
    assert represented == {
        "key": "age",
        "name": "Age",
        "type": "number",
        "featured": True,
        "priority": 4,
        "usages": {"flows": 0, "groups": 0, "campaign_events": 1},
        "agent_access": "edit",
        "label": "Age",
        "value_type": "numeric",
    }
    assert list(represented) == [
        "key",
        "name",
        "type",
        "featured",
        "priority",
        "usages",
        "agent_access",
        "label",
        "value_type",
    ]


@pytest.mark.parametrize(
    ("value_type", "engine"),
    [
        ("text", "text"),
        ("numeric", "number"),
        ("datetime", "datetime"),
        ("state", "state"),
        ("district", "district"),
        ("ward", "ward"),
    ],
)
def test_upstream_type_names(sandbox: Sandbox, value_type: str, engine: str) -> None:
    api = org(sandbox, "upstream", fields=[{"label": "Thing", "value_type": value_type}])
    represented = api.fields.represent(field(api, "thing"))
    assert (represented["type"], represented["value_type"]) == (engine, value_type)


# -- group naming rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "errors"),
    [
        ("Reporters", []),
        ("_private", []),
        ("Ñandú", []),
        ("9 lives", []),
        ('Say "hi"', []),
        ("!!!#$%^", ["Name contains illegal characters."]),
        ("-dash", ["Name contains illegal characters."]),
        (" padded", ["Name contains illegal characters."]),
        ("", ["Name contains illegal characters."]),
        ("G" * 65, ["Name contains illegal characters."]),
    ],
)
def test_weni_group_name_errors(sandbox: Sandbox, name: str, errors: list[str]) -> None:
    api = org(sandbox, "weni")
    assert api.groups.name_errors(name) == errors


@pytest.mark.parametrize(
    ("name", "errors"),
    [
        ("Reporters", []),
        ("!!!#$%^", []),
        ("-dash", []),
        ("G" * 64, []),
        ("G" * 65, ["Cannot be longer than 64 characters."]),
        ('Say "hi"', ['Cannot contain the character: "']),
        ("back\\slash", ["Cannot contain the character: \\"]),
        ("nul\x00", ["Cannot contain null characters."]),
    ],
)
def test_upstream_group_name_errors(sandbox: Sandbox, name: str, errors: list[str]) -> None:
    api = org(sandbox, "upstream")
    assert api.groups.name_errors(name) == errors


SYSTEM = {"uuid": TICKETS, "name": "Open Tickets", "query": "tickets > 0", "system": True}


def test_group_name_taken(sandbox: Sandbox, profile: str) -> None:
    api = org(
        sandbox,
        profile,
        groups=[{"uuid": REPORTERS, "name": "Reporters"}, {"uuid": FARMERS, "name": "Farmers"}],
    )
    assert api.groups.name_taken("REPORTERS", None)
    assert api.groups.name_taken("reporters", group(api, FARMERS))
    assert not api.groups.name_taken("reporters", group(api, REPORTERS))
    assert not api.groups.name_taken("Report", None)


def test_system_group_names_are_taken_upstream_only(sandbox: Sandbox) -> None:
    assert org(sandbox, "upstream", groups=[SYSTEM]).groups.name_taken("open tickets", None)
    assert not org(sandbox, "weni", groups=[SYSTEM]).groups.name_taken("open tickets", None)


# -- group visibility, lookups, queries --------------------------------------------------------


def test_weni_hides_system_groups(sandbox: Sandbox) -> None:
    api = org(sandbox, "weni", groups=[SYSTEM, {"uuid": REPORTERS, "name": "Reporters"}])
    assert [g["uuid"] for g in api.groups.all()] == [REPORTERS]
    assert api.groups.get(TICKETS) is None
    assert api.groups.by_reference("Open Tickets") is None
    assert api.groups.resolve(TICKETS) is None
    with pytest.raises(ObjectNotFound) as error:
        api.groups.lookup({"uuid": TICKETS})
    assert raised(error) == (404, "Not found.")


def test_upstream_system_groups_are_visible_but_protected(sandbox: Sandbox) -> None:
    api = org(sandbox, "upstream", groups=[SYSTEM, {"uuid": REPORTERS, "name": "Reporters"}])
    assert [g["uuid"] for g in api.groups.all()] == [TICKETS, REPORTERS]
    with pytest.raises(PermissionDenied) as modify:
        api.groups.lookup({"uuid": TICKETS})
    assert raised(modify) == (403, "Cannot modify system object.")
    with pytest.raises(PermissionDenied) as delete:
        api.groups.lookup({"uuid": TICKETS}, for_delete=True)
    assert raised(delete) == (403, "Cannot delete system object.")


@pytest.mark.parametrize(
    ("profile_name", "detail"),
    [("weni", "Not found."), ("upstream", "No ContactGroup matches the given query.")],
)
def test_group_lookup(sandbox: Sandbox, profile_name: str, detail: str) -> None:
    api = org(sandbox, profile_name, groups=[{"uuid": REPORTERS, "name": "Reporters"}])
    assert api.groups.lookup({}) is None
    assert api.groups.lookup({"uuid": REPORTERS}) == group(api, REPORTERS)
    with pytest.raises(InvalidQuery) as missing:
        api.groups.lookup({}, for_delete=True)
    assert raised(missing) == (400, "URL must contain one of the following parameters: uuid")
    with pytest.raises(ObjectNotFound) as unknown:
        api.groups.lookup({"uuid": FARMERS})
    assert raised(unknown) == (404, detail)


def test_group_query(sandbox: Sandbox, profile: str) -> None:
    api = org(
        sandbox,
        profile,
        groups=[
            {"uuid": REPORTERS, "name": "Reporters", "created_on": "2026-01-01T00:00:00Z"},
            {"uuid": FARMERS, "name": "Farmers", "created_on": "2026-02-01T00:00:00Z"},
            {"name": "Starting", "query": "age > 1", "status": "initializing"},
        ],
    )
    assert [g["uuid"] for g in api.groups.query({})] == [FARMERS, REPORTERS, *new_org(profile)]
    assert [g["uuid"] for g in api.groups.query({"name": "fARMERS"})] == [FARMERS]
    assert [g["uuid"] for g in api.groups.query({"uuid": REPORTERS})] == [REPORTERS]
    assert api.groups.query({"name": "Starting"}) == []
    with pytest.raises(InvalidQuery) as error:
        api.groups.query({"uuid": REPORTERS, "name": "Reporters"})
    assert raised(error) == (400, "You may only specify one of the uuid, name parameters")


def test_group_resolve(sandbox: Sandbox, profile: str) -> None:
    api = org(sandbox, profile, groups=[{"uuid": REPORTERS, "name": "Reporters"}])
    assert api.groups.resolve(REPORTERS)["uuid"] == REPORTERS  # type: ignore[index]
    assert api.groups.resolve("reporters")["uuid"] == REPORTERS  # type: ignore[index]
    assert api.groups.resolve("Report") is None
    assert api.groups.resolve(FARMERS) is None


def test_group_by_reference_is_exact(sandbox: Sandbox, profile: str) -> None:
    api = org(sandbox, profile, groups=[{"uuid": REPORTERS, "name": "Reporters"}])
    assert api.groups.by_reference("Reporters")["uuid"] == REPORTERS  # type: ignore[index]
    assert api.groups.by_reference(REPORTERS)["uuid"] == REPORTERS  # type: ignore[index]
    assert api.groups.by_reference("reporters") is None


# -- group limits ------------------------------------------------------------------------------


def test_upstream_group_limit(sandbox: Sandbox) -> None:
    api = org(sandbox, "upstream", groups=many_groups(250))
    with pytest.raises(LimitReached) as error:
        api.groups.check_limit(None)
    assert raised(error) == (
        409,
        "Cannot create object because workspace has reached limit of 250.",
    )
    api.groups.check_limit(api.groups.all()[0])


def test_upstream_group_limit_ignores_system_groups(sandbox: Sandbox) -> None:
    # NY get_org_limit_progress: active objects with is_system=False.
    api = org(sandbox, "upstream", groups=[*many_groups(249), SYSTEM])
    api.groups.check_limit(None)


def test_weni_group_limit(sandbox: Sandbox) -> None:
    api = org(sandbox, "weni", groups=[*many_groups(250), SYSTEM])
    api.groups.check_limit(None)  # Weni never answers 409
    with pytest.raises(ValidationFailed) as error:
        api.groups.weni_limit_error()
    assert raised(error) == (
        400,
        {
            "non_field_errors": [
                "This org has 250 groups and the limit is 250. "
                "You must delete existing ones before you can create new ones."
            ]
        },
    )


def test_weni_group_limit_ignores_hidden_system_groups(sandbox: Sandbox) -> None:
    api = org(sandbox, "weni", groups=[*many_groups(249), SYSTEM])
    api.groups.weni_limit_error()


# -- group writes ------------------------------------------------------------------------------


def test_group_save_creates_and_renames(sandbox: Sandbox, profile: str, frozen: datetime) -> None:
    api = org(sandbox, profile)
    with sandbox.store.transaction():
        created, is_new = api.groups.save("Reporters", None)
    assert is_new
    assert dict(created) == new_group(created["uuid"], "Reporters", STORED_NOW)
    with sandbox.store.transaction():
        renamed, is_new = api.groups.save("Journalists", created)
    assert not is_new
    assert (renamed["uuid"], renamed["name"]) == (created["uuid"], "Journalists")
    # all() is oldest first: upstream's system group came with the org.
    assert [g["name"] for g in api.groups.all()] == [
        *(["Open Tickets"] if new_org(profile) else []),
        "Journalists",
    ]


def test_new_group_defaults() -> None:
    assert new_group(REPORTERS, "Reporters", STORED_NOW) == stored_group(REPORTERS, "Reporters")


MEMBERS = [
    {"uuid": ANA, "name": "Ana", "groups": ["Reporters", "Farmers"]},
    {"uuid": BOB, "name": "Bob", "groups": ["Reporters"]},
    {"uuid": GONE, "name": "Gone", "groups": ["Reporters"], "deleted": True},
]


def test_group_delete_removes_it_from_contacts(sandbox: Sandbox, profile: str) -> None:
    api = org(
        sandbox,
        profile,
        groups=[{"uuid": REPORTERS, "name": "Reporters"}, {"uuid": FARMERS, "name": "Farmers"}],
        contacts=MEMBERS,
    )
    with sandbox.store.transaction():
        api.groups.delete(group(api, REPORTERS))
    assert [g["uuid"] for g in api.groups.all()] == [*new_org(profile), FARMERS]
    assert api.contacts.get(ANA)["groups"] == [FARMERS]  # type: ignore[index]
    assert api.contacts.get(BOB)["groups"] == []  # type: ignore[index]
    assert api.contacts.get(GONE)["groups"] == []  # type: ignore[index]
    assert api.contacts.count_in_group(REPORTERS) == 0


@pytest.mark.parametrize(
    ("profile_name", "uses", "detail"),
    [
        (
            "weni",
            {"triggers": [12, 13]},
            "Group is being used by the following triggers which must be archived first: 12, 13",
        ),
        (
            "weni",
            {"flows": [FLOW]},
            f"Group is being used by the following flows which must be archived first: {FLOW}",
        ),
        (
            "weni",
            {"campaigns": [CAMPAIGN]},
            "Group is being used by the following campaigns which must be archived first: "
            + CAMPAIGN,
        ),
        (
            "weni",
            {"campaigns": [CAMPAIGN], "flows": [FLOW], "triggers": [5]},
            "Group is being used by the following triggers which must be archived first: 5",
        ),
        (
            "upstream",
            {"triggers": [12]},
            "Group is being used by triggers which must be archived first.",
        ),
        (
            "upstream",
            {"campaigns": [CAMPAIGN]},
            "Group is being used by campaigns which must be archived first.",
        ),
        (
            "upstream",
            {"campaigns": [CAMPAIGN], "triggers": [5]},
            "Group is being used by triggers which must be archived first.",
        ),
    ],
)
def test_group_delete_dependencies(
    sandbox: Sandbox, profile_name: str, uses: dict[str, list[Any]], detail: str
) -> None:
    api = org(
        sandbox,
        profile_name,
        groups=[{"uuid": REPORTERS, "name": "Reporters", **uses}],
        contacts=MEMBERS[1:2],
    )
    with pytest.raises(InvalidQuery) as error, sandbox.store.transaction():
        api.groups.delete(group(api, REPORTERS))
    assert raised(error) == (400, detail)
    assert [g["uuid"] for g in api.groups.all()] == [*new_org(profile_name), REPORTERS]
    assert api.contacts.get(BOB)["groups"] == [REPORTERS]  # type: ignore[index]


def test_upstream_flows_do_not_block_a_delete(sandbox: Sandbox) -> None:
    api = org(sandbox, "upstream", groups=[{"uuid": REPORTERS, "name": "R", "flows": [FLOW]}])
    with sandbox.store.transaction():
        api.groups.delete(group(api, REPORTERS))
    assert [g["uuid"] for g in api.groups.all()] == new_org("upstream")


# -- group representation ----------------------------------------------------------------------


def test_group_represent_per_profile(sandbox: Sandbox) -> None:
    groups = [
        {"uuid": REPORTERS, "name": "Reporters"},
        {"uuid": FARMERS, "name": "Farmers"},
        {"uuid": TICKETS, "name": "Adults", "query": "age > 18", "status": "evaluating"},
    ]
    weni = org(sandbox, "weni", groups=groups, contacts=MEMBERS)
    assert weni.groups.represent(group(weni, REPORTERS)) == {
        "uuid": REPORTERS,
        "name": "Reporters",
        "query": None,
        "status": "ready",
        "count": 2,
    }
    up = org(sandbox, "upstream", groups=groups, contacts=MEMBERS)
    represented = up.groups.represent(group(up, TICKETS))
    assert represented == {
        "uuid": TICKETS,
        "name": "Adults",
        "query": "age > 18",
        "status": "evaluating",
        "system": False,
        "count": 0,
    }
    assert list(represented) == ["uuid", "name", "query", "status", "system", "count"]
    assert up.groups.represent(group(up, FARMERS))["count"] == 1
