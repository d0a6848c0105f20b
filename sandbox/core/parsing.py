"""The webargs parser every platform's blueprint uses: flask-smorest's, minus per-request waste.

Four costs dominated argument parsing once the store stopped growing with the data
(bench/README.md, issue 7):

- webargs builds a new marshmallow schema for every request when an operation names a
  schema class, and building one deep-copies all of its declared fields. Schemas are
  stateless while they load (marshmallow 4 has no `context`), so one instance per class
  serves every request and thread, as flask-smorest already does for response schemas.
- marshmallow deserializes absent fields too, only to drop what comes out; schemas
  where that can make no difference load with `partial=True`, which skips them.
- webargs' proxy over a multidict answers every field's lookup in Python, and werkzeug's
  `MultiDict.get` raises and catches a `BadRequestKeyError` for every key that is absent,
  which is most of a query schema's fields on most requests. The query string is handed
  over as a plain dict, other multidicts through a proxy that answers absent keys first.
- Most requests have no query string at all, and a schema that loads with `partial=True`
  (above) loads `{}` from nothing: that answer needs neither werkzeug's multidict nor
  marshmallow. When all its fields are plain strings (RapidPro's query parameters), loading
  a query string only picks the schema's keys out of it. Both are answered before webargs'
  own layers (loader lookup, proxy, post-processing), straight from the query string.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl

import marshmallow as ma
from webargs.core import _UNKNOWN_DEFAULT_PARAM
from webargs.flaskparser import FlaskParser, is_json_request
from webargs.multidictproxy import MultiDictProxy

from sandbox.core import jsonbody

_QUERY_LOCATIONS = frozenset({"query", "querystring"})


class SandboxParser(FlaskParser):
    """`FlaskParser` that shares schema instances and reads absent keys cheaply."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._schemas: dict[type[ma.Schema], ma.Schema] = {}
        self._schemas_lock = threading.Lock()
        #: Shared instances that load `{}` from empty data (see `_shared_instance`).
        self._empty_from_nothing: set[ma.Schema] = set()

    def _get_schema(self, argmap: Any, req: Any) -> ma.Schema:
        if isinstance(argmap, type) and issubclass(argmap, ma.Schema):
            schema = self._schemas.get(argmap)
            if schema is None:
                with self._schemas_lock:
                    schema = self._schemas.get(argmap)
                    if schema is None:
                        schema = _shared_instance(argmap)
                        if schema.partial is True:
                            self._empty_from_nothing.add(schema)
                        self._schemas[argmap] = schema
            return schema
        return super()._get_schema(argmap, req)

    def _makeproxy(self, multidict: Any, schema: ma.Schema, *, cls: Any = None) -> MultiDictProxy:
        return PresentKeysProxy(
            multidict, schema, known_multi_fields=tuple(self.KNOWN_MULTI_FIELDS)
        )

    def parse(
        self,
        argmap: Any,
        req: Any = None,
        *,
        location: str | None = None,
        unknown: str | None = _UNKNOWN_DEFAULT_PARAM,
        validate: Callable[..., Any] | Iterable[Callable[..., Any]] | None = None,
        error_status_code: int | None = None,
        error_headers: Mapping[str, str] | None = None,
    ) -> Any:
        location = location or self.location
        if not validate and location in _QUERY_LOCATIONS and isinstance(argmap, type):
            picked = self._picked_from_query(argmap, req, location, unknown)
            if picked is not None:
                return picked
        return super().parse(
            argmap,
            req,
            location=location,
            unknown=unknown,
            validate=validate,
            error_status_code=error_status_code,
            error_headers=error_headers,
        )

    def _picked_from_query(
        self, argmap: type, req: Any, location: str, unknown: str | None
    ) -> dict[str, Any] | None:
        """What the shared schema loads from the query string, when that needs no loading:
        `{}` from an empty one, or the values of plain `String` fields picked out of it.
        None when marshmallow has to answer (a field it converts or checks, unknown keys to
        refuse)."""
        req = req if req is not None else self.get_default_request()
        schema = self._get_schema(argmap, req)
        if schema not in self._empty_from_nothing:
            return None
        query = req.query_string
        if not query:
            return {}  # optional fields only, no defaults, no hooks: nothing to load
        keys = _plain_string_keys(schema)
        if keys is None or not self._excludes_unknown(schema, location, unknown):
            return None
        # werkzeug's own parsing of `request.args`, without building the multidict.
        pairs = parse_qsl(query.decode(), keep_blank_values=True, errors="werkzeug.url_quote")
        first: dict[str, str] = {}
        for key, value in pairs:
            first.setdefault(key, value)  # a String field gets the first value, as from args
        # What marshmallow gives: each field's text as it is, in the schema's order.
        return {attr: first[key] for key, attr in keys.items() if key in first}

    def _process_location_data(
        self,
        location_data: Any,
        schema: ma.Schema,
        req: Any,
        location: str,
        unknown: str | None,
        validators: Any,
    ) -> Any:
        if not validators and not location_data and schema in self._empty_from_nothing:
            # Optional fields only, no defaults, no hooks: nothing to load or refuse.
            return {}
        return super()._process_location_data(
            location_data, schema, req, location, unknown, validators
        )

    def _excludes_unknown(self, schema: ma.Schema, location: str, unknown: str | None) -> bool:
        """Whether keys the schema does not know are dropped: webargs' precedence (the
        call's, the parser's, the location's default), then the schema's own Meta."""
        if unknown == _UNKNOWN_DEFAULT_PARAM:
            unknown = (
                self.unknown
                if self.unknown != _UNKNOWN_DEFAULT_PARAM
                else self.DEFAULT_UNKNOWN_BY_LOCATION.get(location)
            )
        return (unknown or schema.unknown) == ma.EXCLUDE

    def _raw_load_json(self, req: Any) -> Any:
        """webargs' own reading of a JSON body, through the sandbox's one safe decoding:
        a body nested too deep, an integer over Python's digit limit or a lone surrogate
        escape is invalid JSON (400), rather than a 500 or text that cannot be stored."""
        if not is_json_request(req):
            return ma.missing
        text = req.get_data(cache=True).decode("utf-8")  # webargs answers a bad byte
        try:
            return jsonbody.decode(text)
        except jsonbody.Refused as error:
            self._handle_invalid_json_error(error, req)  # type: ignore[arg-type]

    def load_querystring(self, req: Any, schema: ma.Schema) -> dict[str, Any]:
        """What webargs' proxy over `request.args` would answer, as a plain dict: a list for
        a multi-value field, else the first value. marshmallow asks the proxy once for each
        of the schema's fields, present or not, each time through Python-level lookups."""
        if not req.query_string:
            return {}
        args = req.args
        multiple = _multiple_keys(schema, tuple(self.KNOWN_MULTI_FIELDS))
        return {key: args.getlist(key) if key in multiple else args[key] for key in args}


