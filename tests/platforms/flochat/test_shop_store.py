"""The store's settings ("Manage Team"): discount codes, locations, business hours."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from sandbox.core.sandbox import Sandbox
from tests.platforms.flochat import helpers
from tests.platforms.flochat.helpers import FORBIDDEN, OK, FlochatClient, answer, error, wrapped
from tests.platforms.flochat.test_shop_fixtures import flow_only, team

__all__ = ["flow_only", "team"]


# -- discount codes ---------------------------------------------------------------------------

WELCOME = {
    "id": 1,
    "code": "BEMVINDA10",
    "type": "percentage",
    "discount_percentage": 10,
    "discount_amount": 0,
    "once_per_order": 0,
    "min_require": "none",
    "min_price": 0,
    "min_qty": 0,
    "has_usage_limit": 0,
    "max_usage_count": 0,
    "one_per_customer": 0,
    "start_time": "2026-01-01 00:00:00",
    "end_time": "2026-12-31 23:59:59",
    "summary": "10% off entire order; Active from 2026-01-01 00:00:00 to 2026-12-31 23:59:59 (UTC)",
}
AMOUNT_CODE = {
    "code": "FRETE5",
    "type": "amount",
    "discount_amount": "5.05",
    "once_per_order": 1,
    "min_require": "price",
    "min_price": 100,
    "has_usage_limit": 1,
    "max_usage_count": 50,
    "one_per_customer": 1,
    "start_time": "2026-03-01 00:00:00",
    "end_time": "2026-03-31 23:59:59",
}


def test_discount_codes_list_search_and_get_info(team: FlochatClient) -> None:
    assert answer(team.get("/shop/discount-codes")) == {"data": [WELCOME]}
    assert answer(team.get("/shop/discount-codes", code="vinda")) == {"data": [WELCOME]}
    assert answer(team.get("/shop/discount-codes", code="nada")) == {"data": []}
    assert answer(team.get("/shop/discount-codes", limit=1, page=2)) == {"data": []}
    assert answer(team.get("/shop/discount-codes/1/get-info")) == wrapped(WELCOME)
    assert answer(team.get("/shop/discount-codes/get-info-by-code", code="bemvinda10")) == (
        wrapped(WELCOME)
    )
    assert answer(team.get("/shop/discount-codes/2/get-info"), 400) == error(
        "Discount code not found"
    )
    assert answer(team.get("/shop/discount-codes/get-info-by-code", code="X"), 400) == error(
        "Discount code not found"
    )
    assert answer(team.get("/shop/discount-codes/get-info-by-code"), 400) == error(
        "The code field is required."
    )


def test_create_a_discount_code(team: FlochatClient) -> None:
    created = answer(team.post("/shop/discount-codes/create", AMOUNT_CODE))
    assert created == wrapped(
        {
            "id": 2,
            "code": "FRETE5",
            "type": "amount",
            "discount_percentage": 0,
            "discount_amount": 5.05,
            "once_per_order": 1,
            "min_require": "price",
            "min_price": 100,
            "min_qty": 0,
            "has_usage_limit": 1,
            "max_usage_count": 50,
            "one_per_customer": 1,
            "start_time": "2026-03-01 00:00:00",
            "end_time": "2026-03-31 23:59:59",
            "summary": "5.05 BRL off entire order; Applies once per order; Minimum purchase of "
            "100.00 BRL; Limit of 50 uses; One use per customer; Active from 2026-03-01 "
            "00:00:00 to 2026-03-31 23:59:59 (UTC)",
        }
    )
    assert answer(team.get("/shop/discount-codes/2/get-info")) == created
    shipping = {**AMOUNT_CODE, "code": "FRETEGRATIS", "type": "free_shipping"}
    shipping.update({"min_require": "qty", "min_qty": 1, "has_usage_limit": 0})
    summary = answer(team.post("/shop/discount-codes/create", shipping))["data"]["summary"]
    assert summary == (
        "Free shipping on entire order; Minimum quantity of 1 item; One use per customer; "
        "Active from 2026-03-01 00:00:00 to 2026-03-31 23:59:59 (UTC)"
    )


TIMES = {"start_time": "2026-03-01 00:00:00", "end_time": "2026-03-02 00:00:00"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({**TIMES, "type": "percentage"}, "The code field is required."),
        ({**TIMES, "code": "X"}, "The type field is required."),
        ({**TIMES, "code": "X", "type": "bogo"}, "The selected type is invalid."),
        (
            {**TIMES, "code": "X", "type": "percentage"},
            "The discount percentage field is required when type is percentage.",
        ),
        (
            {**TIMES, "code": "X", "type": "percentage", "discount_percentage": 101},
            "The discount percentage must be between 0 and 100.",
        ),
        (
            {**TIMES, "code": "X", "type": "amount", "discount_amount": 0},
            "The discount amount field is required when type is amount.",
        ),
        (
            {**TIMES, "code": "X", "type": "free_shipping", "min_require": "price"},
            "The min price field is required when min require is price.",
        ),
        (
            {**TIMES, "code": "X", "type": "free_shipping", "min_require": "qty"},
            "The min qty field is required when min require is qty.",
        ),
        (
            {**TIMES, "code": "X", "type": "free_shipping", "has_usage_limit": 1},
            "The max usage count field is required when has usage limit is 1.",
        ),
        (
            {**TIMES, "code": "X", "type": "free_shipping", "one_per_customer": 2},
            "The selected one per customer is invalid.",
        ),
        (
            {"code": "X", "type": "free_shipping", "start_time": "2026-03-01", "end_time": "x"},
            "The start time does not match the format Y-m-d H:i:s.",
        ),
        (
            {**TIMES, "code": "X", "type": "free_shipping", "end_time": "2026-02-28 00:00:00"},
            "The end time must be a date after start time.",
        ),
        ({**TIMES, "code": "bemvinda10", "type": "free_shipping"}, "Discount code already exists"),
    ],
)
def test_create_discount_code_refusals(
    team: FlochatClient, body: dict[str, Any], message: str
) -> None:
    assert answer(team.post("/shop/discount-codes/create", body), 400) == error(message)
    assert answer(team.get("/shop/discount-codes")) == {"data": [WELCOME]}


def test_update_a_discount_code(team: FlochatClient) -> None:
    answer(team.post("/shop/discount-codes/create", AMOUNT_CODE))
    changed = answer(team.put("/shop/discount-codes/1/update", {"discount_percentage": 15}))
    assert changed["data"]["discount_percentage"] == 15
    assert changed["data"]["summary"].startswith("15% off entire order;")
    assert answer(team.get("/shop/discount-codes/1/get-info")) == changed
    assert answer(team.put("/shop/discount-codes/1/update", {"code": "frete5"}), 400) == error(
        "Discount code already exists"
    )
    assert answer(team.put("/shop/discount-codes/1/update", {"type": "amount"}), 400) == error(
        "The discount amount field is required when type is amount."
    )
    assert answer(
        team.put("/shop/discount-codes/1/update", {"end_time": "2025-01-01 00:00:00"}), 400
    ) == error("The end time must be a date after start time.")
    assert answer(team.put("/shop/discount-codes/9/update", {}), 400) == error(
        "Discount code not found"
    )
    assert answer(team.get("/shop/discount-codes/1/get-info")) == changed


def test_delete_discount_codes(team: FlochatClient) -> None:
    answer(team.post("/shop/discount-codes/create", AMOUNT_CODE))
    assert answer(team.delete("/shop/discount-codes/1/delete")) == OK
    assert answer(team.delete("/shop/discount-codes/1/delete"), 400) == error(
        "Discount code not found"
    )
    assert answer(team.delete("/shop/discount-codes/delete-by-code", code="frete5")) == OK
    assert answer(team.get("/shop/discount-codes")) == {"data": []}
    assert answer(team.delete("/shop/discount-codes/delete-by-code", {"code": "FRETE5"}), 400) == (
        error("Discount code not found")
    )
    assert answer(team.delete("/shop/discount-codes/delete-by-code"), 400) == error(
        "The code field is required."
    )


def test_discount_codes_need_manage_team(team: FlochatClient, flow_only: FlochatClient) -> None:
    base = "/shop/discount-codes"
    helpers.assert_resource_refused(flow_only, base, create=AMOUNT_CODE)
    assert answer(flow_only.get(f"{base}/get-info-by-code", code="X"), 403) == FORBIDDEN
    assert answer(flow_only.delete(f"{base}/delete-by-code", code="X"), 403) == FORBIDDEN


# -- locations --------------------------------------------------------------------------------

RECIFE = {
    "id": 1,
    "name": "Loja Recife",
    "address": "Rua da Aurora, 100, Recife",
    "note": "",
    "lat": -8.0631,
    "lng": -34.8711,
}


def test_locations_list_and_get_info(team: FlochatClient) -> None:
    assert answer(team.get("/shop/locations")) == {"data": [RECIFE]}
    assert answer(team.get("/shop/locations", name="recife")) == {"data": [RECIFE]}
    assert answer(team.get("/shop/locations", name="olinda")) == {"data": []}
    assert answer(team.get("/shop/locations/1/get-info")) == wrapped(RECIFE)
    assert answer(team.get("/shop/locations/2/get-info"), 400) == error("Location not found")


def test_create_update_and_delete_a_location(team: FlochatClient) -> None:
    body = {"name": "Olinda", "address": "Rua do Amparo, 5", "lat": -8, "lng": "-34.85"}
    created = answer(team.post("/shop/locations/create", body))
    olinda = {"id": 2, "name": "Olinda", "address": "Rua do Amparo, 5", "note": ""}
    assert created == wrapped({**olinda, "lat": -8.0, "lng": -34.85})
    updated = answer(team.put("/shop/locations/2/update", {"note": "Só sábados", "lat": -8.01}))
    assert updated == wrapped({**olinda, "note": "Só sábados", "lat": -8.01, "lng": -34.85})
    assert answer(team.get("/shop/locations/2/get-info")) == updated
    assert answer(team.put("/shop/locations/2/update", {"address": ""}), 400) == error(
        "The address field must have a value."
    )
    assert answer(team.delete("/shop/locations/2/delete")) == OK
    assert answer(team.get("/shop/locations")) == {"data": [RECIFE]}
    assert answer(team.delete("/shop/locations/2/delete"), 400) == error("Location not found")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"address": "A", "lat": 0, "lng": 0}, "The name field is required."),
        ({"name": "A", "lat": 0, "lng": 0}, "The address field is required."),
        ({"name": "A", "address": "A", "lng": 0}, "The lat field is required."),
        ({"name": "A", "address": "A", "lat": 91, "lng": 0}, "The lat must be between -90 and 90."),
        (
            {"name": "A", "address": "A", "lat": 0, "lng": -181},
            "The lng must be between -180 and 180.",
        ),
        ({"name": "A", "address": "A", "lat": "north", "lng": 0}, "The lat must be a number."),
        ({"name": "A", "address": "A", "lat": "NaN", "lng": 0}, "The lat must be a number."),
        ({"name": "A", "address": "A", "lat": 0, "lng": "1e999"}, "The lng must be a number."),
    ],
)
def test_create_location_refusals(team: FlochatClient, body: dict[str, Any], message: str) -> None:
    assert answer(team.post("/shop/locations/create", body), 400) == error(message)
    assert answer(team.get("/shop/locations")) == {"data": [RECIFE]}


def test_locations_need_manage_team(team: FlochatClient, flow_only: FlochatClient) -> None:
    helpers.assert_resource_refused(flow_only, "/shop/locations", create=RECIFE)


# -- business hours -------------------------------------------------------------------------------

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day(number: int, option: str = "open", *times: str) -> dict[str, str]:
    start, end, start_2, end_2 = (*times, "", "", "", "")[:4]
    return {
        "id": str(number),
        "name": DAY_NAMES[number - 1],
        "option": option,
        "start": start,
        "end": end,
        "start_2": start_2,
        "end_2": end_2,
    }


def week(**changed: dict[str, str]) -> dict[str, dict[str, str]]:
    days = {str(number): day(number) for number in range(1, 8)}
    days.update(changed)
    return days


FIXTURE_WEEK = {"1": day(1, "open_1", "09:00", "18:00"), "7": day(7, "close")}


def test_business_hours_info(team: FlochatClient) -> None:
    assert answer(team.get("/shop/business-hours/info")) == wrapped(week(**FIXTURE_WEEK))


def test_business_hours_of_a_team_that_set_none_are_open(client: Client, sandbox: Sandbox) -> None:
    flochat = FlochatClient(client)
    assert answer(flochat.get("/shop/business-hours/info")) == wrapped(week())


def test_update_business_hours(team: FlochatClient) -> None:
    body = {
        "data": [
            {
                "id": 2,
                "name": "Tuesday",
                "option": "open_2",
                "start": "08:00",
                "end": "12:00",
                "start_2": "13:30",
                "end_2": "24:00",
            },
            {"id": "1", "option": "open", "start": "10:00"},
            {"id": "6", "option": "open_1", "start": "00:00", "end": "00:15", "start_2": "1"},
        ]
    }
    expected = wrapped(
        week(
            **{
                **FIXTURE_WEEK,
                "1": day(1),
                "2": day(2, "open_2", "08:00", "12:00", "13:30", "24:00"),
                "6": day(6, "open_1", "00:00", "00:15"),
            }
        )
    )
    assert answer(team.put("/shop/business-hours/update", body)) == expected
    assert answer(team.get("/shop/business-hours/info")) == expected


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ([], "The data field is required."),
        ([{"option": "open"}], "The data.0.id field is required."),
        ([{"id": "8", "option": "open"}], "The selected data.0.id is invalid."),
        ([{"id": "1", "option": "always"}], "The selected data.0.option is invalid."),
        ([{"id": "1", "name": "Lunes", "option": "open"}], "The selected data.0.name is invalid."),
        (
            [{"id": "1", "option": "open"}, {"id": "2", "option": "open_1", "start": "09:00"}],
            "The data.1.end field is required when data.1.option is open_1.",
        ),
        (
            [{"id": "1", "option": "open_2", "start": "09:00", "end": "12:00"}],
            "The data.0.start 2 field is required when data.0.option is open_2.",
        ),
        (
            [{"id": "1", "option": "open_1", "start": "09:10", "end": "12:00"}],
            "The selected data.0.start is invalid.",
        ),
        (
            [{"id": "1", "option": "open_1", "start": "09:00", "end": "00:00"}],
            "The selected data.0.end is invalid.",
        ),
        (
            [{"id": "1", "option": "open_1", "start": "12:00", "end": "09:00"}],
            "The data.0.end must be a time after data.0.start.",
        ),
        (
            [
                {
                    "id": "1",
                    "option": "open_2",
                    "start": "09:00",
                    "end": "12:00",
                    "start_2": "11:00",
                    "end_2": "13:00",
                }
            ],
            "The data.0.start 2 must be a time after data.0.end.",
        ),
        ([{"id": "1", "option": "open", "start": 9}], "The data.0.start must be a string."),
    ],
)
def test_update_business_hours_refusals(
    team: FlochatClient, days: list[dict[str, Any]], message: str
) -> None:
    response = team.put("/shop/business-hours/update", {"data": days})
    assert answer(response, 400) == error(message)
    assert answer(team.get("/shop/business-hours/info")) == wrapped(week(**FIXTURE_WEEK))


def test_business_hours_need_manage_team(team: FlochatClient, flow_only: FlochatClient) -> None:
    assert answer(flow_only.get("/shop/business-hours/info"), 403) == FORBIDDEN
    body = {"data": [{"id": "1", "option": "close"}]}
    assert answer(flow_only.put("/shop/business-hours/update", body), 403) == FORBIDDEN
    assert answer(team.get("/shop/business-hours/info")) == wrapped(week(**FIXTURE_WEEK))
