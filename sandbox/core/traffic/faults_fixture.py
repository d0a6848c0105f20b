"""Fault rules in fixture documents: a `faults:` list at the top (rules that name their
workspace, or none for every workspace) and in each workspace's section (that workspace's
rules).

    version: 1
    faults:
      - {platform: rapidpro, operation: list_contacts, action: latency, ms: 200}
    workspaces:
      ci:
        faults:
          - {platform: rapidpro, action: error, status: 503, times: 1}

A load replaces the rules of each workspace it names with its section's, then adds the
top-level ones; the rules are checked before anything changes. A full reset forgets every
rule and loads the startup fixture's again; a workspace's reset, that workspace's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from marshmallow import ValidationError

from sandbox.core.fixtures import FixtureError
from sandbox.core.traffic.exchange import Traffic
from sandbox.core.traffic.faults import rules_of
from sandbox.core.traffic.faults_schema import load_rule

if TYPE_CHECKING:
    from sandbox.core.platform import Platform

#: The key of the rules, at the top of a fixture document and in a workspace's section.
SECTION = "faults"


def parse(
    entries: Any, platforms: Mapping[str, Platform], workspace: str | None = None
) -> list[dict[str, Any]]:
    """The checked rules of a `faults:` list (of a workspace's section, when `workspace`
    is given: its rules are that workspace's); raises FixtureError at the faulty value."""
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise FixtureError(SECTION, "must be a list of fault rules")
    rules: list[dict[str, Any]] = []
    for index, entry in enumerate(entries):
        if workspace is not None and isinstance(entry, Mapping):
            named = entry.get("workspace", workspace)
            if named != workspace:
                message = f"a rule of workspace {workspace!r} cannot name another"
                raise FixtureError([SECTION, index, "workspace"], message)
            entry = {**entry, "workspace": workspace}
        try:
            rules.append(load_rule(entry, platforms))
        except ValidationError as error:
            path, message = _first(error.messages)
            raise FixtureError([SECTION, index, *path], message) from None
    return rules


def replace(traffic: Traffic, workspace: str, rules: list[dict[str, Any]]) -> None:
    """A workspace's section was loaded: its rules are those of the section."""
    found = rules_of(traffic)
    found.clear(workspace)
    for rule in rules:
        found.add(rule)


def add(traffic: Traffic, rules: list[dict[str, Any]], workspace: str | None = None) -> None:
    """Add the top-level rules (only those naming `workspace`, when given)."""
    found = rules_of(traffic)
    for rule in rules:
        if workspace is None or rule.get("workspace") == workspace:
            found.add(rule)


def export(traffic: Traffic, workspace: str | None) -> list[dict[str, Any]]:
    """The rules of `workspace` (None: those for every workspace), as a fixture writes
    them: without their ids and counts, nor the workspace a section already names."""
    exported = []
    for rule in rules_of(traffic).all():
        if rule.workspace == workspace:
            definition = rule.definition()
            definition.pop("workspace", None)
            exported.append(definition)
    return exported


def _first(messages: Any) -> tuple[list[str | int], str]:
    """The path to and the text of the first message of a marshmallow error."""
    if isinstance(messages, Mapping):
        key, value = next(iter(messages.items()))
        path, text = _first(value)
        return ([] if key == "_schema" else [key]) + path, text
    if isinstance(messages, list) and messages:
        return _first(messages[0])
    return [], str(messages)
