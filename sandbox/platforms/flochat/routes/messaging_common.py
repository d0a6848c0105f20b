"""What the messaging modules share: the blueprint, the notes their sources repeat, the
subscriber a body names, and `subscriber_operations`, which declares a table of operations
that act on that subscriber and answer `{"status": "ok"}`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sandbox.core.api import Fidelity
from sandbox.core.stacks import laravel
from sandbox.core.storage import Record
from sandbox.platforms.flochat.errors import FlochatError
from sandbox.platforms.flochat.models.api import FLOW_SCOPE, Flochat
from sandbox.platforms.flochat.models.subscribers import Subscribers
from sandbox.platforms.flochat.routes.common import OK, FlochatBlueprint, OkSchema

blp = FlochatBlueprint(
    "messaging",
    "sandbox.platforms.flochat.routes.messaging",
    description="Sending, broadcasts, chat state, chat messages, WhatsApp templates, custom events",
)
ASSUMED_ERRORS = "error texts assumed"
RULES = (
    "refused (400) to an unsubscribed subscriber, and on WhatsApp outside the 24-hour "
    "window with error 131047"
)
#: Said of every operation that runs a flow's nodes.
PAUSED = f"{RULES}, and while the bot is paused; {ASSUMED_ERRORS}"


def subscriber(api: Flochat, data: dict[str, Any]) -> Record:
    return Subscribers(api).by_ns(data["user_ns"])


def comma_list(value: str, attribute: str, most: int) -> list[str]:
    """A comma separated list (Laravel would explode and check its size)."""
    found = list(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    if len(found) > most:
        raise FlochatError(f"The {attribute} must not have more than {most} items.")
    return found


#: What an operation does to the subscriber its body names (`user_ns`), given the
#: validated body.
Act = Callable[[Flochat, Record, dict[str, Any]], object]


@dataclass(frozen=True)
class SubscriberOperation:
    """One row of a table of operations on the subscriber of `user_ns`, answering ok."""

    name: str  # the view's name: its Flask endpoint is messaging.<name>
    route: str  # "METHOD /path"
    body: type[laravel.Input]
    source: str  # the vendor's operationId, then the sandbox's notes
    summary: str  # the view's docstring, the spec's summary
    act: Act
    fidelity: Fidelity = "documented"


def subscriber_operations(rows: Iterable[SubscriberOperation]) -> None:
    """Declare each row as a view: find the subscriber first (its 400 comes before any
    other lookup's), then act on it."""
    for row in rows:
        method, path = row.route.split(" ")

        def view(api: Flochat, data: dict[str, Any], act: Act = row.act) -> dict[str, Any]:
            act(api, subscriber(api, data), data)
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
