"""Products and their variants (team-wide).

A product sells through its variants: carts and orders name a variant id. A product
created with `use_variant` 0 has exactly one default variant, made from the product-level
price, stock and codes, whose option values stay empty; one with `use_variant` 1 has the
variants it was given (one or two options, `variant_1_name` / `variant_2_name`, each
variant with its values, no two alike). A product keeps at least one variant.

Stored rows:
- product {id, name, description, image, note, status: active|inactive, type_id,
  vendor_id, tag_ids, use_variant, variant_1_name, variant_2_name}
- variant {id, product_id, variant_1_value, variant_2_value, image, price, compare_price
  (cents as strings), taxable, sku, barcode, track_stock, allow_no_stock_sell, qty,
  display_order}

Deleting a product or a variant takes it out of every cart (orders keep their copy).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sandbox.core.resources import pick
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import page
from sandbox.platforms.flochat.models.shop_catalog import TAG, TYPE, VENDOR, CatalogNames
from sandbox.platforms.flochat.models.shop_common import (
    CARTS,
    PRODUCTS,
    VARIANTS,
    ZERO,
    ShopResource,
    by_id,
    number,
    stored,
)

PRODUCT_NOT_FOUND = "Product not found"
VARIANT_NOT_FOUND = "Variant not found"
VARIANT_EXISTS = "Variant already exists"
NO_VARIANTS = "The product does not use variants"
LAST_VARIANT = "The last variant of a product cannot be deleted"
PRODUCT_STATUSES = ("active", "inactive")

#: What a variant's input can set, and its value when a new variant is not given it.
VARIANT_DEFAULTS: dict[str, Any] = {
    "variant_1_value": "",
    "variant_2_value": "",
    "image": "",
    "price": ZERO,
    "compare_price": ZERO,
    "taxable": False,
    "sku": "",
    "barcode": "",
    "track_stock": False,
    "allow_no_stock_sell": False,
    "qty": 0,
}
PRODUCT_TEXTS = ("name", "description", "image", "note", "status")


def given(data: dict[str, Any]) -> dict[str, Any]:
    """The input keys the request really gave (null counts as not given)."""
    return {key: value for key, value in data.items() if value is not None}


def variant_values(data: dict[str, Any], base: dict[str, Any] | None = None) -> dict[str, Any]:
    """A variant's stored columns: `data` over `base` (a stored variant or the defaults);
    flags are booleans, amounts strings of cents."""
    values = dict(base if base is not None else VARIANT_DEFAULTS)
    for key in VARIANT_DEFAULTS:
        if data.get(key) is not None:
            values[key] = data[key]
    for key in ("taxable", "track_stock", "allow_no_stock_sell"):
        values[key] = bool(values[key])
    for key in ("price", "compare_price"):
        values[key] = stored(Decimal(str(values[key])))
    return {key: values[key] for key in VARIANT_DEFAULTS}


def option_label(variant: Record | dict[str, Any]) -> str:
    return " / ".join(v for v in (variant["variant_1_value"], variant["variant_2_value"]) if v)


def describe(product: Record, variant: Record) -> str:
    """A variant as people read it: "T-shirt (Blue / L)", or the product's name."""
    options = option_label(variant)
    return f"{product['name']} ({options})" if options else product["name"]


def remove_from_carts(api: Flochat, variant_ids: set[int]) -> None:
    """Take these variants out of every cart of the team."""
    for cart in api.find(CARTS):
        kept = [item for item in cart["items"] if item["variant_id"] not in variant_ids]
        if len(kept) != len(cart["items"]):
            api.update(CARTS, cart, {"items": kept, "updated_at": api.now()})


