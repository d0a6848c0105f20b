"""The README's "Testing your integration with pytest" examples and docs/testing.md's, run as
a user would run them (each block a test module of their own project), so neither can drift
from what the plugin does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

SECTION = "## Testing your integration with pytest"
PLATFORMS = {"rapidpro", "xerochat", "flochat", "flowxo", "flowbot"}
_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_TEST = re.compile(r"^\s*def (test_\w+)\(", re.MULTILINE)


def readme_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n{SECTION}\n")
    end = text.find("\n## ", start + len(SECTION))
    return text[start : end if end != -1 else len(text)]


def examples() -> dict[str, str]:
    """Each Python block, by the name of the test module it becomes."""
    blocks = {
        f"test_readme_{number}.py": block
        for number, block in enumerate(_BLOCK.findall(readme_section()), 1)
    }
    guide = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    for number, block in enumerate(_BLOCK.findall(guide), 1):
        blocks[f"test_guide_{number}.py"] = block
    return blocks


def test_the_readme_shows_a_test_for_every_platform() -> None:
    shown = set(re.findall(r"base_url\(\W?(\w+)\W?\)", readme_section()))
    assert shown >= PLATFORMS


def test_every_example_runs_and_passes(pytester: pytest.Pytester) -> None:
    found = examples()
    for name, block in found.items():
        (Path(pytester.path) / name).write_text(block, encoding="utf-8")
    tests = [test for block in found.values() for test in _TEST.findall(block)]
    result = pytester.runpytest("-p", "no:cacheprovider", "--strict-markers")
    result.assert_outcomes(passed=len(tests))
    assert len(tests) >= len(PLATFORMS) + 1  # one per platform, and the unittest one
