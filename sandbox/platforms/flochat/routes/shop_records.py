"""The shop's plain record families, one table: the product tags, types and vendors,
discount codes and locations. Each has the same five operations (list, get-info, create,
update, delete), so each is one `Family` row and the five views are written once
(uchat-openapi.json tag "Ecommerce")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
from sandbox.platforms.flochat.routes.common import OK, OkSchema
from sandbox.platforms.flochat.routes.shop_common import (
    ASSUMED_ERRORS,
    CODE_ID,
    LOCATION_ID,
    blp,
    path_id,
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


def _declare(family: Family) -> None:
    """The five views of one family, declared on the blueprint."""
    id_name = family.id_parameter["name"]

    def listed(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        model = family.model(api)
        found = model.list(data.get(family.list_filter), data.get("limit"), data.get("page"))
        return {"data": [family.represent(model, row) for row in found]}

    def info(api: Flochat, data: dict[str, Any], **path_ids: str) -> dict[str, Any]:
        model = family.model(api)
        return wrapped(family.represent(model, model.by_id(path_ids[id_name])))

    def create(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        model = family.model(api)
        return wrapped(family.represent(model, family.create(model, data)))

    def update(api: Flochat, data: dict[str, Any], **path_ids: str) -> dict[str, Any]:
        model = family.model(api)
        row = family.update(model, model.by_id(path_ids[id_name]), data)
        return wrapped(family.represent(model, row))

    def delete(api: Flochat, data: dict[str, Any], **path_ids: str) -> dict[str, Any]:
        model = family.model(api)
        model.delete(model.by_id(path_ids[id_name]))
        return OK

    by_id = f"/<{id_name}>"
    # (path suffix, method, view, input, answer), in the order of `Family.names`
    operations = (
        ("", "GET", listed, family.list_query, family.list_answer),
        (f"{by_id}/get-info", "GET", info, None, family.answer),
        ("/create", "POST", create, family.create_body, family.answer),
        (f"{by_id}/update", "PUT", update, family.update_body, family.answer),
        (f"{by_id}/delete", "DELETE", delete, None, OkSchema),
    )
    for (sub_path, method, view, rules, answer), (endpoint, summary, source) in zip(
        operations, family.names, strict=True
    ):
        # flask-smorest reads the summary from the docstring when the route is declared.
        view.__doc__ = summary
        operation = blp.operation(
            scope=TEAM_SCOPE,
            answer=answer,
            source=source,
            **({"query": rules} if method == "GET" else {"body": rules}),
        )
        blp.route(
            f"{family.path}{sub_path}",
            methods=[method],
            endpoint=endpoint,
            **({"parameters": [family.id_parameter]} if by_id in sub_path else {}),
        )(operation(view))


for each in FAMILIES:
    _declare(each)
