"""`OperationBlueprint.operation()`: one decorator per vendor operation, in flask-smorest's
style, that both documents and serves it.

    class TeamBlueprint(OperationBlueprint):
        STACK = laravel.Stack(TeamError)          # reads and validates the input
        ERROR_SCHEMA = ErrorSchema                # what every documented error answers
        ERRORS = {400: {"description": "..."}, 401: {...}, 403: {...}}
        COMMON_ERRORS = (400, 401)                # errors every operation can answer
        SOURCE_PREFIX = "uchat-openapi.json "     # what x-fidelity-source cites

    blp = TeamBlueprint("team-tags", __name__)

    @blp.route("/flow/create-tag", methods=["POST"])
    @blp.operation(body=NameInput, answer=Tag, source="flowCreateTag")
    def create_tag(team: Team, data: dict[str, Any]) -> dict[str, Any]:
        return Tags(team).create(data["name"])

The view receives the request's backend (`sandbox.core.backend`), the input its stack
read with the documented schema (so the schema that documents a request is the code
that reads it), and the path parameters as keywords; it returns the answer's body (or
raises the vendor's error).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from typing import Any, ClassVar, Protocol, TypeVar

from marshmallow import Schema
from werkzeug.exceptions import Forbidden

from sandbox.core.api import Fidelity, PlatformBlueprint
from sandbox.core.auth import public as mark_public
from sandbox.core.backend import current_backend

F = TypeVar("F", bound=Callable[..., Any])
Answer = type[Schema] | Schema | Mapping[str, Any] | None
Errors = Iterable[int] | Mapping[int, str]


class Stack(Protocol):
    """A vendor's web framework, as far as one operation sees it: how the input is read
    and validated, refused in the vendor's own words (a raised vendor error)."""

    def read(self, schema: type[Schema] | Schema, location: str) -> Any:
        """The request's input at `location` ("query", "json" or "form"), validated by
        `schema`."""
        ...


