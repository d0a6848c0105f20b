"""`flow-sandbox conformance PLATFORM...`: the kit's pytest run behind a friendlier command,
for one platform in this process or for several (or `all`) in parallel processes
(conformance.parallel).

Exit codes: 0 everything passed, 1 a check failed, 2 usage or connection error,
130 interrupted (Ctrl-C; what the run created is still cleaned up).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from conformance.options import GENERAL, Option
from conformance.platforms import KITS, PLATFORM_OPTIONS
from conformance.settings import resolve

KIT_DIR = Path(__file__).resolve().parent
#: The plugins a kit run needs, loaded by name instead of every installed one. pytest
#: rewrites the asserts of every module of an auto-loaded plugin's distribution, and
#: schemathesis imports some 110 of its modules while a run collects and runs: rewritten
#: anew in every run where no bytecode cache keeps them (PYTHONDONTWRITEBYTECODE, a
#: read-only venv), that was 3 to 8 s of each run.
PLUGINS = (
    "--disable-plugin-autoload",
    "-p",
    "schemathesis.pytest.plugin",
    "-p",
    "_hypothesis_pytestplugin",
)
EXIT_CODES = {0: 0, 1: 1, 2: 130, 3: 2, 4: 2, 5: 2}
ALL = "all"
REPORT_DIR = next(option for option in GENERAL if option.dest == "report_dir")
BASE_URL = next(option for option in GENERAL if option.dest == "base_url")


class _Platforms(click.Choice):
    """The platforms' names, and `all`: a misspelt name is refused as when the command took
    exactly one platform (the same message)."""

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if value == ALL:
            return value
        return super().convert(value, param, ctx)


class _PlatformsArgument(click.Argument):
    def make_metavar(self, ctx: click.Context) -> str:
        return f"{{{'|'.join([*sorted(KITS), ALL])}}}..."

    def get_error_hint(self, ctx: click.Context | None) -> str:
        return f"'{self.type.get_metavar(self, ctx)}'" if ctx else "'PLATFORM...'"


def _click_option(option: Option) -> Any:
    if option.flag:
        return click.option(option.name, is_flag=True, default=False, help=option.help_text())
    kind: Any = click.Choice(list(option.choices)) if option.choices else option.type
    return click.option(option.name, type=kind, default=None, help=option.help_text())


def _pytest_args(platform: str, values: dict[str, Any], verbose: bool) -> list[str]:
    args = [str(KIT_DIR), *PLUGINS, "--platform", platform, "-v" if verbose else "-q", "--tb=short"]
    for option in (*GENERAL, *PLATFORM_OPTIONS):
        value = values.get(option.dest)
        if option.flag:
            if value:
                args.append(option.name)
        elif value is not None:
            args += [option.name, str(value)]
    return args


@click.command(context_settings={"max_content_width": 100})
@click.argument(
    "platforms", nargs=-1, required=True, cls=_PlatformsArgument, type=_Platforms(sorted(KITS))
)
@click.option("--quiet", "-q", is_flag=True, help="One character per test instead of one line.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="With several platforms: how many run at the same time, each in a process of its "
    "own. [default: the number of CPUs]",
)
def conformance(platforms: tuple[str, ...], quiet: bool, jobs: int | None, **values: Any) -> None:
    """Check PLATFORM's API against its spec and documented behaviour.

    Without --base-url it checks an in-process sandbox (a fresh workspace); with one it
    checks that deployment (the sandbox, or the vendor's real API). Three layers run:
    schemathesis over specs/PLATFORM.openapi.json (examples, coverage, fuzzing, stateful),
    the kit's own checks (error envelope, id formats, headers), and scenario tests of
    documented semantics. On a real account everything created carries the prefix
    zz-fsbx- and is deleted at the end, also after failures or Ctrl-C.

    Several platforms (or `all`) run in parallel processes (--jobs), each reporting to
    REPORT_DIR/PLATFORM/ with its output in output.txt there, and one line per platform
    as it ends; the exit code is 1 if any failed. --base-url checks one platform only.
    """
    names = list(dict.fromkeys(sorted(KITS) if ALL in platforms else platforms))
    if len(names) == 1 and ALL not in platforms:
        import pytest

        code = pytest.main(_pytest_args(names[0], values, verbose=not quiet))
        sys.exit(EXIT_CODES.get(int(code), 2))
    sys.exit(_several(names, jobs, quiet, values))


def _several(platforms: list[str], jobs: int | None, quiet: bool, values: dict[str, Any]) -> int:
    from conformance import parallel

    if resolve(BASE_URL, values.get("base_url")):
        click.echo(
            f"Error: --base-url checks one platform; give one, not {len(platforms)} "
            f"({', '.join(platforms)})",
            err=True,
        )
        return 2
    report_dir = Path(resolve(REPORT_DIR, values.get("report_dir")))

    def args(platform: str, directory: Path) -> list[str]:
        return _pytest_args(platform, {**values, "report_dir": str(directory)}, not quiet)

    return parallel.run_all(platforms, report_dir, jobs or os.cpu_count() or 1, args, click.echo)


for _option in (*GENERAL, *PLATFORM_OPTIONS):
    conformance = _click_option(_option)(conformance)
