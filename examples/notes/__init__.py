"""Notes: the smallest platform built from the toolkit, as docs/adding-a-platform.md
walks through it. A made-up vendor: bearer API keys, Laravel's validation, `{"data": ...}`
answers and `{"message": ...}` errors; one kind of object with create, get and list.

Serve it next to the real ones, or alone, from Python:

    from sandbox.app import create_app
    from examples.notes import PLATFORM
    app = create_app(platforms={"notes": PLATFORM})
"""

from examples.notes import models
from sandbox.core.declare import platform_package

PLATFORM = platform_package(
    __name__,
    title="Notes API",
    vendor="Notes",
    vendor_base_url="https://api.notes.example/v1",
    description="A made-up notes API: the example of docs/adding-a-platform.md.",
    backend=models.Notebook.of,
)
