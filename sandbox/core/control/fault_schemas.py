"""Bodies and queries of the control API's fault routes (`/_sandbox/faults`)."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields

from sandbox.core.traffic.faults_schema import FaultRuleSchema


class FaultSchema(FaultRuleSchema):
    """A rule as the sandbox keeps it: its definition, its id and how often it fired."""

    class Meta:
        unknown = EXCLUDE

    id = fields.Integer(required=True, metadata={"description": "The rule's id."})
    matched = fields.Integer(
        required=True, metadata={"description": "Requests the rule matched so far."}
    )
    fired = fields.Integer(
        required=True, metadata={"description": "Requests the rule acted on so far."}
    )
    expired = fields.Boolean(
        required=True,
        metadata={"description": "The rule fired `times` times and fires no more."},
    )


class FaultListSchema(Schema):
    faults = fields.List(fields.Nested(FaultSchema), required=True)


class FaultQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    workspace = fields.String(
        load_default=None, metadata={"description": "Only the rules limited to this workspace."}
    )
