"""Sub flows (with their nodes) and segments: built in the flow builder, so they come
from fixtures; the API lists them, deletes sub flows and sends them (the sending group)."""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.core.resources import pick
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import Flochat, FlowResource
from sandbox.platforms.flochat.models.common import (
    FLOW_SETTINGS,
    NODES,
    SEGMENTS,
    SUB_FLOWS,
    SUBSCRIBERS,
    TAGS,
)
from sandbox.platforms.flochat.models.sections import Entry, Section

SUB_FLOW_NOT_FOUND = "Sub flow not found"
SEGMENT_NOT_FOUND = "Segment not found"
NODE_NOT_FOUND = "Node not found"


class SubFlows(FlowResource):
    TABLE = SUB_FLOWS
    NOT_FOUND = SUB_FLOW_NOT_FOUND
    NS_FIELD = "sub_flow_ns"

    def main(self) -> Record | None:
        """The flow's main (default start) sub flow, if it has one."""
        return self.first(is_main=True)

    def node(self, node_ns: str) -> Record:
        node = self.api.first_in_flow(NODES, node_ns=node_ns)
        if node is None:
            raise FlochatError(NODE_NOT_FOUND)
        return node

    def nodes_of(self, sub_flow: Record) -> list[Record]:
        return self.api.find_in_flow(NODES, sub_flow_ns=sub_flow["sub_flow_ns"])

    def delete(self, sub_flow: Record) -> None:
        """Delete the sub flow and its nodes."""
        for node in self.nodes_of(sub_flow):
            self.api.remove(NODES, node)
        super().delete(sub_flow)


class Segments(FlowResource):
    TABLE = SEGMENTS
    NOT_FOUND = SEGMENT_NOT_FOUND
    NS_FIELD = "segment_ns"

    def members(self, segment: Record) -> list[Record]:
        """The flow's subscribers in the segment: those with every one of its tags."""
        by_name = {t["name"].casefold(): t["tag_ns"] for t in self.api.find_in_flow(TAGS)}
        wanted = {by_name.get(name.casefold(), f"missing:{name}") for name in segment["tags"]}
        return [s for s in self.api.find_in_flow(SUBSCRIBERS) if wanted <= set(s["tags"])]


class FlowSettings(FlowResource):
    """The flow's settings, one row made on the first write: the default start flows of
    the bot and of its web chat widget (`main` or a sub flow's ns), the speech-to-text
    model."""

    TABLE = FLOW_SETTINGS

    def set(self, **values: Any) -> Record:
        row = self.first()
        return self.add(values) if row is None else self.change(row, values)

    def set_start_flow(self, setting: str, sub_flow_ns: str) -> Record:
        """`main` (the main flow) or a sub flow of this flow, as `setting`."""
        if sub_flow_ns != "main":
            sub_flow_ns = SubFlows(self.api).by_ns(sub_flow_ns)["sub_flow_ns"]
        return self.set(**{setting: sub_flow_ns})


# -- fixtures ----------------------------------------------------------------------------------


class NodeEntry(Entry):
    node_ns = fields.String()
    name = fields.String(load_default="")
    type = fields.String(load_default="send_message")
    text = fields.String(load_default="", metadata={"description": "What the node sends"})


class SubFlowEntry(Entry):
    name = fields.String(required=True)
    sub_flow_ns = fields.String()
    main = fields.Boolean(load_default=False, metadata={"description": "The flow's main flow"})
    nodes = fields.List(fields.Nested(NodeEntry), load_default=list)


class SegmentEntry(Entry):
    name = fields.String(required=True)
    segment_ns = fields.String()
    tags = fields.List(
        fields.String(),
        load_default=list,
        metadata={"description": "Tag names a subscriber must all have to be in it"},
    )


def load_sub_flows(api: Flochat, entries: list[dict[str, Any]]) -> int:
    names: set[str] = set()
    for index, entry in enumerate(entries):
        if entry["name"].casefold() in names:
            raise FixtureError(
                ["sub_flows", index, "name"], f"another sub flow is named {entry['name']!r}"
            )
        names.add(entry["name"].casefold())
        sub_flow_ns = entry.get("sub_flow_ns") or api.ns("sub_flow")
        api.insert(
            SUB_FLOWS,
            {
                "flow": api.flow_id,
                "sub_flow_ns": sub_flow_ns,
                "name": entry["name"],
                "is_main": entry["main"],
            },
        )
        for node in entry["nodes"]:
            api.insert(
                NODES,
                {
                    "flow": api.flow_id,
                    "sub_flow_ns": sub_flow_ns,
                    "node_ns": node.get("node_ns") or api.ns("node"),
                    **pick(node, "name", "type", "text"),
                },
            )
    return len(entries)


def export_sub_flows(api: Flochat) -> list[dict[str, Any]]:
    exported = []
    for sub_flow in api.find_in_flow(SUB_FLOWS):
        nodes = api.find_in_flow(NODES, sub_flow_ns=sub_flow["sub_flow_ns"])
        exported.append(
            {
                "name": sub_flow["name"],
                "sub_flow_ns": sub_flow["sub_flow_ns"],
                "main": sub_flow["is_main"],
                "nodes": [
                    {k: node[k] for k in ("node_ns", "name", "type", "text")} for node in nodes
                ],
            }
        )
    return exported


def load_segments(api: Flochat, entries: list[dict[str, Any]]) -> int:
    for entry in entries:
        api.insert(
            SEGMENTS,
            {
                "flow": api.flow_id,
                "segment_ns": entry.get("segment_ns") or api.ns("segment"),
                "name": entry["name"],
                "tags": entry["tags"],
            },
        )
    return len(entries)


def export_segments(api: Flochat) -> list[dict[str, Any]]:
    return [
        {"name": s["name"], "segment_ns": s["segment_ns"], "tags": s["tags"]}
        for s in api.find_in_flow(SEGMENTS)
    ]


FLOW_SECTIONS = [
    Section("sub_flows", SubFlowEntry, load_sub_flows, export_sub_flows),
    Section("segments", SegmentEntry, load_segments, export_segments),
]
