"""A subscriber's tags, team labels and user fields through the API; batches all or
nothing; the scope every subscriber operation needs; and what export gives back."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flochat.helpers import OK, TEAM_ONLY_KEY, FlochatClient, answer, error
from tests.platforms.flochat.test_subscribers import CUSTOMER, LEAD, city, ns_of, orders

NOT_FOUND = error("Subscriber not found")
TAG_NOT_FOUND = error("Tag not found")
LABEL_NOT_FOUND = error("Label not found")
FIELD_NOT_FOUND = error("Field not found")


def info(flochat: FlochatClient, user_ns: str) -> dict[str, Any]:
    return answer(flochat.get("/subscriber/get-info", user_ns=user_ns))


def tags_of(flochat: FlochatClient, user_ns: str) -> list[dict[str, str]]:
    return info(flochat, user_ns)["tags"]


def fields_of(flochat: FlochatClient, user_ns: str) -> list[dict[str, str]]:
    return info(flochat, user_ns)["user_fields"]


def flow_tags(flochat: FlochatClient) -> list[dict[str, str]]:
    return answer(flochat.get("/flow/tags"))["data"]


# -- tags ---------------------------------------------------------------------------------------


def test_add_tag(flochat: FlochatClient, seeded: object) -> None:
    body = {"user_ns": "f123u2", "tag_ns": "f123t2"}
    assert answer(flochat.post("/subscriber/add-tag", body)) == OK
    assert tags_of(flochat, "f123u2") == [LEAD]
    assert answer(flochat.post("/subscriber/add-tag", body)) == OK  # had it: still once
    assert tags_of(flochat, "f123u2") == [LEAD]
    assert ns_of(flochat.get("/subscribers", tag_ns="f123t2")) == ["f123u2"]


def test_add_tags_in_a_batch(flochat: FlochatClient, seeded: object) -> None:
    body = {"user_ns": "f123u1", "data": [{"tag_ns": "f123t2"}, {"tag_ns": "f123t1"}]}
    assert answer(flochat.post("/subscriber/add-tags", body)) == OK
    assert tags_of(flochat, "f123u1") == [CUSTOMER, LEAD]


def test_add_tag_by_name_finds_the_tag_in_any_case(flochat: FlochatClient, seeded: object) -> None:
    body = {"user_ns": "f123u2", "tag_name": "lead"}
    assert answer(flochat.post("/subscriber/add-tag-by-name", body)) == OK
    assert tags_of(flochat, "f123u2") == [LEAD]
    assert len(flow_tags(flochat)) == 2


def test_add_tag_by_name_creates_a_tag_the_flow_lacks(
    flochat: FlochatClient, seeded: object
) -> None:
    body = {"user_ns": "f123u2", "tag_name": " Returning "}
    assert answer(flochat.post("/subscriber/add-tag-by-name", body)) == OK
    returning = {"name": "Returning", "tag_ns": "f123t3"}
    assert tags_of(flochat, "f123u2") == [returning]
    assert flow_tags(flochat) == [CUSTOMER, LEAD, returning]


def test_add_tags_by_name_creates_the_missing_ones(flochat: FlochatClient, seeded: object) -> None:
    names = [{"tag_name": "Customer"}, {"tag_name": "VIP"}, {"tag_name": "vip"}]
    assert (
        answer(flochat.post("/subscriber/add-tags-by-name", {"user_ns": "f123u1", "data": names}))
        == OK
    )
    vip = {"name": "VIP", "tag_ns": "f123t3"}
    assert tags_of(flochat, "f123u1") == [CUSTOMER, vip]
    assert flow_tags(flochat) == [CUSTOMER, LEAD, vip]


def test_remove_tag(flochat: FlochatClient, seeded: object) -> None:
    body = {"user_ns": "f123u1", "tag_ns": "f123t1"}
    assert answer(flochat.delete("/subscriber/remove-tag", body)) == OK
    assert tags_of(flochat, "f123u1") == []
    assert answer(flochat.delete("/subscriber/remove-tag", body)) == OK  # lacks it: fine
    assert flow_tags(flochat) == [CUSTOMER, LEAD]  # the tag itself stays


def test_remove_tags_and_by_name(flochat: FlochatClient, seeded: object) -> None:
    answer(flochat.post("/subscriber/add-tag", {"user_ns": "f123u1", "tag_ns": "f123t2"}))
    body = {"user_ns": "f123u1", "data": [{"tag_ns": "f123t2"}, {"tag_ns": "f123t1"}]}
    assert answer(flochat.delete("/subscriber/remove-tags", body)) == OK
    assert tags_of(flochat, "f123u1") == []
    answer(flochat.post("/subscriber/add-tags", body))
    by_name = {"user_ns": "f123u1", "tag_name": "CUSTOMER"}
    assert answer(flochat.delete("/subscriber/remove-tag-by-name", by_name)) == OK
    assert tags_of(flochat, "f123u1") == [LEAD]
    names = {"user_ns": "f123u1", "data": [{"tag_name": "lead"}, {"tag_name": "Customer"}]}
    assert answer(flochat.delete("/subscriber/remove-tags-by-name", names)) == OK
    assert tags_of(flochat, "f123u1") == []


#: Refused tag writes: (method, path, body, the 400 answer's body).
TAG_ERRORS = [
    ("post", "/subscriber/add-tag", {"user_ns": "f123u2", "tag_ns": "f123t9"}, TAG_NOT_FOUND),
    ("post", "/subscriber/add-tag", {"user_ns": "f123u2", "tag_ns": "f456t1"}, TAG_NOT_FOUND),
    ("post", "/subscriber/add-tag", {"user_ns": "f123u9", "tag_ns": "f123t1"}, NOT_FOUND),
    (
        "post",
        "/subscriber/add-tag",
        {"user_ns": "f123u2"},
        error("The tag ns field is required."),
    ),
    (
        "post",
        "/subscriber/add-tag",
        {"tag_ns": "f123t1"},
        error("The user ns field is required."),
    ),
    (
        "post",
        "/subscriber/add-tags",
        {"user_ns": "f123u2", "data": [{"tag_ns": "f123t1"}, {"tag_ns": "f123t9"}]},
        TAG_NOT_FOUND,
    ),
    (
        "post",
        "/subscriber/add-tag-by-name",
        {"user_ns": "f123u2", "tag_name": ""},
        error("The tag name field is required."),
    ),
    (
        "post",
        "/subscriber/add-tag-by-name",
        {"user_ns": "f123u9", "tag_name": "New"},
        NOT_FOUND,
    ),
    (
        "post",
        "/subscriber/add-tags-by-name",
        {"user_ns": "f123u2", "data": [{"tag_name": "New"}, {"name": "Other"}]},
        error("The data.1.tag name field is required."),
    ),
    (
        "post",
        "/subscriber/add-tags-by-name",
        {"user_ns": "f123u9", "data": [{"tag_name": "New"}]},
        NOT_FOUND,
    ),
    (
        "delete",
        "/subscriber/remove-tag",
        {"user_ns": "f123u1", "tag_ns": "f123t9"},
        TAG_NOT_FOUND,
    ),
    (
        "delete",
        "/subscriber/remove-tags",
        {"user_ns": "f123u1", "data": [{"tag_ns": "f123t1"}, {"tag_ns": "nope"}]},
        TAG_NOT_FOUND,
    ),
    (
        "delete",
        "/subscriber/remove-tag-by-name",
        {"user_ns": "f123u1", "tag_name": "Nobody"},
        TAG_NOT_FOUND,
    ),
    (
        "delete",
        "/subscriber/remove-tags-by-name",
        {"user_ns": "f123u1", "data": [{"tag_name": "Customer"}, {"tag_name": "Nobody"}]},
        TAG_NOT_FOUND,
    ),
]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "The data field is required."),
        ([], "The data field is required."),
        ("f123t1", "The data must be an array."),
        ([{}], "The data.0.tag ns field is required."),
        (["f123t1"], "The data.0 must be an array."),
        ([None], "The data.0 field is required."),
        ([{"tag_ns": 1}], "The data.0.tag ns must be a string."),
        ([{"tag_ns": "f123t1"}] * 21, "The data must not have more than 20 items."),
    ],
)
def test_batches_are_checked(
    flochat: FlochatClient, seeded: object, data: Any, message: str
) -> None:
    body: dict[str, Any] = {"user_ns": "f123u2"}
    if data is not None:
        body["data"] = data
    assert answer(flochat.post("/subscriber/add-tags", body), 400) == error(message)
    assert answer(flochat.delete("/subscriber/remove-tags", body), 400) == error(message)


def test_twenty_items_are_allowed(flochat: FlochatClient, seeded: object) -> None:
    body = {"user_ns": "f123u2", "data": [{"tag_name": f"Tag {n}"} for n in range(20)]}
    assert answer(flochat.post("/subscriber/add-tags-by-name", body)) == OK
    assert len(tags_of(flochat, "f123u2")) == 20


# -- labels -------------------------------------------------------------------------------------


def test_add_and_remove_labels_by_name(flochat: FlochatClient, seeded: object) -> None:
    body = {"user_ns": "f123u2", "data": [{"label_name": "vip"}, {"label_name": "Wholesale"}]}
    assert answer(flochat.post("/subscriber/add-labels-by-name", body)) == OK
    assert answer(flochat.post("/subscriber/add-labels-by-name", body)) == OK  # had them
    assert ns_of(flochat.get("/subscribers", label_id=1)) == ["f123u1", "f123u2"]
    assert ns_of(flochat.get("/subscribers", label_id=2)) == ["f123u2"]
    remove = {"user_ns": "f123u2", "data": [{"label_name": "VIP"}]}
    assert answer(flochat.delete("/subscriber/remove-labels-by-name", remove)) == OK
    assert answer(flochat.delete("/subscriber/remove-labels-by-name", remove)) == OK
    assert ns_of(flochat.get("/subscribers", label_id=1)) == ["f123u1"]
    assert ns_of(flochat.get("/subscribers", label_id=2)) == ["f123u2"]


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/subscriber/add-labels-by-name"), ("delete", "/subscriber/remove-labels-by-name")],
)
@pytest.mark.parametrize(
    ("body", "body_error"),
    [
        (
            {"user_ns": "f123u1", "data": [{"label_name": "Wholesale"}, {"label_name": "Gold"}]},
            LABEL_NOT_FOUND,
        ),
        ({"user_ns": "f123u9", "data": [{"label_name": "VIP"}]}, NOT_FOUND),
        (
            {"user_ns": "f123u1", "data": [{"name": "VIP"}]},
            error("The data.0.label name field is required."),
        ),
        ({"user_ns": "f123u1"}, error("The data field is required.")),
    ],
)
def test_label_errors_change_nothing(
    flochat: FlochatClient,
    sandbox: Sandbox,
    seeded: object,
    method: str,
    path: str,
    body: dict[str, Any],
    body_error: dict[str, str],
) -> None:
    assert answer(getattr(flochat, method)(path, body), 400) == body_error
    assert ns_of(flochat.get("/subscribers", label_id=1)) == ["f123u1"]
    assert ns_of(flochat.get("/subscribers", label_id=2)) == []
    labels = sandbox.export("default")["workspaces"]["default"]["flochat"]["labels"]
    assert labels == [{"id": 1, "name": "VIP"}, {"id": 2, "name": "Wholesale"}]  # none created


# -- user fields --------------------------------------------------------------------------------


def test_set_user_field(flochat: FlochatClient, seeded: object) -> None:
    body = {"user_ns": "f123u2", "var_ns": "f123v2", "value": "4.50"}
    assert answer(flochat.put("/subscriber/set-user-field", body)) == OK
    assert fields_of(flochat, "f123u2") == [orders("4.5")]
    body = {"user_ns": "f123u2", "var_ns": "f123v1", "value": "Lisboa"}
    assert answer(flochat.put("/subscriber/set-user-field", body)) == OK
    assert fields_of(flochat, "f123u2") == [orders("4.5"), city("Lisboa")]
    filtered = flochat.get("/subscribers", user_field_ns="f123v1", user_field_value="lisboa")
    assert ns_of(filtered) == ["f123u2"]


def test_set_user_fields_in_a_batch(flochat: FlochatClient, seeded: object) -> None:
    data = [{"var_ns": "f123v1", "value": "Olinda"}, {"var_ns": "f123v2", "value": "10"}]
    body = {"user_ns": "f123u1", "data": data}
    assert answer(flochat.put("/subscriber/set-user-fields", body)) == OK
    assert fields_of(flochat, "f123u1") == [city("Olinda"), orders("10")]


def test_set_user_fields_by_name(flochat: FlochatClient, seeded: object) -> None:
    body = {"user_ns": "f123u2", "field_name": "CITY", "value": "Natal"}
    assert answer(flochat.put("/subscriber/set-user-field-by-name", body)) == OK
    data = [{"name": "orders", "value": "2"}, {"name": "City", "value": "Recife"}]
    assert (
        answer(
            flochat.put("/subscriber/set-user-fields-by-name", {"user_ns": "f123u2", "data": data})
        )
        == OK
    )
    assert fields_of(flochat, "f123u2") == [city("Recife"), orders("2")]


def test_clear_user_fields(flochat: FlochatClient, seeded: object) -> None:
    body = {"user_ns": "f123u1", "var_ns": "f123v1"}
    assert answer(flochat.delete("/subscriber/clear-user-field", body)) == OK
    assert fields_of(flochat, "f123u1") == [orders("3")]
    assert answer(flochat.delete("/subscriber/clear-user-field", body)) == OK  # no value: fine
    by_name = {"user_ns": "f123u1", "field_name": "orders"}
    assert answer(flochat.delete("/subscriber/clear-user-field-by-name", by_name)) == OK
    assert fields_of(flochat, "f123u1") == []
    assert ns_of(flochat.get("/subscribers", user_field_ns="f123v2")) == []


def test_clear_user_fields_in_batches(flochat: FlochatClient, seeded: object) -> None:
    body = {"user_ns": "f123u1", "data": [{"var_ns": "f123v2"}]}
    assert answer(flochat.delete("/subscriber/clear-user-fields", body)) == OK
    assert fields_of(flochat, "f123u1") == [city("Recife")]
    names = {"user_ns": "f123u1", "data": [{"name": "City"}, {"name": "Orders"}]}
    assert answer(flochat.delete("/subscriber/clear-user-fields-by-name", names)) == OK
    assert fields_of(flochat, "f123u1") == []


#: Refused user field writes: (method, path, body, the 400 answer's body).
FIELD_ERRORS = [
    (
        "put",
        "/subscriber/set-user-field",
        {"user_ns": "f123u1", "var_ns": "f123v2", "value": "many"},
        error("Invalid value for number field"),
    ),
    (
        "put",
        "/subscriber/set-user-field",
        {"user_ns": "f123u1", "var_ns": "f123v2", "value": "1e999"},
        error("Invalid value for number field"),
    ),
    (
        "put",
        "/subscriber/set-user-field",
        {"user_ns": "f123u1", "var_ns": "f123v3", "value": "x"},
        FIELD_NOT_FOUND,
    ),
    (
        "put",
        "/subscriber/set-user-field",
        {"user_ns": "f123u9", "var_ns": "f123v1", "value": "x"},
        NOT_FOUND,
    ),
    (
        "put",
        "/subscriber/set-user-field",
        {"user_ns": "f123u1", "var_ns": "f123v1", "value": ""},
        error("The value field is required."),
    ),
    (
        "put",
        "/subscriber/set-user-field",
        {"user_ns": "f123u1", "var_ns": "f123v2", "value": 5},
        error("The value must be a string."),
    ),
    (
        "put",
        "/subscriber/set-user-field",
        {"user_ns": "f123u1", "value": "x"},
        error("The var ns field is required."),
    ),
    (
        "put",
        "/subscriber/set-user-fields",
        {
            "user_ns": "f123u1",
            "data": [
                {"var_ns": "f123v1", "value": "Porto"},
                {"var_ns": "f123v2", "value": "x"},
            ],
        },
        error("Invalid value for number field"),
    ),
    (
        "put",
        "/subscriber/set-user-fields",
        {"user_ns": "f123u1", "data": [{"var_ns": "f123v1"}]},
        error("The data.0.value field is required."),
    ),
    (
        "put",
        "/subscriber/set-user-field-by-name",
        {"user_ns": "f123u1", "field_name": "Store hours", "value": "x"},
        FIELD_NOT_FOUND,
    ),
    (
        "put",
        "/subscriber/set-user-field-by-name",
        {"user_ns": "f123u1", "name": "City", "value": "x"},
        error("The field name field is required."),
    ),
    (
        "put",
        "/subscriber/set-user-fields-by-name",
        {
            "user_ns": "f123u1",
            "data": [{"name": "City", "value": "Porto"}, {"name": "Age", "value": "3"}],
        },
        FIELD_NOT_FOUND,
    ),
    (
        "delete",
        "/subscriber/clear-user-field",
        {"user_ns": "f123u1", "var_ns": "f123v9"},
        FIELD_NOT_FOUND,
    ),
    (
        "delete",
        "/subscriber/clear-user-field",
        {"user_ns": "f123u9", "var_ns": "f123v1"},
        NOT_FOUND,
    ),
    (
        "delete",
        "/subscriber/clear-user-fields",
        {"user_ns": "f123u1", "data": [{"var_ns": "f123v1"}, {"var_ns": "f123v9"}]},
        FIELD_NOT_FOUND,
    ),
    (
        "delete",
        "/subscriber/clear-user-field-by-name",
        {"user_ns": "f123u1", "field_name": "Age"},
        FIELD_NOT_FOUND,
    ),
    (
        "delete",
        "/subscriber/clear-user-fields-by-name",
        {"user_ns": "f123u1", "data": [{"name": "City"}, {"var_ns": "f123v2"}]},
        error("The data.1.name field is required."),
    ),
    (
        "delete",
        "/subscriber/clear-user-fields-by-name",
        {"user_ns": "f123u1", "data": [{"name": "City"}, {"name": "Age"}]},
        FIELD_NOT_FOUND,
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "body_error"), [*TAG_ERRORS, *FIELD_ERRORS])
def test_tag_and_field_errors_change_nothing(
    flochat: FlochatClient,
    seeded: object,
    method: str,
    path: str,
    body: dict[str, Any],
    body_error: dict[str, str],
) -> None:
    assert answer(getattr(flochat, method)(path, body), 400) == body_error
    # Neither the tags nor the fields moved, whichever the refused write was about.
    assert tags_of(flochat, "f123u1") == [CUSTOMER]
    assert tags_of(flochat, "f123u2") == []
    assert flow_tags(flochat) == [CUSTOMER, LEAD]
    assert fields_of(flochat, "f123u1") == [city("Recife"), orders("3")]


# -- scope --------------------------------------------------------------------------------------

FLOW_OPERATIONS = [
    ("get", "/subscribers"),
    ("get", "/subscriber/get-info"),
    ("get", "/subscriber/get-info-by-user-id"),
    ("post", "/subscriber/create"),
    ("put", "/subscriber/update"),
    ("delete", "/subscriber/delete"),
    ("post", "/subscriber/add-tag"),
    ("post", "/subscriber/add-tags"),
    ("post", "/subscriber/add-tag-by-name"),
    ("post", "/subscriber/add-tags-by-name"),
    ("delete", "/subscriber/remove-tag"),
    ("delete", "/subscriber/remove-tags"),
    ("delete", "/subscriber/remove-tag-by-name"),
    ("delete", "/subscriber/remove-tags-by-name"),
    ("post", "/subscriber/add-labels-by-name"),
    ("delete", "/subscriber/remove-labels-by-name"),
    ("put", "/subscriber/set-user-field"),
    ("put", "/subscriber/set-user-fields"),
    ("put", "/subscriber/set-user-field-by-name"),
    ("put", "/subscriber/set-user-fields-by-name"),
    ("delete", "/subscriber/clear-user-field"),
    ("delete", "/subscriber/clear-user-fields"),
    ("delete", "/subscriber/clear-user-field-by-name"),
    ("delete", "/subscriber/clear-user-fields-by-name"),
]


@pytest.mark.parametrize(("method", "path"), FLOW_OPERATIONS)
def test_subscriber_operations_need_manage_flow(
    client: Client, seeded: object, method: str, path: str
) -> None:
    team_only = FlochatClient(client, TEAM_ONLY_KEY)
    call = getattr(team_only, method)
    response = call(path) if method == "get" else call(path, {"user_ns": "f123u1"})
    assert answer(response, 403) == error("Invalid ability provided.")


def test_a_refused_key_changes_nothing(
    client: Client, flochat: FlochatClient, seeded: object
) -> None:
    team_only = FlochatClient(client, TEAM_ONLY_KEY)
    answer(team_only.delete("/subscriber/delete", {"user_ns": "f123u1"}), 403)
    answer(
        team_only.post("/subscriber/add-tag-by-name", {"user_ns": "f123u1", "tag_name": "X"}), 403
    )
    assert tags_of(flochat, "f123u1") == [CUSTOMER]


# -- fixtures -----------------------------------------------------------------------------------


def test_export_shows_what_the_api_did_and_loads_back(
    flochat: FlochatClient, sandbox: Sandbox, seeded: object
) -> None:
    created = answer(
        flochat.post(
            "/subscriber/create",
            {"first_name": "Bia", "phone": "+5521999990000", "image": "https://x.test/b.png"},
        )
    )
    user_ns = created["user_ns"]
    answer(
        flochat.post(
            "/subscriber/add-tags-by-name",
            {"user_ns": user_ns, "data": [{"tag_name": "Lead"}, {"tag_name": "New"}]},
        )
    )
    answer(
        flochat.post(
            "/subscriber/add-labels-by-name",
            {"user_ns": user_ns, "data": [{"label_name": "Wholesale"}]},
        )
    )
    answer(
        flochat.put(
            "/subscriber/set-user-field-by-name",
            {"user_ns": user_ns, "field_name": "Orders", "value": "1"},
        )
    )
    answer(flochat.delete("/subscriber/delete", {"user_ns": "f123u2"}))
    exported = sandbox.export("default")
    flow = exported["workspaces"]["default"]["flochat"]["flows"][0]
    assert [s["user_ns"] for s in flow["subscribers"]] == ["f123u1", "f123u3"]
    entry = flow["subscribers"][1]
    assert {
        key: entry[key]
        for key in (
            "user_ns",
            "user_id",
            "channel",
            "name",
            "profile_pic",
            "subscribed",
            "tags",
            "labels",
            "user_fields",
        )
    } == {
        "user_ns": "f123u3",
        "user_id": "5521999990000",
        "channel": "whatsapp_cloud",
        "name": "Bia",
        "profile_pic": "https://x.test/b.png",
        "subscribed": "2026-03-01 12:00:00",
        "tags": ["Lead", "New"],
        "labels": ["Wholesale"],
        "user_fields": {"Orders": 1},
    }
    sandbox.reset()
    sandbox.load_fixtures(exported)
    assert sandbox.export("default") == exported
    assert info(flochat, user_ns) == created | {
        "tags": [LEAD, {"name": "New", "tag_ns": "f123t3"}],
        "user_fields": [orders("1")],
    }
    # ids the export carried are not given out again
    assert answer(flochat.post("/subscriber/create", {"email": "n@x.test"}))["user_ns"] == "f123u4"