class Products(ShopResource):
    TABLE = PRODUCTS
    NOT_FOUND = PRODUCT_NOT_FOUND

    def list(  # type: ignore[override]  # products are also filtered by type and vendor
        self,
        name: str | None,
        type_id: int | None,
        vendor_id: int | None,
        limit: int | None,
        page_number: int | None,
    ) -> list[Record]:
        def wanted(product: Record) -> bool:
            return (type_id is None or product["type_id"] == type_id) and (
                vendor_id is None or product["vendor_id"] == vendor_id
            )

        return self.listing(name, limit, page_number, where=wanted)

    def variants(self, product: Record) -> list[Record]:
        rows = self.api.find(VARIANTS, product_id=product["id"])
        return sorted(rows, key=lambda row: (row["display_order"], row["id"]))

    # -- writes ------------------------------------------------------------------------------

    def create(self, data: dict[str, Any]) -> Record:
        """A new product and its variants (or its default variant), as validated input."""
        data = given(data)
        use_variant = bool(data.get("use_variant", 0))
        # The default variant shows the product's image: its own stays empty.
        default = {key: value for key, value in data.items() if key != "image"}
        variants = self._new_variants(data) if use_variant else [variant_values(default)]
        product = self.api.insert(
            PRODUCTS,
            {
                "id": self.api.next_id(PRODUCTS),
                "name": data["name"].strip(),
                "description": data.get("description", ""),
                "image": data.get("image", ""),
                "note": data.get("note", ""),
                "status": data.get("status", "active"),
                "type_id": None,
                "vendor_id": None,
                "tag_ids": [],
                "use_variant": use_variant,
                "variant_1_name": data.get("variant_1_name", "") if use_variant else "",
                "variant_2_name": data.get("variant_2_name", "") if use_variant else "",
            },
        )
        product = self.api.update(PRODUCTS, product, self._classification(data))
        for order, values in enumerate(variants, start=1):
            self._insert_variant(product, values, order)
        return product

    def _new_variants(self, data: dict[str, Any]) -> list[dict[str, Any]]:
        if not data.get("variant_1_name", "").strip():
            raise FlochatError("The variant 1 name field is required when use variant is 1.")
        entries = data.get("variants") or []
        if not entries:
            raise FlochatError("The variants field is required when use variant is 1.")
        second = bool(data.get("variant_2_name", "").strip())
        variants: list[dict[str, Any]] = []
        for index, entry in enumerate(entries):
            entry = given(entry)
            if not entry.get("variant_1_value", "").strip():
                raise FlochatError(f"The variants.{index}.variant 1 value field is required.")
            if second and not entry.get("variant_2_value", "").strip():
                raise FlochatError(
                    f"The variants.{index}.variant 2 value field is required when "
                    "variant 2 name is present."
                )
            values = variant_values(entry)
            if not second:
                values["variant_2_value"] = ""
            if any(same_options(values, other) for other in variants):
                raise FlochatError(VARIANT_EXISTS)
            variants.append(values)
        return variants

    def _classification(self, data: dict[str, Any]) -> dict[str, Any]:
        """The type, vendor and tags the input names (created when new)."""
        changes: dict[str, Any] = {}
        for key, kind in (("type", TYPE), ("vendor", VENDOR)):
            if key in data:
                name = data[key].strip()
                changes[kind.product_column] = (
                    CatalogNames(self.api, kind).named(name)["id"] if name else None
                )
        if "tags" in data:
            tags = CatalogNames(self.api, TAG)
            ids: list[int] = []
            for name in data["tags"]:
                tag_id = tags.named(name)["id"]
                if tag_id not in ids:
                    ids.append(tag_id)
            changes["tag_ids"] = ids
        return changes

    def _insert_variant(self, product: Record, values: dict[str, Any], order: int) -> Record:
        return self.api.insert(
            VARIANTS,
            {
                "id": self.api.next_id(VARIANTS),
                "product_id": product["id"],
                **values,
                "display_order": order,
            },
        )

    def update(self, product: Record, data: dict[str, Any]) -> Record:
        """Change the product's own info (its variants change through their own calls)."""
        data = given(data)
        changes = {key: data[key] for key in PRODUCT_TEXTS if key in data}
        if "name" in changes:
            changes["name"] = changes["name"].strip()
        changes.update(self._classification(data))
        return self.api.update(PRODUCTS, product, changes)

    def delete(self, product: Record) -> None:
        variants = self.variants(product)
        remove_from_carts(self.api, {v["id"] for v in variants})
        for variant in variants:
            self.api.remove(VARIANTS, variant)
        self.api.remove(PRODUCTS, product)

    # -- answers -----------------------------------------------------------------------------

    def represent(self, product: Record) -> dict[str, Any]:
        """The vendor's Product."""
        variants = self.variants(product)
        return {
            **pick(product, "id", "name", "description", "image", "use_variant"),
            "total_qty": sum(v["qty"] for v in variants),
            "num_of_variants": len(variants),
            "track_stock": any(v["track_stock"] for v in variants),
            "type": self._name(TYPE.table, product["type_id"]),
            "vendor": self._name(VENDOR.table, product["vendor_id"]),
            "variants": [json_variant(product, v) for v in variants],
        }

    def _name(self, table: str, row_id: int | None) -> str:
        row = self.api.first(table, id=row_id) if row_id is not None else None
        return row["name"] if row is not None else ""


