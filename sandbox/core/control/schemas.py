"""Request and response bodies of the control API."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate


class StrictSchema(Schema):
    class Meta:
        unknown = EXCLUDE


def _objects_by_name(description: str) -> fields.Dict:
    """A required object of objects keyed by name (a platform's, a workspace's)."""
    return fields.Dict(
        keys=fields.String(),
        values=fields.Dict(),
        required=True,
        metadata={"description": description},
    )


class StorageHealthSchema(StrictSchema):
    recovered = fields.Boolean(
        required=True, metadata={"description": "Loading the database had to repair it."}
    )
    warning = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The one-line warning the server printed at startup."},
    )
    backup_loaded = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The backup loaded because the snapshot was not usable."},
    )
    snapshot_problem = fields.String(
        required=True, allow_none=True, metadata={"description": "What was wrong with it."}
    )
    journal_lines_skipped = fields.Integer(
        required=True, metadata={"description": "Damaged journal lines left out."}
    )
    torn_bytes_dropped = fields.Integer(
        required=True, metadata={"description": "Bytes of a last write a crash cut off."}
    )
    kept_aside = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Damaged files moved aside, next to the database."},
    )
    write_failures = fields.Integer(
        required=True,
        metadata={"description": "Commits refused since startup: not journalled, kept nothing."},
    )
    compaction_failures = fields.Integer(
        required=True, metadata={"description": "Background compactions failed (retried)."}
    )


class HealthSchema(StrictSchema):
    status = fields.String(required=True, metadata={"example": "ok"})
    version = fields.String(required=True)
    platforms = _objects_by_name("Each platform's base path, spec URL and whether it is built.")
    storage = fields.Nested(StorageHealthSchema, required=True)


class ResetSchema(StrictSchema):
    workspace = fields.String(
        load_default=None,
        metadata={"description": "Reset only this workspace's data (its credentials stay)."},
    )
    seed = fields.Integer(
        load_default=None,
        metadata={"description": "Reseed the id generators (full reset only)."},
    )


class ResetResultSchema(StrictSchema):
    reset = fields.String(required=True, metadata={"description": "`all` or the workspace name."})


class LoadResultSchema(StrictSchema):
    loaded = _objects_by_name("{workspace: {platform: {kind: count}}}")


class ExportQuerySchema(StrictSchema):
    workspace = fields.String(load_default=None)
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "yaml"]))


class FixtureDocumentSchema(StrictSchema):
    version = fields.Integer(load_default=1, metadata={"example": 1})
    workspaces = _objects_by_name(
        "Workspace name -> {credentials: {platform: {...}}, <platform>: {...}}"
    )
    faults = fields.List(
        fields.Dict(),
        metadata={
            "description": "Fault rules, as POST /_sandbox/faults takes them (docs/faults.md)."
        },
    )


class ClockSchema(StrictSchema):
    now = fields.DateTime(required=True, format="iso")
    frozen = fields.Boolean(required=True)
    offset_seconds = fields.Float(
        required=True, metadata={"description": "Sandbox time minus real time."}
    )


class ClockChangeSchema(StrictSchema):
    now = fields.DateTime(
        format="iso", metadata={"description": "Jump to this instant (ISO 8601, naive = UTC)."}
    )
    advance = fields.Float(metadata={"description": "Move forward by this many seconds."})
    frozen = fields.Boolean(metadata={"description": "true stops the clock, false restarts it."})
    real = fields.Boolean(
        metadata={"description": "true goes back to real time (applied before the others)."}
    )


class WorkspaceSchema(StrictSchema):
    name = fields.String(required=True, metadata={"example": "ci-job-42"})
    credentials = _objects_by_name("Per platform, the credentials requests must carry.")


class WorkspaceListSchema(StrictSchema):
    workspaces = fields.List(fields.Nested(WorkspaceSchema), required=True)


class NewWorkspaceSchema(Schema):
    """A workspace section of a fixture document, plus an optional name."""

    class Meta:
        unknown = "include"

    name = fields.String(
        load_default=None, metadata={"description": "Generated (ws-xxxxxxxx) when absent."}
    )
    credentials = fields.Dict(keys=fields.String(), values=fields.Dict(), load_default=None)
    template = fields.String(
        load_default=None,
        metadata={
            "description": "Start from a template: a fixture file of the package's fixtures "
            "directory, by file name with or without its extension (`demo`: the demo "
            "data). Its `default` workspace (or its only one) is loaded, without its "
            "credentials; platform sections of the body replace the template's.",
            "example": "demo",
        },
    )


class CreatedWorkspaceSchema(WorkspaceSchema):
    loaded = fields.Dict(keys=fields.String(), values=fields.Dict(), required=True)


class OutboxQuerySchema(StrictSchema):
    platform = fields.String(required=True, metadata={"example": "flochat"})
    workspace = fields.String(load_default="default")
    conversation = fields.String(
        load_default=None,
        metadata={"description": "Only this conversation (Flochat: a subscriber's user_ns)."},
    )


class OutboxSchema(StrictSchema):
    messages = fields.List(
        fields.Dict(),
        required=True,
        metadata={
            "description": "What the workspace sent, oldest first, in the platform's "
            "own message shape plus the conversation it belongs to."
        },
    )


class InboundSchema(StrictSchema):
    platform = fields.String(required=True, metadata={"example": "flochat"})
    workspace = fields.String(load_default="default")
    conversation = fields.String(required=True, metadata={"example": "f123456u1"})
    text = fields.String(required=True, metadata={"example": "Hi, is my order on its way?"})


class InboundResultSchema(StrictSchema):
    message = fields.Dict(required=True)
