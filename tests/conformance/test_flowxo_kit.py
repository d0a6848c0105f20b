"""Unit tests of the kit's Flow XO knowledge: the Bearer key, the `{"message": ...}` error
body, ObjectId / time / conversation-id formats, the guard that keeps generated requests to
the run's own users (and away from real workflows) on a real account, the clean-up that
lists the users the API cannot delete, and the in-process account."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from werkzeug.test import Client

from conformance.platforms import KITS, PLATFORM_OPTIONS, Created, Ours
from conformance.platforms.flowxo import (
    KIT,
    cleanup,
    error_envelope,
    format_problems,
    guard,
    sandbox_workspace,
)
from conformance.settings import Settings
from tests.conformance.helpers import canned_response
from tests.conformance.kit_units import in_process_workspace, kit_settings
from tests.conftest import MakeApp

KEY = "eyJhbGciOiJIUzI1NiJ9.eyJfaWQiOiJ4In0.c2lnbmF0dXJl"
BOT = "6617a0c2e4b0a1f2c3d4e5f6"


def settings(tmp_path: Path, **platform_options: Any) -> Settings:
    return kit_settings("flowxo", tmp_path, **{"flowxo_api_key": None, **platform_options})


# -- registration, credentials -----------------------------------------------------------
# The key a run is given, the message without one (and the Bearer header where the kit
# sends one): test_kit_credentials.py.


def test_the_kit_is_registered_with_its_options() -> None:
    assert KITS["flowxo"] is KIT
    names = {option.name for option in PLATFORM_OPTIONS}
    assert {
        "--flowxo-api-key",
        "--flowxo-connection-id",
        "--flowxo-workflow-id",
        "--flowxo-sandbox-workspace",
    } <= names
    (key,) = [option for option in KIT.options if option.name == "--flowxo-api-key"]
    assert (key.env, key.secret) == ("FLOWXO_API_KEY", True)


def test_schemathesis_gets_the_bearer_key_and_the_refusal_statuses() -> None:
    config = KIT.schemathesis(settings(Path(".")), {"api_key": KEY})
    assert config == {
        "auth": {"openapi": {"BearerAuth": {"bearer": KEY}}},
        "checks": {
            "positive_data_acceptance": {"enabled": False},
            "negative_data_rejection": {"expected-statuses": ["400", "401", "404", "405"]},
        },
    }


# -- error bodies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"message": "Unauthorized"}, 401),
        ({"message": "Connection not found"}, 404),
        ({"message": "Method Not Allowed"}, 405),
    ],
)
def test_the_vendors_error_bodies_pass(body: Any, status: int) -> None:
    response = canned_response(body, status)
    assert KIT.is_error(response)
    assert error_envelope(response) is None


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (
            {"error": "Unauthorized"},
            """an error must be {"message": ...}, got {'error': 'Unauthorized'}""",
        ),
        (
            {"message": "x", "status": 400},
            """an error must be {"message": ...}, got {'message': 'x', 'status': 400}""",
        ),
        (["x"], """an error must be {"message": ...}, got ['x']"""),
        ({"message": ""}, "the message must be a non-empty string, got ''"),
        ({"message": {"text": "x"}}, "the message must be a non-empty string, got {'text': 'x'}"),
        ("<pre>Cannot GET /api/x</pre>", "the body is not JSON: '<pre>Cannot GET /api/x</pre>'"),
    ],
)
def test_other_error_bodies_are_named_with_the_problem(body: Any, problem: str) -> None:
    assert error_envelope(canned_response(body, 404)) == problem


def test_a_200_answer_is_not_an_error() -> None:
    assert not KIT.is_error(canned_response({"message": "x"}, 200))


# -- formats ---------------------------------------------------------------------------------

CONVERSATION_ID = f"{BOT}/c/+15551234567"


def conversation(**changes: Any) -> dict[str, Any]:
    return {
        "agent_mode": False,
        "last_message": {
            "id": "618dafd33546c5802fd7991c",
            "role": "bot",
            "conversation": CONVERSATION_ID,
            "from": BOT,
            "agent_mode": False,
            "type": "custom",
            "custom": "{}",
            "timestamp": "2026-02-20T14:03:11.000Z",
        },
        "created_at": "2026-02-20T14:03:10.000Z",
        "id": CONVERSATION_ID,
        "id_url_encoded": f"{BOT}%2Fc%2F%2B15551234567",
        "bot_id": BOT,
        "bot_name": "Support",
        "platform": "twilio",
        "user_id": "+15551234567",
        "user_name": None,
        **changes,
    }


def test_well_formed_answers_have_no_problems() -> None:
    page = {"total": 1, "skip": 0, "limit": 25, "conversations": [conversation()]}
    assert format_problems(page) == []
    assert format_problems([{"_id": "5e9fa4e90f27ed002e143161", "name": "A", "active": True}]) == []
    user = {
        "_id": "67a1b2c3d4e5f60718293a4b",
        "connection": BOT,
        "channel": "5511987654321",
        "response_path": f"{BOT}/c/5511987654321",
        "platform": "whatsapp",
        "profile": {"user_name": None, "user_first_name": "Joe", "user_last_name": None},
        "created_at": "2026-03-01T12:00:00Z",
        "updated_at": "2026-03-01T12:00:00.123Z",
    }
    assert format_problems({"end_user": user}) == []


def test_malformed_ids_times_and_encodings_are_each_named() -> None:
    broken = conversation(
        id=f"{BOT}:+15551234567",
        id_url_encoded=f"{BOT}/c/+15551234567",
        bot_id="Support",
        created_at="2026-02-20 14:03:10",
    )
    broken["last_message"] = {**broken["last_message"], "id": 7, "timestamp": 1771596191000}
    page = {"total": 1, "skip": 0, "limit": 25, "conversations": [broken]}
    assert format_problems(page) == [
        "$.conversations[0].last_message.id: 7 is not an ObjectId",
        "$.conversations[0].last_message.timestamp: 1771596191000 is not an ISO 8601 UTC time",
        "$.conversations[0].created_at: '2026-02-20 14:03:10' is not an ISO 8601 UTC time",
        f"$.conversations[0].id: '{BOT}:+15551234567' is not <bot id>/c/<channel id>",
        "$.conversations[0].bot_id: 'Support' is not an ObjectId",
        f"$.conversations[0].id_url_encoded: '{BOT}/c/+15551234567' is not encodeURIComponent(id)",
    ]
    assert format_problems({"end_user": {"response_path": "5511987654321"}}) == [
        "$.end_user.response_path: '5511987654321' is not <bot id>/c/<channel id>"
    ]


# -- the guard (real accounts) -----------------------------------------------------------------

OURS = Ours((Created("end_users", f"{BOT}/c/zz-fsbx-0123456789"),))


def case(method: str, path: str, body: Any = None, **path_parameters: str) -> Any:
    """What the guard sees of a schemathesis case."""
    return SimpleNamespace(method=method, path=path, body=body, path_parameters=path_parameters)


@pytest.mark.parametrize("channel", ["5511987654321", 5511987654321, 876631178.0, "+1555"])
def test_a_created_users_channel_id_is_made_up(channel: Any) -> None:
    create = case("POST", "/api/end_users", {"connection": BOT, "channel": channel})
    guard(create, OURS, negative=False)
    made_up = create.body["channel"]
    assert made_up.startswith("zz-fsbx-") and str(channel) not in made_up
    # The same value always becomes the same made-up one.
    again = case("POST", "/api/end_users", {"connection": BOT, "channel": channel})
    guard(again, OURS, negative=False)
    assert again.body == create.body


@pytest.mark.parametrize("channel", ["zz-fsbx-0123456789", "", None, True, ["1"]])
def test_made_up_or_unusable_channel_ids_are_left_alone(channel: Any) -> None:
    create = case("POST", "/api/end_users", {"connection": BOT, "channel": channel})
    guard(create, OURS, negative=True)
    assert create.body == {"connection": BOT, "channel": channel}


def test_an_update_may_only_name_the_runs_own_users() -> None:
    ours = case("PUT", "/api/end_users", {"response_path": f"{BOT}/c/zz-fsbx-0123456789"})
    guard(ours, OURS, negative=False)
    assert ours.body == {"response_path": f"{BOT}/c/zz-fsbx-0123456789"}
    real = case("PUT", "/api/end_users", {"response_path": f"{BOT}/c/5511987654321"})
    guard(real, OURS, negative=False)
    bot_id, channel = real.body["response_path"].split("/c/")
    assert bot_id.startswith("00000000") and len(bot_id) == 24 and bot_id != BOT
    assert channel.startswith("zz-fsbx-")


def test_workflow_ids_always_become_missing_ones() -> None:
    toggle = case("PUT", "/api/workflows/{id}", {"active": False}, id="5e9fa4e90f27ed002e143161")
    guard(toggle, OURS, negative=False)
    (missing,) = toggle.path_parameters.values()
    assert missing.startswith("00000000") and len(missing) == 24
    assert toggle.body == {"active": False}


def test_reads_are_left_alone() -> None:
    read = case("GET", "/api/conversations", None)
    read.query = {"skip": "0"}
    guard(read, OURS, negative=False)
    assert (read.body, read.query) == (None, {"skip": "0"})


# -- the clean-up ------------------------------------------------------------------------------


class Account(requests.Session):
    """Answers GET /api/conversations from a list, a page at a time, and records requests."""

    def __init__(self, conversations: list[dict[str, Any]], status: int = 200) -> None:
        super().__init__()
        self.conversations = conversations
        self.status = status
        self.sent: list[dict[str, Any]] = []

    def get(self, url: str | bytes, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        parts = urlsplit(str(url))
        assert parts.path == "/api/conversations" and parse_qs(parts.query) == {}
        params = dict(kwargs["params"])
        self.sent.append({**params, "auth": kwargs["headers"]["Authorization"]})
        if self.status != 200:
            return canned_response({"message": "Unauthorized"}, self.status)
        skip, limit = int(params["skip"]), int(params["limit"])
        page = self.conversations[skip : skip + limit]
        body = {"total": len(self.conversations), "skip": skip, "limit": limit}
        return canned_response({**body, "conversations": page}, 200)


STARTED = datetime(2026, 3, 1, 12, 0, 0, 250000, tzinfo=timezone.utc)
BASE = "https://flowxo.com"


def users(*channels: str) -> list[dict[str, Any]]:
    return [{"id": f"{BOT}/c/{channel}", "user_id": channel} for channel in channels]


def test_cleanup_lists_recorded_and_swept_users_it_cannot_delete() -> None:
    found = users(*(["5511900000000"] * 99), "zz-fsbx-lost", "5511911111111", "zz-fsbx-aaa")
    account = Account(found)
    created = [
        Created("end_users", f"{BOT}/c/zz-fsbx-aaa"),
        Created("end_users", f"{BOT}/c/zz-fsbx-bbb"),  # not listed (the API lists late)
    ]
    problems = cleanup(account, BASE, {"api_key": KEY}, created, STARTED)
    assert problems == [
        "the API cannot delete end users; remove these by hand: "
        f"{BOT}/c/zz-fsbx-aaa, {BOT}/c/zz-fsbx-bbb, {BOT}/c/zz-fsbx-lost"
    ]
    # Conversations created since the run began, 100 a page, until the total is reached.
    assert account.sent == [
        {"start": "2026-03-01T12:00:00.000Z", "skip": skip, "limit": 100, "auth": f"Bearer {KEY}"}
        for skip in (0, 100)
    ]


def test_cleanup_with_nothing_created_or_found_reports_nothing() -> None:
    account = Account(users("5511900000000"))
    assert cleanup(account, BASE, {"api_key": KEY}, [], STARTED) == []


def test_a_sweep_that_fails_is_reported_with_what_was_recorded() -> None:
    created = [Created("end_users", f"{BOT}/c/zz-fsbx-aaa")]
    problems = cleanup(Account([], status=401), BASE, {"api_key": KEY}, created, STARTED)
    assert problems == [
        f"the API cannot delete end users; remove these by hand: {BOT}/c/zz-fsbx-aaa",
        "could not look for the run's end users: GET /api/conversations answered 401",
    ]


# -- the in-process account --------------------------------------------------------------------


def test_an_in_process_run_gets_a_fresh_account_with_a_bot_and_workflows(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app()
    options, workspace = in_process_workspace(app.sandbox, sandbox_workspace, settings(tmp_path))
    name = workspace.name
    assert options == {
        "flowxo_api_key": workspace.credentials_for("flowxo")["api_key"],
        "flowxo_connection_id": BOT,
        "flowxo_workflow_id": "5e9fa4e90f27ed002e143161",
        "flowxo_sandbox_workspace": name,
    }
    client = Client(app)
    auth = {"Authorization": f"Bearer {options['flowxo_api_key']}"}

    def get(path: str) -> Any:
        return json.loads(client.get(f"/flowxo{path}", headers=auth).get_data())

    assert get("/api/workflows/simple") == [
        {"_id": "5e9fa4e90f27ed002e143161", "name": "A Pause", "active": True},
        {"_id": "5e9fa4e90f27ed002e143162", "name": "Kit", "active": False},
    ]
    page = get("/api/conversations")
    assert page["total"] == 1
    (only,) = page["conversations"]
    assert (only["id"], only["platform"], only["user_name"]) == (
        "6617a0c2e4b0a1f2c3d4e5f7/c/876631178",
        "telegram",
        "kit_user",
    )
    assert only["last_message"]["custom"] == '{"text":"Hi!"}'
