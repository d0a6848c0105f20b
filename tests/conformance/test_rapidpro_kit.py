"""Unit tests of the kit's RapidPro knowledge: DRF's error envelope, the formats of ids,
timestamps, URNs and links, credentials, the fresh in-process workspace, and the clean-up."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import requests

from conformance.platforms import Created
from conformance.platforms.rapidpro import (
    authorize,
    cleanup,
    credentials,
    error_envelope,
    format_problems,
    guard,
    sandbox_workspace,
)
from conformance.settings import Settings
from tests.conformance.helpers import canned_response as response
from tests.conformance.kit_units import in_process_workspace, kit_settings
from tests.conftest import MakeApp

UUID = "5f1a0e55-2b2c-4b5e-9d3c-6b8e6f1c2a10"
OTHER_UUID = "0c6b8e6f-1c2a-4b5e-9d3c-5f1a0e552b2c"


# -- the error envelope -------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"detail": "Invalid token"},
        {"detail": ""},
        {"name": ["This field must be unique."]},
        {"name": ["Too long."], "non_field_errors": ["Request body should be a JSON object"]},
        {"urns": {"0": ["Invalid URN: nope. Ensure phone numbers contain country codes."]}},
        {"fields": {"nick": {"0": ["Not a string."]}}},
    ],
)
def test_drf_error_bodies_are_the_vendor_envelope(body: Any) -> None:
    assert error_envelope(response(body)) is None


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("<h1>Server Error (500)</h1>", "the body is not JSON: '<h1>Server Error (500)</h1>'"),
        ("x" * 100, f"the body is not JSON: {'x' * 80!r}"),
        ("", "the body is not JSON: ''"),
        ([], "the body is not a non-empty JSON object: []"),
        (["Not found."], "the body is not a non-empty JSON object: ['Not found.']"),
        ({}, "the body is not a non-empty JSON object: {}"),
        ("null", "the body is not a non-empty JSON object: None"),
        (
            {"detail": "Not found.", "code": "not_found"},
            'a "detail" error must be {"detail": <string>}, got '
            "{'detail': 'Not found.', 'code': 'not_found'}",
        ),
        (
            {"detail": ["Not found."]},
            "a \"detail\" error must be {\"detail\": <string>}, got {'detail': ['Not found.']}",
        ),
        (
            {"error": "Not found."},
            "field errors must be lists of strings (or nested), got error: 'Not found.'",
        ),
        ({"name": []}, "field errors must be lists of strings (or nested), got name: []"),
        ({"name": [1]}, "field errors must be lists of strings (or nested), got name: [1]"),
        ({"urns": {}}, "field errors must be lists of strings (or nested), got urns: {}"),
        (
            {"name": ["ok"], "urns": {"0": "Invalid URN"}},
            "field errors must be lists of strings (or nested), got urns: {'0': 'Invalid URN'}",
        ),
    ],
)
def test_other_error_bodies_are_named_with_the_problem(body: Any, problem: str) -> None:
    assert error_envelope(response(body)) == problem


# -- formats --------------------------------------------------------------------------------


def contact(**changes: Any) -> dict[str, Any]:
    body = {
        "uuid": UUID,
        "name": "Ana",
        "urns": ["tel:+5511987654321", "whatsapp:5511987654321", "ext:zz-fsbx-1"],
        "groups": [{"uuid": OTHER_UUID, "name": "Newsletter"}],
        "fields": {"nickname": "Bia"},
        "created_on": "2026-03-01T12:00:00.123456Z",
        "modified_on": "2026-03-01T12:00:00Z",
        "last_seen_on": None,
    }
    return {**body, **changes}


def test_well_formed_bodies_have_no_problems() -> None:
    page = {
        "next": "https://flows.example.com/api/v2/contacts.json?cursor=cD0yMDI2",
        "previous": None,
        "results": [contact(), contact(last_seen_on="2026-03-02T08:30:00.5Z")],
    }
    assert format_problems(page) == []
    assert format_problems(contact()) == []
    assert format_problems({"key": "nick", "label": "Nick", "value_type": "text"}) == []
    assert format_problems([]) == []


def test_malformed_ids_timestamps_urns_and_links_are_each_named() -> None:
    page = {
        "next": "/api/v2/contacts.json?cursor=cD0yMDI2",
        "previous": "ftp://flows.example.com/api/v2/contacts.json",
        "results": [
            contact(
                uuid="42",
                urns=["tel:+5511987654321", "5511987654321", "tel: +55", 7],
                groups=[{"uuid": 7, "name": "Newsletter"}],
                created_on="2026-03-01T12:00:00+00:00",
                modified_on="2026-03-01 12:00:00Z",
                last_seen_on=1772366400,
            )
        ],
    }
    assert format_problems(page) == [
        "$.next: '/api/v2/contacts.json?cursor=cD0yMDI2' is not an absolute URL",
        "$.previous: 'ftp://flows.example.com/api/v2/contacts.json' is not an absolute URL",
        "$.results[0].uuid: '42' is not a UUID",
        "$.results[0].urns[1]: '5511987654321' is not a scheme:path URN",
        "$.results[0].urns[2]: 'tel: +55' is not a scheme:path URN",
        "$.results[0].urns[3]: 7 is not a scheme:path URN",
        "$.results[0].groups[0].uuid: 7 is not a UUID",
        "$.results[0].created_on: '2026-03-01T12:00:00+00:00' is not an ISO 8601 UTC timestamp",
        "$.results[0].modified_on: '2026-03-01 12:00:00Z' is not an ISO 8601 UTC timestamp",
        "$.results[0].last_seen_on: 1772366400 is not an ISO 8601 UTC timestamp",
    ]


# -- credentials and the in-process workspace --------------------------------------------------
# The key a run is given, and the message without one: test_kit_credentials.py.


def settings(tmp_path: Path, **platform_options: Any) -> Settings:
    return kit_settings(
        "rapidpro",
        tmp_path,
        **{"rapidpro_token": None, "rapidpro_profile": "weni", **platform_options},
    )


def test_the_token_goes_in_the_authorization_header(tmp_path: Path) -> None:
    token = credentials(settings(tmp_path, rapidpro_token="abc123"))
    assert token == {"token": "abc123"}
    kwargs: dict[str, Any] = {"headers": {"Accept": "application/json"}, "json": {}}
    authorize("POST", kwargs, token)
    assert kwargs == {
        "headers": {"Authorization": "Token abc123", "Accept": "application/json"},
        "json": {},
    }


@pytest.mark.parametrize("profile", ["weni", "upstream"])
def test_an_in_process_run_gets_a_fresh_workspace_of_its_profile(
    make_app: MakeApp, tmp_path: Path, profile: str
) -> None:
    app = make_app()
    given = settings(tmp_path, rapidpro_profile=profile)
    options, workspace = in_process_workspace(app.sandbox, sandbox_workspace, given)
    name = workspace.name
    assert options == {"rapidpro_token": workspace.credentials_for("rapidpro")["token"]}
    exported = app.sandbox.export(name)["workspaces"][name]
    assert exported.get("rapidpro", {}).get("profile", "weni") == profile
    assert {"contacts", "groups", "fields"}.isdisjoint(exported.get("rapidpro", {}))


# -- clean-up ---------------------------------------------------------------------------------


class DeletingSession(requests.Session):
    """Answers DELETEs with a status per uuid, and remembers them; lists `listed` objects
    (by endpoint) to the clean-up's sweep."""

    def __init__(
        self, statuses: dict[str, int], listed: dict[str, list[dict[str, Any]]] | None = None
    ) -> None:
        super().__init__()
        self.statuses = statuses
        self.listed = listed or {}
        self.deleted: list[tuple[str, dict[str, str], dict[str, str]]] = []
        self.listings: list[tuple[str, dict[str, str] | None]] = []

    def delete(self, url: str | bytes, **kwargs: Any) -> requests.Response:
        params, sent = kwargs["params"], kwargs["headers"]
        self.deleted.append((str(url), params, sent))
        return response(b"", self.statuses[params["uuid"]])

    def get(self, url: str | bytes, **kwargs: Any) -> requests.Response:
        self.listings.append((str(url), kwargs.get("params")))
        endpoint = str(url).rsplit("/", 1)[-1]
        body = {"next": None, "previous": None, "results": self.listed.get(endpoint, [])}
        return response(json.dumps(body).encode(), 200)


