"""The team's OpenAI embeddings: CRUD, import (inserted / updated / skipped) and
regeneration, which needs the OpenAI integration."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.fixtures import FixtureError
from sandbox.core.sandbox import Sandbox
from tests.platforms.flochat import helpers
from tests.platforms.flochat.helpers import OK, FlochatClient, answer, error, load_team

HOURS = {"id": 1, "type": "faq", "heading": "Opening hours", "text": "Mon-Fri 9am to 6pm"}
SHIPPING = {"id": 2, "type": "faq", "heading": "Shipping", "text": "Free shipping over R$ 200"}
RETURNS = {"id": 3, "type": "", "heading": "Returns", "text": "30 days to return any item"}


@pytest.fixture
def team(sandbox: Sandbox, frozen: object) -> dict[str, int]:
    return load_team(sandbox, {**helpers.SEED_TEAM, "embeddings": [HOURS, SHIPPING, RETURNS]})


def _all(flochat: FlochatClient) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = answer(flochat.get("/openai-embeddings"))["data"]
    return data


def test_embeddings_are_listed_and_searched(flochat: FlochatClient, team: object) -> None:
    assert _all(flochat) == [HOURS, SHIPPING, RETURNS]
    assert answer(flochat.get("/openai-embeddings", heading="SHIP")) == {"data": [SHIPPING]}
    assert answer(flochat.get("/openai-embeddings", text="days")) == {"data": [RETURNS]}
    assert answer(flochat.get("/openai-embeddings", limit=2, page=2)) == {"data": [RETURNS]}


def test_get_info(flochat: FlochatClient, team: object) -> None:
    assert answer(flochat.get("/openai-embeddings/2/get-info")) == {
        "data": SHIPPING,
        "status": "ok",
    }


@pytest.mark.parametrize("embedding_id", ["99", "abc", "²", "1.0", "99999999999999999999999"])
def test_an_unknown_embedding_is_not_found(
    flochat: FlochatClient, team: object, embedding_id: str
) -> None:
    not_found = error("Embedding not found")
    path = f"/openai-embeddings/{embedding_id}"
    assert answer(flochat.get(f"{path}/get-info"), 400) == not_found
    assert answer(flochat.put(f"{path}/update", {"text": "x"}), 400) == not_found
    assert answer(flochat.delete(f"{path}/delete"), 400) == not_found


def test_create_an_embedding(flochat: FlochatClient, team: object) -> None:
    body = {"type": "policy", "heading": "Payment", "text": "Pix, card or boleto"}
    created = {"id": 4, **body}
    assert answer(flochat.post("/openai-embeddings/create", body)) == {
        "data": created,
        "status": "ok",
    }
    assert _all(flochat)[-1] == created


def test_create_without_a_type(flochat: FlochatClient) -> None:
    body = {"heading": "Payment", "text": "Pix"}
    assert answer(flochat.post("/openai-embeddings/create", body))["data"] == {
        "id": 1,
        "type": "",
        "heading": "Payment",
        "text": "Pix",
    }


#: Refused creates: (body, the 400 answer's message).
CREATE_REFUSALS = [
    ({"text": "x"}, "The heading field is required."),
    ({"heading": "x"}, "The text field is required."),
    ({"heading": "shipping", "text": "x"}, "The heading has already been taken."),
    ({"heading": "h" * 51, "text": "x"}, "The heading must not be greater than 50 characters."),
    (
        {"heading": "x", "text": "t" * 1001},
        "The text must not be greater than 1000 characters.",
    ),
    (
        {"heading": "x", "text": "t", "type": "y" * 51},
        ("The type must not be greater than 50 characters."),
    ),
]


def test_update_changes_what_is_given(flochat: FlochatClient, team: object) -> None:
    changed = {**HOURS, "text": "Mon-Sat 9am to 6pm"}
    response = flochat.put("/openai-embeddings/1/update", {"text": "Mon-Sat 9am to 6pm"})
    assert answer(response) == {"data": changed, "status": "ok"}
    response = flochat.put("/openai-embeddings/1/update", {"heading": "opening HOURS"})
    assert answer(response)["data"]["heading"] == "opening HOURS"
    assert _all(flochat)[0] == {**changed, "heading": "opening HOURS"}


#: Refused updates of embedding 1: (body, the 400 answer's message).
UPDATE_REFUSALS = [
    ({"heading": ""}, "The heading field must have a value."),
    ({"heading": "   "}, "The heading field must have a value."),
    ({"text": ""}, "The text field must have a value."),
    ({"heading": "h" * 51}, "The heading must not be greater than 50 characters."),
    ({"text": ["Pix"]}, "The text must be a string."),
]


def test_update_refuses_a_taken_heading(flochat: FlochatClient, team: object) -> None:
    response = flochat.put("/openai-embeddings/1/update", {"heading": "Returns", "text": "x"})
    assert answer(response, 400) == error("The heading has already been taken.")
    assert _all(flochat) == [HOURS, SHIPPING, RETURNS]


def test_delete(flochat: FlochatClient, team: object) -> None:
    assert answer(flochat.delete("/openai-embeddings/2/delete")) == OK
    assert _all(flochat) == [HOURS, RETURNS]
    assert (
        answer(flochat.post("/openai-embeddings/create", {"heading": "N", "text": "t"}))["data"][
            "id"
        ]
        == 4
    )


def test_import_inserts_updates_and_skips(flochat: FlochatClient, team: object) -> None:
    rows = [
        {"type": "faq", "heading": "Opening hours", "text": "Mon-Fri 9am to 6pm"},  # same
        {"type": "faq", "heading": "shipping", "text": "Free shipping over R$ 300"},  # changed
        {"heading": "Payment", "text": "Pix"},  # new
        {"heading": "Payment", "text": "Pix"},  # same as the row before
    ]
    assert answer(flochat.post("/openai-embeddings/import", {"rows": rows})) == {
        "status": "ok",
        "inserted": 1,
        "updated": 1,
        "skipped": 2,
    }
    assert _all(flochat) == [
        HOURS,
        {**SHIPPING, "text": "Free shipping over R$ 300"},
        RETURNS,
        {"id": 4, "type": "", "heading": "Payment", "text": "Pix"},
    ]


#: Refused imports: (body, the 400 answer's message).
IMPORT_REFUSALS = [
    ({}, "The rows field is required."),
    ({"rows": []}, "The rows field is required."),
    ({"rows": "a,b"}, "The rows must be an array."),
    (
        {"rows": [{"heading": "x", "text": "y"}] * 101},
        ("The rows must not have more than 100 items."),
    ),
    (
        {"rows": [{"heading": "ok", "text": "y"}, {"text": "y"}]},
        ("The rows.1.heading field is required."),
    ),
    (
        {"rows": [{"heading": "h" * 51, "text": "y"}]},
        ("The rows.0.heading must not be greater than 50 characters."),
    ),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "message"),
    [
        *[("post", "/openai-embeddings/create", *row) for row in CREATE_REFUSALS],
        *[("put", "/openai-embeddings/1/update", *row) for row in UPDATE_REFUSALS],
        *[("post", "/openai-embeddings/import", *row) for row in IMPORT_REFUSALS],
    ],
)
def test_refused_writes_change_nothing(
    flochat: FlochatClient, team: object, method: str, path: str, body: Any, message: str
) -> None:
    assert answer(getattr(flochat, method)(path, body), 400) == error(message)
    assert _all(flochat) == [HOURS, SHIPPING, RETURNS]


def test_generate_needs_a_verified_openai_integration(flochat: FlochatClient) -> None:
    generate = "/openai-embeddings/generate"
    assert answer(flochat.post(generate), 400) == error("OpenAI integration not found")
    answer(flochat.post("/integration/openai", {"api_key": "not-a-key"}))
    assert answer(flochat.post(generate), 400) == error("OpenAI integration is not verified")
    answer(flochat.post("/integration/openai", {"api_key": "sk-abcdef"}))
    assert answer(flochat.post(generate)) == OK


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/openai-embeddings", None),
        ("GET", "/openai-embeddings/1/get-info", None),
        ("POST", "/openai-embeddings/create", {"heading": "h", "text": "t"}),
        ("PUT", "/openai-embeddings/1/update", {"text": "t"}),
        ("DELETE", "/openai-embeddings/1/delete", None),
        ("POST", "/openai-embeddings/import", {"rows": [{"heading": "h", "text": "t"}]}),
        ("POST", "/openai-embeddings/generate", None),
    ],
)
def test_embeddings_need_manage_team(
    client: Client, team: object, method: str, path: str, body: Any
) -> None:
    helpers.assert_refused_to_a_flow_key(client, method, path, body)
    assert _all(FlochatClient(client)) == [HOURS, SHIPPING, RETURNS]


def test_embeddings_round_trip(flochat: FlochatClient, sandbox: Sandbox, team: object) -> None:
    answer(flochat.post("/openai-embeddings/create", {"heading": "Payment", "text": "Pix"}))
    exported = sandbox.export("default")["workspaces"]["default"]["flochat"]
    assert exported["embeddings"] == [
        HOURS,
        SHIPPING,
        RETURNS,
        {"id": 4, "type": "", "heading": "Payment", "text": "Pix"},
    ]
    sandbox.reset()
    load_team(sandbox, exported)
    assert _all(flochat) == exported["embeddings"]


def test_a_repeated_heading_in_fixtures_is_reported(sandbox: Sandbox) -> None:
    with pytest.raises(FixtureError) as raised:
        load_team(
            sandbox,
            {**helpers.SEED_TEAM, "embeddings": [HOURS, {**SHIPPING, "heading": "OPENING hours"}]},
        )
    assert "flochat.embeddings[1].heading: another embedding is 'OPENING hours'" in str(
        raised.value
    )
