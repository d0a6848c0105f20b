"""The product tags, types and vendors: one table of the three kinds of catalog name, each
with the same five operations (uchat-openapi.json tag "Ecommerce")."""

from __future__ import annotations

from typing import Any

from sandbox.platforms.flochat.models.api import TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.shop_catalog import TAG, TYPE, VENDOR, CatalogNames, Kind
from sandbox.platforms.flochat.models.shop_catalog import represent as represent_name
from sandbox.platforms.flochat.routes.common import OK, OkSchema
from sandbox.platforms.flochat.routes.shop_common import ASSUMED_ERRORS, blp, path_id, wrapped
from sandbox.platforms.flochat.schemas import shop as schemas
from sandbox.platforms.flochat.schemas.common import ListQuery

#: (path, kind, label): the vendor names the operations after the label ("Tags",
#: "TagGetInfo", "CreateTag", "UpdateTag", "DeleteTag") and the path id after it ("tagId").
KINDS = (
    ("/shop/product-tags", TAG, "Tag"),
    ("/shop/product-types", TYPE, "Type"),
    ("/shop/product-vendors", VENDOR, "Vendor"),
)
TAKEN = "a taken name (any case) is refused"


def _catalog_routes(path: str, kind: Kind, label: str) -> None:
    """The five operations of one kind of catalog name (tags, types or vendors)."""
    id_name = f"{label.lower()}Id"
    thing = label.lower()

    def listed(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        found = CatalogNames(api, kind).list(data.get("name"), data.get("limit"), data.get("page"))
        return {"data": [represent_name(row) for row in found]}

    def info(api: Flochat, data: dict[str, Any], **path_ids: str) -> dict[str, Any]:
        return wrapped(represent_name(CatalogNames(api, kind).by_id(path_ids[id_name])))

    def create(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        return wrapped(represent_name(CatalogNames(api, kind).create(data["name"])))

    def update(api: Flochat, data: dict[str, Any], **path_ids: str) -> dict[str, Any]:
        names = CatalogNames(api, kind)
        row = names.by_id(path_ids[id_name])
        if data.get("name") is not None:
            row = names.rename(row, data["name"])
        return wrapped(represent_name(row))

    def delete(api: Flochat, data: dict[str, Any], **path_ids: str) -> dict[str, Any]:
        names = CatalogNames(api, kind)
        names.delete(names.by_id(path_ids[id_name]))
        return OK

    entry = schemas.CatalogEntryAnswer
    by_id = f"/<{id_name}>"
    # (endpoint suffix, path suffix, method, view, summary, input, answer, source)
    operations = (
        ("list", "", "GET", listed, f"Get list of product {thing}s.",
         ListQuery, schemas.CatalogEntryList, f"{label}s"),
        ("info", f"{by_id}/get-info", "GET", info, f"Get {thing} info.",
         None, entry, f"{label}GetInfo; {ASSUMED_ERRORS}"),
        ("create", "/create", "POST", create, f"Create new {thing}.",
         schemas.CatalogName, entry, f"Create{label}; {TAKEN}; {ASSUMED_ERRORS}"),
        ("update", f"{by_id}/update", "PUT", update, f"Update {thing} name.",
         schemas.CatalogRename, entry, f"Update{label}; {TAKEN}; {ASSUMED_ERRORS}"),
        ("delete", f"{by_id}/delete", "DELETE", delete, f"Delete {thing} (products lose it).",
         None, OkSchema, f"Delete{label}; products lose it; {ASSUMED_ERRORS}"),
    )  # fmt: skip
    for suffix, sub_path, method, view, summary, rules, answer, source in operations:
        # flask-smorest reads the summary from the docstring when the route is declared.
        view.__doc__ = summary
        operation = blp.operation(
            scope=TEAM_SCOPE,
            answer=answer,
            source=source,
            **({"query": rules} if method == "GET" else {"body": rules}),
        )
        blp.route(
            f"{path}{sub_path}",
            methods=[method],
            endpoint=f"{kind.product_column}_{suffix}",
            **({"parameters": [path_id(id_name, f"{label} Id")]} if by_id in sub_path else {}),
        )(operation(view))


for catalog_path, catalog_kind, catalog_label in KINDS:
    _catalog_routes(catalog_path, catalog_kind, catalog_label)
