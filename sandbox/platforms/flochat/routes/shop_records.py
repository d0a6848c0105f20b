"""The shop's plain record families, one table: the product tags, types and vendors,
discount codes and locations. Each has the same five operations (list, get-info, create,
update, delete), so each is one `Family` row and the five views are written once
(uchat-openapi.json tag "Ecommerce")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from marshmallow import Schema

from sandbox.core.stacks import laravel
from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.shop_catalog import TAG, TYPE, VENDOR, CatalogNames, Kind
from sandbox.platforms.flochat.models.shop_catalog import represent as represent_name
from sandbox.platforms.flochat.models.shop_discounts import DiscountCodes
from sandbox.platforms.flochat.models.shop_locations import Locations
from sandbox.platforms.flochat.models.shop_locations import represent as represent_location
from sandbox.platforms.flochat.routes.common import OkSchema
from sandbox.platforms.flochat.routes.shop_common import (
    ASSUMED_ERRORS,
    CODE_ID,
    LOCATION_ID,
    blp,
    path_id,
)
from sandbox.platforms.flochat.routes.tables import (
    deleted,
    on_record,
    op,
    operations,
    shown,
    wrapped,
)
from sandbox.platforms.flochat.schemas import shop as schemas
from sandbox.platforms.flochat.schemas import shop_store as store_schemas
from sandbox.platforms.flochat.schemas.common import ListQuery

#: One operation of a family: its Flask endpoint, summary (the view's docstring) and
#: source (the vendor's operationId, then the sandbox's notes).
Names = tuple[str, str, str]


@dataclass(frozen=True)
class Family:
    path: str
    id_parameter: dict[str, Any]  # the path id, as shop_common.path_id documents it
    model: Callable[[Flochat], Any]  # the model: list, by_id, create, update, delete
    represent: Callable[[Any, Record], dict[str, Any]]  # (model, row): the answer's data
    list_query: type[laravel.Input]
    list_filter: str  # the query's key the model's list filters by
    list_answer: type[Schema]
    answer: type[Schema]
    create_body: type[laravel.Input]
    update_body: type[laravel.Input]
    # list, get-info, create, update, delete
    names: tuple[Names, Names, Names, Names, Names]
    create: Callable[[Any, dict[str, Any]], Record] = lambda model, data: model.create(data)
    update: Callable[[Any, Record, dict[str, Any]], Record] = lambda model, row, data: model.update(
        row, data
    )


def _rename(names: CatalogNames, row: Record, data: dict[str, Any]) -> Record:
    return names.rename(row, data["name"]) if data.get("name") is not None else row


def _catalog(path: str, kind: Kind, label: str) -> Family:
    """The vendor names a catalog kind's operations after its label ("Tags", "TagGetInfo",
    "CreateTag", ...) and its path id too ("tagId")."""
    thing, prefix = label.lower(), kind.product_column
    taken = "a taken name (any case) is refused"
    return Family(
        path, path_id(f"{thing}Id", f"{label} Id"), lambda api: CatalogNames(api, kind),
        lambda names, row: represent_name(row), ListQuery, "name",
        schemas.CatalogEntryList, schemas.CatalogEntryAnswer,
        schemas.CatalogName, schemas.CatalogRename,
        (
            (f"{prefix}_list", f"Get list of product {thing}s.", f"{label}s"),
            (f"{prefix}_info", f"Get {thing} info.", f"{label}GetInfo; {ASSUMED_ERRORS}"),
            (f"{prefix}_create", f"Create new {thing}.",
             f"Create{label}; {taken}; {ASSUMED_ERRORS}"),
            (f"{prefix}_update", f"Update {thing} name.",
             f"Update{label}; {taken}; {ASSUMED_ERRORS}"),
            (f"{prefix}_delete", f"Delete {thing} (products lose it).",
             f"Delete{label}; products lose it; {ASSUMED_ERRORS}"),
        ),
        create=lambda names, data: names.create(data["name"]),
        update=_rename,
    )  # fmt: skip


FAMILIES = (
    _catalog("/shop/product-tags", TAG, "Tag"),
    _catalog("/shop/product-types", TYPE, "Type"),
    _catalog("/shop/product-vendors", VENDOR, "Vendor"),
    Family(
        "/shop/discount-codes", CODE_ID, DiscountCodes, lambda codes, row: codes.represent(row),
        store_schemas.DiscountListQuery, "code",
        store_schemas.DiscountCodeList, store_schemas.DiscountCodeAnswer,
        store_schemas.CreateDiscountCode, store_schemas.DiscountRules,
        (
            ("discount_codes", "Get list of discount codes.",
             "DiscountCodes; `summary` words the rules (assumed wording)"),
            ("discount_code_info", "Get discount code info.",
             f"DiscountCodeGetInfo; {ASSUMED_ERRORS}"),
            ("create_discount_code", "Create new discount code.",
             "CreateDiscountCode; stored only (no cart or order operation takes a code): a "
             "percentage needs discount_percentage, an amount discount_amount, min_require its "
             f"minimum, a usage limit its count, end after start; {ASSUMED_ERRORS}"),
            ("update_discount_code", "Update discount code.",
             "UpdateDiscountCode; the code as updated must follow the create rules; "
             f"{ASSUMED_ERRORS}"),
            ("delete_discount_code", "Delete discount code.",
             f"DeleteDiscountCode; {ASSUMED_ERRORS}"),
        ),
    ),
    Family(
        "/shop/locations", LOCATION_ID, Locations, lambda found, row: represent_location(row),
        ListQuery, "name",
        store_schemas.ShopLocationList, store_schemas.ShopLocationAnswer,
        store_schemas.CreateLocation, store_schemas.UpdateLocation,
        (
            ("locations", "Get list of locations.", "Locations"),
            ("location_info", "Get location info.", f"LocationGetInfo; {ASSUMED_ERRORS}"),
            ("create_location", "Create new location.",
             f"CreateLocation; latitude and longitude in range; {ASSUMED_ERRORS}"),
            ("update_location", "Update location.", f"UpdateLocation; {ASSUMED_ERRORS}"),
            ("delete_location", "Delete location.", f"DeleteLocation; {ASSUMED_ERRORS}"),
        ),
    ),
)  # fmt: skip


Top = partial(op, scope=TEAM_SCOPE)


def _declare(family: Family) -> None:
    """The five views of one family, declared on the blueprint."""
    id_name = family.id_parameter["name"]

    def listed(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        model = family.model(api)
        found = model.list(data.get(family.list_filter), data.get("limit"), data.get("page"))
        return {"data": [family.represent(model, row) for row in found]}

    def found(api: Flochat, data: dict[str, Any], **path_ids: str) -> tuple[Any, Record]:
        model = family.model(api)
        return model, model.by_id(path_ids[id_name])

    def create(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        model = family.model(api)
        return wrapped(family.represent(model, family.create(model, data)))

    info = on_record(found, shown(family.represent))
    update = on_record(
        found,
        lambda model, row, data: wrapped(family.represent(model, family.update(model, row, data))),
    )
    delete = on_record(found, deleted)

    by_id = f"/<{id_name}>"
    path, id_parameter = family.path, [family.id_parameter]
    # (endpoint, summary, source) of each of the five, in the order of `Family.names`
    list_names, info_names, create_names, update_names, delete_names = family.names
    rows = (
        Top(list_names[0], f"GET {path}", list_names[1], listed,
            query=family.list_query, answer=family.list_answer, source=list_names[2]),
        Top(info_names[0], f"GET {path}{by_id}/get-info", info_names[1], info,
            parameters=id_parameter, answer=family.answer, source=info_names[2]),
        Top(create_names[0], f"POST {path}/create", create_names[1], create,
            body=family.create_body, answer=family.answer, source=create_names[2]),
        Top(update_names[0], f"PUT {path}{by_id}/update", update_names[1], update,
            parameters=id_parameter, body=family.update_body, answer=family.answer,
            source=update_names[2]),
        Top(delete_names[0], f"DELETE {path}{by_id}/delete", delete_names[1], delete,
            parameters=id_parameter, answer=OkSchema, source=delete_names[2]),
    )  # fmt: skip
    operations(blp, rows)


for each in FAMILIES:
    _declare(each)
