"""Daily usage summaries of the team's bots (`/flow-summary`) and of their agents
(`/flow-agent-summary`), computed from what the sandbox stores.

The vendor keeps one row per bot (and per agent) per day; the sandbox computes those rows
on demand, over UTC days, from:
- subscribers (`created_at`, `subscribed`, `last_interaction`, `agent_id` / `agent_group_id`,
  `chat_status`);
- the MESSAGES table (see models/common.py): `in` messages are the customer's, `out` the
  bot's, `agent` an agent's (`sender_id` is the agent's member id); messages `via` email
  count as emails sent, not as chat messages.

A subscriber counts from when it joined: when it was created, or when it subscribed if
that is earlier (fixtures give the date a subscriber subscribed, not when it was made).

Per bot and day:
- total_bot_users: subscribers who joined up to the end of the day;
- day_new_bot_users: subscribers who joined that day;
- day_active_bot_users: subscribers who wrote that day (a message, or their last inbound
  message `last_inbound_at`), or whose last interaction is that day;
- day_total_messages / day_in_messages / day_out_messages / day_agent_messages: chat
  messages of the day (all / in / out / agent);
- day_assigned / day_done: subscribers who joined that day now assigned to an agent (or agent
  group) / now in the `done` chat status;
- day_email_sent: emails sent that day;
- avg_agent_response_time: the mean, in whole seconds, of the agent replies of the day,
  each measured from the first customer message it answers (the first `in` since the
  previous agent message);
- day_note_messages, day_email_open, avg_resolve_time: 0 (the sandbox stores no private
  notes, email opens or chat closing times).
Per agent, bot and day (rows for agents with replies or new assigned subscribers that day):
day_reply_bot_users (subscribers the agent replied to), day_agent_messages, day_assigned,
day_done, avg_agent_response_time as above, restricted to the agent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import MESSAGES, SUBSCRIBERS
from sandbox.platforms.flochat.models.team_workspace import Flows, flow_ns

RANGES = ("yesterday", "last_7_days", "last_week", "last_30_days", "last_month", "last_3_months")
DEFAULT_RANGE = "yesterday"


def days_of(range_name: str, today: date) -> list[date]:
    """The days a range covers, oldest first; every range ends before today."""
    yesterday = today - timedelta(days=1)
    if range_name == "last_7_days":
        first = today - timedelta(days=7)
    elif range_name == "last_30_days":
        first = today - timedelta(days=30)
    elif range_name == "last_week":  # the previous calendar week, Monday to Sunday
        first = today - timedelta(days=today.weekday() + 7)
        yesterday = first + timedelta(days=6)
    elif range_name in ("last_month", "last_3_months"):  # previous calendar month(s)
        yesterday = today.replace(day=1) - timedelta(days=1)
        first = yesterday.replace(day=1)
        if range_name == "last_3_months":
            for _ in range(2):
                first = (first - timedelta(days=1)).replace(day=1)
    else:
        first = yesterday
    return [first + timedelta(days=n) for n in range((yesterday - first).days + 1)]


def _day(moment: str | None) -> date | None:
    """The day of a stored `Y-m-d H:i:s` datetime ("" or None for none)."""
    if not moment:
        return None
    try:
        return datetime.strptime(str(moment)[:10], "%Y-%m-%d").date()
    except ValueError:
        return None


def _joined(subscriber: Record) -> str:
    """When a subscriber joined (`Y-m-d H:i:s`): created, or subscribed if earlier."""
    moments = [subscriber.get("created_at"), subscriber.get("subscribed")]
    return min((str(m) for m in moments if m), default="")


def _ts(message: Record) -> int:
    try:
        return int(message.get("ts") or 0)
    except (TypeError, ValueError):
        return 0


def _agent(message: Record) -> int:
    try:
        return int(message.get("sender_id") or 0)
    except (TypeError, ValueError):
        return 0


def _utc_day(ts: int) -> date:
    return datetime.fromtimestamp(ts, tz=timezone.utc).date()


def _mean(values: list[int]) -> int:
    return sum(values) // len(values) if values else 0


@dataclass
class Reply:
    """An agent message that answered a waiting customer, and how long they waited."""

    day: date
    agent_id: int
    user_ns: str
    seconds: int | None  # None: nobody was waiting (a follow-up, or the agent wrote first)


@dataclass
class FlowDay:
    """What happened in one bot on one day."""

    messages: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    writers: set[str] = field(default_factory=set)
    emails: int = 0


class Summaries:
    def __init__(self, api: Flochat) -> None:
        self.api = api

    def flows(self, ns: str | None) -> list[Record]:
        found = Flows(self.api)
        return [found.by_ns(ns)] if ns else found.all()

    def days(self, range_name: str | None) -> list[date]:
        return days_of(range_name or DEFAULT_RANGE, self.api.ctx.clock.now().date())

    def usage(self, range_name: str | None, ns: str | None) -> list[dict[str, Any]]:
        days = self.days(range_name)
        rows = []
        for flow in self.flows(ns):
            subscribers = self.api.find(SUBSCRIBERS, flow=flow["id"])
            messages = self.api.find(MESSAGES, flow=flow["id"])
            by_day = self._flow_days(messages)
            replies = _replies(messages)
            for day in days:
                rows.append(self._usage_row(flow, day, subscribers, by_day[day], replies))
        return sorted(rows, key=lambda row: row["summary_date"])

    def agents(self, range_name: str | None, ns: str | None) -> list[dict[str, Any]]:
        days = self.days(range_name)
        rows = []
        for flow in self.flows(ns):
            subscribers = self.api.find(SUBSCRIBERS, flow=flow["id"])
            replies = _replies(self.api.find(MESSAGES, flow=flow["id"]))
            for day in days:
                new = [s for s in subscribers if _day(_joined(s)) == day]
                agent_ids = {r.agent_id for r in replies if r.day == day}
                agent_ids |= {s["agent_id"] for s in new if s.get("agent_id")}
                for agent_id in sorted(agent_ids):
                    mine = [r for r in replies if r.day == day and r.agent_id == agent_id]
                    assigned = [s for s in new if s.get("agent_id") == agent_id]
                    rows.append(
                        {
                            "flow_ns": flow_ns(flow["id"]),
                            "summary_date": day.isoformat(),
                            "agent_id": agent_id,
                            "day_reply_bot_users": len({r.user_ns for r in mine}),
                            "day_agent_messages": len(mine),
                            "day_note_messages": 0,
                            "day_assigned": len(assigned),
                            "day_done": sum(1 for s in assigned if s["chat_status"] == "done"),
                            "avg_agent_response_time": _mean(
                                [r.seconds for r in mine if r.seconds is not None]
                            ),
                            "avg_resolve_time": 0,
                        }
                    )
        return sorted(rows, key=lambda row: row["summary_date"])

    @staticmethod
    def _flow_days(messages: list[Record]) -> dict[date, FlowDay]:
        by_day: dict[date, FlowDay] = defaultdict(FlowDay)
        for message in messages:
            day = by_day[_utc_day(_ts(message))]
            if message.get("via") == "email":
                if message.get("type") == "out":
                    day.emails += 1
                continue
            day.messages[message.get("type", "")] += 1
            if message.get("type") == "in":
                day.writers.add(message.get("user_ns", ""))
        return by_day

    @staticmethod
    def _usage_row(
        flow: Record, day: date, subscribers: list[Record], what: FlowDay, replies: list[Reply]
    ) -> dict[str, Any]:
        end = f"{day.isoformat()} 23:59:59"
        new = [s for s in subscribers if _day(_joined(s)) == day]
        active = set(what.writers)
        active |= {
            s["user_ns"]
            for s in subscribers
            if day in (_day(s.get("last_interaction")), _day(s.get("last_inbound_at")))
        }
        counts = what.messages
        return {
            "flow_ns": flow_ns(flow["id"]),
            "summary_date": day.isoformat(),
            "total_bot_users": sum(1 for s in subscribers if "" < _joined(s) <= end),
            "day_active_bot_users": len(active),
            "day_new_bot_users": len(new),
            "day_total_messages": counts["in"] + counts["out"] + counts["agent"],
            "day_in_messages": counts["in"],
            "day_out_messages": counts["out"],
            "day_agent_messages": counts["agent"],
            "day_note_messages": 0,
            "day_assigned": sum(1 for s in new if s.get("agent_id") or s.get("agent_group_id")),
            "day_done": sum(1 for s in new if s.get("chat_status") == "done"),
            "day_email_sent": what.emails,
            "day_email_open": 0,
            "avg_agent_response_time": _mean(
                [r.seconds for r in replies if r.day == day and r.seconds is not None]
            ),
            "avg_resolve_time": 0,
        }


def _replies(messages: list[Record]) -> list[Reply]:
    """Every agent message of a bot, with how long its customer had been waiting."""
    by_user: dict[str, list[Record]] = defaultdict(list)
    for message in messages:
        if message.get("via") != "email":
            by_user[message.get("user_ns", "")].append(message)
    replies = []
    for user_ns, conversation in by_user.items():
        waiting_since: int | None = None
        for message in sorted(conversation, key=lambda m: (_ts(m), m.get("mid") or 0)):
            kind = message.get("type")
            if kind == "in" and waiting_since is None:
                waiting_since = _ts(message)
            elif kind == "agent":
                waited = None if waiting_since is None else _ts(message) - waiting_since
                replies.append(Reply(_utc_day(_ts(message)), _agent(message), user_ns, waited))
                waiting_since = None
    return replies
