"""The control API: reset, fixtures, export, clock and workspaces (`/_sandbox/...`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import marshmallow as ma
from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from webargs.flaskparser import abort as webargs_abort
from webargs.flaskparser import is_json_request

from sandbox import __version__
from sandbox.core import jsonbody
from sandbox.core.control import schemas
from sandbox.core.control.templates import TemplateError, template_section
from sandbox.core.fixtures import FixtureError, dump_yaml, parse_document
from sandbox.core.parsing import SandboxParser
from sandbox.core.sandbox import current_sandbox
from sandbox.core.workspaces import WorkspaceError


class ControlParser(SandboxParser):
    """The platforms' parser, with the one safe JSON decoding (`jsonbody`), saying why
    it refused a body: flask-smorest's own parser catches only syntax and byte errors, so
    a body nested too deep or a number of a million digits was a 500, and a lone surrogate
    escape failed once stored. Nesting is bounded as for what platforms store as sent: a
    new workspace's sections are stored as they come."""

    def _raw_load_json(self, req: Any) -> Any:
        if not is_json_request(req):
            return ma.missing
        text = req.get_data(cache=True).decode("utf-8")  # webargs answers a bad byte
        try:
            return jsonbody.decode(text, max_depth=jsonbody.MAX_DEPTH)
        except jsonbody.Refused as error:
            # The shape of webargs' answer to any other invalid JSON body.
            message = f"Invalid JSON body: {jsonbody.explain(error)}."
            webargs_abort(400, exc=error, messages={"json": [message]})


class ControlBlueprint(Blueprint):
    ARGUMENTS_PARSER = ControlParser()


blp = ControlBlueprint(
    "control", __name__, description="Control the sandbox (not part of any vendor API)"
)

#: What the guard (guard.py) answers a write whose body is a form or text.
NOT_JSON = "The body is not JSON (a form, text, or no Content-Type)"

FIXTURE_BODY = {
    "required": True,
    "description": "A fixture document, as JSON or YAML (see fixtures/demo.yaml).",
    "content": {
        "application/json": {"schema": schemas.FixtureDocumentSchema},
        "application/yaml": {"schema": schemas.FixtureDocumentSchema},
    },
}


@blp.route("/health")
class Health(MethodView):
    @blp.response(200, schemas.HealthSchema)
    def get(self) -> dict[str, Any]:
        """Report that the sandbox is up, what it serves, and what its storage recovered.

        `storage` says whether loading the database had to repair it (the backup loaded,
        damaged journal lines skipped, a torn last write dropped, damaged files kept
        aside), with counts, and how many commits and compactions failed since (a full
        disk: each failed commit was answered with an error and kept nothing).
        """
        sandbox = current_sandbox()
        single = sandbox.config.platform
        platforms = {
            name: {
                "base_path": "" if single == name else f"/{name}",
                "spec": "/openapi.json" if single == name else f"/{name}/openapi.json",
                "implemented": platform.implemented,
            }
            for name, platform in sandbox.platforms.items()
            if single in (None, name)
        }
        store = sandbox.store
        storage = {
            **store.recovery.as_dict(),
            "write_failures": store.write_failures,
            "compaction_failures": store.compaction_failures,
        }
        return {"status": "ok", "version": __version__, "platforms": platforms, "storage": storage}


@blp.route("/reset")
class Reset(MethodView):
    @blp.arguments(schemas.ResetSchema, location="json", error_status_code=400, required=False)
    @blp.response(200, schemas.ResetResultSchema)
    @blp.alt_response(404, description="No such workspace")
    @blp.alt_response(415, description=NOT_JSON)
    def post(self, args: dict[str, Any]) -> dict[str, Any]:
        """Return everything, or one workspace's data, to its state at startup.

        A full reset removes every workspace, recreates `default` with its demo
        credentials, reloads `--fixtures` if one was given, puts the clock back on real
        time and reseeds the ids. A workspace reset empties that workspace (its
        credentials stay) and reloads its part of `--fixtures`. No body at all is a full
        reset; a body must be JSON (a form or text is refused with 415, resetting nothing).
        """
        try:
            current_sandbox().reset(args["workspace"], seed=args["seed"])
        except WorkspaceError as error:
            abort(404, message=str(error))
        return {"reset": args["workspace"] or "all"}


