"""The flow's own objects: tags, user fields, bot fields, sub flows, segments, settings;
and `/me` (uchat-openapi.json tags "Flow", "Flow Tag", "Flow User Field",
"Flow Bot Field", "Flow Segment", "User")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.platforms.flochat.models import team_workspace
from sandbox.platforms.flochat.models.api import FLOW_SCOPE, Flochat
from sandbox.platforms.flochat.models.common import FLOW_SETTINGS
from sandbox.platforms.flochat.models.fields import Fields
from sandbox.platforms.flochat.models.fields import represent as represent_field
from sandbox.platforms.flochat.models.subflows import Segments, SubFlows
from sandbox.platforms.flochat.models.subscribers import CHAT_STATUSES, Subscribers
from sandbox.platforms.flochat.models.tags import Tags
from sandbox.platforms.flochat.models.tags import represent as represent_tag
from sandbox.platforms.flochat.routes.common import FlochatBlueprint
from sandbox.platforms.flochat.routes.tables import FlowAct, OkOperation, ok_operations
from sandbox.platforms.flochat.schemas import flow as schemas
from sandbox.platforms.flochat.schemas.common import ListQuery, Tag, TagList

blp = FlochatBlueprint("flow", __name__, description="The flow: tags, fields, sub flows, segments")
ASSUMED_ERRORS = "error texts assumed"


def _list(data: dict[str, Any]) -> tuple[str | None, int | None, int | None]:
    return data.get("name"), data.get("limit"), data.get("page")


# -- tags -----------------------------------------------------------------------------------------


@blp.route("/flow/tags", methods=["GET"])
@blp.operation(scope=FLOW_SCOPE, query=ListQuery, answer=TagList, source="flowTags")
def flow_tags(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of tags by flow."""
    return {"data": [represent_tag(tag) for tag in Tags(api).list(*_list(data))]}


