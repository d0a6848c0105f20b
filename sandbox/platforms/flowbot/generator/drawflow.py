"""Drawflow documents (jerosoler/Drawflow's `editor.export()`, platforms.md §D.1): the
format FlowBot's editor stores a flow in.

    {"drawflow": {"Home": {"data": {"1": {"id": 1, "name": "start", "data": {...},
      "class": "start", "html": "...", "typenode": false,
      "inputs": {}, "outputs": {"output_1": {"connections": [{"node": "2",
      "output": "input_1"}]}}, "pos_x": 80, "pos_y": 80}, ...}}}}

The nodes form one chain, start to end, laid out left to right in rows of four.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

COLUMNS = 4
ORIGIN = (80, 80)
STEP_X = 320
STEP_Y = 200
TITLES = {
    "start": "Start",
    "message": "Message",
    "question": "Question",
    "image": "Image",
    "end": "End",
}


@dataclass(frozen=True)
class Node:
    kind: str  # start, message, question, image or end
    data: dict[str, Any] = field(default_factory=dict)
    text: str = ""  # what the node's box shows


def html(node: Node) -> str:
    """The node's inner HTML, as the editor renders it."""
    body = f'<div class="box"><p>{escape(node.text)}</p></div>' if node.text else ""
    return f'<div class="title-box">{TITLES[node.kind]}</div>{body}'


def document(nodes: list[Node]) -> dict[str, Any]:
    """The Drawflow export of a chain of nodes (ids 1..n, each linked to the next)."""
    data: dict[str, Any] = {}
    for index, node in enumerate(nodes):
        node_id = index + 1
        inputs: dict[str, Any] = {}
        outputs: dict[str, Any] = {}
        if node.kind != "start":
            inputs["input_1"] = {"connections": [{"node": str(node_id - 1), "input": "output_1"}]}
        if node.kind != "end":
            outputs["output_1"] = {"connections": [{"node": str(node_id + 1), "output": "input_1"}]}
        data[str(node_id)] = {
            "id": node_id,
            "name": node.kind,
            "data": node.data,
            "class": node.kind,
            "html": html(node),
            "typenode": False,
            "inputs": inputs,
            "outputs": outputs,
            "pos_x": ORIGIN[0] + (index % COLUMNS) * STEP_X,
            "pos_y": ORIGIN[1] + (index // COLUMNS) * STEP_Y,
        }
    return {"drawflow": {"Home": {"data": data}}}
