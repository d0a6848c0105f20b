"""Which documented operation a request matched: its operationId (the view's name, as the
spec writes it) and its path template (`/api/update_contact/{id}`)."""

from __future__ import annotations

import difflib
import re

from flask import Flask
from werkzeug.routing import Rule

from sandbox.core.traffic.exchange import Operation

#: `<int:id>` / `<name>` in a Flask rule -> `{id}` / `{name}`, as OpenAPI writes them.
_CONVERTER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
#: How many operations a 404's `nearest` names at most.
NEAREST = 3


class OperationIndex:
    """The documented operations of one platform app, by Flask endpoint and method.

    Built on first use from the app's URL map (after every blueprint is registered), so a
    request pays one dict lookup.
    """

    def __init__(self, app: Flask) -> None:
        self._app = app
        self._by_endpoint: dict[tuple[str, str], Operation] | None = None

    def _build(self) -> dict[tuple[str, str], Operation]:
        found: dict[tuple[str, str], Operation] = {}
        for rule in self._app.url_map.iter_rules():
            operation_id = _operation_id(self._app, rule)
            if operation_id is None:
                continue
            for method in rule.methods or ():
                found[(rule.endpoint, method)] = Operation(operation_id, template(rule.rule))
        return found

    @property
    def operations(self) -> dict[tuple[str, str], Operation]:
        if self._by_endpoint is None:
            self._by_endpoint = self._build()
        return self._by_endpoint

    def match(self, endpoint: str | None, method: str) -> Operation | None:
        if endpoint is None:
            return None
        return self.operations.get((endpoint, method))

    def nearest(self, method: str, path: str) -> list[str]:
        """The operations (`METHOD /path`) most like an unknown `path`, likeliest first."""
        labels = sorted({f"{m} {op.path}" for (_, m), op in self.operations.items()})
        return difflib.get_close_matches(f"{method} {path}", labels, n=NEAREST, cutoff=0.5)


def template(rule: str) -> str:
    return _CONVERTER.sub(r"{\1}", rule)


def _operation_id(app: Flask, rule: Rule) -> str | None:
    view = app.view_functions.get(rule.endpoint)
    doc = getattr(view, "_apidoc", None)
    if not isinstance(doc, dict):
        return None
    operation_id = doc.get("manual_doc", {}).get("operationId")
    return operation_id if isinstance(operation_id, str) else None
