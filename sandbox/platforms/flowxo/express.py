"""What the vendor's Express stack does to a request before a view sees it (assumed: the
vendor's server code is not public).

- `json_body()` is `express.json()` (body-parser, strict): a body that is not
  `application/json` is ignored (`{}`), an empty one is `{}`, anything else must be a JSON
  object or array, and a body that does not parse is refused with 400 and V8's
  `JSON.parse` message. Assumed where Python and V8 part (docs/flowxo-fidelity.md): a
  body nested too deep for the sandbox is V8's stack overflow, an integer too long for Python
  a double (`Infinity` past 1e308), and a lone surrogate escape is refused. A body longer
  than body-parser's default limit (`JSON_LIMIT`) is refused with 413 (assumed: no source
  says the vendor raised it), which also bounds the text the account stores.
- `strip_trailing_slash` is Express's non-strict routing: `/api/conversations/` is
  `/api/conversations` (public clients call both).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from flask import request

from sandbox.core import jsonbody
from sandbox.platforms.flowxo import errors
from sandbox.platforms.flowxo.errors import InvalidInput

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


#: body-parser's default `limit: '100kb'`, in bytes (its `bytes` parser counts 1 kb as
#: 1,024 bytes): a longer body is refused before it is parsed.
JSON_LIMIT = 100 * 1024


def json_body() -> Any:
    """The parsed body: a dict or list, or `{}` when there is no JSON body."""
    if request.mimetype != "application/json":
        return {}
    length = request.content_length
    if length is not None and length > JSON_LIMIT:
        raise errors.TooLarge()  # body-parser checks Content-Length before reading
    raw = request.get_data(cache=True)
    if len(raw) > JSON_LIMIT:
        raise errors.TooLarge()  # chunked: refused once the bytes read pass the limit
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput(errors.JSON_TOKEN.format("\ufffd", error.start)) from error
    start = len(text) - len(text.lstrip(" \t\n\r"))
    if start == len(text):
        return {}  # body-parser skips an empty body
    if text[start] not in "{[":
        # body-parser's strict mode refuses a bare value at its first character.
        raise InvalidInput(errors.JSON_TOKEN.format(text[start], start))
    try:
        return jsonbody.decode(
            text, _DECODER, long_numbers=_LONG_NUMBERS, max_depth=jsonbody.MAX_DEPTH
        )
    except _NotJSON as error:
        position = text.find(error.args[0])
        raise InvalidInput(errors.JSON_TOKEN.format(text[position], position)) from error
    except json.JSONDecodeError as error:
        if error.pos >= len(text):
            raise InvalidInput(errors.JSON_END) from error
        raise InvalidInput(errors.JSON_TOKEN.format(text[error.pos], error.pos)) from error
    except jsonbody.TooDeep as error:
        # body-parser answers 400 with whatever JSON.parse throws, a RangeError too.
        raise InvalidInput(errors.JSON_TOO_DEEP) from error
    except jsonbody.LoneSurrogate as error:
        raise InvalidInput(errors.JSON_BAD_ESCAPE.format(error.position)) from error


class _NotJSON(ValueError):
    """A constant Python reads and JSON.parse does not (NaN, Infinity, -Infinity)."""


def _not_json(name: str) -> Any:
    raise _NotJSON(name)


_DECODER = json.JSONDecoder(parse_constant=_not_json)
# JSON.parse reads every number as a double: an integer too long for Python is a float.
_LONG_NUMBERS = json.JSONDecoder(parse_constant=_not_json, parse_int=jsonbody.int_or_float)


def strip_trailing_slash(app: WSGIApp) -> WSGIApp:
    """Wrap a WSGI app so a path's one trailing slash is ignored, as Express routes do."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if len(path) > 1 and path.endswith("/"):
            environ = {**environ, "PATH_INFO": path[:-1]}
        return app(environ, start_response)

    return wrapped
