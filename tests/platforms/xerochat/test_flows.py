"""Flow campaigns: get_flow_campaigns, get_flow_campaign_info,
get_single_subscriber_flow_info and get_all_subscriber_flow_info (platforms.md §B.3,
fidelity §6).

The member (user 2) has campaign 1 (two questions, answers from Carla and Diego), 2 (no
questions) and 3 (soft-deleted, one answer); campaign 4 is user 4's.
"""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.core.sandbox import Sandbox
from tests.platforms.xerochat.helpers import (
    CARLA,
    DIEGO,
    ERIK,
    OMIT,
    XeroChatClient,
    error,
    installation,
    load_xerochat,
)

EMAIL_Q = "Qual é o seu e-mail?"
PRODUCT_Q = "Qual produto te interessa?"
CAMPAIGN_REQUIRED = error("The flow_campaign_id field is required")
CAMPAIGN_MISSING = error("The flow campaign ID does not exist")
SUBSCRIBER_REQUIRED = error("The subscriber_id field is required")
NO_ANSWERS_SINGLE = {"id": None, "flow_name": None, "data": []}

pytestmark = pytest.mark.usefixtures("installed")


# == get_flow_campaigns =========================================================================


def test_get_flow_campaigns(member: XeroChatClient) -> None:
    # A bare array: the member's campaigns, not the soft-deleted one.
    response = member.get("get_flow_campaigns")

    assert (response.status_code, response.json) == (
        200,
        [{"id": "1", "flow_name": "Cadastro de leads"}, {"id": "2", "flow_name": "Pesquisa"}],
    )


def test_get_flow_campaigns_without_campaigns(member: XeroChatClient, sandbox: Sandbox) -> None:
    load_xerochat(sandbox, installation(flow_campaigns=[]))

    response = member.get("get_flow_campaigns")

    assert (response.status_code, response.get_data(as_text=True)) == (200, "[]")


# == get_flow_campaign_info =====================================================================


CAMPAIGN_INFO = "get_flow_campaign_info"
ALL_SUBSCRIBER_INFO = "get_all_subscriber_flow_info"


@pytest.mark.parametrize(
    ("read", "campaign_id", "expected"),
    [
        (
            CAMPAIGN_INFO,
            "1",
            {"id": "1", "flow_name": "Cadastro de leads", "questions": [EMAIL_Q, PRODUCT_Q]},
        ),
        (
            CAMPAIGN_INFO,
            " 1x ",
            {"id": "1", "flow_name": "Cadastro de leads", "questions": [EMAIL_Q, PRODUCT_Q]},
        ),
        # no questions: the LEFT JOIN still gives one row, whose question is NULL
        (CAMPAIGN_INFO, "2", {"id": "2", "flow_name": "Pesquisa", "questions": [None]}),
        # soft-deleted: it passes the existence check, and the read finds no row
        (CAMPAIGN_INFO, "3", {"id": None, "flow_name": None, "questions": []}),
        # Keyed by PSID; each answer's key is `id` in the vendor's code (its doc says
        # `question_id`, fidelity §6.4 step 5).
        (
            ALL_SUBSCRIBER_INFO,
            "1",
            {
                "id": "1",
                "flow_name": "Cadastro de leads",
                "data": {
                    CARLA: [
                        {"id": "45", "question": EMAIL_Q, "answer": "carla.mendes@example.com"},
                        {"id": "46", "question": PRODUCT_Q, "answer": "Sapatos"},
                    ],
                    DIEGO: [{"id": "45", "question": EMAIL_Q, "answer": "diego@example.com"}],
                },
            },
        ),
        # soft-deleted: its answers are still listed
        (
            ALL_SUBSCRIBER_INFO,
            "3",
            {
                "id": "3",
                "flow_name": "Antiga",
                "data": {CARLA: [{"id": "47", "question": "Ainda aí?", "answer": "sim"}]},
            },
        ),
    ],
)
def test_campaign_reads(
    member: XeroChatClient, read: str, campaign_id: str, expected: dict[str, Any]
) -> None:
    response = member.get(read, flow_campaign_id=campaign_id)

    assert (response.status_code, response.json) == (200, expected)


def test_get_flow_campaign_info_escapes_non_ascii(member: XeroChatClient) -> None:
    response = member.get("get_flow_campaign_info", flow_campaign_id="1")

    assert '"Qual \\u00e9 o seu e-mail?"' in response.get_data(as_text=True)


