"""XeroChat semantics the spec cannot state (platforms.md §B): HTTP 200 for everything the
controller handles, errors and no-ops told by the body, where each endpoint reads its key,
and the life cycles of contact groups and contacts.

Everything a scenario creates has a zz-fsbx- name and made-up e-mail addresses and phone
numbers (`@example.invalid`), and is deleted by the scenario or the run's clean-up; users
and labels, which the API cannot delete, are only created by `permanent` scenarios.
"""

from __future__ import annotations

from typing import Any

import pytest

from conformance.plugin import Client
from conformance.run import Run

#: An id no installation has (int(11) columns stop at 2147483647).
MISSING_ID = "2147000001"


def api(method: str) -> str:
    return f"/api/{method}"


def answer(response: Any) -> Any:
    """The JSON body of a controller's answer, which is always HTTP 200."""
    assert response.status_code == 200, f"{response.status_code}: {response.text[:300]}"
    return response.json()


def error(message: Any) -> dict[str, Any]:
    return {"status": "error", "message": message}


def admin_key(run: Run) -> str:
    return run.credentials["admin"]


def admin_id(run: Run) -> str:
    """The user an API key belongs to: the number before its first '-'."""
    return admin_key(run).split("-", 1)[0]


def option(run: Run, name: str) -> str:
    return str(run.settings.option(f"xerochat_{name}"))


# -- keys and routing (read-only) -------------------------------------------------------------


def test_a_missing_key_is_an_error_with_status_200(client: Client) -> None:
    response = client.get(api("get_flow_campaigns"), auth=False)
    assert answer(response) == error("API Key is required")


def test_an_unknown_key_is_an_error_with_status_200(client: Client) -> None:
    params = {"api_key": "2147000001-zzfsbxNotAKey"}
    response = client.get(api("get_flow_campaigns"), auth=False, params=params)
    assert answer(response) == error("Either API Key Invalid or Member Validity Expired")


@pytest.mark.writes
def test_post_endpoints_read_the_key_from_the_form_not_the_query(
    client: Client, run: Run, unique: str
) -> None:
    response = client.post(
        api("create_contact_group"),
        auth=False,
        params={"api_key": admin_key(run)},
        data={"name": unique},
    )
    assert answer(response) == error("API Key is required")


@pytest.mark.needs("xerochat_member_key")
def test_admin_only_endpoints_refuse_a_member_key(client: Client, run: Run) -> None:
    params = {"api_key": option(run, "member_key")}
    for endpoint in ("get_all_packages", "get_user_info"):
        response = client.get(api(endpoint), auth=False, params=params)
        assert answer(response) == error("Either API Key Invalid or Member Validity Expired")


def test_an_unknown_method_gets_codeigniters_404_page(client: Client) -> None:
    response = client.get(api("zz_fsbx_no_such_method"))
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<h1>404 Page Not Found</h1>" in response.text


def test_the_http_method_does_not_matter_to_a_get_endpoint(client: Client) -> None:
    expected = answer(client.get(api("get_flow_campaigns")))
    response = client.request("PUT", api("get_flow_campaigns"), params={"api_key": ""})
    assert answer(response) == error("API Key is required")
    response = client.request("DELETE", api("get_flow_campaigns"), auth=False, params={})
    assert answer(response) == error("API Key is required")
    assert answer(client.request("PUT", api("get_flow_campaigns"))) == expected


# -- users and packages (admin only; read-only) ----------------------------------------------


USER_COLUMNS = {
    "id",
    "name",
    "email",
    "mobile",
    "address",
    "user_type",
    "status",
    "add_date",
    "last_login_at",
    "expired_date",
    "package_id",
    "last_login_ip",
}


def test_the_admin_reads_packages_and_users(client: Client, run: Run) -> None:
    packages = answer(client.get(api("get_all_packages")))
    assert packages["status"] == "success"
    for package in packages["packages"]:
        assert {"id", "package_name", "price", "validity"} <= set(package)

    assert answer(client.get(api("get_user_info"))) == error(
        "Provide either user ID or Email to filter"
    )
    me = answer(client.get(api("get_user_info"), params={"user_id": admin_id(run)}))
    assert me["status"] == "success"
    assert set(me["user_info"]) == USER_COLUMNS  # never the password
    assert (me["user_info"]["id"], me["user_info"]["user_type"]) == (admin_id(run), "Admin")
    by_email = answer(client.get(api("get_user_info"), params={"email": me["user_info"]["email"]}))
    assert by_email == me
    nobody = answer(client.get(api("get_user_info"), params={"user_id": MISSING_ID}))
    assert nobody == error("No Matching User Found")