def _shared_instance(cls: type[ma.Schema]) -> ma.Schema:
    """One instance of `cls` for every request; `partial=True` where that changes nothing
    but the work: marshmallow otherwise runs every absent field through its deserializer
    only to drop the result."""
    schema = cls()
    return cls(partial=True) if _absent_fields_load_nothing(schema) else schema


# Fields that hand `partial` on to a nested schema, where it would change what is required.
_PASSES_PARTIAL_ON = (
    ma.fields.Nested,
    ma.fields.Pluck,
    ma.fields.List,
    ma.fields.Tuple,
    ma.fields.Mapping,
)


def _absent_fields_load_nothing(schema: ma.Schema) -> bool:
    """Whether loading with `partial=True` gives exactly what loading without it does: no
    field is required or has a load default, none passes `partial` on to a nested schema,
    and the schema has no hooks (schema validators are told about `partial`)."""
    if schema.partial or any(schema._hooks.values()):
        return False
    return all(
        not field.required
        and field.load_default is ma.missing
        and not isinstance(field, _PASSES_PARTIAL_ON)
        for field in schema.load_fields.values()
    )


def _plain_string_keys(schema: ma.Schema) -> dict[str, str] | None:
    """{data key: attribute} when every field `schema` loads is a `String` as it comes (no
    validator, no `attribute` path), so that loading strings only picks keys; else None.
    Worked out once per schema instance."""
    cached = schema.__dict__.get("_sandbox_plain_string_keys", _NOT_YET)
    if cached is _NOT_YET:
        plain = all(
            type(field) is ma.fields.String and not field.validators and field.attribute is None
            for field in schema.load_fields.values()
        )
        cached = (
            {field.data_key or name: name for name, field in schema.load_fields.items()}
            if plain
            else None
        )
        schema.__dict__["_sandbox_plain_string_keys"] = cached
    return cached


_NOT_YET = object()


def _multiple_keys(schema: ma.Schema, known_multi_fields: tuple[type, ...]) -> set[str]:
    """The keys of `schema` that take several values (webargs' rule), worked out once per
    schema instance rather than on every request."""
    cached: dict[tuple[type, ...], set[str]] = schema.__dict__.setdefault(
        "_sandbox_multiple_keys", {}
    )
    keys = cached.get(known_multi_fields)
    if keys is None:
        proxy = MultiDictProxy({}, schema, known_multi_fields=known_multi_fields)
        keys = cached[known_multi_fields] = proxy.multiple_keys
    return keys


class PresentKeysProxy(MultiDictProxy):
    """webargs' `MultiDictProxy`, answering absent keys without asking the multidict, and
    working out a schema's multi-value keys once per schema instead of once per request."""

    def __init__(
        self,
        multidict: Any,
        schema: ma.Schema,
        known_multi_fields: tuple[type, ...] = (ma.fields.List, ma.fields.Tuple),
    ) -> None:
        self.data = multidict
        self.known_multi_fields = known_multi_fields
        self.multiple_keys = _multiple_keys(schema, known_multi_fields)

    def __getitem__(self, key: str) -> Any:
        if key not in self.data:
            return ma.missing
        return super().__getitem__(key)
