"""What FlowBot AI's answers look like, for the kit's checks: the error envelope
(`{"error": ...}`, seed 001) and the formats of ids and values in successful bodies (UUIDs,
`toISOString()` times, WAMIDs, E.164 numbers, `aiflow_` client ids, HS256 JWTs, Drawflow
documents)."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from typing import Any

import requests

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
#: `Date.prototype.toISOString()`, as every documented time is written.
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
#: A WhatsApp message id: `wamid.` and an opaque base64-like body, 128 characters at most.
WAMID = re.compile(r"^wamid\.[A-Za-z0-9+/=_-]+$")
WAMID_MAX = 128
E164 = re.compile(r"^\+[1-9]\d{6,14}$")
JWT = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")
UUID_KEYS = ("id", "flowId", "clientNumber")
TIME_KEYS = ("createdAt", "updatedAt", "startedAt", "lastCustomerMessageAt")
#: What every node of a Drawflow export carries (jerosoler/Drawflow, platforms.md §D.1).
DRAWFLOW_NODE_KEYS = {
    "id",
    "name",
    "data",
    "class",
    "html",
    "typenode",
    "inputs",
    "outputs",
    "pos_x",
    "pos_y",
}


def json_or_none(response: Any) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def error_envelope(response: requests.Response) -> str | None:
    """`{"error": "Human-readable error message"}` (seed 001), nothing else."""
    body = json_or_none(response)
    if body is None:
        return f"the body is not JSON: {response.text[:80]!r}"
    if not isinstance(body, dict) or set(body) != {"error"}:
        return f'an error must be {{"error": ...}}, got {body!r}'
    if not isinstance(body["error"], str) or not body["error"].strip():
        return f"the error must be a non-empty string, got {body['error']!r}"
    return None


def format_problems(body: Any) -> list[str]:
    """UUID ids, `toISOString()` times, WAMIDs, E.164 phone numbers, `aiflow_` client ids,
    HS256 JWTs, and Drawflow documents whose connections point at their own nodes."""
    problems = []
    for path, key, value in _walk(body):
        if value is None:
            continue
        problem = _value_problem(key, value)
        if problem is not None:
            problems.append(f"{path}: {value!r} {problem}")
        if key == "drawflowData":
            problems += [f"{path}: {problem}" for problem in drawflow_problems(value)]
    return problems


def _value_problem(key: str, value: Any) -> str | None:
    text = value if isinstance(value, str) else None
    if key in UUID_KEYS:
        return None if text and UUID.match(text) else "is not a UUID"
    if key in TIME_KEYS:
        return None if text and ISO_TIME.match(text) else "is not toISOString() text"
    if key == "messageId":
        if text and WAMID.match(text) and len(text) <= WAMID_MAX:
            return None
        return "is not a WAMID (wamid.<base64>, at most 128 characters)"
    if key == "waPhoneNumber":
        return None if text and E164.match(text) else "is not an E.164 phone number"
    if key == "clientId":
        return None if text and text.startswith("aiflow_") else "is not an aiflow_ client id"
    if key == "accessToken":
        return None if text and jwt_algorithm(text) == "HS256" else "is not an HS256 JWT"
    return None


def jwt_algorithm(token: str) -> str | None:
    """The `alg` of a JWT's header, or None when the text is no JWT."""
    if not JWT.match(token):
        return None
    head = token.split(".", 1)[0]
    try:
        header = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    except ValueError:
        return None
    algorithm = header.get("alg") if isinstance(header, dict) else None
    return algorithm if isinstance(algorithm, str) else None


def drawflow_problems(document: Any) -> list[str]:
    """What keeps `document` from being a Drawflow export (`editor.import()` would fail or
    draw dangling connections)."""
    try:
        nodes = document["drawflow"]["Home"]["data"]
    except (KeyError, TypeError):
        return ["drawflowData is not {drawflow: {Home: {data: {...}}}}"]
    if not isinstance(nodes, dict):
        return ["drawflowData's Home.data is not an object of nodes"]
    problems = []
    for key, node in nodes.items():
        if not isinstance(node, dict) or set(node) != DRAWFLOW_NODE_KEYS:
            keys = sorted(node) if isinstance(node, dict) else node
            problems.append(f"node {key} has keys {keys}, not Drawflow's")
            continue
        if str(node["id"]) != key:
            problems.append(f"node {key} says its id is {node['id']!r}")
        for side, port_key in (("inputs", "input"), ("outputs", "output")):
            for port, value in (node[side] or {}).items():
                for connection in value.get("connections", []):
                    if str(connection.get("node")) not in nodes or port_key not in connection:
                        problems.append(f"node {key} {side}.{port} has a dangling connection")
    return problems


def _walk(value: Any, path: str = "$") -> Iterator[tuple[str, str, Any]]:
    """(path, key, value) of every object member, except inside a Drawflow document (its
    node ids are numbers, checked by `drawflow_problems`)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield f"{path}.{key}", str(key), item
            if key != "drawflowData":
                yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")
