"""Flow XO API views (thin: read the request, call the models, return the answer).

Paths are the vendor's, relative to https://flowxo.com: end users (seed 000, article 285),
workflow activation (article 279) and the conversation list (article 291).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import request
from flask.blueprints import BlueprintSetupState
from flask.views import MethodView
from werkzeug.routing import BaseConverter

from sandbox.core.api import PlatformBlueprint
from sandbox.core.context import current_context
from sandbox.platforms.flowxo import schemas
from sandbox.platforms.flowxo.errors import ErrorSchema
from sandbox.platforms.flowxo.express import json_body
from sandbox.platforms.flowxo.models import FlowXO

blp = PlatformBlueprint(
    "flowxo",
    __name__,
    description="Flow XO API: end users, workflow activation and conversations.",
)


class WorkflowId(BaseConverter):
    """A workflow's id: any path segment but `simple`, the list's own URL, so that a wrong
    method there is answered as on any other URL (405 with `Allow: GET, HEAD`)."""

    regex = r"(?!simple$)[^/]+"


def _add_converters(state: BlueprintSetupState) -> None:
    state.app.url_map.converters["workflow_id"] = WorkflowId


# Recorded before any route, so the converter exists when the rules are added.
blp.record_once(_add_converters)

SOURCE = "docs/flowxo-fidelity.md"
ERROR_DESCRIPTIONS = {
    400: "The body or a query value cannot be used, or the body is not JSON (assumed)",
    401: "Missing or unknown API key (assumed)",
    404: "No such object of this account (assumed)",
}


def errors(*statuses: int, **descriptions: str) -> Callable[[Any], Any]:
    """Document the errors an operation can answer with (`e404="..."` words one)."""

    def decorator(view: Any) -> Any:
        for status in reversed(statuses):
            description = descriptions.get(f"e{status}", ERROR_DESCRIPTIONS[status])
            view = blp.alt_response(status, schema=ErrorSchema, description=description)(view)
        return view

    return decorator


def update_link() -> Callable[[Any], Any]:
    """An OpenAPI link from a created user's response path to its update, so stateful
    tests (schemathesis) chain create -> update."""
    link = {
        "operationRef": "#/paths/~1api~1end_users/put",
        "requestBody": {"response_path": "$response.body#/end_user/response_path"},
    }
    return blp.doc(responses={200: {"links": {"UpdateEndUser": link}}})


def account() -> FlowXO:
    return FlowXO(current_context())


@blp.route("/api/end_users")
class EndUsers(MethodView):
    @blp.fidelity(
        "assumed",
        "seed 000 (article 285): path, auth and body documented; answer, statuses and "
        f"duplicate handling assumed ({SOURCE} §2)",
    )
    @blp.parameters(schemas.EndUserCreateBody, location="json")
    @blp.response(200, schemas.EndUserAnswer, description="The user, created or updated")
    @errors(400, 401, 404, e404="`connection` names no bot of this account (assumed)")
    @update_link()
    def post(self) -> dict[str, Any]:
        """Create a user of a bot (an existing one, same bot and channel id, is updated)."""
        return {"end_user": account().end_users.create(json_body())}

    @blp.fidelity(
        "assumed",
        f"seed 000 (article 285): path, auth and body documented; answer and statuses assumed "
        f"({SOURCE} §2)",
    )
    @blp.parameters(schemas.EndUserUpdateBody, location="json")
    @blp.response(200, schemas.EndUserAnswer, description="The updated user")
    @errors(400, 401, 404, e404="`response_path` names no user of this account (assumed)")
    def put(self) -> dict[str, Any]:
        """Change the user name, first and last name of the user with that response path."""
        return {"end_user": account().end_users.update(json_body())}


@blp.route("/api/workflows/simple")
class WorkflowList(MethodView):
    @blp.fidelity("documented", "article 279 (platforms.md §C.3): path and answer shape")
    @blp.response(200, schemas.WorkflowSimpleSchema(many=True))
    @errors(401)
    def get(self) -> list[dict[str, Any]]:
        """Every workflow of the account: id, name and whether it is active."""
        return account().workflows.list_simple()


@blp.route(
    "/api/workflows/<workflow_id:id>",
    parameters=[
        {
            "in": "path",
            "name": "id",
            "required": True,
            "description": "The workflow's `_id` (from GET /api/workflows/simple).",
            "schema": {"type": "string"},
        }
    ],
)
class Workflow(MethodView):
    @blp.fidelity(
        "assumed",
        f"article 279: path and body documented; answer and statuses assumed ({SOURCE} §3)",
    )
    @blp.parameters(schemas.WorkflowActiveBody, location="json")
    @blp.response(200, schemas.WorkflowSimpleSchema, description="The workflow")
    @errors(400, 401, 404, e404="No workflow with that id in this account (assumed)")
    def put(self, id: str) -> dict[str, Any]:
        """Enable (`{"active": true}`) or disable (`{"active": false}`) a workflow."""
        return account().workflows.set_active(id, json_body())


@blp.route("/api/conversations")
class ConversationList(MethodView):
    @blp.fidelity(
        "documented",
        f"article 291 (platforms.md §C.3): parameters and answer shape; order and date "
        f"filter assumed ({SOURCE} §4)",
    )
    @blp.parameters(schemas.ConversationQuery, location="query")
    @blp.response(200, schemas.ConversationPageSchema)
    @errors(400, 401, e400="`skip`, `limit`, `start` or `end` cannot be read (assumed)")
    def get(self) -> dict[str, Any]:
        """A page of the account's conversations, most recently active first."""
        return account().conversations.page(request.args.to_dict())
