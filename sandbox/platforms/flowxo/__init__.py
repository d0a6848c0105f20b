"""Flow XO API (seed 000, platforms.md §C, docs/flowxo-fidelity.md): end users, workflow
activation and conversations of one account."""

from __future__ import annotations

from flask import Flask, Response, g

from sandbox.core.platform import Platform
from sandbox.platforms.flowxo import auth, errors, models, routes
from sandbox.platforms.flowxo.express import strip_trailing_slash


def configure(app: Flask) -> None:
    # Express routes ignore a trailing slash (public clients call `/api/conversations/`).
    app.wsgi_app = strip_trailing_slash(app.wsgi_app)  # type: ignore[method-assign, assignment]

    @app.before_request
    def node_json() -> None:
        g.json_ensure_ascii = False  # JSON.stringify leaves non-ASCII text as it is
        g.json_nonfinite_null = True  # ... and writes Infinity (a huge integer) as null

    @app.after_request
    def express_content_type(response: Response) -> Response:
        # res.json() names the charset.
        if response.mimetype == "application/json":
            response.headers["Content-Type"] = "application/json; charset=utf-8"
        return response


PLATFORM = Platform(
    name="flowxo",
    title="Flow XO API",
    vendor="Flow XO",
    vendor_base_url="https://flowxo.com",
    description="Flow XO's API (`Authorization: Bearer <API key>`): create and update the "
    "end users of the account's bots, list and enable / disable workflows, and list "
    'conversations. Errors are `{"message": ...}` with the HTTP status.',
    auth=auth,
    render_error=errors.render,
    error_schema=errors.ErrorSchema,
    models=models,
    blueprints=(routes.blp,),
    configure=configure,
    conversations=models.CONVERSATIONS,
)
