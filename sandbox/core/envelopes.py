"""Answer envelopes (`{"data": [...]}`, `{"data": {...}, "status": "ok"}`) built by name
instead of written out as one schema class each.

    TagList = envelope("TagList", data=many(Tag))
    ProductAnswer = envelope("ProductAnswer", data=one(Product), status=OK_STATUS)

The class is named exactly as given, so the generated spec's component name (the class
name) is the one a hand-written class had. Asking again for a name returns the very same
class when the content is the same, and is refused when it differs: two envelopes under
one component name would otherwise only surface as a clash when the spec is built.
Keyword order is kept as the field order.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema, fields


@dataclass(frozen=True)
class Many:
    """A list of `schema` objects."""

    schema: type[Schema]

    def build(self) -> fields.Field:
        return fields.List(fields.Nested(self.schema))


@dataclass(frozen=True)
class One:
    """One `schema` object."""

    schema: type[Schema]

    def build(self) -> fields.Field:
        return fields.Nested(self.schema)


@dataclass(frozen=True)
class Keyed:
    """An object of `schema` objects under string keys."""

    schema: type[Schema]
    description: str | None = None

    def build(self) -> fields.Field:
        metadata = {"description": self.description} if self.description else {}
        return fields.Dict(
            keys=fields.String(), values=fields.Nested(self.schema), metadata=metadata
        )


@dataclass(frozen=True)
class Status:
    """A string, documented with its usual value as the example (`"ok"`)."""

    example: str = "ok"

    def build(self) -> fields.Field:
        return fields.String(metadata={"example": self.example})


Part = Many | One | Keyed | Status

#: `status = "ok"` beside the data, as most vendors' envelopes have it.
OK_STATUS = Status()


def many(schema: type[Schema]) -> Many:
    return Many(schema)


def one(schema: type[Schema]) -> One:
    return One(schema)


def keyed(schema: type[Schema], description: str | None = None) -> Keyed:
    return Keyed(schema, description)


@dataclass
class _Built:
    parts: tuple[tuple[str, Part], ...]
    schema: type[Schema] = field(repr=False)


_BUILT: dict[str, _Built] = {}


class EnvelopeClash(ValueError):
    """One envelope name asked for with two different contents."""


def envelope(name: str, /, **parts: Part) -> type[Schema]:
    """The envelope schema class `name` with these fields (see the module's docstring).

    Names are global, as component names are within a spec: a platform wanting a different
    `TagList` than another's names it differently.
    """
    if not parts:
        raise ValueError(f"envelope {name!r} needs at least one field")
    wanted = tuple(parts.items())
    built = _BUILT.get(name)
    if built is not None:
        if built.parts != wanted:
            raise EnvelopeClash(
                f"envelope {name!r} is already {_describe(built.parts)}, not {_describe(wanted)}"
            )
        return built.schema
    namespace: dict[str, Any] = {key: part.build() for key, part in wanted}
    # The caller's module, as a `class` statement there would have it: marshmallow's
    # class registry and reprs name a schema by its module.
    namespace["__module__"] = sys._getframe(1).f_globals.get("__name__", __name__)
    namespace["__qualname__"] = name
    schema = type(name, (Schema,), namespace)
    _BUILT[name] = _Built(wanted, schema)
    return schema


def _describe(parts: tuple[tuple[str, Part], ...]) -> str:
    return "{" + ", ".join(f"{key}: {part}" for key, part in parts) + "}"
