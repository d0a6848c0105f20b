"""What FlowBot AI's scenario modules (test_flowbot.py, test_flowbot_sending.py) share:
the documented key sets, the made-up flow and fictional phone that reach nobody, and
helpers that read answers, sign leads and find the test phone's conversation. Importing it
also keeps the run's session from storing session cookies (below)."""

from __future__ import annotations

import hashlib
import hmac
from http.cookiejar import DefaultCookiePolicy
from typing import Any

from conformance.platforms.flowbot import fictional_phone, missing_uuid
from conformance.plugin import Client
from conformance.run import Run, current

# The run's session must not keep the session cookie a login sets (the login scenario's,
# or schemathesis' logins with the spec's example user on a sandbox): every later request,
# generated or not, would carry it, and refusals of requests without credentials would
# turn into answers. Scenarios send a cookie explicitly when they mean to. Collection
# imports this module before any request of the run is sent.
current().session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))

USER_KEYS = {"id", "username", "displayName", "email", "role"}
FLOW_KEYS = {"id", "name", "description", "status", "createdAt", "updatedAt"}
CONVERSATION_KEYS = {
    "id",
    "waPhoneNumber",
    "customerName",
    "flowId",
    "status",
    "lastMessage",
    "startedAt",
    "lastCustomerMessageAt",
}
STATS_KEYS = {
    "total",
    "active",
    "pending",
    "closed",
    "windowOpen",
    "messagesSent",
    "messagesReceived",
}
#: A made-up flow and a fictional phone: a trigger naming them can reach nobody.
NO_FLOW = missing_uuid("flow")
NOBODY = fictional_phone("nobody")
RE_ENGAGEMENT = (
    "(#131047) Re-engagement message: Message failed to send because more than 24 hours "
    "have passed since the customer last replied to this number."
)
#: How many conversations the scenarios read to find the test phone's.
SCAN = 200


def answer(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, f"{response.status_code}: {response.text[:300]}"
    return response.json()


def error(message: str) -> dict[str, str]:
    return {"error": message}


def option(run: Run, name: str) -> str:
    return str(run.settings.option(f"flowbot_{name}"))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def signed(secret: str, body: bytes) -> dict[str, str]:
    signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"Content-Type": "application/json", "X-Signature-256": signature}


def conversation_with(client: Client, phone: str) -> dict[str, Any]:
    """The user's most recent conversation with `phone`."""
    listed = answer(client.get("/api/conversations", params={"limit": SCAN}))
    found = [c for c in listed if c["waPhoneNumber"] == phone]
    assert found, f"no conversation with {phone} among the {len(listed)} most recent"
    return found[0]


def trigger_body(run: Run, data: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "phone": option(run, "test_phone"),
        "flowId": option(run, "flow_id"),
        "data": data,
    }
    if run.settings.option("flowbot_template_group_id"):
        body["templateGroupId"] = option(run, "template_group_id")
    return body
