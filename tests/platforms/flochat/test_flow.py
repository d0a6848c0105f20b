"""The flow's own objects through the API: tags, user fields, bot fields, sub flows,
segments, settings, the chat-status counts, and /me."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flochat import helpers
from tests.platforms.flochat.helpers import OK, FlochatClient, answer, error, load_team

CITY = {"name": "City", "var_ns": "f123v1", "var_type": "text", "description": "", "value": ""}
ORDERS = {
    "name": "Orders",
    "var_ns": "f123v2",
    "var_type": "number",
    "description": "",
    "value": "0",
}
HOURS = {
    "name": "Store hours",
    "var_ns": "f123v3",
    "var_type": "text",
    "description": "",
    "value": "9-18",
    "is_template_field": False,
}


# -- tags -----------------------------------------------------------------------------------------


def test_tags_are_listed_searched_and_paged(flochat: FlochatClient, seeded: object) -> None:
    assert answer(flochat.get("/flow/tags")) == {
        "data": [{"name": "Customer", "tag_ns": "f123t1"}, {"name": "Lead", "tag_ns": "f123t2"}]
    }
    assert answer(flochat.get("/flow/tags", name="CUST")) == {
        "data": [{"name": "Customer", "tag_ns": "f123t1"}]
    }
    assert answer(flochat.get("/flow/tags", limit="1", page="2")) == {
        "data": [{"name": "Lead", "tag_ns": "f123t2"}]
    }
    assert answer(flochat.get("/flow/tags", limit="1", page="3")) == {"data": []}


def test_lists_default_to_fifteen_per_page(flochat: FlochatClient) -> None:
    for number in range(16):
        answer(flochat.post("/flow/create-tag", {"name": f"Tag {number:02}"}))
    first = answer(flochat.get("/flow/tags"))["data"]
    assert [tag["name"] for tag in first] == [f"Tag {n:02}" for n in range(15)]
    assert answer(flochat.get("/flow/tags", page="2"))["data"][0]["name"] == "Tag 15"


def test_create_tag_answers_the_bare_tag_with_a_new_ns(
    flochat: FlochatClient, seeded: object
) -> None:
    assert answer(flochat.post("/flow/create-tag", {"name": "Returning"})) == {
        "name": "Returning",
        "tag_ns": "f123t3",
    }
    assert answer(flochat.get("/flow/tags", name="Returning"))["data"] == [
        {"name": "Returning", "tag_ns": "f123t3"}
    ]


def test_a_tag_name_is_taken_whatever_its_case(flochat: FlochatClient, seeded: object) -> None:
    assert answer(flochat.post("/flow/create-tag", {"name": "customer"}), 400) == error(
        "Tag already exists"
    )
    # Another flow of the team has its own tags.
    assert answer(flochat.post("/flow/create-tag", {"name": "Lead"}), 400) == error(
        "Tag already exists"
    )


def test_another_flow_may_use_the_same_tag_name(client: Client, seeded: object) -> None:
    other = FlochatClient(client, helpers.OTHER_FLOW_KEY)
    assert answer(other.post("/flow/create-tag", {"name": "Lead"})) == {
        "name": "Lead",
        "tag_ns": "f456t2",
    }


def test_deleting_a_tag_takes_it_off_subscribers(
    flochat: FlochatClient, seeded: object, sandbox: Sandbox
) -> None:
    assert answer(flochat.delete("/flow/delete-tag", {"tag_ns": "f123t1"})) == OK
    assert answer(flochat.get("/flow/tags")) == {"data": [{"name": "Lead", "tag_ns": "f123t2"}]}
    exported = sandbox.export("default")["workspaces"]["default"]["flochat"]
    carla = exported["flows"][0]["subscribers"][0]
    assert carla["tags"] == []
    assert answer(flochat.delete("/flow/delete-tag", {"tag_ns": "f123t1"}), 400) == error(
        "Tag not found"
    )


def test_delete_tag_by_name(flochat: FlochatClient, seeded: object) -> None:
    assert answer(flochat.delete("/flow/delete-tag-by-name", {"name": "LEAD"})) == OK
    assert answer(flochat.delete("/flow/delete-tag-by-name", {"name": "Lead"}), 400) == error(
        "Tag not found"
    )
    assert answer(flochat.delete("/flow/delete-tag-by-name", {}), 400) == error(
        "The name field is required."
    )


# -- user fields ----------------------------------------------------------------------------------


def test_user_fields_are_listed_with_their_default_value(
    flochat: FlochatClient, seeded: object
) -> None:
    assert answer(flochat.get("/flow/user-fields")) == {"data": [CITY, ORDERS]}
    assert answer(flochat.get("/flow/user-fields", name="ord")) == {"data": [ORDERS]}


@pytest.mark.parametrize(
    ("var_type", "value", "shown"),
    [
        ("text", "Recife", "Recife"),
        ("number", "12.5", "12.5"),
        ("number", "7", "7"),
        ("boolean", "true", "1"),
        ("boolean", "0", "0"),
        ("date", "2026-03-01", "2026-03-01"),
        ("datetime", "2026-03-01T10:00:00Z", "2026-03-01T10:00:00+00:00"),
        ("array", '["a", "b"]', '["a","b"]'),
    ],
)
def test_create_user_field_checks_and_shows_the_value_as_text(
    flochat: FlochatClient, var_type: str, value: str, shown: str
) -> None:
    body = {"name": "Field", "var_type": var_type, "value": value, "description": "d"}
    assert answer(flochat.post("/flow/create-user-field", body)) == {
        "data": {
            "name": "Field",
            "var_ns": "f488639v1",
            "var_type": var_type,
            "description": "d",
            "value": shown,
        },
        "status": "ok",
    }


@pytest.mark.parametrize(
    ("var_type", "value"),
    [("number", "ten"), ("boolean", "maybe"), ("date", "yesterday"), ("array", "a,b")],
)
def test_a_value_that_does_not_fit_the_type_is_refused(
    flochat: FlochatClient, var_type: str, value: str
) -> None:
    body = {"name": "Field", "var_type": var_type, "value": value}
    assert answer(flochat.post("/flow/create-user-field", body), 400) == error(
        f"Invalid value for {var_type} field"
    )
    assert answer(flochat.get("/flow/user-fields")) == {"data": []}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"var_type": "text", "value": "x"}, "The name field is required."),
        ({"name": "F", "value": "x"}, "The var type field is required."),
        ({"name": "F", "var_type": "colour", "value": "x"}, "The selected var type is invalid."),
        ({"name": "F", "var_type": "text"}, "The value field is required."),
    ],
)
def test_create_user_field_validation(
    flochat: FlochatClient, body: dict[str, Any], message: str
) -> None:
    assert answer(flochat.post("/flow/create-user-field", body), 400) == error(message)


def test_create_user_field_keeps_a_given_var_ns_and_refuses_taken_ones(
    flochat: FlochatClient, seeded: object
) -> None:
    body = {"name": "Zip", "var_type": "text", "value": "x", "var_ns": "f123v99"}
    assert answer(flochat.post("/flow/create-user-field", body))["data"]["var_ns"] == "f123v99"
    taken = {**body, "name": "Zip 2"}
    assert answer(flochat.post("/flow/create-user-field", taken), 400) == error(
        "Field already exists"
    )
    named = {"name": "city", "var_type": "text", "value": "x"}
    assert answer(flochat.post("/flow/create-user-field", named), 400) == error(
        "Field already exists"
    )


def test_deleting_a_user_field_drops_subscribers_values(
    flochat: FlochatClient, seeded: object, sandbox: Sandbox
) -> None:
    assert answer(flochat.delete("/flow/delete-user-field", {"var_ns": "f123v1"})) == OK
    assert answer(flochat.delete("/flow/delete-user-field-by-name", {"name": "orders"})) == OK
    assert answer(flochat.get("/flow/user-fields")) == {"data": []}
    exported = sandbox.export("default")["workspaces"]["default"]["flochat"]
    assert exported["flows"][0]["subscribers"][0]["user_fields"] == {}
    assert answer(flochat.delete("/flow/delete-user-field", {"var_ns": "f123v1"}), 400) == error(
        "Field not found"
    )


# -- bot fields -----------------------------------------------------------------------------------


def test_bot_fields_are_listed(flochat: FlochatClient, seeded: object) -> None:
    assert answer(flochat.get("/flow/bot-fields")) == {"data": [HOURS]}


def test_create_bot_field(flochat: FlochatClient, seeded: object) -> None:
    body = {"name": "Promo", "var_type": "boolean", "value": "1", "is_template_field": True}
    assert answer(flochat.post("/flow/create-bot-field", body)) == {
        "data": {
            "name": "Promo",
            "var_ns": "f123v4",
            "var_type": "boolean",
            "description": "",
            "value": "1",
            "is_template_field": True,
        },
        "status": "ok",
    }


def test_set_a_bot_field_by_ns_and_by_name_answers_the_bare_field(
    flochat: FlochatClient, seeded: object
) -> None:
    changed = answer(flochat.put("/flow/set-bot-field", {"var_ns": "f123v3", "value": "8-20"}))
    assert changed == {**HOURS, "value": "8-20"}
    by_name = {"name": "store HOURS", "value": "closed"}
    assert answer(flochat.put("/flow/set-bot-field-by-name", by_name)) == {
        **HOURS,
        "value": "closed",
    }
    assert answer(flochat.get("/flow/bot-fields")) == {"data": [{**HOURS, "value": "closed"}]}
    missing = {"var_ns": "f123v1", "value": "x"}  # a user field, not a bot field
    assert answer(flochat.put("/flow/set-bot-field", missing), 400) == error("Field not found")


def test_set_bot_fields_in_a_batch_is_all_or_nothing(
    flochat: FlochatClient, seeded: object
) -> None:
    body = {"name": "Open", "var_type": "boolean", "value": "0"}
    answer(flochat.post("/flow/create-bot-field", body))
    batch = {"data": [{"var_ns": "f123v3", "value": "24h"}, {"var_ns": "f123v4", "value": "1"}]}
    assert answer(flochat.put("/flow/set-bot-fields", batch)) == OK
    values = {f["name"]: f["value"] for f in answer(flochat.get("/flow/bot-fields"))["data"]}
    assert values == {"Store hours": "24h", "Open": "1"}

    bad = {"data": [{"name": "Store hours", "value": "never"}, {"name": "Open", "value": "maybe"}]}
    assert answer(flochat.put("/flow/set-bot-fields-by-name", bad), 400) == error(
        "Invalid value for boolean field"
    )
    values = {f["name"]: f["value"] for f in answer(flochat.get("/flow/bot-fields"))["data"]}
    assert values == {"Store hours": "24h", "Open": "1"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "The data field is required."),
        ({"data": []}, "The data field is required."),
        ({"data": "x"}, "The data must be an array."),
        ({"data": [{"value": "x"}]}, "The data.0.var ns field is required."),
        (
            {"data": [{"var_ns": "f123v3", "value": "x"}] * 21},
            "The data must not have more than 20 items.",
        ),
    ],
)
def test_set_bot_fields_validation(
    flochat: FlochatClient, seeded: object, body: dict[str, Any], message: str
) -> None:
    assert answer(flochat.put("/flow/set-bot-fields", body), 400) == error(message)


def test_delete_bot_fields(flochat: FlochatClient, seeded: object) -> None:
    assert answer(flochat.delete("/flow/delete-bot-field", {"var_ns": "f123v3"})) == OK
    assert answer(flochat.get("/flow/bot-fields")) == {"data": []}
    assert answer(
        flochat.delete("/flow/delete-bot-field-by-name", {"name": "Store hours"}), 400
    ) == (error("Field not found"))


# -- sub flows, segments, settings ------------------------------------------------------------


def test_sub_flows_and_segments_are_listed(flochat: FlochatClient, seeded: object) -> None:
    assert answer(flochat.get("/flow/subflows")) == {
        "data": [
            {"name": "Welcome", "sub_flow_ns": "f123s1"},
            {"name": "Promo", "sub_flow_ns": "f123s2"},
        ]
    }
    assert answer(flochat.get("/flow/subflows", name="pro")) == {
        "data": [{"name": "Promo", "sub_flow_ns": "f123s2"}]
    }
    assert answer(flochat.get("/flow/segments")) == {
        "data": [{"name": "Customers", "segment_ns": "f123sg1"}]
    }


def test_delete_a_sub_flow(flochat: FlochatClient, seeded: object, sandbox: Sandbox) -> None:
    assert answer(flochat.delete("/flow/delete-sub-flow", {"sub_flow_ns": "f123s1"})) == OK
    assert answer(flochat.get("/flow/subflows"))["data"] == [
        {"name": "Promo", "sub_flow_ns": "f123s2"}
    ]
    flow = sandbox.export("default")["workspaces"]["default"]["flochat"]["flows"][0]
    assert [s["name"] for s in flow["sub_flows"]] == ["Promo"]
    assert answer(flochat.delete("/flow/delete-sub-flow", {"sub_flow_ns": "f123s1"}), 400) == (
        error("Sub flow not found")
    )


@pytest.mark.parametrize(
    ("path", "setting"),
    [
        ("/flow/set-default-start-flow", "default_start_flow"),
        ("/flow/set-web-chat-widget-default-start-flow", "web_chat_start_flow"),
    ],
)
def test_start_flows_take_a_sub_flow_or_main(
    flochat: FlochatClient, seeded: object, path: str, setting: str
) -> None:
    assert answer(flochat.post(path, {"sub_flow_ns": "f123s2"})) == OK
    assert answer(flochat.post(path, {"sub_flow_ns": "main"})) == OK
    assert answer(flochat.post(path, {"sub_flow_ns": "f123s9"}), 400) == error("Sub flow not found")
    assert answer(flochat.post(path, {}), 400) == error("The sub flow ns field is required.")


def test_audio_transcription_models(flochat: FlochatClient) -> None:
    for model in ("none", "whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe"):
        assert (
            answer(flochat.post("/flow/settings/set-audio-transcription", {"stt_model": model}))
            == OK
        )
    assert answer(
        flochat.post("/flow/settings/set-audio-transcription", {"stt_model": "tiny"}), 400
    ) == error("The selected stt model is invalid.")


def test_bot_users_count_by_chat_status(flochat: FlochatClient, seeded: object) -> None:
    assert answer(flochat.get("/flow/bot-users-count")) == {
        "data": [
            {"status": "open", "num": 2},
            {"status": "pending", "num": 0},
            {"status": "spam", "num": 0},
            {"status": "done", "num": 0},
        ],
        "status": "ok",
    }


def test_me_without_an_owner_in_fixtures_is_a_demo_user(flochat: FlochatClient) -> None:
    assert answer(flochat.get("/me")) == {
        "id": 1,
        "name": "Demo User",
        "email": "demo@flow-sandbox.local",
    }


def test_me_is_the_owner_team_info_names(flochat: FlochatClient, sandbox: Sandbox) -> None:
    team = {"team": {"owner": {"id": "42", "name": "Ana Souza", "email": "ana@loja.com"}}}
    load_team(sandbox, {**helpers.SEED_TEAM, **team})
    assert answer(flochat.get("/me")) == {"id": 42, "name": "Ana Souza", "email": "ana@loja.com"}
    info = answer(flochat.get("/team-info"))["data"]
    assert (info["owner_id"], info["owner_email"]) == (42, "ana@loja.com")


def test_me_with_a_malformed_owner_is_the_demo_user(
    flochat: FlochatClient, sandbox: Sandbox
) -> None:
    load_team(sandbox, {**helpers.SEED_TEAM, "team": {"owner": "ana"}})
    assert answer(flochat.get("/me")) == {
        "id": 1,
        "name": "Demo User",
        "email": "demo@flow-sandbox.local",
    }
