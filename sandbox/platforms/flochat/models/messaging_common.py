"""What the sending group's models share: their tables, moments on the sandbox clock
(stored as unix seconds, shown as `Y-m-d H:i:s`), the summary ranges, and the fixture
field that reads a moment."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date, datetime, timedelta, timezone
from typing import Any

from marshmallow import ValidationError, fields

from sandbox.core.fixtures import FixtureError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import laravel_datetime

# Flow-level tables of the sending group (every row carries its `flow`).
WHATSAPP_TEMPLATES = "flochat.whatsapp_templates"
CUSTOM_EVENTS = "flochat.custom_events"  # definitions, built in the flow builder
EVENT_LOGS = "flochat.custom_event_logs"  # one row per logged event
BROADCASTS = "flochat.broadcasts"
CONVERSATIONS = "flochat.conversations"  # inbox conversations, opened and closed
ACTIVITY_LOG = "flochat.agent_activity_log"
APP_TRIGGERS = "flochat.app_triggers"

#: The summary ranges the vendor documents; yesterday is the default.
RANGES = ("yesterday", "last_7_days", "last_week", "last_30_days", "last_month", "last_3_months")


def flow_ns(api: Flochat) -> str:
    """The flow's own ns: `f<flow id>`, the prefix of every id in it (assumed)."""
    return f"f{api.flow_id}"


def moment(ts: int | None) -> str:
    """Unix seconds as the vendor's datetimes show them ("" for none)."""
    if ts is None:
        return ""
    return laravel_datetime(datetime.fromtimestamp(ts, tz=timezone.utc))


def parse_moment(value: Any) -> int | None:
    """Unix seconds of a stored `Y-m-d H:i:s` (or ISO 8601) UTC datetime; None for empty
    or unreadable values."""
    if value in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return int(parsed.timestamp())


def days_of_range(today: date, name: str) -> tuple[date, date]:
    """First and last day of a summary range, whole UTC days before `today` (assumed:
    the vendor documents the names only)."""
    yesterday = today - timedelta(days=1)
    if name == "last_7_days":
        return today - timedelta(days=7), yesterday
    if name == "last_30_days":
        return today - timedelta(days=30), yesterday
    if name == "last_week":  # Monday to Sunday of the week before this one
        monday = today - timedelta(days=today.weekday() + 7)
        return monday, monday + timedelta(days=6)
    if name in ("last_month", "last_3_months"):
        this_month = today.replace(day=1)
        last_day = this_month - timedelta(days=1)
        first = last_day.replace(day=1)
        if name == "last_3_months":
            for _ in range(2):
                first = (first - timedelta(days=1)).replace(day=1)
        return first, last_day
    return yesterday, yesterday


def day_bounds(first: date, last: date) -> tuple[int, int]:
    """Unix seconds of `first` 00:00:00 and `last` 23:59:59, UTC."""
    start = datetime(first.year, first.month, first.day, tzinfo=timezone.utc)
    end = datetime(last.year, last.month, last.day, 23, 59, 59, tzinfo=timezone.utc)
    return int(start.timestamp()), int(end.timestamp())


class Moment(fields.Field):
    """A fixture's `Y-m-d H:i:s` (UTC) datetime, loaded as unix seconds."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, datetime):  # YAML reads unquoted datetimes itself
            aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
            return int(aware.timestamp())
        ts = parse_moment(value)
        if ts is None:
            raise ValidationError("must be a datetime like 2026-03-01 12:00:00")
        return ts


def fixture_id(
    api: Flochat, table: str, given: int | None, where: list[str | int], key: str = "id"
) -> int:
    """The id of a row a fixture loads: the one it gives, unless another row of the team
    has it, or the table's next one. AUTO_INCREMENT goes on after a given id, so it is
    never handed out again, even once its row is deleted."""
    if given is None:
        return api.next_id(table)
    if given < 1:
        raise FixtureError([*where, key], "must be at least 1")
    if api.first(table, id=given) is not None:
        raise FixtureError([*where, key], f"another row has {key} {given}")
    api.reserve_id(table, given)
    return given


def referring(
    entries: list[dict[str, Any]], section: str, key: str, known: Collection[str], what: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each entry of a fixture section with its index, once its `key` is found `known`
    (`no <what> '<value>'` at [section, index, key] otherwise): checked as it is loaded."""
    for index, entry in enumerate(entries):
        if entry[key] not in known:
            raise FixtureError([section, index, key], f"no {what} {entry[key]!r}")
        yield index, entry


def insert_entry(api: Flochat, table: str, row: dict[str, Any], where: list[str | int]) -> None:
    """Insert a fixture's row into the key's flow, with its own id or the next one."""
    row_id = fixture_id(api, table, row.get("id"), where)
    api.insert(table, {**row, "flow": api.flow_id, "id": row_id})


def flow_entries(api: Flochat, table: str) -> list[dict[str, Any]]:
    """The flow's rows of `table` by id, without their `flow` (what an export starts from)."""
    rows = sorted(api.find_in_flow(table), key=lambda r: r["id"])
    return [{key: value for key, value in row.items() if key != "flow"} for row in rows]
