"""Fixture documents: the one YAML/JSON format that seeds and exports every platform.

    version: 1
    workspaces:
      default:                    # workspace name
        credentials:              # optional; missing platforms get generated ones
          rapidpro: {token: ..., email: ..., username: ...}
        throttle: {rapidpro: {v2: 5/minute}}   # optional: docs/throttling.md
        rapidpro:                 # one section per platform, read by its models
          contacts: [...]

This module parses and checks the envelope; each platform's `models.load_fixture` checks
its own section. Errors name the path of the offending value.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from sandbox.core import jsonbody
from sandbox.core.snapshot import gc_paused as collector_paused

try:  # the C loader is ~10x faster on big documents
    from yaml import CSafeDumper as _Dumper
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

FORMAT_VERSION = 1
#: Workspace section keys that are not platforms (`throttle`: docs/throttling.md).
RESERVED_KEYS = frozenset({"credentials", "throttle", "faults"})


class FixtureError(ValueError):
    """A fixture document is not valid; `path` locates the value at fault."""

    def __init__(self, path: str | Sequence[str | int], message: str) -> None:
        parts = [path] if isinstance(path, str) else list(path)
        self.parts: list[str | int] = [p for p in parts if p != ""]
        self.message = message
        super().__init__(str(self))

    @property
    def path(self) -> str:
        text = ""
        for part in self.parts:
            if isinstance(part, int):
                text += f"[{part}]"
            else:
                text += f".{part}" if text else str(part)
        return text

    def within(self, *prefix: str | int) -> FixtureError:
        """The same error, located inside `prefix`."""
        return FixtureError([*prefix, *self.parts], self.message)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.parts else self.message


def parse_document(text: str | bytes, content_type: str | None = None) -> dict[str, Any]:
    """Parse a fixture document given as JSON or YAML text."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise FixtureError("", f"the document is not UTF-8 text: {error}") from error
    looks_json = "json" in (content_type or "") or text.lstrip().startswith("{")
    try:
        with collector_paused():
            document = (
                jsonbody.decode(text, max_depth=jsonbody.MAX_DEPTH)
                if looks_json
                else _load_yaml(text)
            )
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        kind = "JSON" if looks_json else "YAML"
        raise FixtureError("", f"the document is not valid {kind}: {error}") from error
    except jsonbody.Refused as error:
        # Read, but a 500 further on: stored records are copied recursively, and a lone
        # surrogate cannot be written to the journal (issue 13 §3).
        message = f"the document cannot be loaded: {jsonbody.explain(error)}"
        raise FixtureError("", message) from None
    return check_envelope(document)


def _load_yaml(text: str) -> Any:
    """YAML's value of `text`, refusing what JSON's reading refuses (`jsonbody`): YAML
    can nest as deep and write integers as long (libyaml itself refuses a lone surrogate
    escape, and flow collections past 1,000 levels). A constructor's ValueError or
    TypeError (an impossible date) is a FixtureError, as a YAMLError is."""
    try:
        document = yaml.load(text, Loader=_Loader)
    except RecursionError as error:
        raise jsonbody.TooDeep(str(error)) from None
    except ValueError as error:
        if jsonbody.is_digit_limit(error):
            raise jsonbody.LongNumber(str(error)) from None
        # A constructor's own refusal, not a YAMLError: PyYAML reads a timestamp with
        # `datetime`, which refuses an impossible date (`2020-13-45`).
        raise FixtureError("", f"the document is not valid YAML: {error}") from None
    except TypeError as error:
        raise FixtureError("", f"the document is not valid YAML: {error}") from None
    if jsonbody.deeper_than(document, jsonbody.MAX_DEPTH):
        raise jsonbody.TooDeep(f"nested deeper than {jsonbody.MAX_DEPTH} levels")
    return document


