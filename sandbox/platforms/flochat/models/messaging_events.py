"""Custom events (defined in the flow builder, so they come from fixtures), the log of
each time one is logged for a subscriber, its summary over a date range, and the mini
app triggers the API records.

Logging an event also adds its event_ns to the subscriber's `events` list, which the
subscribers group filters `/subscribers?event_ns=` by.
"""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Any

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.core.resources import pick
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat, FlowResource
from sandbox.platforms.flochat.models.common import SUBSCRIBERS, text
from sandbox.platforms.flochat.models.messaging_common import (
    APP_TRIGGERS,
    CUSTOM_EVENTS,
    EVENT_LOGS,
    Moment,
    day_bounds,
    days_of_range,
    fixture_id,
    moment,
)
from sandbox.platforms.flochat.models.sections import Entry, Section, Value

EVENT_NOT_FOUND = "Custom event not found"


def represent_event(event: Record | dict[str, Any]) -> dict[str, Any]:
    """The vendor's CustomEvent."""
    return pick(
        event, "name", "event_ns", "description", "text_label", "price_label", "number_label"
    )


def represent_log(log: Record) -> dict[str, Any]:
    """The vendor's CustomEventData: the values as text ("" when not given)."""
    return {
        **pick(log, "id", "user_ns", "event_ns"),
        "text_value": text(log["text_value"]),
        "price_value": text(log["price_value"]),
        "number_value": text(log["number_value"]),
        "created_at": moment(log["created_at"]),
    }


class CustomEvents(FlowResource):
    TABLE = CUSTOM_EVENTS
    NOT_FOUND = EVENT_NOT_FOUND
    NS_FIELD = "event_ns"

    def log(
        self,
        subscriber: Record,
        event: Record,
        values: dict[str, Any],
        at: int | None = None,
        log_id: int | None = None,
    ) -> Record:
        """Log the event for the subscriber, who now "has" it."""
        row = self.api.insert(
            EVENT_LOGS,
            {
                "flow": self.api.flow_id,
                "id": log_id or self.api.next_id(EVENT_LOGS),
                "event_ns": event["event_ns"],
                "user_ns": subscriber["user_ns"],
                "text_value": values.get("text_value"),
                "price_value": values.get("price_value"),
                "number_value": values.get("number_value"),
                "created_at": self.api.timestamp() if at is None else at,
            },
        )
        events = list(subscriber.get("events") or [])
        if event["event_ns"] not in events:
            self.api.update(SUBSCRIBERS, subscriber, {"events": [*events, event["event_ns"]]})
        return row

    def logs(self, event: Record, query: dict[str, Any]) -> list[Record]:
        """The event's logs from `start_id` up, oldest first, within the time range."""
        start, end = query.get("start_time"), query.get("end_time")
        found = [
            log
            for log in self.api.find_in_flow(EVENT_LOGS, event_ns=event["event_ns"])
            if log["id"] >= (query.get("start_id") or 0)
            and (start is None or log["created_at"] >= start)
            and (end is None or log["created_at"] <= end)
        ]
        found.sort(key=lambda log: log["id"])
        return found[: query.get("limit") or 15]

    def summary(self, event: Record, range_name: str) -> dict[str, Any]:
        """Counts per day of the range, in total and per text value."""
        today = self.api.ctx.clock.now().astimezone(timezone.utc).date()
        first, last = days_of_range(today, range_name)
        start, end = day_bounds(first, last)
        logs = [
            log
            for log in self.api.find_in_flow(EVENT_LOGS, event_ns=event["event_ns"])
            if start <= log["created_at"] <= end
        ]
        stats = []
        day = first
        while day <= last:
            day_start, day_end = day_bounds(day, day)
            of_day = [log for log in logs if day_start <= log["created_at"] <= day_end]
            stats.append({**_counts(of_day), "start_date": day.isoformat()})
            day += timedelta(days=1)
        by_text: dict[str, list[Record]] = {}
        for log in logs:
            if log["text_value"] not in (None, ""):
                by_text.setdefault(str(log["text_value"]), []).append(log)
        text_values = [{**_counts(group), "text_value": value} for value, group in by_text.items()]
        text_values.sort(key=lambda item: (-item["num"], item["text_value"]))
        return {
            "data": represent_event(event),
            "status": "ok",
            "stats": stats,
            "total": _counts(logs),
            "start_date": f"{first.isoformat()} 00:00:00",
            "end_date": f"{last.isoformat()} 23:59:59",
            "text_values": text_values,
        }


def _counts(logs: list[Record]) -> dict[str, int]:
    return {"num": len(logs), "unique_user_num": len({log["user_ns"] for log in logs})}