STARTED = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


def test_cleanup_deletes_contacts_and_groups_newest_first_and_lists_the_rest() -> None:
    created = [
        Created("fields", "nick"),
        Created("groups", "g-1"),
        Created("contacts", "c-1"),
        Created("contacts", "c-2"),
        Created("fields", "age"),
        Created("contacts", "c-3"),
    ]
    session = DeletingSession({"c-1": 204, "g-1": 404, "c-2": 500, "c-3": 204})
    auth = {"Authorization": "Token abc"}
    problems = cleanup(session, "https://flows.example.com", {"token": "abc"}, created, STARTED)
    base = "https://flows.example.com/api/v2"
    assert session.deleted == [
        (f"{base}/contacts.json", {"uuid": "c-3"}, auth),
        (f"{base}/contacts.json", {"uuid": "c-2"}, auth),
        (f"{base}/contacts.json", {"uuid": "c-1"}, auth),
        (f"{base}/groups.json", {"uuid": "g-1"}, auth),
    ]
    assert problems == [
        "could not delete contacts c-2: 500",
        "the API cannot delete contact fields; remove these by hand: age, nick",
    ]
    session.close()


def test_cleanup_with_nothing_created_does_nothing() -> None:
    session = DeletingSession({})
    assert cleanup(session, "https://flows.example.com", {"token": "abc"}, [], STARTED) == []
    assert session.deleted == []
    session.close()


