"""The flow's own objects: tags, user fields, bot fields, sub flows, segments, settings;
and `/me` (uchat-openapi.json tags "Flow", "Flow Tag", "Flow User Field",
"Flow Bot Field", "Flow Segment", "User")."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from sandbox.core.stacks import laravel
from sandbox.core.storage import Record
from sandbox.platforms.flochat.models import team_workspace
from sandbox.platforms.flochat.models.api import FLOW_SCOPE, Flochat
from sandbox.platforms.flochat.models.fields import Fields
from sandbox.platforms.flochat.models.fields import represent as represent_field
from sandbox.platforms.flochat.models.subflows import FlowSettings, Segments, SubFlows
from sandbox.platforms.flochat.models.subscribers import CHAT_STATUSES, Subscribers
from sandbox.platforms.flochat.models.tags import Tags
from sandbox.platforms.flochat.models.tags import represent as represent_tag
from sandbox.platforms.flochat.routes.common import FlochatBlueprint
from sandbox.platforms.flochat.routes.tables import (
    FlowAct,
    OkOperation,
    Serve,
    listing,
    ok_operations,
    op,
    operations,
)
from sandbox.platforms.flochat.schemas import flow as schemas
from sandbox.platforms.flochat.schemas.common import ListQuery, Tag, TagList

blp = FlochatBlueprint("flow", __name__, description="The flow: tags, fields, sub flows, segments")
ASSUMED_ERRORS = "error texts assumed"


def _user_fields(api: Flochat) -> Fields:
    return Fields(api, bot=False)


def _bot_fields(api: Flochat) -> Fields:
    return Fields(api, bot=True)


def _created_field(bot: bool) -> Serve:
    def serve(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        return {"data": represent_field(Fields(api, bot=bot).create(data), bot=bot), "status": "ok"}

    return serve


def _set_bot_field(key: str, by: str) -> Serve:
    """Set the value of the bot field the body names: `by` "by_ns" or "by_name" on `key`."""

    def serve(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        found = Fields(api, bot=True)
        field = found.set_value(getattr(found, by)(data[key]), data["value"])
        return represent_field(field, bot=True)

    return serve


def _named(key: str) -> Callable[[Record], dict[str, Any]]:
    """A sub flow's or a segment's entry of its list: its name and its ns (`key`)."""
    return lambda row: {"name": row["name"], key: row[key]}


def _bot_users_count(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
    everyone = Subscribers(api).all()
    counts = [
        {"status": status, "num": sum(1 for s in everyone if s["chat_status"] == status)}
        for status in CHAT_STATUSES
    ]
    return {"data": counts, "status": "ok"}


NEW_FIELD = f"{ASSUMED_ERRORS} (taken names, values not of the type)"
Fop = partial(op, scope=FLOW_SCOPE)
# fmt: off
VIEWS = (
    # -- tags
    Fop("flow_tags", "GET /flow/tags", "Get list of tags by flow.",
       listing(Tags, represent_tag), query=ListQuery, answer=TagList, source="flowTags"),
    Fop("create_tag", "POST /flow/create-tag", "Create new tag.",
       lambda api, data: represent_tag(Tags(api).create(data["name"])),
       body=schemas.NameInput, answer=Tag,
       source=f"flowCreateTag; {ASSUMED_ERRORS} (a taken name is refused)"),
    # -- user fields
    Fop("user_fields", "GET /flow/user-fields", "Get list of user fields by flow.",
       listing(_user_fields, represent_field), query=ListQuery,
       answer=schemas.UserFieldList, source="flowUserFields"),
    Fop("create_user_field", "POST /flow/create-user-field",
       "Create new user field (its value is the default shown for it).",
       _created_field(bot=False), body=schemas.CreateUserField,
       answer=schemas.UserFieldCreated, source=f"flowCreateUserField; {NEW_FIELD}"),
    # -- bot fields
    Fop("bot_fields", "GET /flow/bot-fields", "Get list of bot fields by flow.",
       listing(_bot_fields, lambda f: represent_field(f, bot=True)), query=ListQuery,
       answer=schemas.BotFieldList, source="flowBotFields"),
    Fop("create_bot_field", "POST /flow/create-bot-field", "Create new bot field.",
       _created_field(bot=True), body=schemas.CreateBotField,
       answer=schemas.BotFieldCreated, source=f"flowCreateBotField; {NEW_FIELD}"),
    Fop("set_bot_field", "PUT /flow/set-bot-field", "Update bot field value.",
       _set_bot_field("var_ns", "by_ns"), body=schemas.SetBotField, answer=schemas.BotField,
       source=f"flowUpdateBotField; {ASSUMED_ERRORS}"),
    Fop("set_bot_field_by_name", "PUT /flow/set-bot-field-by-name",
       "Update bot field value by bot field name.", _set_bot_field("name", "by_name"),
       body=schemas.SetBotFieldByName, answer=schemas.BotField,
       source=f"flowUpdateBotFieldByName; {ASSUMED_ERRORS}"),
    # -- sub flows, segments, the count of subscribers
    Fop("sub_flows", "GET /flow/subflows", "Get list of sub flows.",
       listing(SubFlows, _named("sub_flow_ns")), query=ListQuery,
       answer=schemas.SubFlowList, source="flowSubFlows"),
    Fop("segments", "GET /flow/segments", "Get list of segments by flow.",
       listing(Segments, _named("segment_ns")), query=ListQuery,
       answer=schemas.SegmentList, source="flowSegment"),
    Fop("bot_users_count", "GET /flow/bot-users-count",
       "Count of the flow's subscribers by chat status (open, pending, spam, done).",
       _bot_users_count, answer=schemas.BotUsersCount, source="flowBotUsersCount"),
)
# fmt: on
operations(blp, VIEWS)


# -- deletes and settings: one table ----------------------------------------------------------


def _delete(model: Callable[[Flochat], Any], key: str, by: str) -> FlowAct:
    """Delete the object of `model` the body names: `by` "by_ns" or "by_name" on `key`."""

    def act(api: Flochat, data: dict[str, Any]) -> None:
        found = model(api)
        found.delete(getattr(found, by)(data[key]))

    return act


Op = OkOperation


def _deletes(
    noun: str,
    model: Callable[[Flochat], Any],
    by_ns: tuple[str, type[laravel.Input]],
    summaries: tuple[str, str],
) -> tuple[OkOperation, OkOperation]:
    """DELETE /flow/delete-<noun> (by its ns: `by_ns` is its key and the body naming it) and
    /flow/delete-<noun>-by-name, the pair each of tags, user fields and bot fields has."""
    ns_key, ns_body = by_ns
    name, slug, title = noun.replace(" ", "_"), noun.replace(" ", "-"), noun.title()
    source = f"flowDelete{title.replace(' ', '')}"
    return (
        Op(f"delete_{name}", f"DELETE /flow/delete-{slug}", ns_body,
           f"{source}; {ASSUMED_ERRORS}", summaries[0], _delete(model, ns_key, "by_ns")),
        Op(f"delete_{name}_by_name", f"DELETE /flow/delete-{slug}-by-name", schemas.NameInput,
           f"{source}ByName; {ASSUMED_ERRORS}", summaries[1], _delete(model, "name", "by_name")),
    )  # fmt: skip


def _set_bot_fields(key: str) -> FlowAct:
    def act(api: Flochat, data: dict[str, Any]) -> None:
        found = Fields(api, bot=True)
        for field, value in found.resolve_batch(data["data"], key):
            found.set_value(field, value)

    return act


# fmt: off
OPERATIONS = (
    *_deletes("tag", Tags, ("tag_ns", schemas.TagNsInput),
              ("Delete tag (subscribers lose it too).", "Delete tag by tag name.")),
    *_deletes("user field", _user_fields, ("var_ns", schemas.VarNsInput),
              ("Delete user field (subscribers' values go with it).",
               "Delete user field by name.")),
    Op("set_bot_fields", "PUT /flow/set-bot-fields", schemas.SetBotFields,
       f"flowUpdateBotFields; {ASSUMED_ERRORS} (all or nothing)",
       "Update up to 20 bot fields' values; nothing changes when one is refused.",
       _set_bot_fields("var_ns")),
    Op("set_bot_fields_by_name", "PUT /flow/set-bot-fields-by-name", schemas.SetBotFieldsByName,
       f"flowUpdateBotFieldsByName; {ASSUMED_ERRORS} (all or nothing)",
       "Update up to 20 bot fields' values by field name.", _set_bot_fields("name")),
    *_deletes("bot field", _bot_fields, ("var_ns", schemas.VarNsInput),
              ("Delete bot field.", "Delete bot field by name.")),
    Op("delete_sub_flow", "DELETE /flow/delete-sub-flow", schemas.SubFlowNsInput,
       f"flowDeleteSubFlow; {ASSUMED_ERRORS}",
       "Delete sub flow (and its nodes).", _delete(SubFlows, "sub_flow_ns", "by_ns")),
    Op("set_default_start_flow", "POST /flow/set-default-start-flow", schemas.SubFlowNsInput,
       f"flowSetDefaultStartFlow; {ASSUMED_ERRORS}",
       "Set the bot's default start flow (`main` resets it to the main flow).",
       lambda api, d: FlowSettings(api).set_start_flow("default_start_flow", d["sub_flow_ns"])),
    Op("set_web_chat_start_flow", "POST /flow/set-web-chat-widget-default-start-flow",
       schemas.SubFlowNsInput,
       f"flowSetWebChatWidgetDefaultStartFlow; {ASSUMED_ERRORS}",
       "Set the web chat widget's default start flow (`main` for the main flow).",
       lambda api, d: FlowSettings(api).set_start_flow("web_chat_start_flow", d["sub_flow_ns"])),
    Op("set_audio_transcription", "POST /flow/settings/set-audio-transcription",
       schemas.AudioTranscription, "flowSetAudioTranscription",
       "Set audio transcription: none, whisper-1, gpt-4o-transcribe, gpt-4o-mini-transcribe.",
       lambda api, d: FlowSettings(api).set(stt_model=d["stt_model"])),
)
# fmt: on
ok_operations(blp, OPERATIONS)


# -- the key's user -------------------------------------------------------------------------------


operations(blp, (
    op("me", "GET /me",
       "Get current user info: the user who made the API key (the one `/team-info` names).",
       lambda api, data: team_workspace.owner(api), scope=None, answer=schemas.Me,
       source="UserInfo; the user is the team's `owner` from fixtures (a demo user otherwise)"),
))  # fmt: skip
