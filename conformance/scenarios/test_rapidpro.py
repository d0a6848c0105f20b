"""RapidPro semantics the spec cannot state (rapidpro.md §1-§5), for either flavour.

Every contact and group a scenario creates has a zz-fsbx- name and an `ext:` URN (a URN
no channel sends to), and is deleted by the scenario or by the run's clean-up.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from conformance.plugin import Client
from conformance.run import Run

CONTACTS = "/api/v2/contacts.json"
FIELDS = "/api/v2/fields.json"
GROUPS = "/api/v2/groups.json"
PAGE_SIZE = 250
# Reading a whole real account would take long: read-only paging stops after this many pages.
MAX_PAGES_READ = 5


def profile(run: Run) -> str:
    return str(run.settings.option("rapidpro_profile"))


def json_of(response: Any, status: int) -> Any:
    assert response.status_code == status, f"{response.status_code}: {response.text[:300]}"
    return response.json()


# -- authentication and errors (read-only) ------------------------------------------------------


def test_missing_credentials_are_403(client: Client) -> None:
    response = client.get(CONTACTS, auth=False)
    assert json_of(response, 403) == {"detail": "Authentication credentials were not provided."}


def test_unknown_token_is_403(client: Client) -> None:
    response = client.get(CONTACTS, auth=False, headers={"Authorization": "Token " + "0" * 40})
    assert json_of(response, 403) == {"detail": "Invalid token"}


def test_unsupported_method_is_405_with_allow(client: Client) -> None:
    response = client.request("PUT", CONTACTS, json={})
    assert json_of(response, 405) == {"detail": 'Method "PUT" not allowed.'}
    allowed = {method.strip() for method in response.headers["Allow"].split(",")}
    assert {"GET", "POST", "DELETE"} <= allowed


def test_fields_cannot_be_deleted(client: Client) -> None:
    response = client.delete(FIELDS, params={"key": "zz_fsbx_none"})
    assert json_of(response, 405) == {"detail": 'Method "DELETE" not allowed.'}


def test_lists_have_the_cursor_envelope(client: Client) -> None:
    for endpoint in (CONTACTS, FIELDS, GROUPS):
        body = json_of(client.get(endpoint), 200)
        assert set(body) == {"next", "previous", "results"}, endpoint
        assert body["previous"] is None
        assert isinstance(body["results"], list) and len(body["results"]) <= PAGE_SIZE


def test_field_and_group_shapes(client: Client, run: Run) -> None:
    field_keys = {
        "weni": {"key", "label", "value_type", "pinned"},
        "upstream": {
            "key",
            "name",
            "type",
            "featured",
            "priority",
            "usages",
            "agent_access",
            "label",
            "value_type",
        },
    }[profile(run)]
    for field in json_of(client.get(FIELDS), 200)["results"]:
        assert set(field) == field_keys
    group_keys = {"uuid", "name", "query", "status", "count"}
    if profile(run) == "upstream":
        group_keys.add("system")
    for group in json_of(client.get(GROUPS), 200)["results"]:
        assert set(group) == group_keys


def test_reading_pages_follows_next_without_repeats(client: Client) -> None:
    seen: set[str] = set()
    url: str | None = CONTACTS
    pages = 0
    while url is not None and pages < MAX_PAGES_READ:
        body = json_of(client.get(url), 200)
        uuids = [contact["uuid"] for contact in body["results"]]
        assert not seen & set(uuids), "a contact appeared on two pages"
        seen.update(uuids)
        assert len(uuids) <= PAGE_SIZE
        if body["next"] is not None:
            assert body["next"].startswith(client.base_url + CONTACTS), body["next"]
            assert len(uuids) == PAGE_SIZE, "only the last page may be short"
        url = body["next"]
        pages += 1


# -- contacts (writes) ----------------------------------------------------------------------


def contact_keys(run: Run) -> set[str]:
    keys = {"uuid", "name", "language", "urns", "groups", "fields", "blocked", "stopped"}
    keys |= {"created_on", "modified_on", "last_seen_on"}
    if profile(run) == "upstream":
        keys |= {"status", "flow", "notes"}
    return keys


@pytest.mark.writes
def test_create_then_update_by_urn_upsert_and_delete(client: Client, run: Run, unique: str) -> None:
    urn, other_urn = f"ext:{unique}", f"ext:{unique}-2"
    created = json_of(client.post(CONTACTS, json={"name": unique, "urns": [urn]}), 201)
    assert set(created) == contact_keys(run)
    assert (created["name"], created["urns"], created["groups"]) == (unique, [urn], [])
    assert created["blocked"] is False and created["stopped"] is False

    updated = json_of(
        client.post(CONTACTS, params={"urn": urn}, json={"name": f"{unique} updated"}), 200
    )
    assert (updated["uuid"], updated["name"]) == (created["uuid"], f"{unique} updated")

    upserted = json_of(client.post(CONTACTS, params={"urn": other_urn}, json={"name": unique}), 201)
    assert upserted["uuid"] != created["uuid"]
    assert upserted["urns"] == [other_urn]

    assert client.delete(CONTACTS, params={"uuid": created["uuid"]}).status_code == 204
    active = json_of(client.get(CONTACTS, params={"uuid": created["uuid"]}), 200)
    assert active["results"] == []
    deleted = json_of(
        client.get(CONTACTS, params={"uuid": created["uuid"], "deleted": "true"}), 200
    )
    (gone,) = deleted["results"]
    assert gone["uuid"] == created["uuid"]
    assert (gone["name"], gone["urns"], gone["groups"], gone["fields"]) == (None, [], [], {})
    assert gone["blocked"] is None and gone["stopped"] is None

    assert client.delete(CONTACTS, params={"urn": other_urn}).status_code == 204


@pytest.mark.writes
def test_an_unknown_uuid_is_404(client: Client, run: Run) -> None:
    missing = str(uuid.uuid4())
    expected = {"weni": "Not found.", "upstream": "No Contact matches the given query."}
    for response in (
        client.post(CONTACTS, params={"uuid": missing}, json={"name": "zz-fsbx-none"}),
        client.delete(CONTACTS, params={"uuid": missing}),
    ):
        assert json_of(response, 404) == {"detail": expected[profile(run)]}


@pytest.mark.writes
def test_invalid_input_gets_drf_errors_and_creates_nothing(client: Client, run: Run) -> None:
    lookups = {"weni": "name, urn, uuid", "upstream": "urn, uuid"}[profile(run)]
    cases = [
        (
            {"urns": ["nope"]},
            {},
            {"urns": {"0": ["Invalid URN: nope. Ensure phone numbers contain country codes."]}},
        ),
        ({"language": "xxx"}, {}, {"language": ["Not a valid ISO639-3 language code."]}),
        ({"groups": [str(uuid.uuid4())]}, {}, None),
        (
            {},
            {"uuid": str(uuid.uuid4()), "urn": "ext:zz-fsbx-none"},
            {"detail": f"URL can only contain one of the following parameters: {lookups}"},
        ),
    ]
    for body, params, expected in cases:
        response = client.post(CONTACTS, params=params, json=body)
        errors = json_of(response, 400)
        if expected is None:  # the message echoes the value sent
            assert errors == {"groups": [f"No such object: {body['groups'][0]}"]}
        else:
            assert errors == expected
    response = client.post(CONTACTS, data="[1, 2]", headers={"Content-Type": "application/json"})
    assert json_of(response, 400) == {
        "non_field_errors": ["Request body should be a single JSON object"]
    }


@pytest.mark.writes
def test_paging_reaches_every_contact_once(client: Client, unique: str) -> None:
    names = [f"{unique}-{i:03d}" for i in range(PAGE_SIZE + 10)]
    created = [json_of(client.post(CONTACTS, json={"name": name}), 201) for name in names]
    after = created[0]["modified_on"]  # the server's clock, not ours
    found: list[str] = []
    url: str | None = CONTACTS
    params: dict[str, str] | None = {"after": after}
    while url is not None:
        body = json_of(client.get(url, params=params), 200)
        found += [contact["uuid"] for contact in body["results"]]
        url, params = body["next"], None  # `next` carries every parameter
    mine = {contact["uuid"] for contact in created}
    assert len(found) == len(set(found)), "a contact appeared on two pages"
    assert mine <= set(found)
    for contact in created:
        assert client.delete(CONTACTS, params={"uuid": contact["uuid"]}).status_code == 204


# -- groups (writes) --------------------------------------------------------------------------


@pytest.mark.writes
def test_group_create_rename_count_and_delete(client: Client, run: Run, unique: str) -> None:
    group = json_of(client.post(GROUPS, json={"name": unique}), 201)
    assert (group["name"], group["query"], group["status"], group["count"]) == (
        unique,
        None,
        "ready",
        0,
    )
    renamed = json_of(
        client.post(GROUPS, params={"uuid": group["uuid"]}, json={"name": f"{unique}-r"}), 200
    )
    assert (renamed["uuid"], renamed["name"]) == (group["uuid"], f"{unique}-r")
    duplicate = client.post(GROUPS, json={"name": f"{unique}-R".upper()})
    assert json_of(duplicate, 400) == {"name": ["This field must be unique."]}

    member = json_of(client.post(CONTACTS, json={"name": unique, "groups": [group["uuid"]]}), 201)
    assert member["groups"] == [{"uuid": group["uuid"], "name": f"{unique}-r"}]
    (listed,) = json_of(client.get(GROUPS, params={"uuid": group["uuid"]}), 200)["results"]
    assert listed["count"] == 1

    assert client.delete(GROUPS, params={"uuid": group["uuid"]}).status_code == 204
    assert json_of(client.get(GROUPS, params={"uuid": group["uuid"]}), 200)["results"] == []
    (after,) = json_of(client.get(CONTACTS, params={"uuid": member["uuid"]}), 200)["results"]
    assert after["groups"] == []
    assert client.delete(CONTACTS, params={"uuid": member["uuid"]}).status_code == 204


# -- fields (cannot be deleted: in-process or --include-permanent only) -----------------------


@pytest.mark.permanent
def test_field_create_and_update_keep_the_key(client: Client, run: Run, unique: str) -> None:
    label = unique.replace("-", " ")[:36]
    key = "_".join(label.lower().split())
    if profile(run) == "weni":
        create, update = (
            {"label": label, "value_type": "text"},
            {"label": f"{label} b"[:36], "value_type": "numeric"},
        )
    else:
        create, update = (
            {"name": label, "type": "text"},
            {"name": f"{label} b"[:36], "type": "number"},
        )
    created = json_of(client.post(FIELDS, json=create), 201)
    assert (created["key"], created["label"], created["value_type"]) == (key, label, "text")
    updated = json_of(client.post(FIELDS, params={"key": key}, json=update), 200)
    assert (updated["key"], updated["value_type"]) == (key, "numeric")
    (listed,) = json_of(client.get(FIELDS, params={"key": key}), 200)["results"]
    assert listed == updated
