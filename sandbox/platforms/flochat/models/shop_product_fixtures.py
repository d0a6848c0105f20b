"""The `products` fixture section: products with their variants, naming their type,
vendor and tags (made when no earlier section has them).

    products:
      - id: 1                              # ids let carts and orders name variants
        name: Camiseta
        type: Roupas
        vendor: Loja da Ana
        tags: [Verão]
        use_variant: true
        variant_1_name: Cor
        variant_2_name: Tamanho
        variants:
          - {id: 11, variant_1_value: Azul, variant_2_value: M, price: 59.9, qty: 10,
             track_stock: true}
      - id: 2                              # no variants: one default variant, given by
        name: Caneca                       # the product-level price and stock, or by
        price: 35                          # a single `variants` entry (with its id)
        qty: 20
        track_stock: true

Export writes every product with its variants listed, the default one included.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import fields, validate

from sandbox.core.fixtures import FixtureError
from sandbox.core.resources import fixture_id, pick
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.sections import Entry, Section, one_of
from sandbox.platforms.flochat.models.shop_catalog import TAG, TYPE, VENDOR, CatalogNames
from sandbox.platforms.flochat.models.shop_common import PRODUCTS, VARIANTS, money, number
from sandbox.platforms.flochat.models.shop_products import (
    PRODUCT_STATUSES,
    VARIANT_DEFAULTS,
    Products,
    same_options,
    variant_values,
)

STOCK_KEYS = (
    "price",
    "compare_price",
    "sku",
    "barcode",
    "track_stock",
    "allow_no_stock_sell",
    "qty",
)


class VariantEntry(Entry):
    id = fields.Integer()
    variant_1_value = fields.String(load_default="")
    variant_2_value = fields.String(load_default="")
    image = fields.String(load_default="")
    price = fields.Raw(load_default=0)
    compare_price = fields.Raw(load_default=0)
    taxable = fields.Boolean(load_default=False)
    sku = fields.String(load_default="")
    barcode = fields.String(load_default="")
    track_stock = fields.Boolean(load_default=False)
    allow_no_stock_sell = fields.Boolean(load_default=False)
    qty = fields.Integer(load_default=0)


class ProductEntry(Entry):
    id = fields.Integer()
    name = fields.String(required=True, validate=validate.Length(min=1))
    description = fields.String(load_default="")
    image = fields.String(load_default="")
    note = fields.String(load_default="")
    status = fields.String(load_default="active", validate=one_of(PRODUCT_STATUSES))
    type = fields.String(load_default="")
    vendor = fields.String(load_default="")
    tags = fields.List(fields.String(validate=validate.Length(min=1)), load_default=list)
    use_variant = fields.Boolean(load_default=False)
    variant_1_name = fields.String(load_default="")
    variant_2_name = fields.String(load_default="")
    # The default variant of a product without variants (or give it as its one variant).
    price = fields.Raw()
    compare_price = fields.Raw()
    sku = fields.String()
    barcode = fields.String()
    track_stock = fields.Boolean()
    allow_no_stock_sell = fields.Boolean()
    qty = fields.Integer()
    variants = fields.List(fields.Nested(VariantEntry), load_default=list)


def _amounts(entry: dict[str, Any], where: list[str | int]) -> dict[str, Any]:
    """The entry with its amounts read exactly; a wrong one is the fixture's error."""
    checked = dict(entry)
    for key in ("price", "compare_price"):
        if checked.get(key) is None:
            continue
        try:
            amount = money(checked[key])
        except ValueError:
            raise FixtureError([*where, key], "must be an amount") from None
        if amount < 0:
            raise FixtureError([*where, key], "must not be negative")
        checked[key] = amount
    return checked


