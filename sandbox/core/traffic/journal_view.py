"""A journal entry as the control API shows it: credentials masked, bodies as text.

Done when an entry is listed, never on the request path. What is masked (docs/journal.md):
the `Authorization`, `Proxy-Authorization` and `Cookie` headers, every header, query
parameter and cookie a platform's `auth.SECURITY_SCHEMES` names as an API key, and the
query parameters, form fields and JSON string fields with a credential's name
(`api_key`, `token`, `password`, ...). A masked value keeps its scheme word
(`Token ****`, `Bearer ****`) and a cookie its name, so a wrong scheme still shows.
Response bodies are shown as the platform answered them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import unquote_plus

from sandbox.core.traffic.exchange import BODY_KEPT
from sandbox.core.traffic.journal import Entry

MASK = "****"
#: Headers that carry credentials on any platform (lower case).
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
#: Query parameters, form fields and JSON fields that carry credentials on any platform.
#: Not `key`: RapidPro's fields endpoint filters on a field's `key`.
SECRET_FIELDS = frozenset(
    {
        "api_key",
        "apikey",
        "access_token",
        "refresh_token",
        "token",
        "one_time_token",
        "password",
        "secret",
        "client_secret",
    }
)
#: The environ keys of request headers (two of which WSGI does not name `HTTP_*`).
_HEADER_KEY = re.compile(r"HTTP_|CONTENT_(?:TYPE|LENGTH)\Z").match
#: A scheme word before a credential: `Token`, `Bearer`, `Basic`.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class Masking:
    """The names whose values are masked: the defaults plus what the platforms declare."""

    headers: frozenset[str] = SECRET_HEADERS
    fields: frozenset[str] = SECRET_FIELDS

    @classmethod
    def of(cls, schemes: Iterable[Mapping[str, Mapping[str, Any]]]) -> Masking:
        """The masking for platforms with these `auth.SECURITY_SCHEMES`: their API keys'
        headers and query parameters too (a cookie is masked whatever its name)."""
        headers, fields = set(SECRET_HEADERS), set(SECRET_FIELDS)
        for declared in schemes:
            for scheme in declared.values():
                if scheme.get("type") != "apiKey":
                    continue
                name = str(scheme.get("name", "")).lower()
                if scheme.get("in") == "header":
                    headers.add(name)
                elif scheme.get("in") == "query":
                    fields.add(name)
        return cls(frozenset(headers), frozenset(fields))

    @cached_property
    def _json_fields(self) -> re.Pattern[str]:
        """`"password": "..."` in a JSON body, to become `"password": "****"`."""
        names = "|".join(re.escape(name) for name in sorted(self.fields))
        return re.compile(rf'("(?:{names})"\s*:\s*)"(?:[^"\\]|\\.)*"', re.IGNORECASE)

    def value(self, value: str) -> str:
        """`Token abc` -> `Token ****`; a bare secret -> `****`."""
        scheme, space, rest = value.strip().partition(" ")
        if space and rest and _SCHEME.fullmatch(scheme):
            return f"{scheme} {MASK}"
        return MASK

    def header(self, name: str, value: str) -> str:
        lowered = name.lower()
        if lowered == "cookie":
            return "; ".join(_cookie(part) for part in value.split(";") if part.strip())
        if lowered == "set-cookie":
            cookie, semicolon, attributes = value.partition(";")
            return _cookie(cookie) + semicolon + attributes
        return self.value(value) if lowered in self.headers else value

    def query(self, query: str) -> str:
        """A query string (or a form body) with credentials' values masked, else as sent."""
        if not query:
            return query
        parts = []
        for part in query.split("&"):
            name, equals, _ = part.partition("=")
            secret = equals and unquote_plus(name).lower() in self.fields
            parts.append(f"{name}={MASK}" if secret else part)
        return "&".join(parts)

    def json(self, text: str) -> str:
        return self._json_fields.sub(rf'\1"{MASK}"', text)


def _cookie(part: str) -> str:
    name, equals, _ = part.strip().partition("=")
    return f"{name}={MASK}" if equals else MASK


def header_name(key: str) -> str:
    """`HTTP_X_API_KEY` -> `X-Api-Key`, `CONTENT_TYPE` -> `Content-Type`."""
    name = key[5:] if key.startswith("HTTP_") else key
    return "-".join(word.capitalize() for word in name.split("_"))


def _headers(pairs: Iterable[tuple[str, str]], masking: Masking) -> dict[str, str]:
    shown: dict[str, str] = {}
    for name, value in pairs:
        masked = masking.header(name, value)
        # Repeated headers (two Set-Cookie) are joined, as HTTP lets a list be written.
        shown[name] = f"{shown[name]}, {masked}" if name in shown else masked
    return shown


def _text(body: bytes) -> tuple[str, bool]:
    """The body as text (invalid UTF-8 replaced) and whether it was cut at BODY_KEPT."""
    cut = len(body) > BODY_KEPT
    return body[:BODY_KEPT].decode("utf-8", "replace"), cut


def present(entry: Entry, masking: Masking) -> dict[str, Any]:
    """The entry as `GET /_sandbox/requests` lists it."""
    pairs = zip(entry.header_keys, entry.header_values, strict=True)
    shown = ((header_name(key), value) for key, value in pairs if _HEADER_KEY(key))
    request_headers = _headers(shown, masking)
    request_body, request_cut = _text(entry.request_body)
    content_type = request_headers.get("Content-Type", "").lower()
    if "json" in content_type:
        request_body = masking.json(request_body)
    elif content_type.startswith("application/x-www-form-urlencoded"):
        request_body = masking.query(request_body)
    response_body, response_cut = _text(entry.response_body)
    operation = entry.operation
    return {
        "id": entry.id,
        "time": entry.time,
        "workspace": entry.workspace,
        "platform": entry.platform,
        "operation": None if operation is None else {"id": operation[0], "path": operation[1]},
        "nearest": list(entry.nearest),
        "method": entry.method,
        "path": entry.path,
        "query": masking.query(entry.query),
        "status": entry.status,
        "duration_ms": round(entry.duration * 1000, 3),
        "fault": entry.fault,
        "request": {
            "headers": request_headers,
            "body": request_body,
            "body_truncated": request_cut,
        },
        "response": {
            "headers": _headers(
                zip(entry.response_header_names, entry.response_header_values, strict=True),
                masking,
            ),
            "body": response_body,
            "body_truncated": response_cut,
        },
    }
