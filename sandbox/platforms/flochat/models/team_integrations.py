"""The team's integrations (Shopify, WooCommerce, Dropi, Meta Conversions API, OpenAI,
S3 storage): the credentials the team gives, and whether they were verified.

The sandbox cannot reach those services, so "verifying" checks the credentials' form:
what the real service would certainly refuse (a Shopify store that is not a
`*.myshopify.com` domain, WooCommerce keys not shaped `ck_...` / `cs_...`, an OpenAI key
not starting `sk-`, a Meta dataset id that is not a number, an endpoint that is not an
http(s) URL) is stored with status `failed`, anything else `verified`.

Secrets are never given back in full: answers show their last 4 characters behind
asterisks (all asterisks for short ones). The vendor's answer schemas allow it (plain
strings); whether the vendor masks them is not documented.

Rows: INTEGRATIONS {type, values: {field: value}, status}.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marshmallow import fields

from sandbox.core.fixtures import FixtureError
from sandbox.platforms.flochat.models.api import Flochat
from sandbox.platforms.flochat.models.sections import Entry, Section, one_of

INTEGRATIONS = "flochat.integrations"
VERIFIED, FAILED = "verified", "failed"
_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$", re.IGNORECASE)
_DIGITS = re.compile(r"[0-9]+")
_SHOPIFY = re.compile(r"^(https?://)?[a-z0-9][a-z0-9-]*\.myshopify\.com/?$", re.IGNORECASE)


def _is_url(value: str) -> bool:
    return bool(_URL.match(value))


@dataclass(frozen=True)
class Kind:
    """One integration: its fields in the vendor's answer order, which are secrets, the
    defaults of optional ones, the names its GET answer uses instead (S3 answers `key`
    for the `api_key` it was given), and its check of the credentials' form."""

    name: str
    fields: tuple[str, ...]
    secrets: tuple[str, ...]
    defaults: dict[str, Any]
    check: Callable[[dict[str, Any]], bool]
    read_names: dict[str, str]


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "shopify",
            ("url", "api_key", "token", "wait_time"),
            ("api_key", "token"),
            {"wait_time": 30},
            lambda v: bool(_SHOPIFY.match(v["url"])),
            {},
        ),
        Kind(
            "woocommerce",
            ("url", "api_key", "token"),
            ("api_key", "token"),
            {},
            lambda v: (
                _is_url(v["url"])
                and v["api_key"].startswith("ck_")
                and v["token"].startswith("cs_")
            ),
            {},
        ),
        Kind("dropi", ("url", "api_key"), ("api_key",), {}, lambda v: _is_url(v["url"]), {}),
        Kind(
            "meta-conversions-api",
            ("token", "dataset_id"),
            ("token",),
            {},
            lambda v: bool(_DIGITS.fullmatch(v["dataset_id"])),
            {},
        ),
        Kind(
            "openai",
            ("api_key", "org_id"),
            ("api_key",),
            {"org_id": ""},
            lambda v: v["api_key"].startswith("sk-"),
            {},
        ),
        Kind(
            "s3storage",
            ("url", "api_key", "secret", "bucket", "region"),
            ("api_key", "secret"),
            {"region": ""},
            lambda v: _is_url(v["url"]),
            {"api_key": "key"},
        ),
    )
}


def mask(secret: str) -> str:
    """`********abcd`: the last 4 characters of a secret of 12 or more, else asterisks."""
    if len(secret) < 12:
        return "*" * len(secret)
    return "*" * (len(secret) - 4) + secret[-4:]


class Integrations:
    def __init__(self, api: Flochat) -> None:
        self.api = api

    def config(self, kind: Kind) -> dict[str, Any] | None:
        """The integration's answer data (secrets masked), or None when not set up."""
        row = self.api.first(INTEGRATIONS, type=kind.name)
        if row is None:
            return None
        return self._represent(kind, row["values"], row["status"], read=True)

    def is_verified(self, kind_name: str) -> bool | None:
        """Whether the integration's credentials were verified; None when not set up."""
        row = self.api.first(INTEGRATIONS, type=kind_name)
        return None if row is None else row["status"] == VERIFIED

    def save(self, kind: Kind, given: dict[str, Any], status: str | None = None) -> dict[str, Any]:
        """Store (replace) the integration's credentials, checking their form unless a
        `status` is given (fixtures); answers as the POST does."""
        values = {name: given.get(name) for name in kind.fields}
        for name, default in kind.defaults.items():
            if values[name] is None:
                values[name] = default
        if status is None:
            status = VERIFIED if kind.check(values) else FAILED
        row = self.api.first(INTEGRATIONS, type=kind.name)
        if row is None:
            self.api.insert(INTEGRATIONS, {"type": kind.name, "values": values, "status": status})
        else:
            self.api.update(INTEGRATIONS, row, {"values": values, "status": status})
        return self._represent(kind, values, status, read=False)

    def clear(self, kind: Kind) -> None:
        """Forget the integration's credentials (nothing to clear is no error)."""
        row = self.api.first(INTEGRATIONS, type=kind.name)
        if row is not None:
            self.api.remove(INTEGRATIONS, row)

    @staticmethod
    def _represent(kind: Kind, values: dict[str, Any], status: str, read: bool) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name in kind.fields:
            shown = kind.read_names.get(name, name) if read else name
            value = values[name]
            data[shown] = mask(value) if name in kind.secrets else value
        data["status"] = status
        return data


# -- fixtures ----------------------------------------------------------------------------------


class IntegrationEntry(Entry):
    """`{type: shopify, url: ..., api_key: ..., token: ...}`: the fields the integration's
    POST takes; `status` is worked out as the POST does unless given."""

    type = fields.String(required=True, validate=one_of(tuple(KINDS)))
    url = fields.String()
    api_key = fields.String()
    token = fields.String()
    wait_time = fields.Integer()
    dataset_id = fields.String()
    org_id = fields.String()
    secret = fields.String()
    bucket = fields.String()
    region = fields.String()
    status = fields.String(validate=one_of((VERIFIED, FAILED)))


def load_integrations(api: Flochat, entries: list[dict[str, Any]]) -> int:
    integrations = Integrations(api)
    for index, entry in enumerate(entries):
        where: list[str | int] = ["integrations", index]
        kind = KINDS[entry["type"]]
        if api.first(INTEGRATIONS, type=kind.name) is not None:
            raise FixtureError([*where, "type"], f"the {kind.name} integration is given twice")
        foreign = sorted(set(entry) - {"type", "status", *kind.fields})
        if foreign:
            raise FixtureError([*where, foreign[0]], f"not a field of {kind.name}")
        missing = [n for n in kind.fields if n not in entry and n not in kind.defaults]
        if missing:
            raise FixtureError([*where, missing[0]], "Missing data for required field.")
        integrations.save(kind, entry, entry.get("status"))
    return len(entries)


def export_integrations(api: Flochat) -> list[dict[str, Any]]:
    return [
        {"type": row["type"], **row["values"], "status": row["status"]}
        for row in api.find(INTEGRATIONS)
    ]


TEAM_SECTIONS = [Section("integrations", IntegrationEntry, load_integrations, export_integrations)]
