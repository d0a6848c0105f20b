"""The control API's fault rules (`/_sandbox/faults`): add, list, read and remove them.

What a rule does is in sandbox/core/traffic/faults.py and docs/faults.md.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import abort
from marshmallow import ValidationError

from sandbox.core.control import fault_schemas
from sandbox.core.control.routes import NOT_JSON, ControlBlueprint
from sandbox.core.sandbox import current_sandbox
from sandbox.core.traffic.faults import FaultRules, rules_of
from sandbox.core.traffic.faults_schema import FaultRuleSchema, load_rule

blp = ControlBlueprint(
    "faults",
    __name__,
    description="Fault rules: late answers, the vendor's errors, cut connections",
)


def _rules() -> FaultRules:
    return rules_of(current_sandbox().traffic)


@blp.route("/faults")
class Faults(MethodView):
    @blp.response(200, fault_schemas.FaultListSchema)
    @blp.arguments(fault_schemas.FaultQuerySchema, location="query", error_status_code=400)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Every fault rule (or one workspace's), in the order they are consulted, with how
        often each matched and fired; a rule that fired `times` times is listed `expired`."""
        return {"faults": [rule.as_dict() for rule in _rules().all(args["workspace"])]}

    @blp.arguments(FaultRuleSchema, location="json", error_status_code=400)
    @blp.response(201, fault_schemas.FaultSchema)
    @blp.alt_response(
        400, description="The rule is not valid (an unknown platform or operationId is named)"
    )
    @blp.alt_response(404, description="The rule names a workspace that does not exist")
    @blp.alt_response(415, description=NOT_JSON)
    def post(self, definition: dict[str, Any]) -> dict[str, Any]:
        """Add a fault rule: match requests by `workspace`, `platform`, `operation`
        (operationId), `path` (a glob) and `method`, all optional, and do `action` to
        them: `latency` (`ms`, or `min_ms`..`max_ms`, real time; the operation happens),
        `error` (`status` in the platform's own words; 429 with `Retry-After`; the
        operation does not happen), `drop`, `empty` or `truncate` (`bytes`, default half).

        `probability` (drawn from `--seed`), `times` (then it expires) and `after` (let
        the first N matches through) say which matching requests it fires on. Rules are
        consulted in order; the first that fires acts alone.
        """
        try:
            rule = load_rule(definition, current_sandbox().platforms)
        except ValidationError as error:
            abort(400, errors={"json": error.messages})
        # A rule for a workspace no one has made would never fire: a typo, said at once.
        workspace = rule.get("workspace")
        if workspace is not None and current_sandbox().workspaces.get(workspace) is None:
            abort(404, message=f"no workspace named {workspace!r}")
        return _rules().add(rule).as_dict()

    @blp.arguments(fault_schemas.FaultQuerySchema, location="query", error_status_code=400)
    @blp.response(204)
    def delete(self, args: dict[str, Any]) -> None:
        """Remove every fault rule, or those limited to `workspace`."""
        _rules().clear(args["workspace"])


@blp.route("/faults/<int:rule_id>")
class Fault(MethodView):
    @blp.response(200, fault_schemas.FaultSchema)
    @blp.alt_response(404, description="No such rule")
    def get(self, rule_id: int) -> dict[str, Any]:
        """One fault rule, with how often it matched and fired."""
        rule = _rules().get(rule_id)
        if rule is None:
            abort(404, message=f"no fault rule {rule_id}")
        return rule.as_dict()

    @blp.response(204)
    @blp.alt_response(404, description="No such rule")
    def delete(self, rule_id: int) -> None:
        """Remove one fault rule."""
        if not _rules().remove(rule_id):
            abort(404, message=f"no fault rule {rule_id}")
