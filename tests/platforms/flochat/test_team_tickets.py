"""Ticket lists: their fields, tickets of the team's subscribers, and the change log of
their select columns."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flochat import helpers
from tests.platforms.flochat.helpers import OK, FlochatClient, answer, error, load_team

NOW = "2026-03-01 12:00:00"
STATUS = {
    "column_name": "select1",
    "name": "Status",
    "options": [
        {"option_key": 1, "option_code": "new", "name": "New"},
        {"option_key": 2, "option_code": "open", "name": "Open"},
        {"option_key": 9, "option_code": "done", "name": "Done"},
    ],
}
SUPPORT = {
    "id": 5,
    "name": "Support",
    "icon": "ticket",
    "list_code": "SUP",
    "is_live": 1,
    "fields": [
        STATUS,
        {"column_name": "text1", "name": "Order number"},
        {"column_name": "date1", "name": "Due date"},
    ],
    "items": [
        {
            "id": 11,
            "user_ns": "f123u1",
            "title": "Late order",
            "select1": "open",
            "text1": "#1001",
            "created_at": "2026-02-20 10:00:00",
        }
    ],
}
RETURNS = {"id": 6, "name": "Returns", "is_live": 0}
TEAM: dict[str, Any] = {
    **helpers.SEED_TEAM,
    "members": [{"id": 43, "name": "Bruno", "email": "bruno@loja.com"}],
    "ticket_lists": [SUPPORT, RETURNS],
}
EMPTY_COLUMNS: dict[str, Any] = {
    **{f"text{n}": None for n in range(1, 6)},
    **{f"select{n}": None for n in range(1, 6)},
    "number1": None,
    "number2": None,
    "rating1": None,
    "rating2": None,
    "date1": None,
    "date2": None,
}
LATE_ORDER = {
    "id": 11,
    "list_id": 5,
    "flow_ns": "f123",
    "user_ns": "f123u1",
    "title": "Late order",
    "description": None,
    "assignee": None,
    **EMPTY_COLUMNS,
    "select1": 2,
    "text1": "#1001",
    "created_at": "2026-02-20 10:00:00",
    "updated_at": "2026-02-20 10:00:00",
}
CREATED_LOG = {
    "id": 1,
    "list_id": 5,
    "list_item_id": 11,
    "flow_ns": "f123",
    "user_ns": "f123u1",
    "action": "create",
    "column_name": "select1",
    "value": 2,
    "created_at": "2026-02-20 10:00:00",
    "event_ns": "",
}


@pytest.fixture
def team(sandbox: Sandbox, frozen: object) -> dict[str, int]:
    return load_team(sandbox, TEAM)


def _items(flochat: FlochatClient, **params: Any) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = answer(flochat.get("/team/ticket-lists/5/items", **params))["data"]
    return data


def test_ticket_lists_are_listed(flochat: FlochatClient, team: object) -> None:
    support = {"id": 5, "name": "Support", "icon": "ticket", "list_code": "SUP", "is_live": 1}
    returns = {"id": 6, "name": "Returns", "icon": "", "list_code": "returns", "is_live": 0}
    assert answer(flochat.get("/team/ticket-lists")) == {"data": [support, returns]}
    assert answer(flochat.get("/team/ticket-lists", name="RET")) == {"data": [returns]}
    assert answer(flochat.get("/team/ticket-lists", limit=1, page=2)) == {"data": [returns]}


def test_a_lists_fields_name_its_columns(flochat: FlochatClient, team: object) -> None:
    assert answer(flochat.get("/team/ticket-lists/5/fields")) == {
        "data": [
            {**STATUS, "type": "select"},
            {"column_name": "text1", "name": "Order number", "type": "text"},
            {"column_name": "date1", "name": "Due date", "type": "date"},
        ],
        "status": "ok",
    }
    assert answer(flochat.get("/team/ticket-lists/6/fields")) == {"data": [], "status": "ok"}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/team/ticket-lists/99/fields"),
        ("GET", "/team/ticket-lists/abc/items"),
        ("GET", "/team/ticket-lists/99/log-data"),
        ("DELETE", "/team/ticket-lists/99/delete/11"),
    ],
)
def test_an_unknown_list_is_not_found(
    flochat: FlochatClient, team: object, method: str, path: str
) -> None:
    assert answer(flochat.request(method, path), 400) == error("Ticket list not found")


def test_tickets_are_listed_with_their_columns(flochat: FlochatClient, team: object) -> None:
    assert _items(flochat) == [LATE_ORDER]
    assert answer(flochat.get("/team/ticket-lists/6/items")) == {"data": []}


def test_create_a_ticket_for_a_subscriber(flochat: FlochatClient, team: object) -> None:
    body = {
        "title": "Wrong size",
        "user_ns": "f123u2",
        "description": "Asked for M",
        "assignee": 43,
        "select1": "new",
        "text1": "#1002",
        "number1": 3,
        "rating1": 4,
        "date1": "2026-03-05",
    }
    assert answer(flochat.post("/team/ticket-lists/5/create", body)) == OK
    assert _items(flochat)[1] == {
        "id": 12,
        "list_id": 5,
        "flow_ns": "f123",
        "user_ns": "f123u2",
        "title": "Wrong size",
        "description": "Asked for M",
        "assignee": 43,
        **EMPTY_COLUMNS,
        "select1": 1,
        "text1": "#1002",
        "number1": 3,
        "rating1": 4,
        "date1": "2026-03-05",
        "created_at": NOW,
        "updated_at": NOW,
    }


def test_a_ticket_can_belong_to_another_bots_subscriber(
    flochat: FlochatClient, sandbox: Sandbox, frozen: object
) -> None:
    flows = [dict(flow) for flow in TEAM["flows"]]
    flows[1]["subscribers"] = [{"user_ns": "f456u1", "first_name": "Eva"}]
    load_team(sandbox, {**TEAM, "flows": flows})
    body = {"title": "DM question", "user_ns": "f456u1", "select1": 9}
    assert answer(flochat.post("/team/ticket-lists/5/create", body)) == OK
    assert [t["title"] for t in _items(flochat, flow_ns="f456")] == ["DM question"]
    assert [t["title"] for t in _items(flochat, user_ns="f123u1")] == ["Late order"]
    assert [t["title"] for t in _items(flochat, title="DM")] == ["DM question"]
    assert [t["title"] for t in _items(flochat, limit=1, page=2)] == ["DM question"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"user_ns": "f123u1"}, "The title field is required."),
        ({"title": "X"}, "The user ns field is required."),
        ({"title": "X", "user_ns": "f123u99"}, "Subscriber not found"),
        (
            {"title": "X", "user_ns": "f123u1", "select1": "closed"},
            "The selected select1 is invalid.",
        ),
        ({"title": "X", "user_ns": "f123u1", "select2": "new"}, "The selected select2 is invalid."),
        ({"title": "X", "user_ns": "f123u1", "assignee": 99}, "The selected assignee is invalid."),
        ({"title": "X", "user_ns": "f123u1", "rating1": 6}, "The rating1 must be between 1 and 5."),
        ({"title": "X", "user_ns": "f123u1", "number2": "many"}, "The number2 must be an integer."),
        (
            {"title": "X", "user_ns": "f123u1", "date2": "05/03/2026"},
            "The date2 does not match the format Y-m-d.",
        ),
        ({"title": "X", "user_ns": "f123u1", "select1": True}, "The select1 must be a string."),
    ],
)
def test_create_refusals_write_nothing(
    flochat: FlochatClient, team: object, body: dict[str, Any], message: str
) -> None:
    assert answer(flochat.post("/team/ticket-lists/5/create", body), 400) == error(message)
    assert _items(flochat) == [LATE_ORDER]
    assert answer(flochat.get("/team/ticket-lists/5/log-data")) == {"data": [CREATED_LOG]}


def test_update_changes_only_what_is_given(flochat: FlochatClient, team: object) -> None:
    body = {"select1": "9", "description": "Shipped again", "text1": ""}
    assert answer(flochat.put("/team/ticket-lists/5/update/11", body)) == OK
    assert _items(flochat) == [
        {
            **LATE_ORDER,
            "select1": 9,
            "description": "Shipped again",
            "text1": None,
            "updated_at": NOW,
        }
    ]


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("/team/ticket-lists/5/update/99", {"title": "X"}, "Ticket not found"),
        ("/team/ticket-lists/6/update/11", {"title": "X"}, "Ticket not found"),
        ("/team/ticket-lists/5/update/x", {"title": "X"}, "Ticket not found"),
        ("/team/ticket-lists/5/update/²", {"title": "X"}, "Ticket not found"),
        ("/team/ticket-lists/²/update/11", {"title": "X"}, "Ticket list not found"),
        (
            "/team/ticket-lists/5/update/11",
            {"number1": 10**30},
            "The number1 must be an integer.",
        ),
        ("/team/ticket-lists/5/update/11", {"rating2": 4.5}, "The rating2 must be an integer."),
        ("/team/ticket-lists/99/update/11", {"title": "X"}, "Ticket list not found"),
        ("/team/ticket-lists/5/update/11", {"title": "  "}, "The title field is required."),
        ("/team/ticket-lists/5/update/11", {"select1": "x"}, "The selected select1 is invalid."),
    ],
)
def test_update_refusals_write_nothing(
    flochat: FlochatClient, team: object, path: str, body: dict[str, Any], message: str
) -> None:
    assert answer(flochat.put(path, body), 400) == error(message)
    assert _items(flochat) == [LATE_ORDER]


def test_delete_a_ticket_keeps_its_log(flochat: FlochatClient, team: object) -> None:
    assert answer(flochat.delete("/team/ticket-lists/5/delete/11")) == OK
    assert _items(flochat) == []
    assert answer(flochat.delete("/team/ticket-lists/5/delete/11"), 400) == error(
        "Ticket not found"
    )
    assert answer(flochat.get("/team/ticket-lists/5/log-data")) == {"data": [CREATED_LOG]}


def test_the_log_records_select_changes(flochat: FlochatClient, team: object) -> None:
    answer(flochat.post("/team/ticket-lists/5/create", {"title": "B", "user_ns": "f123u2"}))
    answer(flochat.put("/team/ticket-lists/5/update/12", {"select1": "new", "text1": "x"}))
    answer(flochat.put("/team/ticket-lists/5/update/11", {"select1": "open"}))  # no change
    answer(flochat.put("/team/ticket-lists/5/update/11", {"select1": ""}))
    second = {"list_id": 5, "list_item_id": 12, "flow_ns": "f123", "user_ns": "f123u2"}
    update_12 = {
        "id": 2,
        **second,
        "action": "update",
        "column_name": "select1",
        "value": 1,
        "created_at": NOW,
        "event_ns": "",
    }
    cleared_11 = {**CREATED_LOG, "id": 3, "action": "update", "value": 0, "created_at": NOW}
    log = "/team/ticket-lists/5/log-data"
    assert answer(flochat.get(log)) == {"data": [CREATED_LOG, update_12, cleared_11]}
    assert answer(flochat.get(log, list_item_id=12)) == {"data": [update_12]}
    assert answer(flochat.get(log, user_ns="f123u1")) == {"data": [CREATED_LOG, cleared_11]}
    assert answer(flochat.get(log, flow_ns="f456")) == {"data": []}
    assert answer(flochat.get(log, column_name="select2")) == {"data": []}
    assert answer(flochat.get(log, limit=1)) == {"data": [CREATED_LOG]}
    march = 1772323200  # 2026-03-01 00:00:00 UTC
    assert answer(flochat.get(log, start_time=march)) == {"data": [update_12, cleared_11]}
    assert answer(flochat.get(log, end_time=march)) == {"data": [CREATED_LOG]}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"column_name": "text1"}, "The selected column name is invalid."),
        ({"limit": 101}, "The limit must be between 1 and 100."),
        ({"start_time": "yesterday"}, "The start time must be an integer."),
    ],
)
def test_log_filters_are_validated(
    flochat: FlochatClient, team: object, params: dict[str, Any], message: str
) -> None:
    assert answer(flochat.get("/team/ticket-lists/5/log-data", **params), 400) == error(message)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/team/ticket-lists", None),
        ("GET", "/team/ticket-lists/5/fields", None),
        ("GET", "/team/ticket-lists/5/items", None),
        ("GET", "/team/ticket-lists/5/log-data", None),
        ("POST", "/team/ticket-lists/5/create", {"title": "X", "user_ns": "f123u1"}),
        ("PUT", "/team/ticket-lists/5/update/11", {"title": "X"}),
        ("DELETE", "/team/ticket-lists/5/delete/11", None),
    ],
)
def test_ticket_lists_need_manage_team(
    client: Client, team: object, method: str, path: str, body: Any
) -> None:
    helpers.assert_refused_to_a_flow_key(client, method, path, body)
    assert _items(FlochatClient(client)) == [LATE_ORDER]


# -- fixtures ---------------------------------------------------------------------------------


def test_ticket_lists_round_trip(flochat: FlochatClient, sandbox: Sandbox, team: object) -> None:
    answer(flochat.put("/team/ticket-lists/5/update/11", {"select1": "done", "assignee": 43}))
    exported = sandbox.export("default")["workspaces"]["default"]["flochat"]
    support = exported["ticket_lists"][0]
    assert support["items"] == [
        {
            "id": 11,
            "user_ns": "f123u1",
            "title": "Late order",
            "assignee": 43,
            "text1": "#1001",
            "select1": 9,
            "created_at": "2026-02-20 10:00:00",
            "updated_at": NOW,
        }
    ]
    assert [entry["action"] for entry in support["log"]] == ["create", "update"]
    before = [
        answer(flochat.get(path))
        for path in ("/team/ticket-lists/5/items", "/team/ticket-lists/5/log-data")
    ]
    sandbox.reset()
    load_team(sandbox, exported)
    after = [
        answer(flochat.get(path))
        for path in ("/team/ticket-lists/5/items", "/team/ticket-lists/5/log-data")
    ]
    assert after == before
    assert (
        sandbox.export("default")["workspaces"]["default"]["flochat"]["ticket_lists"]
        == (exported["ticket_lists"])
    )


@pytest.mark.parametrize(
    ("ticket_list", "message"),
    [
        ({"name": "X", "items": [{"user_ns": "ana", "title": "T"}]}, "items[0].user_ns: must be"),
        (
            {"name": "X", "items": [{"user_ns": "f123u1", "title": "T", "select1": "new"}]},
            "items[0]: The selected select1 is invalid.",
        ),
        (
            {
                "name": "X",
                "fields": [
                    {"column_name": "text1", "name": "A", "options": [{"option_code": "a"}]}
                ],
            },
            "fields[0].options: only select columns have options",
        ),
        (
            {"name": "X", "fields": [{"column_name": "text9", "name": "A"}]},
            "fields[0].column_name: must be one of",
        ),
    ],
)
def test_bad_ticket_lists_are_reported_with_their_path(
    sandbox: Sandbox, ticket_list: dict[str, Any], message: str
) -> None:
    refusal = helpers.refused_team(sandbox, ticket_lists=[ticket_list])
    assert f"flochat.ticket_lists[0].{message}" in refusal
