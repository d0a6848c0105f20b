"""JSON text from one encoder built once, for what is encoded on every request.

`json.dumps` and `JSONEncoder.encode` build a new C encoder on every call (and `dumps` a
new `JSONEncoder` too, whenever an option is not its default): for the small bodies and
journal lines of the sandbox, building it cost about as much as encoding.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from json.encoder import (  # type: ignore[attr-defined]
    c_make_encoder,
    encode_basestring,
    encode_basestring_ascii,
)
from typing import Any


def text_encoder(
    *,
    ensure_ascii: bool = True,
    separators: tuple[str, str] | None = None,
    indent: int | None = None,
    default: Callable[[Any], Any] | None = None,
    allow_nan: bool = True,
) -> Callable[[Any], str]:
    """A function giving what `json.dumps(value, **options)` gives, keys in their order.
    With `allow_nan=False` a non-finite float raises ValueError, as `json.dumps` does.

    Circular references are not checked: the check's memo would be shared by concurrent
    requests (two of them encoding the same cached value would see a false cycle) and
    keeps stale entries after a failed encoding. The values encoded are trees of JSON
    values; a cycle still fails, with RecursionError instead of ValueError.
    """
    encoder = json.JSONEncoder(
        ensure_ascii=ensure_ascii,
        separators=separators,
        indent=indent,
        default=default,
        check_circular=False,  # as the C encoder below: the values are trees
        allow_nan=allow_nan,
    )
    if c_make_encoder is None or indent is not None:
        return encoder.encode  # the pure-Python encoder: nothing to build once
    make_chunks = c_make_encoder(
        None,  # no circular-reference memo (above)
        encoder.default,
        encode_basestring_ascii if ensure_ascii else encode_basestring,
        None,  # indent
        encoder.key_separator,
        encoder.item_separator,
        False,  # sort_keys
        False,  # skipkeys
        allow_nan,
    )
    return lambda value: "".join(make_chunks(value, 0))


def nonfinite_as_null(value: Any) -> Any:
    """`value` with every non-finite float (an integer too long for Python, read as
    JavaScript reads it) replaced by None, as `JSON.stringify` writes them: `null`.
    Containers are rebuilt, so stored records are not changed."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: nonfinite_as_null(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [nonfinite_as_null(item) for item in value]
    return value
