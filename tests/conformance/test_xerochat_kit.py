"""Unit tests of the kit's XeroChat knowledge: where the key goes, errors told by their
bodies (HTTP 200), id and date formats, the guard that keeps generated requests to the
run's own objects on a real installation, the clean-up, and the in-process workspace."""

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

from conformance.platforms import Created, Ours
from conformance.platforms.xerochat import (
    KIT,
    authorize,
    cleanup,
    error_envelope,
    format_problems,
    guard,
    is_error,
    prepare,
    sandbox_workspace,
)
from conformance.settings import Settings
from sandbox.platforms.xerochat.errors import CODEIGNITER_404
from tests.conformance.helpers import canned_response
from tests.conformance.kit_units import in_process_workspace, kit_settings
from tests.conftest import MakeApp

ADMIN = "1-AbcDefg1732147200HijKlmn"


def settings(tmp_path: Path, **platform_options: Any) -> Settings:
    return kit_settings("xerochat", tmp_path, **{"xerochat_admin_key": None, **platform_options})


# -- credentials ----------------------------------------------------------------------------
# The key a run is given, and the message without one: test_kit_credentials.py.


def test_get_requests_carry_the_key_in_the_query_post_requests_in_the_form() -> None:
    get: dict[str, Any] = {"params": {"contact_id": "7"}}
    authorize("GET", get, {"admin": ADMIN})
    assert get == {"params": {"api_key": ADMIN, "contact_id": "7"}}
    post: dict[str, Any] = {"data": {"name": "zz-fsbx-a"}}
    authorize("POST", post, {"admin": ADMIN})
    assert post == {"data": {"api_key": ADMIN, "name": "zz-fsbx-a"}}
    # A key the request names itself wins (scenarios send other keys that way).
    own: dict[str, Any] = {"params": {"api_key": ""}}
    authorize("PUT", own, {"admin": ADMIN})
    assert own == {"params": {"api_key": ""}}


def case(method: str, path: str, body: Any = None, **path_parameters: str) -> Any:
    """What the guard and prepare see of a schemathesis case."""
    return SimpleNamespace(method=method, path=path, body=body, path_parameters=path_parameters)


def test_generated_post_forms_get_the_admin_key() -> None:
    form = case("POST", "/api/create_contact_group", {"api_key": "junk", "name": "x"})
    prepare(form, {"admin": ADMIN})
    assert form.body == {"api_key": ADMIN, "name": "x"}
    query = case("GET", "/api/get_contact", None)
    prepare(query, {"admin": ADMIN})  # schemathesis' own auth fills the query key
    assert query.body is None
    not_a_form = case("POST", "/api/create_contact_group", "api_key=junk")
    prepare(not_a_form, {"admin": ADMIN})
    assert not_a_form.body == "api_key=junk"


def test_schemathesis_gets_the_query_key_and_no_status_based_refusal_checks() -> None:
    config = KIT.schemathesis(settings(Path(".")), {"admin": ADMIN})
    assert config["auth"] == {"openapi": {"ApiKeyQuery": {"api_key": ADMIN}}}
    disabled = {name for name, check in config["checks"].items() if check == {"enabled": False}}
    assert disabled == {"negative_data_rejection", "unsupported_method", "ignored_auth"}


# -- errors are told by their body ------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"status": "error", "message": "API Key is required"}, 200, True),
        ({"status": "success", "contact_type_id": 3}, 200, False),
        ({"status": "info", "message": "Make sure you changed to update the contact"}, 200, False),
        ([{"id": "1", "flow_name": "Leads"}], 200, False),
        ({"id": "1", "type": "Customers", "status": "error"}, 200, True),
        (CODEIGNITER_404, 404, True),
        ("not json", 200, False),
    ],
)
def test_an_error_is_an_error_body_or_an_error_status(body: Any, status: int, error: bool) -> None:
    assert is_error(canned_response(body, status)) is error


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"status": "error", "message": "The contact ID does not exist"}, 200),
        (
            {
                "status": "error",
                "message": {
                    "message": "(#100) A label with this name already exists.",
                    "type": "OAuthException",
                    "code": 100,
                    "fbtrace_id": "AbCdEfGhIjK",
                },
            },
            200,
        ),
        (CODEIGNITER_404, 404),
    ],
)
def test_the_vendors_error_bodies_pass(body: Any, status: int) -> None:
    assert error_envelope(canned_response(body, status)) is None


