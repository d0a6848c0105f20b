"""What the team's models share: reading the integer ids the vendor's paths carry."""

from __future__ import annotations

import re

#: ASCII digits only: `str.isdigit()` also accepts "²", which `int()` then refuses.
_DIGITS = re.compile(r"[0-9]+")


def path_id(value: str) -> int | None:
    """The integer a path's id parameter holds, or None when it holds something else
    (the caller answers "<Thing> not found", as for an unknown id)."""
    return int(value) if _DIGITS.fullmatch(value) else None
