"""Operations declared as table rows instead of one written-out view each.

An `Operation` row says what a written-out view's decorators would (path, method,
summary, `blp.operation`'s keywords, path parameters, a vendor erratum) and what it serves;
`operations` declares the rows on a blueprint, in their order (the spec's order). Families
of views that also share their body have their own rows: `OkOperation` (a flow operation
that takes a body, does one thing and answers `{"status": "ok"}`), `SubscriberOperation`
(one that acts on the subscriber its body names, `user_ns`), and `listing` serves a list
read by name / limit / page. `on_record` serves a view on the one record its request
names (get-info, update, delete), whatever the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
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
#: A view's body: (api, validated input, **path parameters) -> the answer's body.
Serve = Callable[..., Any]


def subscriber(api: Flochat, data: dict[str, Any]) -> Record:
    """The subscriber of the body's `user_ns` (400 "Subscriber not found" otherwise)."""
    return Subscribers(api).by_ns(data["user_ns"])


@dataclass(frozen=True)
class Operation:
    """One view: its name (the Flask endpoint is <blueprint>.<name>), "METHOD /path", its
    summary (the docstring, the spec's summary), what it serves, and the rest of what its
    decorators would say."""

    name: str
    route: str
    summary: str
    serve: Serve
    spec: Mapping[str, Any]  # blp.operation's keywords: scope, query / body, answer, source...
    parameters: Sequence[Mapping[str, Any]] = ()  # the path's, documented
    doc: Mapping[str, Any] = field(default_factory=dict)  # blp.doc's (a vendor erratum)


def op(
    name: str,
    route: str,
    summary: str,
    serve: Serve,
    *,
    parameters: Sequence[Mapping[str, Any]] = (),
    doc: Mapping[str, Any] | None = None,
    **spec: Any,
) -> Operation:
    """An `Operation` row, `blp.operation`'s keywords given as keywords."""
    return Operation(name, route, summary, serve, spec, parameters, doc or {})


def _view(row: Operation) -> Serve:
    def view(*args: Any, **path: Any) -> Any:
        return row.serve(*args, **path)

    # flask-smorest reads the summary from the docstring when the route is declared; the
    # name is the endpoint's.
    view.__name__ = view.__qualname__ = row.name
    view.__doc__ = row.summary
    return view


def operations(blp: FlochatBlueprint, rows: Iterable[Operation]) -> None:
    """Declare each row as a view of `blp`, as its written-out decorators would."""
    for row in rows:
        method, path = row.route.split(" ")
        declared = blp.operation(**row.spec)(_view(row))
        if row.doc:
            declared = blp.doc(**row.doc)(declared)
        where = {"parameters": list(row.parameters)} if row.parameters else {}
        blp.route(path, methods=[method], **where)(declared)


def listing(model: Callable[[Flochat], Any], represent: Callable[[Record], Any], *by: str) -> Serve:
    """A list read: the model's `list(*filters, limit, page)`, each row represented; the
    filters are the query's values of `by` ("name" alone when none is given)."""
    keys = (*(by or ("name",)), "limit", "page")

    def serve(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        found = model(api).list(*(data.get(key) for key in keys))
        return {"data": [represent(row) for row in found]}

    return serve


def wrapped(body: dict[str, Any]) -> dict[str, Any]:
    """`{"data": ..., "status": "ok"}`, the vendor's answer to the team's and the shop's reads
    and writes of one record."""
    return {"data": body, "status": "ok"}


#: What a view does with the record its request names (found by `on_record`'s `find`):
#: (the record's model, the record, the validated input) -> the answer's body.
RecordAct = Callable[[Any, Record, dict[str, Any]], dict[str, Any]]
#: How a record is represented, given its model and itself.
Represent = Callable[[Any, Record], dict[str, Any]]


def on_record(find: Callable[..., tuple[Any, Record]], act: RecordAct) -> Serve:
    """Find the record the path (or the input) names, its model's 400 otherwise; then act:
    `find(api, data, **path)` gives the model and the record."""

    def serve(api: Flochat, data: dict[str, Any], **path: str) -> dict[str, Any]:
        model, row = find(api, data, **path)
        return act(model, row, data)

    return serve


def shown(represent: Represent) -> RecordAct:
    """Answer the record, wrapped."""
    return lambda model, row, data: wrapped(represent(model, row))


def updated(represent: Represent) -> RecordAct:
    """Update the record with the input, answer it wrapped."""
    return lambda model, row, data: wrapped(represent(model, model.update(row, data)))


def deleted(model: Any, row: Record, data: dict[str, Any]) -> dict[str, Any]:
    """Delete the record, answer ok."""
    model.delete(row)
    return OK


@dataclass(frozen=True)
class OkOperation:
    """One row of a table of flow operations answering ok."""

    name: str
    route: str
    body: type[laravel.Input]
    source: str  # the vendor's operationId, then the sandbox's notes
    summary: str
    act: FlowAct
    fidelity: Fidelity = "documented"


def then_ok(act: FlowAct) -> Serve:
    def serve(api: Flochat, data: dict[str, Any]) -> dict[str, Any]:
        act(api, data)
        return OK

    return serve


def ok_operations(blp: FlochatBlueprint, rows: Iterable[OkOperation]) -> None:
    """Declare each row as a view of `blp` that acts, then answers `{"status": "ok"}`."""
    operations(
        blp,
        (
            op(row.name, row.route, row.summary, then_ok(row.act), scope=FLOW_SCOPE,
               body=row.body, answer=OkSchema, source=row.source, fidelity=row.fidelity)
            for row in rows
        ),
    )  # fmt: skip


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
