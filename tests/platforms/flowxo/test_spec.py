"""What the generated spec tells checkers and clients beyond the shapes: the link from a
created user to its update (schemathesis' stateful phase follows it), and that text fields
take JSON numbers, as the API does."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from tests.platforms.flowxo.helpers import SHOP_BOT, FlowXOClient, answer


def spec(client: Client) -> dict[str, Any]:
    document: dict[str, Any] = client.get("/flowxo/openapi.json").json
    return document


def pointer(document: Any, path: str) -> Any:
    """A JSON pointer (`/end_user/response_path`) into a document."""
    for part in path.strip("/").split("/"):
        document = document[part]
    return document


@pytest.mark.usefixtures("seeded")
def test_the_link_from_create_to_update_names_the_created_user(
    client: Client, flowxo: FlowXOClient
) -> None:
    links = spec(client)["paths"]["/api/end_users"]["post"]["responses"]["200"]["links"]
    assert links == {
        "UpdateEndUser": {
            "operationRef": "#/paths/~1api~1end_users/put",
            "requestBody": {"response_path": "$response.body#/end_user/response_path"},
        }
    }
    # Followed as a checker does: the expression read from the answer updates that user.
    created = flowxo.post("/api/end_users", {"connection": SHOP_BOT, "channel": "5521900000001"})
    expression = links["UpdateEndUser"]["requestBody"]["response_path"]
    path = pointer(created.json, expression.removeprefix("$response.body#"))
    update = {"response_path": path, "profile": {"user_name": "Linked"}}
    status, body = answer(flowxo.put("/api/end_users", update))
    assert (status, body["end_user"]["_id"]) == (200, created.json["end_user"]["_id"])


@pytest.mark.parametrize(
    ("schema", "field"),
    [
        ("EndUserCreateBody", "channel"),
        ("ProfileBody", "user_name"),
        ("ProfileBody", "user_first_name"),
        ("ProfileBody", "user_last_name"),
    ],
)
def test_text_fields_are_documented_as_taking_numbers(
    client: Client, schema: str, field: str
) -> None:
    documented = spec(client)["components"]["schemas"][schema]["properties"][field]
    assert documented["anyOf"] == [{"type": "string"}, {"type": "number"}]
