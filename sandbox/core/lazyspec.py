"""OpenAPI specs built on first read, refusing two different schemas under one name.

- `LazyDocsApi`: a flask-smorest `Api` whose blueprints' routes are registered at once but
  documented (most of an app's build time) only when its `spec` is first read.
- `StrictConverter`: apispec's marshmallow converter, raising `SchemaNameClash` where
  apispec only warns (or says nothing, for a schema nested in its namesake).
"""

from __future__ import annotations

import threading
from typing import Any

import marshmallow
from apispec import APISpec
from apispec.exceptions import APISpecError
from apispec.ext.marshmallow import MarshmallowPlugin, OpenAPIConverter
from apispec.ext.marshmallow.common import MODIFIERS, make_schema_key, resolve_schema_instance
from flask import Flask
from flask_smorest import Api, Blueprint
from flask_smorest.spec import APISpecMixin


class SchemaNameClash(APISpecError):
    """Two different schemas resolve to one component name in a spec."""


def _describe(key: tuple[Any, ...]) -> str:
    """A schema as `make_schema_key` sees it: its class, and the modifiers it was used with."""
    cls, *modifiers = key
    used = ", ".join(
        f"{name}={sorted(value) if isinstance(value, frozenset) else value!r}"
        for name, value in zip(MODIFIERS, modifiers, strict=True)
        if value
    )
    # Schema.from_dict builds its class with `type()`: it gets the module of the frame
    # creating it, ABCMeta's (SchemaMeta's base).
    generated = cls.__module__ == "abc"
    name = f"{cls.__qualname__} (from Schema.from_dict)" if generated else cls.__qualname__
    name = name if generated else f"{cls.__module__}.{name}"
    return f"{name} with {used}" if used else name


class StrictConverter(OpenAPIConverter):
    """apispec's converter, refusing two different schemas under one component name.

    apispec only warns and renames the second one `Name1`, and says nothing at all when the
    second is nested in the first (it is resolved while the first is being registered, so
    both are stored under the name and the spec's component refers to itself).
    """

    def resolve_nested_schema(self, schema: Any) -> Any:
        try:
            instance = resolve_schema_instance(schema)
        except marshmallow.exceptions.RegistryError:
            return super().resolve_nested_schema(schema)  # a name of a schema ref, kept as is
        key = make_schema_key(instance)
        name = None if key in self.refs else self.schema_name_resolver(schema)
        if name:
            # `refs` also holds a schema whose registration is under way (apispec's
            # schema_helper names it before it converts its fields).
            holder = next((other for other, taken in self.refs.items() if taken == name), None)
            if holder is not None or name in self.spec.components.schemas:
                first = _describe(holder) if holder is not None else "a schema added by name"
                raise SchemaNameClash(
                    f"two different schemas resolve to the component name {name!r}: "
                    f"{first} and {_describe(key)}; rename one of them"
                )
        return super().resolve_nested_schema(schema)


class StrictMarshmallowPlugin(MarshmallowPlugin):
    Converter = StrictConverter


class LazyDocsApi(Api):
    """A flask-smorest `Api` that registers blueprints' routes at once but documents them
    (the OpenAPI paths, and the schemas they resolve: most of an app's build time) only when
    `spec` is first read: by the `openapi.json` route, `specgen` or anything else.

    Relies on flask-smorest 0.47's internals: `Api.register_blueprint` is the Flask
    registration plus `Blueprint.register_views_in_doc` and a tag, split apart here;
    `_init_spec` registers the default responses, ETag and pagination components through
    three methods, deferred here too (a response per HTTP status resolves the error schema);
    and `Api.__init__` / `_init_spec` assign and read `self.spec`, hence the property.
    """

    def __init__(self, app: Flask, *, spec_kwargs: dict[str, Any]) -> None:
        # Before Api.__init__, which goes through the `spec` property.
        self._spec: APISpec | None = None
        self._docs_pending = False  # until __init__ is done: it reads `spec` itself
        self._undocumented: list[tuple[Blueprint, str, Any]] = []
        self._docs_error: Exception | None = None
        self._docs_lock = threading.RLock()
        #: Set while a thread builds the docs: any other thread that reads `spec` then
        #: waits for the lock instead of taking the spec half built.
        self._documenting = False
        super().__init__(
            app, spec_kwargs={"marshmallow_plugin": StrictMarshmallowPlugin(), **spec_kwargs}
        )
        self._docs_pending = True

    @property  # type: ignore[override]
    def spec(self) -> APISpec:
        if (
            self._docs_pending
            or self._undocumented
            or self._docs_error is not None
            or self._documenting
        ):
            self._document()
        return self._spec  # type: ignore[return-value]

    @spec.setter
    def spec(self, value: APISpec | None) -> None:
        self._spec = value

    def register_blueprint(self, blp: Blueprint, *, parameters: Any = None, **options: Any) -> None:
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undocumented.append((blp, name, parameters))

    # Called by `_init_spec`: deferred to `_register_default_components`.
    def _register_responses(self) -> None:
        pass

    def _register_etag_headers(self) -> None:
        pass

    def _register_pagination_header(self) -> None:
        pass

    def _register_default_components(self) -> None:
        """What `_init_spec` registers after the plugins, in its order."""
        APISpecMixin._register_responses(self)  # type: ignore[arg-type]
        APISpecMixin._register_etag_headers(self)  # type: ignore[arg-type]
        APISpecMixin._register_pagination_header(self)  # type: ignore[arg-type]

    def _document(self) -> None:
        with self._docs_lock:
            if self._docs_error is not None:
                # A half-built spec must not be served as if it were whole.
                raise self._docs_error
            if not self._docs_pending and not self._undocumented:
                return  # built (by this thread, re-entering, or by another meanwhile)
            # Set before the work is taken: a reader on another thread sees one or the other.
            self._documenting = True
            # Reads of `spec` on this thread from here on (flask-smorest's own) get it as it is.
            first, self._docs_pending = self._docs_pending, False
            undocumented, self._undocumented = self._undocumented, []
            spec = self._spec
            assert spec is not None, "Api.__init__ builds the spec"
            try:
                if first:
                    self._register_default_components()
                for blp, name, parameters in undocumented:
                    blp.register_views_in_doc(
                        self, self._app, spec, name=name, parameters=parameters
                    )
                    spec.tag({"name": name, "description": blp.description})
            except Exception as error:
                self._docs_error = error
                raise
            finally:
                self._documenting = False