def read_document(path: str | Path) -> dict[str, Any]:
    """Read and parse a fixture file (.yaml, .yml or .json)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as error:
        raise FixtureError("", f"cannot read fixture file {file}: {error.strerror}") from error
    try:
        return parse_document(text, "application/json" if file.suffix == ".json" else None)
    except FixtureError as error:
        raise FixtureError(error.parts, f"{error.message} (in {file})") from error


def check_envelope(document: Any) -> dict[str, Any]:
    """Check the document's outer shape and return {workspace name: workspace section}."""
    if document is None:
        document = {}
    if not isinstance(document, Mapping):
        raise FixtureError("", "a fixture document must be a mapping with a 'workspaces' key")
    unknown = sorted(set(document) - {"version", "workspaces", "faults"})
    if unknown:
        expected = "'version', 'workspaces' and 'faults'"
        raise FixtureError(unknown[0], f"unknown key (expected {expected})")
    version = document.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise FixtureError("version", f"unsupported version {version!r} (this sandbox reads 1)")
    workspaces = document.get("workspaces") or {}
    if not isinstance(workspaces, Mapping):
        raise FixtureError("workspaces", "must map workspace names to their data")
    for name, section in workspaces.items():
        if section is not None and not isinstance(section, Mapping):
            raise FixtureError(["workspaces", str(name)], "must be a mapping")
        credentials = (section or {}).get("credentials")
        if credentials is not None and not (
            isinstance(credentials, Mapping)
            and all(isinstance(v, Mapping) for v in credentials.values())
        ):
            raise FixtureError(
                ["workspaces", str(name), "credentials"],
                "must map platform names to their credentials",
            )
    checked = {"version": FORMAT_VERSION, "workspaces": dict(workspaces)}
    if document.get("faults") is not None:  # fault rules: docs/faults.md
        checked["faults"] = document["faults"]
    return checked


def dump_yaml(document: Mapping[str, Any]) -> str:
    """A fixture document as YAML, keys in their natural order."""
    return yaml.dump(
        document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False
    )


#: Turns one entry into what its schema would load, or None when it is not of the plain
#: kind it knows (the schema then loads it, and words any error).
PlainLoader = Callable[[Mapping[str, Any]], "dict[str, Any] | None"]


def load_entries(
    schema: Any, entries: Any, kind: str, plain: PlainLoader | None = None
) -> list[dict[str, Any]]:
    """Validate a list of fixture entries with a marshmallow schema (many=False).

    The first error becomes a FixtureError located at `<kind>[<index>].<field>`.
    """
    return list(iter_entries(schema, entries, kind, plain))


def iter_entries(
    schema: Any, entries: Any, kind: str, plain: PlainLoader | None = None
) -> Iterator[dict[str, Any]]:
    """`load_entries` one entry at a time, so a caller that turns each into a record never
    holds every loaded entry at once. `plain`, when given, loads the entries it knows at a
    fraction of a marshmallow load's cost (which builds and checks field by field); it must
    give what the schema gives (up to what the caller does with it, such as str() of a
    UUID)."""
    import marshmallow

    if entries is None:
        return
    if not isinstance(entries, list):
        raise FixtureError(kind, "must be a list")
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            raise FixtureError([kind, index], "must be a mapping")
        loaded = plain(entry) if plain is not None else None
        if loaded is not None:
            yield loaded
            continue
        try:
            yield schema.load(entry)
        except marshmallow.ValidationError as error:
            path, message = _first_error(error.messages)
            raise FixtureError([kind, index, *path], message) from None


def section_seed(workspace: str, section: Any) -> int:
    """The seed of the values a fixture load generates for one workspace (uuids,
    credentials, tokens): drawn from the workspace's name and its section, so the same
    document gives the same values whenever and wherever it is loaded."""
    text = json.dumps([workspace, section], default=str, ensure_ascii=False)
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def _first_error(messages: Any) -> tuple[list[str | int], str]:
    """The path to and text of the first message in a marshmallow error structure."""
    if isinstance(messages, Mapping):
        key, value = next(iter(messages.items()))
        path, message = _first_error(value)
        return ([] if key == "_schema" else [key]) + path, message
    if isinstance(messages, list) and messages:
        return _first_error(messages[0])
    return [], str(messages)
