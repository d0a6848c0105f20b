"""`flow-sandbox conformance PLATFORM`: the kit's pytest run behind a friendlier command.

Exit codes: 0 everything passed, 1 a check failed, 2 usage or connection error,
130 interrupted (Ctrl-C; what the run created is still cleaned up).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from conformance.options import GENERAL, Option
from conformance.platforms import KITS, PLATFORM_OPTIONS

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
@click.argument("platform", type=click.Choice(sorted(KITS)))
@click.option("--quiet", "-q", is_flag=True, help="One character per test instead of one line.")
def conformance(platform: str, quiet: bool, **values: Any) -> None:
    """Check PLATFORM's API against its spec and documented behaviour.

    Without --base-url it checks an in-process sandbox (a fresh workspace); with one it
    checks that deployment (the sandbox, or the vendor's real API). Three layers run:
    schemathesis over specs/PLATFORM.openapi.json (examples, coverage, fuzzing, stateful),
    the kit's own checks (error envelope, id formats, headers), and scenario tests of
    documented semantics. On a real account everything created carries the prefix
    zz-fsbx- and is deleted at the end, also after failures or Ctrl-C.
    """
    import pytest

    code = pytest.main(_pytest_args(platform, values, verbose=not quiet))
    sys.exit(EXIT_CODES.get(int(code), 2))


for _option in (*GENERAL, *PLATFORM_OPTIONS):
    conformance = _click_option(_option)(conformance)
