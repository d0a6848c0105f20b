"""Django REST Framework's CursorPagination (RapidPro's stack): pages that stay stable while
records are added, in DRF's `{"next", "previous", "results"}` envelope. `drf.Stack.paginate`
answers an undecodable cursor with the platform's own 404."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode

from werkzeug.datastructures import MultiDict


@dataclass(frozen=True)
class Page:
    results: list[Any]
    next_cursor: str | None
    previous_cursor: str | None


def paginate(
    items: Sequence[Any],
    position: Callable[[Any], str],
    cursor: str | None,
    page_size: int,
    invalid_cursor: Callable[[], Exception],
) -> Page:
    """One page of `items` (already in display order), DRF CursorPagination style.

    A cursor names the item a page starts after (or, reversed, ends before), so pages
    stay stable while records are added. `position(item)` must be unique per item. A
    cursor that does not decode raises `invalid_cursor()`.
    """
    positions = [position(item) for item in items]
    if cursor is None:
        start, end = 0, min(page_size, len(items))
    else:
        anchor, reverse = _decode_cursor(cursor, invalid_cursor)
        # The anchor may have left the list (edited or deleted): find where it would be.
        index = _insertion_point(positions, anchor)
        if reverse:
            end = index
            start = max(0, end - page_size)
        else:
            start = index + (1 if index < len(positions) and positions[index] == anchor else 0)
            end = min(len(items), start + page_size)
    page = list(items[start:end])
    next_cursor = _encode_cursor(positions[end - 1], False) if end < len(items) and page else None
    previous_cursor = _encode_cursor(positions[start], True) if start > 0 and page else None
    return Page(page, next_cursor, previous_cursor)


def _insertion_point(positions: Sequence[str], anchor: str) -> int:
    # Positions are in display order, which is ascending or descending; find the anchor's slot.
    for index, value in enumerate(positions):
        if value == anchor:
            return index
    ascending = len(positions) < 2 or positions[0] <= positions[-1]
    for index, value in enumerate(positions):
        if (value > anchor) if ascending else (value < anchor):
            return index
    return len(positions)


def _encode_cursor(position: str, reverse: bool) -> str:
    query = urlencode({"p": position, **({"r": "1"} if reverse else {})})
    return base64.b64encode(query.encode("ascii")).decode("ascii")


def _decode_cursor(cursor: str, invalid_cursor: Callable[[], Exception]) -> tuple[str, bool]:
    try:
        query = parse_qs(base64.b64decode(cursor.encode("ascii"), validate=True).decode("ascii"))
        return query["p"][0], query.get("r", ["0"])[0] == "1"
    except (binascii.Error, UnicodeError, KeyError, IndexError, ValueError) as error:
        raise invalid_cursor() from error


def page_size(requested: str | None, default: int) -> int:
    """CursorPagination.get_page_size: the page size the client asked for when it is a
    positive integer; anything else is ignored (the default), never refused."""
    if requested and requested.isdigit() and int(requested) > 0:
        return int(requested)
    return default


def page_url(base_url: str, args: MultiDict[str, str], cursor: str | None) -> str | None:
    """The absolute URL of another page: the request's URL with `cursor` replaced."""
    if cursor is None:
        return None
    params = [(k, v) for k, v in args.items(multi=True) if k != "cursor"]
    params.append(("cursor", cursor))
    return f"{base_url}?{urlencode(sorted(params))}"
