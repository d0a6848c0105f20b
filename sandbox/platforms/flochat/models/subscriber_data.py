"""Subscribers through the API (group B): creating, updating and deleting one; its tags,
labels and user fields live in `subscriber_tags.py`, `subscriber_labels.py` and
`subscriber_fields.py`, the list's filters in `subscriber_search.py`.

A subscriber's phone and email are unique within its flow: the vendor creates one
subscriber per contact, so a second one with the same phone (compared by its digits, as
channels do) or email (any case) is refused in Laravel's `unique` words ("The phone has
already been taken.", assumed). `image` is the picture the BotUser shows as `profile_pic`.
A subscriber created with a phone number on a WhatsApp bot is a WhatsApp contact (user
id: the number's digits), so the templates the bot sends reach it; one created with an
e-mail address only is of the API's own channel, `apichat`.

The stored rows and their fixture section are the core's (models/subscribers.py): this
group adds no table and no section of its own.
"""

from __future__ import annotations

from typing import Any

from sandbox.core.storage import IEquals, Keyed, Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.common import FLOWS, SUBSCRIBERS
from sandbox.platforms.flochat.models.messaging import forget_subscriber
from sandbox.platforms.flochat.models.messaging_messages import WHATSAPP_CHANNELS
from sandbox.platforms.flochat.models.sections import Section
from sandbox.platforms.flochat.models.subscribers import Subscribers, phone_digits

#: The channel of subscribers the API creates without a phone number (the vendor's
#: `is_channel` value for them).
API_CHANNEL = "apichat"
#: Input keys stored under the same name; `image` is stored as `profile_pic`.
PROFILE = ("first_name", "last_name", "name", "phone", "email", "gender")

TEAM_SECTIONS: list[Section] = []
FLOW_SECTIONS: list[Section] = []


def phone_channel(api: Flochat) -> str:
    """The channel a contact known by its phone number joins on the key's bot: the bot's
    WhatsApp (`whatsapp` on-premise, `whatsapp_cloud` otherwise, as a bot without a type
    is), or the API's own channel on a bot of another channel."""
    flow_type = (api.first(FLOWS, id=api.flow_id) or {}).get("type") or "whatsapp_cloud"
    return flow_type if flow_type in WHATSAPP_CHANNELS else API_CHANNEL


def taken(what: str) -> FlochatError:
    return FlochatError(f"The {what} has already been taken.")


def full_name(first_name: str, last_name: str) -> str:
    return " ".join(part for part in (first_name, last_name) if part)


def _given(values: dict[str, Any]) -> dict[str, str]:
    """The profile values the request gives: Laravel trims strings and reads an empty one
    as no value (TrimStrings, ConvertEmptyStringsToNull)."""
    given = {}
    for key in (*PROFILE, "image"):
        value = values.get(key)
        if isinstance(value, str) and value.strip():
            given["profile_pic" if key == "image" else key] = value.strip()
    return given


class SubscriberProfiles:
    """Create, update and delete the key's flow's subscribers."""

    def __init__(self, api: Flochat) -> None:
        self.api = api
        self.subscribers = Subscribers(api)

    def create(self, values: dict[str, Any]) -> Record:
        """A new subscriber. With a phone number it is a contact of the bot's WhatsApp
        (on a WhatsApp bot), its user id the number's digits, so templates reach it;
        otherwise it is of the API's own channel (`apichat`), with a generated user id."""
        given = _given(values)
        self._check_unique(given, None)
        user_id = phone_digits(given.get("phone", ""))
        channel = phone_channel(self.api) if user_id else API_CHANNEL
        return self.subscribers.insert(**given, channel=channel)

    def update(self, subscriber: Record, values: dict[str, Any]) -> Record:
        """Change what the request gives. The full name follows a changed first or last
        name unless it was set apart from them (or is given too). The user id is the
        channel's and stays."""
        changes = _given(values)
        self._check_unique(changes, subscriber["user_ns"])
        if "name" not in changes and ({"first_name", "last_name"} & set(changes)):
            old = full_name(subscriber["first_name"], subscriber["last_name"])
            if subscriber["name"] in ("", old):
                changes["name"] = full_name(
                    changes.get("first_name", subscriber["first_name"]),
                    changes.get("last_name", subscriber["last_name"]),
                )
        if not changes:
            return subscriber
        return self.api.update(SUBSCRIBERS, subscriber, changes)

    def delete(self, subscriber: Record) -> None:
        """Delete the subscriber and its chat (messages, events, conversations)."""
        forget_subscriber(self.api, subscriber["user_ns"])
        self.api.remove(SUBSCRIBERS, subscriber)

    def _check_unique(self, values: dict[str, str], user_ns: str | None) -> None:
        """No other subscriber of the flow has this phone (same digits, or as its user
        id: a WhatsApp contact's id is its number) or email. Indexed lookups: a scan of
        the flow's subscribers made each create cost in proportion to them."""
        digits = phone_digits(values.get("phone", ""))
        if digits and (
            self._other(user_ns, phone=Keyed(digits, _phone_key))
            or self._other(user_ns, user_id=Keyed(digits, _text))
        ):
            raise taken("phone")
        email = values.get("email", "")
        if email and self._other(user_ns, email=IEquals(email)):
            raise taken("email")

    def _other(self, user_ns: str | None, **condition: Any) -> bool:
        """Whether a subscriber of the flow other than `user_ns` matches."""
        return any(s["user_ns"] != user_ns for s in self.api.find_in_flow(SUBSCRIBERS, **condition))


def _phone_key(phone: Any) -> str | None:
    """A stored phone as the uniqueness check compares it: its digits (None: no phone)."""
    return phone_digits(phone) or None if isinstance(phone, str) else None


def _text(value: Any) -> str:
    return str(value)


def represent_across_flows(api: Flochat, rows: list[Record]) -> list[dict[str, Any]]:
    """BotUsers of any flow of the team (for /team-bot-users): each shows its own flow's
    tags and user fields."""
    by_flow: dict[int, Subscribers] = {}
    shown = []
    for row in rows:
        flow_id = row["flow"]
        if flow_id not in by_flow:
            by_flow[flow_id] = Subscribers(Flochat(api.ctx, flow_id, api.scopes))
        shown.append(by_flow[flow_id].represent(row))
    return shown
