"""One JSON decoding for request bodies, shared by every vendor stack's reader.

Three kinds of body get past a reader that catches `json.JSONDecodeError` and end in a
500 (issue 13 §3), each of which the vendor's stack answers in its own way:

- nesting deeper than the interpreter's recursion limit (about 900 levels) makes the C
  decoder raise `RecursionError`;
- an integer of more digits than `sys.get_int_max_str_digits()` (4,300) makes it raise a
  plain `ValueError` (Python 3.11+);
- an escaped lone surrogate (`"H\\ud800x"`) decodes into a `str` that cannot be written
  as UTF-8, so the request fails after it has stored the value, when the answer or the
  journal is encoded.

`decode()` turns the three into `TooDeep`, `LongNumber` and `LoneSurrogate` (`Refused`,
a `ValueError`); each stack's reader says what its vendor answers, in one place. A stack
whose models store values as they are sent also passes `max_depth=MAX_DEPTH`: a body
shallow enough for the decoder can still be too deep to store (see `MAX_DEPTH`). An
ordinary body pays for none of it: the first two are exceptions caught only when raised,
the depth is counted only for a body with more brackets than the limit, and the lone
surrogates are a search for a `\\ud` (surrogate) escape, which most bodies do not have.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any


class Refused(ValueError):
    """A body the sandbox will not take, though Python's json may have read it."""


class TooDeep(Refused):
    """Nested deeper than the decoder can recurse; the message is Python's."""


class LongNumber(Refused):
    """An integer longer than Python converts; the message is Python's."""


class LoneSurrogate(Refused):
    """A `\\uD800`-`\\uDFFF` escape that is not half of a pair, at `position` (the
    backslash, an index into the text)."""

    def __init__(self, position: int) -> None:
        super().__init__(f"lone surrogate escape at position {position}")
        self.position = position


#: Decodes as `json.loads` does, built once (`loads` builds one per call with options).
PLAIN = json.JSONDecoder()

# CPython's message for an integer over the digit limit (Objects/longobject.c), the one
# way to tell it from a ValueError that a decoder's own hook raises.
_DIGIT_LIMIT = "Exceeds the limit ("


#: How deep a body may nest where the sandbox stores what it is sent as it is (a lead's
#: variables, a message's context): stored records are copied recursively, two frames a
#: level, so about 450 levels reach Python's recursion limit inside a request (a 500);
#: 256 leaves room for the request's own frames.
MAX_DEPTH = 256


def decode(
    text: str,
    decoder: json.JSONDecoder = PLAIN,
    *,
    long_numbers: json.JSONDecoder | None = None,
    max_depth: int | None = None,
) -> Any:
    """The JSON value of `text`, read by `decoder`.

    Raises `json.JSONDecodeError` for bad syntax (and whatever `decoder`'s hooks raise),
    `TooDeep` (deeper than the decoder can go, or than `max_depth` when given),
    `LoneSurrogate`, and `LongNumber` unless `long_numbers` is given: a decoder that reads
    such integers as the vendor's language does (`int_or_float` for a language whose
    numbers are doubles), used only for a body that has one.
    """
    try:
        value = decoder.decode(text)
    except RecursionError as error:
        raise TooDeep(str(error)) from None
    except json.JSONDecodeError:
        raise
    except ValueError as error:
        if not str(error).startswith(_DIGIT_LIMIT):
            raise
        if long_numbers is None:
            raise LongNumber(str(error)) from None
        return decode(text, long_numbers, max_depth=max_depth)
    if max_depth is not None and nested_deeper_than(text, value, max_depth):
        raise TooDeep(f"nested deeper than {max_depth} levels")
    position = lone_surrogate(text)
    if position is not None:
        raise LoneSurrogate(position)
    return value


def explain(error: Refused) -> str:
    """Why a body was refused, in words for the developer who sent it (the control API's
    answers; a vendor's reader words its refusals as the vendor does)."""
    if isinstance(error, LoneSurrogate):
        return (
            f"a lone surrogate escape at offset {error.position} (\\uD800-\\uDFFF "
            "without its other half) is not text that can be stored as UTF-8"
        )
    if isinstance(error, LongNumber):
        return f"a number has more than {sys.get_int_max_str_digits()} digits"
    return f"arrays and objects nest deeper than {MAX_DEPTH} levels"


def is_digit_limit(error: ValueError) -> bool:
    """Whether `error` is CPython's refusal of an integer over the digit limit."""
    return str(error).startswith(_DIGIT_LIMIT)


def int_or_float(digits: str) -> int | float:
    """`parse_int` for a language whose numbers are doubles: an integer Python cannot
    convert is read as a float (`inf` beyond 1e308), as `JSON.parse` reads any number."""
    try:
        return int(digits)
    except ValueError:
        return float(digits)


# A run of backslashes, and the \u escape of a surrogate after it if there is one: an odd
# run ends with the escape's backslash, an even one is escaped backslashes (then the text
# "ud800"). The escape is optional so that a match never fails once the run is read: each
# backslash is read once (the pattern `(\\+)u...` backtracked through every suffix of a
# run not followed by "u", quadratic in its length). One match per run, however long, in
# constant memory (a repeated group, `(?:\\\\)*`, takes the regex engine's stack a frame
# per repetition).
_RUN_AND_ESCAPE = re.compile(r"(\\+)(u[dD][89a-fA-F][0-9a-fA-F]{2})?")
_LOW_ESCAPE = re.compile(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def lone_surrogate(text: str) -> int | None:
    """Where the first escaped lone surrogate of JSON text `text` starts, or None.

    Only meaningful for text that parsed: escapes then appear in strings alone. Linear in
    the length of `text`; text without a `\\ud` is not scanned.
    """
    if "\\u" not in text or ("\\ud" not in text and "\\uD" not in text):
        return None
    paired_low = -1  # where the low half of the last pair found starts
    for match in _RUN_AND_ESCAPE.finditer(text):
        if match.end(2) < 0 or (match.end(1) - match.start()) % 2 == 0:
            continue  # no surrogate after the run, or after escaped backslashes
        start = match.end(1) - 1  # the escape's backslash
        if start == paired_low:
            continue
        is_high = text[start + 3] in "89abAB"  # D800-DBFF: a high half
        if is_high and _LOW_ESCAPE.match(text, match.end()):
            paired_low = match.end()
            continue
        return start
    return None


def nested_deeper_than(text: str, value: Any, limit: int) -> bool:
    """Whether `value`, decoded from `text`, nests arrays and objects more than `limit`
    levels deep (the top level is 1). Counting brackets in `text` first spares the walk
    to every body with too few of them to reach the limit."""
    if text.count("[") + text.count("{") <= limit:
        return False
    return deeper_than(value, limit)


def deeper_than(value: Any, limit: int) -> bool:
    """Whether `value` nests lists and dicts more than `limit` levels deep (the top level
    is 1), walked without recursing: for values whose text has no brackets to count
    (YAML's block style). Level by level, in list comprehensions: twice as fast as a stack
    of (item, depth) pairs on a fixture document of 100,000 contacts (0.13 s)."""
    level = [value] if isinstance(value, (dict, list)) else []
    depth = 0
    while level:
        depth += 1
        if depth > limit:
            return True
        below: list[Any] = []
        for item in level:
            children = item.values() if isinstance(item, dict) else item
            below.extend([child for child in children if isinstance(child, (dict, list))])
        level = below
    return False
