"""Discount codes, business hours and locations of the shop (uchat-openapi.json tag
"Ecommerce")."""

from __future__ import annotations

from typing import Any

from sandbox.platforms.flochat.models.api import TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.shop_discounts import DiscountCodes
from sandbox.platforms.flochat.models.shop_hours import BusinessHours
from sandbox.platforms.flochat.models.shop_locations import Locations
from sandbox.platforms.flochat.models.shop_locations import represent as represent_location
from sandbox.platforms.flochat.routes.common import OK, OkSchema
from sandbox.platforms.flochat.routes.shop_common import (
    ASSUMED_ERRORS,
    CODE_ID,
    LOCATION_ID,
    blp,
    wrapped,
)
from sandbox.platforms.flochat.schemas import shop_store as store_schemas
from sandbox.platforms.flochat.schemas.common import ListQuery

# -- discount codes ---------------------------------------------------------------------------


@blp.route("/shop/discount-codes", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE,
    query=store_schemas.DiscountListQuery,
    answer=store_schemas.DiscountCodeList,
    source="DiscountCodes; `summary` words the rules (assumed wording)",
)
def discount_codes(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of discount codes."""
    codes = DiscountCodes(api)
    found = codes.list(data.get("code"), data.get("limit"), data.get("page"))
    return {"data": [codes.represent(row) for row in found]}


@blp.route("/shop/discount-codes/<codeId>/get-info", methods=["GET"], parameters=[CODE_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    answer=store_schemas.DiscountCodeAnswer,
    source=f"DiscountCodeGetInfo; {ASSUMED_ERRORS}",
)
def discount_code_info(api: Flochat, data: dict[str, Any], codeId: str) -> dict[str, Any]:
    """Get discount code info."""
    codes = DiscountCodes(api)
    return wrapped(codes.represent(codes.by_id(codeId)))


@blp.route("/shop/discount-codes/get-info-by-code", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE,
    query=store_schemas.CodeQuery,
    answer=store_schemas.DiscountCodeAnswer,
    source=f"DiscountCodeGetInfoByCode; codes match in any case; {ASSUMED_ERRORS}",
)
def discount_code_by_code(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get discount code info by code."""
    codes = DiscountCodes(api)
    return wrapped(codes.represent(codes.by_code(data["code"])))


@blp.route("/shop/discount-codes/create", methods=["POST"])
@blp.operation(
    scope=TEAM_SCOPE,
    body=store_schemas.CreateDiscountCode,
    answer=store_schemas.DiscountCodeAnswer,
    source="CreateDiscountCode; stored only (no cart or order operation takes a code): a "
    "percentage needs discount_percentage, an amount discount_amount, min_require its "
    f"minimum, a usage limit its count, end after start; {ASSUMED_ERRORS}",
)
def create_discount_code(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Create new discount code."""
    codes = DiscountCodes(api)
    return wrapped(codes.represent(codes.create(data)))


@blp.route("/shop/discount-codes/<codeId>/update", methods=["PUT"], parameters=[CODE_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    body=store_schemas.DiscountRules,
    answer=store_schemas.DiscountCodeAnswer,
    source="UpdateDiscountCode; the code as updated must follow the create rules; "
    f"{ASSUMED_ERRORS}",
)
def update_discount_code(api: Flochat, data: dict[str, Any], codeId: str) -> dict[str, Any]:
    """Update discount code."""
    codes = DiscountCodes(api)
    return wrapped(codes.represent(codes.update(codes.by_id(codeId), data)))


@blp.route("/shop/discount-codes/<codeId>/delete", methods=["DELETE"], parameters=[CODE_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    answer=OkSchema,
    source=f"DeleteDiscountCode; {ASSUMED_ERRORS}",
)
def delete_discount_code(api: Flochat, data: dict[str, Any], codeId: str) -> dict[str, Any]:
    """Delete discount code."""
    codes = DiscountCodes(api)
    codes.delete(codes.by_id(codeId))
    return OK


@blp.route("/shop/discount-codes/delete-by-code", methods=["DELETE"])
@blp.operation(
    scope=TEAM_SCOPE,
    query=store_schemas.CodeQuery,
    answer=OkSchema,
    source=f"DeleteDiscountCodeByCode; codes match in any case; {ASSUMED_ERRORS}",
)
def delete_discount_code_by_code(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Delete discount code by code."""
    codes = DiscountCodes(api)
    codes.delete(codes.by_code(data["code"]))
    return OK


# -- business hours -------------------------------------------------------------------------------


@blp.route("/shop/business-hours/info", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE,
    answer=store_schemas.BusinessHoursAnswer,
    source="ShopGetBusinessHours; `data` (typed one BusinessHours object) holds the seven "
    'days keyed by id "1" to "7", as PHP encodes an array indexed from 1 (assumed); a day '
    "never set is open",
)
def business_hours(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get store business hours."""
    return wrapped(BusinessHours(api).represent())


@blp.route("/shop/business-hours/update", methods=["PUT"])
@blp.operation(
    scope=TEAM_SCOPE,
    body=store_schemas.UpdateBusinessHours,
    answer=store_schemas.BusinessHoursAnswer,
    source="ShopUpdateBusinessHours; the days given change, the others keep theirs; ranges "
    f"must end after they start; {ASSUMED_ERRORS}",
)
def update_business_hours(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Update store business hours."""
    hours = BusinessHours(api)
    hours.update(data["data"])
    return wrapped(hours.represent())


# -- locations --------------------------------------------------------------------------------


@blp.route("/shop/locations", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE,
    query=ListQuery,
    answer=store_schemas.ShopLocationList,
    source="Locations",
)
def locations(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of locations."""
    found = Locations(api).list(data.get("name"), data.get("limit"), data.get("page"))
    return {"data": [represent_location(row) for row in found]}


@blp.route("/shop/locations/<locationId>/get-info", methods=["GET"], parameters=[LOCATION_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    answer=store_schemas.ShopLocationAnswer,
    source=f"LocationGetInfo; {ASSUMED_ERRORS}",
)
def location_info(api: Flochat, data: dict[str, Any], locationId: str) -> dict[str, Any]:
    """Get location info."""
    return wrapped(represent_location(Locations(api).by_id(locationId)))


@blp.route("/shop/locations/create", methods=["POST"])
@blp.operation(
    scope=TEAM_SCOPE,
    body=store_schemas.CreateLocation,
    answer=store_schemas.ShopLocationAnswer,
    source=f"CreateLocation; latitude and longitude in range; {ASSUMED_ERRORS}",
)
def create_location(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Create new location."""
    return wrapped(represent_location(Locations(api).create(data)))


@blp.route("/shop/locations/<locationId>/update", methods=["PUT"], parameters=[LOCATION_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    body=store_schemas.UpdateLocation,
    answer=store_schemas.ShopLocationAnswer,
    source=f"UpdateLocation; {ASSUMED_ERRORS}",
)
def update_location(api: Flochat, data: dict[str, Any], locationId: str) -> dict[str, Any]:
    """Update location."""
    found = Locations(api)
    return wrapped(represent_location(found.update(found.by_id(locationId), data)))


@blp.route("/shop/locations/<locationId>/delete", methods=["DELETE"], parameters=[LOCATION_ID])
@blp.operation(
    scope=TEAM_SCOPE,
    answer=OkSchema,
    source=f"DeleteLocation; {ASSUMED_ERRORS}",
)
def delete_location(api: Flochat, data: dict[str, Any], locationId: str) -> dict[str, Any]:
    """Delete location."""
    found = Locations(api)
    found.delete(found.by_id(locationId))
    return OK
