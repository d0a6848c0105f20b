"""The filters of /subscribers (a flow's subscribers) and /team-bot-users (every flow's).

Every filter given must hold; the result is paged after filtering, oldest subscriber
first (Laravel's paginate() without an order). What each filter reads (assumed where
the vendor only names it):

- `name`, `email`: contains, any case. `phone`: contains; by digits when the search has
  some, so "+55 11 98765" finds "+5511987654321".
- `is_channel`: the subscriber's channel. `is_opt_in_email` / `is_opt_in_sms`: it has an
  opt-in time.
- The 24-hour filters, on the sandbox clock (`yes`: at most 24 hours ago, `no`: older or
  never): `is_interacted_in_last_24h` reads the subscriber's last interaction, its last
  inbound message (`last_inbound_at`) and its inbound messages (`type: in` rows of
  MESSAGES); `is_bot_interacted_in_last_24h` the bot's messages to it (`type: out`);
  `is_last_message_in_last_24h` its `last_message_at`, `last_inbound_at` and every
  message to or from it (in, out, agent).
- `tag_ns`, `label_id`: it carries the tag / team label (an unknown one finds nobody).
- `event_ns`: it logged that custom event: the subscriber row's `events` list, which the
  custom events group appends an event_ns to when it logs one.
- `user_field_ns`: it has a value for that user field; with `user_field_value`, that
  value (compared as the field's type, text in any case; a value the type cannot take
  finds nobody).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from itertools import islice
from typing import Any

from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import (
    DEFAULT_LIMIT,
    MESSAGES,
    SUBSCRIBERS,
    USER_FIELDS,
    name_matches,
    page,
    text,
)
from sandbox.platforms.flochat.models.fields import coerce
from sandbox.platforms.flochat.models.subscribers import phone_digits

WINDOW = timedelta(hours=24)
Test = Callable[[Record], bool]
#: The message types each 24-hour filter counts (MESSAGES rows' `type`).
INBOUND = ("in",)
FROM_BOT = ("out",)
ANY_MESSAGE = ("in", "out", "agent")


def parse_datetime(value: Any) -> datetime | None:
    """A stored `Y-m-d H:i:s` (UTC) time, or None for "" and what is not a time."""
    if not value or not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class MessageTimes:
    """The latest message time of each subscriber and message type, read once per search
    (MESSAGES rows: `flow`, `user_ns`, `type`, `ts` in unix seconds)."""

    def __init__(self, api: Flochat) -> None:
        self.latest: dict[tuple[Any, Any, Any], float] = {}
        for message in api.find(MESSAGES):
            try:
                ts = float(message.get("ts"))
            except (TypeError, ValueError):
                continue
            key = (message.get("flow"), message.get("user_ns"), message.get("type"))
            self.latest[key] = max(ts, self.latest.get(key, ts))

    def last(self, subscriber: Record, types: tuple[str, ...]) -> datetime | None:
        times = [
            self.latest[key]
            for kind in types
            if (key := (subscriber["flow"], subscriber["user_ns"], kind)) in self.latest
        ]
        return datetime.fromtimestamp(max(times), timezone.utc) if times else None


class SubscriberSearch:
    """Filters over subscriber rows, built from a validated query."""

    def __init__(self, api: Flochat) -> None:
        self.api = api
        self.now = api.ctx.clock.now()
        self._messages: MessageTimes | None = None

    def flow(self, query: dict[str, Any]) -> list[Record]:
        """One page of the key's flow's subscribers matching `query`."""
        tests = self.team_tests(query) + self.flow_tests(query)
        return self._page(tests, query, flow=self.api.flow_id)

    def team(self, query: dict[str, Any]) -> list[Record]:
        """One page of the team's subscribers (every flow) matching `query`."""
        return self._page(self.team_tests(query), query)

    def _page(self, tests: list[Test], query: dict[str, Any], **scope: Any) -> list[Record]:
        """The page, oldest subscriber first: the rows are read in order and filtered
        until the page is full, so page 1 costs its rows, not the flow's."""
        size = query.get("limit") or DEFAULT_LIMIT
        start = ((query.get("page") or 1) - 1) * size
        if start < 0 or size < 0:  # not what validation lets through: a list slice's rules
            rows = self.api.find(SUBSCRIBERS, **scope)
            found = [row for row in rows if all(test(row) for test in tests)]
            return page(found, query.get("limit"), query.get("page"))
        rows_in_order = self.api.store.scan(SUBSCRIBERS, self.api.workspace, None, **scope)
        matching = (row for row in rows_in_order if all(test(row) for test in tests))
        return list(islice(matching, start, start + size))

    # -- the filters both lists take --------------------------------------------------------------

    def team_tests(self, query: dict[str, Any]) -> list[Test]:
        tests: list[Test] = []
        if query.get("name"):
            name = name_matches(query["name"])
            tests.append(lambda s: name(s["name"]))
        if query.get("email"):
            email = name_matches(query["email"])
            tests.append(lambda s: email(s["email"]))
        if query.get("phone"):
            tests.append(phone_matches(query["phone"]))
        if query.get("is_channel"):
            channel = query["is_channel"]
            tests.append(lambda s: s["channel"] == channel)
        for key, column in (
            ("is_opt_in_email", "opted_in_email"),
            ("is_opt_in_sms", "opted_in_sms"),
        ):
            if query.get(key):
                tests.append(self._yes_no(query[key], lambda s, column=column: bool(s[column])))
        windows: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
            ("is_interacted_in_last_24h", ("last_interaction", "last_inbound_at"), INBOUND),
            ("is_bot_interacted_in_last_24h", (), FROM_BOT),
            ("is_last_message_in_last_24h", ("last_message_at", "last_inbound_at"), ANY_MESSAGE),
        ]
        for key, columns, types in windows:
            if query.get(key):
                tests.append(self._yes_no(query[key], self._recent(columns, types)))
        return tests

    @staticmethod
    def _yes_no(answer: str, holds: Test) -> Test:
        wanted = answer == "yes"
        return lambda s: holds(s) == wanted

    def _recent(self, columns: tuple[str, ...], types: tuple[str, ...]) -> Test:
        """Whether the latest of these columns and message types is within 24 hours."""
        since = self.now - WINDOW

        def holds(subscriber: Record) -> bool:
            moments = [parse_datetime(subscriber.get(column)) for column in columns]
            moments.append(self.messages().last(subscriber, types))
            return any(m is not None and m >= since for m in moments)

        return holds

    def messages(self) -> MessageTimes:
        if self._messages is None:
            self._messages = MessageTimes(self.api)
        return self._messages

    # -- the flow's own filters -------------------------------------------------------------------

    def flow_tests(self, query: dict[str, Any]) -> list[Test]:
        tests: list[Test] = []
        if query.get("tag_ns"):
            tag_ns = query["tag_ns"]
            tests.append(lambda s: tag_ns in s["tags"])
        if query.get("label_id") is not None:
            label_id = query["label_id"]
            tests.append(lambda s: label_id in s["labels"])
        if query.get("event_ns"):
            event_ns = query["event_ns"]
            tests.append(lambda s: event_ns in (s.get("events") or []))
        if query.get("user_field_ns"):
            tests.append(self._field_test(query["user_field_ns"], query.get("user_field_value")))
        return tests

    def _field_test(self, var_ns: str, value: str | None) -> Test:
        field = self.api.first_in_flow(USER_FIELDS, var_ns=var_ns)
        if field is None:
            return lambda s: False
        if value is None or value == "":
            return lambda s: text(s["user_fields"].get(var_ns)) != ""
        try:
            wanted = text(coerce(field["var_type"], value)).casefold()
        except FlochatError:
            return lambda s: False
        return lambda s: (
            var_ns in s["user_fields"] and text(s["user_fields"][var_ns]).casefold() == wanted
        )


def phone_matches(search: str) -> Test:
    digits = phone_digits(search)
    if digits:
        return lambda s: digits in phone_digits(s["phone"] or "")
    contains = name_matches(search)
    return lambda s: contains(s["phone"])
