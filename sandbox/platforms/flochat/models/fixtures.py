"""The `flochat` section of a fixture document: the team, its flows (bots) with their API
keys and everything built in each flow, and the team-wide data.

    flochat:
      team: {name: Loja da Ana}
      labels: [{name: VIP}]                     # team-wide sections at the top
      flows:
        - id: 123456                            # the bot; ids look like f123456u1
          name: Loja da Ana WhatsApp
          default: true                         # the flow of the workspace's own key
          keys: [{key: <api key>, scopes: [Manage Flow]}]
          tags: [{name: Customer}]              # flow-scoped sections inside the flow
          user_fields: [{name: City, var_type: text}]
          sub_flows: [{name: Welcome, main: true, nodes: [{name: Hello, text: Hi!}]}]
          subscribers: [{first_name: Ana, phone: "+5511987654321", tags: [Customer]}]

Team-wide sections load first, then each flow's, in the order the model modules list
them (`TEAM_SECTIONS`, `FLOW_SECTIONS`), so later sections can name what earlier ones
loaded. Export writes what load reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import INCLUDE, fields

from sandbox.core.context import Context
from sandbox.core.fixtures import FixtureError, load_entries
from sandbox.core.resources import pick
from sandbox.core.workspaces import CONTROL_OWNER
from sandbox.core.workspaces import TABLE as WORKSPACES
from sandbox.platforms.flochat.models import (
    fields as field_models,
)
from sandbox.platforms.flochat.models import (
    labels,
    messaging,
    shop,
    subflows,
    subscriber_data,
    subscribers,
    tags,
    team,
)
from sandbox.platforms.flochat.models.api import SCOPE_NAMES, Flochat
from sandbox.platforms.flochat.models.common import API_KEYS, FLOWS, TEAM
from sandbox.platforms.flochat.models.flows import BOTH_SCOPES
from sandbox.platforms.flochat.models.sections import Entry, Section
from sandbox.platforms.flochat.models.team_workspace import DEFAULT_FLOW_TYPE

TEAM_SECTIONS: list[Section] = [
    *labels.TEAM_SECTIONS,
    *team.TEAM_SECTIONS,
    *shop.TEAM_SECTIONS,
    *subscriber_data.TEAM_SECTIONS,
    *messaging.TEAM_SECTIONS,
]
FLOW_SECTIONS: list[Section] = [
    *tags.FLOW_SECTIONS,
    *field_models.FLOW_SECTIONS,
    *subflows.FLOW_SECTIONS,
    *subscribers.FLOW_SECTIONS,
    *subscriber_data.FLOW_SECTIONS,
    *messaging.FLOW_SECTIONS,
    *shop.FLOW_SECTIONS,
    *team.FLOW_SECTIONS,
]
SCOPES_BY_NAME = {name: scope for scope, name in SCOPE_NAMES.items()}


class KeyEntry(Entry):
    key = fields.String(required=True)
    scopes = fields.List(
        fields.String(),
        load_default=lambda: sorted(SCOPE_NAMES.values()),
        metadata={"description": '"Manage Flow" and / or "Manage Team"'},
    )


class FlowEntry(Entry):
    class Meta:
        unknown = INCLUDE  # the flow-scoped sections, checked by name below

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    default = fields.Boolean(load_default=False)
    type = fields.String(load_default=DEFAULT_FLOW_TYPE)
    linked_label = fields.String(load_default="")
    keys = fields.List(fields.Dict(), load_default=list)


def load_fixture(ctx: Context, data: Mapping[str, Any]) -> dict[str, int]:
    """Load one workspace's `flochat` section (the workspace starts out empty)."""
    known = {"team", "flows", *(section.key for section in TEAM_SECTIONS)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise FixtureError(unknown[0], "unknown key")
    counts: dict[str, int] = {}
    team_api = Flochat(ctx, 0, BOTH_SCOPES)
    if data.get("team") is not None:
        if not isinstance(data["team"], Mapping):
            raise FixtureError("team", "must be a mapping")
        ctx.store.insert(TEAM, ctx.workspace.name, dict(data["team"]))
    for section in TEAM_SECTIONS:
        counts[section.key] = section.run(team_api, data, ())
    flows = load_entries(FlowEntry(), data.get("flows"), "flows")
    counts["flows"] = len(flows)
    flow_keys = {section.key for section in FLOW_SECTIONS}
    for index, flow in enumerate(flows):
        where: tuple[str | int, ...] = ("flows", index)
        extra = sorted(set(flow) - set(FlowEntry().fields) - flow_keys)
        if extra:
            raise FixtureError([*where, extra[0]], "unknown key")
        if ctx.store.first(FLOWS, ctx.workspace.name, id=flow["id"]) is not None:
            raise FixtureError([*where, "id"], f"another flow has id {flow['id']}")
        ctx.store.insert(
            FLOWS,
            ctx.workspace.name,
            {
                **pick(flow, "id", "name", "default", "type", "linked_label"),
                "created_at": team_api.now(),
            },
        )
        _load_keys(ctx, flow["id"], flow["keys"], where)
        api = Flochat(ctx, flow["id"], BOTH_SCOPES)
        for section in FLOW_SECTIONS:
            counts[section.key] = counts.get(section.key, 0) + section.run(api, flow, where)
    return counts


def _load_keys(
    ctx: Context, flow_id: int, entries: list[Any], where: tuple[str | int, ...]
) -> None:
    keys = load_entries(KeyEntry(), entries, "keys")
    for index, entry in enumerate(keys):
        at = [*where, "keys", index]
        scopes = []
        for name in entry["scopes"]:
            if name not in SCOPES_BY_NAME:
                raise FixtureError([*at, "scopes"], f"unknown scope {name!r}")
            scopes.append(SCOPES_BY_NAME[name])
        if _key_taken(ctx, entry["key"]):
            raise FixtureError([*at, "key"], "another workspace or flow has this key")
        ctx.store.insert(
            API_KEYS,
            ctx.workspace.name,
            {"key": entry["key"], "flow": flow_id, "scopes": sorted(set(scopes))},
        )


def _key_taken(ctx: Context, key: str) -> bool:
    """Whether a key already opens some flow: a fixture key of any workspace, or any
    workspace's own key."""
    store = ctx.store
    if any(store.first(API_KEYS, name, key=key) for name in store.workspaces_in(API_KEYS)):
        return True
    owner = store.first(WORKSPACES, CONTROL_OWNER, **{"credentials.flochat.api_key": key})
    return owner is not None or key == ctx.workspace.credentials_for("flochat").get("api_key")


def export_fixture(ctx: Context) -> dict[str, Any]:
    """The team as a `flochat` section that loads back as it is."""
    store, workspace = ctx.store, ctx.workspace.name
    exported: dict[str, Any] = {}
    team_row = store.first(TEAM, workspace)
    if team_row is not None:
        exported["team"] = dict(team_row)
    team_api = Flochat(ctx, 0, BOTH_SCOPES)
    for section in TEAM_SECTIONS:
        entries = section.export(team_api)
        if entries:
            exported[section.key] = entries
    flows = []
    for flow in sorted(store.find(FLOWS, workspace), key=lambda row: row["id"]):
        entry: dict[str, Any] = {
            **pick(flow, "id", "name", "default"),
            # A flow made on first use by an older version has neither (a --db file).
            "type": flow.get("type") or DEFAULT_FLOW_TYPE,
            "linked_label": flow.get("linked_label", ""),
        }
        keys = store.find(API_KEYS, workspace, flow=flow["id"])
        if keys:
            entry["keys"] = [
                {"key": k["key"], "scopes": [SCOPE_NAMES[s] for s in k["scopes"]]} for k in keys
            ]
        api = Flochat(ctx, flow["id"], BOTH_SCOPES)
        for section in FLOW_SECTIONS:
            entries = section.export(api)
            if entries:
                entry[section.key] = entries
        flows.append(entry)
    if flows:
        exported["flows"] = flows
    return exported
