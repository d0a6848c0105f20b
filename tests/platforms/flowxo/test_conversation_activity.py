"""The conversation list's order comes from each user's last activity, kept on the user
(models/common.py ACTIVE_MS): what keeps it right where the clock or the database is not
what the list was built on."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from sandbox.core.sandbox import Sandbox
from sandbox.platforms.flowxo.models.common import ACTIVE_MS, END_USERS
from tests.platforms.flowxo.helpers import (
    ANA_CONVERSATION,
    BOB_CONVERSATION,
    SIMON_CONVERSATION,
    FlowXOClient,
)

pytestmark = pytest.mark.usefixtures("seeded")

#: Most recently active first, as the seed account has them.
ORDER = [ANA_CONVERSATION["id"], BOB_CONVERSATION["id"], SIMON_CONVERSATION["id"]]


def listed(flowxo: FlowXOClient, **query: str) -> list[str]:
    return [c["id"] for c in flowxo.get("/api/conversations", **query).json["conversations"]]


def inbound(client: Any, conversation: str, text: str) -> None:
    body = {"platform": "flowxo", "conversation": conversation, "text": text}
    assert client.post("/_sandbox/inbound", json=body).status_code == 201


def test_a_message_sent_on_a_clock_set_back_does_not_hide_a_later_one(
    flowxo: FlowXOClient, client: Any, sandbox: Sandbox, frozen: datetime
) -> None:
    # Ana's latest message (02-28 18:45) stays her latest: a message stamped a week
    # earlier neither moves her down nor replaces her last message.
    sandbox.clock.freeze(frozen - timedelta(days=7))
    inbound(client, ANA_CONVERSATION["id"], "from the past")

    conversations = flowxo.get("/api/conversations").json["conversations"]

    assert [c["id"] for c in conversations] == ORDER
    assert conversations[0]["last_message"] == ANA_CONVERSATION["last_message"]


def test_a_first_message_is_the_activity_even_when_older_than_the_user(
    flowxo: FlowXOClient, client: Any, sandbox: Sandbox
) -> None:
    # Bob has no messages: his creation (02-25) places him; his first message, stamped
    # 02-01 on a clock set back, is his activity from then on (below Simon's 02-20).
    sandbox.clock.freeze(datetime(2026, 2, 1, 8, 0, tzinfo=timezone.utc))
    inbound(client, BOB_CONVERSATION["id"], "hello")

    assert listed(flowxo) == [ORDER[0], ORDER[2], ORDER[1]]


def test_users_stored_before_activity_was_kept_are_listed_in_order(
    flowxo: FlowXOClient, sandbox: Sandbox
) -> None:
    # A database written by an earlier version: no user has ACTIVE_MS.
    store = sandbox.store
    with store.transaction():
        for user in store.find(END_USERS, "default"):
            store.update(END_USERS, user.id, {ACTIVE_MS: None})

    assert listed(flowxo) == ORDER
    assert listed(flowxo, skip="1", limit="1") == ORDER[1:2]
