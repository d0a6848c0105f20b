"""Flochat (UChat API) semantics the spec cannot state (platforms.md §A): Sanctum's 401 and
403 answers, Laravel's validation texts, and the life cycles of tags, fields, subscribers,
team labels and shop catalog entries through the public API.

Everything a scenario creates has a zz-fsbx- name (subscribers: made-up e-mail addresses
@example.invalid and +999 phone numbers, a calling code no country has) and is deleted by
the scenario or the run's clean-up. Only the sending scenario sends anything, and only to
the subscriber --flochat-test-subscriber names.

Error texts the vendor does not document (a tag that does not exist, a name already
taken) are only checked to be a 400 with Laravel's `{"message": ...}` body; validation
texts are Laravel's own and checked word for word.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from conformance.plugin import Client
from conformance.run import Run

#: A flow-scoped id: `f<flow id><letter(s)><number>`.
NS = re.compile(r"^f\d+[a-z]+\d+$")
UNAUTHENTICATED = {"message": "Unauthenticated."}
MISSING_SCOPE = {"message": "Invalid ability provided."}
OK = {"status": "ok"}


def answer(response: Any, status: int = 200) -> Any:
    """The JSON body of an answer that must have `status`."""
    assert response.status_code == status, f"{response.status_code}: {response.text[:300]}"
    return response.json()


def error(message: str) -> dict[str, str]:
    return {"message": message}


def refused(response: Any) -> str:
    """A 400 with Laravel's error body; returns its message (texts the vendor does not
    document are not compared)."""
    body = answer(response, 400)
    assert set(body) == {"message"} and isinstance(body["message"], str) and body["message"]
    return str(body["message"])


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def put(client: Client, path: str, **kwargs: Any) -> Any:
    """The kit's client has no put(): Flochat updates with PUT."""
    return client.request("PUT", path, **kwargs)


def option(run: Run, name: str) -> str:
    return str(run.settings.option(f"flochat_{name}"))


def missing(unique: str) -> str:
    """An id no account has (ids are `f<flow><letter><n>`)."""
    return f"{unique}-missing"


# -- keys and scopes (read-only) ------------------------------------------------------------------


def test_a_missing_or_unknown_key_is_unauthenticated(client: Client, unique: str) -> None:
    assert answer(client.get("/flow/tags", auth=False), 401) == UNAUTHENTICATED
    unknown = bearer(f"{unique}NotAKey0000000000000000000000000")
    assert answer(client.get("/flow/tags", auth=False, headers=unknown), 401) == UNAUTHENTICATED
    assert answer(client.get("/team-info", auth=False, headers=unknown), 401) == UNAUTHENTICATED
    # The key is read from the bearer scheme only.
    token = {"Authorization": f"Token {option(client.run, 'api_key')}"}
    assert answer(client.get("/flow/tags", auth=False, headers=token), 401) == UNAUTHENTICATED


def test_me_and_the_team_of_the_key(client: Client) -> None:
    me = answer(client.get("/me"))
    assert set(me) == {"id", "name", "email"} and isinstance(me["id"], int)
    team = answer(client.get("/team-info"))
    assert set(team) == {"data", "status"} and team["status"] == "ok"
    assert set(team["data"]) == {"id", "name", "image", "owner_id", "owner_email"}
    flows = answer(client.get("/team-flows"))["data"]
    assert flows, "the key's own flow is one of the team's"


@pytest.mark.needs("flochat_flow_scope_key")
def test_a_flow_scope_key_is_refused_team_operations(client: Client, run: Run) -> None:
    key = bearer(option(run, "flow_scope_key"))
    for path in ("/team-info", "/team/labels", "/shop/product-tags"):
        assert answer(client.get(path, auth=False, headers=key), 403) == MISSING_SCOPE, path
    assert "data" in answer(client.get("/flow/tags", auth=False, headers=key))
    # The scope is checked before the input: a request missing its fields is still a 403.
    refused_read = client.get("/shop/discount-codes/get-info-by-code", auth=False, headers=key)
    assert answer(refused_read, 403) == MISSING_SCOPE


