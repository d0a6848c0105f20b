"""Operations declared as table rows instead of one written-out view each.

`ok_operations` declares a table of flow operations that take a body, do one thing and
answer `{"status": "ok"}`; `subscriber_operations` those that act on the subscriber their
body names (`user_ns`). The row says what differs (path, method, body rules, source,
summary, the act); the view body is written once here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sandbox.core.api import Fidelity
from sandbox.core.stacks import laravel
from sandbox.core.storage import Record
from sandbox.platforms.flochat.models.api import FLOW_SCOPE, Flochat
from sandbox.platforms.flochat.models.subscribers import Subscribers
from sandbox.platforms.flochat.routes.common import OK, FlochatBlueprint, OkSchema

#: What an operation does to the subscriber its body names, given the validated body.
Act = Callable[[Flochat, Record, dict[str, Any]], object]
#: What an operation does, given the validated body.
FlowAct = Callable[[Flochat, dict[str, Any]], object]


def subscriber(api: Flochat, data: dict[str, Any]) -> Record:
    """The subscriber of the body's `user_ns` (400 "Subscriber not found" otherwise)."""
    return Subscribers(api).by_ns(data["user_ns"])


@dataclass(frozen=True)
class OkOperation:
    """One row of a table of flow operations answering ok."""

    name: str  # the view's name: its Flask endpoint is <blueprint>.<name>
    route: str  # "METHOD /path"
    body: type[laravel.Input]
    source: str  # the vendor's operationId, then the sandbox's notes
    summary: str  # the view's docstring, the spec's summary
    act: FlowAct
    fidelity: Fidelity = "documented"


def ok_operations(blp: FlochatBlueprint, rows: Iterable[OkOperation]) -> None:
    """Declare each row as a view of `blp` that acts, then answers `{"status": "ok"}`."""
    for row in rows:
        method, path = row.route.split(" ")

        def view(api: Flochat, data: dict[str, Any], act: FlowAct = row.act) -> dict[str, Any]:
            act(api, data)
            return OK

        # flask-smorest reads the summary from the docstring when the route is declared;
        # the name is the endpoint's.
        view.__name__ = view.__qualname__ = row.name
        view.__doc__ = row.summary
        operation = blp.operation(
            scope=FLOW_SCOPE,
            body=row.body,
            answer=OkSchema,
            source=row.source,
            fidelity=row.fidelity,
        )
        blp.route(path, methods=[method])(operation(view))


@dataclass(frozen=True)
class SubscriberOperation:
    """One row of a table of operations on the subscriber of `user_ns`, answering ok."""

    name: str
    route: str
    body: type[laravel.Input]
    source: str
    summary: str
    act: Act
    fidelity: Fidelity = "documented"


def _on_subscriber(act: Act) -> FlowAct:
    """Find the subscriber first (its 400 comes before any other lookup's), then act."""
    return lambda api, data: act(api, subscriber(api, data), data)


def subscriber_operations(blp: FlochatBlueprint, rows: Iterable[SubscriberOperation]) -> None:
    """Declare each row as a view of `blp` (see `ok_operations`) acting on the subscriber."""
    ok_operations(
        blp,
        (
            OkOperation(
                row.name,
                row.route,
                row.body,
                row.source,
                row.summary,
                _on_subscriber(row.act),
                row.fidelity,
            )
            for row in rows
        ),
    )
