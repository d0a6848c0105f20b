"""The shop's product tags, product types and product vendors: `{"id", "name"}` each,
team-wide and unique by name (any case).

Products name them: a type and a vendor each, tags as many as they like. Deleting one
takes it off its products; a product created or updated with a name nobody has yet
creates it (as the vendor's product form does with free text).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.core.resources import fixture_id
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.sections import Entry, Section
from sandbox.platforms.flochat.models.shop_common import (
    PRODUCT_TAGS,
    PRODUCT_TYPES,
    PRODUCT_VENDORS,
    PRODUCTS,
    ShopResource,
)


@dataclass(frozen=True)
class Kind:
    """One kind of catalog name: its table, what its errors call it, and the product
    column that refers to it (`many`: a list of ids rather than one id)."""

    table: str
    thing: str
    product_column: str
    many: bool = False

    @property
    def not_found(self) -> str:
        return f"{self.thing} not found"

    @property
    def exists(self) -> str:
        return f"{self.thing} already exists"


TAG = Kind(PRODUCT_TAGS, "Product tag", "tag_ids", many=True)
TYPE = Kind(PRODUCT_TYPES, "Product type", "type_id")
VENDOR = Kind(PRODUCT_VENDORS, "Product vendor", "vendor_id")


def represent(row: Record) -> dict[str, Any]:
    return {"id": row["id"], "name": row["name"]}


class CatalogNames(ShopResource):
    """The team's names of one kind."""

    def __init__(self, api: Flochat, kind: Kind) -> None:
        super().__init__(api, kind.table)
        self.kind = kind

    def missing(self) -> Exception:
        return FlochatError(self.kind.not_found)

    def create(self, name: str) -> Record:
        return self.add_named(name, {"id": self.api.next_id(self.table)}, self.kind.exists)

    def named(self, name: str) -> Record:
        """The row with this name, created when there is none (a product's free text)."""
        return self.find_by_name(name) or self.create(name)

    def rename(self, row: Record, name: str) -> Record:
        other = self.find_by_name(name)
        if other is not None and other["id"] != row["id"]:
            raise FlochatError(self.kind.exists)
        return self.change(row, {"name": name.strip()})

    def delete(self, row: Record) -> None:
        """Delete the name and take it off every product."""
        column = self.kind.product_column
        for product in self.api.find(PRODUCTS):
            if self.kind.many and row["id"] in product[column]:
                remaining = [i for i in product[column] if i != row["id"]]
                self.api.update(PRODUCTS, product, {column: remaining})
            elif not self.kind.many and product[column] == row["id"]:
                self.api.update(PRODUCTS, product, {column: None})
        super().delete(row)


# -- fixtures ----------------------------------------------------------------------------------


class NameEntry(Entry):
    id = fields.Integer()
    name = fields.String(required=True)


def _section(key: str, kind: Kind) -> Section:
    def load(api: Flochat, entries: list[dict[str, Any]]) -> int:
        names = CatalogNames(api, kind)
        for index, entry in enumerate(entries):
            if not entry["name"].strip():
                raise FixtureError([key, index, "name"], "must not be blank")
            if names.find_by_name(entry["name"]) is not None:
                raise FixtureError(
                    [key, index, "name"], f"another {kind.thing.lower()} is named {entry['name']!r}"
                )
            row_id = fixture_id(api, kind.table, entry.get("id"), [key, index], kind.thing.lower())
            api.insert(kind.table, {"id": row_id, "name": entry["name"].strip()})
        return len(entries)

    def export(api: Flochat) -> list[dict[str, Any]]:
        return [represent(row) for row in CatalogNames(api, kind).all()]

    return Section(key, NameEntry, load, export)


TEAM_SECTIONS = [
    _section("product_tags", TAG),
    _section("product_types", TYPE),
    _section("product_vendors", VENDOR),
]
