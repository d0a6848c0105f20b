"""Broadcasts of a sub flow: to a list of subscribers, of channel user ids, to tags or to
segments (uchat-openapi.json tag "Sending")."""

from __future__ import annotations

from typing import Any

from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import FLOW_SCOPE, Flochat
from sandbox.platforms.flochat.models.messaging_send import (
    Broadcasts,
    resolve_fields,
    set_bot_fields,
)
from sandbox.platforms.flochat.models.subflows import Segments, SubFlows
from sandbox.platforms.flochat.models.subscribers import Subscribers
from sandbox.platforms.flochat.models.tags import Tags
from sandbox.platforms.flochat.routes.common import OK, OkSchema
from sandbox.platforms.flochat.routes.messaging_common import ASSUMED_ERRORS, blp, comma_list
from sandbox.platforms.flochat.schemas import messaging as schemas

MAX_LIST = 200
MAX_SEGMENTS = 10
BROADCAST_NOTES = (
    "each recipient's messages are recorded, at most max_per_minute a minute; a future "
    "scheduled_time (up to 2099) records them as scheduled, shown once the sandbox clock "
    "reaches it; "
    "recipients the sending rules refuse (unsubscribed, paused bot, no opt-in for EMAIL / "
    "SMS, outside the WhatsApp window without WHATSAPP_TEMPLATE) are skipped"
)


def _options(data: dict[str, Any]) -> dict[str, Any]:
    keys = ("name", "type", "message_tag", "scheduled_time", "max_per_minute")
    return {key: data.get(key) for key in keys}


@blp.route("/subscriber/broadcast", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.BroadcastInput,
    answer=OkSchema,
    source=f"flowBotUserBroadcast; {BROADCAST_NOTES}; unknown user_ns are skipped; "
    f"{ASSUMED_ERRORS}",
    fidelity="assumed",
)
def broadcast(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Broadcast a sub flow to a list of subscribers."""
    names = comma_list(data["user_ns_list"], "user ns list", MAX_LIST)
    sub_flow = SubFlows(api).by_ns(data["sub_flow_ns"])
    subscribers = Subscribers(api)
    found = {ns: subscribers.find(ns) for ns in names}
    recipients = [s for s in found.values() if s is not None]
    missing = [ns for ns, s in found.items() if s is None]
    Broadcasts(api).send(recipients, sub_flow, _options(data), missing=missing)
    return OK


@blp.route("/subscriber/broadcast-by-user-id", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.BroadcastByUserIdInput,
    answer=OkSchema,
    source=f"flowBotUserBroadcastByUserId; {BROADCAST_NOTES}; unknown user ids are "
    f"skipped; {ASSUMED_ERRORS}",
    fidelity="assumed",
)
def broadcast_by_user_id(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Broadcast a sub flow to a list of channel user ids."""
    ids = comma_list(data["user_id_list"], "user id list", MAX_LIST)
    sub_flow = SubFlows(api).by_ns(data["sub_flow_ns"])
    subscribers = Subscribers(api)
    found = {user_id: subscribers.find_by_user_id(user_id) for user_id in ids}
    recipients = [s for s in found.values() if s is not None]
    missing = [user_id for user_id, s in found.items() if s is None]
    Broadcasts(api).send(recipients, sub_flow, _options(data), missing=missing)
    return OK


@blp.route("/subscriber/broadcast-by-tag", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.BroadcastByTagInput,
    answer=OkSchema,
    source=f"flowBotUserBroadcastByTag; to subscribers with any of the tags and none of "
    f"exclude_tags; user_fields are set on each recipient before sending; {BROADCAST_NOTES}; "
    f"{ASSUMED_ERRORS}",
    fidelity="assumed",
)
def broadcast_by_tag(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Broadcast a sub flow to the subscribers with some tags."""
    tags = Tags(api)
    wanted = {tags.by_ns(ns)["tag_ns"] for ns in data["tags"]}
    excluded = {tags.by_ns(ns)["tag_ns"] for ns in data.get("exclude_tags") or []}
    sub_flow = SubFlows(api).by_ns(data["sub_flow_ns"])
    user_fields = resolve_fields(api, data.get("user_fields") or [], bot=False)
    recipients = [
        s
        for s in Subscribers(api).all()
        if wanted & set(s["tags"]) and not excluded & set(s["tags"])
    ]
    Broadcasts(api).send(recipients, sub_flow, _options(data), user_fields=user_fields)
    return OK


@blp.route("/subscriber/broadcast-by-segment", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.BroadcastBySegmentInput,
    answer=OkSchema,
    source=f"flowBotUserBroadcastBySegment; to the members of any of the segments; "
    f"bot_fields are set before sending; {BROADCAST_NOTES}; {ASSUMED_ERRORS}",
    fidelity="assumed",
)
def broadcast_by_segment(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Broadcast a sub flow to the members of segments."""
    segments = Segments(api)
    wanted = comma_list(data["segment_ns"], "segment ns", MAX_SEGMENTS)
    found = [segments.by_ns(ns) for ns in wanted]
    if not found:
        raise FlochatError("The segment ns field is required.")
    sub_flow = SubFlows(api).by_ns(data["sub_flow_ns"])
    set_bot_fields(api, resolve_fields(api, data.get("bot_fields") or [], bot=True))
    recipients = [member for segment in found for member in segments.members(segment)]
    Broadcasts(api).send(recipients, sub_flow, _options(data))
    return OK
