"""Checks the kit adds to schemathesis' own: the vendor's error envelope, the formats of
ids in successful bodies, and documented headers. Registered on import."""

from __future__ import annotations

from typing import Any

import schemathesis

from conformance.run import current


def _json(response: Any) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


@schemathesis.check
def vendor_error_envelope(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every error answer (>= 400, or what the vendor answers errors with) has the vendor's
    error body."""
    kit = current().kit
    if not kit.is_error(response):
        return None
    problem = kit.error_envelope(response)
    if problem is not None:
        raise AssertionError(
            f"{response.status_code} answer is not the vendor's error body: {problem}"
        )
    return True


@schemathesis.check
def vendor_id_formats(ctx: Any, response: Any, case: Any) -> bool | None:
    """Ids, timestamps and links in successful bodies have the vendor's formats."""
    if not 200 <= response.status_code < 300 or current().kit.is_error(response):
        return None
    body = _json(response)
    if body is None:
        return None
    problems = current().kit.format_problems(body)
    if problems:
        raise AssertionError("; ".join(problems[:5]))
    return True


@schemathesis.check
def documented_headers(ctx: Any, response: Any, case: Any) -> bool | None:
    """`Allow` on 405, `Retry-After` on 429, and JSON bodies labelled as JSON."""
    if response.status_code == 405 and not _header(response, "allow"):
        raise AssertionError("405 answer without an Allow header")
    if response.status_code == 429 and not _header(response, "retry-after"):
        raise AssertionError("429 answer without a Retry-After header")
    content_type = _header(response, "content-type")
    if response.content and _json(response) is not None and "json" not in content_type:
        raise AssertionError(f"JSON body served as {content_type or 'no content type'}")
    return True


def _header(response: Any, name: str) -> str:
    """A header of a schemathesis response (lower-case names, lists of values)."""
    values = response.headers.get(name) or []
    return values[0] if values else ""
