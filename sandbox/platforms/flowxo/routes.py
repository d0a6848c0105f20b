"""Flow XO API views (thin: the stack reads the input, the models answer).

Paths are the vendor's, relative to https://flowxo.com: end users (seed 000, article 285),
workflow activation (article 279) and the conversation list (article 291).
"""

from __future__ import annotations

from typing import Any

from flask.blueprints import BlueprintSetupState
from werkzeug.routing import BaseConverter

from sandbox.core.operations import OperationBlueprint
from sandbox.core.stacks import express
from sandbox.platforms.flowxo import schemas
from sandbox.platforms.flowxo.errors import ErrorSchema, InvalidInput, TooLarge
from sandbox.platforms.flowxo.models.api import FlowXO
from sandbox.platforms.flowxo.models.conversations import Conversations
from sandbox.platforms.flowxo.models.end_users import EndUsers
from sandbox.platforms.flowxo.models.workflows import Workflows

SOURCE = "docs/flowxo-fidelity.md"
# An operation's `errors` name its statuses in the order the spec lists them; "" keeps
# the description below.
ERROR_DESCRIPTIONS = {
    400: "The body or a query value cannot be used, or the body is not JSON (assumed)",
    401: "Missing or unknown API key (assumed)",
    404: "No such object of this account (assumed)",
}
#: express.json() with body-parser's defaults, refusing in Flow XO's envelope.
STACK = express.Stack(invalid_json=InvalidInput, too_large=TooLarge)


class FlowXOBlueprint(OperationBlueprint):
    STACK = STACK
    ERROR_SCHEMA = ErrorSchema
    ANSWER_DESCRIPTION = "OK"
    ERRORS = {status: {"description": words} for status, words in ERROR_DESCRIPTIONS.items()}


blp = FlowXOBlueprint(
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

#: An OpenAPI link from a created user's response path to its update, so stateful tests
#: (schemathesis) chain create -> update.
UPDATE_LINK = {
    "UpdateEndUser": {
        "operationRef": "#/paths/~1api~1end_users/put",
        "requestBody": {"response_path": "$response.body#/end_user/response_path"},
    }
}


@blp.route("/api/end_users", methods=["POST"])
@blp.operation(
    fidelity="assumed",
    source="seed 000 (article 285): path, auth and body documented; answer, statuses and "
    f"duplicate handling assumed ({SOURCE} §2)",
    body=schemas.EndUserCreateBody,
    answer=schemas.EndUserAnswer,
    description="The user, created or updated",
    errors={400: "", 401: "", 404: "`connection` names no bot of this account (assumed)"},
    links=UPDATE_LINK,
)
def create_end_user(account: FlowXO, data: dict[str, Any]) -> dict[str, Any]:
    """Create a user of a bot (an existing one, same bot and channel id, is updated)."""
    user = EndUsers(account).create(data["connection"], data["channel"], data.get("profile"))
    return {"end_user": user}


@blp.route("/api/end_users", methods=["PUT"])
@blp.operation(
    fidelity="assumed",
    source=f"seed 000 (article 285): path, auth and body documented; answer and statuses "
    f"assumed ({SOURCE} §2)",
    body=schemas.EndUserUpdateBody,
    answer=schemas.EndUserAnswer,
    description="The updated user",
    errors={400: "", 401: "", 404: "`response_path` names no user of this account (assumed)"},
)
def update_end_user(account: FlowXO, data: dict[str, Any]) -> dict[str, Any]:
    """Change the user name, first and last name of the user with that response path."""
    return {"end_user": EndUsers(account).update(data["response_path"], data["profile"])}


@blp.route("/api/workflows/simple", methods=["GET"])
@blp.operation(
    source="article 279 (platforms.md §C.3): path and answer shape",
    answer=schemas.WorkflowSimpleSchema(many=True),
    errors=(401,),
)
def list_workflows(account: FlowXO, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every workflow of the account: id, name and whether it is active."""
    return Workflows(account).list_simple()


def _workflow_first(account: FlowXO, id: str) -> None:
    # body-parser runs before the handler (a body that does not parse is its 400 first);
    # the handler looks the workflow up before it reads `active`.
    STACK.body()
    Workflows(account).get(id)


@blp.route(
    "/api/workflows/<workflow_id:id>",
    methods=["PUT"],
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
@blp.operation(
    fidelity="assumed",
    source=f"article 279: path and body documented; answer and statuses assumed ({SOURCE} §3)",
    body=schemas.WorkflowActiveBody,
    answer=schemas.WorkflowSimpleSchema,
    description="The workflow",
    errors={400: "", 401: "", 404: "No workflow with that id in this account (assumed)"},
    before_input=_workflow_first,
)
def set_workflow_active(account: FlowXO, data: dict[str, Any], id: str) -> dict[str, Any]:
    """Enable (`{"active": true}`) or disable (`{"active": false}`) a workflow."""
    return Workflows(account).set_active(id, data["active"])


@blp.route("/api/conversations", methods=["GET"])
@blp.operation(
    source="article 291 (platforms.md §C.3): parameters and answer shape; order and date "
    f"filter assumed ({SOURCE} §4)",
    query=schemas.ConversationQuery,
    answer=schemas.ConversationPageSchema,
    errors={400: "`skip`, `limit`, `start` or `end` cannot be read (assumed)", 401: ""},
)
def list_conversations(account: FlowXO, data: dict[str, Any]) -> dict[str, Any]:
    """A page of the account's conversations, most recently active first."""
    return Conversations(account).page(
        data["skip"], data["limit"], data.get("start"), data.get("end")
    )


#: What the platform mounts (`platform_package` reads it by this name).
BLUEPRINTS = (blp,)
