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

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from marshmallow import Schema, fields

from sandbox.core.api import Fidelity, PlatformBlueprint
from sandbox.platforms.flochat import laravel
from sandbox.platforms.flochat.errors import ErrorSchema, MissingScope
from sandbox.platforms.flochat.models.api import SCOPE_NAMES, current_flochat

F = TypeVar("F", bound=Callable[..., Any])
SPEC = "uchat-openapi.json"

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


class FlochatBlueprint(PlatformBlueprint):
    def operation(
        self,
        *,
        scope: str | None,
        answer: type[Schema] | Schema | dict[str, Any],
        source: str,
        query: type[laravel.Input] | None = None,
        body: type[laravel.Input] | None = None,
        fidelity: Fidelity = "documented",
    ) -> Callable[[F], F]:
        """One vendor operation: `scope` ("flow", "team" or None), its input rules (`query`
        for GET, `body` for the others: both read `$request->input()`), and its 200
        `answer` (a schema, or a JSON Schema dict for bare arrays and the like)."""
        rules = query or body

        def decorator(func: F) -> F:
            @wraps(func)
            def view(**path: Any) -> Any:
                api = current_flochat()
                if scope is not None and scope not in api.scopes:
                    raise MissingScope()
                data = laravel.load(rules) if rules is not None else {}
                return func(api, data, **path)

            documented: Any = view
            if isinstance(answer, dict):
                documented = self.doc(
                    responses={
                        200: {
                            "description": "Successful operation",
                            "content": {"application/json": {"schema": answer}},
                        }
                    }
                )(documented)
            else:
                documented = self.response(200, answer, description="Successful operation")(
                    documented
                )
            statuses = (400, 401, 403) if scope is not None else (400, 401)
            documented = self.doc(
                responses={
                    status: {
                        **ERRORS[status],
                        "content": {"application/json": {"schema": ErrorSchema}},
                    }
                    for status in statuses
                }
            )(documented)
            if query is not None:
                documented = self.parameters(query, location="query")(documented)
            if body is not None:
                documented = self.parameters(body, location="json")(documented)
            if scope is not None:
                documented = self.doc(**{"x-scope": SCOPE_NAMES[scope]})(documented)
            return self.fidelity(fidelity, f"{SPEC} {source}")(documented)  # type: ignore[return-value]

        return decorator
