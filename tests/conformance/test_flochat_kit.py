"""Unit tests of the kit's Flochat knowledge: the bearer key, Laravel's error body, the
formats of flow-scoped ids and dates, the guard that keeps generated requests to the run's
own objects (and nobody reachable) on a real account, the clean-up sweep, and the
in-process team."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from werkzeug.test import Client

from conformance.platforms import KITS, Created, Ours
from conformance.platforms.flochat import (
    ACCOUNT_SETTINGS,
    ACCOUNT_SETTINGS_REASON,
    KIT,
    PERMANENT,
    cleanup,
    error_envelope,
    format_problems,
    guard,
    sandbox_workspace,
)
from conformance.run import _operations, load_spec
from conformance.settings import Settings
from conformance.target import Target
from tests.conformance.helpers import PERMANENT_REASON, canned_response, spec_operations
from tests.conformance.kit_units import in_process_workspace, kit_settings
from tests.conftest import MakeApp

KEY = "3K0foRAJ8VK0pSIvPXw5VQZMoHrIxWUoQDCYc2lMpO0S"
OPERATIONS = spec_operations("flochat")


def settings(tmp_path: Path, base_url: str | None = None, **platform_options: Any) -> Settings:
    return kit_settings(
        "flochat", tmp_path, base_url, **{"flochat_api_key": None, **platform_options}
    )


# -- credentials and options -----------------------------------------------------------------------
# The key a run is given, the message without one (and the Bearer header where the kit
# sends one): test_kit_credentials.py.


def test_the_kit_is_registered_with_its_options() -> None:
    assert KITS["flochat"] is KIT
    assert [(option.name, option.env, option.secret) for option in KIT.options] == [
        ("--flochat-api-key", "FLOCHAT_API_KEY", True),
        ("--flochat-flow-scope-key", "FLOCHAT_FLOW_SCOPE_KEY", True),
        ("--flochat-team-scope-key", "FLOCHAT_TEAM_SCOPE_KEY", True),
        ("--flochat-test-subscriber", "FLOCHAT_TEST_SUBSCRIBER", False),
    ]


def test_schemathesis_gets_the_bearer_key_and_laravels_refusal_statuses(tmp_path: Path) -> None:
    config = KIT.schemathesis(settings(tmp_path), {"key": KEY})
    assert config["auth"] == {"openapi": {"API KEY": {"bearer": KEY}}}
    assert config["checks"] == {
        "positive_data_acceptance": {"enabled": False},
        "negative_data_rejection": {"expected-statuses": ["400", "401", "403", "404", "405"]},
    }
    # Operations are left out by the run itself (`in_process_only`), with their reason.
    assert "operations" not in config
    external = KIT.schemathesis(settings(tmp_path, "https://app.flochat.ai/api"), {"key": KEY})
    assert external == config


@pytest.mark.parametrize(
    ("base_url", "include_permanent", "read_only", "why"),
    [
        ("https://app.flochat.ai/api", True, False, ACCOUNT_SETTINGS_REASON),
        # No option runs them on a real account: --include-permanent is not the remedy.
        ("https://app.flochat.ai/api", False, False, ACCOUNT_SETTINGS_REASON),
        ("https://app.flochat.ai/api", False, True, "--read-only"),
        (None, False, False, None),  # an in-process sandbox runs them
    ],
)
def test_account_settings_are_never_run_against_a_real_account(
    tmp_path: Path, base_url: str | None, include_permanent: bool, read_only: bool, why: str | None
) -> None:
    run_settings = replace(
        settings(tmp_path, base_url), include_permanent=include_permanent, read_only=read_only
    )
    target = Target(base_url or "http://127.0.0.1:9/flochat", "t", in_process=base_url is None)
    operations = _operations(load_spec(KIT), run_settings, KIT, target)
    excluded = {op.label: op.excluded for op in operations if op.label in ACCOUNT_SETTINGS}

    assert excluded == dict.fromkeys(ACCOUNT_SETTINGS, why)
    assert KIT.in_process_only == dict.fromkeys(ACCOUNT_SETTINGS, ACCOUNT_SETTINGS_REASON)
    assert ACCOUNT_SETTINGS_REASON == (
        "changes the account's settings, which the kit cannot restore (an in-process run checks it)"
    )
    # The rest of the spec: --read-only, or what --include-permanent runs, as before.
    others = {op.label: op.excluded for op in operations if op.label not in ACCOUNT_SETTINGS}
    expected = dict.fromkeys(others)
    if read_only:
        expected |= {label: "--read-only" for label in others if not label.startswith("GET ")}
    elif base_url is not None and not include_permanent:
        expected |= dict.fromkeys(PERMANENT - ACCOUNT_SETTINGS, PERMANENT_REASON)
    assert others == expected


def test_permanent_and_account_operations_are_operations_of_the_spec() -> None:
    assert set(PERMANENT) <= set(OPERATIONS)
    assert set(ACCOUNT_SETTINGS) <= set(PERMANENT)
    sends = {op for op in OPERATIONS if op.startswith("POST /subscriber/send-")}
    broadcasts = {op for op in OPERATIONS if "/subscriber/broadcast" in op}
    assert len(sends) == 11 and len(broadcasts) == 4
    assert sends | broadcasts <= set(PERMANENT)
    assert KIT.permanent == PERMANENT


def test_what_creates_is_recorded_by_its_top_level_id() -> None:
    assert {label: (c.kind, c.key, c.status) for label, c in KIT.creates.items()} == {
        "POST /subscriber/create": ("subscribers", "user_ns", 200),
        "POST /flow/create-tag": ("tags", "tag_ns", 200),
        "POST /team/create-label": ("labels", "id", 200),
    }


# -- Laravel's error body -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        {"message": "Unauthenticated."},
        {"message": "Invalid ability provided."},
        {"message": "The user ns field is required."},
        {"message": "Subscriber not found"},
    ],
)
def test_laravels_error_bodies_pass(body: Any) -> None:
    assert error_envelope(canned_response(body, 400)) is None


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("<h1>Server Error</h1>", "the body is not JSON: '<h1>Server Error</h1>'"),
        ({"error": "x"}, "an error must be {\"message\": ...}, got {'error': 'x'}"),
        (
            {"message": "The given data was invalid.", "errors": {"name": ["required"]}},
            "an error must be {\"message\": ...}, got {'message': 'The given data was "
            "invalid.', 'errors': {'name': ['required']}}",
        ),
        (["x"], "an error must be {\"message\": ...}, got ['x']"),
        ({"message": ""}, "the message must be a non-empty string, got ''"),
        ({"message": ["x"]}, "the message must be a non-empty string, got ['x']"),
    ],
)
def test_other_error_bodies_are_named_with_the_problem(body: Any, problem: str) -> None:
    assert error_envelope(canned_response(body, 400)) == problem


def test_errors_are_told_by_their_status() -> None:
    assert KIT.is_error(canned_response({"message": "x"}, 400))
    assert not KIT.is_error(canned_response({"status": "ok"}, 200))


# -- formats ------------------------------------------------------------------------------------


def test_well_formed_answers_have_no_problems() -> None:
    subscriber = {
        "user_ns": "f123456u12",
        "subscribed": "2026-03-01 12:00:00",
        "last_seen": "",
        "tags": [{"name": "Customer", "tag_ns": "f123456t1"}],
        "user_fields": [{"name": "City", "var_ns": "f123456v3", "value": "Recife"}],
    }
    assert format_problems(subscriber) == []
    assert format_problems({"data": [{"name": "Customers", "segment_ns": "f1sg2"}]}) == []
    assert format_problems({"data": [{"id": 3, "name": "VIP"}], "status": "ok"}) == []


def test_malformed_ids_and_dates_are_each_named() -> None:
    body = {
        "user_ns": "u123",
        "data": [{"tag_ns": 5}, {"sub_flow_ns": "f123s"}],
        "subscribed": "2026-03-01T12:00:00Z",
        "opted_in_email": 1700000000,
    }
    assert format_problems(body) == [
        "$.user_ns: 'u123' is not a flow-scoped id (f<flow><letter><n>)",
        "$.data[0].tag_ns: 5 is not a flow-scoped id (f<flow><letter><n>)",
        "$.data[1].sub_flow_ns: 'f123s' is not a flow-scoped id (f<flow><letter><n>)",
        "$.subscribed: '2026-03-01T12:00:00Z' is not a Y-m-d H:i:s date",
        "$.opted_in_email: 1700000000 is not a Y-m-d H:i:s date",
    ]


# -- the guard (real accounts) -------------------------------------------------------------------

OURS = Ours(
    (
        Created("subscribers", "f123u900"),
        Created("tags", "f123t900"),
        Created("labels", "77"),
    )
)


def case(
    method: str, path: str, body: Any = None, query: Any = None, **path_parameters: Any
) -> Any:
    """What the guard sees of a schemathesis case."""
    return SimpleNamespace(
        method=method, path=path, body=body, query=query, path_parameters=path_parameters
    )


def guarded(method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
    generated = case(method, path, body, **kwargs)
    guard(generated, OURS, negative=False)
    return generated


def is_made_up(value: str) -> bool:
    return value.startswith("zz-fsbx-")


def test_subscribers_and_tags_the_run_did_not_create_are_replaced() -> None:
    theirs = guarded("POST", "/subscriber/add-tag", {"user_ns": "f123u1", "tag_ns": "f123t1"})
    assert is_made_up(theirs.body["user_ns"]) and is_made_up(theirs.body["tag_ns"])
    ours = guarded("POST", "/subscriber/add-tag", {"user_ns": "f123u900", "tag_ns": "f123t900"})
    assert ours.body == {"user_ns": "f123u900", "tag_ns": "f123t900"}
    # The same value always becomes the same made-up one.
    again = guarded("POST", "/subscriber/add-tag", {"user_ns": "f123u1", "tag_ns": "f123t1"})
    assert again.body == theirs.body


def test_sends_and_broadcasts_reach_only_the_runs_subscribers_or_nobody() -> None:
    text = guarded("POST", "/subscriber/send-text", {"user_ns": "f123u1", "content": "Hi"})
    assert is_made_up(text.body["user_ns"]) and text.body["content"] == "Hi"
    listed = guarded(
        "POST",
        "/subscriber/broadcast",
        {"user_ns_list": "f123u1,f123u900,f123u2", "sub_flow_ns": "f123s1"},
    )
    first, mine, last = listed.body["user_ns_list"].split(",")
    assert is_made_up(first) and mine == "f123u900" and is_made_up(last)
    assert is_made_up(listed.body["sub_flow_ns"])
    by_tag = guarded(
        "POST",
        "/subscriber/broadcast-by-tag",
        {"tags": ["Customer", "zz-fsbx-x"], "exclude_tags": ["Lead"], "sub_flow_ns": "f1s1"},
    )
    assert by_tag.body["tags"] == ["zz-fsbx-Customer", "zz-fsbx-x"]
    assert by_tag.body["exclude_tags"] == ["zz-fsbx-Lead"]
    by_segment = guarded(
        "POST",
        "/subscriber/broadcast-by-segment",
        {"segment_ns": "f1sg1,f1sg2", "sub_flow_ns": "x"},
    )
    assert all(is_made_up(ns) for ns in by_segment.body["segment_ns"].split(","))
    by_user_id = guarded(
        "POST",
        "/subscriber/send-whatsapp-template-by-user-id",
        {"user_id": "5511987654321", "create_if_not_found": "true", "content": {"name": "promo"}},
    )
    assert is_made_up(by_user_id.body["user_id"])
    assert "create_if_not_found" not in by_user_id.body
    assert by_user_id.body["content"] == {"name": "zz-fsbx-promo"}
    ids = guarded("POST", "/subscriber/broadcast-by-user-id", {"user_id_list": "5511987654321"})
    assert is_made_up(ids.body["user_id_list"])


def test_fields_sub_flows_and_nodes_are_always_made_up() -> None:
    fields = guarded(
        "PUT",
        "/subscriber/set-user-fields",
        {"user_ns": "f123u900", "data": [{"var_ns": "f123v1", "value": "x"}]},
    )
    assert fields.body["user_ns"] == "f123u900"
    assert is_made_up(fields.body["data"][0]["var_ns"]) and fields.body["data"][0]["value"] == "x"
    for path, key in (
        ("/flow/delete-sub-flow", "sub_flow_ns"),
        ("/flow/set-default-start-flow", "sub_flow_ns"),
        ("/flow/delete-bot-field", "var_ns"),
        ("/subscriber/send-node", "node_ns"),
    ):
        assert is_made_up(guarded("POST", path, {key: "f123x1"}).body[key]), path


def test_names_carry_the_prefix_so_lookups_by_name_find_only_the_kits_objects() -> None:
    assert guarded("POST", "/flow/create-tag", {"name": "VIP"}).body == {"name": "zz-fsbx-VIP"}
    assert guarded("DELETE", "/flow/delete-tag-by-name", {"name": "VIP"}).body == {
        "name": "zz-fsbx-VIP"
    }
    by_name = guarded(
        "DELETE",
        "/subscriber/remove-tags-by-name",
        {"user_ns": "f123u900", "data": [{"tag_name": "Customer"}]},
    )
    assert by_name.body["data"] == [{"tag_name": "zz-fsbx-Customer"}]
    code = guarded("DELETE", "/shop/discount-codes/delete-by-code", None, query={"code": "SALE"})
    assert code.query == {"code": "zz-fsbx-SALE"}
    product = guarded(
        "POST", "/shop/products/create", {"name": "Mug", "type": "Home", "tags": ["Summer"]}
    )
    assert product.body == {
        "name": "zz-fsbx-Mug",
        "type": "zz-fsbx-Home",
        "tags": ["zz-fsbx-Summer"],
    }
    discount = guarded("POST", "/shop/discount-codes/create", {"code": "SALE", "type": "amount"})
    assert discount.body == {"code": "zz-fsbx-SALE", "type": "amount"}  # an enum there
    template = guarded("POST", "/whatsapp-template/create", {"name": "promo", "language": "en"})
    assert template.body == {"name": "zz_fsbx_promo", "language": "en"}


def test_addresses_become_undeliverable() -> None:
    created = guarded(
        "POST",
        "/subscriber/create",
        {"first_name": "Ana", "email": "ana@example.com", "phone": "+55 11 98765-4321"},
    )
    assert created.body["first_name"] == "zz-fsbx-Ana"
    assert created.body["email"].startswith("zz-fsbx-")
    assert created.body["email"].endswith("@example.invalid")
    assert created.body["phone"].startswith("+999") and len(created.body["phone"]) == 13
    # Nothing to deliver to: left as generated, so validation is still exercised.
    odd = guarded("PUT", "/subscriber/update", {"user_ns": "f123u900", "email": "x", "phone": "12"})
    assert odd.body == {"user_ns": "f123u900", "email": "x", "phone": "12"}


def test_a_subscriber_created_without_a_name_gets_a_made_up_one() -> None:
    created = guarded("POST", "/subscriber/create", {"email": "ana@example.com"})
    assert is_made_up(created.body["first_name"])


def test_path_ids_and_label_ids_name_nothing_real() -> None:
    product = guarded("PUT", "/shop/products/{productId}/update", {"name": "x"}, productId=7)
    assert product.path_parameters["productId"] >= 2_100_000_000
    variant = guarded(
        "DELETE",
        "/shop/products/{productId}/variants/{variantId}/delete",
        productId="7",
        variantId="8",
    )
    assert all(int(value) >= 2_100_000_000 for value in variant.path_parameters.values())
    link = guarded("POST", "/template/{templateNs}/generate-one-time-link", templateNs="t123")
    assert is_made_up(link.path_parameters["templateNs"])
    theirs = guarded("DELETE", "/team/delete-label", {"id": 3})
    assert isinstance(theirs.body["id"], int) and theirs.body["id"] >= 2_100_000_000
    assert guarded("DELETE", "/team/delete-label", {"id": 77}).body == {"id": 77}


def test_negative_cases_keep_values_of_the_wrong_type() -> None:
    generated = case("POST", "/subscriber/add-tag", {"user_ns": 5, "tag_ns": None, "x": [1]})
    guard(generated, OURS, negative=True)
    assert generated.body == {"user_ns": 5, "tag_ns": None, "x": [1]}
    label = case("DELETE", "/team/delete-label", {"id": True}, None)
    guard(label, OURS, negative=True)
    assert label.body == {"id": True}
    bad_path = case("GET", "/x", None, None)
    bad_path.method = "PUT"
    bad_path.path_parameters = {"productId": "abc"}
    guard(bad_path, OURS, negative=True)
    assert is_made_up(bad_path.path_parameters["productId"])


def test_reads_are_left_alone() -> None:
    read = guarded("GET", "/subscriber/get-info", None, query={"user_ns": "f123u1"})
    assert read.query == {"user_ns": "f123u1"}


# -- the clean-up -------------------------------------------------------------------------------


class Account(requests.Session):
    """A Flochat account answering the clean-up's lists and deletes from `objects`
    ({kind: [item, ...]}), recording what it was sent."""

    LISTS = {
        "/subscribers": "subscribers",
        "/flow/tags": "tags",
        "/flow/user-fields": "user_fields",
        "/flow/bot-fields": "bot_fields",
        "/team/labels": "labels",
        "/shop/products": "products",
        "/shop/product-tags": "product_tags",
        "/shop/product-types": "product_types",
        "/shop/product-vendors": "product_vendors",
        "/shop/locations": "locations",
        "/shop/discount-codes": "discount_codes",
        "/openai-embeddings": "embeddings",
        "/whatsapp-template/list": "whatsapp_templates",
    }

    def __init__(self, objects: dict[str, list[dict[str, Any]]], refuse: bool = False) -> None:
        super().__init__()
        self.objects = objects
        self.refuse = refuse
        self.sent: list[tuple[str, str, Any]] = []

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        method, path = str(method), urlsplit(str(url)).path.removeprefix("/api")
        assert kwargs["headers"] == {"Authorization": f"Bearer {KEY}"}
        self.sent.append((method, path, kwargs.get("params") or kwargs.get("json")))
        if path in self.LISTS and (method == "GET" or path.endswith("/list")):
            params = kwargs["params"]
            search = next(key for key in params if key not in ("limit", "page"))
            items = [
                item
                for item in self.objects.get(self.LISTS[path], [])
                if params[search].lower() in str(item.get(search, "")).lower()
            ]
            start = (params["page"] - 1) * params["limit"]
            return canned_response({"data": items[start : start + params["limit"]]}, 200)
        if self.refuse:
            return canned_response("<h1>Server Error</h1>", 500)
        return self._delete(path, kwargs.get("json"))

    def _delete(self, path: str, body: dict[str, Any] | None) -> requests.Response:
        by_body = {
            "/subscriber/delete": ("subscribers", "user_ns", "Subscriber"),
            "/flow/delete-tag": ("tags", "tag_ns", "Tag"),
            "/flow/delete-user-field": ("user_fields", "var_ns", "Field"),
            "/flow/delete-bot-field": ("bot_fields", "var_ns", "Field"),
            "/team/delete-label": ("labels", "id", "Label"),
            "/whatsapp-template/delete": ("whatsapp_templates", "name", "Template"),
        }
        if path in by_body:
            kind, key, what = by_body[path]
            wanted = (body or {})[key]
        else:
            list_path, object_id, _ = path.rsplit("/", 2)
            kind, key, what, wanted = self.LISTS[list_path], "id", "Entry", int(object_id)
        items = self.objects.get(kind, [])
        kept = [item for item in items if item[key] != wanted]
        if len(kept) == len(items):
            return canned_response({"message": f"{what} not found"}, 400)
        self.objects[kind] = kept
        return canned_response({"status": "ok"}, 200)


STARTED = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
BASE = "https://app.flochat.ai/api"


def test_cleanup_deletes_what_the_run_created_and_sweeps_every_prefixed_object() -> None:
    account = Account(
        {
            "subscribers": [
                {"user_ns": "f1u1", "name": "Carla", "email": "carla@example.com"},
                {"user_ns": "f1u7", "name": "zz-fsbx-a Kit", "email": "zz-fsbx-a@example.invalid"},
                {"user_ns": "f1u8", "name": "", "email": "zz-fsbx-b@example.invalid"},
                {"user_ns": "f1u9", "name": "Ana zz-fsbx-", "email": ""},  # not ours
            ],
            "tags": [
                {"tag_ns": "f1t1", "name": "Customer"},
                {"tag_ns": "f1t5", "name": "zz-fsbx-t"},
            ],
            "user_fields": [{"var_ns": "f1v2", "name": "zz-fsbx-f"}],
            "bot_fields": [{"var_ns": "f1v3", "name": "Hours"}],
            "labels": [{"id": 1, "name": "VIP"}, {"id": 9, "name": "zz-fsbx-l"}],
            "products": [{"id": 4, "name": "zz-fsbx-p"}],
            "product_types": [{"id": 2, "name": "Casa"}, {"id": 3, "name": "zz-fsbx-type"}],
            "discount_codes": [{"id": 5, "code": "ZZ-FSBX-SALE"}],
            "whatsapp_templates": [
                {"name": "zz_fsbx_promo", "namespace": "x"},
                {"name": "welcome", "namespace": "x"},
            ],
        }
    )
    created = [
        Created("subscribers", "f1u7"),
        Created("tags", "f1t4"),  # already deleted by its scenario
        Created("labels", "9"),
    ]
    assert cleanup(account, BASE, {"key": KEY}, created, STARTED) == []
    assert account.objects == {
        "subscribers": [
            {"user_ns": "f1u1", "name": "Carla", "email": "carla@example.com"},
            {"user_ns": "f1u9", "name": "Ana zz-fsbx-", "email": ""},
        ],
        "tags": [{"tag_ns": "f1t1", "name": "Customer"}],
        "user_fields": [],
        "bot_fields": [{"var_ns": "f1v3", "name": "Hours"}],
        "labels": [{"id": 1, "name": "VIP"}],
        "products": [],
        "product_types": [{"id": 2, "name": "Casa"}],
        "discount_codes": [],
        "whatsapp_templates": [{"name": "welcome", "namespace": "x"}],
    }
    deletes = [(path, body) for method, path, body in account.sent if method == "DELETE"]
    # Subscribers first (newest first), then tags, fields, labels, products and the rest.
    assert deletes == [
        ("/subscriber/delete", {"user_ns": "f1u8"}),
        ("/subscriber/delete", {"user_ns": "f1u7"}),
        ("/flow/delete-tag", {"tag_ns": "f1t5"}),
        ("/flow/delete-tag", {"tag_ns": "f1t4"}),
        ("/flow/delete-user-field", {"var_ns": "f1v2"}),
        ("/team/delete-label", {"id": 9}),
        ("/shop/products/4/delete", None),
        ("/shop/product-types/3/delete", None),
        ("/shop/discount-codes/5/delete", None),
        ("/whatsapp-template/delete", {"name": "zz_fsbx_promo"}),
    ]
    lists = [(method, path, params) for method, path, params in account.sent if method != "DELETE"]
    assert ("GET", "/subscribers", {"email": "zz-fsbx-", "limit": 100, "page": 1}) in lists
    assert ("POST", "/whatsapp-template/list", {"name": "zz_fsbx_", "limit": 100, "page": 1}) in (
        lists
    )


def test_the_sweep_reads_every_page() -> None:
    tags = [{"tag_ns": f"f1t{n}", "name": f"zz-fsbx-{n}"} for n in range(1, 151)]
    account = Account({"tags": tags})
    assert cleanup(account, BASE, {"key": KEY}, [Created("tags", "f1t1")], STARTED) == []
    assert account.objects["tags"] == []
    pages = [params["page"] for _, path, params in account.sent if path == "/flow/tags"]
    assert pages == [1, 2]


def test_a_delete_that_fails_is_reported() -> None:
    account = Account({}, refuse=True)
    problems = KIT.delete_created(account, BASE, {"key": KEY}, [Created("labels", "4")])
    assert problems == ["could not delete labels 4: 500 <h1>Server Error</h1>"]


def test_a_run_that_created_nothing_sends_nothing() -> None:
    """A --read-only run changes nothing, leftovers of an earlier run included."""
    account = Account({"tags": [{"tag_ns": "f1t5", "name": "zz-fsbx-t"}]})
    assert cleanup(account, BASE, {"key": KEY}, [], STARTED) == []
    assert account.sent == []


def test_a_run_that_created_objects_that_are_gone_only_lists() -> None:
    account = Account({})
    assert cleanup(account, BASE, {"key": KEY}, [Created("tags", "f1t5")], STARTED) == []
    assert {method for method, _, _ in account.sent} == {"GET", "POST", "DELETE"}


# -- the in-process team ------------------------------------------------------------------------


def test_an_in_process_run_gets_a_fresh_team_with_keys_of_each_scope(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app()
    options, workspace = in_process_workspace(app.sandbox, sandbox_workspace, settings(tmp_path))
    assert options["flochat_api_key"] == workspace.credentials_for("flochat")["api_key"]
    assert options["flochat_test_subscriber"] == "f100001u1"
    client = Client(app)

    def get(path: str, key: str, **params: str) -> tuple[int, Any]:
        response = client.get(
            f"/flochat{path}", query_string=params, headers={"Authorization": f"Bearer {key}"}
        )
        return response.status_code, json.loads(response.get_data())

    both, flow, team = (
        options["flochat_api_key"],
        options["flochat_flow_scope_key"],
        options["flochat_team_scope_key"],
    )
    assert get("/flow/subflows", both) == (
        200,
        {"data": [{"name": "Welcome", "sub_flow_ns": "f100001s1"}]},
    )
    assert get("/team/labels", both) == (200, {"data": [{"id": 1, "name": "Kit label"}]})
    assert get("/team/labels", flow) == (403, {"message": "Invalid ability provided."})
    assert get("/flow/tags", team) == (403, {"message": "Invalid ability provided."})
    status, tester = get("/subscriber/get-info", both, user_ns="f100001u1")
    assert (status, tester["first_name"], tester["phone"]) == (200, "Kit", "+999100000001")
    # The tester wrote just now: a text may be sent to it.
    sent = client.post(
        "/flochat/subscriber/send-text",
        json={"user_ns": "f100001u1", "content": "Hi"},
        headers={"Authorization": f"Bearer {both}"},
    )
    assert (sent.status_code, sent.json) == (200, {"status": "ok"})