def same_options(one: dict[str, Any], other: dict[str, Any]) -> bool:
    return all(
        one[key].strip().casefold() == other[key].strip().casefold()
        for key in ("variant_1_value", "variant_2_value")
    )


def sold_as(product: Record, variant: Record) -> dict[str, Any]:
    """What a variant is sold as, in a product's variants and a cart's items alike: its
    product's name and description, its image (its product's when it has none), its prices."""
    return {
        "name": product["name"],
        "desc": product["description"],
        "image": variant["image"] or product["image"],
        "price": number(variant["price"]),
        "compare_price": number(variant["compare_price"]),
    }


def json_variant(product: Record, variant: Record) -> dict[str, Any]:
    """The vendor's VariantJsonVarResource: a variant with its product's names."""
    return {
        "id": variant["id"],
        "product_id": product["id"],
        "option_1": product["variant_1_name"],
        "option_2": product["variant_2_name"],
        "option_1_value": variant["variant_1_value"],
        "option_2_value": variant["variant_2_value"],
        **sold_as(product, variant),
        "sku": variant["sku"],
        "barcode": variant["barcode"],
    }


def represent_variant(variant: Record) -> dict[str, Any]:
    """The vendor's Variant."""
    return {
        **pick(variant, "id", "product_id", "variant_1_value", "variant_2_value", "image"),
        "price": number(variant["price"]),
        "compare_price": number(variant["compare_price"]),
        **pick(
            variant,
            "taxable",
            "sku",
            "barcode",
            "track_stock",
            "allow_no_stock_sell",
            "qty",
            "display_order",
        ),
    }


class Variants:
    """The variants of one product."""

    def __init__(self, api: Flochat, product: Record) -> None:
        self.api = api
        self.product = product
        self.products = Products(api)

    def all(self) -> list[Record]:
        return self.products.variants(self.product)

    def list(self, limit: int | None, page_number: int | None) -> list[Record]:
        return page(self.all(), limit, page_number)

    def by_id(self, raw_id: Any) -> Record:
        variant = by_id(self.api, VARIANTS, raw_id, VARIANT_NOT_FOUND)
        if variant["product_id"] != self.product["id"]:
            raise FlochatError(VARIANT_NOT_FOUND)
        return variant

    def create(self, data: dict[str, Any]) -> Record:
        if not self.product["use_variant"]:
            raise FlochatError(NO_VARIANTS)
        values = variant_values(given(data))
        self._check_options(values, None)
        order = max((v["display_order"] for v in self.all()), default=0) + 1
        return self.products._insert_variant(self.product, values, order)

    def update(self, variant: Record, data: dict[str, Any]) -> Record:
        data = given(data)
        if not self.product["use_variant"]:
            if any(data.get(key) for key in ("variant_1_value", "variant_2_value")):
                raise FlochatError(NO_VARIANTS)
            data = {
                k: v for k, v in data.items() if k not in ("variant_1_value", "variant_2_value")
            }
        values = variant_values(data, base=variant)
        if self.product["use_variant"]:
            self._check_options(values, variant)
        return self.api.update(VARIANTS, variant, values)

    def _check_options(self, values: dict[str, Any], variant: Record | None) -> None:
        if not values["variant_1_value"].strip():
            raise FlochatError("The variant 1 value field is required.")
        if self.product["variant_2_name"] and not values["variant_2_value"].strip():
            raise FlochatError("The variant 2 value field is required.")
        if not self.product["variant_2_name"]:
            values["variant_2_value"] = ""
        for other in self.all():
            if (variant is None or other["id"] != variant["id"]) and same_options(values, other):
                raise FlochatError(VARIANT_EXISTS)

    def delete(self, variant: Record) -> None:
        if len(self.all()) <= 1:
            raise FlochatError(LAST_VARIANT)
        remove_from_carts(self.api, {variant["id"]})
        self.api.remove(VARIANTS, variant)
