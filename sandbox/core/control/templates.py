"""Workspace templates: fixture files a new workspace can start from.

`POST /_sandbox/workspaces {"template": "demo"}` loads one workspace section of a fixture
file shipped in the package (`sandbox/fixtures/`, package data, so an installed sandbox has
it too; the checkout's `fixtures/demo.yaml` is a link to it). A template is named by its
file name (`demo.yaml`) or that name without its extension (`demo`).

The section loaded is the document's `default` workspace, or its only workspace if it names
just one: the demo document's `default` workspace is the one the server's own `default`
workspace is seeded with, and its other workspace (`acme-upstream`) is a second tenant
shown beside it, not part of the template. The section's `credentials`, if any, are left
out: a new workspace gets its own fresh ones (or those of the request). So is its
`flowbot` section (see LEFT_OUT): every workspace made from a template would repeat its
users' usernames and API clients, which must be unique across workspaces.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sandbox.core.fixtures import FixtureError, read_document

#: The package's fixtures directory (package data, see pyproject.toml).
TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "fixtures"

#: The file kinds `read_document` reads.
SUFFIXES = (".yaml", ".yml", ".json")


#: What a template does not give a new workspace: the credentials (it gets its own), and
#: the FlowBot section, whose usernames and API clients authenticate across workspaces and
#: so can be in one workspace only (the body may give a `flowbot` section of its own).
LEFT_OUT = frozenset({"credentials", "flowbot"})


class TemplateError(ValueError):
    """The template named is not a file of the fixtures directory, or has no section."""


def known_templates(directory: Path = TEMPLATE_DIR) -> list[str]:
    """The templates' names (file names without their extension), sorted."""
    if not directory.is_dir():
        return []
    return sorted(
        file.stem for file in directory.iterdir() if file.suffix in SUFFIXES and file.is_file()
    )


def _template_file(name: str, directory: Path) -> Path:
    """The fixture file a template name designates, refusing anything but a bare name."""
    # Only a bare file name: no separator, no `..`, no hidden file, no absolute path, so a
    # request can never read a file outside the directory.
    if not name or "/" in name or "\\" in name or name.startswith(".") or "\x00" in name:
        raise TemplateError(
            f"template must be a bare file name in the fixtures directory, not {name!r}"
        )
    candidates = [name] if Path(name).suffix in SUFFIXES else [name + s for s in SUFFIXES]
    for candidate in candidates:
        file = directory / candidate
        if file.is_file() and file.resolve().parent == directory.resolve():
            return file
    known = ", ".join(known_templates(directory)) or "none"
    raise TemplateError(f"unknown template {name!r}: the known templates are {known}")


def template_section(name: str, directory: Path = TEMPLATE_DIR) -> dict[str, Any]:
    """The workspace section a template gives a new workspace (without credentials)."""
    file = _template_file(name, directory)
    try:
        document = read_document(file)
    except FixtureError as error:  # a broken shipped file: say which, as a 400
        raise TemplateError(f"template {name!r}: {error}") from error
    workspaces = document.get("workspaces")
    if not isinstance(workspaces, dict):
        raise TemplateError(f"template {name!r} names no workspaces")
    if "default" in workspaces:
        section = workspaces["default"]
    elif len(workspaces) == 1:
        section = next(iter(workspaces.values()))
    else:
        raise TemplateError(
            f"template {name!r} names several workspaces and none is called 'default'"
        )
    if not isinstance(section, dict):
        raise TemplateError(f"template {name!r}: its workspace section is not an object")
    return {key: value for key, value in section.items() if key not in LEFT_OUT}
