"""The store's business hours: one entry per weekday (ids "1" Monday to "7" Sunday).

A day is `open` (all day), `close`, `open_1` (from `start` to `end`) or `open_2` (also
from `start_2` to `end_2`). Times step by 15 minutes: a start from 00:00 to 23:45, an end
from 00:15 to 24:00, each range ending after it starts and the second starting no sooner
than the first ends. A day nobody set is `open`.

The vendor types the answer's `data` as one BusinessHours object: the days come keyed by
their id ({"1": {...}, ..., "7": {...}}), which is how PHP's json_encode writes an array
indexed from 1.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.sections import Entry, Section, one_of
from sandbox.platforms.flochat.models.shop_common import BUSINESS_HOURS

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY_IDS = tuple(str(number) for number in range(1, 8))
OPTIONS = ("open", "close", "open_1", "open_2")
STARTS = tuple(f"{m // 60:02d}:{m % 60:02d}" for m in range(0, 24 * 60, 15))
ENDS = tuple(f"{m // 60:02d}:{m % 60:02d}" for m in range(15, 24 * 60 + 15, 15))
RANGES = {"open_1": (("start", "end"),), "open_2": (("start", "end"), ("start_2", "end_2"))}
TIMES = ("start", "end", "start_2", "end_2")


def default_day(day_id: str) -> dict[str, Any]:
    return {
        "id": day_id,
        "name": DAYS[int(day_id) - 1],
        "option": "open",
        **dict.fromkeys(TIMES, ""),
    }


def check_day(entry: dict[str, Any], prefix: str) -> str | None:
    """What Laravel would answer about one day of input (attributes named `prefix.key`),
    or None when it is right. `id` and `option` are already known to be valid."""

    def attribute(key: str) -> str:
        return f"{prefix}{key}".replace("_", " ")

    option = entry["option"]
    needed = [key for pair in RANGES.get(option, ()) for key in pair]
    for key in needed:
        if not entry.get(key):
            other = attribute("option")
            return f"The {attribute(key)} field is required when {other} is {option}."
    for key in needed:
        allowed = STARTS if key.startswith("start") else ENDS
        if entry[key] not in allowed:
            return f"The selected {attribute(key)} is invalid."
    previous_end = ""
    for start, end in RANGES.get(option, ()):
        if entry[start] < previous_end:
            return f"The {attribute(start)} must be a time after {attribute('end')}."
        if entry[end] <= entry[start]:
            return f"The {attribute(end)} must be a time after {attribute(start)}."
        previous_end = entry[end]
    return None


def stored_day(entry: dict[str, Any]) -> dict[str, Any]:
    """A valid day as stored: its name from its id, times only where its option has them."""
    day_id = str(entry["id"])
    needed = {key for pair in RANGES.get(entry["option"], ()) for key in pair}
    times = {key: entry[key] if key in needed else "" for key in TIMES}
    return {"id": day_id, "name": DAYS[int(day_id) - 1], "option": entry["option"], **times}


class BusinessHours:
    def __init__(self, api: Flochat) -> None:
        self.api = api

    def days(self) -> list[dict[str, Any]]:
        stored = {row["id"]: row for row in self.api.find(BUSINESS_HOURS)}
        return [
            {key: stored[i][key] for key in ("id", "name", "option", *TIMES)}
            if i in stored
            else default_day(i)
            for i in DAY_IDS
        ]

    def update(self, entries: list[dict[str, Any]]) -> None:
        """Set the days given (the others keep theirs); the first wrong day refuses all."""
        for index, entry in enumerate(entries):
            message = check_day(entry, f"data.{index}.")
            if message is not None:
                raise FlochatError(message)
        for entry in entries:
            self.save(stored_day(entry))

    def save(self, day: dict[str, Any]) -> None:
        row = self.api.first(BUSINESS_HOURS, id=day["id"])
        if row is None:
            self.api.insert(BUSINESS_HOURS, day)
        else:
            self.api.update(BUSINESS_HOURS, row, day)

    def represent(self) -> dict[str, Any]:
        """The days keyed by their id."""
        return {day["id"]: day for day in self.days()}


# -- fixtures ----------------------------------------------------------------------------------


class DayEntry(Entry):
    id = fields.String(required=True, validate=one_of(DAY_IDS))
    name = fields.String(validate=one_of(DAYS))
    option = fields.String(required=True, validate=one_of(OPTIONS))
    start = fields.String(load_default="")
    end = fields.String(load_default="")
    start_2 = fields.String(load_default="")
    end_2 = fields.String(load_default="")


def load_business_hours(api: Flochat, entries: list[dict[str, Any]]) -> int:
    hours = BusinessHours(api)
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where: list[str | int] = ["business_hours", index]
        if entry["id"] in seen:
            raise FixtureError([*where, "id"], f"day {entry['id']} is listed twice")
        seen.add(entry["id"])
        if entry.get("name") and entry["name"] != DAYS[int(entry["id"]) - 1]:
            raise FixtureError(
                [*where, "name"], f"day {entry['id']} is {DAYS[int(entry['id']) - 1]}"
            )
        message = check_day(entry, "")
        if message is not None:
            raise FixtureError(where, message)
        hours.save(stored_day(entry))
    return len(entries)


def export_business_hours(api: Flochat) -> list[dict[str, Any]]:
    rows = sorted(api.find(BUSINESS_HOURS), key=lambda row: row["id"])
    return [
        {key: row[key] for key in ("id", "name", "option", *TIMES) if row[key] or key == "id"}
        for row in rows
    ]


TEAM_SECTIONS = [Section("business_hours", DayEntry, load_business_hours, export_business_hours)]
