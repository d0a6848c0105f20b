"""flask-smorest, adapted so each platform documents and answers like its vendor.

- `PlatformApi` hands every HTTP error (including routing 404/405) to the platform's
  renderer, adds `Allow` to 405s, documents the platform's error schema, and serves its
  spec with the sandbox's own URL as the first server.
- `PlatformBlueprint` adds `fidelity()`, which records in the spec how sure we are of an
  operation's behaviour (`x-fidelity`) and where that knowledge comes from.
"""

from __future__ import annotations

import copy
import functools
import inspect
import threading
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, Literal, TypeVar

import flask_smorest.arguments
import flask_smorest.blueprint
import flask_smorest.response
from flask import Flask, Response, current_app, g, request
from flask.json.provider import DefaultJSONProvider
from flask_smorest import Blueprint
from flask_smorest.utils import set_status_and_headers_in_response, unpack_tuple_response
from marshmallow import Schema
from werkzeug.exceptions import HTTPException

from sandbox.core.errors import error_headers
from sandbox.core.jsontext import nonfinite_as_null, text_encoder
from sandbox.core.lazyspec import LazyDocsApi
from sandbox.core.parsing import SandboxParser
from sandbox.core.platform import Platform

Fidelity = Literal["documented", "observed", "assumed"]
FIDELITY_LEVELS: tuple[Fidelity, ...] = ("documented", "observed", "assumed")
F = TypeVar("F", bound=Callable[..., Any])


class RequestBody:
    """A request body that is parsed (and validated) only when the view asks for it.

    Vendors check some things before they read the body (DRF resolves the object named
    in the URL first, so an unknown id answers 404 even when the body is invalid).
    """

    def __init__(self, parser: Any, schema: type[Schema], error_status_code: int) -> None:
        self._parser = parser
        self._schema = schema
        self._error_status_code = error_status_code

    def load(self, schema: Schema | None = None) -> dict[str, Any]:
        """Parse and validate the body with `schema` (an instance carrying context) or the
        documented schema class."""
        return self._parser.parse(
            schema if schema is not None else self._schema,
            request,
            location="json",
            error_status_code=self._error_status_code,
        )


#: The flask-smorest 0.47 modules whose decorators `deepcopy` a view's `_apidoc`, and with it
#: every schema instance the view documents: a fifth of the CPU time of importing the
#: platforms (187 Flochat operations) went there.
_APIDOC_COPIERS = (flask_smorest.arguments, flask_smorest.blueprint, flask_smorest.response)
_copies_lock = threading.Lock()
_copies_depth = 0


def _copy_containers(value: Any, memo: Any = None) -> Any:
    """`value`'s dicts and lists copied, everything else in them shared: what flask-smorest
    and apispec mutate in an `_apidoc` are its dicts and lists (entries popped, schemas
    replaced by refs), never the schema instances, fields or strings they hold."""
    if type(value) is dict:
        return {key: _copy_containers(item) for key, item in value.items()}
    if type(value) is list:
        return [_copy_containers(item) for item in value]
    return value


@contextmanager
def _containers_only() -> Iterator[None]:
    """flask-smorest's `_apidoc` copies made by `_copy_containers` for the duration.

    Swaps the `deepcopy` those modules imported; a thread that runs flask-smorest meanwhile
    (a plain Blueprint) only gets the lighter copy, which is as correct.
    """
    global _copies_depth
    with _copies_lock:
        _copies_depth += 1
        for module in _APIDOC_COPIERS:
            module.deepcopy = _copy_containers  # type: ignore[attr-defined]
    try:
        yield
    finally:
        with _copies_lock:
            _copies_depth -= 1
            if not _copies_depth:
                for module in _APIDOC_COPIERS:
                    module.deepcopy = copy.deepcopy  # type: ignore[attr-defined]


def _light(decorator: Callable[[F], F]) -> Callable[[F], F]:
    """`decorator`, applied with `_containers_only`."""

    def apply(func: F) -> F:
        with _containers_only():
            return decorator(func)

    return apply


