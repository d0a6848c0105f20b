"""Subscribers through the API: list and filters, info, create / update / delete, tags,
labels, user fields; and /team-bot-users (uchat-openapi.json tags "Subscriber" and
"Workspace"; group B).

Every write answers `{"status": "ok"}` except create and update, which answer the bare
BotUser, as the vendor documents. Batches take up to 20 items and are all or nothing.
"""

from __future__ import annotations

from typing import Any

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
from sandbox.platforms.flochat.routes.common import OK, FlochatBlueprint, OkSchema
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


def _subscriber(api: Flochat, data: dict[str, Any]) -> Any:
    return Subscribers(api).by_ns(data["user_ns"])


# -- lists and info -------------------------------------------------------------------------------


@blp.route("/subscribers", methods=["GET"])
@blp.operation(
    scope=FLOW_SCOPE,
    query=schemas.SubscriberQuery,
    answer=BotUserList,
    source=f"flowBotUsers; {FILTERS}; oldest first",
)
def list_subscribers(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of subscribers by searching for name, phone, email, tag, user field..."""
    subscribers = Subscribers(api)
    return {"data": [subscribers.represent(s) for s in SubscriberSearch(api).flow(data)]}


@blp.route("/team-bot-users", methods=["GET"])
@blp.operation(
    scope=TEAM_SCOPE,
    query=schemas.TeamBotUsersQuery,
    answer=BotUserList,
    source=f"teamBotUsers; every flow of the team; {FILTERS}; oldest first",
)
def team_bot_users(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of bot users of every flow of the team by name, phone, email..."""
    return {"data": represent_across_flows(api, SubscriberSearch(api).team(data))}


@blp.route("/subscriber/get-info", methods=["GET"])
@blp.operation(
    scope=FLOW_SCOPE,
    query=schemas.SubscriberNs,
    answer=BotUser,
    source=f"flowBotUserInfo; {ASSUMED_ERRORS}",
)
def get_info(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get subscriber info."""
    subscribers = Subscribers(api)
    return subscribers.represent(subscribers.by_ns(data["user_ns"]))


@blp.route("/subscriber/get-info-by-user-id", methods=["GET"])
@blp.operation(
    scope=FLOW_SCOPE,
    query=schemas.SubscriberUserId,
    answer=BotUser,
    source=f"flowBotUserInfoByUserId; {ASSUMED_ERRORS}",
)
def get_info_by_user_id(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get subscriber info by its id in the channel (WhatsApp phone, Facebook id...)."""
    subscribers = Subscribers(api)
    return subscribers.represent(subscribers.by_user_id(data["user_id"]))


# -- create, update, delete -----------------------------------------------------------------------


@blp.route("/subscriber/create", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.CreateSubscriber,
    answer=BotUser,
    source=f"flowCreateBotUser; {ASSUMED_ERRORS} (phone or email required, each unique in "
    "the flow); image is profile_pic; with a phone, a contact of the bot's WhatsApp whose "
    "user_id is the phone's digits; without, of channel apichat",
)
def create(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Create new subscriber; phone or email is required."""
    subscriber = SubscriberProfiles(api).create(data)
    return Subscribers(api).represent(subscriber)


@blp.route("/subscriber/update", methods=["PUT"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.UpdateSubscriber,
    answer=BotUser,
    source=f"flowUpdateBotUser; {ASSUMED_ERRORS} (empty values change nothing)",
)
def update(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Update subscriber data."""
    subscriber = SubscriberProfiles(api).update(_subscriber(api, data), data)
    return Subscribers(api).represent(subscriber)


@blp.route("/subscriber/delete", methods=["DELETE"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberNs,
    answer=OkSchema,
    source=f"flowDeleteBotUser; its messages, custom event logs, conversations, activity "
    f"log and app triggers go with it; {ASSUMED_ERRORS}",
)
def delete(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Delete subscriber."""
    SubscriberProfiles(api).delete(_subscriber(api, data))
    return OK


# -- tags -----------------------------------------------------------------------------------------

TAG_NOTES = "having it already / lacking it is ok"


@blp.route("/subscriber/add-tag", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberTag,
    answer=OkSchema,
    source=f"flowBotUserAddTag; {ASSUMED_ERRORS}; {TAG_NOTES}",
)
def add_tag(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Add tag to subscriber."""
    subscriber = _subscriber(api, data)
    tags = SubscriberTags(api)
    tags.add(subscriber, tags.by_ns([data["tag_ns"]]))
    return OK


@blp.route("/subscriber/add-tags", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberTags,
    answer=OkSchema,
    source=f"flowBotUserAddTags; {ASSUMED_ERRORS}; {TAG_NOTES}; all or nothing",
)
def add_tags(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Add up to 20 tags to subscriber."""
    subscriber = _subscriber(api, data)
    tags = SubscriberTags(api)
    tags.add(subscriber, tags.by_ns([item["tag_ns"] for item in data["data"]]))
    return OK


@blp.route("/subscriber/add-tag-by-name", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberTagByName,
    answer=OkSchema,
    source=f"flowBotUserAddTagByName; {ASSUMED_ERRORS}; {TAG_NOTES}; a new name creates "
    "the tag (as UChat's add-tag action does)",
)
def add_tag_by_name(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Add tag to subscriber by tag name (the flow gets the tag if it lacks it)."""
    subscriber = _subscriber(api, data)
    tags = SubscriberTags(api)
    tags.add(subscriber, tags.by_name([data["tag_name"]], create=True))
    return OK


@blp.route("/subscriber/add-tags-by-name", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberTagsByName,
    answer=OkSchema,
    source=f"flowBotUserAddTagsByName; {ASSUMED_ERRORS}; {TAG_NOTES}; new names create "
    "their tags; all or nothing",
)
def add_tags_by_name(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Add up to 20 tags to subscriber by tag name."""
    subscriber = _subscriber(api, data)
    tags = SubscriberTags(api)
    names = [item["tag_name"] for item in data["data"]]
    tags.add(subscriber, tags.by_name(names, create=True))
    return OK


@blp.route("/subscriber/remove-tag", methods=["DELETE"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberTag,
    answer=OkSchema,
    source=f"flowBotUserRemoveTag; {ASSUMED_ERRORS}; {TAG_NOTES}",
)
def remove_tag(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Remove tag from subscriber."""
    subscriber = _subscriber(api, data)
    tags = SubscriberTags(api)
    tags.remove(subscriber, tags.by_ns([data["tag_ns"]]))
    return OK


@blp.route("/subscriber/remove-tags", methods=["DELETE"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberTags,
    answer=OkSchema,
    source=f"flowBotUserRemoveTags; {ASSUMED_ERRORS}; {TAG_NOTES}; all or nothing",
)
def remove_tags(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Remove up to 20 tags from subscriber."""
    subscriber = _subscriber(api, data)
    tags = SubscriberTags(api)
    tags.remove(subscriber, tags.by_ns([item["tag_ns"] for item in data["data"]]))
    return OK


@blp.route("/subscriber/remove-tag-by-name", methods=["DELETE"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberTagByName,
    answer=OkSchema,
    source=f"flowBotUserRemoveTagByName; {ASSUMED_ERRORS}; {TAG_NOTES}",
)
def remove_tag_by_name(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Remove tag from subscriber by tag name."""
    subscriber = _subscriber(api, data)
    tags = SubscriberTags(api)
    tags.remove(subscriber, tags.by_name([data["tag_name"]], create=False))
    return OK


@blp.route("/subscriber/remove-tags-by-name", methods=["DELETE"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberTagsByName,
    answer=OkSchema,
    source=f"flowBotUserRemoveTagsByName; {ASSUMED_ERRORS}; {TAG_NOTES}; all or nothing",
)
def remove_tags_by_name(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Remove up to 20 tags from subscriber by tag name."""
    subscriber = _subscriber(api, data)
    tags = SubscriberTags(api)
    names = [item["tag_name"] for item in data["data"]]
    tags.remove(subscriber, tags.by_name(names, create=False))
    return OK


# -- team labels ----------------------------------------------------------------------------------

LABEL_NOTES = "team labels; an unknown name is refused, not created; all or nothing"


@blp.route("/subscriber/add-labels-by-name", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberLabelsByName,
    answer=OkSchema,
    source=f"flowBotUserAddLabelsByName; {ASSUMED_ERRORS}; {LABEL_NOTES}",
)
def add_labels_by_name(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Add up to 20 team labels to subscriber by label name."""
    subscriber = _subscriber(api, data)
    labels = SubscriberLabels(api)
    labels.add(subscriber, labels.by_name([item["label_name"] for item in data["data"]]))
    return OK


@blp.route("/subscriber/remove-labels-by-name", methods=["DELETE"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberLabelsByName,
    answer=OkSchema,
    source=f"flowBotUserRemoveLabelsByName; {ASSUMED_ERRORS}; {LABEL_NOTES}",
)
def remove_labels_by_name(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Remove up to 20 team labels from subscriber by label name."""
    subscriber = _subscriber(api, data)
    labels = SubscriberLabels(api)
    labels.remove(subscriber, labels.by_name([item["label_name"] for item in data["data"]]))
    return OK


# -- user fields ----------------------------------------------------------------------------------

FIELD_NOTES = "values checked against the field's type"


@blp.route("/subscriber/set-user-field", methods=["PUT"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberSetUserField,
    answer=OkSchema,
    source=f"flowBotUserSetUserField; {ASSUMED_ERRORS}; {FIELD_NOTES}",
)
def set_user_field(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Set or update subscriber user field value."""
    subscriber = _subscriber(api, data)
    found = SubscriberFields(api)
    found.set(subscriber, found.resolve([data], "var_ns"))
    return OK


@blp.route("/subscriber/set-user-fields", methods=["PUT"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberSetUserFields,
    answer=OkSchema,
    source=f"flowBotUserSetUserFields; {ASSUMED_ERRORS}; {FIELD_NOTES}; all or nothing",
)
def set_user_fields(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Set or update up to 20 of the subscriber's user field values."""
    subscriber = _subscriber(api, data)
    found = SubscriberFields(api)
    found.set(subscriber, found.resolve(data["data"], "var_ns"))
    return OK


@blp.route("/subscriber/set-user-field-by-name", methods=["PUT"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberSetUserFieldByName,
    answer=OkSchema,
    source=f"flowBotUserSetUserFieldByName; {ASSUMED_ERRORS}; {FIELD_NOTES}",
)
def set_user_field_by_name(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Set or update subscriber user field value by field name."""
    subscriber = _subscriber(api, data)
    found = SubscriberFields(api)
    item = {"name": data["field_name"], "value": data["value"]}
    found.set(subscriber, found.resolve([item], "name"))
    return OK


@blp.route("/subscriber/set-user-fields-by-name", methods=["PUT"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberSetUserFieldsByName,
    answer=OkSchema,
    source=f"flowBotUserSetUserFieldsByName; {ASSUMED_ERRORS}; {FIELD_NOTES}; all or nothing",
)
def set_user_fields_by_name(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Set or update up to 20 of the subscriber's user field values by field name."""
    subscriber = _subscriber(api, data)
    found = SubscriberFields(api)
    found.set(subscriber, found.resolve(data["data"], "name"))
    return OK


CLEAR_NOTES = "clearing a field without a value is ok"


@blp.route("/subscriber/clear-user-field", methods=["DELETE"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberClearUserField,
    answer=OkSchema,
    source=f"flowBotUserClearUserField; {ASSUMED_ERRORS}; {CLEAR_NOTES}",
)
def clear_user_field(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Clear subscriber user field value."""
    subscriber = _subscriber(api, data)
    found = SubscriberFields(api)
    found.clear(subscriber, found.named([data], "var_ns"))
    return OK


@blp.route("/subscriber/clear-user-fields", methods=["DELETE"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberClearUserFields,
    answer=OkSchema,
    source=f"flowBotUserClearUserFields; {ASSUMED_ERRORS}; {CLEAR_NOTES}; all or nothing",
)
def clear_user_fields(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Clear up to 20 of the subscriber's user fields."""
    subscriber = _subscriber(api, data)
    found = SubscriberFields(api)
    found.clear(subscriber, found.named(data["data"], "var_ns"))
    return OK


@blp.route("/subscriber/clear-user-field-by-name", methods=["DELETE"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberClearUserFieldByName,
    answer=OkSchema,
    source=f"flowBotUserClearUserFieldByName; {ASSUMED_ERRORS}; {CLEAR_NOTES}",
)
def clear_user_field_by_name(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Clear subscriber user field value by field name."""
    subscriber = _subscriber(api, data)
    found = SubscriberFields(api)
    found.clear(subscriber, found.named([{"name": data["field_name"]}], "name"))
    return OK


@blp.route("/subscriber/clear-user-fields-by-name", methods=["DELETE"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SubscriberClearUserFieldsByName,
    answer=OkSchema,
    source=f"flowBotUserClearUserFieldsByName; {ASSUMED_ERRORS}; {CLEAR_NOTES}; all or nothing",
)
def clear_user_fields_by_name(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Clear up to 20 of the subscriber's user fields by field name."""
    subscriber = _subscriber(api, data)
    found = SubscriberFields(api)
    found.clear(subscriber, found.named(data["data"], "name"))
    return OK