@pytest.mark.parametrize(
    ("body", "status", "problem"),
    [
        (
            {"status": "error", "error": "API Key is required"},
            200,
            'an error must be {"status": "error", "message": ...}, got '
            "{'status': 'error', 'error': 'API Key is required'}",
        ),
        (
            {"status": "error", "message": "x", "code": 3},
            200,
            'an error must be {"status": "error", "message": ...}, got '
            "{'status': 'error', 'message': 'x', 'code': 3}",
        ),
        (
            {"status": "error", "message": ""},
            200,
            "the message must be a non-empty string (or Facebook's error), got ''",
        ),
        (
            {"status": "error", "message": {"code": 100}},
            200,
            "the message must be a non-empty string (or Facebook's error), got {'code': 100}",
        ),
        (
            {"status": "error", "message": "x"},
            500,
            "a 500 answer must be CodeIgniter's HTML error page",
        ),
    ],
)
def test_other_error_bodies_are_named_with_the_problem(
    body: Any, status: int, problem: str
) -> None:
    assert error_envelope(canned_response(body, status)) == problem


# -- formats ------------------------------------------------------------------------------------


def test_well_formed_rows_and_answers_have_no_problems() -> None:
    group = {
        "id": "3",
        "user_id": "1",
        "type": "Customers",
        "created_at": "2026-03-01 12:00:00",
        "deleted": "0",
    }
    assert format_problems(group) == []
    assert format_problems({"status": "success", "new_contact_id": 12}) == []
    assert format_problems({"status": "success", "label_id": "3698521470123456"}) == []
    user = {"id": "2", "package_id": "1", "last_login_at": "0000-00-00 00:00:00"}
    assert format_problems({"status": "success", "user_info": user}) == []
    flow = {"id": None, "flow_name": None, "data": []}
    assert format_problems(flow) == []
    answers = {"2499454673490220": [{"id": "45", "question": "E-mail?", "answer": "a@b.c"}]}
    assert format_problems({"id": "1", "flow_name": "Leads", "data": answers}) == []


def test_malformed_ids_and_dates_are_each_named() -> None:
    body = {
        "status": "success",
        "contact_type_id": "three",
        "new_contact_id": True,
        "label_id": 3698521470123456,
        "rows": [{"user_id": "1a", "created_at": "2026-03-01T12:00:00Z"}],
    }
    assert format_problems(body) == [
        "$.contact_type_id: 'three' is not a table id",
        "$.new_contact_id: True is not a table id",
        "$.label_id: 3698521470123456 is not a Facebook id (a string of digits)",
        "$.rows[0].user_id: '1a' is not a table id",
        "$.rows[0].created_at: '2026-03-01T12:00:00Z' is not a MySQL DATETIME",
    ]


# -- the guard (real installations) ------------------------------------------------------------

OURS = Ours((Created("contact_groups", "40"), Created("contacts", "41")))


def test_ids_of_objects_the_run_did_not_create_are_replaced_by_missing_ones() -> None:
    rename = case("POST", "/api/update_contact_group/{id}", {"name": "x"}, id="41")
    guard(rename, OURS, negative=False)  # 41 is the run's contact, not its group
    (replaced,) = rename.path_parameters.values()
    assert replaced != "41" and int(replaced) > 2_100_000_000
    delete = case("POST", "/api/delete_contact", {"contact_id": "7"})
    guard(delete, OURS, negative=False)
    assert int(delete.body["contact_id"]) > 2_100_000_000
    # The same value always becomes the same missing id.
    again = case("POST", "/api/delete_contact", {"contact_id": "7"})
    guard(again, OURS, negative=False)
    assert again.body == delete.body