@pytest.mark.needs("flochat_team_scope_key")
def test_a_team_scope_key_is_refused_flow_operations(client: Client, run: Run) -> None:
    key = bearer(option(run, "team_scope_key"))
    for path in ("/flow/tags", "/flow/user-fields", "/subscriber/get-info"):
        assert answer(client.get(path, auth=False, headers=key), 403) == MISSING_SCOPE, path
    assert "data" in answer(client.get("/team/labels", auth=False, headers=key))


# -- lists (read-only) ----------------------------------------------------------------------------

#: list path -> the keys of each of its items (the vendor's schemas).
LISTS = {
    "/flow/tags": {"name", "tag_ns"},
    "/flow/user-fields": {"name", "var_ns", "var_type", "description", "value"},
    "/flow/bot-fields": {
        "name",
        "var_ns",
        "var_type",
        "description",
        "value",
        "is_template_field",
    },
    "/flow/subflows": {"name", "sub_flow_ns"},
    "/flow/segments": {"name", "segment_ns"},
    "/team/labels": {"id", "name"},
    "/shop/product-tags": {"id", "name"},
    "/shop/product-types": {"id", "name"},
    "/shop/product-vendors": {"id", "name"},
}


@pytest.mark.parametrize("path", sorted(LISTS))
def test_lists_are_data_arrays_of_the_documented_items(client: Client, path: str) -> None:
    body = answer(client.get(path, params={"limit": 100}))
    assert set(body) == {"data"} and isinstance(body["data"], list)
    for item in body["data"]:
        assert set(item) == LISTS[path], item
        for key, value in item.items():
            if key.endswith("_ns"):
                assert NS.match(value), f"{key}: {value!r}"


def test_lists_page_with_limit_and_page(client: Client, unique: str) -> None:
    assert len(answer(client.get("/flow/subflows", params={"limit": 1}))["data"]) <= 1
    assert answer(client.get("/flow/tags", params={"limit": 100, "page": 100})) == {"data": []}
    assert answer(client.get("/flow/tags", params={"name": unique})) == {"data": []}
    for params in ({"limit": 0}, {"limit": 101}, {"page": 0}):
        refused(client.get("/flow/tags", params=params))


# -- validation (Laravel's texts) -------------------------------------------------------------


#: (path, its one required parameter) -> the message when it is missing or empty.
READS_WITHOUT = [
    ("/subscriber/get-info", "user_ns", "The user ns field is required."),
    ("/subscriber/get-info-by-user-id", "user_id", "The user id field is required."),
    ("/subscriber/cart", "user_ns", "The user ns field is required."),
    ("/shop/discount-codes/get-info-by-code", "code", "The code field is required."),
    ("/flow/custom-events/summary", "event_ns", "The event ns field is required."),
]


@pytest.mark.parametrize(
    ("path", "param", "message"), READS_WITHOUT, ids=[row[0] for row in READS_WITHOUT]
)
def test_reads_name_their_missing_parameter(
    client: Client, path: str, param: str, message: str
) -> None:
    assert answer(client.get(path), 400) == error(message)
    assert answer(client.get(path, params={param: ""}), 400) == error(message)


def test_an_unknown_subscriber_is_refused(client: Client, unique: str) -> None:
    refused(client.get("/subscriber/get-info", params={"user_ns": missing(unique)}))
    refused(client.get("/subscriber/get-info-by-user-id", params={"user_id": missing(unique)}))


#: (method, path, body) -> the message: each body lacks exactly one required field.
WRITES_WITHOUT = [
    ("POST", "/flow/create-tag", {}, "The name field is required."),
    ("DELETE", "/flow/delete-tag", {}, "The tag ns field is required."),
    (
        "POST",
        "/flow/create-user-field",
        {"var_type": "text", "value": "x"},
        "The name field is required.",
    ),
    (
        "POST",
        "/flow/create-bot-field",
        {"name": "zz-fsbx-x", "value": "x"},
        "The var type field is required.",
    ),
    ("POST", "/team/create-label", {}, "The name field is required."),
    ("POST", "/shop/product-tags/create", {}, "The name field is required."),
    (
        "POST",
        "/subscriber/create",
        {"first_name": "zz-fsbx-x"},
        "The phone field is required when email is not present.",
    ),
    ("DELETE", "/subscriber/delete", {}, "The user ns field is required."),
    (
        "PUT",
        "/subscriber/set-user-field",
        {"var_ns": "f1v1", "value": "x"},
        "The user ns field is required.",
    ),
    ("POST", "/subscriber/send-text", {"content": "zz-fsbx-x"}, "The user ns field is required."),
]