class OperationBlueprint(PlatformBlueprint):
    """A blueprint of vendor operations; a platform subclasses it once, with its stack,
    its error responses and the document its operations cite."""

    #: Reads every operation's input; None for a platform whose views read none.
    STACK: ClassVar[Stack | None] = None
    #: The body of every error the platform answers (documented on each error status).
    ERROR_SCHEMA: ClassVar[type[Schema] | None] = None
    #: The error responses an operation may name, by status: description, x-fidelity...
    ERRORS: ClassVar[Mapping[int, Mapping[str, Any]]] = {}
    #: Statuses every operation can answer (before any it names itself).
    COMMON_ERRORS: ClassVar[tuple[int, ...]] = ()
    #: Statuses an operation with a `scope` can answer besides.
    SCOPE_ERRORS: ClassVar[tuple[int, ...]] = ()
    #: The success answer's description where the operation gives none.
    ANSWER_DESCRIPTION: ClassVar[str] = "Successful operation"
    #: Put before every operation's `source` in its `x-fidelity-source`.
    SOURCE_PREFIX: ClassVar[str] = ""

    def authorize(self, backend: Any, scope: str) -> None:
        """Refuse a request whose principal lacks `scope`: by default the principal's
        `scopes` claim lists what it holds, and a lack is a 403 the platform's renderer
        words; a platform whose vendor words it otherwise overrides this (Flochat)."""
        if scope not in backend.principal.claims.get("scopes", ()):
            raise Forbidden()

    def scope_document(self, scope: str) -> Mapping[str, Any]:
        """What the spec says of an operation's scope (e.g. an `x-scope` extension)."""
        return {"x-scope": scope}

    def operation(
        self,
        *,
        answer: Answer,
        source: str,
        fidelity: Fidelity = "documented",
        status: int = 200,
        description: str | None = None,
        query: type[Schema] | None = None,
        body: type[Schema] | None = None,
        body_location: str = "json",
        errors: Errors = (),
        scope: str | None = None,
        links: Mapping[str, Mapping[str, Any]] | None = None,
        public: bool = False,
        before_input: Callable[..., None] | None = None,
        body_required: bool = True,
        read_both: bool = False,
        alt_answers: Mapping[int, str] | None = None,
    ) -> Callable[[F], F]:
        """One vendor operation.

        - `answer`: the success body's schema (dumped through it where the platform's
          blueprint does so), a JSON Schema dict (bare arrays, unions), or None (no body).
        - `query` / `body`: the input's schema; the platform's stack reads it (`body` at
          `body_location`). Both are documented from the same class.
        - `errors`: statuses this operation can answer besides `COMMON_ERRORS`; a mapping
          words them for this operation.
        - `scope`: what the principal must hold (`authorize`), documented.
        - `links`: OpenAPI links of the success answer (stateful tests chain them).
        - `public`: reachable without credentials; the view then receives no backend.
        - `before_input`: called with the backend and the path parameters before the input
          is read, for a vendor handler that answers something (a 404 of its path's
          object) before it looks at the input.
        - `body_required`: what the spec says of the request body.
        - `read_both`: the stack reads the `query` and then the `body`, and the view gets
          both (`view(backend, query, body, **path)`); without it an operation that
          names both reads only its query (the body is only documented).
        - `alt_answers`: other success statuses answered with the same schema (a DRF
          update's 200 besides its create's 201), described by status; `links` apply to
          them too.
        """
        rules, location = (query, "query") if query is not None else (body, body_location)
        if read_both and (query is None or body is None):
            raise TypeError("read_both needs a query and a body")
        stack = self.STACK
        if rules is not None and stack is None:
            raise TypeError(f"{type(self).__name__} has no STACK to read {rules.__name__}")
        needs_scope = scope is not None

        def decorator(func: F) -> F:
            @wraps(func)
            def view(*args: Any, **path: Any) -> Any:
                backend = None if public else current_backend()
                if needs_scope:
                    self.authorize(backend, scope)  # type: ignore[arg-type]
                if before_input is not None:
                    before_input(backend, **path)
                data = stack.read(rules, location) if rules is not None else {}
                if read_both:
                    return func(*args, backend, data, stack.read(body, body_location), **path)
                return func(*args, backend, data, **path)

            documented: Any = self._document_answer(view, answer, status, description)
            documented = self.doc(responses=self._error_responses(errors, needs_scope=needs_scope))(
                documented
            )
            if query is not None:
                documented = self.parameters(query, location="query")(documented)
            if body is not None:
                document_body = self.parameters(
                    body, location=body_location, required=body_required
                )
                documented = document_body(documented)
            if scope is not None:
                documented = self.doc(**self.scope_document(scope))(documented)
            for alt_status, words in (alt_answers or {}).items():
                documented = self.alt_response(
                    alt_status, schema=answer, success=True, description=words
                )(documented)
            if links:
                linked = {code: {"links": dict(links)} for code in (status, *(alt_answers or ()))}
                documented = self.doc(responses=linked)(documented)
            if public:
                documented = mark_public(self.doc(security=[])(documented))
            return self.fidelity(fidelity, f"{self.SOURCE_PREFIX}{source}")(documented)  # type: ignore[no-any-return]

        return decorator

    def _document_answer(
        self, view: Any, answer: Answer, status: int, description: str | None
    ) -> Any:
        words = description or self.ANSWER_DESCRIPTION
        if answer is None:
            return self.doc(responses={status: {"description": words}})(view)
        if isinstance(answer, Mapping):
            content = {"application/json": {"schema": dict(answer)}}
            return self.doc(responses={status: {"description": words, "content": content}})(view)
        return self.response(status, answer, description=words)(view)

    def _error_responses(self, errors: Errors, *, needs_scope: bool) -> dict[int, Any]:
        named = dict(errors) if isinstance(errors, Mapping) else dict.fromkeys(errors, None)
        statuses = [*self.COMMON_ERRORS, *(self.SCOPE_ERRORS if needs_scope else ())]
        statuses += [status for status in named if status not in statuses]
        responses: dict[int, Any] = {}
        for status in statuses:
            documented = dict(self.ERRORS.get(status, {}))
            if named.get(status):
                documented["description"] = named[status]
            if "description" not in documented:
                raise ValueError(f"{type(self).__name__}: no description of error {status}")
            if self.ERROR_SCHEMA is not None:
                documented["content"] = {"application/json": {"schema": self.ERROR_SCHEMA}}
            responses[status] = documented
        return responses