# -- reads that name nothing (read-only) -----------------------------------------------------


#: endpoint -> (its id parameter, the answer without it, the answer for an unknown id)
LOOKUP_ERRORS = [
    (
        "get_contact",
        "contact_id",
        "The contact_id field is required",
        "The contact ID does not exist",
    ),
    (
        "get_contact_group",
        "contact_type_id",
        "The contact type ID is required",
        "The contact type ID does not exist",
    ),
    (
        "get_flow_campaign_info",
        "flow_campaign_id",
        "The flow_campaign_id field is required",
        "The flow campaign ID does not exist",
    ),
    (
        "get_all_subscriber_flow_info",
        "flow_campaign_id",
        "The flow_campaign_id field is required",
        "The flow campaign ID does not exist",
    ),
    (
        "subscriber_information",
        "subscriber_id",
        "Provide subscriber_id field",
        "No Matching Subscriber Found",
    ),
    ("get_all_labels", "page_id", "Provide page_id field", "No Matching Label Found"),
]


@pytest.mark.parametrize(
    ("endpoint", "param", "empty", "unknown"), LOOKUP_ERRORS, ids=[row[0] for row in LOOKUP_ERRORS]
)
def test_lookups_without_or_with_an_unknown_id(
    client: Client, endpoint: str, param: str, empty: str, unknown: str
) -> None:
    assert answer(client.get(api(endpoint))) == error(empty)
    assert answer(client.get(api(endpoint), params={param: ""})) == error(empty)
    assert answer(client.get(api(endpoint), params={param: MISSING_ID})) == error(unknown)


def test_flow_campaigns_are_a_bare_array(client: Client) -> None:
    campaigns = answer(client.get(api("get_flow_campaigns")))
    assert isinstance(campaigns, list)
    for campaign in campaigns:
        assert set(campaign) == {"id", "flow_name"}
        assert campaign["id"].isdigit()


# -- the Facebook side and flow answers (read-only, with the ids given) ----------------------


@pytest.mark.needs("xerochat_subscriber_id")
def test_subscriber_information_by_psid(client: Client, run: Run) -> None:
    psid = option(run, "subscriber_id")
    body = answer(client.get(api("subscriber_information"), params={"subscriber_id": psid}))
    assert body["status"] == "success"
    assert body["subscriber_info"]["subscriber_id"] == psid


@pytest.mark.needs("xerochat_page_id")
def test_labels_of_a_page_with_an_enabled_bot(client: Client, run: Run) -> None:
    body = answer(client.get(api("get_all_labels"), params={"page_id": option(run, "page_id")}))
    assert body["status"] == "success"
    assert body["label_info"], "a page that answers has at least one label"
    for label in body["label_info"]:
        assert set(label) == {"label_id", "label_name"}


@pytest.mark.needs("xerochat_flow_campaign_id")
def test_flow_campaign_info_lists_its_questions(client: Client, run: Run) -> None:
    flow_id = option(run, "flow_campaign_id")
    body = answer(client.get(api("get_flow_campaign_info"), params={"flow_campaign_id": flow_id}))
    assert set(body) == {"id", "flow_name", "questions"}
    assert body["id"] == flow_id
    assert body["questions"] and all(isinstance(q, str) for q in body["questions"])
    listed = answer(client.get(api("get_flow_campaigns")))
    assert {"id": flow_id, "flow_name": body["flow_name"]} in listed


@pytest.mark.needs("xerochat_flow_campaign_id", "xerochat_subscriber_id")
def test_one_subscribers_answers_are_among_everyones(client: Client, run: Run) -> None:
    flow_id, psid = option(run, "flow_campaign_id"), option(run, "subscriber_id")
    params = {"flow_campaign_id": flow_id, "subscriber_id": psid}
    single = answer(client.get(api("get_single_subscriber_flow_info"), params=params))
    everyone = answer(
        client.get(api("get_all_subscriber_flow_info"), params={"flow_campaign_id": flow_id})
    )
    assert set(single) == {"id", "flow_name", "data"} == set(everyone)
    if not single["data"]:
        assert single == {"id": None, "flow_name": None, "data": []}
        return
    assert (single["id"], everyone["id"]) == (flow_id, flow_id)
    # The same answers; the vendor names the question's id `question_id` in one and `id`
    # in the other.
    renamed = [
        {"id": item["question_id"], "question": item["question"], "answer": item["answer"]}
        for item in single["data"]
    ]
    assert everyone["data"][psid] == renamed


