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
  whose fields are the JavaScript leniencies of `express_fields` (`String(n)`, ...);
  the first value at fault is answered `400 <name> is required` / `must be ...`.
- `configure()` is what every Express app here does around a view: non-strict routing
  (`/api/flows/` is `/api/flows`), `res.json()`'s charset and `JSON.stringify`'s output.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask import Flask, Response, g, request
from marshmallow import Schema, ValidationError, fields

from sandbox.core import jsonbody

# The field classes and their words live in express_fields; importable from here too.
from sandbox.core.stacks.express_fields import ATTRIBUTE as ATTRIBUTE
from sandbox.core.stacks.express_fields import NOT_A_BOOLEAN as NOT_A_BOOLEAN
from sandbox.core.stacks.express_fields import NOT_A_COUNT as NOT_A_COUNT
from sandbox.core.stacks.express_fields import NOT_A_DATE as NOT_A_DATE
from sandbox.core.stacks.express_fields import NOT_A_LIMIT as NOT_A_LIMIT
from sandbox.core.stacks.express_fields import NOT_A_STRING as NOT_A_STRING
from sandbox.core.stacks.express_fields import NOT_AN_OBJECT as NOT_AN_OBJECT
from sandbox.core.stacks.express_fields import REQUIRED as REQUIRED
from sandbox.core.stacks.express_fields import AnyObject as AnyObject
from sandbox.core.stacks.express_fields import AsSent as AsSent
from sandbox.core.stacks.express_fields import Boolean as Boolean
from sandbox.core.stacks.express_fields import Destructured as Destructured
from sandbox.core.stacks.express_fields import Input as Input
from sandbox.core.stacks.express_fields import Object as Object
from sandbox.core.stacks.express_fields import QueryDate as QueryDate
from sandbox.core.stacks.express_fields import QueryInteger as QueryInteger
from sandbox.core.stacks.express_fields import Text as Text
from sandbox.core.stacks.express_fields import TextOrNumber as TextOrNumber
from sandbox.core.stacks.express_fields import js_date as js_date
from sandbox.core.stacks.express_fields import js_number as js_number
from sandbox.core.stacks.express_fields import js_text as js_text

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
