"""Notes: the smallest platform built from the toolkit, as docs/adding-a-platform.md
walks through it. A made-up vendor: bearer API keys, Laravel's validation, `{"data": ...}`
answers and `{"message": ...}` errors; one kind of object with create, get and list.

Serve it next to the real ones, or alone, from Python:

    from sandbox.app import create_app
    from examples.notes import PLATFORM
    app = create_app(platforms={"notes": PLATFORM})
"""

from examples.notes import auth, errors, models, routes
from sandbox.core.platform import Platform

PLATFORM = Platform(
    name="notes",
    title="Notes API",
    vendor="Notes",
    vendor_base_url="https://api.notes.example/v1",
    description="A made-up notes API: the example of docs/adding-a-platform.md.",
    auth=auth,
    render_error=errors.render,
    error_schema=errors.ErrorSchema,
    models=models,
    blueprints=(routes.blp,),
    backend=models.Notebook.of,
)