# -- contact groups and contacts (writes) ------------------------------------------------------


def create_group(client: Client, name: str) -> str:
    body = answer(client.post(api("create_contact_group"), data={"name": name}))
    assert set(body) == {"status", "contact_type_id"} and body["status"] == "success"
    return str(body["contact_type_id"])


def delete_group(client: Client, group_id: str) -> None:
    body = answer(client.post(api("delete_contact_group"), data={"contact_type_id": group_id}))
    message = f"The contact type ID ({group_id}) has been deleted"
    assert body == {"status": "success", "message": message}


@pytest.mark.writes
def test_contact_group_create_read_rename_and_delete(client: Client, run: Run, unique: str) -> None:
    group_id = create_group(client, unique)
    row = answer(client.get(api("get_contact_group"), params={"contact_type_id": group_id}))
    assert set(row) == {"id", "user_id", "type", "created_at", "deleted"}  # the raw row
    assert (row["id"], row["user_id"], row["type"], row["deleted"]) == (
        group_id,
        admin_id(run),
        unique,
        "0",
    )

    rename = api(f"update_contact_group/{group_id}")
    unchanged = answer(client.post(rename, data={"name": unique}))
    assert unchanged == {
        "status": "info",
        "message": "Make sure, you changed the contact group name",
    }
    assert answer(client.post(rename, data={"name": f"{unique}-2"})) == {"status": "success"}
    row = answer(client.get(api("get_contact_group"), params={"contact_type_id": group_id}))
    assert row["type"] == f"{unique}-2"
    assert answer(client.post(rename, data={})) == error("The name field is required")

    delete_group(client, group_id)
    gone = answer(client.get(api("get_contact_group"), params={"contact_type_id": group_id}))
    assert gone == error("The contact type ID does not exist")  # a real DELETE
    again = answer(client.post(api("delete_contact_group"), data={"contact_type_id": group_id}))
    assert again == error("The contact type ID does not exist")


@pytest.mark.writes
def test_contact_groups_need_a_name_and_an_id(client: Client) -> None:
    assert answer(client.post(api("create_contact_group"), data={})) == error(
        "The contact type name is required"
    )
    assert answer(client.post(api("delete_contact_group"), data={})) == error(
        "The contact_type_id field is required"
    )
    rename = api(f"update_contact_group/{MISSING_ID}")
    assert answer(client.post(rename, data={"name": "zz-fsbx-x"})) == error(
        "You don NOT have permission to update contact group"
    )


def contact(unique: str, suffix: str = "") -> dict[str, str]:
    """A contact no message can reach: made-up e-mail address and phone number."""
    number = int(unique.encode().hex(), 16) % 10**9
    return {
        "first_name": unique,
        "last_name": "Kit",
        "email": f"{unique}{suffix}@example.invalid",
        "phone_number": f"+999{number:09d}{suffix}",
    }


@pytest.mark.writes
def test_contact_create_read_update_and_delete(client: Client, run: Run, unique: str) -> None:
    group_id = create_group(client, unique)
    values = contact(unique)
    created = answer(
        client.post(api("create_contact"), data={"contact_type_id": group_id, **values})
    )
    assert set(created) == {"status", "new_contact_id"} and created["status"] == "success"
    contact_id = str(created["new_contact_id"])

    row = answer(client.get(api("get_contact"), params={"contact_id": contact_id}))
    assert {key: row[key] for key in values} == values
    assert (row["id"], row["user_id"], row["contact_type_id"], row["deleted"]) == (
        contact_id,
        admin_id(run),
        group_id,
        "0",
    )

    # E-mail addresses and phone numbers are unique across the installation.
    taken_email = {**contact(unique, "2"), "email": values["email"]}
    taken_phone = {**contact(unique, "3"), "phone_number": values["phone_number"]}
    for taken, message in (
        (taken_email, "Please try with different email address"),
        (taken_phone, "Please try with different phone_number"),
    ):
        refused = client.post(api("create_contact"), data={"contact_type_id": group_id, **taken})
        assert answer(refused) == error(message)

    update = api(f"update_contact/{contact_id}")
    assert answer(client.post(update, data={})) == error(
        "You should at least provide value for first name or last name or email or phone number"
    )
    assert answer(client.post(update, data={"first_name": unique})) == {
        "status": "info",
        "message": "Make sure you changed to update the contact",
    }
    assert answer(client.post(update, data={"last_name": "Renamed"})) == {"status": "success"}
    row = answer(client.get(api("get_contact"), params={"contact_id": contact_id}))
    assert row["last_name"] == "Renamed"

    deleted = answer(client.post(api("delete_contact"), data={"contact_id": contact_id}))
    message = f"The contact ID ({contact_id}) has been deleted"
    assert deleted == {"status": "success", "message": message}
    gone = answer(client.get(api("get_contact"), params={"contact_id": contact_id}))
    assert gone == error("The contact ID does not exist")
    delete_group(client, group_id)