@pytest.mark.writes
@pytest.mark.parametrize(
    ("method", "path", "body", "message"),
    WRITES_WITHOUT,
    ids=[f"{row[0]} {row[1]}" for row in WRITES_WITHOUT],
)
def test_writes_name_their_missing_field(
    client: Client, method: str, path: str, body: dict[str, Any], message: str
) -> None:
    assert answer(client.request(method, path, json=body), 400) == error(message)


# -- flow tags, user fields and bot fields (writes) ------------------------------------------------


def tags_named(client: Client, name: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = answer(client.get("/flow/tags", params={"name": name}))["data"]
    return found


@pytest.mark.writes
def test_tag_create_find_and_delete(client: Client, unique: str) -> None:
    tag = answer(client.post("/flow/create-tag", json={"name": unique}))
    assert set(tag) == {"name", "tag_ns"} and tag["name"] == unique
    assert NS.match(tag["tag_ns"]), tag
    assert tags_named(client, unique) == [tag]
    refused(client.post("/flow/create-tag", json={"name": unique}))  # a taken name

    assert answer(client.delete("/flow/delete-tag", json={"tag_ns": tag["tag_ns"]})) == OK
    assert tags_named(client, unique) == []
    refused(client.delete("/flow/delete-tag", json={"tag_ns": tag["tag_ns"]}))

    again = answer(client.post("/flow/create-tag", json={"name": unique}))
    assert again["tag_ns"] != tag["tag_ns"]  # ids are never reused
    assert answer(client.delete("/flow/delete-tag-by-name", json={"name": unique})) == OK
    assert tags_named(client, unique) == []
    refused(client.delete("/flow/delete-tag-by-name", json={"name": unique}))


def fields_named(client: Client, kind: str, name: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = answer(client.get(f"/flow/{kind}", params={"name": name}))["data"]
    return found


@pytest.mark.writes
def test_user_field_create_find_and_delete(client: Client, unique: str) -> None:
    body = {"name": unique, "var_type": "number", "value": "7", "description": "Kit"}
    created = answer(client.post("/flow/create-user-field", json=body))
    assert set(created) == {"data", "status"} and created["status"] == "ok"
    field = created["data"]
    assert set(field) == LISTS["/flow/user-fields"] and NS.match(field["var_ns"])
    assert (field["name"], field["var_type"], field["description"]) == (unique, "number", "Kit")
    assert fields_named(client, "user-fields", unique) == [field]
    refused(client.post("/flow/create-user-field", json=body))  # a taken name

    gone = {"var_ns": field["var_ns"]}
    assert answer(client.delete("/flow/delete-user-field", json=gone)) == OK
    assert fields_named(client, "user-fields", unique) == []
    refused(client.delete("/flow/delete-user-field", json=gone))

    answer(client.post("/flow/create-user-field", json={**body, "var_type": "text"}))
    by_name = client.delete("/flow/delete-user-field-by-name", json={"name": unique})
    assert answer(by_name) == OK
    assert fields_named(client, "user-fields", unique) == []


@pytest.mark.writes
def test_bot_field_create_set_and_delete(client: Client, unique: str) -> None:
    body = {"name": unique, "var_type": "text", "value": "one"}
    created = answer(client.post("/flow/create-bot-field", json=body))
    assert created["status"] == "ok"
    field = created["data"]
    assert set(field) == LISTS["/flow/bot-fields"] and (field["name"], field["value"]) == (
        unique,
        "one",
    )

    by_ns = {"var_ns": field["var_ns"], "value": "two"}
    assert answer(put(client, "/flow/set-bot-field", json=by_ns)) == {**field, "value": "two"}
    by_name = {"name": unique, "value": "three"}
    assert answer(put(client, "/flow/set-bot-field-by-name", json=by_name)) == {
        **field,
        "value": "three",
    }
    assert fields_named(client, "bot-fields", unique) == [{**field, "value": "three"}]

    gone = {"var_ns": field["var_ns"]}
    assert answer(client.delete("/flow/delete-bot-field", json=gone)) == OK
    assert fields_named(client, "bot-fields", unique) == []
    refused(put(client, "/flow/set-bot-field", json=by_ns))


# -- subscribers (writes) ---------------------------------------------------------------------


def made_up_subscriber(unique: str) -> dict[str, str]:
    """A subscriber no message can reach: an @example.invalid address and a +999 number."""
    number = int(unique.encode().hex(), 16) % 10**9
    return {
        "first_name": unique,
        "last_name": "Kit",
        "email": f"{unique}@example.invalid",
        "phone": f"+999{number:09d}",
    }


@pytest.mark.writes
def test_subscriber_life_cycle(client: Client, unique: str) -> None:
    values = made_up_subscriber(unique)
    created = answer(client.post("/subscriber/create", json=values))
    assert {key: created[key] for key in values} == values
    assert NS.match(created["user_ns"]) and (created["tags"], created["user_fields"]) == ([], [])
    user_ns = created["user_ns"]
    info = answer(client.get("/subscriber/get-info", params={"user_ns": user_ns}))
    assert info == created
    found = answer(client.get("/subscribers", params={"email": values["email"]}))["data"]
    assert [item["user_ns"] for item in found] == [user_ns]

    tag = answer(client.post("/flow/create-tag", json={"name": unique}))
    field = answer(
        client.post(
            "/flow/create-user-field", json={"name": unique, "var_type": "text", "value": "-"}
        )
    )["data"]
    subscriber = {"user_ns": user_ns}
    assert answer(client.post("/subscriber/add-tag", json={**subscriber, **tag})) == OK
    set_field = {**subscriber, "var_ns": field["var_ns"], "value": "Recife"}
    assert answer(put(client, "/subscriber/set-user-field", json=set_field)) == OK
    info = answer(client.get("/subscriber/get-info", params=subscriber))
    assert info["tags"] == [tag]
    assert info["user_fields"] == [{**field, "value": "Recife"}]

    remove = {**subscriber, "tag_ns": tag["tag_ns"]}
    assert answer(client.delete("/subscriber/remove-tag", json=remove)) == OK
    clear = {**subscriber, "var_ns": field["var_ns"]}
    assert answer(client.delete("/subscriber/clear-user-field", json=clear)) == OK
    renamed = answer(put(client, "/subscriber/update", json={**subscriber, "last_name": "Renamed"}))
    assert (renamed["first_name"], renamed["last_name"]) == (unique, "Renamed")
    assert (renamed["tags"], renamed["user_fields"]) == ([], [])
    assert answer(client.get("/subscriber/get-info", params=subscriber)) == renamed

    assert answer(client.delete("/subscriber/delete", json=subscriber)) == OK
    refused(client.get("/subscriber/get-info", params=subscriber))
    refused(client.delete("/subscriber/delete", json=subscriber))
    answer(client.delete("/flow/delete-tag", json={"tag_ns": tag["tag_ns"]}))
    answer(client.delete("/flow/delete-user-field", json={"var_ns": field["var_ns"]}))


@pytest.mark.writes
def test_team_labels_on_a_subscriber(client: Client, unique: str) -> None:
    label = answer(client.post("/team/create-label", json={"name": unique}))
    user_ns = answer(client.post("/subscriber/create", json=made_up_subscriber(unique)))["user_ns"]
    named = {"user_ns": user_ns, "data": [{"label_name": unique}]}
    labelled = {"label_id": label["id"]}

    assert answer(client.post("/subscriber/add-labels-by-name", json=named)) == OK
    found = answer(client.get("/subscribers", params=labelled))["data"]
    assert [item["user_ns"] for item in found] == [user_ns]
    assert answer(client.delete("/subscriber/remove-labels-by-name", json=named)) == OK
    assert answer(client.get("/subscribers", params=labelled)) == {"data": []}

    assert answer(client.delete("/subscriber/delete", json={"user_ns": user_ns})) == OK
    assert answer(client.delete("/team/delete-label", json={"id": label["id"]})) == OK


@pytest.mark.writes
def test_subscriber_operations_need_a_subscriber_of_the_flow(client: Client, unique: str) -> None:
    stranger = {"user_ns": missing(unique)}
    refused(client.post("/subscriber/add-tag", json={**stranger, "tag_ns": missing(unique)}))
    refused(put(client, "/subscriber/update", json={**stranger, "last_name": "Kit"}))
    refused(client.delete("/subscriber/delete", json=stranger))
    # Nothing is sent: the subscriber does not exist.
    refused(client.post("/subscriber/send-text", json={**stranger, "content": unique}))


# -- team labels and the shop's catalog (writes) ---------------------------------------------------


@pytest.mark.writes
def test_label_create_find_and_delete(client: Client, unique: str) -> None:
    label = answer(client.post("/team/create-label", json={"name": unique}))
    assert set(label) == {"id", "name"} and label["name"] == unique
    assert isinstance(label["id"], int)
    listed = answer(client.get("/team/labels", params={"name": unique}))
    assert listed == {"data": [label]}
    refused(client.post("/team/create-label", json={"name": unique}))  # a taken name

    assert answer(client.delete("/team/delete-label", json={"id": label["id"]})) == OK
    assert answer(client.get("/team/labels", params={"name": unique})) == {"data": []}
    refused(client.delete("/team/delete-label", json={"id": label["id"]}))

    answer(client.post("/team/create-label", json={"name": unique}))
    assert answer(client.delete("/team/delete-label-by-name", json={"name": unique})) == OK
    assert answer(client.get("/team/labels", params={"name": unique})) == {"data": []}


CATALOG = ("product-tags", "product-types", "product-vendors")


@pytest.mark.writes
@pytest.mark.parametrize("kind", CATALOG)
def test_catalog_entry_create_read_rename_and_delete(
    client: Client, unique: str, kind: str
) -> None:
    base = f"/shop/{kind}"
    created = answer(client.post(f"{base}/create", json={"name": unique}))
    assert set(created) == {"data", "status"} and created["status"] == "ok"
    entry = created["data"]
    assert set(entry) == {"id", "name"} and entry["name"] == unique
    one = f"{base}/{entry['id']}"
    assert answer(client.get(f"{one}/get-info")) == created

    renamed = answer(put(client, f"{one}/update", json={"name": f"{unique}-2"}))
    assert renamed == {"data": {**entry, "name": f"{unique}-2"}, "status": "ok"}
    listed = answer(client.get(base, params={"name": unique}))
    assert listed == {"data": [renamed["data"]]}

    assert answer(client.delete(f"{one}/delete")) == OK
    refused(client.get(f"{one}/get-info"))
    refused(client.delete(f"{one}/delete"))


# -- sending (only to the test subscriber) -------------------------------------------------------


@pytest.mark.writes
@pytest.mark.needs("flochat_test_subscriber")
def test_a_text_sent_to_the_test_subscriber_is_in_its_chat(
    client: Client, run: Run, unique: str
) -> None:
    user_ns = option(run, "test_subscriber")
    content = f"{unique}: flow-sandbox conformance check, please ignore"
    sent = client.post("/subscriber/send-text", json={"user_ns": user_ns, "content": content})
    assert answer(sent) == OK
    params = {"user_ns": user_ns, "include_bot": 1, "limit": 5}
    for _ in range(5):  # a real account may take a moment to record it
        messages = answer(client.get("/subscriber/chat-messages", params=params))["data"]
        if any(message.get("content") == content for message in messages):
            break
        time.sleep(1)
    (message,) = [message for message in messages if message.get("content") == content]
    assert (message["type"], message["msg_type"]) == ("out", "text")