#: What both campaign reads answer for a flow_campaign_id that is missing, empty, 0 or not a
#: number (required), or names no campaign of the user (99; 4 is another user's).
CAMPAIGN_ID_REFUSALS = {
    None: CAMPAIGN_REQUIRED,
    "": CAMPAIGN_REQUIRED,
    "0": CAMPAIGN_REQUIRED,
    "abc": CAMPAIGN_REQUIRED,
    "99": CAMPAIGN_MISSING,
    "4": CAMPAIGN_MISSING,
}


@pytest.mark.parametrize("read", ["get_flow_campaign_info", "get_all_subscriber_flow_info"])
@pytest.mark.parametrize("campaign_id", list(CAMPAIGN_ID_REFUSALS))
def test_campaign_reads_refuse_a_missing_campaign(
    member: XeroChatClient, read: str, campaign_id: str | None
) -> None:
    response = member.get(read, flow_campaign_id=OMIT if campaign_id is None else campaign_id)

    assert (response.status_code, response.json) == (200, CAMPAIGN_ID_REFUSALS[campaign_id])


# == get_single_subscriber_flow_info ============================================================


@pytest.mark.parametrize(
    ("psid", "campaign_id", "expected"),
    [
        (
            CARLA,
            "1",
            {
                "id": "1",
                "flow_name": "Cadastro de leads",
                "data": [
                    {
                        "question_id": "45",
                        "question": EMAIL_Q,
                        "answer": "carla.mendes@example.com",
                    },
                    {"question_id": "46", "question": PRODUCT_Q, "answer": "Sapatos"},
                ],
            },
        ),
        (
            f" {DIEGO} ",  # trimmed and cast to an integer
            "1",
            {
                "id": "1",
                "flow_name": "Cadastro de leads",
                "data": [{"question_id": "45", "question": EMAIL_Q, "answer": "diego@example.com"}],
            },
        ),
        # a soft-deleted campaign still shows its answers (only its existence is checked)
        (
            CARLA,
            "3",
            {
                "id": "3",
                "flow_name": "Antiga",
                "data": [{"question_id": "47", "question": "Ainda aí?", "answer": "sim"}],
            },
        ),
        (DIEGO, "2", NO_ANSWERS_SINGLE),  # no answers: no error, nulls
        (ERIK, "1", NO_ANSWERS_SINGLE),
    ],
)
def test_get_single_subscriber_flow_info(
    member: XeroChatClient, psid: str, campaign_id: str, expected: dict[str, Any]
) -> None:
    response = member.get(
        "get_single_subscriber_flow_info", subscriber_id=psid, flow_campaign_id=campaign_id
    )

    assert (response.status_code, response.json) == (200, expected)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, SUBSCRIBER_REQUIRED),  # the subscriber is checked first
        ({"flow_campaign_id": "1"}, SUBSCRIBER_REQUIRED),
        ({"subscriber_id": "abc", "flow_campaign_id": "1"}, SUBSCRIBER_REQUIRED),
        ({"subscriber_id": "0", "flow_campaign_id": "99"}, SUBSCRIBER_REQUIRED),
        ({"subscriber_id": CARLA}, CAMPAIGN_REQUIRED),
        ({"subscriber_id": CARLA, "flow_campaign_id": "0"}, CAMPAIGN_REQUIRED),
        ({"subscriber_id": CARLA, "flow_campaign_id": "99"}, CAMPAIGN_MISSING),
        ({"subscriber_id": ERIK, "flow_campaign_id": "4"}, CAMPAIGN_MISSING),  # user 4's
    ],
)
def test_get_single_subscriber_flow_info_errors(
    member: XeroChatClient, params: dict[str, str], expected: Any
) -> None:
    response = member.get("get_single_subscriber_flow_info", **params)

    assert (response.status_code, response.json) == (200, expected)


# == get_all_subscriber_flow_info ===============================================================


def test_get_all_subscriber_flow_info_without_answers(member: XeroChatClient) -> None:
    response = member.get("get_all_subscriber_flow_info", flow_campaign_id="2")

    # `data` is an empty array here, not {} (fidelity §6.4 step 7).
    assert (response.status_code, response.get_data(as_text=True)) == (
        200,
        '{"id":null,"flow_name":null,"data":[]}',
    )
