"""The three operations, each declared once with `operation()`: the decorator documents
the input, the answer, the errors and the fidelity, and serves the view with the
request's backend and its validated input."""

from __future__ import annotations

from typing import Any, ClassVar

from examples.notes import schemas
from examples.notes.errors import ErrorSchema, NotesError
from examples.notes.models import Notebook, Notes
from sandbox.core.operations import OperationBlueprint
from sandbox.core.stacks import laravel


class NotesBlueprint(OperationBlueprint):
    STACK = laravel.Stack(NotesError)  # Laravel's rules, failing with the vendor's 400
    ERROR_SCHEMA = ErrorSchema
    ERRORS: ClassVar[dict[int, dict[str, Any]]] = {
        400: {"description": "The input breaks a rule (Laravel's first message)"},
        401: {"description": "No key, or an unknown one"},
        404: {"description": "No such note in this workspace"},
    }
    COMMON_ERRORS = (401,)  # every operation authenticates
    SOURCE_PREFIX = "docs/adding-a-platform.md: "


blp = NotesBlueprint("notes", __name__, description="Notes")


@blp.route("/notes", methods=["POST"])
@blp.operation(
    body=schemas.NoteInput,
    answer=schemas.NoteAnswer,
    errors=(400,),
    fidelity="assumed",
    source="a made-up vendor",
)
def create_note(book: Notebook, data: dict[str, Any]) -> dict[str, Any]:
    """Create a note."""
    return {"data": Notes(book).create(data["title"], data.get("body"))}


@blp.route("/notes/<int:note_id>", methods=["GET"])
@blp.operation(answer=schemas.NoteAnswer, errors=(404,), fidelity="assumed", source="ditto")
def get_note(book: Notebook, data: dict[str, Any], note_id: int) -> dict[str, Any]:
    """A note, by id."""
    return {"data": Notes(book).get(note_id)}


@blp.route("/notes", methods=["GET"])
@blp.operation(
    query=schemas.ListQuery,
    answer=schemas.NoteList,
    errors=(400,),
    fidelity="assumed",
    source="ditto",
)
def list_notes(book: Notebook, data: dict[str, Any]) -> dict[str, Any]:
    """The notes, newest first, 20 a page."""
    return {"data": Notes(book).page(data.get("page") or 1)}


#: What the platform mounts (`platform_package` reads it by this name).
BLUEPRINTS = (blp,)
