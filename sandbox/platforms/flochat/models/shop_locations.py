"""The shop's pickup locations (team-wide): {id, name, address, note, lat, lng}."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from sandbox.core.resources import fixture_id
from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.sections import Entry, Section
from sandbox.platforms.flochat.models.shop_common import LOCATIONS, ShopResource

LOCATION_NOT_FOUND = "Location not found"
COLUMNS = ("name", "address", "note", "lat", "lng")


def represent(row: Record) -> dict[str, Any]:
    """The vendor's ShopLocation."""
    return {"id": row["id"], **{key: row[key] for key in COLUMNS}}


class Locations(ShopResource):
    TABLE = LOCATIONS
    NOT_FOUND = LOCATION_NOT_FOUND

    def create(self, data: dict[str, Any]) -> Record:
        values = {key: data.get(key) for key in COLUMNS}
        values["note"] = values["note"] or ""
        return self.add({"id": self.api.next_id(LOCATIONS), **values})

    def update(self, row: Record, data: dict[str, Any]) -> Record:
        changes = {key: data[key] for key in COLUMNS if data.get(key) is not None}
        return self.change(row, changes)


# -- fixtures ----------------------------------------------------------------------------------


class LocationEntry(Entry):
    id = fields.Integer()
    name = fields.String(required=True, validate=validate.Length(min=1))
    address = fields.String(required=True)
    note = fields.String(load_default="")
    lat = fields.Float(required=True, validate=validate.Range(-90, 90))
    lng = fields.Float(required=True, validate=validate.Range(-180, 180))


def load_locations(api: Flochat, entries: list[dict[str, Any]]) -> int:
    for index, entry in enumerate(entries):
        location_id = fixture_id(api, LOCATIONS, entry.get("id"), ["locations", index], "location")
        api.insert(LOCATIONS, {"id": location_id, **{key: entry[key] for key in COLUMNS}})
    return len(entries)


def export_locations(api: Flochat) -> list[dict[str, Any]]:
    return [represent(row) for row in Locations(api).all()]


TEAM_SECTIONS = [Section("locations", LocationEntry, load_locations, export_locations)]
