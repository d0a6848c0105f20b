"""`OperationBlueprint.authorize` by default: the principal's `scopes` claim lists what it
holds, and a lack is a 403 the platform's renderer words (Flochat words its own)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.test import Client

from examples.notes import PLATFORM, auth, routes
from sandbox.app import SandboxApp, create_app
from sandbox.config import SandboxConfig
from sandbox.core.platform import Principal

KEY = {"Authorization": "Bearer notes-demo-key"}
#: The example's renderer words any other HTTP error with werkzeug's description.
FORBIDDEN = (
    b'{"message":"You don\'t have the permission to access the requested resource. It is '
    b'either read-protected or not readable by the server."}'
)
blp = routes.NotesBlueprint("notes-scoped", __name__)


@blp.route("/archive", methods=["GET"])
@blp.operation(answer=None, scope="archive", fidelity="assumed", source="a test")
def archive(book: Any, data: dict[str, Any]) -> tuple[str, int]:
    return "", 204


@pytest.fixture
def app() -> Iterator[SandboxApp]:
    platform = PLATFORM.__class__(
        **{**PLATFORM.__dict__, "blueprints": (*PLATFORM.blueprints, blp)}
    )
    built = create_app(SandboxConfig(db=":memory:"), platforms={"notes": platform})
    yield built
    built.close()


@pytest.mark.parametrize(
    ("scopes", "status", "body"),
    [(("archive",), 204, b""), ((), 403, FORBIDDEN)],
)
def test_the_principal_s_scopes_claim_decides(
    app: SandboxApp,
    monkeypatch: pytest.MonkeyPatch,
    scopes: tuple[str, ...],
    status: int,
    body: bytes,
) -> None:
    authenticate = auth.authenticate

    def with_scopes(request: Any) -> Principal:
        return Principal(authenticate(request).workspace, {"scopes": scopes})

    monkeypatch.setattr(PLATFORM.auth, "authenticate", with_scopes)
    response = Client(app).get("/notes/archive", headers=KEY)
    assert (response.status_code, response.get_data()) == (status, body)
