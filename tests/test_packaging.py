"""What the installs are made from stays consistent: constraints.txt (used by make and the
Dockerfile) pins a version pyproject.toml allows for every dependency, and everything the
Dockerfile copies is in the build context .dockerignore leaves."""

from __future__ import annotations

import re
from importlib.metadata import requires

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT


def pinned_versions() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


def test_constraints_pin_every_dependency_within_pyproject_ranges() -> None:
    # The installed metadata is pyproject.toml's (make reinstalls when it changes), read
    # this way because tomllib is not in Python 3.10.
    pins = pinned_versions()
    outside = []
    for text in requires("flow-sandbox") or []:
        requirement = Requirement(text)
        if requirement.marker and not requirement.marker.evaluate({"extra": "test"}):
            continue
        pinned = pins.get(canonicalize_name(requirement.name))
        if pinned is None or pinned not in requirement.specifier:
            outside.append(f"{requirement} (constraints.txt: {pinned})")
    assert outside == [], "run `make lock`, then `make test`"


def test_the_image_copies_only_what_the_build_context_keeps() -> None:
    # .dockerignore excludes everything, then lets through what the build reads.
    kept = [
        line[1:].rstrip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.startswith("!")
    ]
    sources = []
    for match in re.finditer(r"^COPY (?!--from)(.+) \S+$", (ROOT / "Dockerfile").read_text(), re.M):
        sources += match.group(1).split()
    assert sources, "no COPY from the build context found"
    for source in sources:
        assert (ROOT / source).exists(), source
        assert any(source == path or source.startswith(path + "/") for path in kept), source
