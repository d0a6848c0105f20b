"""Placeholders in message texts: WhatsApp template parameters (`{{1}}`, `{{2}}`, ...) and
flow variables (`{{customerName}}`), as the flow editor and Meta's templates write them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

_POSITIONAL = re.compile(r"\{\{\s*(\d+)\s*\}\}")
_VARIABLE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}")


def parameter_count(text: str) -> int:
    """How many parameters a template body takes: its highest `{{n}}`."""
    return max((int(n) for n in _POSITIONAL.findall(text)), default=0)


def fill_parameters(text: str, params: Sequence[str]) -> str:
    def value(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return params[index] if 0 <= index < len(params) else match.group(0)

    return _POSITIONAL.sub(value, text)


def fill_variables(text: str, variables: Mapping[str, Any]) -> str:
    """Replace `{{name}}` with the flow variable; an unknown one stays as written, so a
    missing lead field shows in the message instead of vanishing silently."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        found = variables.get(name)
        if found is None or isinstance(found, (dict, list)):
            return match.group(0)
        if isinstance(found, bool):
            return "true" if found else "false"
        return str(found)

    return _VARIABLE.sub(value, text)
