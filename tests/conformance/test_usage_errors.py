"""Usage and connection errors end the kit with exit code 2 and one readable message (no
traceback), before anything is checked."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from conformance.platforms import KITS
from sandbox.app import create_app
from sandbox.config import SandboxConfig
from sandbox.platforms.rapidpro.auth import DEMO_CREDENTIALS
from tests.conformance.helpers import CLI, PYTEST, KitResult, KitRun, finish_all, serve
from tests.conftest import free_port

TOKEN = DEMO_CREDENTIALS["token"]
#: Stands for the URL of a reachable sandbox in a case's arguments.
REACHABLE = "{reachable}"
UNREACHABLE = "unreachable base URL"
NO_PLATFORM = "pytest entry point without --platform"


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    #: A line the kit prints on stderr.
    message: str
    env: dict[str, str] = field(default_factory=dict)


CASES = {
    "unknown platform": Case(
        ("nope",),
        f"Error: Invalid value for '{{{'|'.join(sorted(KITS))}}}': 'nope' is not one of "
        + ", ".join(f"'{name}'" for name in sorted(KITS))
        + ".",
    ),
    "invalid profile": Case(
        ("rapidpro", "--rapidpro-profile", "foo"),
        "Error: Invalid value for '--rapidpro-profile': 'foo' is not one of 'weni', 'upstream'.",
    ),
    "invalid profile from the environment": Case(
        ("rapidpro",),
        "ERROR: --rapidpro-profile must be one of weni, upstream, not 'foo'",
        {"RAPIDPRO_PROFILE": "foo"},
    ),
    "invalid rate limit": Case(
        ("rapidpro", "--rate-limit", "fast"),
        "ERROR: rate limit 'fast' must look like 100/m, 5/s or 2000/h",
    ),
    "invalid rate limit from the environment": Case(
        ("rapidpro", "--base-url", REACHABLE, "--rapidpro-token", TOKEN),
        "ERROR: rate limit '0/s' must look like 100/m, 5/s or 2000/h",
        {"CONFORMANCE_RATE_LIMIT": "0/s"},
    ),
    "too few examples": Case(
        ("rapidpro", "--max-examples", "0"), "ERROR: --max-examples must be at least 1"
    ),
    "examples from the environment not a number": Case(
        ("rapidpro",),
        "ERROR: CONFORMANCE_MAX_EXAMPLES='many' is not valid: "
        "invalid literal for int() with base 10: 'many'",
        {"CONFORMANCE_MAX_EXAMPLES": "many"},
    ),
    "missing token for an external target": Case(
        ("rapidpro", "--base-url", REACHABLE),
        "ERROR: RapidPro needs a token: give --rapidpro-token or set RAPIDPRO_TOKEN",
    ),
}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, KitResult]]:
    """Every case at once (each is quick, but starting Python is not)."""
    app = create_app(SandboxConfig(db=":memory:"))
    with serve(app) as url:
        runs = {}
        for name, case in CASES.items():
            args = tuple(f"{url}/rapidpro" if arg == REACHABLE else arg for arg in case.args)
            report_dir = tmp_path_factory.mktemp("usage") / "report"
            runs[name] = KitRun(args, report_dir, entry=CLI[:-1], env=case.env)
        unreachable = f"http://127.0.0.1:{free_port()}/rapidpro"
        runs[UNREACHABLE] = KitRun(
            ("--base-url", unreachable, "--rapidpro-token", TOKEN),
            tmp_path_factory.mktemp("unreachable") / "report",
        )
        runs[NO_PLATFORM] = KitRun(
            (), tmp_path_factory.mktemp("no_platform") / "report", entry=PYTEST[:-2]
        )
        yield finish_all(runs)
    app.close()


@pytest.mark.parametrize("name", list(CASES))
def test_a_usage_error_exits_2_with_its_message(name: str, results: dict[str, KitResult]) -> None:
    result = results[name]
    assert result.returncode == 2, result.describe()
    assert CASES[name].message in result.stderr.splitlines(), result.describe()
    assert "Traceback" not in result.stdout + result.stderr
    assert not (result.report_dir / "junit.xml").exists()


def test_an_unreachable_base_url_exits_2(results: dict[str, KitResult]) -> None:
    result = results[UNREACHABLE]
    assert result.returncode == 2, result.describe()
    base_url = result.command[result.command.index("--base-url") + 1]
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("ERROR: ")]
    assert line.startswith(f"ERROR: cannot reach {base_url}: ConnectionError: ")
    assert "Connection refused" in line
    assert "Traceback" not in result.stdout + result.stderr


def test_the_pytest_entry_point_needs_a_platform(results: dict[str, KitResult]) -> None:
    result = results[NO_PLATFORM]
    assert result.returncode == 4, result.describe()  # pytest's own usage-error code
    expected = f"ERROR: give --platform (one of: {', '.join(sorted(KITS))})"
    assert expected in result.stderr.splitlines()
