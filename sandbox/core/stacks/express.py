"""Node's Express with body-parser, the way the vendors' servers plausibly use it (assumed:
neither Flow XO's nor FlowBot's server code is public).

- `Stack.body()` is `express.json()` (body-parser): a body that is not JSON by its
  mimetype is ignored (`{}`), an empty one is `{}`, one longer than the default limit
  (`JSON_LIMIT`, assumed not raised) is 413 `request entity too large`, and one that does
  not parse is 400 with V8's `JSON.parse` message (a platform may word it its own way).
  Assumed where Python and V8 part: a body nested too deep for the sandbox is V8's stack
  overflow, an integer too long for Python a double (`Infinity` past 1e308), and a lone
  surrogate escape is refused (the sandbox stores what it reads as UTF-8).
- `Stack.read()` hands a view `req.body` / `req.query` read by the operation's schema,
  whose fields are the JavaScript leniencies below (`String(n)` of a number, ...);
  the first value at fault is answered `400 <name> is required` / `must be ...`.
- `configure()` is what every Express app here does around a view: non-strict routing
  (`/api/flows/` is `/api/flows`), `res.json()`'s charset and `JSON.stringify`'s output.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask import Flask, Response, g, request
from marshmallow import EXCLUDE, Schema, ValidationError, fields, missing

from sandbox.core import jsonbody
from sandbox.core.clock import parse_iso

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

#: body-parser's default `limit: '100kb'`, in bytes (its `bytes` parser counts 1 kb as
#: 1,024 bytes): a longer body is refused before it is parsed.
JSON_LIMIT = 100 * 1024
#: body-parser's PayloadTooLarge message (type `entity.too.large`).
TOO_LARGE = "request entity too large"
# body-parser hands on V8's JSON.parse message (Node 18's wording).
JSON_END = "Unexpected end of JSON input"
JSON_TOKEN = "Unexpected token {} in JSON at position {}"
# What a JSON.parse that recurses throws for a body nested too deep (a RangeError, which
# body-parser answers with 400 like a SyntaxError).
JSON_TOO_DEEP = "Maximum call stack size exceeded"
# V8's words for a \u escape it refuses, for a lone surrogate (which V8 itself reads).
JSON_BAD_ESCAPE = "Bad Unicode escape in JSON at position {}"
#: JSON's whitespace, which body-parser's strict check skips before the first character.
_WHITESPACE = " \t\n\r"
#: The mimetypes whose text fields fill `req.body` (multer's and express.urlencoded()'s).
_FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")

#: The placeholder a message starts with for the name of the value at fault.
ATTRIBUTE = ":attribute"
# How the handlers word a value they cannot use (the sandbox's wording, assumed).
REQUIRED = ":attribute is required"
NOT_A_STRING = ":attribute must be a string"
NOT_AN_OBJECT = ":attribute must be an object"
NOT_A_BOOLEAN = ":attribute must be a boolean"
NOT_A_COUNT = ":attribute must be a non-negative integer"
NOT_A_LIMIT = ":attribute must be a positive integer"
NOT_A_DATE = ":attribute must be an ISO 8601 date"


class Stack:
    """Express as one platform's operations see it.

    - `invalid_json(message)` / `too_large()`: the platform's errors for body-parser's
      refusals (`message` is V8's); `refuse(message)` for a value the schema refuses.
    - `json_suffix`: `+json` mimetypes are JSON too (`type: ['json', '+json']`).
    - `strict`: body-parser's strict mode refuses a body that is no object or array.
    - `strip_bom`: the body's decoder drops a byte-order mark.
    - `validate`: the operation's schema reads the input; without it the schema only
      documents, and the view gets `req.body` (an object, else `{}`) or `req.query` as
      they are, to destructure itself.
    """

    def __init__(
        self,
        *,
        invalid_json: Callable[[str], Exception],
        too_large: Callable[[], Exception],
        refuse: Callable[[str], Exception] | None = None,
        json_suffix: bool = False,
        strict: bool = True,
        strip_bom: bool = False,
        validate: bool = True,
    ) -> None:
        self.invalid_json = invalid_json
        self.too_large = too_large
        self.refuse = refuse or invalid_json
        self.json_suffix = json_suffix
        self.strict = strict
        self.strip_bom = strip_bom
        self.validate = validate

    def is_json(self) -> bool:
        mimetype = request.mimetype
        return mimetype == "application/json" or (self.json_suffix and mimetype.endswith("+json"))

    def body(self) -> Any:
        """`req.body` after `express.json()`: a dict or a list, `{}` without a JSON body."""
        if not self.is_json():
            return {}
        length = request.content_length
        if length is not None and length > JSON_LIMIT:
            raise self.too_large()  # body-parser checks Content-Length before reading
        raw = request.get_data(cache=True)
        if len(raw) > JSON_LIMIT:
            raise self.too_large()  # chunked: refused once the bytes read pass the limit
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise self.invalid_json(JSON_TOKEN.format("\ufffd", error.start)) from error
        if self.strip_bom and text.startswith("\ufeff"):
            text = text[1:]
        start = len(text) - len(text.lstrip(_WHITESPACE))
        if start == len(text):
            return {}  # body-parser skips an empty body
        if self.strict and text[start] not in "{[":
            # body-parser's strict mode refuses a bare value at its first character.
            raise self.invalid_json(JSON_TOKEN.format(text[start], start))
        return self._parse(text)

    def _parse(self, text: str) -> Any:
        try:
            return jsonbody.decode(
                text, _DECODER, long_numbers=_LONG_NUMBERS, max_depth=jsonbody.MAX_DEPTH
            )
        except _NotJSON as error:
            position = text.find(error.args[0])
            raise self.invalid_json(JSON_TOKEN.format(text[position], position)) from error
        except json.JSONDecodeError as error:
            if error.pos >= len(text):
                raise self.invalid_json(JSON_END) from error
            raise self.invalid_json(JSON_TOKEN.format(text[error.pos], error.pos)) from error
        except jsonbody.TooDeep as error:
            # body-parser answers 400 with whatever JSON.parse throws, a RangeError too.
            raise self.invalid_json(JSON_TOO_DEEP) from error
        except jsonbody.LoneSurrogate as error:
            raise self.invalid_json(JSON_BAD_ESCAPE.format(error.position)) from error

    def read(self, schema: type[Schema] | Schema, location: str) -> dict[str, Any]:
        """`req.body` (a JSON array or bare value has no fields: `{}`; at "files", a form's
        text fields) or `req.query` (its first value of a repeated key), read by
        `schema`."""
        if location == "query":
            given: Mapping[str, Any] = request.args.to_dict()
        elif location == "json":
            body = self.body()
            given = body if isinstance(body, Mapping) else {}
        elif request.mimetype in _FORMS:
            # multer (or express.urlencoded()) fills req.body with the form's text fields;
            # the view reads the uploaded files itself.
            given = request.form.to_dict()
        else:
            body = self.body()  # no form: express.json() fills req.body
            given = body if isinstance(body, Mapping) else {}
        if not self.validate:
            return dict(given)
        return load(schema, given, self.refuse)


def load(
    schema: type[Schema] | Schema, given: Mapping[str, Any], refuse: Callable[[str], Exception]
) -> dict[str, Any]:
    """`given` read by `schema`; the first value at fault raises `refuse(message)`."""
    instance = schema() if isinstance(schema, type) else schema
    try:
        result: dict[str, Any] = instance.load(given)
    except ValidationError as error:
        raise refuse(first_message(error.messages)) from None
    return result


def read_value(
    field: fields.Field, name: str, given: Mapping[str, Any], refuse: Callable[[str], Exception]
) -> Any:
    """`given[name]` read by `field`, for a value a handler reads after something it
    answers first (a lookup's 404), where the operation's schema hands it on unread."""
    return load(Input.from_dict({name: field})(), given, refuse).get(name)


class _NotJSON(ValueError):
    """A constant Python reads and JSON.parse does not (NaN, Infinity, -Infinity)."""


def _not_json(name: str) -> Any:
    raise _NotJSON(name)


_DECODER = json.JSONDecoder(parse_constant=_not_json)
# JSON.parse reads every number as a double: an integer too long for Python is a float.
_LONG_NUMBERS = json.JSONDecoder(parse_constant=_not_json, parse_int=jsonbody.int_or_float)


def first_message(messages: Any, path: tuple[str, ...] = ()) -> str:
    """The first message of marshmallow's error tree (fields in the order the schema
    declares them: the order the handler reads them), its leading `:attribute` naming the
    value's dotted path."""
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            return first_message(value, path if key == "_schema" else (*path, str(key)))
    if isinstance(messages, list) and messages:
        return first_message(messages[0], path)
    text = str(messages)
    if not text.startswith(ATTRIBUTE):
        return text  # worded without the name; a value it quotes is left as it was sent
    return ".".join(path) + text[len(ATTRIBUTE) :]


# -- JavaScript's leniencies, as schema fields ---------------------------------------------


class Input(Schema):
    """An operation's input: the fields a handler destructures; others are ignored."""

    class Meta:
        unknown = EXCLUDE


def js_number(value: float) -> str:
    """`String(n)` of a JavaScript number: JSON's 1.0 is the number 1 ("1"), and exponents
    only from 1e21 up and below 1e-6 ("1e-7", "0.000001")."""
    if value.is_integer() and abs(value) <= 2**53:
        return str(int(value))  # exactly the integer (-0 is "0")
    text = repr(value)  # the shortest digits that read back, as JavaScript picks them
    if "e" not in text:
        return text
    digits, exponent = text.split("e")
    power = int(exponent)
    if -7 < power < 21:
        return format(Decimal(text), "f")
    return f"{digits}e{power:+d}"


def js_text(value: Any) -> str | None:
    """The text of a string or a number (not a boolean) as `String(v)` writes it (Mongoose
    casts numbers to String paths), else None."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return js_number(value)
    return None


def _messages(invalid: str) -> dict[str, str]:
    return {"required": REQUIRED, "null": REQUIRED, "invalid": invalid, "type": invalid}


class _TextReading(fields.Field):
    """`if (!body.x)` then `String(body.x)`: a missing, null or empty value is "required"
    (an optional one is None), a number is its text, anything else is refused."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(error_messages=_messages(NOT_A_STRING), **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if value == "":
            if self.required:
                raise self.make_error("required")
            return None
        text = js_text(value)
        if text is None:
            raise self.make_error("invalid")
        return text


class Text(_TextReading, fields.String):
    """A string value (documented as one) that also takes a number, as `String(n)`."""


class TextOrNumber(_TextReading):
    """The same reading, documented as text or a number: a checker would otherwise expect
    numbers to be refused."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {**kwargs.pop("metadata", {}), "anyOf": [{"type": "string"}, {"type": "number"}]}
        if kwargs.get("allow_none"):
            metadata["nullable"] = True
        super().__init__(metadata=metadata, **kwargs)


class Object(fields.Nested):
    """A nested object; anything else (an array, a string) is refused as no object."""

    def __init__(self, nested: type[Schema], **kwargs: Any) -> None:
        super().__init__(nested, error_messages=_messages(NOT_AN_OBJECT), **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, Mapping):
            raise self.make_error("type")
        return super()._deserialize(value, attr, data, **kwargs)


class Boolean(fields.Boolean):
    """A JSON boolean, nothing else (`typeof x === 'boolean'`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(error_messages=_messages(NOT_A_BOOLEAN), **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class QueryInteger(fields.Integer):
    """A query integer (`parseInt` of digits) of at least `minimum`; absent or empty is the
    documented default."""

    def __init__(self, *, minimum: int, default: int, **kwargs: Any) -> None:
        invalid = NOT_A_COUNT if minimum == 0 else NOT_A_LIMIT
        metadata = {**kwargs.pop("metadata", {}), "minimum": minimum, "default": default}
        super().__init__(
            load_default=default, error_messages=_messages(invalid), metadata=metadata, **kwargs
        )
        self.minimum = minimum
        self.fallback = default

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if value == "":
            return self.fallback
        text = value.strip() if isinstance(value, str) else ""
        if not text.isascii() or not text.isdigit():
            raise self.make_error("invalid")
        # parseInt reads some 309 digits or more as Infinity, no integer (and int() refuses
        # more than 4,300 digits: a 500).
        if math.isinf(float(text)) or int(text) < self.minimum:
            raise self.make_error("invalid")
        return int(text)


class Destructured(fields.Field):
    """Mixin: how a handler destructures a value before it checks it.

    - `absent`: `const { x = absent } = req.body` (a callable is called for each read).
      Not documented as a `default` keyword: the field's description says it.
    - `needed`: an absent value (without `absent`) is refused as required, whatever the
      spec's `required` says (a field needed only where the operation reads it at all).
    - `null`: what null reads as (a callable is called), without `nullable` in the spec;
      by default null is refused with the field's "null" message.
    - `later`: the value is handed on as sent; `read_value` reads it when the handler
      does, after what it answers first.
    """

    def __init__(
        self,
        *args: Any,
        absent: Any = missing,
        needed: bool = False,
        null: Any = missing,
        later: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.absent, self.needed, self.null, self.later = absent, needed, null, later

    def deserialize(self, value: Any, attr: str | None = None, data: Any = None, **kw: Any) -> Any:
        if self.later:
            return value
        if value is missing and self.absent is not missing:
            return self.absent() if callable(self.absent) else self.absent
        if value is missing and self.needed:
            raise self.make_error("required")
        if value is None and self.null is not missing:
            return self.null() if callable(self.null) else self.null
        return super().deserialize(value, attr, data, **kw)


class AsSent(Destructured, fields.String):
    """A value the handler uses as it was sent, null too (compares or stores it; `${x}`
    of anything is text), documented as the text it should be."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(null=None, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        return value


class AnyObject(Destructured, fields.Dict):
    """A JSON object, its values as sent; anything else, null too, is no object."""

    def __init__(self, **kwargs: Any) -> None:
        messages = {"null": NOT_AN_OBJECT, "invalid": NOT_AN_OBJECT}
        super().__init__(error_messages=messages, **kwargs)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def js_date(value: str) -> datetime:
    """`new Date(text)` of an ISO 8601 date or date-time (no zone: UTC, as the vendors'
    UTC servers read it). Raises ValueError for anything else."""
    if not _ISO_DATE.match(value.strip()):
        raise ValueError(f"not an ISO 8601 date: {value!r}")
    return parse_iso(value)


class QueryDate(fields.String):
    """A query date (`?start=`); absent or empty is None."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(error_messages=_messages(NOT_A_DATE), **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if value == "":
            return None
        try:
            return js_date(super()._deserialize(value, attr, data, **kwargs))
        except ValueError:
            raise self.make_error("invalid") from None


# -- the app around the views ----------------------------------------------------------------


def strip_trailing_slash(app: WSGIApp) -> WSGIApp:
    """Wrap a WSGI app so a path's one trailing slash is ignored, as Express routes do."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if len(path) > 1 and path.endswith("/"):
            environ = {**environ, "PATH_INFO": path[:-1]}
        return app(environ, start_response)

    return wrapped


def node_json() -> None:
    """How the answers' JSON is written: `JSON.stringify` leaves non-ASCII text as it is
    and writes Infinity (a huge integer) as null. Also call it where an error is raised
    before the app's hooks (in authentication)."""
    g.json_ensure_ascii = False
    g.json_nonfinite_null = True


def configure(app: Flask) -> None:
    """`Platform.configure` of an Express platform."""
    app.wsgi_app = strip_trailing_slash(app.wsgi_app)  # type: ignore[method-assign]
    app.before_request(node_json)

    @app.after_request
    def express_content_type(response: Response) -> Response:
        # res.json() names the charset.
        if response.mimetype == "application/json":
            response.headers["Content-Type"] = "application/json; charset=utf-8"
        return response
