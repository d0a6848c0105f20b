"""A bot's inbound webhooks: URLs other services call to start one of its sub flows.
They are made in the flow builder, so they come from fixtures (a flow's
`inbound_webhooks`); the API lists them.

Rows: INBOUND_WEBHOOKS {flow, hook_uid, name, sub_flow_ns, status, url}.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.core.resources import pick
from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import Flochat, FlowResource
from sandbox.platforms.flochat.models.common import SUB_FLOWS
from sandbox.platforms.flochat.models.sections import Entry, Section, one_of

INBOUND_WEBHOOKS = "flochat.inbound_webhooks"
STATUSES = ("active", "inactive")
#: Where the vendor receives a hook's calls (the path is assumed).
HOOK_URL = "https://app.flochat.ai/api/iwh/{hook_uid}"


def represent(hook: Record) -> dict[str, Any]:
    """The vendor's InboundWebhook."""
    return pick(hook, "name", "hook_uid", "sub_flow_ns", "status", "url")


class InboundWebhooks(FlowResource):
    TABLE = INBOUND_WEBHOOKS


# -- fixtures ----------------------------------------------------------------------------------


class InboundWebhookEntry(Entry):
    name = fields.String(required=True)
    hook_uid = fields.String(metadata={"description": "Generated when absent"})
    sub_flow_ns = fields.String(required=True, metadata={"description": "A sub flow of the flow"})
    status = fields.String(load_default="active", validate=one_of(STATUSES))
    url = fields.String(metadata={"description": "Made from the hook_uid when absent"})


def load_inbound_webhooks(api: Flochat, entries: list[dict[str, Any]]) -> int:
    hooks = InboundWebhooks(api)
    for index, entry in enumerate(entries):
        where: list[str | int] = ["inbound_webhooks", index]
        if api.first_in_flow(SUB_FLOWS, sub_flow_ns=entry["sub_flow_ns"]) is None:
            raise FixtureError([*where, "sub_flow_ns"], "no sub flow of this flow has it")
        hook_uid = entry.get("hook_uid") or api.ctx.ids.hex(24)
        if api.first(INBOUND_WEBHOOKS, hook_uid=hook_uid) is not None:
            raise FixtureError([*where, "hook_uid"], f"another webhook has uid {hook_uid!r}")
        hooks.add(
            {
                "hook_uid": hook_uid,
                **pick(entry, "name", "sub_flow_ns", "status"),
                "url": entry.get("url") or HOOK_URL.format(hook_uid=hook_uid),
            },
        )
    return len(entries)


def export_inbound_webhooks(api: Flochat) -> list[dict[str, Any]]:
    return [represent(hook) for hook in InboundWebhooks(api).all()]


FLOW_SECTIONS = [
    Section("inbound_webhooks", InboundWebhookEntry, load_inbound_webhooks, export_inbound_webhooks)
]
