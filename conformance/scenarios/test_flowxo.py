"""Flow XO semantics the spec cannot state (platforms.md §C, docs/flowxo-fidelity.md): the
Bearer key, conversation ids and paging, end users unique per bot and channel id whose
API profile wins, workflow activation, and (on a flow-sandbox) a user's message becoming
the conversation's last message.

What no Flow XO article records (error statuses and messages, the end-user answer, a
repeated create) is the sandbox's assumption: a failure of those checks on a real account
says the assumption is wrong, which docs/flowxo-fidelity.md then needs to learn.

Users a scenario creates get made-up channel ids (zz-fsbx-...), which no channel can
deliver to; the API cannot delete them, so those scenarios are `permanent` and the run's
summary lists the users to remove by hand. The workflow scenario leaves the workflow as
it found it.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

import pytest

from conformance.platforms import Created
from conformance.plugin import Client
from conformance.run import Run
from conformance.sandbox_control import control_headers, control_url

#: An ObjectId no account has (made in 1970).
MISSING_ID = "000000000000000000000000"
CONVERSATION_KEYS = {
    "agent_mode",
    "last_message",
    "created_at",
    "id",
    "id_url_encoded",
    "bot_id",
    "bot_name",
    "platform",
    "user_id",
    "user_name",
}
MESSAGE_KEYS = {"id", "role", "conversation", "from", "agent_mode", "type", "timestamp"}
END_USER_KEYS = {
    "_id",
    "connection",
    "channel",
    "response_path",
    "platform",
    "profile",
    "created_at",
    "updated_at",
}
#: Pages the paging scenario reads at most (real accounts have thousands of conversations).
MAX_PAGES = 5


def answer(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, f"{response.status_code}: {response.text[:300]}"
    return response.json()


def message(text: str) -> dict[str, str]:
    return {"message": text}


def option(run: Run, name: str) -> str:
    return str(run.settings.option(f"flowxo_{name}"))


def encode_uri_component(value: str) -> str:
    return quote(value, safe="-_.!~*'()")


def remember_user(run: Run, response_path: str) -> None:
    """Record a user the scenario created: the API cannot delete it, so the run's summary
    lists it for removal by hand."""
    created = Created("end_users", response_path)
    if created not in run.session.created:
        run.session.created.append(created)


def conversations(client: Client, **params: Any) -> dict[str, Any]:
    page = answer(client.get("/api/conversations", params=params))
    assert set(page) == {"total", "skip", "limit", "conversations"}
    return page


def find_conversation(
    client: Client, conversation_id: str, start: str | None = None
) -> dict[str, Any]:
    """A conversation (created at or after `start`), looked up page by page."""
    skip = 0
    filters = {"start": start} if start is not None else {}
    while True:
        page = conversations(client, **filters, skip=skip, limit=100)
        for conversation in page["conversations"]:
            if conversation["id"] == conversation_id:
                return conversation
        skip += 100
        assert skip < page["total"] and page["conversations"], f"{conversation_id} not listed"


# -- the key (read-only) -----------------------------------------------------------------------


def test_a_missing_unknown_or_non_bearer_key_is_401(client: Client, run: Run) -> None:
    unauthorized = message("Unauthorized")
    path = "/api/workflows/simple"
    assert answer(client.get(path, auth=False), 401) == unauthorized
    for header in (
        "Bearer zz-fsbx-not-a-key",
        "Bearer ",
        f"Basic {option(run, 'api_key')}",
    ):
        response = client.get(path, auth=False, headers={"Authorization": header})
        assert answer(response, 401) == unauthorized, header


# -- workflows and conversations (read-only) ---------------------------------------------------


def test_workflows_simple_is_a_bare_array_of_id_name_and_active(client: Client) -> None:
    workflows = answer(client.get("/api/workflows/simple"))
    assert isinstance(workflows, list)
    for workflow in workflows:
        assert set(workflow) == {"_id", "name", "active"}
        assert isinstance(workflow["name"], str) and isinstance(workflow["active"], bool)
    assert len({w["_id"] for w in workflows}) == len(workflows)


def test_a_conversation_id_joins_the_bot_id_and_the_users_channel_id(client: Client) -> None:
    page = conversations(client)
    assert (page["skip"], page["limit"]) == (0, 25)  # the documented example's values
    assert len(page["conversations"]) == min(page["total"], 25)
    for conversation in page["conversations"]:
        assert set(conversation) <= CONVERSATION_KEYS
        assert CONVERSATION_KEYS - set(conversation) <= {"last_message"}
        assert conversation["id"] == f"{conversation['bot_id']}/c/{conversation['user_id']}"
        assert conversation["id_url_encoded"] == encode_uri_component(conversation["id"])
        last = conversation.get("last_message")
        if last is not None:
            assert set(last) >= MESSAGE_KEYS
            assert last["conversation"] == conversation["id"]


def test_skip_and_limit_page_through_conversations_once_each(client: Client) -> None:
    """(On a live account whose conversations get new messages meanwhile, the order moves:
    run it again before believing a failure.)"""
    first = conversations(client, limit=2)
    total = first["total"]
    seen: list[str] = []
    for number in range(MAX_PAGES):
        page = first if number == 0 else conversations(client, skip=2 * number, limit=2)
        assert (page["skip"], page["limit"], page["total"]) == (2 * number, 2, total)
        assert len(page["conversations"]) == max(0, min(2, total - 2 * number))
        seen += [conversation["id"] for conversation in page["conversations"]]
        if 2 * (number + 1) >= total:
            break
    assert len(seen) == len(set(seen)), "a conversation was listed twice"
    assert len(seen) == min(total, 2 * MAX_PAGES)


def test_start_and_end_select_conversations_by_their_time(client: Client) -> None:
    everything = conversations(client)["total"]
    assert conversations(client, start="2000-01-01")["total"] == everything
    assert conversations(client, start="2999-01-01") == {
        "total": 0,
        "skip": 0,
        "limit": 25,
        "conversations": [],
    }
    assert conversations(client, end="2000-01-01T00:00:00Z")["total"] == 0


def test_unreadable_paging_values_are_400(client: Client) -> None:
    for params, text in (
        ({"skip": "-1"}, "skip must be a non-negative integer"),
        ({"limit": "0"}, "limit must be a positive integer"),
        ({"limit": "ten"}, "limit must be a positive integer"),
        ({"start": "yesterday"}, "start must be an ISO 8601 date"),
    ):
        response = client.get("/api/conversations", params=params)
        assert answer(response, 400) == message(text), params


def test_a_trailing_slash_is_the_same_url(client: Client) -> None:
    # Public clients call /api/conversations/ (Express routes are not strict). Old `end`
    # dates keep the answers still on a live account.
    params = {"end": "2000-01-01", "limit": 3}
    assert answer(client.get("/api/conversations/", params=params)) == conversations(
        client, **params
    )
    workflows = answer(client.get("/api/workflows/simple"))
    assert answer(client.get("/api/workflows/simple/")) == workflows


def test_an_unknown_url_is_a_404_message(client: Client) -> None:
    assert answer(client.get("/api/zz-fsbx-nothing"), 404) == message("Not Found")


# -- refusals that change nothing (writes) -------------------------------------------------


@pytest.mark.writes
def test_end_user_bodies_are_checked_before_any_lookup(client: Client, unique: str) -> None:
    for body, text in (
        ({}, "connection is required"),
        ({"channel": unique}, "connection is required"),
        ({"connection": MISSING_ID}, "channel is required"),
        (
            {"connection": MISSING_ID, "channel": unique, "profile": "Joe"},
            "profile must be an object",
        ),
    ):
        assert answer(client.post("/api/end_users", json=body), 400) == message(text), body
    for body, text in (
        ({"profile": {"user_name": unique}}, "response_path is required"),
        ({"response_path": f"{MISSING_ID}/c/{unique}"}, "profile is required"),
    ):
        assert answer(client.request("PUT", "/api/end_users", json=body), 400) == message(text)


@pytest.mark.writes
def test_ids_that_name_nothing_are_404(client: Client, unique: str) -> None:
    body = {"connection": MISSING_ID, "channel": unique}
    assert answer(client.post("/api/end_users", json=body), 404) == message("Connection not found")
    update = {"response_path": f"{MISSING_ID}/c/{unique}", "profile": {"user_name": unique}}
    response = client.request("PUT", "/api/end_users", json=update)
    assert answer(response, 404) == message("End user not found")
    response = client.request("PUT", f"/api/workflows/{MISSING_ID}", json={"active": True})
    assert answer(response, 404) == message("Workflow not found")


# -- workflow activation (writes; the workflow is restored) ----------------------------------


@pytest.mark.writes
@pytest.mark.needs("flowxo_workflow_id")
def test_disable_and_enable_a_workflow(client: Client, run: Run) -> None:
    workflow_id = option(run, "workflow_id")
    listed = {w["_id"]: w for w in answer(client.get("/api/workflows/simple"))}
    assert workflow_id in listed, "--flowxo-workflow-id names no workflow of the account"
    original = listed[workflow_id]
    path = f"/api/workflows/{workflow_id}"
    try:
        flipped = answer(client.request("PUT", path, json={"active": not original["active"]}))
        assert flipped == {**original, "active": not original["active"]}
        listed = {w["_id"]: w for w in answer(client.get("/api/workflows/simple"))}
        assert listed[workflow_id] == flipped
        for body, text in (
            ({}, "active is required"),
            ({"active": "yes"}, "active must be a boolean"),
        ):
            assert answer(client.request("PUT", path, json=body), 400) == message(text)
        restored = answer(client.request("PUT", path, json={"active": original["active"]}))
        assert restored == original
    finally:
        # Whatever failed above, the workflow is left as it was found.
        client.request("PUT", path, json={"active": original["active"]})


# -- end users (cannot be deleted) ---------------------------------------------------------


@pytest.mark.permanent
@pytest.mark.needs("flowxo_connection_id")
def test_create_an_end_user_then_update_its_profile(client: Client, run: Run, unique: str) -> None:
    connection = option(run, "connection_id")
    path = f"{connection}/c/{unique}"
    body = {
        "connection": connection,
        "channel": unique,
        "profile": {"user_name": unique, "user_first_name": "Kit"},
    }
    created = answer(client.post("/api/end_users", json=body))["end_user"]
    remember_user(run, path)
    assert set(created) == END_USER_KEYS
    assert (created["connection"], created["channel"], created["response_path"]) == (
        connection,
        unique,
        path,
    )
    # Nothing came from the channel: the profile is what the API set.
    assert created["profile"] == {
        "user_name": unique,
        "user_first_name": "Kit",
        "user_last_name": None,
    }

    # One user per bot and channel id: creating it again updates the same user.
    again = answer(client.post("/api/end_users", json={**body, "profile": {"user_last_name": "Z"}}))
    assert again["end_user"]["_id"] == created["_id"]
    assert again["end_user"]["profile"] == {**created["profile"], "user_last_name": "Z"}

    update = {"response_path": path, "profile": {"user_first_name": "", "user_last_name": "Lee"}}
    updated = answer(client.request("PUT", "/api/end_users", json=update))["end_user"]
    assert updated["_id"] == created["_id"]
    assert updated["profile"] == {
        "user_name": unique,
        "user_first_name": None,
        "user_last_name": "Lee",
    }

    conversation = find_conversation(client, path, created["created_at"])
    assert (conversation["bot_id"], conversation["user_id"], conversation["user_name"]) == (
        connection,
        unique,
        unique,
    )
    assert conversation["platform"] == created["platform"]


# -- a user's message (flow-sandbox only: its control API) -----------------------------------


@pytest.mark.writes
@pytest.mark.needs("flowxo_sandbox_workspace", "flowxo_connection_id")
def test_a_users_message_becomes_the_conversations_last_message(
    client: Client, run: Run, unique: str
) -> None:
    control = control_url(run.target.base_url, "flowxo")
    path = f"{option(run, 'connection_id')}/c/{unique}"
    text = f"Hi from {uuid.uuid4().hex[:6]}"
    inbound = {
        "platform": "flowxo",
        "workspace": option(run, "sandbox_workspace"),
        "conversation": path,
        "text": text,
    }
    response = client.post(
        f"{control}/inbound", auth=False, headers=control_headers(), json=inbound
    )
    stored = answer(response, 201)["message"]
    remember_user(run, path)  # a first message from a new channel id creates the user
    assert {key: stored[key] for key in ("role", "conversation", "from", "type", "message")} == {
        "role": "user",
        "conversation": path,
        "from": unique,
        "type": "message",
        "message": text,
    }

    conversation = find_conversation(client, path)
    assert conversation["last_message"] == stored
    # The user's message is not something the account sent.
    params = {"platform": "flowxo", "workspace": inbound["workspace"], "conversation": path}
    outbox = client.get(f"{control}/outbox", auth=False, headers=control_headers(), params=params)
    assert answer(outbox) == {"messages": []}
