"""Kit runs forked from the test process: `python -m sandbox conformance ...` and `python -m
pytest conformance/ ...` without a cold interpreter each (tests/conformance/helpers.KitRun)."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import traceback
import warnings
from pathlib import Path
from typing import NoReturn

from tests.conftest import ROOT

_WARM = False


def warm() -> None:
    """Import, once, what every kit run imports: each forked run starts from there."""
    global _WARM
    if not _WARM:
        import hypothesis  # noqa: F401
        import schemathesis.pytest.plugin  # noqa: F401
        from hypothesis.internal.charmap import intervals_from_codec

        import conformance.cli
        import conformance.plugin  # noqa: F401
        import sandbox.app
        import sandbox.cli  # noqa: F401

        # The characters schemathesis' strings draw from (its codec, utf-8): computed from
        # every code point (~1.4 s of CPU) by each run until one has written hypothesis'
        # cache file, which a fresh checkout (CI) does not have; forks inherit it from here.
        intervals_from_codec("utf-8")
        _WARM = True


def fork(command: tuple[str, ...], env: dict[str, str], stdout: Path, stderr: Path) -> int:
    warm()
    stdout.write_bytes(b"")
    stderr.write_bytes(b"")
    # Python 3.12+ warns about forking a process with threads (this one serves test targets
    # on threads): the child touches none of their state, it only talks to them over HTTP.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:
        _child(command, env, stdout, stderr)
    return pid


def _child(command: tuple[str, ...], env: dict[str, str], stdout: Path, stderr: Path) -> NoReturn:
    """Become `command` as far as the kit can tell, run it, and exit with its code."""
    code = 1
    try:
        os.chdir(ROOT)
        os.environ.clear()
        os.environ.update(env)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.dup2(os.open(stdout, os.O_WRONLY | os.O_TRUNC), 1)
        os.dup2(os.open(stderr, os.O_WRONLY | os.O_TRUNC), 2)
        sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8")
        sys.stdout = sys.__stdout__ = _text_stream(1, line_buffering=False)
        sys.stderr = sys.__stderr__ = _text_stream(2, line_buffering=True)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _as_a_new_interpreter()
        code = _entry_point(command)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except KeyboardInterrupt:
        code = 130
    except BaseException:
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):  # nowhere left to say so
                stream.flush()
        os._exit(code)


def _text_stream(fd: int, line_buffering: bool) -> io.TextIOWrapper:
    return io.TextIOWrapper(
        io.FileIO(fd, "w", closefd=False),
        encoding="utf-8",
        errors="backslashreplace",
        line_buffering=line_buffering,
    )


def _as_a_new_interpreter() -> None:
    """Undo what this test session changed in the process that a new interpreter running
    the kit would not have: warning filters, pytest's import hook, the kit's modules."""
    warnings.resetwarnings()
    for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
        warnings.simplefilter("ignore", category, append=True)
    warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")
    from _pytest.assertion.rewrite import AssertionRewritingHook

    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, AssertionRewritingHook)]
    for name in list(sys.modules):
        if name.startswith(("conformance.scenarios", "conformance.test_")) or name in (
            "conformance.conftest",
            "conftest",
        ):
            del sys.modules[name]
    import conformance.plugin
    import conformance.run
    from conformance.report import Outcomes

    conformance.run._CURRENT = None
    conformance.plugin._OUTCOMES = Outcomes()


def _entry_point(command: tuple[str, ...]) -> int:
    """Run `python -m sandbox ...` or `python -m pytest ...` in this process."""
    module, args = command[2], list(command[3:])
    assert command[:2] == (sys.executable, "-m") and module in ("sandbox", "pytest"), command
    sys.argv = [command[0], *args]
    if module == "pytest":
        import pytest

        return int(pytest.main(args))
    from sandbox.cli import main

    # As click names the program when Python runs `-m sandbox` (usage lines show it).
    main(args=args, prog_name="python -m sandbox")
    return 0
