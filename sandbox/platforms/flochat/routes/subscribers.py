"""Subscribers through the API: list and filters, info, create / update / delete, tags,
labels, user fields; and /team-bot-users (uchat-openapi.json tags "Subscriber" and
"Workspace"; group B).

Every write answers `{"status": "ok"}` except create and update, which answer the bare
BotUser, as the vendor documents. Batches take up to 20 items and are all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from sandbox.core.stacks import laravel
from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import FLOW_SCOPE, TEAM_SCOPE, Flochat
from sandbox.platforms.flochat.models.subscriber_data import (
    SubscriberProfiles,
    represent_across_flows,
)
from sandbox.platforms.flochat.models.subscriber_fields import SubscriberFields
from sandbox.platforms.flochat.models.subscriber_labels import SubscriberLabels
from sandbox.platforms.flochat.models.subscriber_search import SubscriberSearch
from sandbox.platforms.flochat.models.subscriber_tags import SubscriberTags
from sandbox.platforms.flochat.models.subscribers import Subscribers
from sandbox.platforms.flochat.routes.common import FlochatBlueprint
from sandbox.platforms.flochat.routes.tables import (
    Act,
    Serve,
    SubscriberOperation,
    op,
    operations,
    subscriber_operations,
)
from sandbox.platforms.flochat.schemas import subscribers as schemas
from sandbox.platforms.flochat.schemas.common import BotUser, BotUserList

blp = FlochatBlueprint(
    "subscribers",
    __name__,
    description="Subscribers: list, info, create, update, delete, tags, labels, fields",
)
ASSUMED_ERRORS = "error texts assumed"
FILTERS = (
    "filters as the vendor names them; what each reads (24 hours on the sandbox clock) is "
    "assumed, see models/subscriber_search.py"
)


# -- lists, info, create, update ----------------------------------------------------------------


def _shown(find: Callable[[Subscribers, dict[str, Any]], Record]) -> Serve:
    """The subscriber the input names (`find`), as the vendor's BotUser."""

    def serve(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        subscribers = Subscribers(api)
        return subscribers.represent(find(subscribers, data))

    return serve


def _listed(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    subscribers = Subscribers(api)
    return {"data": [subscribers.represent(s) for s in SubscriberSearch(api).flow(data)]}


Fop = partial(op, scope=FLOW_SCOPE)
# fmt: off
operations(blp, (
    Fop("list_subscribers", "GET /subscribers",
        "Get list of subscribers by searching for name, phone, email, tag, user field...",
        _listed, query=schemas.SubscriberQuery, answer=BotUserList,
        source=f"flowBotUsers; {FILTERS}; oldest first"),
    op("team_bot_users", "GET /team-bot-users",
       "Get list of bot users of every flow of the team by name, phone, email...",
       lambda api, data: {"data": represent_across_flows(api, SubscriberSearch(api).team(data))},
       scope=TEAM_SCOPE, query=schemas.TeamBotUsersQuery, answer=BotUserList,
       source=f"teamBotUsers; every flow of the team; {FILTERS}; oldest first"),
    Fop("get_info", "GET /subscriber/get-info", "Get subscriber info.",
        _shown(lambda subscribers, data: subscribers.by_ns(data["user_ns"])),
        query=schemas.SubscriberNs, answer=BotUser,
        source=f"flowBotUserInfo; {ASSUMED_ERRORS}"),
    Fop("get_info_by_user_id", "GET /subscriber/get-info-by-user-id",
        "Get subscriber info by its id in the channel (WhatsApp phone, Facebook id...).",
        _shown(lambda subscribers, data: subscribers.by_user_id(data["user_id"])),
        query=schemas.SubscriberUserId, answer=BotUser,
        source=f"flowBotUserInfoByUserId; {ASSUMED_ERRORS}"),
    Fop("create", "POST /subscriber/create", "Create new subscriber; phone or email is required.",
        _shown(lambda subscribers, data: SubscriberProfiles(subscribers.api).create(data)),
        body=schemas.CreateSubscriber, answer=BotUser,
        source=f"flowCreateBotUser; {ASSUMED_ERRORS} (phone or email required, each unique in "
        "the flow); image is profile_pic; with a phone, a contact of the bot's WhatsApp whose "
        "user_id is the phone's digits; without, of channel apichat"),
    Fop("update", "PUT /subscriber/update", "Update subscriber data.",
        _shown(lambda subscribers, data: SubscriberProfiles(subscribers.api).update(
            subscribers.by_ns(data["user_ns"]), data)),
        body=schemas.UpdateSubscriber, answer=BotUser,
        source=f"flowUpdateBotUser; {ASSUMED_ERRORS} (empty values change nothing)"),
))
# fmt: on


# -- delete, tags, team labels, user fields: one table ---------------------------------------

TAG_NOTES = "having it already / lacking it is ok"
LABEL_NOTES = "team labels; an unknown name is refused, not created; all or nothing"
FIELD_NOTES = "values checked against the field's type"
CLEAR_NOTES = "clearing a field without a value is ok"


def _delete(api: Flochat, subscriber: Record, data: dict[str, Any]) -> None:
    SubscriberProfiles(api).delete(subscriber)


def _tags(change: str, key: str, batch: bool) -> Act:
    """Add or remove (`change`) tags named by `key` (tag_ns or tag_name), one or a batch;
    adding by name creates the flow's tags it lacks."""

    def act(api: Flochat, subscriber: Record, data: dict[str, Any]) -> None:
        tags = SubscriberTags(api)
        wanted = [item[key] for item in (data["data"] if batch else [data])]
        if key == "tag_ns":
            found = tags.by_ns(wanted)
        else:
            found = tags.by_name(wanted, create=change == "add")
        getattr(tags, change)(subscriber, found)

    return act


def _labels(change: str) -> Act:
    def act(api: Flochat, subscriber: Record, data: dict[str, Any]) -> None:
        labels = SubscriberLabels(api)
        found = labels.by_name([item["label_name"] for item in data["data"]])
        getattr(labels, change)(subscriber, found)

    return act


def _fields(change: str, key: str, batch: bool) -> Act:
    """Set or clear (`change`) user fields named by `key` (var_ns or name), one or a batch;
    one by name comes as field_name (and value)."""

    def act(api: Flochat, subscriber: Record, data: dict[str, Any]) -> None:
        found = SubscriberFields(api)
        if batch:
            items = data["data"]
        elif key == "var_ns":
            items = [data]
        elif change == "set":
            items = [{"name": data["field_name"], "value": data["value"]}]
        else:
            items = [{"name": data["field_name"]}]
        if change == "set":
            found.set(subscriber, found.resolve(items, key))
        else:
            found.clear(subscriber, found.named(items, key))

    return act


Op = SubscriberOperation
Bodies = tuple[type[laravel.Input], type[laravel.Input], type[laravel.Input], type[laravel.Input]]


def _family(
    route: str,
    bodies: Bodies,
    notes: str,
    summaries: tuple[str, str],
    by: str,
    act: Callable[[bool, bool], Act],
    *,
    by_name_notes: tuple[str, str] = ("", ""),
    by_name_summary: str = "",
) -> list[SubscriberOperation]:
    """The four operations of `route` (the one by ns): one and up to 20 (its route + "s"),
    by ns and by name ("-by-name"). `bodies`, `act(by_name, batch)` and the `summaries` of
    one and a batch (" by <by>." follows them by name) go in that order; a batch is all or
    nothing, what by name adds is `by_name_notes` (one, batch) and `by_name_summary`."""
    method, path = route.split(" ")
    rows = []
    for by_name in (False, True):
        for batch in (False, True):
            segment = path.rsplit("/", 1)[1] + ("s" if batch else "")
            said, summary = notes, summaries[batch]
            if by_name:
                segment += "-by-name"
                said += by_name_notes[batch]
                summary += f" by {by}" + ("" if batch else by_name_summary)
            if batch:
                said += "; all or nothing"
            operation_id = "flowBotUser" + segment.title().replace("-", "")
            rows.append(Op(
                segment.replace("-", "_"), f"{method} /subscriber/{segment}",
                bodies[2 * by_name + batch], f"{operation_id}; {ASSUMED_ERRORS}; {said}",
                f"{summary}.", act(by_name, batch),
            ))  # fmt: skip
    return rows


TAGS: Bodies = (
    schemas.SubscriberTag,
    schemas.SubscriberTags,
    schemas.SubscriberTagByName,
    schemas.SubscriberTagsByName,
)
SET_FIELDS: Bodies = (
    schemas.SubscriberSetUserField,
    schemas.SubscriberSetUserFields,
    schemas.SubscriberSetUserFieldByName,
    schemas.SubscriberSetUserFieldsByName,
)
CLEAR_FIELDS: Bodies = (
    schemas.SubscriberClearUserField,
    schemas.SubscriberClearUserFields,
    schemas.SubscriberClearUserFieldByName,
    schemas.SubscriberClearUserFieldsByName,
)
# fmt: off
OPERATIONS = (
    Op("delete", "DELETE /subscriber/delete", schemas.SubscriberNs,
       "flowDeleteBotUser; its messages, custom event logs, conversations, activity log and "
       f"app triggers go with it; {ASSUMED_ERRORS}",
       "Delete subscriber.", _delete),
    # -- tags
    *_family("POST /subscriber/add-tag", TAGS, TAG_NOTES,
             ("Add tag to subscriber", "Add up to 20 tags to subscriber"), "tag name",
             lambda by_name, batch: _tags("add", "tag_name" if by_name else "tag_ns", batch),
             by_name_notes=("; a new name creates the tag (as UChat's add-tag action does)",
                            "; new names create their tags"),
             by_name_summary=" (the flow gets the tag if it lacks it)"),
    *_family("DELETE /subscriber/remove-tag", TAGS, TAG_NOTES,
             ("Remove tag from subscriber", "Remove up to 20 tags from subscriber"), "tag name",
             lambda by_name, batch: _tags("remove", "tag_name" if by_name else "tag_ns", batch)),
    # -- team labels
    Op("add_labels_by_name", "POST /subscriber/add-labels-by-name",
       schemas.SubscriberLabelsByName,
       f"flowBotUserAddLabelsByName; {ASSUMED_ERRORS}; {LABEL_NOTES}",
       "Add up to 20 team labels to subscriber by label name.", _labels("add")),
    Op("remove_labels_by_name", "DELETE /subscriber/remove-labels-by-name",
       schemas.SubscriberLabelsByName,
       f"flowBotUserRemoveLabelsByName; {ASSUMED_ERRORS}; {LABEL_NOTES}",
       "Remove up to 20 team labels from subscriber by label name.", _labels("remove")),
    # -- user fields
    *_family("PUT /subscriber/set-user-field", SET_FIELDS, FIELD_NOTES,
             ("Set or update subscriber user field value",
              "Set or update up to 20 of the subscriber's user field values"), "field name",
             lambda by_name, batch: _fields("set", "name" if by_name else "var_ns", batch)),
    *_family("DELETE /subscriber/clear-user-field", CLEAR_FIELDS, CLEAR_NOTES,
             ("Clear subscriber user field value",
              "Clear up to 20 of the subscriber's user fields"), "field name",
             lambda by_name, batch: _fields("clear", "name" if by_name else "var_ns", batch)),
)
# fmt: on
subscriber_operations(blp, OPERATIONS)