def test_the_runs_own_objects_are_left_as_named() -> None:
    rename = case("POST", "/api/update_contact_group/{id}", {"name": "zz-fsbx-x"}, id="40")
    guard(rename, OURS, negative=False)
    assert rename.path_parameters == {"id": "40"}
    create = case("POST", "/api/create_contact", {"contact_type_id": "40", "first_name": "A"})
    guard(create, OURS, negative=False)
    assert create.body == {"contact_type_id": "40", "first_name": "zz-fsbx-A"}
    delete = case("POST", "/api/delete_contact", {"contact_id": "41"})
    guard(delete, OURS, negative=False)
    assert delete.body == {"contact_id": "41"}


def test_addresses_become_undeliverable_and_names_prefixed() -> None:
    create = case(
        "POST",
        "/api/create_contact",
        {
            "contact_type_id": "40",
            "first_name": "Ana",
            "email": "ana@example.com",
            "phone_number": "+5511987654321",
        },
    )
    guard(create, OURS, negative=False)
    assert create.body["first_name"] == "zz-fsbx-Ana"
    assert create.body["email"].startswith("zz-fsbx-")
    assert create.body["email"].endswith("@example.invalid")
    assert create.body["phone_number"].startswith("zz-fsbx-")
    assert "5511987654321" not in create.body["phone_number"]


def test_negative_cases_keep_their_names_but_not_real_ids() -> None:
    create = case("POST", "/api/create_contact_group", {"name": ""})
    guard(create, OURS, negative=True)
    assert create.body == {"name": ""}
    assign = case("POST", "/api/assign_label", {"label_ids": "1,2", "label_name": "L"})
    guard(assign, OURS, negative=True)
    assert all(int(i) > 2_100_000_000 for i in assign.body["label_ids"].split(","))
    assert assign.body["label_name"] == "L"


def test_reads_are_left_alone() -> None:
    read = case("GET", "/api/get_contact", None)
    read.query = {"contact_id": "7"}
    guard(read, OURS, negative=False)
    assert read.query == {"contact_id": "7"}


# -- the clean-up ----------------------------------------------------------------------------


