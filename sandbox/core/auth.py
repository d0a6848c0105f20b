"""Pieces of the vendors' authentication schemes that more than one platform uses."""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Callable
from typing import TypeVar

from flask import Request

View = TypeVar("View", bound=Callable[..., object])


def public(view: View) -> View:
    """Mark a view as reachable without credentials (a login endpoint, say)."""
    view.sandbox_public = True  # type: ignore[attr-defined]
    return view


def is_public(view: object) -> bool:
    return bool(getattr(view, "sandbox_public", False))


def authorization(request: Request) -> tuple[str, str] | None:
    """Split the Authorization header into (scheme, rest); None when it is absent or empty.

    The scheme keeps its original case; callers compare it the way their vendor does.
    """
    header = request.headers.get("Authorization", "")
    if not header.strip():
        return None
    scheme, _, rest = header.strip().partition(" ")
    return scheme, rest.strip()


class MalformedBasic(ValueError):
    """The Basic credentials are not base64 of `user:password`."""


def decode_basic(credentials: str) -> tuple[str, str]:
    """Decode the part of `Authorization: Basic ...` after the scheme into (user, password).

    As Django REST Framework does it: lenient base64, UTF-8 falling back to Latin-1, and
    everything after the first `:` is the password (no `:` means an empty password).
    """
    try:
        raw = base64.b64decode(credentials)
    except (binascii.Error, ValueError) as error:
        raise MalformedBasic(str(error)) from error
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        decoded = raw.decode("latin-1")
    user, _, password = decoded.partition(":")
    return user, password


def secrets_equal(given: str, expected: str) -> bool:
    """Compare secrets in constant time, so the sandbox does not teach timing attacks."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