@pytest.mark.writes
def test_create_contact_needs_a_group_of_ones_own_and_an_email_or_phone(
    client: Client, unique: str
) -> None:
    values = contact(unique)
    assert answer(client.post(api("create_contact"), data=values)) == error(
        "The contact_type_id is required"
    )
    foreign = {"contact_type_id": MISSING_ID, **values}
    assert answer(client.post(api("create_contact"), data=foreign)) == error(
        "You can NOT add the contact to the specified contact group"
    )
    group_id = create_group(client, unique)
    nameless = {"contact_type_id": group_id, "first_name": unique}
    assert answer(client.post(api("create_contact"), data=nameless)) == error(
        "The email or phone_number is required"
    )
    delete_group(client, group_id)


# -- users and Facebook labels (cannot be undone) ---------------------------------------------


@pytest.mark.permanent
def test_create_a_user_then_read_and_update_it(client: Client, unique: str) -> None:
    packages = answer(client.get(api("get_all_packages")))["packages"]
    assert packages, "creating a user needs a package"
    user = {
        "name": unique,
        "email": f"{unique}@example.invalid",
        "password": "zz-fsbx-secret",
        "package_id": packages[0]["id"],
        "expired_date": "2030-01-31",
    }
    assert answer(client.post(api("create_system_user"), data={**user, "name": ""})) == error(
        "All mandatory field is not provided"
    )
    created = answer(client.post(api("create_system_user"), data=user))
    assert set(created) == {"status", "id"} and created["status"] == "success"
    user_id = str(created["id"])
    again = answer(client.post(api("create_system_user"), data=user))
    assert again == error("Email already exists")

    info = answer(client.get(api("get_user_info"), params={"user_id": user_id}))["user_info"]
    assert set(info) == USER_COLUMNS  # the password (stored as its MD5) is never shown
    assert (info["name"], info["email"], info["user_type"], info["status"]) == (
        unique,
        user["email"],
        "Member",
        "1",
    )
    assert info["expired_date"].startswith("2030-01-31")

    updated = answer(client.post(api(f"update_user/{user_id}"), data={"address": "Kit street"}))
    assert updated == {"status": "success"}
    info = answer(client.get(api("get_user_info"), params={"user_id": user_id}))["user_info"]
    assert info["address"] == "Kit street"
    missing = answer(client.post(api(f"update_user/{MISSING_ID}"), data={"name": "x"}))
    assert missing == error(f"User not found with the ID: {MISSING_ID}")


@pytest.mark.permanent
@pytest.mark.needs("xerochat_page_id", "xerochat_subscriber_id")
def test_create_a_label_and_assign_it(client: Client, run: Run, unique: str) -> None:
    page, psid = option(run, "page_id"), option(run, "subscriber_id")
    no_bot = {"page_id": MISSING_ID, "label_name": unique}
    assert answer(client.post(api("create_label"), data=no_bot)) == error("No Enabled Bot Found")
    created = answer(client.post(api("create_label"), data={"page_id": page, "label_name": unique}))
    assert set(created) == {"status", "label_id"} and created["status"] == "success"
    assert created["label_id"].isdigit()

    assign = {"page_id": page, "subscriber_id": psid, "label_ids": created["label_id"]}
    assert answer(client.post(api("assign_label"), data=assign)) == {
        "success": True,
        "status": "success",
    }
    stranger = {**assign, "subscriber_id": MISSING_ID}
    assert answer(client.post(api("assign_label"), data=stranger)) == error(
        "(#100) The user ID is not valid."
    )
    unknown = {**assign, "label_ids": MISSING_ID}
    assert answer(client.post(api("assign_label"), data=unknown)) == error("No Label Found")
