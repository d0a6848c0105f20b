"""What loading the plugin costs a user's every test run: pytest loads it wherever
flow-sandbox is installed, so it must import nothing the server needs until a test asks
for a fixture."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

#: What serving and the conformance kit import, and a plain run must not.
#: The other installed plugins, left unloaded where only the cost of this one is measured.
OTHERS = ["schemathesis", "hypothesispytest", "anyio", "xdist", "xdist.looponfail"]
HEAVY = ["flask", "werkzeug", "tinydb", "marshmallow", "hypothesis", "schemathesis", "requests"]


def test_importing_the_plugin_imports_only_its_own_modules() -> None:
    script = (
        "import json, sys, pytest; before = set(sys.modules); "
        "import sandbox.testing.pytest_plugin; "
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert json.loads(done.stdout) == [
        "sandbox",
        "sandbox.testing",
        "sandbox.testing.pytest_plugin",
    ]


def test_a_run_imports_the_server_only_once_a_test_uses_a_fixture(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only this plugin is loaded (by its entry point's name), so what the first test finds
    # imported is what pytest and the plugin import, not what other installed plugins do.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile(
        f"""
import sys

HEAVY = {HEAVY!r}

def test_before_any_fixture():
    assert [name for name in HEAVY if name in sys.modules] == []

def test_with_the_fixture(sandbox_workspace):
    assert [name for name in HEAVY if name in sys.modules] == [
        "flask", "werkzeug", "tinydb", "marshmallow"
    ]
"""
    )
    result = pytester.runpytest_subprocess("-p", "flow_sandbox", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


PROBE = """
import sys

def test_probe():
    import sandbox.config  # any module of the server's; this one imports no other
    print("LOADER", type(sys.modules["sandbox.config"].__loader__).__name__)
"""


@pytest.mark.parametrize(
    ("options", "loader"),
    [([], "SourceFileLoader"), (["-p", "no:flow_sandbox"], "AssertionRewritingHook")],
)
def test_the_servers_modules_are_not_assert_rewritten(
    tmp_path: Path, options: list[str], loader: str
) -> None:
    """pytest marks every package of a plugin's distribution for assertion rewriting; the
    plugin takes the sandbox's off (run from the checkout, where pytest finds `sandbox`
    on sys.path and would rewrite it). Without the plugin, the mark stays."""
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "test_probe.py").write_text(PROBE)
    command = [sys.executable, "-m", "pytest", "-s", "-q", "-p", "no:cacheprovider", *options]
    command += [option for name in OTHERS for option in ("-p", f"no:{name}")]
    done = subprocess.run(
        [*command, "-c", str(tmp_path / "pytest.ini"), str(tmp_path / "test_probe.py")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"LOADER {loader}\n" in done.stdout
