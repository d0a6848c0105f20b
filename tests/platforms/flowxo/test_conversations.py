"""GET /api/conversations (article 291; order and date filter assumed, fidelity §4)."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.core.sandbox import Sandbox
from tests.platforms.flowxo.helpers import (
    ANA_CONVERSATION,
    BOB_CONVERSATION,
    SIMON_CONVERSATION,
    SMS_BOT,
    SUPPORT_BOT,
    FlowXOClient,
    account,
    answer,
    load_flowxo,
)

pytestmark = pytest.mark.usefixtures("seeded")

#: Most recently active first: Ana (18:45 on 02-28), Bob (created 02-25), Simon (02-20).
ALL = [ANA_CONVERSATION, BOB_CONVERSATION, SIMON_CONVERSATION]


def page(total: int, skip: int, limit: int, conversations: list[Any]) -> dict[str, Any]:
    return {"total": total, "skip": skip, "limit": limit, "conversations": conversations}


def test_the_first_page_has_the_documented_shape(flowxo: FlowXOClient) -> None:
    assert answer(flowxo.get("/api/conversations")) == (200, page(3, 0, 25, ALL))


def test_a_trailing_slash_is_the_same_url(flowxo: FlowXOClient) -> None:
    # As public clients call it: /api/conversations/?skip=0&limit=25
    assert answer(flowxo.get("/api/conversations/", skip="0", limit="25")) == (
        200,
        page(3, 0, 25, ALL),
    )


@pytest.mark.parametrize(
    ("skip", "limit", "expected"),
    [
        ("0", "2", ALL[:2]),
        ("2", "2", ALL[2:]),
        ("1", "1", ALL[1:2]),
        ("3", "25", []),
        ("10", "5", []),
        (" 1", "100", ALL[1:]),
    ],
)
def test_skip_and_limit_page_through(
    flowxo: FlowXOClient, skip: str, limit: str, expected: list[Any]
) -> None:
    body = answer(flowxo.get("/api/conversations", skip=skip, limit=limit))[1]

    assert body == page(3, int(skip), int(limit), expected)


def test_paging_reaches_every_conversation_once(flowxo: FlowXOClient) -> None:
    for channel in range(30):
        flowxo.post("/api/end_users", {"connection": SMS_BOT, "channel": f"+1555000{channel:04d}"})
    seen: list[str] = []
    skip = 0
    while True:
        body = flowxo.get("/api/conversations", skip=skip, limit=7).json
        seen += [c["id"] for c in body["conversations"]]
        skip += 7
        if skip >= body["total"]:
            break

    assert len(seen) == len(set(seen)) == 33


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-02-20T09:15:00Z", None, ALL[1:]),
        ("2026-02-20T09:15:00.001Z", None, [BOB_CONVERSATION]),
        ("2026-02-25", None, [BOB_CONVERSATION]),
        (None, "2026-02-10T13:00:00.000Z", [ANA_CONVERSATION]),
        (None, "2026-02-24T23:59:59", [ANA_CONVERSATION, SIMON_CONVERSATION]),
        ("2026-02-15", "2026-02-28", [BOB_CONVERSATION, SIMON_CONVERSATION]),
        ("2026-02-20T10:15:00+01:00", "2026-02-20T09:15:00Z", [SIMON_CONVERSATION]),
        ("2026-03-01", None, []),
    ],
)
def test_start_and_end_select_by_creation_time(
    flowxo: FlowXOClient, start: str | None, end: str | None, expected: list[Any]
) -> None:
    query = {k: v for k, v in (("start", start), ("end", end)) if v is not None}

    body = answer(flowxo.get("/api/conversations", **query))[1]

    assert body == page(len(expected), 0, 25, expected)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"skip": "-1"}, "skip must be a non-negative integer"),
        ({"skip": "two"}, "skip must be a non-negative integer"),
        ({"skip": "1.5"}, "skip must be a non-negative integer"),
        ({"limit": "0"}, "limit must be a positive integer"),
        ({"limit": "ten"}, "limit must be a positive integer"),
        ({"limit": "٣"}, "limit must be a positive integer"),
        ({"start": "yesterday"}, "start must be an ISO 8601 date"),
        ({"start": "2026-02-30"}, "start must be an ISO 8601 date"),
        ({"end": "1/3/2026"}, "end must be an ISO 8601 date"),
        ({"skip": "x", "limit": "0"}, "skip must be a non-negative integer"),
    ],
)
def test_unreadable_parameters_are_400(
    flowxo: FlowXOClient, query: dict[str, str], message: str
) -> None:
    assert answer(flowxo.get("/api/conversations", **query)) == (400, {"message": message})


def test_empty_parameters_take_their_defaults(flowxo: FlowXOClient) -> None:
    body = flowxo.get("/api/conversations", skip="", limit="", start="", end="").json

    assert body == page(3, 0, 25, ALL)


def test_an_account_without_users_has_no_conversations(
    flowxo: FlowXOClient, sandbox: Sandbox
) -> None:
    load_flowxo(sandbox, account(end_users=[]))

    assert answer(flowxo.get("/api/conversations")) == (200, page(0, 0, 25, []))


def test_user_name_falls_back_to_the_full_name(flowxo: FlowXOClient, sandbox: Sandbox) -> None:
    users = [
        {"connection": SUPPORT_BOT, "channel": "1", "channel_profile": {"user_first_name": "Jo"}},
        {
            "connection": SUPPORT_BOT,
            "channel": "2",
            "channel_profile": {"user_first_name": "Jo", "user_last_name": "Doe"},
            "profile": {"user_last_name": "Smith"},
        },
        {"connection": SUPPORT_BOT, "channel": "3", "channel_profile": {"user_last_name": "Doe"}},
    ]
    load_flowxo(sandbox, account(end_users=users))

    names = {
        c["user_id"]: c["user_name"] for c in flowxo.get("/api/conversations").json["conversations"]
    }

    assert names == {"1": "Jo", "2": "Jo Smith", "3": "Doe"}


def test_a_new_message_moves_a_conversation_to_the_top(flowxo: FlowXOClient, client: Any) -> None:
    client.post(
        "/_sandbox/inbound",
        json={"platform": "flowxo", "conversation": SIMON_CONVERSATION["id"], "text": "Olá?"},
    )

    first = flowxo.get("/api/conversations").json["conversations"][0]

    assert first["id"] == SIMON_CONVERSATION["id"]
    assert first["last_message"]["message"] == "Olá?"
