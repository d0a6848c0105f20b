"""The request journal's control routes: list, count and clear what the platforms received
(`/_sandbox/requests`; docs/journal.md)."""

from __future__ import annotations

import difflib
from datetime import datetime, timezone
from functools import cache
from typing import Any

from flask.views import MethodView
from flask_smorest import abort
from marshmallow import RAISE

from sandbox.core.control import journal_schemas as schemas
from sandbox.core.control.routes import NOT_JSON, ControlBlueprint
from sandbox.core.platform import Platform
from sandbox.core.sandbox import Sandbox, current_sandbox
from sandbox.core.traffic.journal import UNMATCHED, Filter, Journal, journal_of
from sandbox.core.traffic.journal_view import Masking, present

blp = ControlBlueprint(
    "journal",
    __name__,
    description="The request journal: what each workspace's integration sent, and what it "
    "was answered",
)

OFF = "The journal is off (serve --journal-size 0)"
MATCHER_ERRORS = "An unknown field, platform or operation, or a value out of range"


def _journal(sandbox: Sandbox) -> Journal:
    journal = journal_of(sandbox.traffic)
    if journal is None:
        abort(409, message="the request journal is off (flow-sandbox serve --journal-size 0)")
    return journal


@cache
def _operation_ids(platform: Platform) -> frozenset[str]:
    """Every operationId of a platform's API (its views' documented names)."""
    found: set[str] = set()
    for blueprint in platform.blueprints:
        for methods in getattr(blueprint, "_docs", {}).values():
            for method, doc in methods.items():
                if method != "parameters" and isinstance(doc, dict):
                    operation_id = doc.get("manual_doc", {}).get("operationId")
                    if isinstance(operation_id, str):
                        found.add(operation_id)
    return frozenset(found)


def _filter(sandbox: Sandbox, args: dict[str, Any]) -> Filter:
    """The matcher, its names checked: a typo must not quietly match nothing."""
    workspace, platform, operation = args["workspace"], args["platform"], args["operation"]
    if workspace not in (None, UNMATCHED) and sandbox.workspaces.get(workspace) is None:
        abort(404, message=f"no workspace named {workspace!r}")
    if platform is not None and platform not in sandbox.platforms:
        abort(
            400,
            message=f"unknown platform {platform!r} (expected one of: "
            f"{', '.join(sandbox.platforms)})",
        )
    if operation is not None:
        chosen = [sandbox.platforms[platform]] if platform else sandbox.platforms.values()
        known = sorted(set().union(*(_operation_ids(found) for found in chosen)))
        if operation not in known:
            where = f"of {platform}" if platform else "of any platform"
            close = difflib.get_close_matches(operation, known, n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            abort(400, message=f"{operation!r} is not an operationId {where}{hint}")
    return Filter(
        workspace=workspace,
        platform=platform,
        operation=operation,
        method=args["method"],
        status=args["status"],
        since=_utc(args["since"]),
        after=args["after"],
    )


def _utc(moment: datetime | None) -> datetime | None:
    """A naive time is UTC, as everywhere in the control API."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=timezone.utc)


def _masking(sandbox: Sandbox) -> Masking:
    return _masking_of(tuple(sandbox.platforms.values()))


@cache
def _masking_of(platforms: tuple[Platform, ...]) -> Masking:
    return Masking.of(platform.auth.SECURITY_SCHEMES for platform in platforms)


@blp.route("/requests")
class Requests(MethodView):
    @blp.arguments(schemas.ListQuerySchema, location="query", error_status_code=400, unknown=RAISE)
    @blp.response(200, schemas.EntryListSchema)
    @blp.alt_response(400, description=MATCHER_ERRORS)
    @blp.alt_response(404, description="No such workspace")
    @blp.alt_response(409, description=OFF)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """The requests the platforms received, newest first, as they were answered.

        Each names its workspace (none for a request whose credentials were refused: ask
        for those with `workspace=-`), the operation it matched (or, for a 404, the
        nearest ones), its headers with credentials masked, its body and the answer (each
        body cut at 16 KiB), the duration and any fault that steered it. Every filter
        given must hold. The journal keeps the last `--journal-size` requests (1,000 by
        default) of each workspace.
        """
        sandbox = current_sandbox()
        journal = _journal(sandbox)
        entries = journal.select(_filter(sandbox, args), args["limit"])
        masking = _masking(sandbox)
        return {"requests": [present(entry, masking) for entry in entries]}

    @blp.arguments(schemas.ClearQuerySchema, location="query", error_status_code=400, unknown=RAISE)
    @blp.response(204)
    @blp.alt_response(400, description="An unknown field")
    @blp.alt_response(404, description="No such workspace")
    @blp.alt_response(409, description=OFF)
    def delete(self, args: dict[str, Any]) -> None:
        """Forget every request (or one workspace's: `workspace=-` for the unmatched)."""
        sandbox = current_sandbox()
        journal = _journal(sandbox)
        workspace = args["workspace"]
        if workspace not in (None, UNMATCHED) and sandbox.workspaces.get(workspace) is None:
            abort(404, message=f"no workspace named {workspace!r}")
        journal.clear(workspace)


@blp.route("/requests/count")
class RequestCount(MethodView):
    @blp.arguments(
        schemas.MatcherSchema, location="json", error_status_code=400, required=False, unknown=RAISE
    )
    @blp.response(200, schemas.CountSchema)
    @blp.alt_response(400, description=MATCHER_ERRORS)
    @blp.alt_response(404, description="No such workspace")
    @blp.alt_response(409, description=OFF)
    @blp.alt_response(415, description=NOT_JSON)
    def post(self, args: dict[str, Any]) -> dict[str, Any]:
        """How many journalled requests match, for "verify it was called N times".

        The body is the listing's filter as JSON (`{"workspace": "default", "operation":
        "save_contact", "status": 201}`); no body counts every request. Counts only what
        the journal still holds: at most `--journal-size` requests per workspace.
        """
        sandbox = current_sandbox()
        journal = _journal(sandbox)
        return {"count": journal.count(_filter(sandbox, args))}
