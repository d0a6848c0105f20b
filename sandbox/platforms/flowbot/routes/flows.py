"""`GET /api/flows` and `POST /api/flows/generate` (seed 001)."""

from __future__ import annotations

from typing import Any

from flask import request

from sandbox.platforms.flowbot import errors, schemas
from sandbox.platforms.flowbot.express import json_body
from sandbox.platforms.flowbot.generator import MAX_PROMPT, Upload, generate
from sandbox.platforms.flowbot.generator.documents import MAX_BYTES
from sandbox.platforms.flowbot.models import current_flowbot
from sandbox.platforms.flowbot.models.flows import summary
from sandbox.platforms.flowbot.routes.common import SEED, UNAUTHORIZED, blp, fails, security


def _user() -> dict[str, Any]:
    principal = current_flowbot().principal
    assert principal is not None and principal.user is not None
    return principal.user


@blp.route("/api/flows", methods=["GET"])
@blp.fidelity("documented", f"{SEED} List Flows; newest first and errors assumed")
@blp.parameters(schemas.FlowsQuery, location="query")
@blp.response(200, schemas.FlowSummary(many=True))
@fails({401: UNAUTHORIZED, 403: "userId names another user and the caller is no admin (assumed)"})
@security()
def list_flows() -> list[dict[str, Any]]:
    """The flows of the authenticated user, newest first; admins may name another userId."""
    api = current_flowbot()
    user = _user()
    user_id = request.args.get("userId") or user["id"]
    if user_id != user["id"] and user["role"] != "admin":
        raise errors.admin_required()
    return [summary(flow) for flow in api.flows.owned_by(user_id)]


def _upload() -> Upload | None:
    """The `file` part, if one was sent (a browser sends an empty part for no file)."""
    file = request.files.get("file")
    if file is None:
        return None
    data = file.read(MAX_BYTES + 1)
    if not data and not file.filename:
        return None
    return Upload(file.filename or "file", data)


@blp.route("/api/flows/generate", methods=["POST"])
@blp.fidelity(
    "documented",
    f"{SEED} Generate Flow with AI (answer shape); nodes from a deterministic stand-in, no LLM",
)
@blp.parameters(schemas.GenerateForm, location="files")
@blp.response(200, schemas.GenerateAnswer)
@fails(
    {
        400: "No prompt, a prompt over 5000 characters, or a PDF that cannot be read (assumed)",
        401: UNAUTHORIZED,
        413: "The file is over 10 MB (assumed)",
        415: "The file is not a PDF, PNG, JPEG or WebP (assumed)",
    }
)
@security()
def generate_flow() -> dict[str, Any]:
    """Generate a draft flow (a Drawflow document) from a prompt and an optional PDF or
    image; the same input always gives the same flow."""
    api = current_flowbot()
    prompt = request.form.get("prompt")
    if prompt is None and request.mimetype != "multipart/form-data":
        prompt = json_body().get("prompt")  # express.json() fills req.body too
    if not isinstance(prompt, str) or not prompt.strip():
        raise errors.BadRequest("prompt is required")
    if len(prompt) > MAX_PROMPT:
        raise errors.BadRequest(f"prompt must be at most {MAX_PROMPT} characters")
    generated = generate(prompt, _upload())
    flow = api.flows.create_generated(_user()["id"], generated)
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