class PlatformBlueprint(Blueprint):
    """A flask-smorest Blueprint whose operations declare their fidelity.

    Its documentation decorators copy views' docs without copying the schemas in them
    (`_containers_only`).
    """

    ARGUMENTS_PARSER = SandboxParser()
    #: False for platforms whose models already build the vendor's exact body: their
    #: response schemas then document the body (and the conformance kit checks it
    #: against them) but are not dumped through on every request.
    DUMPS_RESPONSES = True

    def response(self, status_code: Any, schema: Any = None, **kwargs: Any) -> Callable[[F], F]:
        if schema is None or self.DUMPS_RESPONSES:
            return _light(super().response(status_code, schema, **kwargs))

        def decorator(func: F) -> F:
            documented = _light(Blueprint.response(self, status_code, schema, **kwargs))(func)
            if inspect.iscoroutinefunction(func):
                served = Blueprint.response(self, status_code, None, **kwargs)(func)
            else:
                served = _served_as_returned(func, status_code)
            served._apidoc = documented._apidoc
            return served  # type: ignore[no-any-return]

        return decorator

    def body(
        self, schema: type[Schema], *, required: bool = True, error_status_code: int = 400
    ) -> Callable[[F], F]:
        """Document `schema` as the JSON request body, like `arguments(location="json")`,
        but hand the view a `RequestBody` to parse when the vendor would."""

        def decorator(func: F) -> F:
            @wraps(func)
            def view(*args: Any, **kwargs: Any) -> Any:
                body = RequestBody(self.ARGUMENTS_PARSER, schema, error_status_code)
                return func(*args, body, **kwargs)

            # Borrow flask-smorest's own documentation of a JSON body argument.
            documented = self.arguments(
                schema, location="json", required=required, error_status_code=error_status_code
            )(func)
            view._apidoc = documented._apidoc  # type: ignore[attr-defined]
            return view  # type: ignore[return-value]

        return decorator

    def parameters(
        self, schema: type[Schema], *, location: str = "query", required: bool = True
    ) -> Callable[[F], F]:
        """Document `schema` as the operation's parameters (or body, for `form` / `json`)
        without parsing them: for vendors that read raw request values and validate nothing
        by schema, so that no validation error response is documented either."""

        def decorator(func: F) -> F:
            documented = self.arguments(schema, location=location, required=required)(func)
            apidoc = _copy_containers(documented._apidoc)  # type: ignore[attr-defined]
            apidoc["arguments"].pop("responses", None)

            @wraps(func)
            def view(*args: Any, **kwargs: Any) -> Any:
                return func(*args, **kwargs)

            view._apidoc = apidoc  # type: ignore[attr-defined]
            return view  # type: ignore[return-value]

        return decorator

    def arguments(self, schema: Any, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        return _light(super().arguments(schema, *args, **kwargs))

    @staticmethod
    def doc(**kwargs: Any) -> Callable[[F], F]:
        document = _light(Blueprint.doc(**kwargs))
        return lambda func: _without_frame(document(func), func)

    def alt_response(self, status_code: Any, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        document = _light(super().alt_response(status_code, *args, **kwargs))
        return lambda func: _without_frame(document(func), func)

    def _store_endpoint_docs(self, *args: Any, **kwargs: Any) -> None:
        with _containers_only():
            super()._store_endpoint_docs(*args, **kwargs)

    def register_views_in_doc(self, *args: Any, **kwargs: Any) -> None:
        with _containers_only():
            super().register_views_in_doc(*args, **kwargs)

    def fidelity(self, level: Fidelity, source: str) -> Callable[[F], F]:
        """Mark an operation `documented`, `observed` or `assumed`, citing `source` in one line."""
        if level not in FIDELITY_LEVELS:
            raise ValueError(f"fidelity must be one of {FIDELITY_LEVELS}, not {level!r}")
        if not source or "\n" in source:
            raise ValueError("x-fidelity-source must be one non-empty line")
        document = self.doc(**{"x-fidelity": level, "x-fidelity-source": source})

        def decorator(func: F) -> F:
            # Every operation is marked once, here: its view's name is its operationId, what
            # the request journal and fault rules name it by (unique per platform: the spec
            # tests check it).
            return self.doc(operationId=func.__name__)(document(func))

        return decorator


def _served_as_returned(func: F, status_code: Any) -> F:
    """What flask-smorest's response wrapper serves when it has no schema to dump through:
    the view's body as JSON, its status (else `status_code`) and headers.

    Without the wrapper's per-request lookups through Flask's proxies (the app, to ask
    whether the view is async, which it is not here; `g`, to keep the body for ETags, which
    no platform computes).
    """

    @wraps(func)
    def view(*args: Any, **kwargs: Any) -> Response:
        body, status, headers = unpack_tuple_response(func(*args, **kwargs))
        if isinstance(body, Response):
            set_status_and_headers_in_response(body, status, headers)
            return body
        response = current_app.json.response(body)
        set_status_and_headers_in_response(response, status, headers)
        if status is None and response.status_code != status_code:
            response.status_code = status_code
        return response

    return view  # type: ignore[return-value]


def _without_frame(documented: F, func: F) -> F:
    """`func` itself, as a new function object carrying the documentation in `documented`.

    flask-smorest's documentation-only decorators (`doc`, `alt_response`) wrap the view
    in a function whose only job is to call it: an operation that documents its fidelity,
    links and a few errors paid a Python call per decorator on every request.
    """
    if not isinstance(func, types.FunctionType):
        return documented
    clone = types.FunctionType(
        func.__code__, func.__globals__, func.__name__, func.__defaults__, func.__closure__
    )
    clone.__kwdefaults__ = func.__kwdefaults__
    clone.__qualname__ = func.__qualname__
    clone.__doc__ = func.__doc__
    clone.__module__ = func.__module__
    clone.__dict__.update(documented.__dict__)  # `_apidoc`, and what `wraps` copied
    return clone  # type: ignore[return-value]


_ENCODER_OPTIONS = frozenset({"ensure_ascii", "separators", "indent"})


@functools.lru_cache(maxsize=32)
def _encoder(
    ensure_ascii: bool = True,
    separators: tuple[str, str] | None = None,
    indent: int | None = None,
    allow_nan: bool = True,
) -> Callable[[Any], str]:
    """`json.dumps` with these options and Flask's `default` (dates, UUIDs, dataclasses),
    built once per set of options. `allow_nan=False` raises ValueError for a non-finite
    float: the one pass of an answer that has none."""
    return text_encoder(
        ensure_ascii=ensure_ascii,
        separators=separators,
        indent=indent,
        default=DefaultJSONProvider.default,
        allow_nan=allow_nan,
    )


def _g_or_empty() -> Any:
    """The request's `g` when there is an app context, else an empty mapping."""
    try:
        return g._get_current_object()  # type: ignore[attr-defined]
    except RuntimeError:  # outside an app context
        return {}


class SandboxJSONProvider(DefaultJSONProvider):
    """Compact JSON, keys in the order the code builds them, as the vendors' serializers do.

    A view may set `g.json_ensure_ascii` for vendors that do (or do not) escape
    non-ASCII characters, `g.json_escape_slashes` for PHP vendors, and
    `g.json_nonfinite_null` for JavaScript vendors (`JSON.stringify` writes `null` for
    `Infinity` and `NaN`, which are not JSON).
    """

    sort_keys = False

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        flags = _g_or_empty()
        kwargs.setdefault("ensure_ascii", flags.get("json_ensure_ascii", True))
        nonfinite_null = flags.get("json_nonfinite_null")
        # json.dumps builds a new encoder whenever an option is not its default.
        encode: Callable[[Any], str]
        if kwargs.keys() <= _ENCODER_OPTIONS:
            encode = _encoder(**kwargs, allow_nan=not nonfinite_null)
        else:
            options = {**kwargs, "allow_nan": False} if nonfinite_null else kwargs
            encode = functools.partial(super().dumps, **options)
        try:
            text = encode(obj)
        except ValueError:
            if not nonfinite_null:
                raise
            # Rare (a number too long for Python, read as a double): encode once more.
            text = encode(nonfinite_as_null(obj))
        if flags.get("json_escape_slashes"):
            text = text.replace("/", "\\/")  # PHP's json_encode writes "\/"
        return text

    def response(self, *args: Any, **kwargs: Any) -> Response:
        # Flask's own, but without the newline it ends JSON bodies with: DRF, Laravel and
        # Express write none (and stripping it afterwards cost a copy of every body).
        obj = self._prepare_response_obj(args, kwargs)
        if (self.compact is None and self._app.debug) or self.compact is False:
            text = self.dumps(obj, indent=2)
        else:
            text = self.dumps(obj, separators=(",", ":"))
        return self._app.response_class(text, mimetype=self.mimetype)


class PlatformApi(LazyDocsApi):
    """The flask-smorest `Api` of one platform app."""

    # Every operation lists the errors it can answer; a catch-all `default` response would
    # let any undocumented status pass as documented.
    DEFAULT_ERROR_RESPONSE_NAME = None

    def __init__(self, app: Flask, platform: Platform, spec_kwargs: dict[str, Any]) -> None:
        self.platform = platform
        # Default responses in the spec must describe what the renderer really sends.
        self.ERROR_SCHEMA = platform.error_schema
        super().__init__(app, spec_kwargs=spec_kwargs)

    def _register_default_components(self) -> None:
        super()._register_default_components()
        # flask-smorest registers this for its own pagination, which no vendor uses.
        self._spec.components.schemas.pop("PaginationMetadata", None)  # type: ignore[union-attr]

    def _openapi_json(self) -> Response:
        """The spec, listing first the sandbox's base URL as this request reached it, so that
        Postman, Swagger UI or Prism importing it call the sandbox, not the vendor.

        The committed specs (specgen reads `spec` itself) keep only the vendor's server.
        """
        document = self.spec.to_dict()
        # A new dict and list: `to_dict` returns the spec's own options, shared by threads.
        served = {**document, "servers": [served_server(), *document.get("servers", [])]}
        return current_app.response_class(
            current_app.json.dumps(served, indent=2, sort_keys=False), mimetype="application/json"
        )

    def handle_http_exception(self, error: HTTPException) -> Response:  # type: ignore[override]
        # An error rolls back the request's transaction, unless the vendor keeps what the
        # request wrote before it failed.
        if not getattr(error, "keeps_changes", False):
            g.sandbox_failed = True
        response = self.platform.render_error(error)
        for name, value in error_headers(error).items():
            response.headers.setdefault(name, value)
        return response


def served_server() -> dict[str, str]:
    """The sandbox's base URL for this platform, as the current request reached it: scheme,
    Host header and mount point (`http://127.0.0.1:8000/rapidpro`, or no path at the root)."""
    return {"url": request.url_root.rstrip("/"), "description": "flow-sandbox"}