class Installation(requests.Session):
    """Answers the clean-up's requests from rows by id, and records them."""

    def __init__(self, contacts: dict[str, dict[str, Any]], groups: dict[str, dict[str, Any]]):
        super().__init__()
        self.rows = {"contacts": contacts, "contact_groups": groups}
        self.sent: list[tuple[str, str, dict[str, str]]] = []

    def post(self, url: str | bytes, data: Any = None, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        endpoint = urlsplit(str(url)).path.rsplit("/", 1)[-1]
        self.sent.append(("POST", endpoint, dict(data)))
        kind, field = {
            "delete_contact": ("contacts", "contact_id"),
            "delete_contact_group": ("contact_groups", "contact_type_id"),
        }[endpoint]
        if self.rows[kind].pop(data[field], None) is None:
            message = {"contacts": "The contact ID", "contact_groups": "The contact type ID"}
            body = {"status": "error", "message": f"{message[kind]} does not exist"}
        else:
            body = {"status": "success", "message": "deleted"}
        return canned_response(body, 200)

    def get(self, url: str | bytes, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        parts = urlsplit(str(url))
        endpoint = parts.path.rsplit("/", 1)[-1]
        params = dict(kwargs["params"])
        self.sent.append(("GET", endpoint, params))
        kind, param = {
            "get_contact": ("contacts", "contact_id"),
            "get_contact_group": ("contact_groups", "contact_type_id"),
        }[endpoint]
        row = self.rows[kind].get(params[param])
        body = row if row is not None else {"status": "error", "message": "does not exist"}
        assert parse_qs(parts.query) == {}
        return canned_response(body, 200)


STARTED = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
BASE = "https://chat.example.com"


def test_cleanup_deletes_contacts_then_groups_sweeps_and_lists_what_it_cannot_delete() -> None:
    installation = Installation(
        contacts={
            "11": {"first_name": "zz-fsbx-a"},
            "12": {"first_name": "zz-fsbx-lost"},  # created, answer never seen
            "13": {"first_name": "Real customer"},
        },
        groups={"5": {"type": "zz-fsbx-g"}},
    )
    created = [
        Created("contact_groups", "5"),
        Created("contacts", "11"),
        Created("users", "9"),
        Created("labels", "3698521470123456"),
        Created("contacts", "10"),  # already deleted by its scenario
    ]
    problems = cleanup(installation, BASE, {"admin": ADMIN}, created, STARTED)
    assert problems == [
        "the API cannot delete users; remove these by hand: 9",
        "the API cannot delete Facebook labels; remove these by hand: 3698521470123456",
    ]
    deletes = [(endpoint, data) for method, endpoint, data in installation.sent if method == "POST"]
    assert deletes == [
        ("delete_contact", {"api_key": ADMIN, "contact_id": "12"}),
        ("delete_contact", {"api_key": ADMIN, "contact_id": "10"}),
        ("delete_contact", {"api_key": ADMIN, "contact_id": "11"}),
        ("delete_contact_group", {"api_key": ADMIN, "contact_type_id": "5"}),
    ]
    assert installation.rows["contacts"] == {"13": {"first_name": "Real customer"}}
    reads = [data for method, _, data in installation.sent if method == "GET"]
    # Ten ids past the highest the run saw, of each kind.
    assert [r["contact_id"] for r in reads if "contact_id" in r] == [str(i) for i in range(12, 22)]
    assert [r["contact_type_id"] for r in reads if "contact_type_id" in r] == [
        str(i) for i in range(6, 16)
    ]


def test_a_delete_that_fails_is_reported() -> None:
    class Refusing(Installation):
        def post(self, url: str | bytes, data: Any = None, **kwargs: Any) -> requests.Response:  # type: ignore[override]
            return canned_response("<h1>Error</h1>", 500)

    problems = KIT.delete_created(
        Refusing({}, {}), BASE, {"admin": ADMIN}, [Created("contacts", "4")]
    )
    assert problems == ["could not delete contacts 4: 500 <h1>Error</h1>"]


def test_cleanup_with_nothing_created_sends_nothing() -> None:
    installation = Installation({}, {})
    assert cleanup(installation, BASE, {"admin": ADMIN}, [], STARTED) == []
    assert installation.sent == []


# -- the in-process workspace -------------------------------------------------------------------


def test_an_in_process_run_gets_a_fresh_installation_with_facebook_data(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app()
    options, workspace = in_process_workspace(app.sandbox, sandbox_workspace, settings(tmp_path))
    keys = workspace.credentials_for("xerochat")
    assert options == {
        "xerochat_admin_key": keys["admin_key"],
        "xerochat_member_key": keys["member_key"],
        "xerochat_page_id": "100000000000001",
        "xerochat_subscriber_id": "2400000000000001",
        "xerochat_flow_campaign_id": "1",
    }
    client = Client(app)

    def get(endpoint: str, **params: str) -> Any:
        query = {"api_key": options["xerochat_admin_key"], **params}
        response = client.get(f"/xerochat/api/{endpoint}", query_string=query)
        return json.loads(response.get_data())

    labels = get("get_all_labels", page_id=options["xerochat_page_id"])
    assert labels == {
        "status": "success",
        "label_info": [{"label_id": "3600000000000001", "label_name": "Kit"}],
    }
    info = get("subscriber_information", subscriber_id=options["xerochat_subscriber_id"])
    assert info["subscriber_info"]["first_name"] == "Kit"
    flow = get("get_flow_campaign_info", flow_campaign_id="1")
    assert flow == {"id": "1", "flow_name": "Kit flow", "questions": ["Your e-mail?", "Your city?"]}
    assert get("get_all_packages")["packages"][0]["package_name"] == "Kit package"