@blp.route("/fixtures")
class Fixtures(MethodView):
    @blp.doc(requestBody=FIXTURE_BODY)
    @blp.response(200, schemas.LoadResultSchema)
    @blp.alt_response(400, description="The document is not valid; the message names the path")
    @blp.alt_response(415, description="The body is neither JSON nor YAML (a form, text, ...)")
    def post(self) -> dict[str, Any]:
        """Load a fixture document (JSON or YAML); the workspaces it names are replaced."""
        sandbox = current_sandbox()
        try:
            document = parse_document(request.get_data(), request.content_type)
            return {"loaded": sandbox.load_fixtures(document)}
        except FixtureError as error:
            abort(400, message=str(error))


@blp.route("/export")
class Export(MethodView):
    @blp.arguments(schemas.ExportQuerySchema, location="query", error_status_code=400)
    @blp.response(200, schemas.FixtureDocumentSchema)
    @blp.alt_response(404, description="No such workspace")
    def get(self, args: dict[str, Any]) -> Any:
        """The state (all workspaces, or one) as a fixture document.

        Export, reset, then load the document: the state is identical.
        """
        try:
            document = current_sandbox().export(args["workspace"])
        except WorkspaceError as error:
            abort(404, message=str(error))
        if args["format"] == "yaml":
            return Response(dump_yaml(document), mimetype="application/yaml")
        return document


@blp.route("/clock")
class ClockView(MethodView):
    @blp.response(200, schemas.ClockSchema)
    def get(self) -> Any:
        """The sandbox time every timestamp comes from."""
        return current_sandbox().clock.state()

    @blp.arguments(schemas.ClockChangeSchema, location="json", error_status_code=400)
    @blp.response(200, schemas.ClockSchema)
    @blp.alt_response(415, description=NOT_JSON)
    def post(self, args: dict[str, Any]) -> Any:
        """Freeze, set or advance the clock.

        Applied in this order: `real`, `now` (with `frozen: true`: freeze there), `advance`,
        `frozen: false`. For example
        `{"now": "2030-01-01T00:00:00Z", "frozen": true}` stops time at that instant, and
        `{"advance": 86400}` moves one day ahead.
        """
        clock = current_sandbox().clock
        if args.get("real"):
            clock.reset()
        if args.get("frozen") is True:
            # Freeze first, so "now" + "frozen" stops at exactly that instant.
            clock.freeze(args.get("now"))
        elif "now" in args:
            clock.set(args["now"])
        if "advance" in args:
            clock.advance(args["advance"])
        if args.get("frozen") is False:
            clock.unfreeze()
        return clock.state()


@blp.route("/workspaces")
class WorkspaceList(MethodView):
    @blp.response(200, schemas.WorkspaceListSchema)
    def get(self) -> dict[str, Any]:
        """Every workspace with its credentials."""
        return {"workspaces": current_sandbox().workspaces.all()}

    @blp.arguments(schemas.NewWorkspaceSchema, location="json", error_status_code=400)
    @blp.response(201, schemas.CreatedWorkspaceSchema)
    @blp.alt_response(409, description="A workspace with this name already exists")
    @blp.alt_response(415, description=NOT_JSON)
    def post(self, section: dict[str, Any]) -> dict[str, Any]:
        """Create an isolated workspace with fresh credentials for every platform.

        The body is optional: a `name`, fixed `credentials`, a `template` (`demo`: the
        demo data's `default` workspace, with this workspace's own credentials), and
        platform sections as in a fixture document, loaded into the new workspace.
        An unknown template, or one that is not a bare file name, is refused with 400.
        """
        sandbox = current_sandbox()
        name = section.pop("name", None)
        template = section.pop("template", None)
        if template is not None:
            try:
                # The body's own sections win over the template's, platform by platform.
                section = {**template_section(template), **section}
            except TemplateError as error:
                abort(400, message=str(error))
        try:
            with sandbox.store.transaction():  # the workspace and its data, or nothing
                workspace = sandbox.workspaces.create(name, section.get("credentials"))
                loaded = sandbox.load_fixtures({"workspaces": {workspace.name: section}})
        except WorkspaceError as error:
            abort(409 if "already exists" in str(error) else 400, message=str(error))
        except FixtureError as error:
            abort(400, message=str(error))
        return {
            "name": workspace.name,
            "credentials": workspace.credentials,
            "loaded": loaded[workspace.name],
        }


