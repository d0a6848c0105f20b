"""What every Flochat operation has in common: a scope, Laravel-validated input, the
success answer, and the errors the vendor documents (400) or its stack gives (401, 403).

    blp = FlochatBlueprint("flochat-tags", __name__, description="Flow tags")

    @blp.route("/flow/create-tag", methods=["POST"])
    @blp.operation(scope=FLOW_SCOPE, body=NameInput, answer=Tag, source="flowCreateTag")
    def create_tag(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        return Tags(api).create(data["name"])

A view gets the request's `Flochat` (team and flow of the key) and its validated input,
plus the path parameters as keywords, and returns the body of its 200 answer.
"""

from __future__ import annotations

from typing import Any, ClassVar

from marshmallow import Schema, fields

from sandbox.core.operations import OperationBlueprint
from sandbox.core.stacks import laravel
from sandbox.platforms.flochat.errors import ErrorSchema, FlochatError, MissingScope
from sandbox.platforms.flochat.models.api import SCOPE_NAMES, Flochat

SPEC = "uchat-openapi.json"
#: Laravel's validation, failing with the vendor's `400 {"message": ...}`.
LARAVEL = laravel.Stack(FlochatError)

ERRORS: dict[int, dict[str, Any]] = {
    400: {"description": "Response Error (as the vendor documents every error)"},
    401: {
        "description": "No key, or a key of no team: Laravel Sanctum's answer (assumed: "
        "the vendor does not document it)",
        "x-fidelity": "assumed",
    },
    403: {
        "description": "The key lacks the operation's scope: Sanctum's abilities check "
        "(assumed: the vendor does not document it)",
        "x-fidelity": "assumed",
    },
}


class OkSchema(Schema):
    """`{"status": "ok"}`: the vendor's ResponseOk."""

    status = fields.String(required=True, metadata={"example": "ok"})


OK = {"status": "ok"}


class FlochatBlueprint(OperationBlueprint):
    """Flochat's operations: `scope` ("flow", "team" or None) is a Sanctum ability of
    the key; the input (`query` for GET, `body` for the others) is `$request->input()`,
    read by Laravel's rules; every operation can answer 400 and 401, and 403 with a scope.
    """

    STACK = LARAVEL
    ERROR_SCHEMA = ErrorSchema
    ERRORS: ClassVar[dict[int, dict[str, Any]]] = ERRORS
    COMMON_ERRORS = (400, 401)
    SCOPE_ERRORS = (403,)
    SOURCE_PREFIX = f"{SPEC} "

    def authorize(self, backend: Flochat, scope: str) -> None:
        if scope not in backend.scopes:
            raise MissingScope()

    def scope_document(self, scope: str) -> dict[str, Any]:
        return {"x-scope": SCOPE_NAMES[scope]}