@blp.route("/flow/create-tag", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.NameInput,
    answer=Tag,
    source=f"flowCreateTag; {ASSUMED_ERRORS} (a taken name is refused)",
)
def create_tag(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Create new tag."""
    return represent_tag(Tags(api).create(data["name"]))


# -- user fields ----------------------------------------------------------------------------------


@blp.route("/flow/user-fields", methods=["GET"])
@blp.operation(
    scope=FLOW_SCOPE, query=ListQuery, answer=schemas.UserFieldList, source="flowUserFields"
)
def user_fields(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of user fields by flow."""
    return {"data": [represent_field(f) for f in Fields(api, bot=False).list(*_list(data))]}


@blp.route("/flow/create-user-field", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.CreateUserField,
    answer=schemas.UserFieldCreated,
    source=f"flowCreateUserField; {ASSUMED_ERRORS} (taken names, values not of the type)",
)
def create_user_field(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Create new user field (its value is the default shown for it)."""
    return {"data": represent_field(Fields(api, bot=False).create(data)), "status": "ok"}


# -- bot fields -----------------------------------------------------------------------------------


@blp.route("/flow/bot-fields", methods=["GET"])
@blp.operation(
    scope=FLOW_SCOPE, query=ListQuery, answer=schemas.BotFieldList, source="flowBotFields"
)
def bot_fields(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of bot fields by flow."""
    found = Fields(api, bot=True).list(*_list(data))
    return {"data": [represent_field(f, bot=True) for f in found]}


@blp.route("/flow/create-bot-field", methods=["POST"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.CreateBotField,
    answer=schemas.BotFieldCreated,
    source=f"flowCreateBotField; {ASSUMED_ERRORS} (taken names, values not of the type)",
)
def create_bot_field(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Create new bot field."""
    return {"data": represent_field(Fields(api, bot=True).create(data), bot=True), "status": "ok"}


@blp.route("/flow/set-bot-field", methods=["PUT"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SetBotField,
    answer=schemas.BotField,
    source=f"flowUpdateBotField; {ASSUMED_ERRORS}",
)
def set_bot_field(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Update bot field value."""
    found = Fields(api, bot=True)
    field = found.set_value(found.by_ns(data["var_ns"]), data["value"])
    return represent_field(field, bot=True)


@blp.route("/flow/set-bot-field-by-name", methods=["PUT"])
@blp.operation(
    scope=FLOW_SCOPE,
    body=schemas.SetBotFieldByName,
    answer=schemas.BotField,
    source=f"flowUpdateBotFieldByName; {ASSUMED_ERRORS}",
)
def set_bot_field_by_name(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Update bot field value by bot field name."""
    found = Fields(api, bot=True)
    field = found.set_value(found.by_name(data["name"]), data["value"])
    return represent_field(field, bot=True)


# -- sub flows, segments, settings ------------------------------------------------------------


@blp.route("/flow/subflows", methods=["GET"])
@blp.operation(scope=FLOW_SCOPE, query=ListQuery, answer=schemas.SubFlowList, source="flowSubFlows")
def sub_flows(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of sub flows."""
    found = SubFlows(api).list(*_list(data))
    return {"data": [{"name": s["name"], "sub_flow_ns": s["sub_flow_ns"]} for s in found]}


@blp.route("/flow/segments", methods=["GET"])
@blp.operation(scope=FLOW_SCOPE, query=ListQuery, answer=schemas.SegmentList, source="flowSegment")
def segments(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get list of segments by flow."""
    found = Segments(api).list(*_list(data))
    return {"data": [{"name": s["name"], "segment_ns": s["segment_ns"]} for s in found]}


def _set_setting(api: Flochat, **values: Any) -> None:
    row = api.first_in_flow(FLOW_SETTINGS)
    if row is None:
        api.insert(FLOW_SETTINGS, {"flow": api.flow_id, **values})
    else:
        api.update(FLOW_SETTINGS, row, values)


def _start_flow(api: Flochat, sub_flow_ns: str) -> str:
    """`main` (the main flow) or a sub flow of this flow."""
    if sub_flow_ns == "main":
        return "main"
    return SubFlows(api).by_ns(sub_flow_ns)["sub_flow_ns"]


@blp.route("/flow/bot-users-count", methods=["GET"])
@blp.operation(scope=FLOW_SCOPE, answer=schemas.BotUsersCount, source="flowBotUsersCount")
def bot_users_count(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Count of the flow's subscribers by chat status (open, pending, spam, done)."""
    everyone = Subscribers(api).all()
    counts = [
        {"status": status, "num": sum(1 for s in everyone if s["chat_status"] == status)}
        for status in CHAT_STATUSES
    ]
    return {"data": counts, "status": "ok"}


# -- deletes and settings: one table ----------------------------------------------------------


def _delete(model: Callable[[Flochat], Any], key: str, by: str) -> FlowAct:
    """Delete the object of `model` the body names: `by` "by_ns" or "by_name" on `key`."""

    def act(api: Flochat, data: dict[str, Any]) -> None:
        found = model(api)
        found.delete(getattr(found, by)(data[key]))

    return act


def _set_bot_fields(key: str) -> FlowAct:
    def act(api: Flochat, data: dict[str, Any]) -> None:
        found = Fields(api, bot=True)
        for field, value in found.resolve_batch(data["data"], key):
            found.set_value(field, value)

    return act


def _user_fields(api: Flochat) -> Fields:
    return Fields(api, bot=False)


def _bot_fields(api: Flochat) -> Fields:
    return Fields(api, bot=True)


Op = OkOperation
# fmt: off
OPERATIONS = (
    Op("delete_tag", "DELETE /flow/delete-tag", schemas.TagNsInput,
       f"flowDeleteTag; {ASSUMED_ERRORS}",
       "Delete tag (subscribers lose it too).", _delete(Tags, "tag_ns", "by_ns")),
    Op("delete_tag_by_name", "DELETE /flow/delete-tag-by-name", schemas.NameInput,
       f"flowDeleteTagByName; {ASSUMED_ERRORS}",
       "Delete tag by tag name.", _delete(Tags, "name", "by_name")),
    Op("delete_user_field", "DELETE /flow/delete-user-field", schemas.VarNsInput,
       f"flowDeleteUserField; {ASSUMED_ERRORS}",
       "Delete user field (subscribers' values go with it).",
       _delete(_user_fields, "var_ns", "by_ns")),
    Op("delete_user_field_by_name", "DELETE /flow/delete-user-field-by-name", schemas.NameInput,
       f"flowDeleteUserFieldByName; {ASSUMED_ERRORS}",
       "Delete user field by name.", _delete(_user_fields, "name", "by_name")),
    Op("set_bot_fields", "PUT /flow/set-bot-fields", schemas.SetBotFields,
       f"flowUpdateBotFields; {ASSUMED_ERRORS} (all or nothing)",
       "Update up to 20 bot fields' values; nothing changes when one is refused.",
       _set_bot_fields("var_ns")),
    Op("set_bot_fields_by_name", "PUT /flow/set-bot-fields-by-name", schemas.SetBotFieldsByName,
       f"flowUpdateBotFieldsByName; {ASSUMED_ERRORS} (all or nothing)",
       "Update up to 20 bot fields' values by field name.", _set_bot_fields("name")),
    Op("delete_bot_field", "DELETE /flow/delete-bot-field", schemas.VarNsInput,
       f"flowDeleteBotField; {ASSUMED_ERRORS}",
       "Delete bot field.", _delete(_bot_fields, "var_ns", "by_ns")),
    Op("delete_bot_field_by_name", "DELETE /flow/delete-bot-field-by-name", schemas.NameInput,
       f"flowDeleteBotFieldByName; {ASSUMED_ERRORS}",
       "Delete bot field by name.", _delete(_bot_fields, "name", "by_name")),
    Op("delete_sub_flow", "DELETE /flow/delete-sub-flow", schemas.SubFlowNsInput,
       f"flowDeleteSubFlow; {ASSUMED_ERRORS}",
       "Delete sub flow (and its nodes).", _delete(SubFlows, "sub_flow_ns", "by_ns")),
    Op("set_default_start_flow", "POST /flow/set-default-start-flow", schemas.SubFlowNsInput,
       f"flowSetDefaultStartFlow; {ASSUMED_ERRORS}",
       "Set the bot's default start flow (`main` resets it to the main flow).",
       lambda api, d: _set_setting(api, default_start_flow=_start_flow(api, d["sub_flow_ns"]))),
    Op("set_web_chat_start_flow", "POST /flow/set-web-chat-widget-default-start-flow",
       schemas.SubFlowNsInput,
       f"flowSetWebChatWidgetDefaultStartFlow; {ASSUMED_ERRORS}",
       "Set the web chat widget's default start flow (`main` for the main flow).",
       lambda api, d: _set_setting(api, web_chat_start_flow=_start_flow(api, d["sub_flow_ns"]))),
    Op("set_audio_transcription", "POST /flow/settings/set-audio-transcription",
       schemas.AudioTranscription, "flowSetAudioTranscription",
       "Set audio transcription: none, whisper-1, gpt-4o-transcribe, gpt-4o-mini-transcribe.",
       lambda api, d: _set_setting(api, stt_model=d["stt_model"])),
)
# fmt: on
ok_operations(blp, OPERATIONS)


# -- the key's user -------------------------------------------------------------------------------


@blp.route("/me", methods=["GET"])
@blp.operation(
    scope=None,
    answer=schemas.Me,
    source="UserInfo; the user is the team's `owner` from fixtures (a demo user otherwise)",
)
def me(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    """Get current user info: the user who made the API key (the one `/team-info` names)."""
    return team_workspace.owner(api)