@blp.route("/workspaces/<name>")
class WorkspaceItem(MethodView):
    @blp.response(200, schemas.WorkspaceSchema)
    @blp.alt_response(404, description="No such workspace")
    def get(self, name: str) -> Any:
        """One workspace with its credentials."""
        workspace = current_sandbox().workspaces.get(name)
        if workspace is None:
            abort(404, message=f"no workspace named {name!r}")
        return workspace

    @blp.response(204)
    @blp.alt_response(404, description="No such workspace")
    def delete(self, name: str) -> None:
        """Remove a workspace and all its data (CI jobs clean up with this)."""
        try:
            current_sandbox().remove_workspace(name)
        except WorkspaceError as error:
            abort(404, message=str(error))


@contextmanager
def _hook_errors() -> Iterator[None]:
    """The conversations hook's errors as the control API's: an unknown conversation
    (LookupError) is a 404, an invalid message (ValueError) a 400."""
    try:
        yield
    except LookupError as error:
        abort(404, message=str(error.args[0] if error.args else error))
    except ValueError as error:
        abort(400, message=str(error))


def _conversations(platform: str, workspace: str) -> tuple[Any, Any]:
    """The platform's conversations hook and the workspace's context, or the 4xx."""
    sandbox = current_sandbox()
    found = sandbox.platforms.get(platform)
    if found is None:
        abort(404, message=f"no platform named {platform!r}")
    if found.conversations is None:
        abort(400, message=f"{platform} sends no messages: it has no outbox")
    target = sandbox.workspaces.get(workspace)
    if target is None:
        abort(404, message=f"no workspace named {workspace!r}")
    return found.conversations, sandbox.context(target)


def _on_a_conversation(
    arguments: type[ma.Schema], location: str, status: int, answer: type[ma.Schema], invalid: str
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The documentation of a view that reaches a conversation through `_conversations`
    and `_hook_errors`: its arguments, its answer, and the 400 (`invalid`) and 404 those
    two raise, stacked in the order the views once spelled out (the spec stays as it was)."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        view = blp.alt_response(404, description="No such platform, workspace or conversation")(
            view
        )
        view = blp.alt_response(400, description=invalid)(view)
        view = blp.response(status, answer)(view)
        return blp.arguments(arguments, location=location, error_status_code=400)(view)

    return decorate


@blp.route("/outbox")
class Outbox(MethodView):
    @_on_a_conversation(
        schemas.OutboxQuerySchema,
        "query",
        200,
        schemas.OutboxSchema,
        "The platform sends no messages",
    )
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """What a workspace "sent" on a messaging platform (nothing really leaves the
        sandbox), oldest first; `conversation` narrows it to one."""
        conversations, ctx = _conversations(args["platform"], args["workspace"])
        with _hook_errors():
            return {"messages": conversations.outbox(ctx, args["conversation"])}


@blp.route("/inbound")
class Inbound(MethodView):
    @_on_a_conversation(
        schemas.InboundSchema,
        "json",
        201,
        schemas.InboundResultSchema,
        "The platform sends no messages, or the message is invalid",
    )
    @blp.alt_response(415, description=NOT_JSON)
    def post(self, args: dict[str, Any]) -> dict[str, Any]:
        """Simulate a customer's message in a conversation: it is recorded as received and
        opens (or refreshes) the 24-hour window in which free-form messages may be sent."""
        conversations, ctx = _conversations(args["platform"], args["workspace"])
        with _hook_errors(), current_sandbox().store.transaction():
            message = conversations.inbound(ctx, args["conversation"], args["text"])
        return {"message": message}
