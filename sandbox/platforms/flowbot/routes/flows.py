"""`GET /api/flows` and `POST /api/flows/generate` (seed 001)."""

from __future__ import annotations

from typing import Any

from flask import request

from sandbox.platforms.flowbot import errors, schemas
from sandbox.platforms.flowbot.generator import Upload, generate
from sandbox.platforms.flowbot.generator.documents import MAX_BYTES
from sandbox.platforms.flowbot.models.api import FlowBot
from sandbox.platforms.flowbot.models.flows import Flows, summary
from sandbox.platforms.flowbot.routes.common import UNAUTHORIZED, endpoint


def _user(api: FlowBot) -> dict[str, Any]:
    user = api.user
    assert user is not None  # these operations take a user's credentials only
    return user


@endpoint(
    "GET /api/flows",
    source="List Flows; newest first and errors assumed",
    query=schemas.FlowsQuery,
    answer=schemas.FlowSummary(many=True),
    errors={
        401: UNAUTHORIZED,
        403: "userId names another user and the caller is no admin (assumed)",
    },
)
def list_flows(api: FlowBot, query: dict[str, Any]) -> list[dict[str, Any]]:
    """The flows of the authenticated user, newest first; admins may name another userId."""
    user = _user(api)
    user_id = query.get("userId") or user["id"]
    if user_id != user["id"] and user["role"] != "admin":
        raise errors.admin_required()
    return [summary(flow) for flow in Flows(api).owned_by(user_id)]


def _upload() -> Upload | None:
    """The `file` part, if one was sent (a browser sends an empty part for no file)."""
    file = request.files.get("file")
    if file is None:
        return None
    data = file.read(MAX_BYTES + 1)
    if not data and not file.filename:
        return None
    return Upload(file.filename or "file", data)


@endpoint(
    "POST /api/flows/generate",
    source="Generate Flow with AI (answer shape); nodes from a deterministic stand-in, no LLM",
    body=schemas.GenerateForm,
    body_location="files",
    answer=schemas.GenerateAnswer,
    errors={
        400: "No prompt, a prompt over 5000 characters, or a PDF that cannot be read (assumed)",
        401: UNAUTHORIZED,
        413: "The file is over 10 MB (assumed)",
        415: "The file is not a PDF, PNG, JPEG or WebP (assumed)",
    },
)
def generate_flow(api: FlowBot, form: dict[str, Any]) -> dict[str, Any]:
    """Generate a draft flow (a Drawflow document) from a prompt and an optional PDF or
    image; the same input always gives the same flow."""
    # The form's prompt (or the JSON body's, without a form); the view reads the file.
    generated = generate(form["prompt"], _upload())
    flow = Flows(api).create_generated(_user(api)["id"], generated)
    count = generated.node_count
    return {
        "success": True,
        "flow": {
            "id": flow["id"],
            "name": flow["name"],
            "status": flow["status"],
            "drawflowData": flow["drawflowData"],
        },
        "nodeCount": count,
        "message": f"Flow generated with {count} nodes",
    }