def record_app_trigger(
    api: Flochat, subscriber: Record, trigger_name: str, context: dict[str, Any]
) -> Record:
    """A mini app's trigger fired on a subscriber: recorded (the installed app's flows
    are not run by the sandbox)."""
    return api.insert(
        APP_TRIGGERS,
        {
            "flow": api.flow_id,
            "user_ns": subscriber["user_ns"],
            "trigger_name": trigger_name,
            "context": context,
            "created_at": api.timestamp(),
        },
    )


# -- fixtures ----------------------------------------------------------------------------------


class CustomEventEntry(Entry):
    name = fields.String(required=True)
    event_ns = fields.String()
    description = fields.String(load_default="")
    text_label = fields.String(load_default="")
    price_label = fields.String(load_default="")
    number_label = fields.String(load_default="")


def load_custom_events(api: Flochat, entries: list[dict[str, Any]]) -> int:
    names: set[str] = set()
    for index, entry in enumerate(entries):
        if entry["name"].casefold() in names:
            raise FixtureError(
                ["custom_events", index, "name"], f"another event is named {entry['name']!r}"
            )
        names.add(entry["name"].casefold())
        api.insert(
            CUSTOM_EVENTS,
            {
                **entry,
                "flow": api.flow_id,
                "event_ns": entry.get("event_ns") or api.ns("event"),
            },
        )
    return len(entries)


def export_custom_events(api: Flochat) -> list[dict[str, Any]]:
    return [represent_event(event) for event in CustomEvents(api).all()]


class EventLogEntry(Entry):
    id = fields.Integer()
    event = fields.String(required=True, metadata={"description": "The custom event's name"})
    user_ns = fields.String(required=True)
    text_value = fields.String(allow_none=True)
    price_value = fields.Float(allow_none=True)
    number_value = fields.Float(allow_none=True)
    created_at = Moment(required=True, metadata={"description": "Y-m-d H:i:s (UTC)"})


def load_event_logs(api: Flochat, entries: list[dict[str, Any]]) -> int:
    events = CustomEvents(api)
    for index, entry in enumerate(entries):
        where: list[str | int] = ["custom_event_logs", index]
        try:
            event = events.by_name(entry["event"])
        except FlochatError:
            raise FixtureError([*where, "event"], f"no custom event {entry['event']!r}") from None
        subscriber = api.first_in_flow(SUBSCRIBERS, user_ns=entry["user_ns"])
        if subscriber is None:
            raise FixtureError([*where, "user_ns"], f"no subscriber {entry['user_ns']!r}")
        values = {key: _number(entry.get(key)) for key in ("price_value", "number_value")}
        values["text_value"] = entry.get("text_value")
        log_id = fixture_id(api, EVENT_LOGS, entry.get("id"), where)
        events.log(subscriber, event, values, at=entry["created_at"], log_id=log_id)
    return len(entries)


def _number(value: float | None) -> float | int | None:
    return int(value) if value is not None and float(value).is_integer() else value


def export_event_logs(api: Flochat) -> list[dict[str, Any]]:
    names = {e["event_ns"]: e["name"] for e in CustomEvents(api).all()}
    exported = []
    for log in sorted(api.find_in_flow(EVENT_LOGS), key=lambda row: row["id"]):
        entry: dict[str, Any] = {
            "id": log["id"],
            "event": names.get(log["event_ns"], log["event_ns"]),
            "user_ns": log["user_ns"],
            "created_at": moment(log["created_at"]),
        }
        for key in ("text_value", "price_value", "number_value"):
            if log[key] is not None:
                entry[key] = log[key]
        exported.append(entry)
    return exported


class AppTriggerEntry(Entry):
    user_ns = fields.String(required=True)
    trigger_name = fields.String(required=True)
    context = fields.Dict(keys=fields.String(), values=Value(), load_default=dict)
    created_at = Moment(required=True, metadata={"description": "Y-m-d H:i:s (UTC)"})


def load_app_triggers(api: Flochat, entries: list[dict[str, Any]]) -> int:
    for index, entry in enumerate(entries):
        if api.first_in_flow(SUBSCRIBERS, user_ns=entry["user_ns"]) is None:
            raise FixtureError(
                ["app_triggers", index, "user_ns"], f"no subscriber {entry['user_ns']!r}"
            )
        api.insert(APP_TRIGGERS, {**entry, "flow": api.flow_id})
    return len(entries)


def export_app_triggers(api: Flochat) -> list[dict[str, Any]]:
    return [
        {
            **pick(row, "user_ns", "trigger_name", "context"),
            "created_at": moment(row["created_at"]),
        }
        for row in api.find_in_flow(APP_TRIGGERS)
    ]


SECTIONS = [
    Section("custom_events", CustomEventEntry, load_custom_events, export_custom_events),
    Section("custom_event_logs", EventLogEntry, load_event_logs, export_event_logs),
    Section("app_triggers", AppTriggerEntry, load_app_triggers, export_app_triggers),
]