def _variants(entry: dict[str, Any], where: list[str | int]) -> list[dict[str, Any]]:
    """The product's variants' values (with their fixture ids, when given)."""
    variants: list[dict[str, Any]] = []
    product_level = [key for key in STOCK_KEYS if entry.get(key) is not None]
    if not entry["use_variant"]:
        if len(entry["variants"]) > 1:
            raise FixtureError([*where, "variants"], "a product without variants has one")
        if entry["variants"]:
            if product_level:
                raise FixtureError(
                    [*where, product_level[0]], "give it in the product's one variant"
                )
            given = _amounts(entry["variants"][0], [*where, "variants", 0])
        else:
            given = _amounts({key: entry.get(key) for key in STOCK_KEYS}, where)
        values = variant_values(given)
        if values["variant_1_value"] or values["variant_2_value"]:
            raise FixtureError([*where, "variants", 0], "a default variant has no option values")
        return [{"id": given.get("id"), **values}]
    if product_level:
        raise FixtureError([*where, product_level[0]], "give it in each variant")
    if not entry["variant_1_name"].strip():
        raise FixtureError([*where, "variant_1_name"], "a product with variants names them")
    if not entry["variants"]:
        raise FixtureError([*where, "variants"], "a product with variants has at least one")
    for index, variant in enumerate(entry["variants"]):
        at = [*where, "variants", index]
        if not variant["variant_1_value"].strip():
            raise FixtureError([*at, "variant_1_value"], "must not be blank")
        if entry["variant_2_name"] and not variant["variant_2_value"].strip():
            raise FixtureError([*at, "variant_2_value"], "must not be blank")
        values = variant_values(_amounts(variant, at))
        if not entry["variant_2_name"]:
            values["variant_2_value"] = ""
        if any(same_options(values, other) for other in variants):
            raise FixtureError(at, "another variant has the same option values")
        variants.append({"id": variant.get("id"), **values})
    return variants


def load_products(api: Flochat, entries: list[dict[str, Any]]) -> int:
    for index, entry in enumerate(entries):
        where: list[str | int] = ["products", index]
        variants = _variants(entry, where)
        product_id = fixture_id(api, PRODUCTS, entry.get("id"), where, "product")
        for number_, variant in enumerate(variants):
            if variant["id"] is not None and api.first(VARIANTS, id=variant["id"]) is not None:
                raise FixtureError(
                    [*where, "variants", number_, "id"], f"another variant has id {variant['id']}"
                )
        tags = CatalogNames(api, TAG)
        tag_ids: list[int] = []
        for name in entry["tags"]:
            tag_id = tags.named(name)["id"]
            if tag_id not in tag_ids:
                tag_ids.append(tag_id)
        api.insert(
            PRODUCTS,
            {
                "id": product_id,
                "name": entry["name"].strip(),
                **{key: entry[key] for key in ("description", "image", "note", "status")},
                "type_id": _named(api, TYPE, entry["type"]),
                "vendor_id": _named(api, VENDOR, entry["vendor"]),
                "tag_ids": tag_ids,
                "use_variant": entry["use_variant"],
                "variant_1_name": entry["variant_1_name"] if entry["use_variant"] else "",
                "variant_2_name": entry["variant_2_name"] if entry["use_variant"] else "",
            },
        )
        for order, variant in enumerate(variants, start=1):
            values = {key: variant[key] for key in VARIANT_DEFAULTS}
            variant_id = variant["id"] or api.next_id(VARIANTS)
            api.reserve_id(VARIANTS, variant_id)  # AUTO_INCREMENT goes on after it
            api.insert(
                VARIANTS,
                {
                    "id": variant_id,
                    "product_id": product_id,
                    **values,
                    "display_order": order,
                },
            )
    return len(entries)


def _named(api: Flochat, kind: Any, name: str) -> int | None:
    return CatalogNames(api, kind).named(name)["id"] if name.strip() else None


def export_products(api: Flochat) -> list[dict[str, Any]]:
    products = Products(api)
    names = {
        kind.table: {row["id"]: row["name"] for row in CatalogNames(api, kind).all()}
        for kind in (TAG, TYPE, VENDOR)
    }
    exported = []
    for product in products.all():
        entry: dict[str, Any] = {
            "id": product["id"],
            "name": product["name"],
            **{key: product[key] for key in ("description", "image", "note", "status")},
            "type": names[TYPE.table].get(product["type_id"], ""),
            "vendor": names[VENDOR.table].get(product["vendor_id"], ""),
            "tags": [names[TAG.table][i] for i in product["tag_ids"] if i in names[TAG.table]],
            **pick(product, "use_variant", "variant_1_name", "variant_2_name"),
        }
        entry["variants"] = [
            {
                "id": variant["id"],
                **{key: variant[key] for key in VARIANT_DEFAULTS},
                "price": number(Decimal(variant["price"])),
                "compare_price": number(Decimal(variant["compare_price"])),
            }
            for variant in products.variants(product)
        ]
        exported.append(entry)
    return exported


TEAM_SECTIONS = [Section("products", ProductEntry, load_products, export_products)]
