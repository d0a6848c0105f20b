"""What FlowBot's Express stack does before and after a view (assumed: the vendor's
server code is not public, its answers are Node's: camelCase JSON, ISO times in ms).

- `json_body()` is `express.json()`: a body that is not `application/json` is ignored
  (`{}`), an empty one is `{}`, and one that does not parse is the vendor's 400. A body
  longer than body-parser's default limit (`JSON_LIMIT`) is refused with 413 (assumed: no
  source says the vendor raised it), which also bounds the text a lead stores; uploads
  (multipart, up to 10 MB) are not JSON bodies and keep their own limit.
- `strip_trailing_slash` is Express's non-strict routing: `/api/flows/` is `/api/flows`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, Response, g, request

from sandbox.core import jsonbody
from sandbox.platforms.flowbot import errors

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


#: body-parser's default `limit: '100kb'`, in bytes (its `bytes` parser counts 1 kb as
#: 1,024 bytes): a longer body is refused before it is parsed.
JSON_LIMIT = 100 * 1024


def json_body() -> dict[str, Any]:
    """The request's JSON object; `{}` without one (any other JSON value reads as `{}`
    too: the views destructure fields from it, as `const {a} = req.body` does)."""
    if request.mimetype != "application/json" and not request.mimetype.endswith("+json"):
        return {}
    length = request.content_length
    if length is not None and length > JSON_LIMIT:
        raise errors.too_large()  # body-parser checks Content-Length before reading
    raw = request.get_data(cache=True)
    if len(raw) > JSON_LIMIT:
        raise errors.too_large()  # chunked: refused once the bytes read pass the limit
    if not raw.strip():
        return {}
    try:
        text = raw.decode("utf-8")
        if text.startswith("\ufeff"):
            text = text[1:]  # body-parser's decoder drops a byte-order mark
        body = jsonbody.decode(text, long_numbers=_LONG_NUMBERS, max_depth=jsonbody.MAX_DEPTH)
    except ValueError:
        # Bad UTF-8 or syntax; nesting too deep to store (a lead keeps its fields as they
        # are; what a recursing JSON.parse throws is answered alike); a lone surrogate
        # escape (V8 reads one, the sandbox refuses it before it is stored: assumed).
        raise errors.invalid_json() from None
    return body if isinstance(body, dict) else {}


# JSON.parse reads every number as a double: an integer too long for Python is a float.
_LONG_NUMBERS = json.JSONDecoder(parse_int=jsonbody.int_or_float)


def strip_trailing_slash(app: WSGIApp) -> WSGIApp:
    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if len(path) > 1 and path.endswith("/"):
            environ = {**environ, "PATH_INFO": path[:-1]}
        return app(environ, start_response)

    return wrapped


def configure(app: Flask) -> None:
    app.wsgi_app = strip_trailing_slash(app.wsgi_app)  # type: ignore[method-assign]

    @app.before_request
    def node_json() -> None:
        g.json_ensure_ascii = False  # JSON.stringify leaves non-ASCII text as it is
        g.json_nonfinite_null = True  # ... and writes Infinity (a huge integer) as null

    @app.after_request
    def express_content_type(response: Response) -> Response:
        if response.mimetype == "application/json":
            response.headers["Content-Type"] = "application/json; charset=utf-8"
        return response