def test_cleanup_sweeps_prefixed_objects_changed_since_the_start() -> None:
    # A creation interrupted before its answer arrived is found by its name prefix, or by
    # the made-up URN the kit gave it.
    listed = {
        "contacts.json": [
            {"uuid": "c-9", "name": "zz-fsbx-0a1b2c3d4e"},
            {"uuid": "c-8", "name": "Real customer", "urns": ["tel:+5511987654321"]},
            {"uuid": "c-7", "name": None},
            {"uuid": "c-6", "name": None, "urns": ["ext:zz-fsbx-5f1a0e55"]},
        ],
        "groups.json": [{"uuid": "g-9", "name": "zz-fsbx-group"}, {"uuid": "g-8", "name": "VIP"}],
    }
    session = DeletingSession({"c-1": 204, "c-9": 204, "c-6": 204, "g-9": 204}, listed)
    auth = {"Authorization": "Token abc"}
    created = [Created("contacts", "c-1")]
    assert cleanup(session, "https://flows.example.com", {"token": "abc"}, created, STARTED) == []
    base = "https://flows.example.com/api/v2"
    assert session.listings == [
        (f"{base}/contacts.json", {"after": "2026-03-01T11:59:00Z"}),
        (f"{base}/groups.json", None),
    ]
    assert session.deleted == [
        (f"{base}/contacts.json", {"uuid": "c-1"}, auth),
        (f"{base}/contacts.json", {"uuid": "c-9"}, auth),
        (f"{base}/contacts.json", {"uuid": "c-6"}, auth),
        (f"{base}/groups.json", {"uuid": "g-9"}, auth),
    ]
    session.close()


@pytest.mark.parametrize("negative", [False, True])
def test_the_guard_names_every_nameless_contact(negative: bool) -> None:
    """An accepted negative case creates a contact too; without a made-up name the sweep
    could not find it after a Ctrl-C."""
    case = SimpleNamespace(
        method="POST", path="/api/v2/contacts.json", query={}, body={"language": None}
    )
    guard(case, lambda value: False, negative=negative)
    assert case.body["name"].startswith("zz-fsbx-")
